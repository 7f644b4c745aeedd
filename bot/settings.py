"""One place for settings: read the environment once, typed, with laptop-friendly defaults.

Every service (CLI, gateway, actions, Telegram, console) reads its configuration here so a
small helpline can run everything with no configuration at all (SQLite, loopback ports).
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = Path(__file__).resolve().parent / "knowledge" / "data"


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _env_list(name: str, default: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in _env(name, default).split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    """Runtime settings; build with :func:`get_settings`."""

    database_url: str = field(
        default_factory=lambda: _env(
            "CYBERGUIDE_DATABASE_URL", f"sqlite:///{REPO_ROOT / 'var' / 'cyberguide.sqlite3'}"
        )
    )
    rasa_url: str = field(default_factory=lambda: _env("CYBERGUIDE_RASA_URL", "http://127.0.0.1:5005"))
    gateway_host: str = field(default_factory=lambda: _env("CYBERGUIDE_GATEWAY_HOST", "127.0.0.1"))
    gateway_port: int = field(default_factory=lambda: int(_env("CYBERGUIDE_GATEWAY_PORT", "8080")))
    allowed_origins: tuple[str, ...] = field(
        default_factory=lambda: _env_list("CYBERGUIDE_ALLOWED_ORIGINS", "http://127.0.0.1:8080,http://localhost:8080")
    )
    exit_url: str = field(default_factory=lambda: _env("CYBERGUIDE_EXIT_URL", "https://www.bbc.co.uk/weather"))
    # Signing key for session tokens; a random one per process means tokens die with the process.
    secret_key: str = field(default_factory=lambda: _env("CYBERGUIDE_SECRET_KEY", secrets.token_urlsafe(32)))
    max_message_chars: int = field(default_factory=lambda: int(_env("CYBERGUIDE_MAX_MESSAGE_CHARS", "2000")))
    max_account_chars: int = field(default_factory=lambda: int(_env("CYBERGUIDE_MAX_ACCOUNT_CHARS", "20000")))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process, read once."""
    return Settings()
