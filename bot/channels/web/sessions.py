"""Sessions and their signed tokens.

The server picks every conversation id (random, 128 bits) and hands the widget a signed
token (JWT, HS256) that names it. The widget keeps the token in memory only. A token is
accepted only while its session is still open in this process's registry, so a session that
was ended, idled out or belonged to a previous run of the gateway is refused, and no client
can choose or guess another person's conversation id.
"""

from __future__ import annotations

import secrets
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jwt

from bot.settings import get_settings

AUDIENCE = "cyberguide-widget"
ISSUER = "cyberguide-gateway"
ALGORITHM = "HS256"


class InvalidSession(Exception):
    """The token is missing, forged, expired or names a session that is no longer open."""


class TooManySessions(Exception):
    """The registry is full of sessions that have spoken; the gateway is protecting its memory."""


class NetworkFull(TooManySessions):
    """This network already has its share of open sessions, and all of them have spoken."""


@dataclass
class Session:
    """One open conversation."""

    conversation_id: str
    created: float
    last_seen: float
    network: str = ""  # the IPv4 /24 or IPv6 /64 it was opened from (see addresses.network_key)
    spoke: bool = False  # whether anything was sent to Rasa for it (only then must Rasa forget it)
    # The buttons the bot offered in its latest reply: opaque id -> the payload Rasa should get.
    # Only these can be tapped, so a client can never send an intent of its own choosing.
    offered: dict[str, str] = field(default_factory=dict)

    def offer(self, payloads: list[str]) -> list[str]:
        """Replace the tappable buttons with these payloads; return a fresh opaque id for each."""
        self.offered = {secrets.token_urlsafe(9): payload for payload in payloads}
        return list(self.offered)

    def tapped(self, button_id: str) -> str | None:
        """The payload of an offered button; None if it was not offered or is from an older reply.

        The offer stays until the next reply replaces it, so a tap that failed on the way to
        Rasa can be retried.
        """
        return self.offered.get(button_id)


@dataclass(frozen=True)
class SessionPolicy:
    """How long sessions live and how many may be open at once (in all, and from one network)."""

    idle_timeout: float = field(default_factory=lambda: get_settings().session_idle_timeout)
    max_age: float = field(default_factory=lambda: get_settings().session_max_age)
    max_sessions: int = field(default_factory=lambda: get_settings().max_sessions)
    max_per_network: int = field(default_factory=lambda: get_settings().max_sessions_per_network)


