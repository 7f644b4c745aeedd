"""A simulated person: tells their story in their own words, then answers the way people answer.

Answers come from the case's labels (the rubric's meaning, not the engine's reading): someone
threatened says "yes" to the threats question, a teenager says they are under 18. Most of the
time they tap the button that says what they mean; sometimes they type it ("yeah", "idk",
"nope", a state name with a typo); now and then they ask something else first ("is this
confidential?"). Every choice is drawn from a generator seeded by the case id, so a failing
conversation can be replayed exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from bot.places import get_places

DIGRESSIONS = (
    "is this confidential?",
    "is this private",
    "am i talking to a real person",
    "who can see this chat",
    "thank you",
)
# How people type each kind of answer; `None` means they tap instead.
TYPED = {
    "yes": ("yeah", "yes", "y", "yep it has", "Yes"),
    "no": ("no", "nope", "nah", "not really", "No"),
    "unknown": ("idk", "not sure", "skip", "dunno", "I don't know"),
}
TYPOS = {"California": "Califronia", "Texas": "Texs", "Ontario": "Ontaro", "Ohio": "Ohoi", "Queensland": "Queensand"}


@dataclass
class Persona:
    """One case from the corpus, as a person who knows their own answers."""

    case: dict[str, Any]
    rng: random.Random = field(init=False)
    tap_rate: float = 0.7
    digression_rate: float = 0.1

    def __post_init__(self) -> None:
        self.rng = random.Random(self.case["id"])

    @property
    def expected(self) -> dict[str, Any]:
        return self.case["expected"]

    @property
    def story(self) -> str:
        return self.case["text"]

    @property
    def flags(self) -> set[str]:
        return set(self.expected.get("flags") or [])

    def intended(self, slot: str) -> str:
        """What this person means to answer to the question for `slot`, as a slot value."""
        risk = self.expected["risk"]
        classification = self.expected["classification"]
        if slot == "jurisdiction":
            code = self.expected.get("jurisdiction") or self.case.get("jurisdiction")
            return code or "unknown"
        if slot == "relationship":
            return "ex_partner" if "domestic_abuse" in self.flags else "unknown"
        if slot == "frequency":
            return {"cyberstalking": "repeated", "cyberharassment": "few_times"}.get(classification, "once")
        if slot == "asked_or_blocked":
            return "unknown"
        if slot == "location_known":
            return "showed_up" if "offline_contact" in self.flags else "no"
        if slot == "threats":
            return "yes" if "threats_of_violence" in self.flags else "no"
        if slot == "fears_safety":
            return "yes" if risk in ("high", "emergency") else "no"
        if slot == "under_18":
            return "yes" if "minor_involved" in self.flags else "no"
        if slot == "intimate_images":
            return "yes" if "intimate_images" in self.flags else "no"
        if slot == "safe_now":
            return "no" if risk == "emergency" else "yes"
        raise KeyError(slot)

    def wants_to_digress(self) -> str | None:
        return self.rng.choice(DIGRESSIONS) if self.rng.random() < self.digression_rate else None

    def wants_to_tap(self) -> bool:
        return self.rng.random() < self.tap_rate

    def typed(self, slot: str, value: str, country: str | None) -> str | None:
        """How this person would type `value`; None when only a button says it plainly."""
        if value in TYPED and slot not in ("relationship", "frequency", "location_known", "asked_or_blocked"):
            return self.rng.choice(TYPED[value])
        if slot == "jurisdiction" and value != "unknown":
            place = get_places().get(value)
            if place is None:
                return None
            if country and "-" in value:  # the state/province question: the name, sometimes misspelt
                name = place.name
                return TYPOS.get(name, name) if self.rng.random() < 0.3 else name
            if "-" in value:
                return f"I live in {place.name}"
            return place.name
        if value == "unknown":
            return self.rng.choice(TYPED["unknown"])
        return None
