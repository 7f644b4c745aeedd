"""Floors on two probe sets by helper writers who saw none of the code (`tests/data/untrained-probes/`),
read once as new, then tuned on by the rules (never fitted by the second opinion).

danger-now-told-many-ways (150: 75 emergencies told implied, mid-story, in a second language's English,
and 75 near misses: trusted people on their way, past stories, online-only "right now"), read as new on
2 December: 72 of 75 emergencies, 14 false (18.7%), risk 78.7%. After the fourteenth round's rules: 74, 8, 84.0%.
risk-at-its-boundaries-2 (150: high, medium and standard where a careless reader under-rates), read as
new: classification 94.0%, risk 90.0%, under-triage 1.3%, 4 false emergencies. After: 94.0%, 91.3%, 1.3%, 1.
class-and-risk-told-freshly (150: where stalking, harassment and unclear part, and risk at its
boundaries, forum-style, 42% with a place), read as new on 2 December (stop 34), after that round's
danger and self-harm rules: classification 93.3%, risk 84.7%, 10 of 10 emergencies, 1 false, under-triage
3.3%, F1 0.894, jurisdiction 93.3% (rules alone 80.0%, 79.3%, 9 of 10, 0, 14.7%). After its rules (veiled
"shame if...", regional words for a beating, a car park at work, a trait picked on, "I'm being hunted" no
threat): risk 87.3%, under-triage 1.3%.
Three sets by helper writers on 3 December (stop 39), 450 accounts: forum posts from the US and Canada;
from the UK, Ireland, Australia and New Zealand (teenagers, parents, people over 60); and English as a
second language and messages typed in a hurry. Read as new (the blind split's floors untouched): classification
94.9%, risk 83.1%, 88 of 90 emergencies, 20 false (5.6%), under-triage 2.0%, F1 0.837, jurisdiction 93.8%
(rules alone: 79.8%, 76.7%, 74 of 90, 18 false, 10.0%). After its rules (a prison sentence "inside now but
he gets out"; a partner's quoted suicide threat; watching through a computer; "just stands at the gate" as
a habit; following each other online; his truck in the parking lot; "you look tired" just sent): 90 of 90,
15 false (4.2%), risk 84.2%, under-triage 1.8%, F1 0.842. The second opinion is not fitted on them: with them, the blind split's false
emergencies rose from 6 to 7.
Two sets by helper writers on 3 December (stop 40), 300 accounts. danger-words-now-and-not (150: words that
sound like danger told in the past, as a figure of speech, with the person already safe or taken by the
police, beside 67 emergencies told indirectly), read as new: classification 84.0%, risk 80.0%, 66 of 67
emergencies, 5 false (6.0% of 83), under-triage 2.0% (rules alone 71.3%, 75.3%, 56 of 67, 4 false).
minimised-and-hedged-boundaries (150: harassment, stalking and unclear told by people who play it down),
read as new: 92.0%, 88.7%, 15 of 15, 1 false, 1.3%. After their rules (taken by the police ends the scene;
"is blocking him enough?"; "told me to expect him by 9"; "most weekends"; "I'm writing from a refuge, I'm
safe"; "i dont really see the point of being here anymore"; "he was in for what he did to me"): 67 of 67
and 1 false (a teenager's "i literally want to die 💀", left as self-harm), risk 83.3%; 15 of 15 and none
false, risk 90.7%. Then two more (300: helpline-inbox-mix, an everyday week's inbox; first-messages-on-a-phone,
short first messages typed on a phone), read as new: 94.0% / 88.0% / 30 of 30 / 7 false (5.8%) / 0.0%, and
92.7% / 92.7% / 29 of 30 / 1 false / 0.7% (the same with the round's start code). After their rules (a
weapon someone is said to own; flowers on her doorstep; "for months now"; "from following me home";
"calling reception"): 2 false, risk 91.3%; the second unchanged (its missed emergency, a 13-year-old told
"come meet at the park now and not tell me", is left: the negation and the "keeps" of the account hide it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_class_and_risk_told_freshly() -> None:
    scores = evaluate(load_jsonl(PROBES / "class-and-risk-told-freshly.jsonl"))
    assert scores.emergencies == 10
    assert scores.emergency_recall == 1.0
    assert len(scores.false_emergencies) <= 1
    assert scores.classification_accuracy >= 0.93
    assert scores.risk_accuracy >= 0.87
    assert scores.under_triage_rate <= 0.014


@pytest.mark.parametrize(
    "name, false_alarms, risk",
    [
        ("forum-posts-us-canada", 2, 0.853),
        ("forum-posts-uk-ireland-australia-nz", 5, 0.866),
        ("second-language-and-hurried", 8, 0.806),
    ],
)
def test_forum_posts_and_second_language_english(name: str, false_alarms: int, risk: float) -> None:
    scores = evaluate(load_jsonl(PROBES / f"{name}.jsonl"))
    assert scores.emergencies == 30
    assert scores.emergency_recall == 1.0
    assert len(scores.false_emergencies) <= false_alarms
    assert scores.risk_accuracy >= risk
    assert scores.classification_accuracy >= 0.92


@pytest.mark.parametrize(
    "name, emergencies, found, false_alarms, classification, risk",
    [
        ("danger-words-now-and-not", 67, 67, 1, 0.84, 0.833),
        ("minimised-and-hedged-boundaries", 15, 15, 0, 0.92, 0.906),
        ("helpline-inbox-mix", 30, 30, 2, 0.94, 0.913),
        ("first-messages-on-a-phone", 30, 29, 1, 0.926, 0.926),
    ],
)
def test_the_fortieth_stops_probe_sets(
    name: str, emergencies: int, found: int, false_alarms: int, classification: float, risk: float
) -> None:
    scores = evaluate(load_jsonl(PROBES / f"{name}.jsonl"))
    assert scores.emergencies == emergencies
    assert round(scores.emergency_recall * emergencies) >= found
    assert len(scores.false_emergencies) <= false_alarms
    assert scores.classification_accuracy >= classification
    assert scores.risk_accuracy >= risk
