"""Danger now by composition on wording written for this test (not from any labelled split).

Each scene is made of the parts in ../shared/reference/danger-language.md (an actor, presence,
arrival, following, seeing now, a countdown, a plea, self-harm at hand), in wordings the rules were
not written from; the stories, habits, plans and figures of speech must stay below an emergency.
Read with the rules alone, so the learned second opinion cannot hide a gap in them.
"""

from __future__ import annotations

import pytest

from bot.triage.extract.tense import later, past_ago, perfect_participles, recent
from bot.triage.rubric import assess
from bot.triage.second_opinion import rules_alone


def risk(text: str) -> str:
    with rules_alone():
        return assess(text, with_knowledge=False).risk


@pytest.mark.parametrize(
    "text",
    [
        "fifteen minutes ago my ex texted that he's parked at the end of my road",  # a moment ago is now
        "the woman who has been harassing me online just messaged 'why did you turn your kitchen light off'",
        "my stalker sent a picture of my front gate a few minutes ago",  # seeing now
        "cant talk hes downstairs",  # a plea
        "she says im getting jumped after work today at 5",  # a countdown
        "a lad in my class posted that I'm getting beaten up tonight at the park",
        "he just texted 'nearly there x'",  # closing in
        "the same grey van has been behind me since the roundabout and I'm still driving",  # a vehicle following
        "my ex's car is outside my flat right now",
        "I've got the tablets out in front of me and I'm done",  # self-harm at hand
        "someone is walking behind me and it's the guy who keeps emailing me",  # his habit, not the scene's
        "he sent 'I am at your gate, open up'",  # the quoted "I" is the sender
        "we split up last month and he's banging on the door",  # the clause's own present
        "ten minutes ago he left a voicemail saying he's coming over with a knife",
        "the guy from tinder is in the same bar as me right now and keeps staring at me",
        "the woman who has been messaging me on insta is waiting outside my building",  # who she is, not where
        "my husband reads my phone. cant say much hes in the next room",  # a plea in other words
        "he's in the car park at my work right now",  # a car park is still a place he can be
        "I have the pills here and I'm going to take them all tonight, no plan for tomorrow",  # means at hand
    ],
)
def test_a_scene_now_in_new_words_is_an_emergency(text: str) -> None:
    assert risk(text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "two years ago he was outside my house every night, he moved abroad since",  # a story that ended
        "he's coming to visit next week and I'm nervous",  # later
        "he used to wait outside my work",
        "I remember when he followed me home from school",
        "my ex said he'll kill me one day",  # a threat with no time: high, not an emergency
        "he texts me photos of my street every week",  # a habit
        "my brother is in the next room watching tv and my ex keeps messaging me",
        "I can't talk to my mum about this, he keeps posting about me",  # not a plea
        "I'm almost home and scared he'll message again",  # the user's own "almost home"
        "this is literally killing me, she posts about me every day",  # a figure of speech
        "I have pills for my anxiety and the messages make it worse",  # no means at hand
        "someone I've never met keeps commenting on my posts",
        "the comments said I'm a loser, it was months ago",
        "my car is parked outside and someone keyed it last year",  # the user's own car
        "he posted that I'm ugly tonight on insta",  # no harm aimed with the time
        "since coming out at work in March I get slurs from two old colleagues on facebook",  # not an arrival
        "he kept turning up where I was, the shops, the car park at my work, then texting about it",  # a noun
        "my group chat is literally killing me, 400 cat videos since midnight and an exam at 9",  # a figure
        "she told me today she thinks about suicide a lot but has no plan",  # thoughts without a plan: high
        "i keep thinking about killing myself today but i dont have a plan",
        "I can't say much about it, he's my boss and I see him at work",  # not a plea: no one near now
        "her teacher says as it's outside school hours it's for the parents to sort out",  # a time
        "my husband has been driving the kids to school himself since the posts",  # someone driven
    ],
)
def test_a_story_a_plan_or_a_habit_is_not_an_emergency(text: str) -> None:
    assert risk(text) != "emergency"


@pytest.mark.parametrize(
    ("words", "is_recent", "is_past"),
    [
        ("twenty minutes ago he texted", True, False),
        ("two years ago he turned up", False, True),
        ("a few days ago", False, True),
        ("parked there since this morning", True, False),
        ("since 2019 he has", False, False),
        ("since 6 he has been there", True, False),
        ("just now", True, False),
    ],
)
def test_a_moment_ago_is_now_and_years_ago_is_a_story(words: str, is_recent: bool, is_past: bool) -> None:
    said = words.split()
    assert recent(said) is is_recent
    assert past_ago(said) is is_past


def test_next_is_a_time_or_a_place() -> None:
    assert later(["he", "is", "coming", "next", "week"])
    assert not later(["he", "is", "in", "the", "next", "room"])


def test_a_present_perfect_is_found() -> None:
    assert perfect_participles(["a", "man", "has", "followed", "me", "off", "the", "train"]) == {3}
    assert perfect_participles(["she", "s", "been", "parked", "there"]) == {3}
