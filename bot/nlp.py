"""The shared spaCy pipeline: a blank English model, lookup lemmas, and our rule patterns.

No statistical model is downloaded: `spacy.blank("en")` tokenises, a small component sets
each token's lemma from spacy-lookups-data's English lookup table (on the lower-cased
text, so "Keeps" and "keeps" agree), and Matchers compiled from `patterns/*.yml` find the
signals. The same pipeline serves the triage engine and Rasa's entity extractor.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from bot.places import PlaceRegistry, get_places

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"


@lru_cache(maxsize=1)
def _lemma_table() -> Any:
    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=1)
def _known_lemmas() -> frozenset[str]:
    return frozenset(_lemma_table().values())


@lru_cache(maxsize=200_000)
def lemma_of(word: str) -> str:
    """The lookup lemma of a word, lower-cased.

    Words the table lacks ("texting", "dming") fall back to a suffix strip when that gives a
    known lemma, so texting-style words still meet the patterns' base forms.
    """
    lower = str(word).lower()
    table = _lemma_table()
    if lower in table:
        return table[lower]
    known = _known_lemmas()
    for suffix in ("ing", "ed", "es", "s", "d"):
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 2:
            stem = lower[: -len(suffix)]
            for candidate in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None):
                if candidate and candidate in known:
                    return candidate
    return lower


@Language.component("cyberguide_lookup_lemmas")
def set_lookup_lemmas(doc: Doc) -> Doc:
    for token in doc:
        token.lemma_ = lemma_of(token.text)
    return doc


def compile_pattern(pattern: str) -> list[dict[str, Any]]:
    """Turn one line of the patterns' mini-syntax (see patterns/signals.yml) into a Matcher pattern."""
    tokens: list[dict[str, Any]] = []
    for raw in str(pattern).split():
        optional = raw.endswith("?") and len(raw) > 1
        word = raw[:-1] if optional else raw
        if word == "_":
            spec: dict[str, Any] = {}
        elif word == "NUM":
            spec = {"LIKE_NUM": True}
        else:
            alternatives = sorted({lemma_of(alt) for alt in word.split("|") if alt})
            spec = {"LEMMA": {"IN": alternatives}}
        if optional:
            spec["OP"] = "?"
        tokens.append(spec)
    return tokens


@dataclass(frozen=True)
class Pipeline:
    """The loaded spaCy pipeline and every matcher the engine uses."""

    nlp: Language
    signals: Matcher
    relationships: Matcher
    ages: Matcher
    platforms: PhraseMatcher
    places: PhraseMatcher
    place_abbreviations: Matcher
    negation: dict[str, Any]


def _load_yaml(name: str) -> dict[str, Any]:
    return yaml.safe_load((PATTERNS_DIR / name).read_text(encoding="utf-8"))


def _add_all(matcher: Matcher, label: str, patterns: list[str]) -> None:
    compiled = [compile_pattern(p) for p in patterns]
    matcher.add(label, [c for c in compiled if c])


def build_pipeline(places: PlaceRegistry | None = None) -> Pipeline:
    """Build the pipeline and compile all patterns (about a second; call once per process)."""
    places = places or get_places()
    nlp = spacy.blank("en")
    nlp.add_pipe("cyberguide_lookup_lemmas")
    nlp.max_length = 2_000_000

    signals_data = _load_yaml("signals.yml")
    signals = Matcher(nlp.vocab)
    for name, patterns in signals_data["signals"].items():
        _add_all(signals, name, patterns)

    people = _load_yaml("people.yml")
    relationships = Matcher(nlp.vocab)
    for name, patterns in people["relationships"].items():
        _add_all(relationships, name, patterns)
    ages = Matcher(nlp.vocab)
    for name, patterns in people["ages"].items():
        _add_all(ages, name, patterns)

    platforms = PhraseMatcher(nlp.vocab, attr="LOWER")
    for name, words in people["platforms"].items():
        platforms.add(name, list(nlp.tokenizer.pipe([str(w) for w in words])))

    place_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    abbreviations = Matcher(nlp.vocab)
    for place in places.places.values():
        words = list(place.aliases) + list(place.cities)
        if words:
            place_matcher.add(place.code, list(nlp.tokenizer.pipe(words)))
        for abbreviation in place.abbreviations:
            # An abbreviation counts only in capitals and after "in", "from" or a comma
            # ("in TX", "Dallas, TX"), so "OK", "IN" and "ME" in ordinary text are left alone.
            abbreviations.add(
                place.code,
                [[{"LOWER": {"IN": ["in", "from", ",", "near", "of"]}}, {"ORTH": abbreviation}]],
            )
    return Pipeline(
        nlp=nlp,
        signals=signals,
        relationships=relationships,
        ages=ages,
        platforms=platforms,
        places=place_matcher,
        place_abbreviations=abbreviations,
        negation=signals_data["negation"],
    )


@lru_cache(maxsize=1)
def get_pipeline() -> Pipeline:
    return build_pipeline()
