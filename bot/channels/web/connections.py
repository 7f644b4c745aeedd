"""The gateway's connections: how many, how long a new one may take to send its request, what a
malformed request is answered, and how much the event loop may log when things go wrong.

aiohttp closes idle kept-alive connections (``keepalive_timeout``) but gives a new connection all
the time it likes to send its first request's headers, so a few hundred half-open connections
(slowloris) hold every file descriptor; once ``accept()`` fails, asyncio logs every failure. Here:

- a new connection must finish its first request's headers within ``header_timeout`` seconds;
- at most ``max_connections`` are open (fewer if the file limit is lower); when full, the oldest
  one still waiting for a request is closed to make room (one being answered is never cut off);
- a request aiohttp cannot parse gets a kind JSON 400 with the security headers, no ``Server``
  header, and nothing of what was sent in the log;
- the event loop's own error log (failed ``accept()`` calls among them) is rate-limited
  (:mod:`bot.channels.web.quietlog`).

aiohttp (pinned below 3.10) has no public hook for the first three, so this subclasses its request
handler and server; tests/channels/web/test_hardening.py checks each over real sockets.
"""

from __future__ import annotations

import asyncio
import json
import logging
import resource
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler
from aiohttp.web_request import BaseRequest

from bot.channels.web import errors, middleware
from bot.channels.web.quietlog import BoundedLoopLog, RefusalLog
from bot.channels.web.state import GATEWAY

log = logging.getLogger("cyberguide.gateway")


class _BareResponse(web.Response):
    """A response without the ``Server`` header aiohttp adds to every response it prepares."""

    async def _prepare_headers(self) -> None:
        await super()._prepare_headers()
        self.headers.popall("Server", None)


class GuardedRequestHandler(RequestHandler):
    """aiohttp's per-connection protocol, with a deadline for the first request's headers."""

    def __init__(self, manager: GuardedServer, *, header_timeout: float, policy: str, **kwargs: Any) -> None:
        super().__init__(manager, **kwargs)
        self._header_timeout = header_timeout
        self._policy = policy
        self._header_deadline: asyncio.TimerHandle | None = None
        self._log_refusal = manager.refusal_log

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._header_deadline = self._loop.call_later(self._header_timeout, self._headers_overdue)

    def connection_lost(self, exc: BaseException | None) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
        super().connection_lost(exc)

    def _headers_overdue(self) -> None:
        if self._request_count == 0:
            self.force_close()

    @property
    def waiting_for_request(self) -> bool:
        """True while open and no request is being answered (the first has not arrived, or it is
        kept alive). A connection already being closed is not counted: closing it again frees nothing."""
        if self.transport is None or self._force_close:
            return False
        return self._request_count == 0 or self._waiter is not None

    def handle_error(
        self,
        request: BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        """Answer a request aiohttp could not parse (or a handler that failed outside the app)."""
        self._log_refusal(status, exc)
        text = errors.MALFORMED if status < 500 else "Something went wrong on our side. Please try again."
        response = _BareResponse(
            status=status, text=json.dumps({"error": text}), content_type="application/json", charset="utf-8"
        )
        middleware.apply_security_headers(response.headers, "", self._policy)
        response.force_close()
        return response


class GuardedServer(web.Server):
    """aiohttp's connection factory, making :class:`GuardedRequestHandler` s and capping their number."""

    def __init__(
        self,
        handler: Any,
        *,
        max_connections: int,
        header_timeout: float,
        policy: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(handler, **kwargs)
        self.max_connections = max_connections
        self._guard_args = {"header_timeout": header_timeout, "policy": policy}
        self.refusal_log = RefusalLog()

    def __call__(self) -> GuardedRequestHandler:
        return GuardedRequestHandler(self, loop=self._loop, **self._guard_args, **self._kwargs)  # type: ignore[arg-type]

    def connection_made(self, handler: RequestHandler, transport: asyncio.Transport) -> None:
        super().connection_made(handler, transport)
        connections = self.connections
        if len(connections) <= self.max_connections:
            return
        waiting = [
            other
            for other in connections
            if other is not handler and isinstance(other, GuardedRequestHandler) and other.waiting_for_request
        ]
        # The oldest idle or half-open connection makes room; if every one is busy, the new one waits outside.
        (waiting[0] if waiting else handler).force_close()


# File descriptors kept free for everything that is not a counted connection: one burst of accept()
# calls (asyncio accepts up to the listen backlog, 128, before any is handed over), the pool of
# connections to Rasa (aiohttp's default limit is 100), the listening socket and log files.
SPARE_DESCRIPTORS = 256
MIN_CONNECTIONS = 32


def raise_file_limit(wanted: int = 65536) -> int:
    """Raise this process's soft limit on open files towards the hard limit (many systems start
    services at 1,024); return the soft limit now in force. Under a flood, asyncio accepts sockets
    in bursts faster than the oldest can be closed, so headroom keeps accept() from failing."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            log.warning("could not raise the open-file limit above %d", soft)
    return soft


def connection_cap(wanted: int) -> int:
    """``wanted``, or fewer if the process may not open that many files: a cap above the file
    limit would let accept() fail (and log) before the oldest idle connection is closed."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return min(wanted, max(MIN_CONNECTIONS, soft - SPARE_DESCRIPTORS))


class GatewayRunner(web.AppRunner):
    """``web.AppRunner`` for the gateway app: guarded connections and a rate-limited loop error log."""

    async def _make_server(self) -> web.Server:
        plain = await super()._make_server()
        settings = self.app[GATEWAY].settings
        policy = middleware.content_security_policy(middleware.valid_origins(settings.allowed_origins))
        asyncio.get_running_loop().set_exception_handler(BoundedLoopLog())
        return GuardedServer(
            plain.request_handler,
            request_factory=plain.request_factory,
            handler_cancellation=plain.handler_cancellation,
            max_connections=connection_cap(settings.max_connections),
            header_timeout=settings.header_timeout,
            policy=policy,
            **plain._kwargs,
        )
