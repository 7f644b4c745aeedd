"""A quoted message naming the user's home: the sender knows where they live."""

from __future__ import annotations

import pytest

from bot.triage.extract import extract_facts
from bot.triage.extract.home_named_back import names_a_home, quotations
from bot.triage.rubric import assess


@pytest.mark.parametrize(
    ("quote", "named"),
    [
        ("nice house on elm road , shame if it caught fire", True),
        ("love what you 've done with your garden", True),
        ("i know ur front door is blue", True),
        ("nice house", False),  # no road, no "your": a house anywhere
        ("my house is on fire", False),  # the sender's own
        ("see you on the road", False),
    ],
)
def test_a_home_is_named_after_your_or_on_a_named_road(quote: str, named: bool) -> None:
    assert names_a_home(quote.split()) is named


def test_only_words_between_quote_marks_are_a_message() -> None:
    assert quotations(["he", "said", "'", "your", "house", "'", "and", "left"]) == [["your", "house"]]
    assert quotations(["no", "quote", "at", "all"]) == []
    assert quotations(["my", "parents", "'", "house", "on", "oak", "street"]) == []  # a possessive


def test_a_threat_naming_the_users_street_is_high() -> None:
    """A probe account: someone the user reported 'messaged "nice house on Elm Road, shame if it caught
    fire"' had been medium (a veiled threat, and no words saying he knew where she lived)."""
    text = "The man I reported for fly-tipping found my Facebook and messaged 'nice house on Elm Road, shame if it caught fire'."
    assert extract_facts(text, learned=False).has("knows_location")
    assert assess(text, with_knowledge=False).risk == "high"


def test_the_home_told_by_the_user_is_no_message() -> None:
    assert not extract_facts("I live in a house on Elm Road and someone keeps posting about me", learned=False).has(
        "knows_location"
    )
