"""Domain objects that cross module boundaries: what was found, and what we concluded."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bot.knowledge.records import Contact, Law, Step

CLASSIFICATIONS = ("cyberstalking", "cyberharassment", "unclear")
RISK_LEVELS = ("standard", "medium", "high", "emergency")  # lowest to highest
FLAGS = (
    "threats_of_violence", "intimate_images", "sextortion", "doxxing", "impersonation",
    "location_tracking", "account_compromise", "offline_contact", "minor_involved",
    "hate_based", "self_harm_risk", "domestic_abuse",
)
RELATIONSHIPS = ("ex_partner", "partner", "family", "coworker", "classmate", "acquaintance", "stranger", "unknown")
ANSWER_KEYS = (
    "jurisdiction", "relationship", "asked_to_stop", "blocked", "knows_location", "showed_up",
    "threats", "fears_safety", "under_18", "intimate_images", "frequency", "duration",
    "danger_now", "self_harm",
)
YES_NO_UNKNOWN = ("yes", "no", "unknown")
FREQUENCIES = ("once", "few_times", "repeated", "daily")
DURATIONS = ("days", "weeks", "months", "years")


@dataclass(frozen=True)
class Evidence:
    """One piece of the user's own words that supports a finding."""

    signal: str
    quote: str
    sentence: int = 0


@dataclass
class Facts:
    """What the extractor found in an account, before any decision."""

    signals: dict[str, list[Evidence]] = field(default_factory=dict)
    negated: dict[str, list[Evidence]] = field(default_factory=dict)
    relationship: str | None = None
    relationship_quote: str | None = None
    age: int | None = None
    age_quote: str | None = None
    minor_quote: str | None = None
    jurisdiction: str | None = None
    jurisdiction_quote: str | None = None
    truncated: bool = False

    def has(self, signal: str) -> bool:
        return bool(self.signals.get(signal))

    def quote(self, signal: str) -> str:
        found = self.signals.get(signal)
        return found[0].quote if found else ""


@dataclass
class Assessment:
    """The engine's answer: labels, the reasons for each, and the knowledge that fits."""

    classification: str
    risk: str
    flags: list[str]
    reasons: list[str]
    jurisdiction: str | None
    unknowns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    laws: list[Law] = field(default_factory=list)
    referrals: list[Contact] = field(default_factory=list)
    next_steps: list[Step] = field(default_factory=list)
    facts: Facts | None = None

    def to_dict(self) -> dict[str, Any]:
        """The triage CLI's JSON contract (see README)."""
        return {
            "classification": self.classification,
            "risk": self.risk,
            "flags": list(self.flags),
            "reasons": list(self.reasons),
            "jurisdiction": self.jurisdiction,
            "laws": [
                {k: v for k, v in asdict(law).items()
                 if k in ("citation", "title", "jurisdiction", "url", "summary", "verified", "last_checked")}
                for law in self.laws
            ],
            "referrals": [
                {k: v for k, v in asdict(c).items()
                 if k in ("name", "phone", "sms", "url", "hours", "jurisdiction", "why", "open_now", "verified")}
                for c in self.referrals
            ],
            "next_steps": [step.text if not step.title else f"{step.title}: {step.text}" for step in self.next_steps],
            "unknowns": list(self.unknowns),
            "notes": list(self.notes),
        }
