"""The small chat API the widget talks to.

POST /api/session           -> 201 {"token", "expires_in"}  (the server picks the conversation id)
POST /api/message {"text"}  -> 200 {"messages": [...]}      (Authorization: Bearer <token>)
POST /api/message {"button"}   (a tap: the id of a button from the latest reply; buttons come as
                                {"title", "id"}, their payloads stay on the server)
POST /api/session/end       -> 200 {"ended": true}          (Bearer, or the token as a text/plain
DELETE /api/session                                          body so navigator.sendBeacon works)
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
from bot.channels.web.sessions import InvalidSession, Session, TooManySessions
from bot.channels.web.state import GATEWAY, Gateway

MAX_TOKEN_BYTES = 4096
# Control characters other than tab and newline have no place in a chat message.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Rasa reads text starting with "/" as an intent; only the gateway may send such messages.
_COMMAND_PREFIX = re.compile(r"^[\s/]+")

routes = web.RouteTableDef()


def clean_text(text: str) -> str:
    """Normalise a user's message: drop control characters and any leading slash."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _COMMAND_PREFIX.sub("", text).strip()


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _too_fast(wait: float) -> web.Response:
    return errors.json_error(429, errors.TOO_FAST, headers={"Retry-After": str(max(1, math.ceil(wait)))})


def _unavailable(error: RasaUnavailable) -> web.Response:
    return errors.json_error(error.status, errors.UNAVAILABLE)


def _address(request: web.Request) -> str:
    return request.remote or "unknown"


@routes.post("/api/session")
async def open_session(request: web.Request) -> web.Response:
    gateway: Gateway = request.app[GATEWAY]
    wait = gateway.address_sessions.hit(_address(request))
    if wait:
        return _too_fast(wait)
    try:
        _, token = gateway.sessions.open()
    except TooManySessions:
        return errors.json_error(503, errors.BUSY, headers={"Retry-After": "60"})
    return web.json_response({"token": token, "expires_in": int(gateway.sessions.policy.idle_timeout)}, status=201)


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
        gateway.address_messages.hit(_address(request)),
        gateway.session_messages.hit(session.conversation_id),
    )
    if wait:
        return _too_fast(wait)
    if request.content_type != "application/json":
        return errors.json_error(415, errors.NOT_JSON)

    limit = gateway.settings.max_message_chars
    try:
        body = await request.json()
    except web.HTTPRequestEntityTooLarge:
        return errors.json_error(413, errors.too_long(limit))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return errors.json_error(400, errors.BAD_JSON)
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
    try:
        messages = await gateway.rasa.send(session.conversation_id, text)
    except RasaUnavailable as error:
        return _unavailable(error)
    return web.json_response({"messages": _with_button_ids(session, messages)})


def _with_button_ids(session: Session, messages: list[BotMessage]) -> list[dict[str, Any]]:
    """The replies as the widget gets them: each button's payload swapped for an opaque id."""
    payloads = [button["payload"] for message in messages for button in message.get("buttons") or []]
    ids = iter(session.offer(payloads))
    shown: list[dict[str, Any]] = []
    for message in messages:
        item: dict[str, Any] = dict(message)
        if message.get("buttons"):
            item["buttons"] = [{"title": button["title"], "id": next(ids)} for button in message["buttons"]]
        shown.append(item)
    return shown


@routes.post("/api/session/end")
@routes.delete("/api/session")
async def end_session(request: web.Request) -> web.Response:
    """End a session and make Rasa forget it. Accepts a beacon (token as text/plain body)."""
    gateway: Gateway = request.app[GATEWAY]
    token = _bearer(request)
    if token is None and request.content_type == "text/plain":
        try:
            token = (await request.content.read(MAX_TOKEN_BYTES)).decode("ascii").strip() or None
        except UnicodeDecodeError:
            token = None
    if token is None:
        return errors.json_error(401, errors.NO_SESSION)
    try:
        conversation_id = gateway.sessions.owner(token)
    except InvalidSession:
        return errors.json_error(401, errors.NO_SESSION)
    gateway.sessions.close(conversation_id)
    gateway.session_messages.forget(conversation_id)
    assert gateway.rasa is not None, "the Rasa client is created on startup"
    await gateway.rasa.end(conversation_id)
    return web.json_response({"ended": True})


@routes.get("/api/config")
async def widget_config(request: web.Request) -> web.Response:
    settings = request.app[GATEWAY].settings
    return web.json_response({"exit_url": settings.exit_url, "max_message_chars": settings.max_message_chars})


@routes.get("/healthz")
async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})
