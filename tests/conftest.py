"""Shared fixtures: a private knowledge database per run, and the real running stack."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import pytest

# Tests never touch the developer's database: one temporary SQLite file per run.
_DB_DIR = tempfile.mkdtemp(prefix="cyberguide-test-")
os.environ.setdefault("CYBERGUIDE_DATABASE_URL", f"sqlite:///{Path(_DB_DIR) / 'kb.sqlite3'}")
os.environ.setdefault("CYBERGUIDE_CASES_DATABASE_URL", f"sqlite:///{Path(_DB_DIR) / 'cases.sqlite3'}")
# A fixed test key, so the case store never makes var/cases.key in the developer's tree.
os.environ.setdefault("CYBERGUIDE_CASES_KEY", "dGVzdC1vbmx5LWNhc2Uta2V5LW5vdC1zZWNyZXQtMDA=")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def kb():
    from bot.knowledge.service import get_knowledge_base

    return get_knowledge_base()


@pytest.fixture(scope="session")
def rasa_stack():
    """The real action server, Rasa server and web gateway, started from the trained model."""
    from bot.supervisor import Stack

    stack = Stack(action_port=free_port(), rasa_port=free_port(), gateway_port=free_port())
    stack.start(timeout=300)
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def gateway_stack(rasa_stack):
    """The same stack, reached through the public gateway (as the widget reaches it)."""
    return rasa_stack
