"""Turn an assessment into the short chat messages every channel sends (widget, Telegram, shell).

Templates live in `templates/messages.yml` (Jinja2), so wording can be reviewed without
reading code. Messages are plain text with "• " list lines; channels add their own styling.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, StrictUndefined

from bot.knowledge.records import Contact, Step
from bot.places import get_places
from bot.triage.models import Assessment
from bot.vocabulary import CLASSIFICATIONS, RISK_LEVELS, Classification, RiskLevel

TEMPLATES = Path(__file__).resolve().parent / "templates" / "messages.yml"
LABELS: dict[Classification, str] = {
    "cyberstalking": "cyberstalking: someone pursuing, watching or contacting you again and again in a way that would frighten anyone",
    "cyberharassment": "cyberharassment: abuse through messages, posts or images",
    "unclear": "something I can't name yet. That's okay: tell me more whenever you want",
}
# The same when the account is about the writer's child or friend (bot/conversation/asking_for.py).
LABELS_FOR_SOMEONE: dict[Classification, str] = {
    "cyberstalking": "cyberstalking: someone pursuing, watching or contacting your {relative} again and again in a way that would frighten anyone",
    "cyberharassment": "cyberharassment: abuse of your {relative} through messages, posts or images",
    "unclear": "something I can't name yet. That's okay: tell me more whenever you want",
}
RISK_LINES: dict[RiskLevel, str] = {
    "emergency": "This sounds like danger right now. Your safety comes first.",
    "high": "Some of what you describe is linked to serious harm, so safety planning and a specialist helpline come first.",
    "medium": "This is serious and worth acting on, step by step.",
    "standard": "Nothing you said points to immediate danger, but it still matters and you deserve support.",
}


@lru_cache(maxsize=1)
def _templates() -> dict[str, Any]:
    env = Environment(undefined=StrictUndefined, autoescape=False, trim_blocks=False, keep_trailing_newline=False)
    raw = yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))
    return {name: env.from_string(text) for name, text in raw.items()}


def render(name: str, **values: Any) -> str:
    text = _templates()[name].render(**values)
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip()).strip()


# What stays the same, said in a line when something added after the assessment changes none of it.
STILL: dict[Classification, str] = {
    "cyberstalking": "what you describe still sounds like cyberstalking",
    "cyberharassment": "what you describe still sounds like cyberharassment",
    "unclear": "I still can't name what is happening",
}


def unchanged_message(assessment: Assessment) -> str:
    """A later assessment that finds what the last one did: said in a line, the rest not repeated."""
    return render("unchanged", still=STILL[assessment.classification], risk_line=RISK_LINES[assessment.risk])


def asked_again_messages(assessment: Assessment, asked: str) -> list[str] | None:
    """The part of an unchanged assessment asked for again ("what are the laws?", "who can I call?"
    after it): that part in full, not "what I gave you above still applies"; None for anything else.
    After an emergency, the laws come with the next steps that were held back with them."""
    place = _place_name(assessment)
    if asked == "ask_laws":
        later = held_back_steps(assessment)
        return [_laws_message(assessment, place)] + ([render("steps", steps=later, more=True)] if later else [])
    if asked == "ask_contacts" and assessment.referrals:
        return [render("contacts", contacts=assessment.referrals, place=place)]
    return None


def reporting_message(step: Step, contacts: list[Contact], place: str, all_numbers: str) -> str:
    """How reporting to the police works where they live ("should I go to the police?"), with its lines."""
    police = render("contacts", contacts=contacts, place=place) if contacts else ""
    return render("reporting", step=step, police=police, all_numbers=all_numbers)


def payment_demand_message(step: Step) -> str:
    """ "Should I just pay them?": the reviewed answer (do not pay), in one message."""
    return render("payment_demand", step=step)


def _place_name(assessment: Assessment) -> str:
    return get_places().name(assessment.jurisdiction) if assessment.jurisdiction else ""


def _laws_message(assessment: Assessment, place: str) -> str:
    return render("laws", laws=assessment.laws, place=place) if assessment.laws else render("no_laws", place=place)


def held_back_steps(assessment: Assessment) -> list:
    """The next steps not shown with an emergency assessment (given with the laws when asked)."""
    return assessment.next_steps[STEPS_IN_DANGER:] if assessment.risk == "emergency" else []


def emergency_message(contacts: list[Contact], all_numbers: str) -> str:
    return render("emergency", contacts=[c for c in contacts], all_numbers=all_numbers)


def self_harm_message(contacts: list[Contact], all_numbers: str, ask: bool = False) -> str:
    """The crisis line, with the emergency number first: self-harm now is an emergency too.

    With `ask`, it ends by asking whether the person would like to keep talking.
    """
    emergency = next((c for c in contacts if "emergency" in c.serves), None)
    crisis = [c for c in contacts if "crisis" in c.serves] or [c for c in contacts if c is not emergency]
    return render("self_harm", emergency=emergency, contacts=crisis, all_numbers=all_numbers, ask=ask)


def shown_reasons(assessment: Assessment) -> list[str]:
    """The reasons the person is shown (not e.g. how the place was found): a few for what it sounds like,
    then why the risk is what it is, then the rest. The risk's own reasons used to fall below the first
    five, so "linked to serious harm" came with five reasons for "stalking" and none for the harm."""

    def told(labels: set[str] | frozenset[str] | tuple[str, ...]) -> list[str]:
        return [reason.text for reason in assessment.reasons if reason.label in labels]

    chosen = list(
        dict.fromkeys(
            told(CLASSIFICATIONS)[:3] + told(RISK_LEVELS)[:2] + told(CLASSIFICATIONS) + told(tuple(assessment.flags))
        )
    )
    # A flag's reason may be said within another: "ongoing tracking: <the tracking's reason>", and "showed
    # up ... ("turned up at")" in "has come where you live, work or are (showed up ...)".
    said_within = {
        reason
        for reason in chosen
        if any(other.endswith((f": {reason}", f"({reason})")) and other != reason for other in chosen)
    }
    return [reason for reason in chosen if reason not in said_within][:MOST_REASONS]


# Bullet points under "Why I think so": enough to check, few enough for a phone screen.
MOST_REASONS = 6
# Next steps shown with an emergency assessment: what to do now and how to plan; the laws and the
# other steps wait until the person asks for them (voice guide: safety before information, a phone
# screen at a time). With all of them, danger typed halfway through the questions got eight laws
# and seven steps after the emergency number.
STEPS_IN_DANGER = 3


def assessment_messages(assessment: Assessment, relative: str | None = None) -> list[str]:
    """The assessment as messages, in the order the voice guide asks for; about the writer's `relative`
    ("daughter") when the account is theirs."""
    place = _place_name(assessment)
    reasons = shown_reasons(assessment)
    whose = f"your {relative}'s" if relative else "your"
    opening = (
        f"Thank you for telling me. What is happening is not {whose} fault."
        if assessment.classification != "unclear"
        else "Thank you for telling me."
    )
    label = LABELS_FOR_SOMEONE[assessment.classification].format(relative=relative) if relative else None
    messages = [
        render(
            "summary",
            opening=opening,
            label=label or LABELS[assessment.classification],
            risk_line=RISK_LINES[assessment.risk],
            reasons=reasons,
        )
    ]
    if assessment.referrals and assessment.risk in ("high", "emergency"):
        messages.append(render("contacts", contacts=assessment.referrals, place=place))
    if assessment.risk == "emergency":
        messages += _in_danger_messages(assessment, place)
    else:
        messages.append(_laws_message(assessment, place))
        if assessment.next_steps:
            messages.append(render("steps", steps=assessment.next_steps))
    if assessment.referrals and assessment.risk not in ("high", "emergency"):
        messages.append(render("contacts", contacts=assessment.referrals, place=place))
    elif not assessment.referrals:
        messages.append(
            render("contacts", contacts=[], place=place) + "\nTell me where you live and I can find helplines near you."
        )
    for note in assessment.notes:
        messages.append(note)
    messages.append(render("wrap_up"))
    return messages


def _in_danger_messages(assessment: Assessment, place: str) -> list[str]:
    """What to do now (the first next steps), and what is kept for later: the laws and the other steps."""
    messages = [render("steps", steps=assessment.next_steps[:STEPS_IN_DANGER])] if assessment.next_steps else []
    later = held_back_steps(assessment)
    if assessment.laws or later:
        messages.append(render("later", laws=len(assessment.laws), steps=len(later), place=place))
    return messages


def has_held_back(assessment: Assessment) -> bool:
    """Whether the assessment kept laws or steps for later (its buttons then offer them)."""
    return assessment.risk == "emergency" and bool(assessment.laws or held_back_steps(assessment))
