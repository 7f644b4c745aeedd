"""The extractor's parts on their own: each rule module answers one question."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from bot.conversation.answers import reply_pattern
from bot.triage.extract import Extractor, extract_facts
from bot.triage.extract.age import as_int
from bot.triage.extract.context import counts
from bot.triage.extract.danger import speaks_of_now
from bot.triage.extract.errand import known_caller
from bot.triage.extract.negation import Negation
from bot.triage.models import Evidence
from bot.triage.nlp import get_pipeline


def _doc(text: str) -> Doc:
    return get_pipeline().nlp(text)


def test_signals_hold_only_evidence() -> None:
    facts = extract_facts("he is outside my house right now and he's on his way here")
    assert facts.has("danger_now") and facts.has("danger_coming")
    for name, found in {**facts.signals, **facts.negated}.items():
        assert not name.startswith("_") and all(isinstance(e, Evidence) for e in found), name


def test_negation_reads_the_clause() -> None:
    negation = Negation.from_config(get_pipeline().negation)
    doc = _doc("he never threatened me")
    assert negation.negates(doc, 2)
    doc = _doc("no, but he threatened me")
    assert not negation.negates(doc, 4)


def test_a_negated_list_goes_on_after_a_comma_and_or() -> None:
    """ "I didn't see anything cruel about him, or threatening": the comma had ended the negation, and the
    second item was read as a threat."""
    negation = Negation.from_config(get_pipeline().negation)
    doc = _doc("I didn't see anything cruel about him, or threatening")
    assert negation.negates(doc, len(doc) - 1)
    assert not negation.negates(_doc("he was not there, he threatened me"), 6)
    facts = extract_facts(
        "I didn't see anything cruel about HIM, or threatening, or anything about his age.", learned=False
    )
    assert not facts.has("threat_veiled")


def test_danger_clause_is_now_or_not() -> None:
    assert speaks_of_now(_doc("he is outside my house"), 0, 5)
    assert not speaks_of_now(_doc("he was outside my house last week"), 0, 5)
    assert speaks_of_now(_doc("she's parked outside"), 0, 4)


def test_context_rule_table() -> None:
    assert not counts(_doc("I changed my number"), "account_compromise", 1, 4)
    assert counts(_doc("he changed my number"), "account_compromise", 1, 4)
    assert counts(_doc("he got into my email and changed my recovery number"), "account_compromise", 6, 9)
    assert counts(_doc("he is anxious"), "threat_violence", 2, 3)  # no rules for a signal: it counts


def test_word_numbers() -> None:
    assert as_int("fifteen") == 15 and as_int("15") == 15 and as_int("many") is None


def test_extractor_takes_a_pipeline() -> None:
    assert Extractor(get_pipeline()).extract("my ex keeps calling").relationship == "ex_partner"


def test_reply_words_syntax() -> None:
    pattern = reply_pattern(["=ex", "step", "don't know who"])
    assert pattern.search("My EX") and not pattern.search("an explanation")
    assert pattern.search("my stepdad") and not pattern.search("footstep")
    assert pattern.search("dont know who it is") and pattern.search("I don't know who")


@pytest.mark.parametrize(
    ("said", "named"),
    [
        ("there's someone at the door but it's the locksmith i booked", True),
        ("the knock at the door was just the postman lol", True),
        ("it's the locksmith and he has a knife", False),  # a weapon: no errand, whoever it is
        ("someone is at the door and i'm scared", False),
    ],
)
def test_a_caller_named_for_who_they_are(said: str, named: bool) -> None:
    assert known_caller(said.split()) is named


def test_an_age_written_onto_its_number_is_read() -> None:
    """ "my 13yo" had been one token the age patterns could not read (as "5km" is split, so is "13yo")."""
    assert extract_facts("someone keeps messaging my 13yo on roblox", learned=False).age == 13
    assert extract_facts("im 15yrs old", learned=False).age == 15
    assert extract_facts("yo he keeps texting me", learned=False).age is None
