"""The conversation's turn rules, without Rasa: what a reply sets, when to ask again, what to say."""
from __future__ import annotations

from typing import Any

import pytest

from bot.conversation import replies
from bot.conversation.control import SESSION_END, from_gateway
from bot.conversation.questions import Safety, phrase
from bot.conversation.turns import (
    LONG_REPLY_CHARS,
    MAX_UNREAD_REPLIES,
    adds_to_account,
    assessment_turn,
    emergency_safety,
    extend_account,
    merge_found_slots,
    read_answer,
    safety_texts,
    take_account,
)

UNREADABLE_LONG = " ".join(["purple"] * 20)  # longer than LONG_REPLY_CHARS and tells us nothing


def slots(**values: Any) -> dict[str, Any]:
    return {"failed_answers": 0, **values}


# merge_found_slots: one merge for the account and for replies to questions.

def test_merge_fills_only_empty_slots() -> None:
    found = {"relationship": "ex_partner", "threats": "yes", "frequency": "repeated"}
    current = {"relationship": "stranger", "threats": "", "frequency": None}
    assert merge_found_slots(found, current, None, correcting=False) == {"threats": "yes", "frequency": "repeated"}


def test_merge_correction_overrides_earlier_answers() -> None:
    found = {"jurisdiction": "CA-ON", "relationship": "ex_partner"}
    current = {"jurisdiction": "US-TX", "relationship": "stranger"}
    assert merge_found_slots(found, current, None, correcting=True) == found


def test_merge_leaves_the_asked_slot_to_the_reply_reader() -> None:
    found = {"relationship": "ex_partner", "location_known": "knows"}
    assert merge_found_slots(found, {}, "relationship", correcting=False) == {"location_known": "knows"}
    assert merge_found_slots(found, {}, "relationship", correcting=True) == {"location_known": "knows"}


def test_merge_ignores_what_is_not_a_question() -> None:
    assert merge_found_slots({"account": "x", "threats": "yes"}, {}, None, correcting=False) == {"threats": "yes"}


def test_merge_bare_country_during_a_question_sets_only_the_country() -> None:
    assert merge_found_slots({"jurisdiction": "US"}, {}, "threats", correcting=False) == {"country": "US"}
    # Correcting inside the form keeps today's behaviour: the country changes, the jurisdiction is left as it was.
    england = {"jurisdiction": "GB-ENG"}
    assert merge_found_slots({"jurisdiction": "US"}, england, "threats", correcting=True) == {"country": "US"}
    assert merge_found_slots({"jurisdiction": "US"}, england, "threats", correcting=False) == {}


def test_merge_bare_country_in_the_account_also_sets_the_jurisdiction() -> None:
    found, england = {"jurisdiction": "US"}, {"jurisdiction": "GB-ENG"}
    assert merge_found_slots(found, {}, None, correcting=False) == {"country": "US", "jurisdiction": None}
    # A correction uses the country's law until the state is known.
    assert merge_found_slots(found, england, None, correcting=True) == {"country": "US", "jurisdiction": "US"}
    assert merge_found_slots(found, england, None, correcting=False) == {}


def test_merge_keeps_the_order_found() -> None:
    found = {"jurisdiction": "US", "relationship": "ex_partner", "threats": "yes"}
    merged = merge_found_slots(found, {}, None, correcting=False)
    assert list(merged) == ["country", "jurisdiction", "relationship", "threats"]


# The account.

def test_extend_account() -> None:
    assert extend_account(None, "first") == "first"
    assert extend_account("first", "second") == "first\nsecond"
    assert extend_account("first", "") == "first"
    assert extend_account("abcdef", "ghi", limit=5) == "f\nghi"


def test_only_long_replies_add_to_the_account() -> None:
    assert not adds_to_account("x" * LONG_REPLY_CHARS)
    assert adds_to_account("x" * (LONG_REPLY_CHARS + 1))


def test_take_account_acknowledges_and_fills_what_it_says() -> None:
    text = "my ex keeps messaging me after I blocked him, I live in Leeds"
    outcome = take_account(text, slots(), "describe_situation")
    assert outcome.slots["jurisdiction"] == "GB-ENG" and outcome.slots["relationship"] == "ex_partner"
    assert next(iter(outcome.slots)) == "account" and outcome.say == "acknowledge" and not outcome.safety.urgent


def test_take_account_keeps_the_newest_characters() -> None:
    outcome = take_account("and now he calls at night", slots(account="earlier words"), limit=10)
    assert outcome.slots["account"] == "s at night"


def test_take_account_after_the_assessment_is_a_quiet_correction() -> None:
    outcome = take_account("actually I live in the United States", slots(jurisdiction="GB-ENG", assessed=True))
    assert outcome.say is None
    assert outcome.slots["country"] == "US" and outcome.slots["jurisdiction"] == "US"


def test_take_account_puts_safety_first() -> None:
    outcome = take_account("he is outside my house right now, I live in Texas", slots(), "describe_situation")
    assert outcome.safety.danger_now and outcome.say is None
    assert list(outcome.slots)[-1] == "emergency_shown" and outcome.place == "US-TX"


# Replies to the questions.

def test_readable_reply_resets_the_failures() -> None:
    outcome = read_answer("threats", "yes", slots(failed_answers=1))
    assert outcome.slots == {"threats": "yes", "failed_answers": 0} and outcome.say is None and outcome.failures == 0


