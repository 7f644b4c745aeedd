"""The small chat API the widget talks to.

POST /api/session           -> 201 {"token", "expires_in"}  (the server picks the conversation id)
POST /api/message {"text"}  -> 200 {"messages": [...]}      (Authorization: Bearer <token>)
POST /api/message {"button"}   (a tap: the id of a button from the latest reply; buttons come as
                                {"title", "id"}, their payloads stay on the server)
POST /api/session/end       -> 200 {"ended": true}          (Bearer, or the token as a text/plain
DELETE /api/session                                          body so navigator.sendBeacon works;
                                                             503 while Rasa has not confirmed it forgot)
GET  /api/config            -> 200 {"exit_url", "max_message_chars"}
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from aiohttp import web

from bot.channels.rasa_client import BotMessage, RasaUnavailable
from bot.channels.web import errors
from bot.channels.web.addresses import limit_key, network_key
from bot.channels.web.sessions import InvalidSession, NetworkFull, Session, TooManySessions
from bot.channels.web.state import GATEWAY, Gateway
from bot.conversation.fallback import cannot_reply

MAX_TOKEN_BYTES = 4096
# Control characters other than tab and newline have no place in a chat message, and neither do
# lone UTF-16 surrogates (JSON can carry them as "\ud800"; they are not text and trip up encoders).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
# Rasa reads text starting with "/" as an intent; only the gateway may send such messages.
_COMMAND_PREFIX = re.compile(r"^[\s/]+")
# JSON is UTF-8 (RFC 8259); a body declared in any other charset is refused, not guessed at.
_UTF8 = frozenset({"utf-8", "utf8"})
# The fields of a reply the widget shows. Anything else from Rasa (``custom`` payloads, images,
# attachments) stays on the server.
WIDGET_FIELDS = ("text", "buttons")

routes = web.RouteTableDef()


def clean_text(text: str) -> str:
    """Normalise a user's message: drop control characters, lone surrogates and any leading slash."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _COMMAND_PREFIX.sub("", text).strip()


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _too_fast(wait: float) -> web.Response:
    return errors.json_error(429, errors.TOO_FAST, headers={"Retry-After": str(max(1, math.ceil(wait)))})


def _unavailable(error: RasaUnavailable) -> web.Response:
    """Rasa is down, too slow or unreadable: the error is the safe answer, emergency numbers first."""
    return errors.json_error(error.status, cannot_reply())


def _limit_key(request: web.Request) -> str:
    """The client's address as the limits count it (the proxy middleware has set ``remote``)."""
    return limit_key(request.remote)


@routes.post("/api/session")
async def open_session(request: web.Request) -> web.Response:
    gateway: Gateway = request.app[GATEWAY]
    wait = gateway.address_sessions.hit(_limit_key(request))
    if wait:
        return _too_fast(wait)
    try:
        _, token = gateway.sessions.open(network_key(request.remote))
    except NetworkFull:
        return errors.json_error(429, errors.NETWORK_BUSY, headers={"Retry-After": "60"})
    except TooManySessions:
        return errors.json_error(503, errors.BUSY, headers={"Retry-After": "60"})
    return web.json_response({"token": token, "expires_in": int(gateway.sessions.policy.idle_timeout)}, status=201)


def _media_type(request: web.Request) -> tuple[str, str | None]:
    """The Content-Type's media type and charset; ("", None) when the header cannot be read
    (aiohttp's parser fails on some bytes outside ASCII)."""
    try:
        return request.content_type, request.charset
    except (UnicodeError, ValueError):
        return "", None


async def _json_body(request: web.Request) -> Any:
    """The request's JSON body; raises :class:`BadBody` with the answer to give when it is not."""
    media_type, charset = _media_type(request)
    if media_type != "application/json" or (charset is not None and charset.lower() not in _UTF8):
        raise BadBody(errors.json_error(415, errors.NOT_JSON))
    raw = await request.read()  # at most client_max_size bytes, else 413
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        # Not UTF-8, not JSON, or nested too deeply to read (thousands of brackets).
        raise BadBody(errors.json_error(400, errors.BAD_JSON)) from None


