"""Warm hand-off on a real SQLite case store made by the migrations: nothing without a yes, one
case per conversation under a reference the person can read out, found in the queue by it, and
gone again on "delete my data"."""

from __future__ import annotations

import re

import pytest

from bot.cases.db import session_factory
from bot.cases.store import QueueFilter, queue
from bot.cases.tables import AuditEntry, Case, reference_of
from bot.conversation.handoff import channel_of, conversation_key, forget_shared, offer_again_text, offer_text, share
from bot.conversation.replies import reply
from bot.settings import get_settings

STORY = "my ex keeps messaging me from new accounts after I blocked him and says he knows where I live"
SLOTS = {"account": STORY, "jurisdiction": "US-TX", "relationship": "ex_partner", "threats": "no", "minor": "no"}
REFERENCE = re.compile(r"Your reference is ([0-9A-F]{4}-[0-9A-F]{4})\.")


@pytest.fixture
def cases_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cases.sqlite3'}"  # made by the first share, as in a fresh install


def cases(url: str) -> list[Case]:
    with session_factory(url)() as session:
        return queue(session, QueueFilter(open_only=False))


def test_the_offer_says_what_is_shared_for_how_long_and_how_to_undo_it() -> None:
    text = offer_text()
    assert "30 days" in text and "delete my data" in text
    assert "name, number or email" in text
    assert text.rstrip().endswith("?")


def test_the_offer_asked_again_is_one_line_that_still_needs_a_yes() -> None:
    again = offer_again_text()
    assert "\n" not in again and get_settings().helpline_name in again and "unless you say yes" in again


def test_a_share_makes_one_queued_case_with_the_summary_and_a_reference(cases_url) -> None:
    answer = share(SLOTS, "sender-1", "web", cases_url)
    reference = REFERENCE.search(answer).group(1)
    [case] = cases(cases_url)
    assert case.reference == reference == reference_of(case.id)
    assert (case.channel, case.status, case.jurisdiction) == ("web", "new", "US-TX")
    assert case.account == STORY and case.consent_at is not None
    assert case.answers["threats"] == "no"  # what the person answered ...
    assert "relationship" not in case.answers  # ... not what their own words told (in the account)
    assert case.classification == "cyberstalking" and case.laws, "the engine's assessment with its laws"
    # the store knows the conversation only by a hash of its id
    assert case.conversation_key == conversation_key("sender-1") != "sender-1"
    with session_factory(cases_url)() as session:
        found = queue(session, QueueFilter(reference=reference.lower().replace("-", " ")))
        assert [c.id for c in found] == [case.id]
        assert queue(session, QueueFilter(reference="ABC")) == [], "too short to name a case"
        actions = [entry.action for entry in session.query(AuditEntry)]
    assert actions == ["shared_by_person"]


def test_sharing_again_updates_the_same_case_and_keeps_the_reference(cases_url) -> None:
    first = REFERENCE.search(share(SLOTS, "sender-1", "telegram", cases_url)).group(1)
    second = REFERENCE.search(share({**SLOTS, "jurisdiction": "US-OH"}, "sender-1", "telegram", cases_url)).group(1)
    assert first == second
    [case] = cases(cases_url)
    assert case.jurisdiction == "US-OH" and case.channel == "telegram"
    share(SLOTS, "sender-2", "web", cases_url)
    assert len(cases(cases_url)) == 2, "another conversation is another case"


def test_delete_my_data_removes_only_this_conversations_case(cases_url) -> None:
    share(SLOTS, "sender-1", "web", cases_url)
    share(SLOTS, "sender-2", "web", cases_url)
    assert forget_shared("sender-1", cases_url) == 1
    assert [c.conversation_key for c in cases(cases_url)] == [conversation_key("sender-2")]
    assert forget_shared("sender-1", cases_url) == 0, "nothing left to delete"


def test_a_store_that_fails_is_told_plainly_and_nothing_is_claimed(tmp_path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    broken = f"sqlite:///{blocked / 'cases.sqlite3'}"  # its folder cannot be made
    answer = share(SLOTS, "sender-1", "web", broken)
    assert answer.startswith("Sorry, I couldn't pass it on just now, so nothing was shared.")
    assert "reference" not in answer
    assert forget_shared("sender-1", broken) is None


def test_channels_come_from_the_input_channel_name() -> None:
    assert [channel_of(name) for name in ("web", "telegram", "terminal", "rest", None, "phone")] == [
        "web",
        "telegram",
        "terminal",
        "terminal",
        "terminal",
        "terminal",
    ]
    assert reply("handoff_declined").startswith("Okay, I haven't shared anything.")
