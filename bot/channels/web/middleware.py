"""Cross-cutting HTTP behaviour: security headers, the origin allowlist (CORS), refusing compressed
bodies, the client's address behind trusted proxies, JSON errors and an access log that never
records message text, tokens or client addresses."""

from __future__ import annotations

import logging
import re
import time
import traceback
from collections.abc import Awaitable, Callable, Iterable

from aiohttp import hdrs, web
from multidict import CIMultiDict

from bot.channels.web import errors
from bot.channels.web.addresses import Network, client_address

log = logging.getLogger("cyberguide.gateway")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

API_PREFIX = "/api/"
WIDGET_PREFIX = "/widget/"
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
_STATUS_MESSAGES = {
    404: errors.NOT_FOUND,
    405: errors.NOT_ALLOWED,
    413: errors.TOO_BIG,
    415: errors.NOT_JSON,
}


def is_origin(text: str) -> bool:
    """Whether ``text`` is a plain ``scheme://host[:port]`` origin (safe to write into CSP)."""
    return _ORIGIN.fullmatch(text) is not None


def valid_origins(origins: Iterable[str]) -> tuple[str, ...]:
    """Keep only well-formed ``scheme://host[:port]`` origins (they are written into CSP)."""
    kept = []
    for origin in origins:
        origin = origin.rstrip("/")
        if _ORIGIN.match(origin):
            kept.append(origin)
        else:
            log.warning("ignoring a malformed allowed origin: %r", origin)
    return tuple(kept)


def content_security_policy(allowed_origins: Iterable[str]) -> str:
    """Our own files only: no third-party scripts, styles, fonts, images or connections."""
    ancestors = " ".join(["'self'", *allowed_origins])
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "frame-src 'self'",  # the demo page shows the widget's chat frame
            "base-uri 'none'",
            "form-action 'none'",
            f"frame-ancestors {ancestors}",
        ]
    )


def apply_security_headers(headers: CIMultiDict[str], path: str, policy: str) -> None:
    """The headers every response carries, errors and malformed requests included.

    A handler may have set a stricter policy of its own (the widget's chat page, framed by one
    site only); it is kept.
    """
    headers.setdefault("Content-Security-Policy", policy)
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    is_widget = path.startswith(WIDGET_PREFIX)
    # The widget's files are loaded by other sites' pages; everything else stays here.
    headers["Cross-Origin-Resource-Policy"] = "cross-origin" if is_widget else "same-origin"
    headers.setdefault("Cache-Control", "no-cache" if is_widget else "no-store")
    headers.popall(hdrs.SERVER, None)  # aiohttp adds its name and version; say nothing
    headers.popall(hdrs.SET_COOKIE, None)  # never, whatever any handler did


def security_headers(allowed_origins: tuple[str, ...]) -> Callable[[web.Request, web.StreamResponse], Awaitable[None]]:
    """An ``on_response_prepare`` hook: runs for every routed response, errors included (after
    aiohttp has added its defaults, so it can take the ``Server`` header away again)."""
    policy = content_security_policy(allowed_origins)

    async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
        apply_security_headers(response.headers, request.path, policy)

    return add_headers


def host_name(host: str | None) -> str:
    """The name in a Host header, lower case, without port or brackets (``[::1]:8080`` -> ``::1``)."""
    host = (host or "").strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    if host.count(":") == 1:
        host = host.partition(":")[0]
    return host.rstrip(".")


def own_origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def is_own_origin(request: web.Request, origin: str, own_hosts: Iterable[str]) -> bool:
    """Whether ``origin`` is this gateway's own, reached by one of ``own_hosts`` (never just any Host header)."""
    return host_name(request.host) in {host_name(host) for host in own_hosts} and origin == own_origin(request)


def cors_middleware(
    allowed_origins: tuple[str, ...], allowed_hosts: Iterable[str] = ()
) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """Refuse API calls from pages not on the allowlist; answer CORS for those that are.

    The gateway's own demo page may always call it, but "own" is judged by the Host header, which
    the page's author controls under DNS rebinding (evil.example made to resolve to 127.0.0.1), so
    it counts only for the host names in ``CYBERGUIDE_ALLOWED_HOSTS``.
    """
    allowed = frozenset(allowed_origins)
    hosts = frozenset(host_name(host) for host in allowed_hosts)

    def is_own(request: web.Request, origin: str) -> bool:
        return is_own_origin(request, origin, hosts)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            return await handler(request)
        origin = request.headers.get("Origin")
        if origin is not None and origin not in allowed and not is_own(request, origin):
            refusal = errors.json_error(403, errors.ORIGIN)
            if request.method != "OPTIONS" and _ORIGIN.match(origin):
                # Let the refused page read why (a site owner sees a clear message); a refused
                # preflight stays unreadable, so the real request is never sent. Only a real
                # origin is repeated back, never whatever text a client put in the header.
                refusal.headers["Access-Control-Allow-Origin"] = origin
                refusal.headers["Vary"] = "Origin"
            return refusal
        if request.method == "OPTIONS":
            response: web.StreamResponse = web.Response(status=204)
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            response.headers["Access-Control-Max-Age"] = "600"
        else:
            response = await handler(request)
        if origin is not None:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = "Retry-After"
            response.headers["Vary"] = "Origin"
        return response

    return middleware


@web.middleware
async def refuse_compressed_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse compressed request bodies unread (a 300 KB gzip body can inflate to gigabytes).

    The server is run with aiohttp's automatic decompression off (see ``app.HTTP_LIMITS``), so a
    compressed body is only ever bytes to discard; this answers the sender kindly.
    """
    encoding = request.headers.get(hdrs.CONTENT_ENCODING, "identity").strip().lower()
    if encoding not in ("", "identity"):
        return errors.json_error(415, errors.COMPRESSED)
    return await handler(request)


def proxy_middleware(trusted: tuple[Network, ...]) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """Behind trusted reverse proxies, make ``request.remote`` the client's address (and the scheme
    the one the client used), as aiohttp's ``Request.clone`` is meant for."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not trusted:
            return await handler(request)
        remote = client_address(request.remote, request.headers.getall(hdrs.X_FORWARDED_FOR, []), trusted)
        if remote is None or remote == request.remote:
            return await handler(request)
        proto = request.headers.get(hdrs.X_FORWARDED_PROTO, "").rpartition(",")[2].strip().lower()
        if proto in ("http", "https"):
            return await handler(request.clone(remote=remote, scheme=proto))
        return await handler(request.clone(remote=remote))

    return middleware


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn every HTTP error into a JSON answer with a readable sentence."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        headers = {name: error.headers[name] for name in ("Allow", "Retry-After") if name in error.headers}
        message = _STATUS_MESSAGES.get(error.status, error.reason)
        return errors.json_error(error.status, message, headers=headers)
    except Exception as error:
        # Where it failed, but not the exception's message: that can quote the request (a header,
        # a charset name, a piece of the body).
        frames = "".join(traceback.format_tb(error.__traceback__))
        log.error("unexpected %s in %s %s\n%s", type(error).__name__, request.method, _route_name(request), frames)
        return errors.json_error(500, "Something went wrong on our side. Please try again.")


@web.middleware
async def access_log_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Log method, route, status and time only: never text, tokens, ids or addresses."""
    started = time.perf_counter()
    response = await handler(request)
    elapsed = (time.perf_counter() - started) * 1000
    log.info("%s %s %d %.0fms", request.method, _route_name(request), response.status, elapsed)
    return response


def _route_name(request: web.Request) -> str:
    """The matched route pattern (e.g. ``/widget/{filename}``), never the raw, user-made path."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "<unmatched>"
