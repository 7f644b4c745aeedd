"""The Telegram channel with the real python-telegram-bot against the fake Bot API, no trained model.

Rasa here is a stand-in HTTP server (long replies, slowness, coming back after a fault) or no
server at all (Rasa stopped). The conversation with the real Rasa is in test_with_rasa.py.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any

import pytest

from bot.channels.telegram.adapter import conversation_id
from bot.channels.telegram.wording import wording
from bot.conversation.buttons import choice_payload
from bot.knowledge.queries import all_emergency_numbers
from tests.channels.telegram.fake_api import FakeTelegram
from tests.channels.telegram.support import (
    SESSION_END,
    SESSION_END_DELETING_SHARED,
    StandInRasa,
    conversation_of,
    polling_channel,
    settings_for,
)
from tests.conftest import free_port

USER = 7_001_234_567
WORDS = wording()


def question(sender: str, message: str) -> list[dict[str, Any]]:
    """A reply with buttons whose payloads are longer than Telegram's 64-byte callback data."""
    return [
        {"recipient_id": sender, "text": "Thank you for telling me."},
        {
            "recipient_id": sender,
            "text": "How often does this happen?",
            "buttons": [
                {"title": "Every day", "payload": choice_payload("frequency", "daily_or_more_often_than_that")},
                {"title": "Now and then", "payload": choice_payload("frequency", "occasional")},
            ],
        },
    ]


async def say(telegram: FakeTelegram, text: str, user: int = USER, timeout: float = 10.0, count: int = 1) -> list[Any]:
    """Send ``text`` as the person; the bot's replies once at least ``count`` have come and it is quiet."""
    before = len([m for m in telegram.chat(user).messages if m.from_bot])
    telegram.user_says(user, text)
    return await telegram.replies_after(user, before, timeout=timeout, count=count)


