"""Typos read as the word meant before the rules match, and only typos (bot/triage/spelling.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.triage import nlp
from bot.triage.extract.extractor import extract_facts
from bot.triage.spelling import Speller, corrected_text, english_word_counts, is_slip


@pytest.fixture(scope="module")
def speller() -> Speller:
    return nlp._speller()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("folowing", "following"),  # a letter dropped
        ("waht", "what"),  # two neighbours swapped
        ("trakcing", "tracking"),
        ("harrasing", "harassing"),  # two slips in a long word
        ("adress", "address"),
        ("locaton", "location"),
        ("THRETENED", "threatened"),  # capitals kept by the typist, read all the same
        ("addresss", "address"),  # a letter added
    ],
)
def test_a_slip_of_the_fingers_is_read_as_the_word_meant(speller: Speller, typed: str, meant: str) -> None:
    assert speller.correct(typed) == meant


@pytest.mark.parametrize(
    "word",
    [
        "sexting",  # slang the English list lacks: a changed letter would make it "setting"
        "reposted",  # would be "reported"
        "unfollowed",  # would be "followed": a changed first letter is never a slip
        "tweeting",
        "Jaxon",  # a name
        "following",  # a word already
        "hte",  # too short to tell
        "b4",  # a digit
        "snapchat",  # a platform the patterns name
        "Brum",  # a place name
    ],
)
def test_words_that_are_not_slips_are_left_alone(speller: Speller, word: str) -> None:
    assert speller.correct(word) in (None, word.lower())


def test_a_slip_is_letters_added_dropped_or_swapped_with_the_first_letter_kept() -> None:
    assert is_slip("folowing", "following", 1)
    assert is_slip("recieve", "receive", 1)
    assert not is_slip("sexting", "setting", 1)  # a changed letter
    assert not is_slip("nite", "site", 1)  # a changed first letter
    assert not is_slip("unfollowed", "followed", 2)


def test_the_nearest_slip_wins_over_a_more_common_changed_letter() -> None:
    counts = english_word_counts()
    speller = Speller({"taxed", "texted"}, known=set(), counts=counts)
    assert counts["taxed"] > counts["texted"]
    assert speller.correct("texed") == "texted"  # "taxed" is a changed letter away


def test_a_message_is_read_with_its_typos_corrected_and_the_rest_as_written() -> None:
    speller = Speller({"what", "should", "do"}, known={"what", "should", "do"}, counts=english_word_counts())
    assert corrected_text("waht shuold i do?? 2day", speller) == "what should i do?? 2day"
    assert corrected_text("", speller) == ""


@pytest.fixture
def speller_switched_off() -> Iterator[None]:
    """The pipeline as it read before typos were corrected (caches cleared both ways)."""

    class NoSpeller:
        def correct(self, word: str) -> None:
            return None

    original = nlp._speller
    nlp._speller = lambda: NoSpeller()  # type: ignore[assignment]
    nlp.lemma_of.cache_clear()
    nlp.get_pipeline.cache_clear()
    yield
    nlp._speller = original  # type: ignore[assignment]
    nlp.lemma_of.cache_clear()
    nlp.get_pipeline.cache_clear()


ACCOUNTS = [
    (
        "my ex keeps harrasing me and stalkng me on insta",
        "my ex keeps harassing me and stalking me on insta",
    ),
    (
        "he threatend to kill me and he's been trakcing my locaton",
        "he threatened to kill me and he's been tracking my location",
    ),
    ("he is folowing me home right now", "he is following me home right now"),
]


def signals(text: str) -> list[str]:
    return sorted(extract_facts(text, learned=False).signals)


@pytest.mark.parametrize(("typed", "meant"), ACCOUNTS)
def test_an_account_with_typos_gives_the_signals_of_the_account_spelled_right(typed: str, meant: str) -> None:
    assert signals(typed) == signals(meant)


@pytest.mark.parametrize(("typed", "meant"), ACCOUNTS)
def test_without_the_speller_the_typos_hid_signals(speller_switched_off: None, typed: str, meant: str) -> None:
    """What the corrections are for: each of these accounts lost signals to its typos."""
    assert set(signals(typed)) < set(signals(meant))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("f****t", "faggot"), ("n****r", "nigger"), ("c**t", "cunt"), ("wh*re", "whore"), ("f@ggot", "faggot")],
)
def test_a_masked_slur_is_read_as_the_word_it_masks(typed: str, meant: str) -> None:
    assert nlp.lemma_of(typed) == meant


@pytest.mark.parametrize("typed", ["s**t", "@john", "***", "h*llo"])
def test_a_mask_that_fits_no_word_or_several_is_left_as_typed(typed: str) -> None:
    assert nlp.unmasked(typed) is None


def test_a_masked_slur_makes_abuse_hate_based() -> None:
    facts = extract_facts("same guy in warzone keeps calling me f****t on voice whenever we end up in a lobby")
    assert facts.has("hate") and facts.has("insults")
