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
from collections.abc import Callable
from dataclasses import dataclass, field

import jwt

from bot.settings import get_settings

AUDIENCE = "cyberguide-widget"
ISSUER = "cyberguide-gateway"
ALGORITHM = "HS256"


class InvalidSession(Exception):
    """The token is missing, forged, expired or names a session that is no longer open."""


class TooManySessions(Exception):
    """The registry is full; the gateway is protecting its memory."""


@dataclass
class Session:
    """One open conversation."""

    conversation_id: str
    created: float
    last_seen: float
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
    """How long sessions live and how many may be open at once."""

    idle_timeout: float = field(default_factory=lambda: get_settings().session_idle_timeout)
    max_age: float = field(default_factory=lambda: get_settings().session_max_age)
    max_sessions: int = field(default_factory=lambda: get_settings().max_sessions)


class SessionStore:
    """In-memory registry of open sessions plus token signing and checking."""

    def __init__(
        self,
        secret: str,
        policy: SessionPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        if not secret:
            raise ValueError("a secret key is required to sign session tokens")
        self._secret = secret
        self.policy = policy or SessionPolicy()
        self._clock = clock
        self._wall_clock = wall_clock
        self._sessions: dict[str, Session] = {}

    def __len__(self) -> int:
        return len(self._sessions)

    def open(self) -> tuple[Session, str]:
        """Start a session with a fresh random conversation id; return it and its token."""
        if len(self._sessions) >= self.policy.max_sessions:
            self.sweep()
            if len(self._sessions) >= self.policy.max_sessions:
                raise TooManySessions()
        now = self._clock()
        session = Session(conversation_id=secrets.token_hex(16), created=now, last_seen=now)
        self._sessions[session.conversation_id] = session
        issued = int(self._wall_clock())
        claims = {
            "sid": session.conversation_id,
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

    def owner(self, token: str) -> str:
        """The conversation id a genuine, unexpired token names, open or not."""
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
        return sid

    def close(self, conversation_id: str) -> bool:
        """Forget a session; return whether it was open."""
        return self._sessions.pop(conversation_id, None) is not None

    def sweep(self) -> list[str]:
        """Drop idle or too-old sessions; return their conversation ids."""
        gone = [cid for cid, session in self._sessions.items() if self._expired(session)]
        for cid in gone:
            del self._sessions[cid]
        return gone

    def _expired(self, session: Session) -> bool:
        now = self._clock()
        return now - session.last_seen > self.policy.idle_timeout or now - session.created > self.policy.max_age
