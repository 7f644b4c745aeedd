"""Settings: the documented defaults, environment overrides, and bad values named clearly."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.settings import REPO_ROOT, Settings, SettingsError, get_settings, settings_or_exit


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No CYBERGUIDE_* or TELEGRAM_* variables, and no cached settings, for the length of a test."""
    for name in [n for n in os.environ if n.startswith(("CYBERGUIDE_", "TELEGRAM_"))]:
        monkeypatch.delenv(name)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_defaults_need_no_configuration(clean_env: pytest.MonkeyPatch) -> None:
    s = Settings()
    assert s.database_url == f"sqlite:///{REPO_ROOT / 'var' / 'cyberguide.sqlite3'}"
    assert (s.gateway_host, s.gateway_port) == ("127.0.0.1", 8080)
    assert (s.rasa_host, s.rasa_port, s.rasa_url) == ("127.0.0.1", 5005, "http://127.0.0.1:5005")
    assert (s.action_host, s.action_port) == ("127.0.0.1", 5055)
    assert s.allowed_origins == ("http://127.0.0.1:8080", "http://localhost:8080")
    assert s.exit_url == "https://www.bbc.co.uk/weather"
    assert (s.max_message_chars, s.max_account_chars, s.max_sessions) == (2000, 20000, 10_000)
    assert (s.rasa_timeout, s.terminal_timeout) == (30.0, 60.0)
    assert (s.start_timeout, s.health_timeout, s.stop_timeout) == (240.0, 60.0, 20.0)
    assert (s.session_idle_timeout, s.session_max_age, s.tracker_ttl_minutes) == (30 * 60.0, 8 * 3600.0, 60.0)
    assert s.log_level == ""


def test_secret_key_is_random_per_process_when_unset_and_never_shown(clean_env: pytest.MonkeyPatch) -> None:
    first, second = Settings(), Settings()
    assert len(first.secret_key) >= 32 and first.secret_key != second.secret_key
    assert first.secret_key not in repr(first)


def test_environment_overrides_every_documented_variable(clean_env: pytest.MonkeyPatch) -> None:
    for name, value in {
        "GATEWAY_HOST": "0.0.0.0",
        "GATEWAY_PORT": "9090",
        "RASA_URL": "http://rasa.internal:5005",
        "ALLOWED_ORIGINS": " https://a.example , https://b.example,, ",
        "EXIT_URL": "https://example.org/",
        "SECRET_KEY": "k" * 40,
        "MAX_MESSAGE_CHARS": "500",
        "MAX_ACCOUNT_CHARS": "9000",
        "DATABASE_URL": "sqlite:////tmp/elsewhere.sqlite3",
    }.items():
        clean_env.setenv(f"CYBERGUIDE_{name}", value)
    s = Settings()
    assert (s.gateway_host, s.gateway_port, s.rasa_url) == ("0.0.0.0", 9090, "http://rasa.internal:5005")
    assert s.allowed_origins == ("https://a.example", "https://b.example")
    assert (s.exit_url, s.secret_key) == ("https://example.org/", "k" * 40)
    assert (s.max_message_chars, s.max_account_chars) == (500, 9000)
    assert s.database_url == "sqlite:////tmp/elsewhere.sqlite3"


