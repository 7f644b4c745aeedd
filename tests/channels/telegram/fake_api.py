"""A small Telegram Bot API server on loopback, for the real python-telegram-bot to talk to.

It speaks real HTTP at ``/bot<token>/<method>`` like api.telegram.org (reached through
``TELEGRAM_API_URL``) and implements the methods cyberguide uses: getMe, getUpdates (long
polling), sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery,
sendChatAction, deleteMessage, setWebhook, deleteWebhook, setMyCommands and leaveChat. Tests play
the person with :meth:`FakeTelegram.user_says`, :meth:`user_taps` and the like, and read what
the bot did from :attr:`FakeTelegram.chats` and :attr:`FakeTelegram.calls`. A method can be made to
fail (``fail_next``) to test retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456:TEST-token-for-the-fake-bot-api"
BOT_ID = 123456


@dataclass
class Sent:
    """A message in a chat, as the fake server holds it."""

    message_id: int
    text: str
    from_bot: bool
    reply_markup: dict[str, Any] | None = None
    deleted: bool = False
    edits: int = 0

    @property
    def buttons(self) -> list[dict[str, Any]]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]


@dataclass
class Chat:
    chat_id: int
    type: str = "private"
    title: str | None = None
    messages: list[Sent] = field(default_factory=list)
    left: bool = False

    def bot_messages(self) -> list[Sent]:
        return [m for m in self.messages if m.from_bot and not m.deleted]

    def bot_texts(self) -> list[str]:
        return [m.text for m in self.bot_messages()]


class FakeTelegram:
    """The fake Bot API. ``await start()`` serves it; ``url`` is what TELEGRAM_API_URL should be."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.chats: dict[int, Chat] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] = {}
        self.commands: list[dict[str, Any]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.fail_next: dict[str, list[tuple[int, dict[str, Any]]]] = {}  # method -> (status, error body)
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._new_update = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0
        app = web.Application()
        app.router.add_route("POST", "/bot{token}/{method}", self._dispatch)
        app.router.add_route("GET", "/bot{token}/{method}", self._dispatch)
        self.app = app

    # -- serving --------------------------------------------------------------------------------------

    async def start(self, port: int = 0) -> FakeTelegram:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        self._new_update.set()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- the person's side ------------------------------------------------------------------------------

    def chat(self, chat_id: int, type: str = "private") -> Chat:
        if chat_id not in self.chats:
            self.chats[chat_id] = Chat(chat_id, type, None if type == "private" else "Some group")
        return self.chats[chat_id]

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": "Sam", "language_code": "en"}

    def _chat_json(self, chat: Chat) -> dict[str, Any]:
        if chat.type == "private":
            return {"id": chat.chat_id, "type": "private", "first_name": "Sam"}
        return {"id": chat.chat_id, "type": chat.type, "title": chat.title}

    def _push(self, update: dict[str, Any]) -> dict[str, Any]:
        update["update_id"] = next(self._update_ids)
        self.updates.append(update)
        self._new_update.set()
        return update

    def _incoming(self, user_id: int, chat_id: int | None, chat_type: str, **content: Any) -> dict[str, Any]:
        chat = self.chat(chat_id if chat_id is not None else user_id, chat_type)
        message_id = next(self._message_ids)
        chat.messages.append(Sent(message_id, content.get("text") or content.get("caption") or "", from_bot=False))
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat_json(chat),
            "from": self._user(user_id),
            **content,
        }

    def user_says(self, user_id: int, text: str, chat_id: int | None = None, chat_type: str = "private") -> dict:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._push({"message": self._incoming(user_id, chat_id, chat_type, **content)})

    def user_sends_photo(self, user_id: int) -> dict:
        photo = [{"file_id": "photo-file", "file_unique_id": "p1", "width": 640, "height": 480}]
        return self._push({"message": self._incoming(user_id, None, "private", photo=photo, caption="this is him")})

    def user_sends(self, user_id: int, **content: Any) -> dict:
        """Any other kind of message: ``voice={...}``, ``sticker={...}``, ``location={...}``..."""
        return self._push({"message": self._incoming(user_id, None, "private", **content)})

    def user_edits(self, user_id: int, message_id: int, text: str) -> dict:
        chat = self.chat(user_id)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "edit_date": int(time.time()),
            "chat": self._chat_json(chat),
            "from": self._user(user_id),
            "text": text,
        }
        return self._push({"edited_message": message})

    def user_taps(self, user_id: int, message: Sent, data: str) -> dict:
        chat = self.chat(user_id)
        query = {
            "id": str(next(self._update_ids) * 7),
            "from": self._user(user_id),
            "chat_instance": "ci-1",
            "data": data,
            "message": {
                "message_id": message.message_id,
                "date": int(time.time()),
                "chat": self._chat_json(chat),
                "from": self._bot(),
                "text": message.text,
                "reply_markup": message.reply_markup,
            },
        }
        return self._push({"callback_query": query})

    def bot_added_to_group(self, user_id: int, group_id: int) -> dict:
        chat = self.chat(group_id, "group")
        member = {
            "chat": self._chat_json(chat),
            "from": self._user(user_id),
            "date": int(time.time()),
            "old_chat_member": {"user": self._bot(), "status": "left"},
            "new_chat_member": {"user": self._bot(), "status": "member"},
        }
        return self._push({"my_chat_member": member})

    # -- waiting for the bot ----------------------------------------------------------------------------

    async def wait_for(self, condition: Any, timeout: float = 10.0, what: str = "the bot") -> None:
        """Wait until ``condition()`` is true (the bot works in the same event loop)."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; calls: {[c[0] for c in self.calls][-20:]}")
            await asyncio.sleep(0.02)

    async def replies_after(
        self, chat_id: int, before: int, timeout: float = 10.0, settle: float = 0.3, count: int = 1
    ) -> list[Sent]:
        """The bot's messages after the first ``before`` ones, once it has sent at least ``count`` and
        then gone quiet for ``settle`` seconds."""
        chat = self.chat(chat_id)
        await self.wait_for(lambda: len(self._from_bot(chat)) >= before + count, timeout)
        count = -1
        while count != len(self._from_bot(chat)):
            count = len(self._from_bot(chat))
            await asyncio.sleep(settle)
        return self._from_bot(chat)[before:]

    @staticmethod
    def _from_bot(chat: Chat) -> list[Sent]:
        return [m for m in chat.messages if m.from_bot]

    def called(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    # -- the Bot API ------------------------------------------------------------------------------------

    def _bot(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "cyberguide", "username": "cyberguide_test_bot"}

    async def _dispatch(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await _params(request)
        self.calls.append((method, params))
        if self.fail_next.get(method):
            status, body = self.fail_next[method].pop(0)
            return web.json_response({"ok": False, "error_code": status, **body}, status=status)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        try:
            result = await handler(params)
        except BadRequest as error:
            return web.json_response({"ok": False, "error_code": 400, "description": str(error)}, status=400)
        return web.json_response({"ok": True, "result": result})

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return {**self._bot(), "can_join_groups": True, "can_read_all_group_messages": False}

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 1.0)  # short long-polls keep the tests quick
        deadline = time.monotonic() + timeout
        while True:
            fresh = [u for u in self.updates if u["update_id"] >= offset]
            if fresh or time.monotonic() >= deadline:
                return fresh[:100]
            self._new_update.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), max(0.01, deadline - time.monotonic()))

    def _message(self, chat: Chat, sent: Sent) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "chat": self._chat_json(chat),
            "from": self._bot(),
            "text": sent.text,
        }
        if sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        return message

    def _find(self, params: dict[str, Any]) -> tuple[Chat, Sent]:
        chat = self.chats.get(int(params["chat_id"]))
        message_id = int(params["message_id"])
        found = next((m for m in chat.messages if m.message_id == message_id), None) if chat else None
        if chat is None or found is None or found.deleted:
            raise BadRequest("Bad Request: message to edit not found")
        return chat, found

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat = self.chats.get(int(params["chat_id"]))
        if chat is None:
            raise BadRequest("Bad Request: chat not found")
        text = str(params["text"])
        if not text.strip():
            raise BadRequest("Bad Request: message text is empty")
        if len(text) > 4096:
            raise BadRequest("Bad Request: message is too long")
        markup = params.get("reply_markup") or None
        for button in [b for row in (markup or {}).get("inline_keyboard", []) for b in row]:
            if len(button.get("callback_data", "").encode()) > 64:
                raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
        sent = Sent(next(self._message_ids), text, from_bot=True, reply_markup=markup)
        chat.messages.append(sent)
        return self._message(chat, sent)

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        chat, sent = self._find(params)
        if sent.text == params["text"] and sent.reply_markup == (params.get("reply_markup") or None):
            raise BadRequest("Bad Request: message is not modified")
        sent.text, sent.reply_markup = str(params["text"]), params.get("reply_markup") or None
        sent.edits += 1
        return self._message(chat, sent)

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        chat, sent = self._find(params)
        markup = params.get("reply_markup") or None
        if sent.reply_markup == markup:
            raise BadRequest("Bad Request: message is not modified")
        sent.reply_markup = markup
        sent.edits += 1
        return self._message(chat, sent)

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        self.callback_answers.append(params)
        return True

    async def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_deleteMessage(self, params: dict[str, Any]) -> Any:
        _, sent = self._find(params)
        sent.deleted = True
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = params
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {}
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands = list(params.get("commands") or [])
        return True

    async def _api_leaveChat(self, params: dict[str, Any]) -> Any:
        chat = self.chats.get(int(params["chat_id"]))
        if chat is None:
            raise BadRequest("Bad Request: chat not found")
        chat.left = True
        return True


class BadRequest(Exception):
    pass


async def _params(request: web.Request) -> dict[str, Any]:
    """A call's parameters however they came (query, form or JSON), with JSON-encoded values decoded
    (python-telegram-bot sends objects such as reply_markup as JSON text in a form field)."""
    raw: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        raw.update(await request.json())
    elif request.can_read_body:
        raw.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and value.startswith(("[", "{")):
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        params[key] = value
    return params
