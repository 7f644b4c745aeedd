"""Logs that stay small under attack: a few lines a minute, with a count of what was held back.

A flood of malformed requests or of failed ``accept()`` calls must not fill the disk, and a line
about a refused request must never quote the request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger("cyberguide.gateway")


class RateLimitedLog:
    """At most ``count`` log lines per ``per`` seconds; the rest are counted and reported later."""

    def __init__(self, count: int = 10, per: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.count = count
        self.per = per
        self._clock = clock
        self._window_start = -float("inf")
        self._in_window = 0
        self.suppressed = 0

    def allow(self) -> tuple[bool, int]:
        """Whether to log now, and how many lines were held back since the last one logged."""
        now = self._clock()
        if now - self._window_start >= self.per:
            self._window_start, self._in_window = now, 0
        if self._in_window >= self.count:
            self.suppressed += 1
            return False, 0
        self._in_window += 1
        held, self.suppressed = self.suppressed, 0
        return True, held


class RefusalLog(RateLimitedLog):
    """Logs that a malformed request was refused: its status and error type, never its content."""

    def __call__(self, status: int, exc: BaseException | None) -> None:
        allowed, held = self.allow()
        if allowed:
            kind = type(exc).__name__ if exc is not None else "error"
            log.warning("refused a malformed request (%d, %s); %d more not logged", status, kind, held)


class BoundedLoopLog(RateLimitedLog):
    """An event-loop exception handler that logs a few lines a minute, not one per failure.

    When file descriptors run out, every ``accept()`` fails; asyncio's default handler logs each
    one with a traceback. Here each line names the problem (and the error number) only.
    """

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        allowed, held = self.allow()
        if not allowed:
            return
        exception = context.get("exception")
        detail = ""
        if isinstance(exception, OSError):
            detail = f" ({type(exception).__name__}, errno {exception.errno})"
        elif exception is not None:
            detail = f" ({type(exception).__name__})"
        log.error("event loop: %s%s; %d similar lines not logged", context.get("message", "error"), detail, held)
