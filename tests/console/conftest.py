"""Fixtures for the staff console: a fresh case store (Alembic-migrated SQLite in a tmp dir) and
a real console served by Werkzeug on a loopback port, with two accounts."""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from bot.settings import Settings, get_settings
from tests.conftest import free_port

ADMIN = ("alex", "correct horse battery")
WORKER = ("sam", "another long passphrase")
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def cases_url(tmp_path) -> str:
    from bot.cases.db import upgrade

    url = f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    upgrade(url)
    return url


@pytest.fixture
def sessions(cases_url):
    from bot.cases.db import session_factory

    return session_factory(cases_url)


def add_accounts(sessions) -> None:
    from bot.cases.staff import add_staff

    with sessions.begin() as session:
        add_staff(session, *ADMIN, admin=True)
        add_staff(session, *WORKER)


@dataclass
class Console:
    url: str
    settings: Settings
    sessions: Any
    app: Any

    def client(self) -> requests.Session:
        return requests.Session()

    def sign_in(self, name: str, password: str) -> requests.Session:
        client = requests.Session()
        token = csrf_token(client.get(f"{self.url}/login").text)
        response = client.post(
            f"{self.url}/login", data={"name": name, "password": password, "csrf_token": token}, allow_redirects=False
        )
        assert response.status_code == 302, response.text
        return client


def csrf_token(html: str) -> str:
    found = CSRF_FIELD.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


@pytest.fixture
def start_console(sessions, cases_url) -> Iterator[Callable[..., Console]]:
    """Start a console (its own app, so its own in-memory sign-in limits) on a free port."""
    from werkzeug.serving import make_server

    from bot.console.__main__ import QuietHandler
    from bot.console.app import create_app

    servers = []
    add_accounts(sessions)

    def start(**overrides: Any) -> Console:
        settings = dataclasses.replace(get_settings(), cases_database_url=cases_url, **overrides)
        app = create_app(settings)
        server = make_server("127.0.0.1", free_port(), app, threaded=True, request_handler=QuietHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return Console(f"http://127.0.0.1:{server.server_port}", settings, sessions, app)

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def console(start_console) -> Console:
    return start_console()
