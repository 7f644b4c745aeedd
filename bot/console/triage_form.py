"""The questions a worker asks a caller: the bot's own questions (bot/conversation/templates/questions.yml),
answered with the same values, read into the engine's answers the way the conversation reads its slots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.conversation.questions import QUESTION_SLOTS, answers_from_slots, choices_for, read_reply

DONT_KNOW = "unknown"


@dataclass(frozen=True)
class Question:
    slot: str
    text: str
    choices: tuple[tuple[str, str], ...]  # (value, title); "unknown" is shown as "Don't know"


def worker_questions() -> list[Question]:
    """Every question but the place (a text field in the console), with its choices."""
    found = []
    for slot in QUESTION_SLOTS:
        if slot == "jurisdiction":
            continue
        text, buttons = choices_for(slot)
        choices = [(value, "Don't know" if value == DONT_KNOW else title) for value, title in buttons]
        if DONT_KNOW not in {value for value, _ in choices}:
            choices.append((DONT_KNOW, "Don't know"))
        found.append(Question(slot, text, tuple(choices)))
    return found


def answers_from_form(form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The engine's answers from the submitted form, and the slots as chosen (to show the form again).

    Only the values the questions offer are read; anything else counts as not answered.
    """
    slots: dict[str, str] = {}
    for question in worker_questions():
        value = str(form.get(question.slot, "") or "")
        if value in {v for v, _ in question.choices}:
            slots[question.slot] = value
    place = str(form.get("place", "") or "").strip()
    if place:
        code = read_reply("jurisdiction", place[:100])
        if code:
            slots["jurisdiction"] = str(code)
    return answers_from_slots(slots), slots