class SessionStore:
    """In-memory registry of open sessions plus token signing and checking.

    When the registry (or one network's share of it) is full, the oldest session that never
    spoke makes room: it holds nothing, and Rasa never heard of it. Sessions that ran out of time
    and had spoken are handed to ``on_expired`` so Rasa is told to forget them too.
    """

    def __init__(
        self,
        secret: str,
        policy: SessionPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        on_expired: Callable[[str], None] | None = None,
    ) -> None:
        if not secret:
            raise ValueError("a secret key is required to sign session tokens")
        self._secret = secret
        self.policy = policy or SessionPolicy()
        self._clock = clock
        self._wall_clock = wall_clock
        self._on_expired = on_expired
        self._sessions: dict[str, Session] = {}
        # Sessions that never spoke, oldest first (dicts keep insertion order), in all and per network.
        self._silent: dict[str, None] = {}
        self._silent_by_network: dict[str, dict[str, None]] = {}
        self._per_network: Counter[str] = Counter()
        # Ids ended in this run (bounded), so a replayed end is recognised and does nothing.
        self._ended: OrderedDict[str, None] = OrderedDict()
        self.started = int(wall_clock())

    def __len__(self) -> int:
        return len(self._sessions)

    def open(self, network: str = "") -> tuple[Session, str]:
        """Start a session with a fresh random conversation id; return it and its token.

        Raises :class:`NetworkFull` or :class:`TooManySessions` when there is no room and no
        silent session to make room.
        """
        if self._per_network[network] >= self.policy.max_per_network and not self._evict_silent(network):
            raise NetworkFull()
        if len(self._sessions) >= self.policy.max_sessions:
            self.sweep()
            if len(self._sessions) >= self.policy.max_sessions and not self._evict_silent(None):
                raise TooManySessions()
        now = self._clock()
        session = Session(conversation_id=secrets.token_hex(16), created=now, last_seen=now, network=network)
        cid = session.conversation_id
        self._sessions[cid] = session
        self._per_network[network] += 1
        self._silent[cid] = None
        self._silent_by_network.setdefault(network, {})[cid] = None
        issued = int(self._wall_clock())
        claims = {
            "sid": cid,
            "iat": issued,
            "exp": issued + int(self.policy.max_age),
            "aud": AUDIENCE,
            "iss": ISSUER,
        }
        return session, jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> Session:
        """Return the open session a token names, and mark it active; raise InvalidSession."""
        session = self._sessions.get(self.owner(token))
        if session is None or self._expired(session):
            raise InvalidSession("session is not open")
        session.last_seen = self._clock()
        return session

    def spoke(self, session: Session) -> None:
        """Note that a message of this session is going to Rasa: it can no longer be evicted silently."""
        if not session.spoke:
            session.spoke = True
            self._forget_silence(session)

    def owner(self, token: str) -> str:
        """The conversation id a genuine, unexpired token names, open or not."""
        return str(self.claims(token)["sid"])

    def claims(self, token: str) -> dict[str, Any]:
        """The claims of a genuine, unexpired token; raise InvalidSession."""
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["sid", "exp", "iat", "aud", "iss"]},
            )
        except jwt.PyJWTError as error:
            raise InvalidSession(str(error)) from None
        sid = claims["sid"]
        if not isinstance(sid, str) or not sid:
            raise InvalidSession("token names no session")
        return claims

    def close(self, conversation_id: str) -> Session | None:
        """End a session; return it if it was open (None if it was already ended or never here)."""
        session = self._sessions.get(conversation_id)
        if session is not None:
            self._remove(session)
        self._mark_ended(conversation_id)
        return session

    def ended_here(self, conversation_id: str) -> bool:
        """Whether this run of the gateway already ended this conversation (closed, expired or evicted)."""
        return conversation_id in self._ended

    def sweep(self) -> list[str]:
        """Drop idle or too-old sessions; return their conversation ids (``on_expired`` gets those that spoke)."""
        gone = [session for session in self._sessions.values() if self._expired(session)]
        for session in gone:
            self._remove(session)
            self._mark_ended(session.conversation_id)
            if session.spoke and self._on_expired is not None:
                self._on_expired(session.conversation_id)
        return [session.conversation_id for session in gone]

    def _evict_silent(self, network: str | None) -> bool:
        """Drop the oldest session that never spoke (from ``network``, or from anywhere); False if none."""
        silent = self._silent if network is None else self._silent_by_network.get(network, {})
        oldest = next(iter(silent), None)
        if oldest is None:
            return False
        self._remove(self._sessions[oldest])
        self._mark_ended(oldest)
        return True

    def _remove(self, session: Session) -> None:
        del self._sessions[session.conversation_id]
        self._per_network[session.network] -= 1
        if self._per_network[session.network] <= 0:
            del self._per_network[session.network]
        self._forget_silence(session)

    def _forget_silence(self, session: Session) -> None:
        cid = session.conversation_id
        self._silent.pop(cid, None)
        by_network = self._silent_by_network.get(session.network)
        if by_network is not None:
            by_network.pop(cid, None)
            if not by_network:
                del self._silent_by_network[session.network]

    def _mark_ended(self, conversation_id: str) -> None:
        self._ended[conversation_id] = None
        self._ended.move_to_end(conversation_id)
        while len(self._ended) > 2 * self.policy.max_sessions:
            self._ended.popitem(last=False)

    def _expired(self, session: Session) -> bool:
        now = self._clock()
        return now - session.last_seen > self.policy.idle_timeout or now - session.created > self.policy.max_age
