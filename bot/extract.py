"""Find the facts in a person's own account: behaviours, who, how old, where, and danger.

Matching is done by the spaCy pipeline in :mod:`bot.nlp`; this module decides which
matches count: it drops negated ones ("no threats so far"), past or habitual "danger"
("he was outside my house last week"), self-harm words that quote the abuser ("told me
to kill myself"), and places where someone else lives ("he moved to Ohio").
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from spacy.tokens import Doc, Span

from bot.models import Evidence, Facts
from bot.nlp import Pipeline, get_pipeline, lemma_of
from bot.places import get_places
from bot.settings import get_settings

PAST_OR_HABITUAL = {
    "was", "were", "had", "did", "used", "yesterday", "last", "ago", "once", "before", "every",
    "always", "sometimes", "often", "usually", "days", "weeks", "months", "years", "earlier",
    "previously", "came", "showed", "turned", "followed", "sat", "waited", "stood", "parked",
}
REPORTED_SPEECH = {"tell", "told", "telling", "say", "said", "says", "saying", "wrote", "write", "text", "texted", "message", "messaged", "comment", "commented", "post", "posted", "dm", "dmed", "dmd", "called"}
LIVING_CUES = {"live", "living", "lives", "based", "reside", "stay", "staying", "here", "from", "in", "moved"}
OTHER_PERSON = {"he", "she", "they", "him", "her", "his", "their", "ex", "boyfriend", "girlfriend", "husband", "wife", "brother", "sister", "friend", "cousin", "mom", "dad", "family", "parents"}
TRAVEL = {"visit", "visiting", "trip", "holiday", "vacation", "travel", "travelling", "traveling", "went", "flew", "flying", "go", "going", "conference"}
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str, limit: int | None = None) -> tuple[str, bool]:
    """Normalise an account for matching; cut it at `limit` characters to keep work bounded."""
    limit = limit or get_settings().max_account_chars
    text = unicodedata.normalize("NFKC", text or "")
    text = CONTROL_CHARS.sub(" ", text).replace("\u2019", "'").replace("\u2018", "'")
    truncated = len(text) > limit
    return (text[:limit] if truncated else text), truncated


def _sentence_index(doc: Doc) -> list[int]:
    """Sentence number per token: blank pipelines have no parser, so split on end punctuation."""
    index, current = [], 0
    for token in doc:
        index.append(current)
        if token.text in {".", "!", "?", "\n", "\n\n"} or token.text.endswith("\n") or (token.is_space and "\n" in token.text):
            current += 1
    return index


class Extractor:
    """Runs the matchers and keeps what counts, as :class:`Facts`."""

    def __init__(self, pipeline: Pipeline | None = None) -> None:
        self.p = pipeline or get_pipeline()
        neg = self.p.negation
        self.cues = {lemma_of(c) for c in neg["cues"]} | set(neg["cues"])
        self.exceptions = {lemma_of(c) for c in neg["exceptions"]}
        self.breaks = set(neg["clause_breaks"])
        self.window = int(neg["window"])
        self.places = get_places()

    # -- helpers -------------------------------------------------------------------------
    def _negated(self, doc: Doc, start: int) -> bool:
        """A negation cue shortly before `start`, in the same clause, with no exception between."""
        between: list[str] = []
        for i in range(start - 1, max(-1, start - 1 - self.window), -1):
            token = doc[i]
            if token.lower_ in self.breaks or token.text in self.breaks:
                return False
            if token.lower_ in self.cues or token.lemma_ in self.cues:
                return not any(word in self.exceptions for word in between)
            between.append(token.lemma_)
        return False

    @staticmethod
    def _quote(span: Span) -> str:
        return span.text.strip()

    def _sentence_words(self, doc: Doc, sentences: list[int], number: int) -> set[str]:
        return {doc[i].lower_ for i, s in enumerate(sentences) if s == number}

    # -- the work ------------------------------------------------------------------------
    def extract(self, text: str) -> Facts:
        cleaned, truncated = clean_text(text)
        doc = self.p.nlp(cleaned)
        sentences = _sentence_index(doc)
        facts = Facts(truncated=truncated)
        found: dict[str, list[Evidence]] = defaultdict(list)
        negated: dict[str, list[Evidence]] = defaultdict(list)
        seen: set[tuple[str, int]] = set()
        strings = self.p.nlp.vocab.strings
        for match_id, start, end in sorted(self.p.signals(doc), key=lambda m: (m[1], -m[2])):
            signal = strings[match_id]
            if (signal, start) in seen:
                continue
            seen.add((signal, start))
            span = doc[start:end]
            evidence = Evidence(signal, self._quote(span), sentences[start] if len(doc) else 0)
            if self._negated(doc, start) and signal not in {"present_cue", "hedge", "self_harm_now"}:
                negated[signal].append(evidence)
                continue
            if signal == "self_harm" and self._is_reported(doc, start):
                found["told_to_self_harm"].append(evidence)
                continue
            found[signal].append(evidence)
        self._filter_danger(doc, sentences, found)
        self._drop_self_directed_threats(doc, found)
        facts.signals = dict(found)
        facts.negated = dict(negated)
        self._relationship(doc, facts)
        self._age(doc, facts)
        self._jurisdiction(doc, facts)
        return facts

    @staticmethod
    def _drop_self_directed_threats(doc: Doc, found: dict[str, list[Evidence]]) -> None:
        """'I want to kill myself' is about self-harm, not a threat from someone else."""
        threats = found.get("threat_violence", [])
        if not threats:
            return
        self_words = {"myself", "meself", "myslef", "mysef", "mself"}
        kept = [e for e in threats if not (self_words & set(e.quote.lower().split()))
                and not any(e.sentence == h.sentence for h in found.get("self_harm", []) if e.quote.lower().startswith("i"))]
        if kept:
            found["threat_violence"] = kept
        else:
            found.pop("threat_violence", None)

    def _is_reported(self, doc: Doc, start: int) -> bool:
        """'He told me to kill myself' is abuse aimed at the user, not the user's own wish."""
        window = [t.lower_ for t in doc[max(0, start - 4):start]]
        return any(w in REPORTED_SPEECH for w in window) and ("me" in window or "to" in window)

    def _filter_danger(self, doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
        """Keep danger-now matches only where the sentence speaks of now, not of the past or habit."""
        present = {e.sentence for e in found.get("present_cue", [])}
        kept = []
        for evidence in found.get("danger_now", []):
            words = self._sentence_words(doc, sentences, evidence.sentence)
            if evidence.sentence in present or not (words & PAST_OR_HABITUAL):
                kept.append(evidence)
        if kept:
            found["danger_now"] = kept
        else:
            found.pop("danger_now", None)

    def _relationship(self, doc: Doc, facts: Facts) -> None:
        strings = self.p.nlp.vocab.strings
        # Most telling first: a partner or family tie outranks "a friend" mentioned in passing.
        order = ["ex_partner", "partner", "family", "coworker", "classmate", "acquaintance", "stranger"]
        best: tuple[int, int, str, str] | None = None
        for match_id, start, end in self.p.relationships(doc):
            label = strings[match_id]
            if self._negated(doc, start) and label != "stranger":
                continue
            rank = order.index(label)
            candidate = (rank, start, label, doc[start:end].text)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
        if best:
            facts.relationship, facts.relationship_quote = best[2], best[3]

    def _age(self, doc: Doc, facts: Facts) -> None:
        strings = self.p.nlp.vocab.strings
        for match_id, start, end in self.p.ages(doc):
            label = strings[match_id]
            span = doc[start:end]
            if label == "minor_words":
                if not self._negated(doc, start):
                    facts.minor_quote = facts.minor_quote or span.text
                continue
            number = next((t for t in span if t.like_num), None)
            if number is None:
                continue
            age = _as_int(number.text)
            if age is None or not 5 <= age <= 99:
                continue
            # "I'm 15 minutes away" / "3 years" are durations, not ages.
            following = doc[number.i + 1].lower_ if number.i + 1 < len(doc) else ""
            if following in {"minutes", "mins", "min", "hours", "hrs", "days", "weeks", "months", "times", "miles", "km", "%", "percent"}:
                continue
            if following in {"years", "year", "yrs", "yr"} and (number.i + 2 >= len(doc) or doc[number.i + 2].lower_ != "old"):
                if label != "self" or span[0].lower_ not in {"i", "im", "age", "aged"}:
                    continue
            if facts.age is None or age < facts.age:
                facts.age, facts.age_quote = age, span.text

    def _jurisdiction(self, doc: Doc, facts: Facts) -> None:
        """Where the user lives: score each place mention by the words around it."""
        strings = self.p.nlp.vocab.strings
        mentions = [(strings[m], s, e) for m, s, e in self.p.places(doc)]
        mentions += [(strings[m], s + 1, e) for m, s, e in self.p.place_abbreviations(doc)]
        if not mentions:
            return
        text_lower = doc.text.lower()
        moved_on = bool(re.search(r"\b(but|now)\s+(i\s+)?(live|living|based|moved)\b", text_lower))
        scored: dict[str, tuple[float, str]] = {}
        for code, start, end in mentions:
            before = [t.lower_ for t in doc[max(0, start - 5):start]]
            score = 1.0
            first_person = bool({"i", "we", "im", "i'm"} & set(before))
            other_person = any(w in OTHER_PERSON for w in before[-4:])
            if first_person and set(before[-3:]) & {"live", "living", "based", "reside", "here", "stay", "staying", "moved", "in", "from"}:
                score += 3
            elif set(before[-2:]) & {"here"}:
                score += 3
            if before[-1:] == ["from"] and moved_on:
                score -= 3
            if other_person and not first_person:
                score -= 3
            if set(before) & TRAVEL:
                score -= 2
            if before[-1:] == [","]:  # "Dallas, TX" supports the city mention too
                score += 0.5
            span_text = doc[start:end].text
            if code not in scored or score > scored[code][0]:
                scored[code] = (score, span_text)
        # A city and its own state or country support each other ("Toronto, Canada").
        combined: dict[str, tuple[float, str]] = {}
        for code, (score, quote) in scored.items():
            support = sum(s for other, (s, _) in scored.items() if other != code and code.startswith(other + "-") and s > 0)
            combined[code] = (score + support, quote)
        best = max(combined.items(), key=lambda item: (item[1][0], item[0].count("-")))
        if best[1][0] <= 0:
            return
        rivals = [c for c, (s, _) in combined.items() if s == best[1][0] and c != best[0]
                  and not best[0].startswith(c + "-") and not c.startswith(best[0] + "-")]
        if rivals:
            return  # two unrelated places with equal weight: ask rather than guess
        facts.jurisdiction, facts.jurisdiction_quote = best[0], best[1][1]


WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}


def _as_int(text: str) -> int | None:
    text = text.lower().strip()
    if text.isdigit():
        return int(text)
    return WORD_NUMBERS.get(text)


_extractor: Extractor | None = None


def extract_facts(text: str) -> Facts:
    """Extract facts with the process-wide pipeline (built on first use)."""
    global _extractor
    if _extractor is None:
        _extractor = Extractor()
    return _extractor.extract(text)
