"""Danger now by composition: an actor plus presence, arrival or following, told as now."""

from __future__ import annotations

import pytest

from bot.triage.extract import extract_facts
from bot.triage.extract.composition import _scene


def scene(text: str) -> str | None:
    return _scene(text.lower().replace(".", "").replace(",", "").split())


@pytest.mark.parametrize(
    "text",
    [
        "the guy from work is walking behind me from the station",
        "he says he'll be here by 9 and it's 8.40",
        "my brother wrote that he will come to my sister's home tonight with his friends",
        "her family is in front of the house and they won't go",
        "my ex is on his way over",
        "someone is knocking at my door and I know that knock",
        "he just messaged I'm at your building which unit",
        "i'm being followed by a car",  # passive, a scene
        "he can see me from his car",  # seeing the person now
        "he said he'd pick her up from the end of our road at 4",
    ],
)
def test_a_scene_of_danger_now(text: str) -> None:
    assert scene(text) == "now"


@pytest.mark.parametrize(
    "text",
    [
        "yesterday he showed up at my friend's house",  # told in the past
        "he lives downstairs",  # a fact about where someone lives, not a scene
        "there's a car that parks outside every night",  # a habit
        "someone is following me to every sub I post in",  # online
        "my sister called me selfish in front of everyone",  # not a place
        "he posted a photo of my front door on facebook",  # a picture of the place
        "he's not outside anymore",  # negated
        "she came round in 2019 and banged on the door",  # a year
        "i think i'm being stalked",  # names the situation, not a scene now
        "i'm being watched online by my ex",  # names the situation
        "my ex shares our family plan and can see my location",  # tracking, not sight
        "he's driving me crazy with all these messages",  # an idiom, not a drive
        "my dad is driving us to school",  # someone driven, not someone arriving
    ],
)
def test_not_a_scene_now(text: str) -> None:
    assert scene(text) is None


@pytest.mark.parametrize(
    "text", ["I'm scared he'll come round tonight", "what if he's waiting outside my work", "maybe he is outside"]
)
def test_a_fear_or_what_if_is_asked_about_not_an_emergency(text: str) -> None:
    assert scene(text) == "hedged"


def test_the_engine_reads_the_scene_and_quotes_it() -> None:
    facts = extract_facts(
        "We split up last year. He texts every day. Right now he is walking behind me on the high street."
    )
    quotes = [e.quote for e in facts.signals.get("danger_now", [])]
    assert any("walking behind me" in quote for quote in quotes)
    hedged = extract_facts("I keep thinking about it. I'm scared he'll come round tonight.")
    assert not hedged.has("danger_now") and hedged.has("possible_danger_now")


@pytest.mark.parametrize(
    "text",
    [
        # a negation in another clause does not cancel the scene
        "my aunt says her partner is throwing plates downstairs, and he took her keys so she can't get out",
        # "what" is a hedge only in "what if"
        "he says he'll be at my office at 5 to finish what he began",
        # a planned arrival reported in the past tense is still now
        "this afternoon he wrote that he would drop by at 6",
        # "back" is past only in "back in", "back when"
        "his brothers are in front of the flat and say they will drag me back home",
    ],
)
def test_a_scene_read_clause_by_clause(text: str) -> None:
    assert scene(text) == "now"


@pytest.mark.parametrize(
    "text",
    [
        "last month he wrote that he would drop by at 6",  # the arrival itself is a story
        "back in 2016 she was waiting outside my office",
        "the lady next door put a photo of my garden on the community page",  # a neighbour, not presence
        "he texts me that he won't stop, and he's outside my office every single day",  # a habit
    ],
)
def test_clauses_keep_the_sentence_tense(text: str) -> None:
    assert scene(text) is None


@pytest.mark.parametrize("text", ["he reminded me he still has the rifle", "he says he's coming to see me sometime"])
def test_a_weapon_owned_or_a_visit_some_day_is_asked_about(text: str) -> None:
    assert scene(text) == "hedged"


def test_someone_on_the_way_is_an_emergency_but_not_yet_offline_contact() -> None:
    from bot.triage.rubric import assess

    coming = assess("My uncle just texted me that he is driving over tonight with two friends.", with_knowledge=False)
    assert coming.risk == "emergency"
    assert "offline_contact" not in coming.flags
    here = assess("My uncle is outside my front door right now and won't leave.", with_knowledge=False)
    assert here.risk == "emergency"
    assert "offline_contact" in here.flags


@pytest.mark.parametrize(
    "text",
    [
        "HR says its 'outside work'. Im in Columbus. Am I overreacting??",  # a forum post read as danger now
        "the police said 'outside our remit' and closed it",
    ],
)
def test_what_an_institution_says_is_not_a_message_from_someone_at_the_door(text: str) -> None:
    assert not extract_facts(text, learned=False).has("danger_now")


def test_a_message_quoted_from_someone_who_may_be_harassing_is_still_read_as_now() -> None:
    assert extract_facts("my boss texted 'outside, open up'", learned=False).has("danger_now")
