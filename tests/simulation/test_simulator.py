"""Whole conversations over the real Rasa and action servers, through the gateway, over REST and over Telegram.

At least 100 accounts from the labelled corpus (every emergency among them) are told in their
own words and answered the way people answer (see persona.py). Per conversation:
the emergency number in the first reply for every emergency; no question asked more than twice (the ask
after a "thank you" for the answer to an aside not counted: a thanks is no try at the question);
no "didn't catch that" after a button; the assessment reached within MAX_TURNS; every tapped
button recorded as exactly the answer it shows; and the assessment's classification and risk
equal what the triage engine says for the same text and answers. Twenty transcripts are saved
under tests/artifacts/transcripts/ to be read by a person.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.conversation.questions import answers_given
from bot.knowledge.queries import all_emergency_numbers
from bot.knowledge.service import get_knowledge_base
from bot.triage import assess
from tests.simulation.conversation import (
    Outcome,
    button_values,
    mentions_emergency_number,
    run_conversation,
)
from tests.simulation.persona import Persona
from tests.simulation.transports import GatewayTransport, RestTransport, TelegramTransport, Transport

pytestmark = pytest.mark.rasa

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "corpus.jsonl"
ARTIFACTS = REPO / "tests" / "artifacts" / "transcripts"
REST_CONVERSATIONS = 110
GATEWAY_CONVERSATIONS = 25
TELEGRAM_CONVERSATIONS = 10
SAVED_TRANSCRIPTS = 20


def _cases() -> list[dict[str, Any]]:
    """Every emergency, then the other cases spread evenly over the corpus, in a fixed order."""
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    # Accounts a person tells alone: not cases whose labels rest on answers given beside the text,
    # and not bare questions ("Can I find out who runs this account?") or greetings.
    rows = [
        row
        for row in rows
        if not row.get("answers") and not row["text"].rstrip().endswith("?") and len(row["text"].split()) >= 5
    ]
    emergencies = [r for r in rows if r["expected"]["risk"] == "emergency"]
    others = [r for r in rows if r["expected"]["risk"] != "emergency"]
    wanted = REST_CONVERSATIONS - len(emergencies)
    step = max(1, len(others) // wanted)
    return emergencies + others[::step][:wanted]


def _emergency_numbers() -> set[str]:
    """Every country's emergency number, from the knowledge base."""
    return set(re.findall(r"\b\d{3}\b", all_emergency_numbers(get_knowledge_base())))


def _check(outcome: Outcome, numbers: set[str]) -> list[str]:
    """Every way this conversation fell short (empty when it did what it should)."""
    problems = []
    persona = outcome.persona
    if persona.expected["risk"] == "emergency":
        first = (outcome.first_replies[0].get("text") or "") if outcome.first_replies else ""
        if not mentions_emergency_number(first, numbers):
            problems.append("emergency without the emergency number in the first reply")
    problems += [f"{question} asked {n} times" for question, n in outcome.asked.items() if n > 2]
    problems += [f"'didn't catch that' after tapping {b}" for b in outcome.misread_after_tap]
    if outcome.assessment is None:
        problems.append("never reached the assessment")
        return problems
    if not outcome.assessment:
        return problems  # text only (the gateway): answers kept and the engine's labels are checked over REST
    slots = outcome.assessment.get("slots") or {}
    for slot, value in outcome.tapped.items():
        if (
            slot == "jurisdiction"
            and value not in ("unknown", "")
            and str(slots.get("jurisdiction", "")).startswith(value)
        ):
            continue  # tapped the country; the state question may have refined it
        if slots.get(slot) != value:
            problems.append(f"tapped {slot}={value} but the bot kept {slots.get(slot)!r}")
    answers = answers_given({**slots, "account": persona.story})
    engine = assess(persona.story, answers.pop("jurisdiction", None), answers, with_knowledge=False)
    got = (outcome.assessment["classification"], outcome.assessment["risk"])
    if got != (engine.classification, engine.risk):
        problems.append(f"assessment {got} but the engine says {(engine.classification, engine.risk)}")
    return problems


def _run_all(transport_for: Any, cases: list[dict[str, Any]]) -> list[Outcome]:
    return [run_conversation(Persona(case), transport_for()) for case in cases]


