"""Words whose lookup lemma is another word are read as themselves, so a pattern for one no longer
reads the other ("lovely ass" read "lovely as always"; "every evening" read "every even day")."""

from __future__ import annotations

import pytest

from bot.triage import nlp
from bot.triage.lexicon import text_map
from bot.triage.nlp import get_pipeline, lemma_of


def test_every_fix_is_read_and_is_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each entry gives its lemma, and without the entries the word or its lemma would be read as
    another word (so a stale entry is noticed)."""
    fixes = dict(text_map("lemma_fixes"))
    assert fixes
    for word, lemma in fixes.items():
        assert lemma_of(word) == lemma, word
        assert lemma_of(lemma) == lemma, lemma  # every form of the word meets the same key
    monkeypatch.setattr(nlp, "LEMMA_FIXES", {})
    for word, lemma in fixes.items():
        unfixed = {nlp._settled(nlp._lemma_once(form, spell=False)) for form in (word, lemma)}
        assert unfixed != {lemma}, word


@pytest.mark.parametrize(
    ("word", "not_read_as"),
    [
        ("as", "ass"),
        ("his", "hi"),
        ("does", "doe"),
        ("even", "evening"),
        ("strange", "stranger"),
        ("numb", "number"),
        ("km", "kms"),
    ],
)
def test_a_word_and_its_lookalike_have_different_lemmas(word: str, not_read_as: str) -> None:
    assert lemma_of(word) != lemma_of(not_read_as)


def _signals(text: str) -> set[tuple[str, str]]:
    pipeline = get_pipeline()
    doc = pipeline.nlp(text)
    strings = pipeline.nlp.vocab.strings
    return {(strings[key], doc[start:end].text) for key, start, end in pipeline.signals(doc)}


def test_a_compliment_as_always_is_not_a_sexual_remark() -> None:
    found = _signals("my coworker commented 'you look lovely as always' on my photo")
    assert not {label for label, _ in found} & {"sexual_harassment"}
    assert ("sexual_harassment", "lovely ass") in _signals("he commented lovely ass on my photo")


def test_even_is_not_evening() -> None:
    assert ("repeated_contact", "every even") not in _signals("he messages me every even day")
    assert ("repeated_contact", "every evening") in _signals("he messages me every evening")


def test_does_is_a_form_of_do() -> None:
    assert lemma_of("does") == lemma_of("do") == lemma_of("doesn't"[:4])


def test_a_news_account_is_not_a_new_account() -> None:
    found = _signals("a local news account posted a photo of me from the protest and the comments are vile")
    assert "new_accounts" not in {label for label, _ in found}
    assert "new_accounts" in {label for label, _ in _signals("he made a new account to message me")}
