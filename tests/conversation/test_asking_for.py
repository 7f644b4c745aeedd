"""Whom an account is about when someone else writes it, and the acknowledgement that follows."""

from __future__ import annotations

import pytest

from bot.conversation.asking_for import asking_for
from bot.conversation.turns import take_account


@pytest.mark.parametrize(
    "text, relative",
    [
        ("Hi, I'm writing about my daughter who is 13. A boy keeps messaging her", "daughter"),
        ("my son (15) is being bullied on snapchat", "son"),
        ("Hello. My daughter is 16 and a man online keeps asking for pictures", "daughter"),
        ("asking on behalf of my niece, someone made a fake account of her", "niece"),
        ("this is for my friend who is being stalked by her ex", "friend"),
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
    ],
)
def test_the_writers_own_account_names_no_one_else(text: str) -> None:
    assert asking_for(text) is None


def test_the_acknowledgement_says_they_can_answer_for_the_child() -> None:
    outcome = take_account("I'm writing about my daughter who is 13. A boy keeps messaging her on snapchat", {})
    said = outcome.said() or ""
    assert "not your daughter's fault" in said and "answer for your daughter" in said
    assert take_account("someone keeps messaging me on snapchat", {}).said() == take_account("hi", {}).said()
