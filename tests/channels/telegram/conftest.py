"""Fixtures for the Telegram tests: the fake Bot API server on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.channels.telegram.fake_api import FakeTelegram


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = await FakeTelegram().start()
    try:
        yield fake
    finally:
        await fake.stop()
