"""Drive one whole conversation as a simulated person and record what happened.

The driver knows the bot only from outside: the questions' wording (the same template file the
bot reads), the buttons it is shown, and the assessment's machine-readable summary that comes
with the assessment message (`custom.assessment`). It never reads the tracker.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tests.simulation.persona import Persona
from tests.simulation.transports import Reply, Transport

TEMPLATES = Path(__file__).resolve().parents[2] / "bot" / "conversation" / "templates"
NOT_UNDERSTOOD = "didn't catch that"
MAX_TURNS = 30


@lru_cache(maxsize=1)
def question_slots() -> dict[str, tuple[str, str | None]]:
    """Each question's wording -> (slot, country of the variant or None)."""
    raw = yaml.safe_load((TEMPLATES / "questions.yml").read_text(encoding="utf-8"))["questions"]
    found: dict[str, tuple[str, str | None]] = {}
    for slot, question in raw.items():
        found[question["text"].strip()] = (slot, None)
        for country, variant in (question.get("by_country") or {}).items():
            found[variant["text"].strip()] = (slot, country)
    return found


@lru_cache(maxsize=1)
def button_values() -> dict[tuple[str, str | None], dict[str, str]]:
    """(slot, country) -> {button title: the answer it stands for}."""
    raw = yaml.safe_load((TEMPLATES / "questions.yml").read_text(encoding="utf-8"))["questions"]
    values: dict[tuple[str, str | None], dict[str, str]] = {}
    for slot, question in raw.items():
        values[(slot, None)] = {b["title"]: b["value"] for b in question.get("buttons") or []}
        for country, variant in (question.get("by_country") or {}).items():
            values[(slot, country)] = {b["title"]: b["value"] for b in variant.get("buttons") or []}
    return values


@lru_cache(maxsize=1)
def questions_for_someone() -> list[tuple[re.Pattern[str], str]]:
    """Each question's words for an account about the writer's relative ("Are you and your daughter
    safe right now?"), as a pattern with the relative left open, and its slot."""
    raw = yaml.safe_load((TEMPLATES / "questions.yml").read_text(encoding="utf-8"))["questions"]
    found = []
    for slot, question in raw.items():
        if question.get("for_someone"):
            words = re.escape(str(question["for_someone"]).strip()).replace(re.escape("{relative}"), r"\w[\w' -]*")
            found.append((re.compile(f"^{words}$"), slot))
    return found


def slot_asked(text: str) -> tuple[str, str | None] | None:
    """(slot, country variant) of a question's words, the words for someone else's account too."""
    if text in question_slots():
        return question_slots()[text]
    return next(((slot, None) for pattern, slot in questions_for_someone() if pattern.match(text)), None)


@lru_cache(maxsize=1)
def titles_and_answers() -> dict[tuple[str, str | None], dict[str, str]]:
    """`button_values`, with the titles a question has for someone else's account ("Yes, we're safe right
    now"): what a person tapping a button means, whoever the question is about."""
    raw = yaml.safe_load((TEMPLATES / "questions.yml").read_text(encoding="utf-8"))["questions"]
    values = {key: dict(titles) for key, titles in button_values().items()}
    for slot, question in raw.items():
        values[(slot, None)].update(
            {title: value for value, title in (question.get("for_someone_titles") or {}).items()}
        )
    return values


def asked_question(replies: list[Reply]) -> tuple[str, str | None, Reply] | None:
    """The question among these replies (the last one wins), as (slot, country variant, message)."""
    found = None
    for reply in replies:
        asked = slot_asked((reply.get("text") or "").strip())
        if asked:
            found = (*asked, reply)
    return found


def _safe_to_talk_button(replies: list[Reply]) -> Reply | None:
    """The "yes, it's safe to talk" button under an emergency message, if there is one."""
    yes = yaml.safe_load((TEMPLATES / "replies.yml").read_text(encoding="utf-8"))["buttons"]["safe_to_talk"][0]["title"]
    return next((b for r in replies for b in r.get("buttons") or [] if b["title"] == yes), None)


def assessment_of(replies: list[Reply]) -> dict[str, Any] | None:
    """The assessment's summary (REST), or an empty dict when only its text arrived.

    The gateway sends the browser a reply's text and buttons only (the summary holds the person's
    answers), so through the gateway the assessment is known by its "Who can help" section.
    """
    for reply in replies:
        summary = (reply.get("custom") or {}).get("assessment")
        if summary:
            return summary
    if any((reply.get("text") or "").startswith("Who can help") for reply in replies):
        return {}
    return None


