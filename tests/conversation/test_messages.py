"""What the assessment message shows as its reasons."""

from __future__ import annotations

from bot.conversation.messages import MOST_REASONS, assessment_messages, shown_reasons
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
