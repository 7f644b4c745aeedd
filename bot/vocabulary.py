"""The words cyberguide's parts share (labels, flags, answers, kinds of law and help), written once.

Each is a `Literal` type, so type checkers and pydantic (the knowledge-file schema) know the
allowed values, and a tuple derived from it with `typing.get_args`, for code that iterates
or checks membership. A name is spelled out here and nowhere else; add a new one here first.
"""

from __future__ import annotations

from typing import Literal, get_args

# -- what the triage engine concludes ------------------------------------------------------
Classification = Literal["cyberstalking", "cyberharassment", "unclear"]
RiskLevel = Literal["standard", "medium", "high", "emergency"]  # lowest to highest: order matters
Flag = Literal[
    "threats_of_violence",
    "intimate_images",
    "sextortion",
    "doxxing",
    "impersonation",
    "location_tracking",
    "account_compromise",
    "offline_contact",
    "minor_involved",
    "hate_based",
    "self_harm_risk",
    "domestic_abuse",
]

# -- what the person may tell us in answer to questions --------------------------------------
AnswerKey = Literal[
    "jurisdiction",
    "relationship",
    "asked_to_stop",
    "blocked",
    "knows_location",
    "showed_up",
    "threats",
    "fears_safety",
    "under_18",
    "intimate_images",
    "frequency",
    "duration",
    "danger_now",
    "self_harm",
]
Relationship = Literal[
    "ex_partner",
    "partner",
    "family",
    "coworker",
    "classmate",
    "acquaintance",
    "stranger",
    "unknown",
]
YesNoUnknown = Literal["yes", "no", "unknown"]
Frequency = Literal["once", "few_times", "repeated", "daily"]
Duration = Literal["days", "weeks", "months", "years"]

# -- what the knowledge base holds ---------------------------------------------------------
LawKind = Literal[
    "stalking",
    "harassment",
    "electronic_communications",
    "intimate_images",
    "deepfakes",
    "threats",
    "impersonation",
    "doxxing",
    "sextortion",
    "protective_order",
    "encouraging_self_harm",
]
Service = Literal[
    "emergency",
    "crisis",
    "stalking",
    "harassment",
    "domestic_abuse",
    "sexual_violence",
    "intimate_images",
    "children",
    "cybercrime_reporting",
    "child_exploitation_reporting",
    "regulator",
    "victim_support",
    "police_non_emergency",
]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # Monday first, as datetime.weekday()

CLASSIFICATIONS: tuple[Classification, ...] = get_args(Classification)
RISK_LEVELS: tuple[RiskLevel, ...] = get_args(RiskLevel)
FLAGS: tuple[Flag, ...] = get_args(Flag)
ANSWER_KEYS: tuple[AnswerKey, ...] = get_args(AnswerKey)
RELATIONSHIPS: tuple[Relationship, ...] = get_args(Relationship)
YES_NO_UNKNOWN: tuple[YesNoUnknown, ...] = get_args(YesNoUnknown)
FREQUENCIES: tuple[Frequency, ...] = get_args(Frequency)
DURATIONS: tuple[Duration, ...] = get_args(Duration)
LAW_KINDS: tuple[LawKind, ...] = get_args(LawKind)
SERVICES: tuple[Service, ...] = get_args(Service)
DAYS: tuple[Day, ...] = get_args(Day)

__all__ = [
    "ANSWER_KEYS",
    "CLASSIFICATIONS",
    "DAYS",
    "DURATIONS",
    "FLAGS",
    "FREQUENCIES",
    "LAW_KINDS",
    "RELATIONSHIPS",
    "RISK_LEVELS",
    "SERVICES",
    "YES_NO_UNKNOWN",
    "AnswerKey",
    "Classification",
    "Day",
    "Duration",
    "Flag",
    "Frequency",
    "LawKind",
    "Relationship",
    "RiskLevel",
    "Service",
    "YesNoUnknown",
]
