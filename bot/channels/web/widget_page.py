"""The chat page the widget's frame shows (``GET /widget/chat``): the chat UI, its token and
transcript live here, on the gateway's own origin, under a policy of their own.

The one-tag embed (``cyberguide-widget.js``) runs in the host site's page and only adds a quick
exit button, a launcher and an iframe pointing here, e.g.
``/widget/chat?host=https://helpline.example&mode=floating``. The host page cannot read inside a
frame from another origin, so its analytics or session-replay scripts never see the chat.

``host`` is the embedding page's origin. It must be on the allowlist (or be the gateway itself,
for the demo page), and it becomes the page's only ``frame-ancestors``: a page that names another
site than its own is not allowed to show the frame at all, so the frame can trust ``host`` as the
one window it talks to with ``postMessage``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Literal

from aiohttp import web

from bot.channels.web import errors
from bot.channels.web.middleware import is_origin, is_own_origin
from bot.channels.web.state import GATEWAY

CHAT_PATH = "/widget/chat"
TEMPLATES = Path(__file__).resolve().parent / "templates"
CHAT_PAGE = TEMPLATES / "chat.html"
REFUSED_PAGE = TEMPLATES / "chat-refused.html"
MAX_EXIT_URL_CHARS = 2000
MAX_TITLE_CHARS = 60
DEFAULT_TITLE = "cyberguide"
_EXIT_URL = re.compile(r"^https?://[^\s\"'<>\\]+$")

Mode = Literal["inline", "floating"]


def frame_policy(host: str | None) -> str:
    """The chat page's Content-Security-Policy: its own files and API only, no inline script, no
    third-party requests, Trusted Types on (no HTML is ever parsed from strings), and framed only
    by ``host`` (``'none'``: not framed at all, when no host is named)."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors " + (host or "'none'"),
            "require-trusted-types-for 'script'",
            "trusted-types 'none'",
        ]
    )


def exit_url_from(query: str | None, default: str) -> str:
    """The neutral page the quick exit goes to: the embedding site's choice if it is a plain
    http(s) URL, else the gateway's own (``CYBERGUIDE_EXIT_URL``)."""
    if query and len(query) <= MAX_EXIT_URL_CHARS and _EXIT_URL.fullmatch(query):
        return query
    return default


def title_from(query: str | None) -> str:
    text = " ".join((query or "").split())[:MAX_TITLE_CHARS]
    return text or DEFAULT_TITLE


def mode_from(query: str | None) -> Mode:
    return "floating" if query == "floating" else "inline"


def chat_page(
    allowed_origins: tuple[str, ...], own_hosts: Iterable[str]
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The handler for ``GET /widget/chat``; ``allowed_origins`` may frame it, and so may the
    gateway's own pages when reached by one of ``own_hosts``."""
    allowed = frozenset(allowed_origins)
    hosts = tuple(own_hosts)
    page = CHAT_PAGE.read_text(encoding="utf-8")
    refused = REFUSED_PAGE.read_text(encoding="utf-8")

    def may_frame(request: web.Request, origin: str) -> bool:
        return origin in allowed or is_own_origin(request, origin, hosts)

    async def handler(request: web.Request) -> web.Response:
        settings = request.app[GATEWAY].settings
        host = request.query.get("host") or None
        if host is not None and not is_origin(host):
            return errors.json_error(400, errors.MALFORMED)
        if host is not None and not may_frame(request, host):
            # Shown inside the refused site's frame (only there), so its owner sees why.
            return _html(refused.replace("{{ message }}", html.escape(errors.ORIGIN, quote=False)), frame_policy(host))
        values = {
            "host": host or "",
            "mode": mode_from(request.query.get("mode")),
            "exit_url": exit_url_from(request.query.get("exit"), settings.exit_url),
            "title": title_from(request.query.get("title")),
            "max_chars": str(settings.max_message_chars),
        }
        text = page
        for name, value in values.items():
            text = text.replace("{{ " + name + " }}", html.escape(value, quote=True))
        return _html(text, frame_policy(host))

    return handler


def _html(text: str, policy: str) -> web.Response:
    response = web.Response(text=text, content_type="text/html", charset="utf-8")
    response.headers["Content-Security-Policy"] = policy
    response.headers["Cache-Control"] = "no-store"  # made for one embedding site; never reused
    return response
