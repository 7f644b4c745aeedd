"""Webhook mode: the web gateway receives Telegram's updates and feeds them to the Telegram channel.

When ``TELEGRAM_BOT_TOKEN`` and ``TELEGRAM_WEBHOOK_URL`` are both set, :func:`install` adds a POST
route at the webhook URL's path (``/telegram/webhook`` if it has none) and, on start-up, registers
that URL with Telegram together with a secret token. Telegram sends the token back in a header on
every call; a call without it, or with another, gets 403 and is never read. The secret is compared
in constant time, so its characters cannot be guessed one by one from response times.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web
from telegram.error import InvalidToken, TelegramError

from bot.channels.rasa_client import RasaClient
from bot.channels.telegram.adapter import TelegramChannel
from bot.channels.web import errors
from bot.channels.web.state import GATEWAY
from bot.settings import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_PATH = "/telegram/webhook"
MAX_UPDATE_BYTES = 1024 * 1024  # far above any update Telegram sends
# What Telegram accepts as a secret token: 1-256 of A-Z, a-z, 0-9, "_" and "-".
VALID_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
RETRY_START = 30.0  # seconds between attempts to register the webhook
FORBIDDEN = "This address only takes calls from Telegram."


@dataclass
class Webhook:
    """The gateway's Telegram channel, once started."""

    channel: TelegramChannel | None = None


TELEGRAM = web.AppKey("telegram", Webhook)


def webhook_path(url: str) -> str:
    return urlsplit(url).path.rstrip("/") or DEFAULT_PATH


def install(app: web.Application, settings: Settings) -> bool:
    """Serve the Telegram webhook from this gateway, if both settings ask for it; True if it does."""
    if not (settings.telegram_bot_token and settings.telegram_webhook_url):
        return False
    if not VALID_SECRET.fullmatch(settings.telegram_webhook_secret):
        raise ValueError("TELEGRAM_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (at most 256)")
    app[TELEGRAM] = Webhook()
    app.router.add_post(webhook_path(settings.telegram_webhook_url), receive)
    app.cleanup_ctx.append(_channel)
    return True


async def _channel(app: web.Application) -> AsyncIterator[None]:
    """The Telegram channel for the gateway's lifetime, on the gateway's Rasa client (set up before it).

    Started in the background, so the web chat starts even when Telegram cannot be reached; until
    the channel is up, webhook calls get 503 (Telegram sends them again later).
    """
    gateway = app[GATEWAY]
    assert gateway.rasa is not None, "the Rasa client's context runs first"
    if not gateway.settings.telegram_webhook_url.startswith("https://"):
        log.warning("telegram: the webhook URL is not https; Telegram itself only calls https URLs")
    holder = app[TELEGRAM]
    starting = asyncio.create_task(_start_when_possible(holder, gateway.settings, gateway.rasa))
    try:
        yield
    finally:
        starting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await starting
        if holder.channel is not None:
            channel, holder.channel = holder.channel, None
            await channel.stop()


async def _start_when_possible(holder: Webhook, settings: Settings, rasa: RasaClient) -> None:
    """Register the webhook, trying again every ``RETRY_START`` seconds while Telegram cannot be reached."""
    while True:
        channel = TelegramChannel(settings, rasa)
        try:
            await channel.start_webhook(settings.telegram_webhook_url, settings.telegram_webhook_secret)
        except InvalidToken:
            log.error("telegram: the bot token was refused; the webhook is off until the gateway restarts")
            await channel.stop()
            return
        except TelegramError as error:
            log.warning("telegram: could not register the webhook (%s); trying again", type(error).__name__)
            await channel.stop()
            await asyncio.sleep(RETRY_START)
            continue
        holder.channel = channel
        return


async def receive(request: web.Request) -> web.Response:
    """One update from Telegram: 403 without the right secret; else queued for the channel, 200."""
    channel = request.app[TELEGRAM].channel
    if channel is None:
        return errors.json_error(503, errors.BUSY, headers={"Retry-After": "30"})
    given = request.headers.get(SECRET_HEADER, "").encode()
    expected = channel.settings.telegram_webhook_secret.encode()
    if not hmac.compare_digest(given, expected):
        log.warning("telegram: refused a webhook call without the right secret")
        return errors.json_error(403, FORBIDDEN)
    body = await request.content.read(MAX_UPDATE_BYTES + 1)
    if len(body) > MAX_UPDATE_BYTES:
        return errors.json_error(413, errors.TOO_BIG)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return errors.json_error(400, errors.MALFORMED)
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        return errors.json_error(400, errors.MALFORMED)
    try:
        await channel.feed(data)
    except (KeyError, TypeError, ValueError) as error:
        log.warning("telegram: a webhook call held no readable update (%s)", type(error).__name__)
        return errors.json_error(400, errors.MALFORMED)
    return web.json_response({"ok": True})
