"""Which next steps an answer shows, and in what order: safety cannot be cut, and no step promises what is not there.

The rules read fields of `data/steps.yml` (see SCHEMA.md):

- `when`: the step fits the classification, risk, flags and place.
- `needs_contact`: the step's text points to a contact of one of these kinds ("the police
  non-emergency number under 'Who can help'"). When the answer shows none, `text_without_contact`
  is used instead, or, without one, the step is left out: the bot never promises a line it does
  not show.
- `priority`: `safety` steps (danger now, the safety plan) are never cut and come first; `core`
  steps (keeping evidence) are never cut; the others are kept most specific first (a step for
  this place before a step for these flags, both before a step for everyone) until the list is full.

`kb check` uses the same rules to fail on a promise a covered place could never keep, on wording
that points to a contact without saying which (`promise_words`), and on advice that can alert
the person doing this without saying so (`cautions`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from bot.vocabulary import Service

Priority = Literal["safety", "core", "normal"]
PINNED: tuple[Priority, ...] = ("safety", "core")  # never cut when they apply


# The step that says how reporting to the police works (steps.yml): the answer to "should I go to the
# police?", whatever the assessment (`KnowledgeBase.reporting_help`; `kb check` requires it).
REPORTING_STEP = "reporting_to_police"
# The answer to "should I just pay them?" (a demand under threat of sharing images), whatever the assessment.
PAYMENT_DEMAND_STEP = "sextortion_do_not_pay"


@dataclass(frozen=True)
class StepChoice:
    """One next step as the rules see it, whether read from the files or from the database."""

    id: str
    title: str
    text: str
    when: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100
    priority: Priority = "normal"
    needs_contact: tuple[Service, ...] = ()
    text_without_contact: str | None = None
    url: str | None = None
    replaces: tuple[str, ...] = ()


def applies(step: StepChoice, classification: str, risk: str, flags: Collection[str], codes: Collection[str]) -> bool:
    """Does every condition in the step's `when` hold? (`codes`: the place and its parents.)"""
    when = step.when
    if when.get("classifications") and classification not in when["classifications"]:
        return False
    # (an assessment's ~45 steps are read with the same flags: a set given is read as it is, not copied)
    present = flags if isinstance(flags, (set, frozenset)) else set(flags)
    if when.get("flags_any") and present.isdisjoint(when["flags_any"]):
        return False
    if when.get("flags_none") and not present.isdisjoint(when["flags_none"]):
        return False
    if when.get("risk_any") and risk not in when["risk_any"]:
        return False
    return not (when.get("jurisdictions") and set(codes).isdisjoint(when["jurisdictions"]))


def steps_that_fit(
    steps: Iterable[StepChoice], classification: str, risk: str, flags: Collection[str], codes: Collection[str]
) -> list[StepChoice]:
    """The steps whose `when` holds, less those a fitting step `replaces`.

    A step written for one situation takes the place of the general one: when the only danger
    is to the person themselves, "lock doors between you and the person" does not fit, and the
    step for thoughts of self-harm says what to do now instead.
    """
    matching = [step for step in steps if applies(step, classification, risk, flags, codes)]
    replaced = {gone for step in matching for gone in step.replaces}
    return [step for step in matching if step.id not in replaced]


def specificity(step: StepChoice) -> int:
    """How narrowly a step is aimed: two points for a place, one for flags.

    A step for this place (its court orders, its regulator) says what the person can find
    nowhere else, so it outranks advice for a flag; a step for both (the US TAKE IT DOWN Act
    for image abuse) outranks either.
    """
    return 2 * bool(step.when.get("jurisdictions")) + bool(step.when.get("flags_any"))


def contact_groups(steps: Iterable[StepChoice]) -> list[tuple[Service, ...]]:
    """The contact kinds the steps promise; each group is kept by a contact of any one kind in it."""
    return list(dict.fromkeys(step.needs_contact for step in steps if step.needs_contact))


def kept_promise(step: StepChoice, shown: Collection[str]) -> StepChoice | None:
    """The step as it can honestly be shown next to contacts serving `shown`, or None to leave it out."""
    if not step.needs_contact or set(step.needs_contact) & set(shown):
        return step
    if step.text_without_contact:
        return replace(step, text=step.text_without_contact, needs_contact=())
    return None


