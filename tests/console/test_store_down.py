"""The case store's database stopped for real (issue 15, faults): a person who asks to share is
told plainly that nothing was shared, and sharing works again once the database is back; the
staff console shows a clear page that says the store is down (never a traceback), also when it
started while the database was down, and works again once the database is back."""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Iterator

import pytest
import requests
from werkzeug.serving import make_server

from bot.cases.db import get_case_engine, session_factory, upgrade
from bot.console.__main__ import QuietHandler
from bot.console.app import create_app
from bot.conversation.handoff import share
from bot.settings import get_settings
from tests.conftest import free_port
from tests.console.conftest import ADMIN, add_accounts, csrf_token
from tests.postgres import AVAILABLE, Postgres

pytestmark = pytest.mark.skipif(not AVAILABLE, reason="no PostgreSQL")

SLOTS = {"account": "my ex keeps messaging me from new accounts", "jurisdiction": "US-TX", "threats": "no"}
REFERENCE = re.compile(r"Your reference is ([0-9A-F]{4}-[0-9A-F]{4})\.")


@pytest.fixture
def postgres() -> Iterator[Postgres]:
    server = Postgres()
    server.start()
    try:
        yield server
    finally:
        get_case_engine.cache_clear()
        session_factory.cache_clear()
        server.remove()


def _store_down_page(response: requests.Response) -> bool:
    text = response.text
    return (
        response.status_code == 503
        and "Case store unavailable" in text
        and "be reached right now" in text
        and not any(word in text.lower() for word in ("traceback", "psycopg", "sqlalchemy", "postgres"))
    )


def test_sharing_while_the_database_is_stopped_says_nothing_was_shared_then_works_again(postgres) -> None:
    upgrade(postgres.url)
    postgres.stop()
    answer = share(SLOTS, "sender-down", "web", postgres.url)
    assert answer.startswith("Sorry, I couldn't pass it on just now, so nothing was shared.")
    assert "reference" not in answer

    postgres.start()
    answer = share(SLOTS, "sender-down", "web", postgres.url)
    assert answer.startswith("Done. I've shared it with") and REFERENCE.search(answer), answer


def test_the_console_says_the_store_is_down_and_works_again_when_it_is_back(postgres) -> None:
    postgres.stop()  # the console starts while the database is down, as `make run` may start it
    settings = dataclasses.replace(get_settings(), cases_database_url=postgres.url)
    server = make_server(
        "127.0.0.1",
        free_port(),
        create_app(settings, migrated_at_start=False),
        threaded=True,
        request_handler=QuietHandler,
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"

    def sign_in(client: requests.Session, password: str = ADMIN[1]) -> requests.Response:
        token = csrf_token(client.get(f"{url}/login").text)  # the sign-in form needs no database
        return client.post(f"{url}/login", data={"name": ADMIN[0], "password": password, "csrf_token": token})

    try:
        client = requests.Session()
        down = sign_in(client)
        assert _store_down_page(down), down.text

        postgres.start()
        # The console migrates the store itself on first use: a wrong password is simply refused.
        assert sign_in(client, "not the password").status_code == 401
        add_accounts(session_factory(postgres.url))
        queue = sign_in(client)
        assert queue.status_code == 200 and "Sign out" in queue.text

        postgres.stop()  # a worker is signed in: the page says the store is down (no menu it can't fill)
        assert _store_down_page(client.get(f"{url}/"))
        postgres.start()
        assert client.get(f"{url}/").status_code == 200
    finally:
        server.shutdown()
        server.server_close()