async def test_start_registers_the_commands_and_greets_through_rasa(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa().start()
    try:
        async with polling_channel(settings_for(telegram, rasa.url)):
            replies = await say(telegram, "/start", count=2)
    finally:
        await rasa.stop()
    assert [c["command"] for c in telegram.commands] == ["start", "help", "restart", "delete", "exit"]
    assert rasa.received == [{"sender": conversation_of(USER), "message": "/greet", "input_channel": "telegram"}]
    assert [r.text for r in replies] == ["I read: /greet", WORDS.say("about_telegram")]
    assert telegram.called("sendChatAction"), "a typing indicator while Rasa thinks"
    # Polling: the webhook is taken down so getUpdates works.
    assert telegram.called("deleteWebhook") and telegram.called("getUpdates")


def test_the_conversation_id_is_a_keyed_hash_of_the_user_id() -> None:
    first = conversation_id(USER, "one key")
    assert first == conversation_id(USER, "one key")
    assert first != conversation_id(USER, "another key") != conversation_id(USER + 1, "one key")
    assert str(USER) not in first and re.fullmatch(r"tg-[0-9a-f]{32}", first)


async def test_buttons_become_a_keyboard_and_a_tap_sends_exactly_its_payload(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa(question).start()
    try:
        async with polling_channel(settings_for(telegram, rasa.url)):
            replies = await say(telegram, "He messages me from new accounts every time I block him", count=2)
            asked = replies[-1]
            assert asked.text == "How often does this happen?"
            assert [b["text"] for b in asked.buttons] == ["Every day", "Now and then"]
            # Callback data is an opaque id, never the payload (which may be longer than Telegram allows).
            assert all(len(b["callback_data"].encode()) <= 64 for b in asked.buttons)
            assert not any("frequency" in b["callback_data"] for b in asked.buttons)

            before = len(telegram.chat(USER).bot_messages())
            telegram.user_taps(USER, asked, asked.buttons[1]["callback_data"])
            await telegram.replies_after(USER, before, count=2)
    finally:
        await rasa.stop()
    assert rasa.messages()[-1] == choice_payload("frequency", "occasional")
    assert len(telegram.callback_answers) == 1, "the tap is answered (the spinner stops)"
    # The question loses its keyboard and shows the answer chosen.
    assert asked.reply_markup is None
    assert asked.text == "How often does this happen?\n\n✓ Now and then"


async def test_an_old_button_is_refused_kindly_and_nothing_reaches_rasa(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa(question).start()
    try:
        async with polling_channel(settings_for(telegram, rasa.url)):
            first = (await say(telegram, "It started last year", count=2))[-1]
            old_data = first.buttons[0]["callback_data"]
            await say(telegram, "And it got worse", count=2)  # a new question: the first keyboard is taken off
            assert first.reply_markup is None, "typing instead of tapping takes the old keyboard away"
            sent_to_rasa = len(rasa.received)
            telegram.user_taps(USER, first, old_data)
            await telegram.wait_for(lambda: telegram.callback_answers, what="the callback answer")
            await asyncio.sleep(0.3)
    finally:
        await rasa.stop()
    assert len(rasa.received) == sent_to_rasa
    assert telegram.callback_answers[0]["text"] == WORDS.say("stale_button")


async def test_a_reply_of_5000_characters_is_split_between_paragraphs(telegram: FakeTelegram) -> None:
    paragraphs = [f"Paragraph {n}: " + ("word " * 100).strip() + "." for n in range(10)]
    long_text = "\n\n".join(paragraphs)
    assert len(long_text) > 5000

    def long_reply(sender: str, message: str) -> list[dict[str, Any]]:
        return [{"recipient_id": sender, "text": long_text}]

    rasa = await StandInRasa(long_reply).start()
    try:
        async with polling_channel(settings_for(telegram, rasa.url)):
            replies = await say(telegram, "What can I do?", count=2)
    finally:
        await rasa.stop()
    assert len(replies) == 2
    assert all(len(r.text) <= 4096 for r in replies)
    # Each piece holds whole paragraphs, and together they are the whole reply.
    assert all(set(r.text.split("\n\n")) <= set(paragraphs) for r in replies)
    assert "\n\n".join(r.text for r in replies) == long_text


async def test_a_photo_gets_a_kind_text_answer_and_is_neither_kept_nor_sent_on(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa().start()
    try:
        async with polling_channel(settings_for(telegram, rasa.url)):
            telegram.user_sends_photo(USER)
            replies = await telegram.replies_after(USER, 0)
    finally:
        await rasa.stop()
    assert [r.text for r in replies] == [WORDS.say("photo")]
    assert "haven't kept" in replies[0].text
    assert rasa.received == [], "a photo's caption is not sent to Rasa"
    assert not telegram.called("getFile"), "the photo is never downloaded"


async def test_an_edited_message_gets_an_explanation(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa().start()
    try:
        async with polling_channel(settings_for(telegram, rasa.url)):
            await say(telegram, "hello")
            original = telegram.chat(USER).messages[0].message_id
            telegram.user_edits(USER, original, "hello again")
            replies = await telegram.replies_after(USER, 1)
    finally:
        await rasa.stop()
    assert [r.text for r in replies] == [WORDS.say("edited")]
    assert rasa.messages() == ["hello"]


async def test_in_a_group_the_bot_explains_and_leaves(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa().start()
    group = -100_555
    try:
        async with polling_channel(settings_for(telegram, rasa.url)):
            telegram.bot_added_to_group(USER, group)
            await telegram.wait_for(lambda: telegram.chat(group, "group").left, what="leaveChat")
            telegram.user_says(USER, "my ex is stalking me", chat_id=group, chat_type="group")
            await asyncio.sleep(0.5)
    finally:
        await rasa.stop()
    assert telegram.chat(group).bot_texts()[0] == WORDS.say("group")
    assert rasa.received == [], "nothing said in a group reaches Rasa"


async def test_delete_asks_first_then_rasa_forgets_the_conversation(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa().start()
    try:
        async with polling_channel(settings_for(telegram, rasa.url)):
            await say(telegram, "hello")
            confirm = (await say(telegram, "/delete"))[-1]
            assert confirm.text == WORDS.say("delete_confirm")
            assert SESSION_END not in rasa.messages(), "nothing is erased before the person confirms"
            no, yes = confirm.buttons[1], confirm.buttons[0]
            assert (yes["text"], no["text"]) == (WORDS.say("delete_yes"), WORDS.say("delete_no"))
            before = len(telegram.chat(USER).bot_messages())
            telegram.user_taps(USER, confirm, yes["callback_data"])
            replies = await telegram.replies_after(USER, before)
    finally:
        await rasa.stop()
    # /delete is "delete my data": a summary shared with the helpline goes too (see test_exit for /exit)
    assert rasa.received[-1] == {
        "sender": conversation_of(USER),
        "message": SESSION_END_DELETING_SHARED,
        "input_channel": "telegram",
    }
    assert [r.text for r in replies] == [WORDS.say("delete_done")]
    assert confirm.reply_markup is None


async def test_exit_deletes_recent_messages_forgets_and_explains(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa(question).start()
    try:
        async with polling_channel(settings_for(telegram, rasa.url)):
            await say(telegram, "Someone keeps posting about me", count=2)
            before = len([m for m in telegram.chat(USER).messages if m.from_bot])
            telegram.user_says(USER, "/exit")
            await telegram.replies_after(USER, before)
    finally:
        await rasa.stop()
    chat = telegram.chat(USER)
    assert [m.text for m in chat.messages if not m.deleted] == [WORDS.say("exit")]
    assert "Delete chat" in WORDS.say("exit")
    assert rasa.received[-1]["message"] == SESSION_END


async def test_an_empty_answer_from_rasa_still_gives_the_emergency_numbers(telegram: FakeTelegram, kb: Any) -> None:
    """Rasa answered but said nothing (a part of cyberguide failed on the way): never silence."""
    rasa = await StandInRasa(replier=lambda sender, message: []).start()
    try:
        async with polling_channel(settings_for(telegram, rasa.url)):
            replies = await say(telegram, "He is outside my house right now")
    finally:
        await rasa.stop()
    assert [r.text for r in replies] == [WORDS.say("unavailable", numbers=all_emergency_numbers(kb))]


async def test_rasa_stopped_the_person_gets_the_emergency_numbers_and_the_message_is_kept(
    telegram: FakeTelegram, kb: Any
) -> None:
    port = free_port()  # nothing listens here: Rasa is stopped
    settings = settings_for(telegram, f"http://127.0.0.1:{port}")
    rasa = StandInRasa(port=port)
    try:
        async with polling_channel(settings, retry_delays=(0.3,)) as channel:
            replies = await say(telegram, "He is outside my house right now")
            numbers = all_emergency_numbers(kb)
            assert numbers and channel.numbers() == numbers
            assert [r.text for r in replies] == [WORDS.say("unavailable_kept", numbers=numbers)]
            first_line = replies[0].text.splitlines()[0]
            assert "999" in first_line and "911" in first_line, "the emergency numbers come first"

            telegram.user_says(USER, "He has been there for an hour")  # waits behind the first, quietly
            await asyncio.sleep(0.5)
            assert len(telegram.chat(USER).bot_messages()) == 1

            await rasa.start()  # Rasa is back: the kept messages reach it in order and are answered
            later = await telegram.replies_after(USER, 1, timeout=10, count=3)
    finally:
        await rasa.stop()
    assert rasa.messages() == ["He is outside my house right now", "He has been there for an hour"]
    assert [r.text for r in later] == [
        WORDS.say("back"),
        "I read: He is outside my house right now",
        "I read: He has been there for an hour",
    ]


async def test_slow_rasa_brings_a_word_with_the_emergency_numbers(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa(delay=1.2).start()
    settings = settings_for(telegram, rasa.url, telegram_slow_reply=0.4)
    try:
        async with polling_channel(settings, emergency_numbers=lambda: "999 in the United Kingdom"):
            replies = await say(telegram, "hello", timeout=5)
            await telegram.wait_for(lambda: len(telegram.chat(USER).bot_messages()) == 2)
    finally:
        await rasa.stop()
    texts = telegram.chat(USER).bot_texts()
    assert texts == [WORDS.say("slow", numbers="999 in the United Kingdom"), "I read: hello"]
    assert replies


async def test_telegram_flood_limits_and_network_faults_are_retried(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa().start()
    telegram.fail_next["sendMessage"] = [
        (429, {"description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}}),
        (502, {"description": "Bad Gateway"}),
    ]
    try:
        async with polling_channel(settings_for(telegram, rasa.url)):
            replies = await say(telegram, "hello", timeout=15)
    finally:
        await rasa.stop()
    assert [r.text for r in replies] == ["I read: hello"]
    assert len(telegram.called("sendMessage")) == 3


async def test_logs_hold_neither_words_nor_telegram_ids(
    telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret_words = "my neighbour Jonas follows me to the bakery"
    port = free_port()
    try:
        async with polling_channel(settings_for(telegram, f"http://127.0.0.1:{port}"), retry_delays=(30,)):
            await say(telegram, secret_words)
            telegram.user_sends_photo(USER)
            await telegram.replies_after(USER, 1)
    finally:
        pass
    logged = "\n".join(record.getMessage() for record in caplog.records if not record.name.startswith("tests"))
    assert "rasa could not answer" in logged, "the fault itself is logged"
    for private in (secret_words, "Jonas", str(USER), conversation_of(USER)):
        assert private not in logged
    assert json.dumps(telegram.updates)  # the fake did carry the words: the check above means something


async def test_help_and_restart(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa().start()
    try:
        async with polling_channel(settings_for(telegram, rasa.url), emergency_numbers=lambda: "112 in Ireland"):
            help_text = (await say(telegram, "/help"))[0].text
            await say(telegram, "/restart")
    finally:
        await rasa.stop()
    assert help_text == WORDS.say("help", numbers="112 in Ireland")
    assert all(f"/{command}" in help_text for command in ("restart", "delete", "exit"))
    assert rasa.messages() == ["/start_over"], "/help is the channel's own; /restart goes to Rasa as start over"


async def test_voice_stickers_files_and_places_get_kind_answers_and_nothing_reaches_rasa(
    telegram: FakeTelegram,
) -> None:
    file = {"file_id": "f", "file_unique_id": "u"}
    sent = {
        "voice": {"voice": {**file, "duration": 3}},
        "sticker": {
            "sticker": {**file, "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False}
        },
        "document": {"document": {**file, "file_name": "screenshots.zip"}},
        "location": {"location": {"latitude": 51.5, "longitude": -0.12}},
    }
    rasa = await StandInRasa().start()
    try:
        async with polling_channel(settings_for(telegram, rasa.url)):
            answers = {}
            for kind, content in sent.items():
                before = len(telegram.chat(USER).bot_messages()) if USER in telegram.chats else 0
                telegram.user_sends(USER, **content)
                answers[kind] = [r.text for r in await telegram.replies_after(USER, before)]
    finally:
        await rasa.stop()
    assert answers == {kind: [WORDS.say(kind)] for kind in sent}
    assert rasa.received == []


async def test_a_message_over_the_length_limit_is_not_sent_to_rasa(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa().start()
    try:
        async with polling_channel(settings_for(telegram, rasa.url, max_message_chars=50)):
            replies = await say(telegram, "word " * 20)
    finally:
        await rasa.stop()
    assert [r.text for r in replies] == [WORDS.say("too_long", limit=50)]
    assert rasa.received == []


async def test_delete_while_rasa_is_down_does_not_claim_the_chat_is_erased(telegram: FakeTelegram) -> None:
    settings = settings_for(telegram, f"http://127.0.0.1:{free_port()}")
    async with polling_channel(settings) as channel:
        confirm = (await say(telegram, "/delete"))[-1]
        before = len(telegram.chat(USER).bot_messages())
        telegram.user_taps(USER, confirm, confirm.buttons[0]["callback_data"])
        replies = await telegram.replies_after(USER, before)
        owed = channel.forgetter.pending(conversation_of(USER))
    assert [r.text for r in replies] == [WORDS.say("delete_not_yet")]
    assert owed, "the forget is owed and retried until Rasa confirms"