def _save(outcomes: list[Outcome], prefix: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for outcome in outcomes[:SAVED_TRANSCRIPTS]:
        path = ARTIFACTS / f"{prefix}-{outcome.persona.case['id']}.txt"
        path.write_text(outcome.text() + "\n", encoding="utf-8")


def _report(outcomes: list[Outcome], name: str) -> dict[str, Any]:
    """The simulator's figures, printed and saved beside the transcripts."""
    typed = [(o, s) for o in outcomes for s in o.answers if s not in o.tapped]
    understood = sum(1 for o, s in typed if o.assessment and (o.assessment.get("slots") or {}).get(s) == o.answers[s])
    figures = {
        "conversations": len(outcomes),
        "reached_assessment": sum(1 for o in outcomes if o.assessment is not None),
        "emergencies": sum(1 for o in outcomes if o.persona.expected["risk"] == "emergency"),
        "median_turns": sorted(o.turns for o in outcomes)[len(outcomes) // 2],
        "max_turns": max(o.turns for o in outcomes),
        "buttons_tapped": sum(len(o.tapped) for o in outcomes),
        "typed_answers": len(typed),
        # The gateway passes the browser no slots, so only REST can tell (None: not measurable here).
        "typed_answers_read_as_meant": understood if any((o.assessment or {}).get("slots") for o in outcomes) else None,
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"figures-{name}.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nsimulator ({name}): {figures}")
    return figures


def _assert_all(outcomes: list[Outcome]) -> None:
    numbers = _emergency_numbers()
    failures = {o.persona.case["id"]: problems for o in outcomes if (problems := _check(o, numbers))}
    shown = "\n\n".join(
        f"{case}: {problems}\n{next(o for o in outcomes if o.persona.case['id'] == case).text()}"
        for case, problems in list(failures.items())[:3]
    )
    assert not failures, f"{len(failures)} of {len(outcomes)} conversations fell short: {failures}\n\n{shown}"


def test_simulated_conversations_over_rest(rasa_stack) -> None:
    cases = _cases()
    assert len(cases) >= 100 and sum(1 for c in cases if c["expected"]["risk"] == "emergency") >= 30
    outcomes = _run_all(lambda: RestTransport(rasa_stack.rasa_url), cases)
    _save(outcomes, "rest")
    _report(outcomes, "rest")
    _assert_all(outcomes)


def test_simulated_conversations_through_the_gateway(gateway_stack) -> None:
    cases = _cases()[1::4][:GATEWAY_CONVERSATIONS]  # a spread across the list, emergencies included
    outcomes = _run_all(lambda: GatewayTransport(gateway_stack.gateway_url), cases)
    _save(outcomes, "gateway")
    _report(outcomes, "gateway")
    _assert_all(outcomes)


async def test_simulated_conversations_over_telegram(rasa_stack) -> None:
    """The real python-telegram-bot channel, polling a fake Bot API on loopback, in front of the real Rasa."""
    import asyncio

    from tests.channels.telegram.support import telegram_in_front_of

    cases = _cases()[3::11][:TELEGRAM_CONVERSATIONS]
    assert any(c["expected"]["risk"] == "emergency" for c in cases)
    loop = asyncio.get_running_loop()
    async with telegram_in_front_of(rasa_stack.rasa_url) as (telegram, _):
        outcomes = await asyncio.to_thread(_run_all, lambda: TelegramTransport(telegram, loop), cases)
    _save(outcomes, "telegram")
    _report(outcomes, "telegram")
    _assert_all(outcomes)


NEUTRAL_STORY = "Something has been going on online and I'm not sure what to make of it."
# A story in which danger is possible but not certain, so "Are you safe right now?" is asked first.
POSSIBLE_DANGER_STORY = "My ex keeps messaging me. Last week he said he would kill me, and he knows where I live."


def _matrix() -> list[tuple[str, str | None, str, str]]:
    """Every button of every question, in every variant it appears in: (slot, country, title, value)."""
    return [
        (slot, country, title, value)
        for (slot, country), buttons in button_values().items()
        for title, value in buttons.items()
    ]


def _tap_through(transport: Transport, slot: str, country: str | None, title: str) -> dict[str, Any]:
    """From a neutral story, reach the question (choosing `country` first when it is a variant),
    tap `title`, skip the rest, and return the assessment's summary."""
    from tests.simulation.conversation import asked_question, assessment_of

    replies = transport.say(POSSIBLE_DANGER_STORY if slot == "safe_now" else NEUTRAL_STORY)
    for _ in range(30):
        summary = assessment_of(replies)
        if summary:
            return summary
        found = asked_question(replies)
        assert found, f"stuck before {slot}/{title}: {replies}"
        asked, variant, message = found
        titles = {b["title"]: b for b in message["buttons"]}
        values = button_values()[(asked, variant)]
        if asked == slot and variant == country:
            chosen = titles[title]
        elif asked == "jurisdiction" and country and variant is None:
            chosen = next(b for t, b in titles.items() if values[t] == country)
        else:
            chosen = next((b for t, b in titles.items() if values[t] == "unknown"), message["buttons"][-1])
        replies = transport.tap(chosen)
        assert not any("didn't catch that" in (r.get("text") or "") for r in replies), f"misread {chosen['title']}"
    raise AssertionError(f"never reached the assessment for {slot}/{title}")


@pytest.mark.parametrize("slot,country,title,value", _matrix(), ids=lambda v: str(v))
def test_every_button_sets_exactly_the_answer_it_shows(rasa_stack, slot, country, title, value) -> None:
    summary = _tap_through(RestTransport(rasa_stack.rasa_url), slot, country, title)
    kept = (summary.get("slots") or {}).get(slot)
    if slot == "jurisdiction" and value == "unknown" and country:
        assert kept == country, "skipping the state question keeps the country's law"
    else:
        assert kept == value
