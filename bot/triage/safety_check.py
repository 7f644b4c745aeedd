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


@lru_cache(maxsize=1)
def _rules() -> tuple[PossibleDanger, ...]:
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return tuple(PossibleDanger(frozenset(entry["signals"]), str(entry["why"])) for entry in raw["possible_danger"])


def _now_elsewhere(facts: Facts) -> bool:
    """A present cue ("now", "tonight") outside the sentences that say the story ended."""
    ended = {e.sentence for e in facts.signals.get("story_ended", [])}
    return any(e.sentence not in ended for e in facts.signals.get("present_cue", []))


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
        if all(facts.has(signal) for signal in rule.signals):
            return rule.why
    return None
