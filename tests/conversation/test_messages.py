"""What the assessment message shows as its reasons."""

from __future__ import annotations

from bot.conversation.messages import (
    MOST_REASONS,
    STEPS_IN_DANGER,
    asked_again_messages,
    assessment_messages,
    has_held_back,
    held_back_steps,
    shown_reasons,
)
from bot.triage.rubric import assess

STALKING_EX = (
    "my ex wont stop messaging me since i left him in august, he made new accounts after i blocked him "
    "and he turned up at my work last week"
)


def test_the_reasons_for_a_high_risk_come_with_the_reasons_for_the_label() -> None:
    """Five reasons for "stalking" used to fill the list, and none said why the risk was high."""
    assessment = assess(STALKING_EX, "US-TX", {"threats": "yes"})
    assert assessment.classification == "cyberstalking" and assessment.risk == "high"
    shown = shown_reasons(assessment)
    high = [r.text for r in assessment.reasons if r.label == "high"]
    stalking = [r.text for r in assessment.reasons if r.label == "cyberstalking"]
    assert len(stalking) > 3 and len(high) >= 2
    assert set(high[:2]) <= set(shown) and set(stalking[:3]) <= set(shown)
    assert len(shown) == len(set(shown)) <= MOST_REASONS
    summary = assessment_messages(assessment)[0]
    assert all(f"• {reason}" in summary for reason in shown)


def test_a_standard_assessment_still_says_why() -> None:
    assessment = assess("someone left one rude comment on my photo", "GB-ENG", {})
    assert assessment.risk == "standard"
    assert shown_reasons(assessment)


DANGER_NOW = "my ex is outside my flat right now banging on the door and says he will kill me"


def test_an_emergency_assessment_keeps_the_laws_and_most_steps_for_later() -> None:
    """Danger typed halfway through the questions got the emergency number, then eight laws and seven
    steps: too long a read for someone hiding. The first steps come now; the rest when asked for."""
    assessment = assess(DANGER_NOW, "GB-ENG", {})
    assert assessment.risk == "emergency" and assessment.laws
    assert len(assessment.next_steps) > STEPS_IN_DANGER
    messages = assessment_messages(assessment)
    assert not any(m.startswith("Laws that may apply") for m in messages)
    steps = [m for m in messages if m.startswith("Next steps you could take")]
    assert len(steps) == 1 and steps[0].count("• ") == STEPS_IN_DANGER
    assert all(step.title in steps[0] for step in assessment.next_steps[:STEPS_IN_DANGER])
    later = next(m for m in messages if m.startswith("When you are safe"))
    held = len(assessment.next_steps) - STEPS_IN_DANGER
    assert f"the {len(assessment.laws)} laws that may apply in England and {held} more next step" in later
    assert held_back_steps(assessment) == assessment.next_steps[STEPS_IN_DANGER:]
    assert has_held_back(assessment)


def test_asking_for_the_laws_after_an_emergency_gives_them_and_the_steps_held_back() -> None:
    assessment = assess(DANGER_NOW, "GB-ENG", {})
    laws, more = asked_again_messages(assessment, "ask_laws")
    assert laws.startswith("Laws that may apply in England")
    assert all(law.citation in laws for law in assessment.laws)
    assert more.startswith("More next steps, for when you are ready:")
    assert more.count("• ") == len(assessment.next_steps) - STEPS_IN_DANGER
    assert assessment.next_steps[0].title not in more


def test_an_assessment_below_emergency_gives_the_laws_and_every_step_at_once() -> None:
    assessment = assess(STALKING_EX, "GB-ENG", {"threats": "yes"})
    assert assessment.risk == "high"
    messages = assessment_messages(assessment)
    assert any(m.startswith("Laws that may apply in England") for m in messages)
    steps = next(m for m in messages if m.startswith("Next steps you could take"))
    assert steps.count("• ") == len(assessment.next_steps)
    assert not any(m.startswith("When you are safe") for m in messages)
    assert not has_held_back(assessment) and held_back_steps(assessment) == []
    assert asked_again_messages(assessment, "ask_laws") == [next(m for m in messages if m.startswith("Laws"))]


def test_a_reason_said_within_another_is_not_shown_twice() -> None:
    """ "keeps threatening you: threat to hurt or kill (you answered yes)" was followed by "threat to hurt or
    kill (you answered yes)" (threats no longer count as pursuit; the risk's and the flag's reason is one)."""
    account = "a man keeps messaging me after I blocked him"
    assessment = assess(account, "IE", {"threats": "yes", "asked_or_blocked": "blocked", "frequency": "few_times"})
    shown = shown_reasons(assessment)
    within = [r for r in shown if any(other != r and other.endswith(f": {r}") for other in shown)]
    assert within == [] and shown.count("threat to hurt or kill (you answered yes)") == 1, shown


def test_a_reason_said_in_brackets_within_another_is_not_shown_twice() -> None:
    """ "has come where you live, work or are (showed up or followed in person ("turned up at"))" was
    followed by "showed up or followed in person ("turned up at")"."""
    account = (
        "a woman from work keeps messaging me on whatsapp and linkedin, 20 a day. she turned up at the gym i go to "
        "twice. i told her to stop"
    )
    shown = shown_reasons(assess(account, "GB-ENG"))
    inside = [r for r in shown if any(other != r and other.endswith(f"({r})") for other in shown)]
    assert inside == [] and any(r.startswith("has come where you live, work or are (") for r in shown), shown
