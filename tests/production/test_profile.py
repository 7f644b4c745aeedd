"""The production profile's settings and wiring: several Rasa instances need shared stores, the
endpoints files name the secret variables (never their values), Rasa reads them from its
environment, and the gateway's routing keeps each conversation on one instance."""

from __future__ import annotations

import collections
import dataclasses
import os
from pathlib import Path

import pytest
from rasa.core.utils import AvailableEndpoints

from bot.channels.rasa_client import route
from bot.settings import Settings, SettingsError, get_settings
from bot.supervisor import REDIS_LOCK_STORE, SQL_TRACKER_STORE, Stack, write_endpoints

SECRET_DB = "postgresql://rasa:db-secret-1@db.internal:5432/cyberguide"
SECRET_REDIS = "redis://:redis-secret-2@cache.internal:6379/1"
INSTANCES = [f"http://10.0.0.{n}:5005" for n in range(1, 5)]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in [n for n in os.environ if n.startswith("CYBERGUIDE_")]:
        monkeypatch.delenv(name)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_the_profile_is_read_from_the_environment(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CYBERGUIDE_RASA_URLS", ",".join(INSTANCES))
    clean_env.setenv("CYBERGUIDE_TRACKER_STORE_URL", SECRET_DB)
    clean_env.setenv("CYBERGUIDE_REDIS_URL", SECRET_REDIS)
    clean_env.setenv("CYBERGUIDE_RASA_INSTANCES", "3")
    clean_env.setenv("CYBERGUIDE_ACTION_INSTANCES", "2")
    s = Settings()
    assert s.rasa_targets == tuple(INSTANCES)
    assert (s.rasa_instances, s.action_instances) == (3, 2)
    assert "db-secret-1" not in repr(s) and "redis-secret-2" not in repr(s)


def test_one_rasa_url_is_the_default_target(clean_env: pytest.MonkeyPatch) -> None:
    assert Settings().rasa_targets == ("http://127.0.0.1:5005",)


def test_several_rasa_instances_without_shared_stores_are_refused(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CYBERGUIDE_RASA_INSTANCES", "2")
    with pytest.raises(SettingsError, match="CYBERGUIDE_TRACKER_STORE_URL and CYBERGUIDE_REDIS_URL"):
        Settings()


@pytest.mark.parametrize(("name", "value"), [("REDIS_URL", "localhost:6379"), ("RASA_URLS", "http://a:1,rasa:2")])
def test_bad_profile_values_name_their_variable(clean_env: pytest.MonkeyPatch, name: str, value: str) -> None:
    clean_env.setenv(f"CYBERGUIDE_{name}", value)
    with pytest.raises(SettingsError, match=f"CYBERGUIDE_{name}"):
        Settings()


def test_endpoints_name_the_secret_variables_and_rasa_reads_them_from_its_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = dataclasses.replace(Settings(), tracker_store_url=SECRET_DB, redis_url=SECRET_REDIS)
    path = write_endpoints(tmp_path / "endpoints.yml", settings, 6055)
    text = path.read_text()
    assert "db-secret-1" not in text and "redis-secret-2" not in text
    monkeypatch.setenv("CYBERGUIDE_TRACKER_STORE_URL", SECRET_DB)
    monkeypatch.setenv("CYBERGUIDE_REDIS_URL", SECRET_REDIS)
    endpoints = AvailableEndpoints.read_endpoints(str(path))
    assert endpoints.tracker_store is not None and endpoints.lock_store is not None
    assert (endpoints.tracker_store.type, endpoints.tracker_store.url) == (SQL_TRACKER_STORE, SECRET_DB)
    assert endpoints.tracker_store.kwargs["ttl_minutes"] == settings.tracker_ttl_minutes
    assert endpoints.tracker_store.kwargs["max_age_days"] == settings.case_retention_days
    assert (endpoints.lock_store.type, endpoints.lock_store.url) == (REDIS_LOCK_STORE, SECRET_REDIS)


def test_without_the_profile_rasa_keeps_conversations_in_memory(tmp_path: Path) -> None:
    settings = dataclasses.replace(Settings(), tracker_store_url="", redis_url="")
    endpoints = AvailableEndpoints.read_endpoints(str(write_endpoints(tmp_path / "e.yml", settings, 6055)))
    assert endpoints.tracker_store.type == "rasa_addons.tracker_store.ForgetfulTrackerStore"
    assert endpoints.lock_store is None


def test_the_supervisor_spreads_instances_over_consecutive_ports() -> None:
    settings = dataclasses.replace(
        Settings(), rasa_instances=3, action_instances=2, tracker_store_url=SECRET_DB, redis_url=SECRET_REDIS
    )
    stack = Stack(rasa_port=7005, action_port=7055, settings=settings)
    assert stack.rasa_ports == [7005, 7006, 7007] and stack.action_ports == [7055, 7056]
    assert stack.rasa_urls == ["http://127.0.0.1:7005", "http://127.0.0.1:7006", "http://127.0.0.1:7007"]


def test_each_conversation_always_tries_the_instances_in_the_same_order() -> None:
    orders = {f"conversation-{n}": route(f"conversation-{n}", INSTANCES) for n in range(400)}
    assert all(route(c, list(reversed(INSTANCES))) == order for c, order in orders.items())
    assert all(sorted(order) == sorted(INSTANCES) for order in orders.values())
    first = collections.Counter(order[0] for order in orders.values())
    assert set(first) == set(INSTANCES) and min(first.values()) > 60  # about 100 each


def test_an_instance_gone_moves_only_its_own_conversations() -> None:
    gone = INSTANCES[1]
    rest = [url for url in INSTANCES if url != gone]
    for n in range(400):
        before = route(f"c{n}", INSTANCES)
        after = route(f"c{n}", rest)
        assert after == [url for url in before if url != gone]  # the next in its own order takes over
