"""What the gateway keeps while it runs, reachable from every handler through one app key."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web

from bot.channels.rasa_client import RasaClient
from bot.channels.web.addresses import Network, trusted_networks
from bot.channels.web.forget import Forgetter
from bot.channels.web.ratelimit import RateLimiter, RateLimits
from bot.channels.web.sessions import SessionStore
from bot.settings import Settings


@dataclass
class Gateway:
    """Shared state of one gateway app: settings, sessions, limiters and the Rasa client."""

    settings: Settings
    sessions: SessionStore
    limits: RateLimits
    forgetter: Forgetter
    session_messages: RateLimiter = field(init=False)
    address_messages: RateLimiter = field(init=False)
    address_sessions: RateLimiter = field(init=False)
    address_ends: RateLimiter = field(init=False)
    trusted_proxies: tuple[Network, ...] = field(init=False)
    rasa: RasaClient | None = None  # set on startup, when the HTTP client session exists

    def __post_init__(self) -> None:
        self.session_messages = RateLimiter(self.limits.session_messages)
        self.address_messages = RateLimiter(self.limits.address_messages)
        self.address_sessions = RateLimiter(self.limits.address_sessions)
        self.address_ends = RateLimiter(self.limits.address_ends)
        self.trusted_proxies = trusted_networks(self.settings.trusted_proxies)

    def sweep_limiters(self) -> None:
        for limiter in (self.session_messages, self.address_messages, self.address_sessions, self.address_ends):
            limiter.sweep()


GATEWAY = web.AppKey("gateway", Gateway)
