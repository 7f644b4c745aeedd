"""The word lists the extractor's rules read, loaded once from ``patterns/lexicon.yml``.

Words live in data so that they can be reviewed and extended without reading the rules: the
rules in :mod:`bot.triage.extract` say what a list means, the YAML file says which words are in
it. Lists become frozensets; mappings become read-only dicts. Entries are checked on load, so a
word YAML reads as something else (``no`` as False, ``1`` as an int) fails loudly, not silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

LEXICON_PATH = Path(__file__).resolve().parent / "patterns" / "lexicon.yml"


class LexiconError(ValueError):
    """The lexicon file has an entry of the wrong shape, or a rule asked for a missing one."""


@dataclass(frozen=True)
class Lexicon:
    """Every list and mapping in the lexicon file, by name."""

    sets: Mapping[str, frozenset[str]]
    maps: Mapping[str, Mapping[str, Any]]

    def words(self, name: str) -> frozenset[str]:
        try:
            return self.sets[name]
        except KeyError:
            raise LexiconError(f"lexicon.yml has no word list {name!r}") from None

    def mapping(self, name: str) -> Mapping[str, Any]:
        try:
            return self.maps[name]
        except KeyError:
            raise LexiconError(f"lexicon.yml has no mapping {name!r}") from None


def parse_lexicon(data: Any) -> Lexicon:
    """Check the loaded YAML and turn it into a :class:`Lexicon`."""
    if not isinstance(data, dict):
        raise LexiconError("lexicon.yml must be a mapping of names to word lists or mappings")
    sets: dict[str, frozenset[str]] = {}
    maps: dict[str, Mapping[str, Any]] = {}
    for name, value in data.items():
        if isinstance(value, list):
            odd = [word for word in value if not isinstance(word, str)]
            if odd:
                raise LexiconError(f"lexicon.yml {name}: not words (quote them): {odd!r}")
            sets[name] = frozenset(value)
        elif isinstance(value, dict):
            odd_keys = [key for key in value if not isinstance(key, str)]
            if odd_keys:
                raise LexiconError(f"lexicon.yml {name}: keys that are not words (quote them): {odd_keys!r}")
            maps[name] = MappingProxyType(dict(value))
        else:
            raise LexiconError(f"lexicon.yml {name}: expected a list or a mapping, got {type(value).__name__}")
    return Lexicon(sets=MappingProxyType(sets), maps=MappingProxyType(maps))


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The lexicon, read on first use."""
    return parse_lexicon(yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8")))


def words(name: str) -> frozenset[str]:
    """One word list of the lexicon, as a frozenset."""
    return get_lexicon().words(name)


def text_map(name: str) -> Mapping[str, str]:
    """One mapping of the lexicon whose values are words."""
    found = get_lexicon().mapping(name)
    if not all(isinstance(value, str) for value in found.values()):
        raise LexiconError(f"lexicon.yml {name}: every value should be a word")
    return found


def number_map(name: str) -> Mapping[str, int]:
    """One mapping of the lexicon whose values are whole numbers."""
    found = get_lexicon().mapping(name)
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in found.values()):
        raise LexiconError(f"lexicon.yml {name}: every value should be a whole number")
    return found
