"""Floors on two probe sets by helper writers who saw none of the code (`tests/data/untrained-probes/`),
read once as new, then tuned on by the rules (never fitted by the second opinion).

danger-now-told-many-ways (150: 75 emergencies told implied, mid-story, in a second language's English,
and 75 near misses: trusted people on their way, past stories, online-only "right now"), read as new on
2 December: 72 of 75 emergencies, 14 false (18.7%), risk 78.7%. After the fourteenth round's rules: 74, 8, 84.0%.
risk-at-its-boundaries-2 (150: high, medium and standard where a careless reader under-rates), read as
new: classification 94.0%, risk 90.0%, under-triage 1.3%, 4 false emergencies. After: 94.0%, 91.3%, 1.3%, 1.
"""

from __future__ import annotations

from pathlib import Path

from bot.devtools.corpus import load_jsonl
from bot.devtools.evaluate import evaluate

PROBES = Path(__file__).resolve().parents[1] / "data" / "untrained-probes"


def test_danger_now_told_many_ways() -> None:
    scores = evaluate(load_jsonl(PROBES / "danger-now-told-many-ways.jsonl"))
    assert scores.emergencies == 75
    assert scores.emergency_recall >= 74 / 75
    assert len(scores.false_emergencies) <= 8
    assert scores.risk_accuracy >= 0.84


def test_risk_at_its_boundaries() -> None:
    scores = evaluate(load_jsonl(PROBES / "risk-at-its-boundaries-2.jsonl"))
    assert scores.classification_accuracy >= 0.94
    assert scores.risk_accuracy >= 0.913
    assert scores.under_triage_rate <= 0.014
    assert len(scores.false_emergencies) <= 1