class BadBody(Exception):
    """A request body that cannot be read as a message; ``response`` is the kind answer."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


@routes.post("/api/message")
async def send_message(request: web.Request) -> web.Response:
    gateway: Gateway = request.app[GATEWAY]
    token = _bearer(request)
    if token is None:
        return errors.json_error(401, errors.NO_SESSION)
    try:
        session = gateway.sessions.verify(token)
    except InvalidSession:
        return errors.json_error(401, errors.NO_SESSION)

    wait = max(
        gateway.address_messages.hit(_limit_key(request)),
        gateway.session_messages.hit(session.conversation_id),
    )
    if wait:
        return _too_fast(wait)

    limit = gateway.settings.max_message_chars
    try:
        body = await _json_body(request)
    except web.HTTPRequestEntityTooLarge:
        return errors.json_error(413, errors.too_long(limit))
    except BadBody as bad:
        return bad.response
    if isinstance(body, dict) and isinstance(body.get("button"), str) and "text" not in body:
        # A tap: send exactly the payload of a button we offered (never one the client wrote).
        payload = session.tapped(body["button"])
        if payload is None:
            return errors.json_error(409, errors.STALE_CHOICE)
        text = payload
    elif isinstance(body, dict) and isinstance(body.get("text"), str):
        text = clean_text(body["text"])
        if not text:
            return errors.json_error(400, errors.EMPTY)
        if len(text) > limit:
            return errors.json_error(413, errors.too_long(limit))
    else:
        return errors.json_error(400, errors.BAD_FIELDS)

    assert gateway.rasa is not None, "the Rasa client is created on startup"
    gateway.sessions.spoke(session)
    try:
        messages = await gateway.rasa.send(session.conversation_id, text)
    except RasaUnavailable as error:
        return _unavailable(error)
    if not messages:
        # Rasa answered with nothing (a part of cyberguide failed on the way): never silence.
        messages = [{"text": cannot_reply()}]
    return web.json_response({"messages": _for_widget(session, messages)})


def _for_widget(session: Session, messages: list[BotMessage]) -> list[dict[str, Any]]:
    """The replies as the widget gets them: only the fields it shows, each button's payload swapped
    for an opaque id."""
    payloads = [button["payload"] for message in messages for button in message.get("buttons") or []]
    ids = iter(session.offer(payloads))
    shown: list[dict[str, Any]] = []
    for message in messages:
        item: dict[str, Any] = {name: message[name] for name in WIDGET_FIELDS if name in message}  # type: ignore[literal-required]
        if message.get("buttons"):
            item["buttons"] = [{"title": button["title"], "id": next(ids)} for button in message["buttons"]]
        if item:
            shown.append(item)
    return shown


async def _beacon_token(request: web.Request) -> str | None:
    """The token sent as a text/plain body (navigator.sendBeacon), however many pieces it came in."""
    if _media_type(request)[0] != "text/plain":
        return None
    data = bytearray()
    while len(data) <= MAX_TOKEN_BYTES:
        chunk = await request.content.read(MAX_TOKEN_BYTES + 1 - len(data))
        if not chunk:
            break
        data += chunk
    if len(data) > MAX_TOKEN_BYTES:
        return None
    try:
        return data.decode("ascii").strip() or None
    except UnicodeDecodeError:
        return None


@routes.post("/api/session/end")
@routes.delete("/api/session")
async def end_session(request: web.Request) -> web.Response:
    """End a session and make Rasa forget it. Accepts a beacon (token as text/plain body).

    DELETE is the widget's "Delete chat": the person asked to delete their data, so a summary they
    shared with the helpline is deleted too. POST (quick exit, a closed page) keeps it.

    Idempotent: ending a session that is already ended answers the same and sends nothing to
    Rasa, unless Rasa has yet to confirm the forget (then it is tried again now). The answer is
    a success only once Rasa has confirmed it forgot the conversation.
    Rate-limited per address: over the limit nothing is sent to Rasa now, but the chat is still
    closed here and its forget left to the sweeper, so a quick exit from a busy shared address
    (a shelter) still ends the chat.
    """
    gateway: Gateway = request.app[GATEWAY]
    delete_shared = request.method == "DELETE"
    wait = gateway.address_ends.hit(_limit_key(request))
    token = _bearer(request) or await _beacon_token(request)
    try:
        claims = gateway.sessions.claims(token or "")
    except InvalidSession:
        return _too_fast(wait) if wait else errors.json_error(401, errors.NO_SESSION)
    conversation_id: str = claims["sid"]
    gateway.session_messages.forget(conversation_id)
    ended_before = gateway.sessions.ended_here(conversation_id)
    session = gateway.sessions.close(conversation_id)
    if session is not None:
        must_tell_rasa = session.spoke
    else:
        # Not open here: ended before in this run (nothing to do, unless a forget is still owed,
        # which the sweeper retries), or opened by an earlier run of the gateway (tell Rasa once).
        must_tell_rasa = not ended_before and int(claims["iat"]) < gateway.sessions.started
    if wait:
        if must_tell_rasa:
            gateway.forgetter.owe(conversation_id, delete_shared)
        return _too_fast(wait)
    if must_tell_rasa or gateway.forgetter.pending(conversation_id):
        # A forget still owed is tried again now, so the widget's "Try again" really tries.
        forgotten = await gateway.forgetter.forget(gateway.rasa, conversation_id, delete_shared)
    else:
        forgotten = True
    if not forgotten:
        return errors.json_error(503, errors.NOT_FORGOTTEN, headers={"Retry-After": "60"})
    return web.json_response({"ended": True})


@routes.get("/api/config")
async def widget_config(request: web.Request) -> web.Response:
    settings = request.app[GATEWAY].settings
    return web.json_response({"exit_url": settings.exit_url, "max_message_chars": settings.max_message_chars})


@routes.get("/healthz")
async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})