@dataclass
class Outcome:
    """What one simulated conversation did, for the assertions and the saved transcript."""

    persona: Persona
    transport: str
    first_replies: list[Reply] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)
    asked: Counter[str] = field(default_factory=Counter)
    answers: dict[str, str] = field(default_factory=dict)  # what the person meant, per slot
    tapped: dict[str, str] = field(default_factory=dict)  # slot -> value of the button tapped
    misread_after_tap: list[str] = field(default_factory=list)
    assessment: dict[str, Any] | None = None
    turns: int = 0

    def text(self) -> str:
        return "\n".join(self.transcript)


def _show(outcome: Outcome, who: str, replies: list[Reply] | str) -> None:
    if isinstance(replies, str):
        outcome.transcript.append(f"> {who}: {replies}")
        return
    for reply in replies:
        line = f"< bot: {reply.get('text', '')}"
        if reply.get("buttons"):
            line += "\n        [" + "] [".join(b["title"] for b in reply["buttons"]) + "]"
        outcome.transcript.append(line)


def _button_for(reply: Reply, slot: str, country: str | None, value: str) -> Reply | None:
    titles = titles_and_answers().get((slot, country), {})
    for button in reply.get("buttons") or []:
        shown = titles.get(button["title"])
        if shown == value:
            return button
        if slot == "jurisdiction" and shown and shown != "unknown" and value.split("-")[0] == shown and "-" in value:
            return button  # the country first; the state or province question follows
    return None


def run_conversation(persona: Persona, transport: Transport) -> Outcome:
    """Tell the story, answer every question, stop at the assessment (or after MAX_TURNS)."""
    outcome = Outcome(persona, transport.name)
    _show(outcome, "person", persona.story)
    replies = transport.say(persona.story)
    outcome.first_replies = replies
    _show(outcome, "bot", replies)
    thanked = False
    while outcome.turns < MAX_TURNS:
        outcome.assessment = assessment_of(replies)
        if outcome.assessment is not None:
            break
        question = asked_question(replies)
        safe_to_talk = _safe_to_talk_button(replies)
        if question is None and safe_to_talk is not None:
            outcome.turns += 1  # "Is it safe to keep talking on this device?": yes, go on
            _show(outcome, "person", f"[taps {safe_to_talk['title']}]")
            replies = transport.tap(safe_to_talk)
            _show(outcome, "bot", replies)
            continue
        if question is None:
            outcome.transcript.append("!! no question and no assessment: the conversation is stuck")
            break
        slot, country, message = question
        if not thanked:  # a "thank you" for the answer to an aside uses up no ask (`turns.give_up_on`)
            outcome.asked[f"{slot}/{country}" if country else slot] += 1  # the state question is one of its own
        thanked = False
        digression = persona.wants_to_digress()
        if digression:
            thanked = digression.startswith("thank")
            outcome.turns += 1
            _show(outcome, "person", digression)
            replies = transport.say(digression)
            _show(outcome, "bot", replies)
            continue
        value = persona.intended(slot)
        outcome.answers[slot] = value
        button = _button_for(message, slot, country, value) if persona.wants_to_tap() else None
        typed = None if button else persona.typed(slot, value, country)
        if button is None and typed is None:
            button = _button_for(message, slot, country, value)
        if button is None and typed is None:
            button = message["buttons"][-1]  # nothing says it: take the last choice (usually Skip)
        outcome.turns += 1
        if button is not None:
            outcome.tapped[slot] = titles_and_answers()[(slot, country)].get(button["title"], "")
            _show(outcome, "person", f"[taps {button['title']}]")
            replies = transport.tap(button)
            if any(NOT_UNDERSTOOD in (r.get("text") or "") for r in replies):
                outcome.misread_after_tap.append(f"{slot}: {button['title']}")
        else:
            assert typed is not None
            _show(outcome, "person", typed)
            replies = transport.say(typed)
        _show(outcome, "bot", replies)
    return outcome


def mentions_emergency_number(text: str, numbers: set[str]) -> bool:
    digits = set(re.findall(r"\b\d{3}\b", text))
    return bool(digits & numbers)