def test_unreadable_reply_asks_again_then_moves_on() -> None:
    first = read_answer("threats", "purple", slots())
    assert first.slots == {"threats": None, "failed_answers": 1}
    assert first.say == "not_understood" and first.failures == 1
    last = read_answer("threats", "purple", slots(failed_answers=MAX_UNREAD_REPLIES - 1))
    assert last.slots == {"threats": "unknown", "failed_answers": 0} and last.say is None
    assert last.failures == MAX_UNREAD_REPLIES


def test_long_unreadable_reply_joins_the_account_and_still_counts() -> None:
    outcome = read_answer("threats", UNREADABLE_LONG, slots(account="before"))
    assert outcome.slots == {"account": f"before\n{UNREADABLE_LONG}", "threats": None, "failed_answers": 1}
    assert outcome.say == "not_understood"


def test_reply_about_something_else_is_not_a_failure() -> None:
    outcome = read_answer("threats", "my ex did it", slots(failed_answers=1))
    assert outcome.slots == {"relationship": "ex_partner", "threats": None} and outcome.say is None


def test_reply_takes_extra_facts_and_corrections() -> None:
    outcome = read_answer("relationship", "my ex, and he knows where I work", slots(location_known="no"))
    assert outcome.slots == {"relationship": "ex_partner", "failed_answers": 0}
    outcome = read_answer("relationship", "my ex, and he knows where I work", slots(location_known="no"), "correct")
    assert outcome.slots == {"location_known": "knows", "relationship": "ex_partner", "failed_answers": 0}


def test_country_with_states_asks_for_the_state() -> None:
    outcome = read_answer("jurisdiction", "United States", slots())
    assert outcome.slots == {"country": "US", "jurisdiction": None} and outcome.say is None


def test_the_same_country_again_is_unreadable() -> None:
    outcome = read_answer("jurisdiction", "United States", slots(country="US"))
    assert outcome.slots == {"jurisdiction": None, "failed_answers": 1} and outcome.say == "not_understood"


def test_skipping_the_state_uses_the_country() -> None:
    assert read_answer("jurisdiction", "skip", slots(country="US")).slots == {"jurisdiction": "US", "failed_answers": 0}
    assert read_answer("jurisdiction", "skip", slots()).slots == {"jurisdiction": "unknown", "failed_answers": 0}
    texas = read_answer("jurisdiction", "Texas", slots(country="US"))
    assert texas.slots == {"jurisdiction": "US-TX", "failed_answers": 0}


def test_urgent_reply_comes_first_and_is_not_a_failure() -> None:
    outcome = read_answer("threats", "he's at my door right now", slots(jurisdiction="GB-ENG", failed_answers=1))
    assert outcome.safety.urgent and outcome.place == "GB-ENG" and outcome.say is None
    assert next(iter(outcome.slots)) == "emergency_shown" and outcome.slots["threats"] is None
    assert "failed_answers" not in outcome.slots


# Safety.

@pytest.mark.parametrize(("text", "intent", "danger", "self_harm"), [
    ("help he's here", "emergency", True, False),
    ("I want to die", "self_harm", False, True),
    ("please", "self_harm", False, True),
    ("please", "emergency", True, False),
    ("please", "greet", True, False),  # the emergency action without a reason: danger
])
def test_emergency_safety(text: str, intent: str, danger: bool, self_harm: bool) -> None:
    safety = emergency_safety(text, intent)
    assert (safety.danger_now, safety.self_harm) == (danger, self_harm)


def test_safety_texts_danger_asks_if_it_is_safe_to_keep_talking() -> None:
    asked = safety_texts("US-TX", Safety(True, False, False), ask_if_safe=True)
    quiet = safety_texts("US-TX", Safety(True, False, False), ask_if_safe=False)
    assert len(asked) == len(quiet) == 1 and asked[0].startswith("If you are in danger right now, call 911")
    assert asked[0].endswith("keep talking on this device?") and asked[0].startswith(quiet[0])
    assert "keep talking" not in quiet[0]


def test_safety_texts_self_harm_gets_a_crisis_line_only() -> None:
    texts = safety_texts("US-NY", Safety(False, True, False))
    assert len(texts) == 1 and "988" in texts[0]
    assert len(safety_texts("US-NY", Safety(True, True, True))) == 2


def test_safety_texts_without_safety_is_danger_now() -> None:
    texts = safety_texts(None, None)
    assert len(texts) == 1 and "911" in texts[0] and "999" in texts[0]


def test_assessment_turn_emergency_first_unless_already_shown() -> None:
    account = {"account": "he is outside my door right now", "jurisdiction": "AU-NSW"}
    turn = assessment_turn(account)
    assert turn.assessment.risk == "emergency" and turn.emergency_first and turn.messages
    assert not assessment_turn({**account, "emergency_shown": True}).emergency_first


# Fixed lines and control messages.

def test_fixed_lines_and_buttons() -> None:
    assert replies.reply("forgotten") == "Done. I've deleted what you told me in this conversation."
    assert replies.reply("stop").startswith("Okay, I'll stop here.")
    assert phrase("not_understood") == replies.reply("not_understood")
    assert "not your fault" in replies.reply("acknowledge")
    assert replies.buttons("after_assessment") == [{"title": "Start over", "payload": "start over"},
                                                   {"title": "I'm done", "payload": "stop"}]
    replies.buttons("after_assessment").clear()  # callers get a copy
    assert replies.buttons("after_assessment")
    with pytest.raises(KeyError):
        replies.reply("buttons")


def test_session_end_control_message() -> None:
    assert SESSION_END == "/session_end"
    assert from_gateway("/session_end") and not from_gateway("delete my data")
