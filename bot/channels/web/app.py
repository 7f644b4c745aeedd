"""Builds the gateway's aiohttp application: routes, middleware, static files, background jobs.

Serve it with :class:`bot.channels.web.connections.GatewayRunner` (as ``python -m bot.channels.web``
does), which adds the connection limits aiohttp's own runner lacks.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.channels.rasa_client import RasaClient
from bot.channels.web import api, middleware, widget_page
from bot.channels.web.forget import Forgetter
from bot.channels.web.ratelimit import RateLimits
from bot.channels.web.sessions import SessionPolicy, SessionStore
from bot.channels.web.state import GATEWAY, Gateway
from bot.conversation.fallback import load_numbers
from bot.settings import Settings

log = logging.getLogger("cyberguide.gateway")

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
DEMO_PAGE = WEB_DIR / "templates" / "index.html"


def http_limits(settings: Settings) -> dict[str, object]:
    """Options for aiohttp's HTTP protocol, however the app is served (runner, test server).

    ``auto_decompress`` off: aiohttp would otherwise inflate a gzip request body as it arrives, before
    any handler runs (eight 300 KB bodies to /healthz took the gateway past 1 GB); compressed bodies
    are refused unread instead (``middleware.refuse_compressed_middleware``).
    """
    return {
        "auto_decompress": False,
        "keepalive_timeout": settings.keepalive_timeout,
        "lingering_time": 2.0,  # how long an unread body is drained before the connection closes
        "max_line_size": 8190,
        "max_field_size": 8190,
        "max_headers": 64,
    }


def create_app(
    settings: Settings,
    *,
    limits: RateLimits = RateLimits(),
    policy: SessionPolicy | None = None,
    sweep_interval: float = 30.0,
) -> web.Application:
    """The public gateway for ``settings``; limits, session policy and sweep interval are overridable for tests."""
    origins = middleware.valid_origins(settings.allowed_origins)
    forgetter = Forgetter(give_up_after=settings.tracker_ttl_minutes * 60)
    sessions = SessionStore(
        settings.secret_key,
        policy
        or SessionPolicy(
            idle_timeout=settings.session_idle_timeout,
            max_age=settings.session_max_age,
            max_sessions=settings.max_sessions,
            max_per_network=settings.max_sessions_per_network,
        ),
        on_expired=forgetter.owe,
    )
    gateway = Gateway(settings=settings, sessions=sessions, limits=limits, forgetter=forgetter)
    app = web.Application(
        middlewares=[
            middleware.access_log_middleware,
            middleware.refuse_compressed_middleware,
            middleware.proxy_middleware(gateway.trusted_proxies),
            middleware.cors_middleware(origins, _own_hosts(settings)),
            middleware.error_middleware,
        ],
        # Room for the longest allowed message even if every character is JSON-escaped.
        client_max_size=settings.max_message_chars * 6 + 1024,
        handler_args=http_limits(settings),
    )
    app[GATEWAY] = gateway
    # aiohttp 3.9 types this signal's items as its own type parameter; the hook's signature is the documented one.
    app.on_response_prepare.append(middleware.security_headers(origins))  # type: ignore[arg-type]
    app.cleanup_ctx.append(_rasa_client)
    app.cleanup_ctx.append(_sweeper(sweep_interval))
    if settings.telegram_bot_token and settings.telegram_webhook_url:
        # Telegram's webhook mode (after the Rasa client, which it shares). Imported here: the
        # Telegram channel uses parts of this package, and the gateway needs it only in this mode.
        from bot.channels.telegram import webhook as telegram_webhook

        telegram_webhook.install(app, settings)

    demo_page = _render_demo_page(settings)

    async def index(request: web.Request) -> web.Response:
        return web.Response(text=demo_page, content_type="text/html", charset="utf-8")

    app.router.add_get("/", index)
    app.router.add_routes(api.routes)
    # The chat itself, shown in the widget's frame (before the static files, which share the prefix).
    app.router.add_get(widget_page.CHAT_PATH, widget_page.chat_page(origins, _own_hosts(settings)))
    app.router.add_static("/widget/", STATIC_DIR, show_index=False, follow_symlinks=False)
    return app


def _own_hosts(settings: Settings) -> tuple[str, ...]:
    """The host names the gateway answers to as itself: the allowed ones and the address it listens on."""
    listening = () if settings.gateway_host in ("", "0.0.0.0", "::") else (settings.gateway_host,)
    return (*settings.allowed_hosts, *listening)


def _render_demo_page(settings: Settings) -> str:
    page = DEMO_PAGE.read_text(encoding="utf-8")
    return page.replace("{{ exit_url }}", html.escape(settings.exit_url, quote=True))


async def _rasa_client(app: web.Application) -> AsyncIterator[None]:
    """One shared HTTP client session for every call to Rasa."""
    gateway = app[GATEWAY]
    load_numbers()  # the emergency numbers of the answer given when Rasa can't reply, read in the background
    async with aiohttp.ClientSession() as http:
        gateway.rasa = RasaClient(gateway.settings.rasa_targets, http, gateway.settings.rasa_timeout)
        yield
        gateway.rasa = None


def _sweeper(interval: float) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup context that, on a timer, ends idle sessions (Rasa forgets those that spoke),
    retries forgets Rasa has not confirmed, and prunes rate-limit buckets."""

    async def run(gateway: Gateway) -> None:
        while True:
            await asyncio.sleep(interval)
            expired = gateway.sessions.sweep()  # those that spoke are now owed to the forgetter
            gateway.sweep_limiters()
            for conversation_id in expired:
                gateway.session_messages.forget(conversation_id)
            owed = await gateway.forgetter.retry(gateway.rasa)
            if expired:
                log.info("ended %d idle sessions", len(expired))
            if owed:
                log.warning("rasa has yet to confirm it forgot %d conversations; trying again", owed)

    async def context(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(run(app[GATEWAY]))
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return context
