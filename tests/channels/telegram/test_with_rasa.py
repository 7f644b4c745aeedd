"""The Telegram channel in front of the real Rasa and action servers (the trained model).

A person starts the bot, tells what is happening, taps the buttons and gets the assessment with
the laws and contacts for where they live; an emergency gets the number first; /delete makes Rasa
forget. The conversation simulator also runs over Telegram (tests/simulation/test_simulator.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.knowledge.queries import all_emergency_numbers
from tests.channels.telegram.fake_api import FakeTelegram, Sent
from tests.channels.telegram.support import telegram_in_front_of
from tests.simulation.conversation import asked_question, button_values

pytestmark = pytest.mark.rasa

STORY = (
    "My ex has been following me online for months. He messages me every day from new accounts after I "
    "block him, comments on everything I post and turned up at my gym last week."
)
ANSWERS = {
    "jurisdiction": "GB-ENG",
    "relationship": "ex_partner",
    "frequency": "daily",
    "asked_or_blocked": "blocked",
    "location_known": "showed_up",
    "threats": "no",
    "safe_now": "yes",
}
EMERGENCY = "He is outside my front door right now, he has a knife and he says he will kill me."


async def exchange(telegram: FakeTelegram, user: int, act: Any) -> list[Sent]:
    before = len([m for m in telegram.chat(user).messages if m.from_bot])
    act()
    return await telegram.replies_after(user, before, timeout=120, settle=0.6)


def reply_dicts(sent: list[Sent]) -> list[dict[str, Any]]:
    return [{"text": m.text, "buttons": [{"title": b["text"], "sent": m, **b} for b in m.buttons]} for m in sent]


def emergency_numbers(kb: Any) -> set[str]:
    return set(re.findall(r"\b\d{3}\b", all_emergency_numbers(kb)))


async def test_start_story_taps_and_the_assessment_with_laws_and_contacts(rasa_stack: Any, kb: Any) -> None:
    user = 8_000_000_001
    async with telegram_in_front_of(rasa_stack.rasa_url) as (telegram, _):
        greeting = await exchange(telegram, user, lambda: telegram.user_says(user, "/start"))
        assert greeting[0].text.startswith("Hi. I'm cyberguide")
        replies = await exchange(telegram, user, lambda: telegram.user_says(user, STORY))
        taps = 0
        for _ in range(25):
            if any(m.text.startswith("Who can help") for m in replies):
                break
            found = asked_question(reply_dicts(replies))
            assert found, f"no question and no assessment: {[m.text for m in replies]}"
            slot, country, message = found
            values = button_values()[(slot, country)]
            buttons = {b["title"]: b for b in message["buttons"]}
            # What this person would answer (England: the country, then the nation), else Skip.
            meant = ANSWERS.get(slot, "unknown")
            wanted = next((t for t, v in values.items() if v in (meant, meant.split("-")[0]) and t in buttons), None)
            button = buttons[wanted] if wanted else message["buttons"][-1]
            replies = await exchange(
                telegram, user, lambda b=button: telegram.user_taps(user, b["sent"], b["callback_data"])
            )
            taps += 1
            assert button["sent"].reply_markup is None, "the answered question loses its keyboard"
            assert button["sent"].text.endswith(f"✓ {button['title']}"), "and shows the answer chosen"
        else:
            raise AssertionError("never reached the assessment")
        chat = telegram.chat(user)
    assert taps >= 2
    assert len(telegram.callback_answers) == taps, "every tap is answered"
    texts = "\n\n".join(chat.bot_texts())
    laws = [law.citation for law in kb.laws_for("GB-ENG", "cyberstalking", limit=20)]
    assert any(citation in texts for citation in laws), "a law of England that may apply"
    assert "not legal advice" in texts
    who_can_help = next(m.text for m in chat.bot_messages() if m.text.startswith("Who can help"))
    assert re.search(r"\d{3,}", who_can_help), "contacts with their numbers"
    assert all(len(m.text) <= 4096 for m in chat.bot_messages())


async def test_an_emergency_gets_the_emergency_number_first(rasa_stack: Any, kb: Any) -> None:
    user = 8_000_000_002
    async with telegram_in_front_of(rasa_stack.rasa_url) as (telegram, _):
        replies = await exchange(telegram, user, lambda: telegram.user_says(user, EMERGENCY))
    first = replies[0].text
    assert set(re.findall(r"\b\d{3}\b", first)) & emergency_numbers(kb), first
    assert first.splitlines()[0].strip(), "the number is in the first message"


async def test_delete_makes_rasa_forget_the_conversation(rasa_stack: Any) -> None:
    kept, deleted = 8_000_000_003, 8_000_000_004
    async with telegram_in_front_of(rasa_stack.rasa_url) as (telegram, _):
        for user in (kept, deleted):
            asked = await exchange(telegram, user, lambda u=user: telegram.user_says(u, STORY))
            assert asked_question(reply_dicts(asked)), "the questions have started"
        confirm = (await exchange(telegram, deleted, lambda: telegram.user_says(deleted, "/delete")))[-1]
        yes = confirm.buttons[0]["callback_data"]
        done = await exchange(telegram, deleted, lambda: telegram.user_taps(deleted, confirm, yes))
        assert done[-1].text.startswith("Done. cyberguide has forgotten this chat")
        # The same words to both: the one still remembered is in the middle of the questions,
        # the forgotten one is a new conversation and is greeted from the start.
        still = await exchange(telegram, kept, lambda: telegram.user_says(kept, "/start"))
        fresh = await exchange(telegram, deleted, lambda: telegram.user_says(deleted, "/start"))
    assert not any(m.text.startswith("Hi. I'm cyberguide") for m in still)
    assert fresh[0].text.startswith("Hi. I'm cyberguide")