def test_new_settings_read_their_variables_too(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CYBERGUIDE_RASA_PORT", "6005")
    clean_env.setenv("CYBERGUIDE_RASA_TIMEOUT", "2.5")
    clean_env.setenv("CYBERGUIDE_TRACKER_TTL_MINUTES", "15")
    clean_env.setenv("CYBERGUIDE_LOG_LEVEL", "debug")
    s = Settings()
    assert s.rasa_url == "http://127.0.0.1:6005"  # follows the port unless CYBERGUIDE_RASA_URL is set
    assert (s.rasa_timeout, s.tracker_ttl_minutes, s.log_level) == (2.5, 15.0, "DEBUG")


def test_empty_variable_means_the_default(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CYBERGUIDE_GATEWAY_PORT", "  ")
    clean_env.setenv("CYBERGUIDE_EXIT_URL", "")
    assert (Settings().gateway_port, Settings().exit_url) == (8080, "https://www.bbc.co.uk/weather")


def test_bad_value_names_the_variable_and_what_it_should_be(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CYBERGUIDE_GATEWAY_PORT", "abc")
    with pytest.raises(SettingsError) as caught:
        Settings()
    assert isinstance(caught.value, ValueError)  # old `except ValueError` still catches it
    assert str(caught.value) == "CYBERGUIDE_GATEWAY_PORT='abc' is not valid: expected a whole number from 1 to 65535"


def test_every_bad_value_is_reported_at_once(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CYBERGUIDE_GATEWAY_PORT", "70000")
    clean_env.setenv("CYBERGUIDE_RASA_TIMEOUT", "-1")
    clean_env.setenv("CYBERGUIDE_MAX_MESSAGE_CHARS", "lots")
    clean_env.setenv("CYBERGUIDE_EXIT_URL", "javascript:alert(1)")
    clean_env.setenv("CYBERGUIDE_DATABASE_URL", "postgres-with-password-but-no-scheme")
    with pytest.raises(SettingsError) as caught:
        Settings()
    problems = "\n".join(caught.value.problems)
    assert len(caught.value.problems) == 5
    assert "CYBERGUIDE_GATEWAY_PORT='70000'" in problems and "from 1 to 65535" in problems
    assert "CYBERGUIDE_RASA_TIMEOUT='-1'" in problems and "seconds greater than 0" in problems
    assert "CYBERGUIDE_MAX_MESSAGE_CHARS='lots'" in problems and "whole number of at least 1" in problems
    assert "CYBERGUIDE_EXIT_URL=" in problems and "http:// or https://" in problems
    assert "CYBERGUIDE_DATABASE_URL=(hidden)" in problems and "password" not in problems


def test_values_set_in_code_are_checked_too() -> None:
    with pytest.raises(SettingsError, match="CYBERGUIDE_GATEWAY_PORT=0 is not valid"):
        dataclasses.replace(Settings(), gateway_port=0)
    assert dataclasses.replace(Settings(), gateway_port=9000).gateway_port == 9000


def test_get_settings_reads_once(clean_env: pytest.MonkeyPatch) -> None:
    assert get_settings() is get_settings()


def test_settings_or_exit_explains_and_exits_2(clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    clean_env.setenv("CYBERGUIDE_GATEWAY_PORT", "abc")
    with pytest.raises(SystemExit) as caught:
        settings_or_exit()
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "CYBERGUIDE_GATEWAY_PORT='abc'" in err and "whole number" in err and "Traceback" not in err


def test_settings_or_exit_applies_command_line_overrides(clean_env: pytest.MonkeyPatch) -> None:
    assert settings_or_exit(gateway_port=9999).gateway_port == 9999
    with pytest.raises(SystemExit):
        settings_or_exit(gateway_port=-5)


def test_cli_reports_a_bad_setting_without_a_traceback() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "CYBERGUIDE_GATEWAY_PORT": "abc"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "check"], capture_output=True, cwd=REPO_ROOT, env=env, timeout=300
    )
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "CYBERGUIDE_GATEWAY_PORT" in err and "Traceback" not in err
    assert result.stdout == b""


def test_supervisor_writes_the_action_port_and_tracker_ttl_from_settings(tmp_path: Path) -> None:
    from bot.supervisor import write_endpoints

    settings = dataclasses.replace(Settings(), tracker_ttl_minutes=5.0)
    written = yaml.safe_load(write_endpoints(tmp_path / "endpoints.yml", settings, 6055).read_text())
    assert written["action_endpoint"]["url"] == "http://127.0.0.1:6055/webhook"
    assert written["tracker_store"]["ttl_minutes"] == 5.0
    assert written["tracker_store"]["type"] == "rasa_addons.tracker_store.ForgetfulTrackerStore"


def test_session_policy_comes_from_settings() -> None:
    from bot.channels.web.sessions import SessionPolicy

    policy, settings = SessionPolicy(), get_settings()
    assert (policy.idle_timeout, policy.max_age, policy.max_sessions) == (
        settings.session_idle_timeout,
        settings.session_max_age,
        settings.max_sessions,
    )


def test_telegram_settings_keep_telegram_names_and_hide_their_secrets(clean_env: pytest.MonkeyPatch) -> None:
    s = Settings()
    assert (s.telegram_bot_token, s.telegram_webhook_url) == ("", "")  # no token: no Telegram channel
    assert s.telegram_api_url == "https://api.telegram.org"
    assert s.telegram_webhook_secret != Settings().telegram_webhook_secret  # random per process when unset
    clean_env.setenv("TELEGRAM_BOT_TOKEN", "123:secret-token")
    clean_env.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081")
    clean_env.setenv("TELEGRAM_WEBHOOK_URL", "https://chat.example.org/telegram/webhook")
    clean_env.setenv("TELEGRAM_WEBHOOK_SECRET", "hook-secret")
    clean_env.setenv("TELEGRAM_ID_KEY", "id-key")
    s = Settings()
    assert (s.telegram_bot_token, s.telegram_api_url) == ("123:secret-token", "http://127.0.0.1:8081")
    assert (s.telegram_webhook_url, s.telegram_webhook_secret, s.telegram_id_key) == (
        "https://chat.example.org/telegram/webhook",
        "hook-secret",
        "id-key",
    )
    assert not any(secret in repr(s) for secret in ("secret-token", "hook-secret", "id-key"))
    clean_env.setenv("TELEGRAM_API_URL", "api.telegram.org")
    with pytest.raises(SettingsError, match="TELEGRAM_API_URL"):
        Settings()
