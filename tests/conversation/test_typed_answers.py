"""Answers typed instead of tapped, read by the questions' readers (`questions.read_reply`).

Two sets by helper writers (2 December). The first (`answers-t`, 360) was read once as new, 261 right
(72.5%), 76 not read at all (the person got "Sorry, I didn't catch that"), then the readers were
tuned on it (`patterns/answers.yml`): these floors keep what was reached. The second
(`answers-u-held-out`, 270, other writers: a parent, an older person, non-native and regional English)
was written before the tuning and read once after it: 195 right before, 246 after; then one bug it
showed was fixed ("He has not threatened anyone" read as a yes, "he has" said first): 247. On 2 December
(stop 33) three more misreads it showed were fixed ("I'm not comfortable sharing my age" read as no, "hasnt
posted them yet but hes said he will" as no, "muted him, not blocked" as blocked): 250, tuned on from then
(252). A third set (`answers-v`, 270, a helper writer who saw none of the code) was read once as new
with that code: 240 right (88.9%, against 72.2% for the second set read as new a round earlier), 17 not
read, 13 wrong (4 of them "Are you safe right now?" hedges such as "safe-ish" read as yes); then tuned: 255.
A fourth (`answers-w`, 270, another helper writer) was read once as new on 2 December (stop 34): 226 right
(83.7%), 24 not read, 19 wrong; then tuned: 262. Of the 8 still wrong, 5 are labels the sets disagree on
("for now", "I think so" and "physically yes, mentally not at all" to "Are you safe right now?" are a
yes in the earlier sets, not sure in this one; a photo of the front door is "shown up" in one, "knows"
in another): the earlier sets' reading is kept.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.conversation.questions import read_reply

ANSWERS = Path(__file__).resolve().parents[1] / "data" / "typed-answers"


def _tally(name: str) -> Counter[str]:
    tally: Counter[str] = Counter()
    for line in (ANSWERS / name).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        got = read_reply(case["question"], case["text"], None)
        expected = case["expected"]
        tally["all"] += 1
        tally["right" if got == expected else "not read" if got is None else "wrong"] += (
            1  # (wrong: a non-answer read too)
        )
    return tally


@pytest.mark.parametrize(
    ("name", "least_right", "most_wrong"),
    [
        ("answers-t.jsonl", 352, 5),
        ("answers-u-held-out.jsonl", 254, 8),
        ("answers-v.jsonl", 256, 8),
        ("answers-w.jsonl", 262, 8),
    ],
)
def test_typed_answers_are_read_as_meant(name: str, least_right: int, most_wrong: int) -> None:
    tally = _tally(name)
    assert tally["all"] >= 270
    assert tally["right"] >= least_right
    assert tally["wrong"] <= most_wrong


@pytest.mark.parametrize(
    ("slot", "text", "value"),
    [
        ("threats", "yh he said hed kill me", "yes"),
        ("threats", "no never", "no"),
        ("intimate_images", "he said he'd leak them", "yes"),
        ("fears_safety", "petrified tbh", "yes"),
        ("safe_now", "im ok atm", "yes"),
        ("safe_now", "not safe", "no"),
        ("safe_now", "safe-ish", "unknown"),
        ("threats", "they said they'd send people to my house", "yes"),
        ("location_known", "not that i know of", "no"),
        ("under_18", "17 but 18 next month", "yes"),
        ("safe_now", "kinda", "unknown"),  # a hedge to "Are you safe?" is not sure: the emergency steps first
        ("frequency", "not every day but its been going on for months", "repeated"),
        ("frequency", "like 20 times a day", "daily"),
        ("asked_or_blocked", "kept ignoring him, didnt block", "no"),
        ("location_known", "he rocked up at my uni", "showed_up"),
        ("under_18", "im in year 10", "yes"),
        ("under_18", "ill be 18 in 2 weeks", "yes"),
        ("relationship", "bloke from the gym", "acquaintance"),
        ("safe_now", "im safe but not ok", "yes"),  # safe, whatever they feel
        ("safe_now", "yes but he's outside", "no"),
        ("safe_now", "yes until he gets home at 6", "unknown"),
        ("safe_now", "Yes, he's in prison till next year", "yes"),
        ("safe_now", "what do you mean by safe", None),
        ("frequency", "3 or 4 times since last friday", "few_times"),
        ("frequency", "few times a month since last year i reckon", "repeated"),
        ("frequency", "every. single. day.", "daily"),
        ("location_known", "not as far as I know", "no"),
        ("location_known", "no but my mate said he's been asking where I live now", "no"),
        ("location_known", "he knows my address and has driven past slowly a few times", "both"),
        ("fears_safety", "I'm more angry than scared", "no"),
        ("fears_safety", "im fine but terrified at night", "yes"),  # a fear told after "but" stands
        ("fears_safety", "I jump every time the doorbell goes", "yes"),
        ("threats", "He wrote that my family will suffer.", "yes"),
        ("under_18", "born 2010", "yes"),
        ("under_18", "does it matter if I'm 15?", "yes"),
        ("under_18", "2nd year at uni", "no"),
        ("under_18", "S4", "yes"),
        ("relationship", "we're separated but not divorced yet", "ex_partner"),
        ("intimate_images", "they said they have a video of me from my webcam and want bitcoin", "yes"),
        ("asked_or_blocked", "will he know if i block him?", None),
    ],
)
def test_a_typed_answer(slot: str, text: str, value: str | None) -> None:
    assert read_reply(slot, text) == value