def select(steps: Sequence[StepChoice], limit: int) -> list[StepChoice]:
    """Cut the fitting steps to `limit`: safety and core steps always stay, then the most specific.

    What is kept is shown safety steps first, then in the reviewed `order` (so "report to the
    platform" still comes before "report to eSafety if the platform does not act").
    """
    pinned = [step for step in steps if step.priority in PINNED]
    others = sorted(
        (step for step in steps if step.priority not in PINNED), key=lambda s: (-specificity(s), s.order, s.id)
    )
    kept = pinned + others[: max(limit - len(pinned), 0)]
    return sorted(kept, key=lambda s: (s.priority != "safety", s.order, s.id))


def choose_steps(
    steps: Iterable[StepChoice],
    classification: str,
    risk: str,
    flags: Collection[str],
    codes: Collection[str],
    shown: Collection[str],
    limit: int = 7,
) -> list[StepChoice]:
    """The next steps for one answer: fitting, honest about the contacts `shown`, cut to `limit`."""
    honest = [
        kept
        for kept in (kept_promise(step, shown) for step in steps_that_fit(steps, classification, risk, flags, codes))
        if kept is not None
    ]
    return select(honest, limit)


# -- kb check -----------------------------------------------------------------------------------


def promises_not_kept(
    steps: Iterable[StepChoice], lineage: Sequence[str], services: Collection[str]
) -> list[StepChoice]:
    """Steps that could be shown in a place (its `lineage`) but point to a kind of contact it lacks.

    `services` are the kinds the place's contacts (its own and its parents') serve. A step with a
    `text_without_contact` is shown with that wording there; one without is left out, which
    `kb check` fails on.
    """
    return [
        step
        for step in steps
        if step.needs_contact
        and not set(step.needs_contact) & set(services)
        and (not step.when.get("jurisdictions") or set(step.when["jurisdictions"]) & set(lineage))
    ]


def promise_word_problems(steps: Iterable[StepChoice], words: Sequence[re.Pattern[str]]) -> list[str]:
    """Steps whose wording and `needs_contact` disagree about pointing to a contact.

    A `text` that points to a contact ('under "Who can help"') must name the kinds it means, a
    `needs_contact` must come with such a `text`, and the `text_without_contact` must point to none.
    """
    problems = []
    for step in steps:
        points = next((m.group(0) for p in words if (m := p.search(step.text))), None)
        if points and not step.needs_contact:
            problems.append(f"step {step.id!r} says {points!r} but has no needs_contact")
        if step.needs_contact and not points:
            problems.append(f"step {step.id!r} has needs_contact but its text points to no contact")
        if step.text_without_contact and any(p.search(step.text_without_contact) for p in words):
            problems.append(f"step {step.id!r}: text_without_contact still points to a contact")
    return problems


def safety_without_fallback(steps: Iterable[StepChoice]) -> list[str]:
    """Safety steps that need a contact but have no wording without one: they could be dropped."""
    return [
        f"step {step.id!r} is a safety step that needs a contact ({', '.join(step.needs_contact)}) "
        "but has no text_without_contact, so it could be left out"
        for step in steps
        if step.priority == "safety" and step.needs_contact and not step.text_without_contact
    ]


@dataclass(frozen=True)
class Caution:
    """Advice that can alert the person doing this, and the words that must warn of it in the same step."""

    id: str
    advice: tuple[re.Pattern[str], ...]
    must_mention: tuple[re.Pattern[str], ...]


def uncautioned(steps: Iterable[StepChoice], cautions: Iterable[Caution]) -> list[str]:
    """Steps whose text (either wording) gives risky advice without its warning.

    This is how two steps stay in agreement: "remove apps you do not know" in one step and
    "removing a spying app can alert the person" in another cannot both be written, because
    every step that advises removing an app must itself say that it can alert the person.
    """
    problems = []
    for step in steps:
        for wording in filter(None, (step.text, step.text_without_contact)):
            for caution in cautions:
                risky = next((m.group(0) for p in caution.advice if (m := p.search(wording))), None)
                if risky and not any(p.search(wording) for p in caution.must_mention):
                    problems.append(f"step {step.id!r} advises {risky!r} without the warning of caution {caution.id!r}")
    return problems
