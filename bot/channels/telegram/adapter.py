"""One adapter between Telegram and Rasa, whichever way updates arrive (polling or the gateway's webhook).

A person writes "My ex keeps turning up at my work" in a private chat: the adapter shows the
typing indicator, sends the text to Rasa under a keyed hash of their Telegram user id, and sends
Rasa's replies back (long ones cut between paragraphs, buttons as an inline keyboard). A tap on a
button sends Rasa exactly that button's payload, and the question is marked with the answer.

Nothing about a person is written anywhere: per chat, the adapter keeps in memory the buttons it
last offered, the ids of recent messages (for /exit) and, while Rasa cannot be reached, the
messages waiting for it. Logs name only what happened, never a person, an id or their words.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, UpdateType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.channels.rasa_client import BotMessage, RasaClient, RasaUnavailable
from bot.channels.telegram.formatting import split_reply
from bot.channels.telegram.retry import RetryingLimiter
from bot.channels.telegram.wording import Wording, wording
from bot.channels.web.api import clean_text
from bot.channels.web.forget import Forgetter
from bot.conversation.buttons import intent_payload
from bot.settings import Settings

log = logging.getLogger(__name__)

CONVERSATION_PREFIX = "tg-"
BUTTON = "b:"  # callback data of a Rasa button: "b:<opaque id>"
DELETE_YES, DELETE_NO = "delete:yes", "delete:no"
TYPING_EVERY = 4.5  # seconds; Telegram shows the indicator for about five
RECENT_MESSAGES = 200  # message ids per chat kept for /exit
DELETABLE_FOR = 47 * 3600.0  # Telegram lets a bot delete messages younger than 48 hours
MAX_WAITING = 10  # messages per chat held while Rasa cannot be reached
RETRY_DELAYS = (5.0, 10.0, 20.0, 40.0, 60.0)  # then every 60 s until give_up_after
# The updates the bot asks Telegram for: what people send, their taps, and being added to a group or channel.
ALLOWED_UPDATES = [
    UpdateType.MESSAGE,
    UpdateType.EDITED_MESSAGE,
    UpdateType.CALLBACK_QUERY,
    UpdateType.MY_CHAT_MEMBER,
    UpdateType.CHANNEL_POST,
]
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def conversation_id(user_id: int, key: str) -> str:
    """The id Rasa knows a Telegram user by: a keyed hash, so neither Rasa nor its logs hold the raw id,
    and nobody without the key can work one out from the other."""
    digest = hmac.new(key.encode(), f"telegram-user:{user_id}".encode(), hashlib.sha256).hexdigest()
    return CONVERSATION_PREFIX + digest[:32]


@dataclass
class ChatState:
    """What the adapter keeps about one private chat, in memory only."""

    chat_id: int
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # The buttons of Rasa's latest reply: opaque id -> (payload, title). Only these can be tapped.
    offered: dict[str, tuple[str, str]] = field(default_factory=dict)
    keyboards: list[int] = field(default_factory=list)  # messages that still show those buttons
    recent: deque[tuple[int, float]] = field(default_factory=lambda: deque(maxlen=RECENT_MESSAGES))
    waiting: list[str] = field(default_factory=list)  # messages Rasa has yet to receive
    retrying: asyncio.Task[None] | None = None

    def offer(self, buttons: Sequence[tuple[str, str]]) -> list[str]:
        """Replace the tappable buttons with these (payload, title) pairs; a fresh opaque id for each."""
        self.offered = {secrets.token_urlsafe(9): button for button in buttons}
        return list(self.offered)


class ChatStates:
    """The chats seen lately, oldest dropped first beyond ``capacity`` (none holds anything Rasa needs)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._states: OrderedDict[str, ChatState] = OrderedDict()

    def get(self, conversation: str, chat_id: int) -> ChatState:
        state = self._states.get(conversation)
        if state is None:
            state = self._states[conversation] = ChatState(chat_id=chat_id)
            while len(self._states) > self.capacity:
                oldest, dropped = next(iter(self._states.items()))
                if dropped.waiting or dropped.lock.locked():
                    break  # still busy: it will be dropped later
                del self._states[oldest]
        self._states.move_to_end(conversation)
        return state

    def drop(self, conversation: str) -> None:
        state = self._states.pop(conversation, None)
        if state is not None and state.retrying is not None:
            state.retrying.cancel()

    def __len__(self) -> int:
        return len(self._states)


