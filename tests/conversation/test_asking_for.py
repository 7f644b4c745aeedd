"""Whom an account is about when someone else writes it, and the acknowledgement that follows; the
user's own plan told instead of an answer."""

from __future__ import annotations

import pytest

from bot.conversation.asking_for import asking_for
from bot.conversation.questions import question_for, read_reply
from bot.conversation.turns import assessment_turn, read_answer, take_account


@pytest.mark.parametrize(
    "text, relative",
    [
        ("Hi, I'm writing about my daughter who is 13. A boy keeps messaging her", "daughter"),
        ("my son (15) is being bullied on snapchat", "son"),
        ("Hello. My daughter is 16 and a man online keeps asking for pictures", "daughter"),
        ("asking on behalf of my niece, someone made a fake account of her", "niece"),
        ("this is for my friend who is being stalked by her ex", "friend"),
        # told as the one it is done to: the questions had asked the writer "Are you under 18?"
        ("my friend is being stalked by her ex, he keeps showing up at her work. what can she do?", "friend"),
        ("Hi, my best friend has been threatened by her boyfriend", "best friend"),
        ("my brother is being bullied at school on whatsapp", "brother"),
    ],
)
def test_an_account_about_a_child_or_friend_names_them(text: str, relative: str) -> None:
    assert asking_for(text) == relative


@pytest.mark.parametrize(
    "text",
    [
        "my ex keeps texting me, my son is 12 and sees it",
        "my ex threatens me and im worried for my son",
        "someone keeps posting about me and my daughter is scared",
        "I'm 15 and a boy from my school keeps messaging me",
        "my friend said i should use this, my ex is stalking me",
    ],
)
def test_the_writers_own_account_names_no_one_else(text: str) -> None:
    assert asking_for(text) is None


def test_the_acknowledgement_says_they_can_answer_for_the_child() -> None:
    outcome = take_account("I'm writing about my daughter who is 13. A boy keeps messaging her on snapchat", {})
    said = outcome.said() or ""
    assert "not your daughter's fault" in said and "answer for your daughter" in said
    assert take_account("someone keeps messaging me on snapchat", {}).said() == take_account("hi", {}).said()


@pytest.mark.parametrize(
    "slot, text, value",
    [
        ("asked_or_blocked", "im going to block him tonight", None),
        ("asked_or_blocked", "not yet but im going to block him", "no"),
        ("asked_or_blocked", "i blocked him", "blocked"),
        ("relationship", "im going to tell the school tomorrow", None),
        ("relationship", "a boy from school", "classmate"),
    ],
)
def test_a_plan_is_not_an_answer_that_it_was_done(slot: str, text: str, value: str | None) -> None:
    """'im going to block him tonight' had been read as blocked, 'tell the school' as someone from school."""
    assert read_reply(slot, text) == value


def test_a_plan_told_instead_of_an_answer_is_welcomed_not_misunderstood() -> None:
    outcome = read_answer(
        "relationship", "im going to tell the school tomorrow", {"account": "someone keeps messaging my son"}
    )
    assert outcome is not None and outcome.say == "plan_noted" and outcome.slots.get("relationship") is None


def test_the_questions_ask_about_the_child_when_the_account_is_theirs() -> None:
    threats = question_for("threats", None, "daughter")
    assert threats["text"].startswith("Have they threatened to hurt your daughter")
    under_18 = question_for("under_18", None, "son")
    assert under_18["text"] == "Is your son under 18?"
    assert [b["title"] for b in under_18["buttons"]][:2] == ["Yes, under 18", "18 or older"]
    assert [b["payload"] for b in under_18["buttons"]] == [b["payload"] for b in question_for("under_18")["buttons"]]
    assert question_for("under_18")["text"].startswith("Are you under 18?")
    assert question_for("jurisdiction", None, "son") == question_for("jurisdiction")  # where the writer lives


def test_the_assessment_speaks_of_the_child_when_the_account_is_theirs() -> None:
    account = "I'm writing about my daughter who is 13. A boy from her school keeps messaging her after she blocked him"
    summary = assessment_turn({"account": account, "jurisdiction": "GB-WLS"}).messages[0]
    assert "not your daughter's fault" in summary and "contacting your daughter again and again" in summary
    own = assessment_turn({"account": "a boy from my school keeps messaging me after i blocked him"}).messages[0]
    assert "not your fault" in own and "contacting you again and again" in own
