"""Retrying Bot API calls: flood limits waited out, lost connections tried again, nothing sent twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.channels.telegram.retry import RetryingLimiter


class Flaky:
    """A Bot API call that fails with ``errors`` in turn, then succeeds."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> bool:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return True


async def run(limiter: RetryingLimiter, call: Flaky, endpoint: str) -> object:
    return await limiter.process_request(call, (), {}, endpoint, {}, None)


async def test_flood_limits_and_lost_connections_are_tried_again() -> None:
    call = Flaky(RetryAfter(timedelta(seconds=0.01)), NetworkError("connection refused"))
    assert await run(RetryingLimiter(first_pause=0.01), call, "sendMessage") is True
    assert call.calls == 3


async def test_a_timed_out_message_is_not_sent_twice_but_a_typing_indicator_is_repeated() -> None:
    message = Flaky(TimedOut())
    with pytest.raises(TimedOut):
        await run(RetryingLimiter(first_pause=0.01), message, "sendMessage")
    assert message.calls == 1, "Telegram may have delivered it: a second try could show it twice"
    typing = Flaky(TimedOut())
    assert await run(RetryingLimiter(first_pause=0.01), typing, "sendChatAction") is True
    assert typing.calls == 2


async def test_a_refused_call_is_not_repeated_and_attempts_are_bounded() -> None:
    refused = Flaky(BadRequest("message is too long"))
    with pytest.raises(BadRequest):
        await run(RetryingLimiter(first_pause=0.01), refused, "sendMessage")
    assert refused.calls == 1
    down = Flaky(*[NetworkError("down")] * 10)
    with pytest.raises(NetworkError):
        await run(RetryingLimiter(attempts=3, first_pause=0.01), down, "sendMessage")
    assert down.calls == 3