class TelegramChannel:
    """Builds and runs the ``Application``; ``start_polling()`` or ``start_webhook()``, then ``stop()``."""

    def __init__(
        self,
        settings: Settings,
        rasa: RasaClient,
        *,
        emergency_numbers: Callable[[], str] | None = None,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        give_up_after: float = 600.0,
        poll_timeout: int = 30,
    ) -> None:
        if not settings.telegram_bot_token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        quiet_library_logs()
        self.settings = settings
        self.rasa = rasa.for_channel("telegram")  # a case shared from here says it came from Telegram
        self.words: Wording = wording()
        self.forgetter = Forgetter(give_up_after=settings.tracker_ttl_minutes * 60)
        self.chats = ChatStates(settings.max_sessions)
        self.retry_delays = tuple(retry_delays)
        self.give_up_after = give_up_after
        self.poll_timeout = poll_timeout
        self._numbers_source = emergency_numbers or _numbers_from_knowledge_base
        self._numbers: str | None = None
        self._sweeper: asyncio.Task[None] | None = None
        self.application = self._build(webhook=bool(settings.telegram_webhook_url))

    # -- running ------------------------------------------------------------------------------------

    def _build(self, webhook: bool) -> Application:
        api = self.settings.telegram_api_url.rstrip("/")
        builder: ApplicationBuilder = (
            Application.builder()
            .token(self.settings.telegram_bot_token)
            .base_url(f"{api}/bot")
            .base_file_url(f"{api}/file/bot")
            .rate_limiter(RetryingLimiter())
            # Chats are answered side by side; each chat's own messages in order (ChatState.lock).
            .concurrent_updates(64)
        )
        if webhook:
            builder = builder.updater(None)
        application = builder.build()
        self._add_handlers(application)
        return application

    def _add_handlers(self, app: Application) -> None:
        app.add_handler(TypeHandler(Update, self._private_only), group=-1)
        private = filters.ChatType.PRIVATE
        for command, handler in (
            ("start", self._start),
            ("help", self._help),
            ("restart", self._restart),
            ("delete", self._delete),
            ("exit", self._exit),
        ):
            app.add_handler(CommandHandler(command, handler, filters=private))
        app.add_handler(CallbackQueryHandler(self._tap))
        app.add_handler(MessageHandler(filters.UpdateType.EDITED, self._other("edited")))
        # Text, and commands it does not know ("/hello" is read as "hello").
        app.add_handler(MessageHandler(private & filters.TEXT, self._text))
        for kind, wanted in (
            ("photo", filters.PHOTO),
            ("voice", filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE),
            ("video", filters.VIDEO | filters.ANIMATION),
            ("sticker", filters.Sticker.ALL),
            ("document", filters.Document.ALL),
            ("location", filters.LOCATION | filters.VENUE),
            ("contact", filters.CONTACT),
        ):
            app.add_handler(MessageHandler(private & wanted, self._other(kind)))
        app.add_handler(MessageHandler(private & filters.ALL, self._other("other")))
        app.add_error_handler(self._failed)

    async def _prepare(self) -> None:
        await self.application.initialize()
        self._numbers = await self._load_numbers()
        commands = [BotCommand(name, text) for name, text in self.words.commands.items()]
        try:
            await self.application.bot.set_my_commands(commands)
        except TelegramError as error:
            log.warning("telegram: could not register the commands menu (%s)", type(error).__name__)
        self._sweeper = asyncio.create_task(self._sweep_forgets())

    async def start_polling(self) -> None:
        """Fetch updates from Telegram (getUpdates) until :meth:`stop`."""
        await self._prepare()
        await self.application.start()
        assert self.application.updater is not None, "built with an updater for polling"
        await self.application.updater.start_polling(
            timeout=self.poll_timeout, allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False
        )
        log.info("telegram: polling for updates")

    async def start_webhook(self, url: str, secret: str) -> None:
        """Register ``url`` with Telegram (with ``secret`` as its secret token); updates come through :meth:`feed`."""
        await self._prepare()
        await self.application.start()
        await self.application.bot.set_webhook(url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        log.info("telegram: webhook registered")

    async def feed(self, data: dict[str, Any]) -> None:
        """An update the webhook received, handed to the application's queue."""
        update = Update.de_json(data, self.application.bot)
        await self.application.update_queue.put(update)

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    async def _sweep_forgets(self) -> None:
        """Forgets Rasa has not confirmed (after /delete or /exit) are tried again every minute."""
        while True:
            await asyncio.sleep(60)
            owed = await self.forgetter.retry(self.rasa)
            if owed:
                log.warning("telegram: rasa has yet to confirm it forgot %d conversations", owed)

    # -- emergency numbers ----------------------------------------------------------------------------

    async def _load_numbers(self) -> str | None:
        try:
            return await asyncio.to_thread(self._numbers_source) or None
        except Exception as error:  # the knowledge base is unreadable: the message says "your local number"
            log.error("telegram: could not read the emergency numbers (%s)", type(error).__name__)
            return None

    def numbers(self) -> str:
        """Every country's emergency number, from the knowledge base (read at start-up)."""
        return self._numbers or self.words.say("local_emergency_number")

    # -- updates ----------------------------------------------------------------------------------------

    def _state(self, update: Update) -> tuple[str, ChatState]:
        user, chat = update.effective_user, update.effective_chat
        assert user is not None and chat is not None, "private-chat updates have both"
        conversation = conversation_id(user.id, self.settings.telegram_id_key)
        return conversation, self.chats.get(conversation, chat.id)

    async def _private_only(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a group or channel: say why, leave, and handle nothing else from there."""
        chat = update.effective_chat
        if chat is None or chat.type == ChatType.PRIVATE:
            return
        member = update.my_chat_member
        if member is not None and member.new_chat_member.status in ("left", "kicked"):
            raise ApplicationHandlerStop  # already out
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(chat.id, self.words.say("group"))
        try:
            await context.bot.leave_chat(chat.id)
            log.info("telegram: left a %s chat", chat.type)
        except TelegramError as error:
            log.warning("telegram: could not leave a %s chat (%s)", chat.type, type(error).__name__)
        raise ApplicationHandlerStop

    async def _start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Rasa's greeting, then what Telegram itself keeps (which cyberguide cannot erase)."""
        answered = await self._converse_from(update, intent_payload("greet"))
        if answered:
            _, state = self._state(update)
            await self._send(state, self.words.say("about_telegram"))

    async def _restart(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._converse_from(update, intent_payload("start_over"))

    async def _help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        _, state = self._state(update)
        self._note(state, update.effective_message)
        await self._send(state, self.words.say("help", numbers=self.numbers()))

    async def _text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        text = clean_text(message.text)
        if not text:
            return
        if len(text) > self.settings.max_message_chars:
            _, state = self._state(update)
            self._note(state, message)
            await self._send(state, self.words.say("too_long", limit=self.settings.max_message_chars))
            return
        await self._converse_from(update, text)

    def _other(self, kind: str) -> Handler:
        """A kind answer to something that is not text; nothing of it is kept or downloaded."""

        async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            chat = update.effective_chat
            if chat is None or chat.type != ChatType.PRIVATE or update.effective_user is None:
                return
            _, state = self._state(update)
            self._note(state, update.effective_message)
            await self._send(state, self.words.say(kind))

        return answer

    async def _tap(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        if update.effective_user is None or update.effective_chat is None:
            return
        conversation, state = self._state(update)
        data = query.data or ""
        if data in (DELETE_YES, DELETE_NO):
            await self._answer(query)
            await self._unmark_keyboard(query, None)
            if data == DELETE_YES:
                await self._confirm_delete(conversation, state)
            else:
                await self._send(state, self.words.say("delete_kept"))
            return
        async with state.lock:
            chosen = state.offered.get(data.removeprefix(BUTTON)) if data.startswith(BUTTON) else None
            if chosen is None:
                await self._answer(query, self.words.say("stale_button"))
                await self._unmark_keyboard(query, None)
                return
            payload, title = chosen
            await self._answer(query)
            await self._unmark_keyboard(query, title)
            if isinstance(query.message, Message):
                state.keyboards = [kept for kept in state.keyboards if kept != query.message.message_id]
            state.offered = {}
            await self._converse_or_wait(conversation, state, payload)

    async def _delete(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        _, state = self._state(update)
        self._note(state, update.effective_message)
        keyboard = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(self.words.say("delete_yes"), callback_data=DELETE_YES)],
                [InlineKeyboardButton(self.words.say("delete_no"), callback_data=DELETE_NO)],
            ]
        )
        await self._send(state, self.words.say("delete_confirm"), keyboard)

    async def _exit(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Delete what Telegram lets the bot delete (its messages, and the person's, under 48 hours old),
        forget the conversation, and say how to delete the chat on the person's side.

        The chat's lock is held throughout, so a reply still on its way is sent (and deleted) first.
        """
        conversation, state = self._state(update)
        self._note(state, update.effective_message)
        async with state.lock:
            state.keyboards.clear()  # their messages are about to go
            now = time.time()
            deleted = 0
            for message_id, sent in list(state.recent):
                if now - sent > DELETABLE_FOR:
                    continue
                try:
                    await self.application.bot.delete_message(state.chat_id, message_id)
                    deleted += 1
                except TelegramError:
                    continue  # already gone, or too old: nothing more Telegram allows
            state.recent.clear()
            log.info("telegram: /exit deleted %d messages", deleted)
            await self._forget(conversation, state, "exit", "exit_not_yet", remember_reply=False)

    async def _confirm_delete(self, conversation: str, state: ChatState) -> None:
        async with state.lock:
            await self._forget(conversation, state, "delete_done", "delete_not_yet", delete_shared=True)

    async def _forget(
        self,
        conversation: str,
        state: ChatState,
        done: str,
        not_yet: str,
        remember_reply: bool = True,
        delete_shared: bool = False,
    ) -> None:
        """Make Rasa forget the conversation and say whether it confirmed (the chat's lock held).

        `delete_shared` (/delete): a summary shared with the helpline goes too; /exit keeps it.
        """
        await self._drop_keyboards(state)
        state.offered = {}
        state.waiting.clear()
        forgotten = await self.forgetter.forget(self.rasa, conversation, delete_shared)
        await self._send(state, self.words.say(done if forgotten else not_yet), remember=remember_reply)
        self.chats.drop(conversation)

    async def _failed(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        log.error("telegram: an update could not be handled (%s)", type(error).__name__)

    # -- the conversation -------------------------------------------------------------------------------

    async def _converse_from(self, update: Update, text: str) -> bool:
        """Send the person's message to Rasa and the replies back; False if Rasa did not answer (yet)."""
        conversation, state = self._state(update)
        self._note(state, update.effective_message)
        async with state.lock:
            return await self._converse_or_wait(conversation, state, text)

    async def _converse_or_wait(self, conversation: str, state: ChatState, text: str) -> bool:
        """:meth:`_converse`, unless earlier messages are still waiting for Rasa: then this one waits
        behind them, in order (the chat's lock held)."""
        if state.waiting:
            if len(state.waiting) < MAX_WAITING:
                state.waiting.append(text)
            return False
        return await self._converse(conversation, state, text)

    async def _converse(self, conversation: str, state: ChatState, text: str) -> bool:
        """Send one message to Rasa (the chat's lock held) and the replies to the person; False if Rasa did not answer."""
        await self._drop_keyboards(state)
        try:
            replies = await self._ask_rasa(conversation, state, text)
        except RasaUnavailable as error:
            log.warning("telegram: rasa could not answer (%d)", error.status)
            if error.status == 503:  # never reached Rasa: keep it and try again
                state.waiting.append(text)
                self._retry_later(conversation, state)
                await self._send(state, self.words.say("unavailable_kept", numbers=self.numbers()))
            else:  # Rasa may have read it: sending it again could answer it twice
                await self._send(state, self.words.say("unavailable", numbers=self.numbers()))
            return False
        await self._send_replies(state, replies)
        return True

    async def _ask_rasa(self, conversation: str, state: ChatState, text: str) -> list[BotMessage]:
        """Rasa's replies, with the typing indicator meanwhile and a word (and the emergency
        numbers) if it takes longer than ``telegram_slow_reply``."""
        call = asyncio.ensure_future(self.rasa.send(conversation, text))
        started = time.monotonic()
        told = False
        slow = self.settings.telegram_slow_reply
        while True:
            await self._typing(state)
            waited = time.monotonic() - started
            done, _ = await asyncio.wait(
                {call}, timeout=TYPING_EVERY if told else max(0.0, min(TYPING_EVERY, slow - waited))
            )
            if done:
                return call.result()
            if not told and time.monotonic() - started >= slow:
                told = True
                await self._send(state, self.words.say("slow", numbers=self.numbers()))

    def _retry_later(self, conversation: str, state: ChatState) -> None:
        if state.retrying is None or state.retrying.done():
            state.retrying = asyncio.create_task(self._deliver_waiting(conversation, state))

    async def _deliver_waiting(self, conversation: str, state: ChatState) -> None:
        """Try the waiting messages again, with growing pauses, until Rasa takes them or time runs out."""
        started = time.monotonic()
        attempt = 0
        while state.waiting:
            pause = self.retry_delays[min(attempt, len(self.retry_delays) - 1)]
            attempt += 1
            await asyncio.sleep(pause)
            async with state.lock:
                if not state.waiting:
                    return
                try:
                    replies = await self.rasa.send(conversation, state.waiting[0])
                except RasaUnavailable as error:
                    if error.status == 503 and time.monotonic() - started < self.give_up_after:
                        continue
                    log.warning("telegram: gave up on %d waiting messages (%d)", len(state.waiting), error.status)
                    state.waiting.clear()
                    await self._send(state, self.words.say("gave_up", numbers=self.numbers()))
                    return
                state.waiting.pop(0)
                attempt = 0
                await self._send(state, self.words.say("back"))
                await self._send_replies(state, replies)
                # The rest go as they would have: one at a time, each answered.
                while state.waiting:
                    text = state.waiting.pop(0)
                    await self._converse(conversation, state, text)
                    if state.waiting:  # it failed again and was put back: wait for the next round
                        break
        log.info("telegram: delivered the messages that waited for rasa")

    async def _send_replies(self, state: ChatState, replies: list[BotMessage]) -> None:
        if not replies:  # Rasa answered with nothing (a part of cyberguide failed on the way): never silence
            await self._send(state, self.words.say("unavailable", numbers=self.numbers()))
            return
        buttons = [(b["payload"], b["title"]) for reply in replies for b in reply.get("buttons") or []]
        ids = iter(state.offer(buttons))
        for reply in replies:
            pieces = split_reply(reply.get("text") or "")
            keyboard = None
            if reply.get("buttons"):
                keyboard = InlineKeyboardMarkup(
                    [[InlineKeyboardButton(b["title"], callback_data=BUTTON + next(ids))] for b in reply["buttons"]]
                )
                pieces = pieces or ["⬇"]
            for index, piece in enumerate(pieces):
                last = index == len(pieces) - 1
                sent = await self._send(state, piece, keyboard if last else None)
                if sent is not None and keyboard is not None and last:
                    state.keyboards.append(sent.message_id)

    # -- talking to Telegram ----------------------------------------------------------------------------

    async def _send(
        self, state: ChatState, text: str, keyboard: InlineKeyboardMarkup | None = None, remember: bool = True
    ) -> Message | None:
        """Send one message (plain text: no parse mode, nothing to escape); None if Telegram refused."""
        try:
            message = await self.application.bot.send_message(state.chat_id, text, reply_markup=keyboard)
        except Forbidden:
            log.info("telegram: a person blocked the bot; nothing sent")
            return None
        except TelegramError as error:
            log.error("telegram: a message could not be sent (%s)", type(error).__name__)
            return None
        if remember:
            state.recent.append((message.message_id, time.time()))
        return message

    @staticmethod
    def _note(state: ChatState, message: Message | None) -> None:
        """Remember a person's message id (never its text) so /exit can delete it."""
        if message is not None:
            state.recent.append((message.message_id, time.time()))

    async def _typing(self, state: ChatState) -> None:
        with contextlib.suppress(TelegramError):
            await self.application.bot.send_chat_action(state.chat_id, ChatAction.TYPING)

    async def _answer(self, query: CallbackQuery, text: str | None = None) -> None:
        with contextlib.suppress(TelegramError):
            await query.answer(text)

    async def _unmark_keyboard(self, query: CallbackQuery, chosen: str | None) -> None:
        """Take the keyboard off the tapped message; with ``chosen``, add the answer under the question."""
        message = query.message
        if not isinstance(message, Message):
            return
        try:
            if chosen is not None and message.text:
                await message.edit_text(f"{message.text}\n\n✓ {chosen}", reply_markup=None)
            else:
                await message.edit_reply_markup(reply_markup=None)
        except BadRequest:
            with contextlib.suppress(TelegramError):
                await message.edit_reply_markup(reply_markup=None)
        except TelegramError as error:
            log.warning("telegram: could not take a keyboard off (%s)", type(error).__name__)

    async def _drop_keyboards(self, state: ChatState) -> None:
        """Take older keyboards off: once the person has moved on, their buttons mean nothing."""
        for message_id in state.keyboards:
            with contextlib.suppress(TelegramError):
                await self.application.bot.edit_message_reply_markup(state.chat_id, message_id, reply_markup=None)
        state.keyboards.clear()


# Library loggers that quote what they carry: python-telegram-bot's debug output holds whole updates
# (people's words and Telegram ids), httpx logs every request's URL at INFO (and a Bot API URL holds
# the bot's token). They are held at these levels whatever log level is asked.
QUIET_LOGGERS = {"telegram": logging.INFO, "httpx": logging.WARNING, "httpcore": logging.WARNING}


def quiet_library_logs() -> None:
    for name, level in QUIET_LOGGERS.items():
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < level:
            logger.setLevel(level)


def _numbers_from_knowledge_base() -> str:
    from bot.knowledge.queries import all_emergency_numbers
    from bot.knowledge.service import get_knowledge_base

    return all_emergency_numbers(get_knowledge_base())
