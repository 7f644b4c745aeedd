"""``python -m bot.channels.telegram`` (``make telegram``): run the Telegram bot by polling until Ctrl-C.

Needs ``TELEGRAM_BOT_TOKEN`` (from @BotFather) and a running Rasa (``make run``). No public URL is
needed: the bot fetches its updates from Telegram. With ``TELEGRAM_WEBHOOK_URL`` set, the web
gateway serves the bot instead, and this command says so and stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

import aiohttp
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.channels.rasa_client import RasaClient
from bot.channels.telegram.adapter import TelegramChannel
from bot.logs import configure_logging
from bot.settings import Settings, settings_or_exit

log = logging.getLogger(__name__)


FIRST_PAUSE, LONGEST_PAUSE = 2.0, 60.0  # seconds between attempts to reach Telegram at start-up


async def run(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Poll Telegram until ``stop`` is set (or SIGTERM / SIGINT).

    While Telegram cannot be reached at start-up, it tries again with growing pauses; a token
    Telegram refuses ends it (:class:`~telegram.error.InvalidToken`).
    """
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    async with aiohttp.ClientSession() as http:
        rasa = RasaClient(settings.rasa_targets, http, settings.rasa_timeout)
        pause = FIRST_PAUSE
        while True:
            channel = TelegramChannel(settings, rasa)
            try:
                await channel.start_polling()
                break
            except NetworkError as error:  # not InvalidToken: that one ends the program
                await channel.stop()
                log.warning(
                    "telegram: could not reach Telegram (%s); trying again in %.0f s", type(error).__name__, pause
                )
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(stop.wait(), pause)
                    return  # asked to stop meanwhile
                pause = min(pause * 2, LONGEST_PAUSE)
        print("cyberguide's Telegram bot is running (polling). Press Ctrl-C to stop.", flush=True)
        try:
            await stop.wait()
        finally:
            await channel.stop()


def main() -> int:
    settings = settings_or_exit()
    configure_logging(settings.log_level or "INFO")
    if not settings.telegram_bot_token:
        print("Set TELEGRAM_BOT_TOKEN (from @BotFather) to run the Telegram bot. See the README.", file=sys.stderr)
        return 2
    if settings.telegram_webhook_url:
        print(
            "TELEGRAM_WEBHOOK_URL is set, so the web gateway (make run) serves the bot by webhook. "
            "Unset it to poll instead.",
            file=sys.stderr,
        )
        return 2
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run(settings))
    except InvalidToken:
        print("Telegram refused TELEGRAM_BOT_TOKEN: check it with @BotFather.", file=sys.stderr)
        return 1
    except TelegramError as error:
        print(f"cyberguide could not start its Telegram bot ({type(error).__name__}).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
