"""One place for settings: every host, port, URL, timeout and limit, read from the environment once, typed and checked.

Every service (CLI, gateway, actions, supervisor, terminal chat) reads its configuration here
so a small helpline can run everything with no configuration at all (SQLite, loopback ports).
Setting `name` is read from `CYBERGUIDE_<NAME>` (`gateway_port` from `CYBERGUIDE_GATEWAY_PORT`);
an unset or empty variable means the default. A bad value fails at start-up with a
:class:`SettingsError` naming the variable and what it should be, rather than a bare
`ValueError` somewhere later; entry points show it with :func:`settings_or_exit` (exit status 2).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import os
import secrets
import sys
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

REPO_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = Path(__file__).resolve().parent / "knowledge" / "data"
ENV_PREFIX = "CYBERGUIDE_"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

Kind = Literal[
    "text",
    "url",
    "urls",
    "database_url",
    "redis_url",
    "origins",
    "hosts",
    "networks",
    "whole",
    "seconds",
    "minutes",
    "log_level",
]


class SettingsError(ValueError):
    """Some settings are not valid; `problems` has one line per variable, naming it and what it should be."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class _Unreadable:
    """A variable's text that could not be read as its type (kept so every bad variable is reported at once)."""

    raw: str


@dataclass(frozen=True)
class Rule:
    """How one setting is read from its variable and what values it accepts."""

    env: str
    kind: Kind
    low: float | None = None
    high: float | None = None
    secret: bool = False  # never echo the value (keys, URLs that may hold a password)
    optional: bool = False  # empty text is allowed: "work it out" or "the entry point's default"

    def expected(self) -> str:
        if self.kind in ("whole", "seconds", "minutes"):
            noun = {"whole": "a whole number", "seconds": "a number of seconds", "minutes": "a number of minutes"}
            if self.low is not None and self.high is not None:
                return f"{noun[self.kind]} from {self.low:g} to {self.high:g}"
            if self.low is not None:
                return (
                    f"{noun[self.kind]} of at least {self.low:g}"
                    if self.kind == "whole"
                    else f"{noun[self.kind]} greater than {self.low:g}"
                )
            return noun[self.kind]
        return {
            "text": "some text (not empty)",
            "url": "an http:// or https:// URL",
            "urls": "comma-separated http:// or https:// URLs such as http://10.0.0.5:5005,http://10.0.0.6:5005",
            "redis_url": "a Redis URL such as redis://:password@host:6379/0 or rediss://host:6380/0",
            "database_url": "a database URL such as sqlite:////path/to/file.sqlite3 or postgresql://host/db",
            "origins": "comma-separated origins such as https://example.org,https://www.example.org",
            "hosts": "comma-separated host names such as chat.example.org,localhost",
            "networks": "comma-separated addresses or networks such as 127.0.0.1,10.0.0.0/8,::1",
            "log_level": "one of " + ", ".join(LOG_LEVELS),
        }[self.kind]

    def parse(self, raw: str) -> Any:
        """The variable's text as a value of this kind; ValueError when it cannot be read."""
        if self.kind == "whole":
            return int(raw)
        if self.kind in ("seconds", "minutes"):
            return float(raw)
        if self.kind in ("origins", "hosts", "networks", "urls"):
            return tuple(item.strip() for item in raw.split(",") if item.strip())
        if self.kind == "log_level":
            return raw.upper()
        return raw

    def problem(self, value: Any) -> str | None:
        """What is wrong with `value`, naming the variable, or None when it is fine."""
        if not isinstance(value, _Unreadable) and self._fits(value):
            return None
        return f"{self.env}={self._shown(value)} is not valid: expected {self.expected()}"

    def _shown(self, value: Any) -> str:
        """The value as the person wrote it: the variable's own text when the value came from it."""
        if self.secret:
            return "(hidden)"
        if isinstance(value, _Unreadable):
            return repr(value.raw)
        raw = os.environ.get(self.env, "").strip()
        try:
            from_env = bool(raw) and self.parse(raw) == value
        except ValueError:
            from_env = False
        return repr(raw if from_env else value)

    def _fits(self, value: Any) -> bool:
        if self.kind in ("whole", "seconds", "minutes"):
            number_types = (int,) if self.kind == "whole" else (int, float)
            if isinstance(value, bool) or not isinstance(value, number_types) or not math.isfinite(value):
                return False
            if self.kind == "whole":
                return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)
            return (self.low is None or value > self.low) and (self.high is None or value <= self.high)
        if self.kind in ("origins", "hosts"):
            return isinstance(value, tuple) and all(isinstance(item, str) for item in value)
        if self.kind == "networks":
            return isinstance(value, tuple) and all(isinstance(item, str) and _is_network(item) for item in value)
        if self.kind == "urls":
            return isinstance(value, tuple) and all(isinstance(item, str) and _is_url(item) for item in value)
        if not isinstance(value, str):
            return False
        if self.optional and value == "":
            return True
        if self.kind == "log_level":
            return value in LOG_LEVELS
        if self.kind == "url":
            return _is_url(value)
        if self.kind == "redis_url":
            return value.startswith(("redis://", "rediss://", "unix://")) and len(value) > len("redis://")
        if self.kind == "database_url":
            return "://" in value
        return bool(value.strip())


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://")) and len(text) > len("https://")


