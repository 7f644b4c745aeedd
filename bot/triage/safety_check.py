"""Whether to ask "Are you safe right now?": danger is possible but not certain.

The combinations that call for the question are data (`patterns/safety_check.yml`), so a
reviewer can read and change them beside the danger-language reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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


def _now_elsewhere(facts: Facts) -> bool:
    """A present cue ("right now", "tonight") outside the sentences that say the story ended (a bare
    "now" is not enough: "he's in prison now", "I have an order now")."""
    ended = {e.sentence for e in facts.signals.get("story_ended", [])}
    return any(e.sentence not in ended and e.quote.lower() != "now" for e in facts.signals.get("present_cue", []))


def needs_safety_check(facts: Facts) -> str | None:
    """Why the person should be asked whether they are safe now, or None.

    Not when danger now is already certain (the emergency number is shown instead), nor when the
    account says the story has ended ("it stopped", "he's in prison") and nothing is said as now.
    """
    if facts.has("danger_now") or facts.has("learned_danger_now"):
        return None
    if facts.has("story_ended") and not _now_elsewhere(facts):
        return None  # "he's in prison until 2027", "it stopped in 2015": a story that ended
    for rule in _rules():
        if all(facts.has(signal) for signal in rule.signals) and not any(facts.has(x) for x in rule.unless):
            return rule.why
    return None
