"""Domain objects that cross module boundaries: what was found, and what we concluded."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from bot.knowledge.records import Contact, Law, Step
from bot.vocabulary import (  # noqa: F401 - the tuples are re-exported: callers long imported them from here
    ANSWER_KEYS,
    CLASSIFICATIONS,
    DURATIONS,
    FLAGS,
    FREQUENCIES,
    RELATIONSHIPS,
    RISK_LEVELS,
    YES_NO_UNKNOWN,
    AnswerKey,
    Classification,
    Flag,
    RiskLevel,
)


def _keys(record: type, shown: set[str]) -> tuple[str, ...]:
    """The fields of a record the CLI contract shows, in the record's own order (as `asdict` gave them)."""
    return tuple(f.name for f in fields(record) if f.name in shown)


# What the JSON contract shows of each law and contact: scalar fields, read directly (`asdict` deep-copied
# every field, lists included, only for most to be dropped).
LAW_KEYS = _keys(Law, {"citation", "title", "jurisdiction", "url", "summary", "verified", "last_checked"})
CONTACT_KEYS = _keys(Contact, {"name", "phone", "sms", "url", "hours", "jurisdiction", "why", "open_now", "verified"})


@dataclass(frozen=True)
class Reason:
    """Why one label was given, in plain words (`text`) that quote the person where they can.

    Kept as two parts so the chat can show the words without the label; the CLI contract
    still prints each reason as one `"label: text"` line (:meth:`as_line`, also `str()`).
    """

    label: str
    text: str

    def as_line(self) -> str:
        return f"{self.label}: {self.text}"

    def __str__(self) -> str:
        return self.as_line()

    # Read like the "label: text" line reasons used to be, so string-minded callers keep working.
    def __contains__(self, part: str) -> bool:
        return part in self.as_line()

    def startswith(self, prefix: str | tuple[str, ...]) -> bool:
        return self.as_line().startswith(prefix)

    def split(self, sep: str | None = None, maxsplit: int = -1) -> list[str]:
        return self.as_line().split(sep, maxsplit)


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

    classification: Classification
    risk: RiskLevel
    flags: list[Flag]
    reasons: list[Reason]
    jurisdiction: str | None
    unknowns: list[AnswerKey] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Why to ask "Are you safe right now?" when danger is possible but not certain (None otherwise).
    needs_safety_check: str | None = None
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
            "reasons": [reason.as_line() for reason in self.reasons],
            "jurisdiction": self.jurisdiction,
            "needs_safety_check": self.needs_safety_check is not None,
            "laws": [{k: getattr(law, k) for k in LAW_KEYS} for law in self.laws],
            "referrals": [{k: getattr(c, k) for k in CONTACT_KEYS} for c in self.referrals],
            "next_steps": [step.text if not step.title else f"{step.title}: {step.text}" for step in self.next_steps],
            "unknowns": list(self.unknowns),
            "notes": list(self.notes),
        }