def _is_network(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


def _setting(
    name: str,
    kind: Kind,
    default: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    secret: bool = False,
    optional: bool = False,
    env: str | None = None,
) -> Any:
    """A settings field read from `CYBERGUIDE_<NAME>` (or `env`, for names fixed by convention elsewhere);
    `default` may be a function (called only when unset)."""
    rule = Rule(env or ENV_PREFIX + name.upper(), kind, low, high, secret, optional)

    def read() -> Any:
        raw = os.environ.get(rule.env, "").strip()
        if not raw:
            return default() if callable(default) else default
        try:
            return rule.parse(raw)
        except ValueError:
            return _Unreadable(raw)

    return field(default_factory=read, metadata={"rule": rule}, repr=not secret)


_PORT: dict[str, Any] = {"low": 1, "high": 65535}


@dataclass(frozen=True)
class Settings:
    """Runtime settings; use :func:`get_settings`. `Settings()` reads the environment; every build is checked."""

    # -- storage -----------------------------------------------------------------------------
    database_url: str = _setting(
        "database_url", "database_url", lambda: f"sqlite:///{REPO_ROOT / 'var' / 'cyberguide.sqlite3'}", secret=True
    )
    # -- where each service listens (Rasa and the action server stay on loopback) -------------
    gateway_host: str = _setting("gateway_host", "text", "127.0.0.1")
    gateway_port: int = _setting("gateway_port", "whole", 8080, **_PORT)
    rasa_host: str = _setting("rasa_host", "text", "127.0.0.1")
    rasa_port: int = _setting("rasa_port", "whole", 5005, **_PORT)
    action_host: str = _setting("action_host", "text", "127.0.0.1")
    action_port: int = _setting("action_port", "whole", 5055, **_PORT)
    # How the gateway and the terminal chat reach Rasa; unset: http://<rasa_host>:<rasa_port>.
    rasa_url: str = _setting("rasa_url", "url", "", optional=True)
    # Several Rasa instances (the production profile): the gateway keeps each conversation on one of
    # them (a stable hash of its id) and moves it to the next only when that one cannot be reached.
    # Unset: rasa_url alone (see rasa_targets).
    rasa_urls: tuple[str, ...] = _setting("rasa_urls", "urls", ())
    # -- the production profile (README "Deployment"): several instances sharing PostgreSQL and Redis --
    # Rasa's conversations in SQL (ForgetfulSQLTrackerStore, e.g. postgresql://user:password@host/db);
    # unset: in the Rasa process's memory (one instance only).
    tracker_store_url: str = _setting("tracker_store_url", "database_url", "", secret=True, optional=True)
    # Rasa's conversation locks in Redis (AtomicRedisLockStore); unset: in memory (one instance only).
    redis_url: str = _setting("redis_url", "redis_url", "", secret=True, optional=True)
    # How many Rasa servers and action servers the supervisor starts (on consecutive ports from
    # rasa_port and action_port). More than one Rasa needs tracker_store_url and redis_url.
    rasa_instances: int = _setting("rasa_instances", "whole", 1, low=1, high=32)
    action_instances: int = _setting("action_instances", "whole", 1, low=1, high=32)
    # -- the web gateway ----------------------------------------------------------------------
    allowed_origins: tuple[str, ...] = _setting(
        "allowed_origins", "origins", ("http://127.0.0.1:8080", "http://localhost:8080")
    )
    exit_url: str = _setting("exit_url", "url", "https://www.bbc.co.uk/weather")
    # Signing key for session tokens; a random one per process means tokens die with the process.
    secret_key: str = _setting("secret_key", "text", lambda: secrets.token_urlsafe(32), secret=True)
    # Host names this gateway answers to as its own origin (its demo page's API calls). A page
    # reached by any other name (DNS rebinding against a gateway on a laptop) is refused.
    allowed_hosts: tuple[str, ...] = _setting("allowed_hosts", "hosts", ("127.0.0.1", "localhost", "::1"))
    # Reverse proxies (addresses or networks) whose X-Forwarded-For is believed: the client is the
    # right-most address not in this list. Empty: the connection's own address is the client.
    trusted_proxies: tuple[str, ...] = _setting("trusted_proxies", "networks", ())
    # -- Telegram (bot/channels/telegram). The variables carry the names Telegram's own guides use,
    # without the CYBERGUIDE_ prefix. No token: no Telegram channel.
    telegram_bot_token: str = _setting(
        "telegram_bot_token", "text", "", secret=True, optional=True, env="TELEGRAM_BOT_TOKEN"
    )
    # The Bot API server: Telegram's, or a self-hosted one (and the tests' stand-in).
    telegram_api_url: str = _setting("telegram_api_url", "url", "https://api.telegram.org", env="TELEGRAM_API_URL")
    # Set: webhook mode, served by the web gateway at this public HTTPS URL (path /telegram/webhook). Unset: polling.
    telegram_webhook_url: str = _setting("telegram_webhook_url", "url", "", optional=True, env="TELEGRAM_WEBHOOK_URL")
    # Telegram sends it back on every webhook call; unset, a random one is registered at each start.
    telegram_webhook_secret: str = _setting(
        "telegram_webhook_secret", "text", lambda: secrets.token_urlsafe(32), secret=True, env="TELEGRAM_WEBHOOK_SECRET"
    )
    # Key of the hash that turns a Telegram user id into a conversation id (the raw id never reaches Rasa);
    # unset, a random one per process (a restart starts every Telegram conversation afresh).
    telegram_id_key: str = _setting(
        "telegram_id_key", "text", lambda: secrets.token_urlsafe(32), secret=True, env="TELEGRAM_ID_KEY"
    )
    # After this long without Rasa's answer the person is told it is coming, with the emergency numbers.
    telegram_slow_reply: float = _setting("telegram_slow_reply", "seconds", 10.0, low=0)
    # -- limits --------------------------------------------------------------------------------
    max_message_chars: int = _setting("max_message_chars", "whole", 2000, low=1)
    max_account_chars: int = _setting("max_account_chars", "whole", 20000, low=1)
    max_sessions: int = _setting("max_sessions", "whole", 10_000, low=1)
    # Open sessions from one network (an IPv4 /24 or an IPv6 /64), so no one network fills the registry.
    max_sessions_per_network: int = _setting("max_sessions_per_network", "whole", 100, low=1)
    # Open connections to the gateway; when full, the oldest one still waiting for a request is closed.
    max_connections: int = _setting("max_connections", "whole", 512, low=1)
    # -- timeouts (seconds unless the name says otherwise) -------------------------------------
    rasa_timeout: float = _setting("rasa_timeout", "seconds", 30.0, low=0)  # one gateway request to Rasa
    terminal_timeout: float = _setting("terminal_timeout", "seconds", 60.0, low=0)  # one terminal chat request
    session_idle_timeout: float = _setting("session_idle_timeout", "seconds", 30 * 60.0, low=0)
    session_max_age: float = _setting("session_max_age", "seconds", 8 * 60 * 60.0, low=0)
    # A new connection must send its request headers this soon (slowloris); an idle kept-alive one is closed after the other.
    header_timeout: float = _setting("header_timeout", "seconds", 10.0, low=0)
    keepalive_timeout: float = _setting("keepalive_timeout", "seconds", 15.0, low=0)
    # Rasa forgets a conversation idle this long (written into the endpoints file by the supervisor).
    tracker_ttl_minutes: float = _setting("tracker_ttl_minutes", "minutes", 60.0, low=0)
    # Events Rasa keeps of one conversation; older ones give way to the slots they set (also in the endpoints file).
    tracker_max_events: int = _setting("tracker_max_events", "whole", 500, low=20)
    start_timeout: float = _setting("start_timeout", "seconds", 240.0, low=0)  # action server and Rasa up
    health_timeout: float = _setting("health_timeout", "seconds", 60.0, low=0)  # the gateway up
    stop_timeout: float = _setting("stop_timeout", "seconds", 20.0, low=0)  # a process ends before SIGKILL
    # -- the staff console and its case store (bot/cases, bot/console) -------------------------
    # A database of its own, apart from the knowledge tables (reference data reloaded by hash).
    cases_database_url: str = _setting(
        "cases_database_url", "database_url", lambda: f"sqlite:///{REPO_ROOT / 'var' / 'cases.sqlite3'}", secret=True
    )
    # Fernet key(s) that encrypt notes, accounts and summaries at rest, comma-separated: the first
    # encrypts, all decrypt (rotation). Unset: a key file var/cases.key is made on first use (laptop only).
    cases_key: str = _setting("cases_key", "text", "", secret=True, optional=True)
    case_retention_days: int = _setting("case_retention_days", "whole", 30, low=1)
    console_host: str = _setting("console_host", "text", "127.0.0.1")
    console_port: int = _setting("console_port", "whole", 8090, **_PORT)
    # Signs the console's session cookie and CSRF tokens; random per process: sign-ins end with it.
    console_secret_key: str = _setting("console_secret_key", "text", lambda: secrets.token_urlsafe(32), secret=True)
    # The console's public address; an https:// one makes its cookies Secure (behind TLS).
    console_url: str = _setting("console_url", "url", "", optional=True)
    # Failed sign-ins allowed per address and per account name before the form refuses for a while.
    console_login_limit: str = _setting("console_login_limit", "text", "5 per 15 minutes")
    # The helpline that runs this service, as the bot names it when a person shares a summary with
    # it, and how that person can reach it (a phone number with hours, a web page). The bot asks for
    # no contact details (the device may be watched), so the person gets in touch with the reference.
    helpline_name: str = _setting("helpline_name", "text", "the helpline team that runs this service")
    helpline_contact: str = _setting("helpline_contact", "text", "", optional=True)
    # -- logging: empty means the entry point's default (WARNING for the CLI, INFO for services) --
    log_level: str = _setting("log_level", "log_level", "", optional=True)

    def __post_init__(self) -> None:
        problems = [problem for f in fields(self) if (problem := f.metadata["rule"].problem(getattr(self, f.name)))]
        if problems:
            raise SettingsError(problems)
        if not self.rasa_url:
            object.__setattr__(self, "rasa_url", f"http://{self.rasa_host}:{self.rasa_port}")
        if self.rasa_instances > 1 and not (self.tracker_store_url and self.redis_url):
            raise SettingsError(
                [
                    f"CYBERGUIDE_RASA_INSTANCES={self.rasa_instances} needs CYBERGUIDE_TRACKER_STORE_URL and "
                    "CYBERGUIDE_REDIS_URL: several Rasa instances must share their conversations and locks"
                ]
            )

    @property
    def rasa_targets(self) -> tuple[str, ...]:
        """The Rasa instances the gateway and Telegram channel talk to: rasa_urls, or else rasa_url alone."""
        return self.rasa_urls or (self.rasa_url,)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process, read once; raises :class:`SettingsError` on a bad value."""
    return Settings()


def settings_or_exit(**overrides: Any) -> Settings:
    """The settings for an entry point (with command-line `overrides`); on a bad value, say which and exit 2."""
    try:
        settings = get_settings()
        return dataclasses.replace(settings, **overrides) if overrides else settings
    except SettingsError as error:
        print("cyberguide cannot start: some settings are not valid.", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        if overrides:
            given = ", ".join(f"{name}={value!r}" for name, value in overrides.items())
            print(f"  (with the values given on the command line: {given})", file=sys.stderr)
        print("Fix these environment variables, or unset them to use the defaults.", file=sys.stderr)
        raise SystemExit(2) from None
