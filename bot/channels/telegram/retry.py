"""Calls to the Bot API that Telegram refused for a moment are tried again, with backoff.

Used as python-telegram-bot's rate limiter (its :class:`~telegram.ext.BaseRateLimiter` hook sees
every request but ``getUpdates``, which its updater already retries). Its own ``AIORateLimiter``
needs the ``rate-limiter`` extra (aiolimiter), which cyberguide does not install; a small helpline's
bot rarely meets Telegram's limits, so reacting to them is enough. A flood limit
(:class:`~telegram.error.RetryAfter`) is waited out as Telegram asks; a network failure is
tried again after 0.5 s, 1 s, 2 s... A timeout is tried again only for calls that do no harm
twice (a typing indicator, removing a keyboard), never for ``sendMessage``, so nobody gets the
same answer twice. Each fault is logged by its type and the method's name, never its content.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

# Calls whose repetition changes nothing the person sees.
REPEATABLE = frozenset(
    {
        "answerCallbackQuery", "sendChatAction", "deleteMessage", "editMessageReplyMarkup", "editMessageText",
        "setMyCommands", "setWebhook", "deleteWebhook", "getMe", "leaveChat",
    }
)  # fmt: skip
MAX_FLOOD_WAIT = 60.0  # seconds; a longer wait is not worth holding a reply for


class RetryingLimiter(BaseRateLimiter[None]):
    """Retries a Bot API call up to ``attempts`` times in all."""

    def __init__(self, attempts: int = 4, first_pause: float = 0.5) -> None:
        self.attempts = attempts
        self.first_pause = first_pause

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        pause = self.first_pause
        for attempt in range(1, self.attempts + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                wait = _seconds(error.retry_after)
                if attempt == self.attempts or wait > MAX_FLOOD_WAIT:
                    raise
                log.warning("telegram asked to slow down (%s); waiting %.0f s", endpoint, wait)
                await asyncio.sleep(wait)
            except BadRequest:
                raise  # Telegram read the call and refused it: sending it again cannot help
            except TimedOut:
                if attempt == self.attempts or endpoint not in REPEATABLE:
                    raise
                log.warning("telegram timed out (%s); trying again", endpoint)
                await asyncio.sleep(pause)
                pause *= 2
            except NetworkError:
                # Not a timeout: the request did not get through, so it is safe to send again.
                if attempt == self.attempts:
                    raise
                log.warning("telegram could not be reached (%s); trying again", endpoint)
                await asyncio.sleep(pause)
                pause *= 2
        raise AssertionError("unreachable: the last attempt returns or raises")


def _seconds(retry_after: object) -> float:
    """``RetryAfter.retry_after`` as seconds (an int, or a timedelta in newer versions)."""
    total = getattr(retry_after, "total_seconds", None)
    return float(total()) if callable(total) else float(retry_after)  # type: ignore[arg-type]
