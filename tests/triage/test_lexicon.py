"""The extractor's word lists and rule tables: loaded right, all used, and naming real signals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.triage.extract.context import RULES
from bot.triage.extract.signals import NEVER_NEGATED
from bot.triage.lexicon import LexiconError, get_lexicon, number_map, parse_lexicon, text_map, words
from bot.triage.nlp import load_patterns

BOT = Path(__file__).resolve().parents[2] / "bot"


def test_every_list_is_a_nonempty_set_of_words() -> None:
    lexicon = get_lexicon()
    assert lexicon.sets and lexicon.maps
    for name, found in lexicon.sets.items():
        assert isinstance(found, frozenset) and found, name
        assert all(isinstance(word, str) and word for word in found), name


def test_mappings_have_the_right_values() -> None:
    assert text_map("texting")["u"] == "you"
    assert number_map("word_numbers")["fifteen"] == 15
    with pytest.raises(LexiconError):
        number_map("texting")


def test_every_entry_is_read_by_some_rule() -> None:
    """A list no rule reads is dead weight in review (and a sign a rule lost its words)."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in BOT.rglob("*.py"))
    lexicon = get_lexicon()
    unused = [name for name in list(lexicon.sets) + list(lexicon.maps) if not re.search(rf"[\"']{name}[\"']", source)]
    assert not unused


def test_words_yaml_would_misread_fail_loudly() -> None:
    with pytest.raises(LexiconError):
        parse_lexicon(yaml.safe_load("not_many: [one, 1]"))
    with pytest.raises(LexiconError):
        parse_lexicon(yaml.safe_load("cues: [no, yes]"))
    with pytest.raises(LexiconError):
        words("no_such_list")


def test_context_rules_name_real_signals() -> None:
    signals = set(load_patterns("signals.yml")["signals"])
    assert set(RULES) <= signals
    assert signals >= NEVER_NEGATED


def test_reply_words_cover_the_same_relationships_as_the_patterns() -> None:
    people = load_patterns("people.yml")
    assert list(people["replies"]["relationships"]) == list(people["relationships"])
    assert all(isinstance(w, str) for entries in people["replies"]["relationships"].values() for w in entries)
