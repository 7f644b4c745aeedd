"""The shape of the knowledge files, validated with pydantic so errors name file, entry and field."""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar, Literal

from pydantic import BaseModel, Extra, HttpUrl, root_validator, validator

# pydantic resolves the (postponed) annotations from this module's names, so they are imported here.
from bot.vocabulary import Classification, Day, LawKind, RiskLevel, Service


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True


class LawEntry(Strict):
    id: str
    citation: str
    title: str
    summary: str
    covers: list[LawKind]
    conduct: Literal["course_of_conduct", "single_act", "either", "not_applicable"]
    mental_element: str | None = None
    kind: Literal["criminal", "civil"]
    local_name: str | None = None
    # Laws that reach only abuse between partners, ex-partners or family (coercive control, domestic
    # violence orders): listed only when the person doing it is one of them.
    applies_only_to: Literal["partners_and_family"] | None = None
    url: HttpUrl | None = None  # common-law offences have no statute text to link
    verified: bool
    last_checked: date
    source: str | None = None

    @validator("id")
    def _id_form(cls, value: str) -> str:
        if value != value.lower() or " " in value:
            raise ValueError("ids are lower case with no spaces")
        return value

    @validator("covers")
    def _covers_something(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("a law must cover at least one kind")
        return value

    @validator("last_checked")
    def _not_future(cls, value: date) -> date:
        if value > date.today():
            raise ValueError("last_checked is in the future")
        return value


class Opening(Strict):
    days: list[Day]
    from_: str
    to: str

    class Config:
        fields: ClassVar[dict[str, str]] = {"from_": "from"}

    @validator("from_", "to")
    def _clock(cls, value: str) -> str:
        hours, _, minutes = value.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and 0 <= int(hours) <= 24 and 0 <= int(minutes) < 60):
            raise ValueError(f"{value!r} is not a HH:MM time")
        return value


class Schedule(Strict):
    tz: str
    open: list[Opening]

    @validator("tz")
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value


class ContactEntry(Strict):
    id: str
    name: str
    phone: str | None = None
    sms: str | None = None
    url: HttpUrl | None = None
    hours: Literal["24/7"] | Schedule | str | None = None  # None: not stated (web forms)
    serves: list[Service]
    ages: Literal["all", "under_18", "adults"] = "all"
    languages: list[str] = []
    note: str | None = None
    verified: bool
    last_checked: date
    source: str | None = None

    @root_validator(skip_on_failure=True)
    def _reachable(cls, values: dict) -> dict:
        if not (values.get("phone") or values.get("sms") or values.get("url")):
            raise ValueError("a contact needs a phone, an SMS line or a URL")
        if not values.get("serves"):
            raise ValueError("a contact must say whom it serves")
        return values


class PlaceFile(Strict):
    code: str
    name: str
    checked_by: str | None = None
    shares_laws_with: str | None = None
    laws: list[LawEntry] = []
    contacts: list[ContactEntry] = []


class StepCondition(Strict):
    classifications: list[Classification] = []
    flags_any: list[str] = []  # checked against the flags by the loader, which names the unknown flag
    flags_none: list[str] = []
    risk_any: list[RiskLevel] = []
    jurisdictions: list[str] = []


class StepEntry(Strict):
    id: str
    title: str
    text: str
    when: StepCondition = StepCondition()
    order: int = 100
    url: HttpUrl | None = None
    # safety: never cut, shown first; core: never cut; normal: kept most specific first (steps.py)
    priority: Literal["safety", "core", "normal"] = "normal"
    needs_contact: list[Service] = []  # `text` points to a contact of one of these kinds ("listed below")
    text_without_contact: str | None = None  # shown instead when the answer has no such contact
    replaces: list[str] = []  # ids of general steps this one takes the place of when both fit (steps.py)

    @root_validator(skip_on_failure=True)
    def _fallback_needs_a_need(cls, values: dict) -> dict:
        if values.get("text_without_contact") and not values.get("needs_contact"):
            raise ValueError("text_without_contact is only used with needs_contact")
        return values


class CautionEntry(Strict):
    """Advice that can alert the person doing this (regular expressions), and the warning it needs."""

    id: str
    why: str
    advice: list[str]
    must_mention: list[str]

    @validator("advice", "must_mention", each_item=True)
    def _pattern(cls, value: str) -> str:
        return _regex(value)


def _regex(value: str) -> str:
    """A regular expression from a data file, checked so a typo names its entry instead of crashing kb check."""
    try:
        re.compile(value)
    except re.error as error:
        raise ValueError(f"bad regular expression {value!r}: {error}") from error
    return value


class StepsFile(Strict):
    steps: list[StepEntry]
    # Regular expressions for words that point to a contact in the same answer ('under "Who can help"').
    promise_words: list[str] = []
    cautions: list[CautionEntry] = []

    @validator("promise_words", each_item=True)
    def _pattern(cls, value: str) -> str:
        return _regex(value)
