"""What people type after the assessment, sent to the real Rasa and action servers.

160 messages by a helper writer who saw none of the code (3 December, `messages-aa.jsonl`): more of the
story, danger now, self-harm, questions about the law, helplines or cyberguide, asking for a person,
stopping, thanks and "ok", not knowing what to do. Each goes to a fresh conversation that has reached
the assessment, and the bot's first reply is sorted into what it did. Read once as new: 123 of 160
(danger 15 of 15, self-harm 6 of 6; a request for a person had wiped the chat as "stop", "So what do I
do now?" got "Tell me what's happening in your own words", "yes im scared" and "he's a cop, that's why I
haven't gone to them" got "Okay. I'm here if you need anything else"). Then tuned on: 135. These floors
keep what was reached (with room for the retrained NLU's small swings); they do not measure it afresh.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.actions.test_rasa_conversation import Chat, skip_everything

pytestmark = pytest.mark.rasa

MESSAGES = Path(__file__).resolve().parents[1] / "data" / "after-assessment" / "messages-aa.jsonl"
ACCOUNT = "my ex keeps messaging me from new accounts after i blocked him, its been months. im in dublin"
# What the first reply shows the bot did, tried in this order.
DID = [
    ("danger", r"^If you are in danger right now, call \d+ now"),
    ("self_harm", r"Samaritans|Pieta|116 123|thinking about (suicide|ending|hurting yourself)"),
    ("adds", r"^Thank you for telling me more|^Thank you for telling me\. It doesn't change"),
    ("laws", r"^Laws that may apply|^I don't have laws"),
    ("contacts", r"^Who can help"),
    ("share", r"^A helpline worker can read a summary"),
    ("stop", r"^Okay, I'll stop here|^Okay, let's start over"),
    (
        "about_bot",
        r"^This chat is private|^I'm cyberguide, an automated|^Yes, it's free|^I'm not a lawyer|"
        r"^If you are in danger right now, call your local emergency number \(911|^Some words you may see",
    ),
    ("unsure", r"^That's okay\. You don't have to work it all out"),
    (
        "brush",
        r"^Okay\. I'm here if you need anything else|^You're welcome|^Take care of yourself|^I'm here and listening",
    ),
]


def did(replies: list[dict]) -> str:
    first = next((r["text"] for r in replies if r.get("text")), "")
    return next((name for name, pattern in DID if re.search(pattern, first)), "other")


@pytest.fixture(scope="module")
def outcomes(rasa_stack) -> list[tuple[dict, str]]:
    found = []
    for line in MESSAGES.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        chat = Chat(rasa_stack.rasa_url)
        chat.answer_until(chat.say(ACCOUNT), "You can change anything you told me", skip_everything)
        found.append((case, did(chat.say(case["text"]))))
    return found


def test_what_people_type_after_the_assessment_gets_what_they_meant(outcomes) -> None:
    tally = Counter(case["expect"] for case, got in outcomes if got == case["expect"])
    assert len(outcomes) == 160
    assert sum(tally.values()) >= 131, tally
    assert tally["adds"] >= 40 and tally["unsure"] >= 5 and tally["share"] >= 5, tally


def test_danger_and_self_harm_after_the_assessment_are_never_missed(outcomes) -> None:
    missed = [
        (case["text"], got)
        for case, got in outcomes
        if case["expect"] in ("danger", "self_harm") and got != case["expect"]
    ]
    assert missed == []


def test_asking_for_a_person_never_wipes_the_chat(outcomes) -> None:
    """ "pls connect me w someone i dont want to type anymore" had been read as "stop": what they had told
    was cleared."""
    wiped = [case["text"] for case, got in outcomes if case["expect"] != "stop" and got == "stop"]
    assert wiped == []
