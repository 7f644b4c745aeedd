"""Escalation told as a rate that rose (bot/triage/extract/rising_rate.py)."""

from __future__ import annotations

import pytest

from bot.triage.extract import extract_facts
from bot.triage.rubric import decide


@pytest.mark.parametrize(
    "text",
    [
        "it used to be like a few msgs a week, now its 30-40 a day",
        "A colleague used to send me a 'good morning' text every day. Since I got engaged last month it's 30 or 40 "
        "messages a day, some at 3am.",
        "it started with one account in january sending 'hey beautiful' a couple of times a week. now its 20-30 "
        "messages a day from different accounts",
    ],
)
def test_a_rate_that_rose_is_escalation(text: str) -> None:
    assert extract_facts(text, learned=False).has("escalation")


@pytest.mark.parametrize(
    "text",
    [
        "he sends 20 texts a day",  # a rate alone is repetition
        "I used to love my job. Now I get 50 emails a day",  # a before that is not about contact
        "now its 30 messages a day but it used to be a few a week",  # the before told after the now
    ],
)
def test_a_rate_without_a_before_about_contact_is_no_escalation(text: str) -> None:
    assert not extract_facts(text, learned=False).has("escalation")


def test_stalking_that_rose_to_dozens_a_day_is_high_risk() -> None:
    text = (
        "A colleague used to send me a 'good morning' text every day. Weird but harmless, I just didn't reply. "
        "Since I got engaged last month it's 30 or 40 messages a day, some at 3am, from new numbers since I "
        "blocked him."
    )
    result = decide(extract_facts(text, learned=False))
    assert result.risk == "high"
    assert any("getting worse" in reason.text for reason in result.reasons if reason.label == "high")
