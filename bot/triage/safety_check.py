"""Whether to ask "Are you safe right now?": danger is possible but not certain.

The combinations that call for the question are data (`patterns/safety_check.yml`), so a
reviewer can read and change them beside the danger-language reference.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.triage.models import Facts

RULES_FILE = Path(__file__).resolve().parent / "patterns" / "safety_check.yml"


@dataclass(frozen=True)
class PossibleDanger:
    signals: frozenset[str]
    why: str
    unless: frozenset[str] = frozenset()  # any of these explains it away ("we agreed to share locations")


@lru_cache(maxsize=1)
def _rules() -> tuple[PossibleDanger, ...]:
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return tuple(
        PossibleDanger(frozenset(entry["signals"]), str(entry["why"]), frozenset(entry.get("unless") or ()))
        for entry in raw["possible_danger"]
    )


@lru_cache(maxsize=1)
def _answer_signals() -> dict[str, str]:
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return {str(key): str(signal) for key, signal in (raw.get("answer_signals") or {}).items()}


# The learned second opinion's reading of the words as a whole: no one question's answer is about it.
LEARNED_READING = "learned_possible_danger"


def _held(facts: Facts, answers: Mapping[str, Any]) -> Callable[[str], bool]:
    """Whether a signal holds: an answer about it decides, otherwise the words do. The learned
    reading of the words no longer holds once the person has said "no" to one of the questions it
    stands for ("do they know where you are?"): their answers say more than any reading of words."""
    answered = {
        signal: str(answers[key]).strip().lower() == "yes"
        for key, signal in _answer_signals().items()
        if str(answers.get(key) or "").strip().lower() in ("yes", "no")
    }
    denied = any(not held for held in answered.values())

    def held(signal: str) -> bool:
        if signal == LEARNED_READING and denied:
            return False
        return answered[signal] if signal in answered else facts.has(signal)

    return held


def told_as_ended(facts: Facts) -> bool:
    """The account says the story has ended ("it stopped", "he was convicted") and says nothing as now."""
    return facts.has("story_ended") and not _now_elsewhere(facts)


def _now_elsewhere(facts: Facts) -> bool:
    """A present cue ("right now", "tonight") outside the sentences that say the story ended (a bare
    "now" is not enough: "he's in prison now", "I have an order now")."""
    ended = {e.sentence for e in facts.signals.get("story_ended", [])}
    return any(e.sentence not in ended and e.quote.lower() != "now" for e in facts.signals.get("present_cue", []))


def needs_safety_check(facts: Facts, answers: Mapping[str, Any] | None = None) -> str | None:
    """Why the person should be asked whether they are safe now, or None.

    `answers` are the engine's answer keys ("threats": "yes"...), so answers given to the
    questions count beside the words. Not when danger now is already certain (the emergency
    number is shown instead), nor when the account says the story has ended ("it stopped",
    "he's in prison") and nothing is said as now.
    """
    if facts.has("danger_now") or facts.has("learned_danger_now"):
        return None
    if told_as_ended(facts):
        return None  # "he's in prison until 2027", "it stopped in 2015": a story that ended
    held = _held(facts, answers or {})
    for rule in _rules():
        if all(held(signal) for signal in rule.signals) and not any(held(x) for x in rule.unless):
            return rule.why
    return None
