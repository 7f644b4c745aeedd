"""From signal matches to evidence: which matches count, which are negated, which are reported.

The matchers find every phrasing in patterns/signals.yml; this step keeps one match per signal
and start, drops matches a sentence end cut through or that a context rule rules out, sets
negated ones apart, and moves "told me to kill myself" to told_to_self_harm.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from bot.triage.extract.context import (
    asked_if_a_threat,
    block_ended_it,
    dropped_by,
    figure_of_speech,
    shared_openly,
    threat_to_release,
)
from bot.triage.extract.danger import DANGER_SIGNALS, TokenSpans
from bot.triage.extract.negation import Negation
from bot.triage.extract.self_harm import is_reported
from bot.triage.lexicon import words
from bot.triage.models import Evidence

logger = logging.getLogger(__name__)

# Signals whose words are never "negated": a hedge or time word is read as it stands.
NEVER_NEGATED = frozenset({"present_cue", "hedge", "self_harm_now"})

Match = tuple[str, int, int]  # signal, start token, end token
TIME_WORDS = words("temporal")


def _negatable(signal: str, quote: str) -> bool:
    """Whether a negation before the match can undo it. A time word of self-harm now stands ("I can't
    do this now"), but a plan or a means can be denied ("I don't have a plan", "no pills here")."""
    if signal == "self_harm_now":
        return quote.lower() not in TIME_WORDS
    return signal not in NEVER_NEGATED


# Context rules whose reading is kept as a signal of its own when they drop a match: what the rules
# explained away ("my mum'll kill me lol", "we share locations, we both wanted to") that no later
# reading of the same words (the learned second opinion's flags) may undo.
# ("is that a threat?" is kept as a threat that is not specific: the writers rate such messages medium
# without a threat to hurt.)
KEPT_ON_RECORD = {
    figure_of_speech: "figure_of_speech",
    shared_openly: "shared_openly",
    asked_if_a_threat: "threat_nonspecific",
    block_ended_it: "block_told",  # (the user blocked them, and nothing came after: not asked again)
}


@dataclass
class SignalMatches:
    """Evidence per signal that counts, per signal that was negated, and danger matches' token spans."""

    found: dict[str, list[Evidence]] = field(default_factory=dict)
    negated: dict[str, list[Evidence]] = field(default_factory=dict)
    spans: TokenSpans = field(default_factory=dict)


def collect_signals(doc: Doc, sentences: list[int], matches: Iterable[Match], negation: Negation) -> SignalMatches:
    """Sort the matches by position (longest first) and keep those that count."""
    result = SignalMatches()
    seen: set[tuple[str, int]] = set()
    dropped = 0
    for signal, start, end in sorted(matches, key=lambda m: (m[1], -m[2])):
        if (signal, start) in seen:
            continue
        seen.add((signal, start))
        if len(doc) and sentences[start] != sentences[end - 1]:
            dropped += 1
            continue  # a pattern's wildcard ran across a sentence end ("my phone. My aunt")
        rule = dropped_by(doc, signal, start, end)
        if rule is not None:
            dropped += 1
            if rule in KEPT_ON_RECORD:
                # kept on record, so no later reading of the words makes it a threat (or tracking) again
                name = KEPT_ON_RECORD[rule]
                result.found.setdefault(name, []).append(
                    Evidence(name, doc[start:end].text.strip(), sentences[start] if len(doc) else 0)
                )
            continue
        evidence = Evidence(signal, doc[start:end].text.strip(), sentences[start] if len(doc) else 0)
        if _negatable(signal, evidence.quote) and negation.negates(doc, start):
            result.negated.setdefault(signal, []).append(evidence)
            continue
        if signal == "self_harm" and is_reported(doc, start, sentences):
            result.found.setdefault("told_to_self_harm", []).append(evidence)
            continue
        if signal == "threat_veiled" and threat_to_release(doc, start, end):
            dropped += 1
            continue  # "threatened to post my pictures" is about images, not violence
        result.found.setdefault(signal, []).append(evidence)
        if signal in DANGER_SIGNALS:
            result.spans.setdefault(signal, []).append((start, end))
    logger.debug(
        "signal matches: %d kept, %d negated, %d dropped by context",
        sum(map(len, result.found.values())),
        sum(map(len, result.negated.values())),
        dropped,
    )
    return result
