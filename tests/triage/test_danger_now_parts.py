"""Danger now from its parts, in wordings the rules were not written from (issue 9).

Each rule is checked with a few sentences written for this file, with the near misses that must
stay calm: a story that ended, a habit, an agreement, an errand. The learned second opinion is
left out (`learned=False`): these are the rules' own readings.
"""

from __future__ import annotations

import pytest

from bot.triage.extract import extract_facts
from bot.triage.rubric import assess, decide


def danger_now(text: str) -> bool:
    return extract_facts(text, learned=False).has("danger_now")


@pytest.mark.parametrize(
    "text",
    [
        "A number I don't have just texted 'waiting by your car'.",  # no subject: the sender is waiting
        "he messaged me 'be there in ten'",
        "Got a whatsapp a minute ago: 'here'.",  # only "here": the sender is there
    ],
)
def test_a_quoted_message_without_a_subject_speaks_for_its_sender(text: str) -> None:
    assert danger_now(text)


@pytest.mark.parametrize("text", ["she's at my flat right now", "my ex is waiting at our gate"])
def test_someone_at_the_users_place(text: str) -> None:
    assert danger_now(text)


@pytest.mark.parametrize("text", ["I'm at my mum's place now", "he appeared at my work last Tuesday"])
def test_the_user_at_their_own_place_or_a_past_visit_is_no_scene(text: str) -> None:
    assert not danger_now(text)


@pytest.mark.parametrize("text", ["he says he's five mins away", "my ex is 3 streets away"])
def test_a_distance_told_as_a_count_is_someone_on_the_way(text: str) -> None:
    assert danger_now(text)


def test_a_distance_that_is_where_someone_lives_is_no_scene() -> None:
    assert not danger_now("my ex lives 10 minutes away from my work")


def test_a_weapon_being_brought_is_danger_now() -> None:
    assert danger_now("her voicemail says she's bringing a hammer")


@pytest.mark.parametrize(
    "text",
    [
        "they told me they'll batter me when class ends",
        "My boy is 12. The older lads messaged that they'll kick him in after lunch.",  # the user's child
    ],
)
def test_a_threat_with_a_deadline_in_the_school_day(text: str) -> None:
    assert danger_now(text)


def test_a_threat_to_someone_else_with_no_child_of_the_users_is_not_a_countdown() -> None:
    assert not danger_now("the film's villain says they'll kick him after lunch")


@pytest.mark.parametrize(
    "text",
    [
        "I remember hiding in the bathroom while he kicked the door in.",
        "When I was at college a man waited outside my dorm and texted 'im here'.",
        "In my twenties a guy I dated stood outside my window for hours.",
        "He banged on the door of my flat and screamed at me. That was back in 2016.",
        "my ex hammered on the front door at 3am",  # a past act by the verb's form
    ],
)
def test_a_memory_or_a_past_act_is_not_danger_now(text: str) -> None:
    assert not danger_now(text)


def test_a_past_clause_inside_a_scene_now_keeps_the_scene() -> None:
    assert danger_now("my ex says he'll be at my work at 5 to finish what he started. it's 4.30")


@pytest.mark.parametrize("text", ["following me. please", "someones walking behind me"])
def test_following_with_the_subject_left_out_or_run_together(text: str) -> None:
    assert danger_now(text)


@pytest.mark.parametrize(
    "text",
    [
        "I found a tracker in my coat this morning. Then he messaged 'stay where you are'.",
        "He keeps sending me my own location. The newest one says 'see you in 20'.",
        "she texted me a screenshot of the dot on the map and 'on my way x'",
    ],
)
def test_known_whereabouts_and_a_meeting_are_danger_now(text: str) -> None:
    assert danger_now(text)


@pytest.mark.parametrize(
    "text",
    [
        "My sister and I share our locations with each other. She just sent mine back with 'on my way'.",  # agreed
        "I found a tracker in my coat this morning. I'm scared he'll say 'see you soon' one day.",  # a fear
        "Last year he sent my location with 'see you soon'.",  # a story
    ],
)
def test_a_shared_location_a_fear_or_a_story_is_not_a_meeting_now(text: str) -> None:
    assert not danger_now(text)


@pytest.mark.parametrize(
    "text",
    [
        "the delivery driver is at my door with a package",
        "my mum is on her way to pick me up from football",
        "Just had a call from the courier, he'll be outside in 5.",
    ],
)
def test_an_errand_is_no_scene_of_danger(text: str) -> None:
    assert not danger_now(text)


def test_an_errand_with_fear_in_it_stays_a_scene() -> None:
    assert danger_now("I'm scared, the courier who threatened me last week is outside my door right now")


@pytest.mark.parametrize(
    "text",
    [
        "an unknown number just texted 'turn around'",  # an order only someone watching could give
        "Ten minutes ago a message came in. Just a photo of my bedroom window from the street and 'nice curtains'.",
    ],
)
def test_a_fresh_message_only_a_watcher_could_send(text: str) -> None:
    assert danger_now(text)


def test_a_habit_of_messages_is_no_sighting() -> None:
    assert not danger_now("These days he texts things like 'nice curtains' when I get home.")


def test_a_fresh_message_the_user_confirms_doing_earlier_today() -> None:
    text = "Twenty minutes ago he wrote 'finally washed the car then'. I did that this afternoon."
    assert danger_now(text)
    assert not danger_now("Two years ago he wrote 'finally washed the car then'. I did that this afternoon.")


def test_the_users_location_just_sent_back_with_a_message_is_seeing_now() -> None:
    assert danger_now("She just sent me a screenshot of my location on the map with 'nice cafe'.")
    assert not danger_now("She can see my location on the map.")
    assert not danger_now("Last month she sent me a screenshot of my location with 'nice cafe'.")


@pytest.mark.parametrize(
    "text", ["Hi, hope someone is there", "i wish someone was here with me", "praying that he is not outside"]
)
def test_a_scene_wished_for_is_not_told(text: str) -> None:
    assert not danger_now(text)


@pytest.mark.parametrize(
    "text", ["he's outside, i hope the police come soon", "hoping someone reads this, he's at my door"]
)
def test_a_wish_beside_a_scene_told_now_leaves_the_scene(text: str) -> None:
    assert danger_now(text)


@pytest.mark.parametrize("text", ["please help me now", "help me rn", "help me right now, he's here"])
def test_a_plea_for_help_now_is_danger_now(text: str) -> None:
    assert danger_now(text)


def test_asking_for_help_without_now_or_a_scene_is_not_an_emergency() -> None:
    assert not danger_now("help me please he wont stop texting me")


@pytest.mark.parametrize(
    "text",
    [
        # A forum post read as danger now (found in a widget walkthrough): the habit holds for "bang" too.
        "Back in 2019 my ex used to turn up outside my flat at night and bang on the door, I had to call the police.",
        "my ex used to turn up outside my flat and bang on the door",
    ],
)
def test_a_verb_that_goes_on_from_a_past_habit_keeps_its_tense(text: str) -> None:
    assert not extract_facts(text, learned=False).has("danger_now")


@pytest.mark.parametrize(
    "text",
    ["he found my new address and is banging on the door", "he used to text me and he's banging on the door"],
)
def test_a_clause_with_its_own_subject_or_tense_is_read_on_its_own(text: str) -> None:
    assert extract_facts(text, learned=False).has("danger_now")


@pytest.mark.parametrize(
    "text",
    [
        "my mam is on her way over now, she's going to stay the night with me. my ex sent me horrible messages",
        "My friend Leah is coming over tonight to help me go through my phone for stalkerware.",
        "police are on their way round to take my statement about my ex posting my address on reddit.",
        "My dad is driving over now to take me to the police station to report my ex, who's been threatening me.",
        "my sister just sent me her live location with 'see you soon x' because she's driving up to help me.",
        "A girl made a hate page about me in first year. I'm in third year now and it's come back into my head.",
        "girls in my grade made a group chat just to make fun of me and post pics of me from insta",
        "someone made a fake insta pretending to be me and is following ppl from my school",
    ],
)
def test_help_on_the_way_and_other_near_misses_are_no_danger_now(text: str) -> None:
    assert not extract_facts(text, learned=False).has("danger_now")


@pytest.mark.parametrize(
    "text",
    [
        "my sister is on her way to help me, he's outside banging on the door",
        "my dad is on his way over to kill me",
        "my brother is coming to get me, my ex is outside",
        "I'm typing this from the bathroom because he's just let himself in with the spare key",
        "why did he just text 'you look tired, go to bed' when i literally just yawned on my sofa",
        "he asked why my kitchen light just went off",
    ],
)
def test_danger_beside_help_or_told_quietly_is_still_danger_now(text: str) -> None:
    assert extract_facts(text, learned=False).has("danger_now")


@pytest.mark.parametrize(
    "text",
    ["my dad is on his way to get me, I ran away because he hits me", "my brother is coming to take me back home"],
)
def test_a_relative_coming_to_get_the_user_may_be_the_danger(text: str) -> None:
    assert extract_facts(text, learned=False).has("danger_now")


def self_harm(text: str) -> bool:
    return extract_facts(text, learned=False).has("self_harm")


def self_harm_now(text: str) -> bool:
    facts = extract_facts(text, learned=False)
    return facts.has("self_harm") and facts.has("self_harm_now")


@pytest.mark.parametrize(
    "text",
    [
        "there's footsteps on the stairs and nobody else has a key except him",
        "just heard glass go downstairs and the dog's going mental",
        "he's on the buzzer, over and over, won't stop",
        "there's a car with its lights off outside since 11, it's 2am",
        "He's just replied to my story with the name of the pub I'm in and 'don't leave'",
        "My daughter's not back from school yet and a man has messaged her phone saying he'll collect her from the park",
    ],
)
def test_heard_or_told_where_the_user_is_now(text: str) -> None:
    """Stop 34's set of messages typed mid-conversation (replies-wzz): signs of someone here now."""
    assert danger_now(text)


@pytest.mark.parametrize(
    "text",
    [
        "Last year I heard footsteps on the stairs and it was my flatmate",
        "the name of the pub I'm in tonight is the Crown, is that relevant?",
        "he used to sit on the buzzer when we were together",
        "my dad is picking her up from school today",
        "a man picked her up from school last year and we called the police",
    ],
)
def test_the_same_words_told_of_then_or_of_nothing(text: str) -> None:
    assert not danger_now(text)


@pytest.mark.parametrize(
    "text",
    [
        "im at the station and i keep thinking about stepping off the platform. next train is 4 mins",
        "I've saved up mum's sleeping tablets. Going to take them all tonight",
        "had half a bottle of vodka and a load of paracetamol about an hour ago",
        "Going to drive out to the cliffs tonight and that'll be that",
    ],
)
def test_self_harm_now_told_without_the_words(text: str) -> None:
    assert self_harm_now(text)


@pytest.mark.parametrize(
    "text",
    [
        "he messages me on every platform and i keep thinking everyone would be better off without me",
        "Everyone'll be better off after I'm gone",
    ],
)
def test_self_harm_thoughts(text: str) -> None:
    assert self_harm(text)


def test_a_platform_that_is_an_app_is_not_the_railway() -> None:
    """ "every platform" is where the messages come, not where the user stands: no self-harm now."""
    assert not self_harm_now("he messages me on every platform and some nights i think about not being here anymore")


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("Is the 'police are outside' call a scam? They said officers are at my door. Nobody's there.", False),
        ("the cops are outside now taking my statement", False),
        ("he's outside and the police are on their way", True),
        ("my ex is outside, the police are coming", True),
    ],
)
def test_the_police_alone_at_the_door_are_no_danger(text: str, now: bool) -> None:
    assert danger_now(text) is now


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("He knows where I work now. I keep looking at the doors in the office.", False),
        ("my phone said an airtag is moving with me. I look in the car and find it under the back.", False),
        ("I'm at home and he's standing at the door", True),
        ("I'm looking at him across the road right now", True),
        ("I'm scared, someone is waiting outside my work", True),
    ],
)
def test_the_user_watching_is_not_someone_there(text: str, now: bool) -> None:
    assert danger_now(text) is now


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("Is this something I can report to someone outside the company?", False),
        ("I'm the only girl in the family studying outside.", False),
        ("My husband is watching everything I do on my phone.", False),
        ("my brother is watching my location all the time", False),
        ("someone is outside my house right now", True),
        ("he is watching my house right now", True),
    ],
)
def test_outside_a_sphere_and_watching_online_are_no_one_there(text: str, now: bool) -> None:
    assert danger_now(text) is now


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("Two people called the front desk at work.", False),
        ("We're not secretly reading anything, she's there when we check.", False),
        ("he's at the front door", True),
        ("he's in front of the house right now", True),
        ("he's there right now, when I look out I can see him", True),
    ],
)
def test_a_front_desk_called_and_there_each_time_are_no_one_there_now(text: str, now: bool) -> None:
    assert danger_now(text) is now


def test_an_asides_past_is_not_the_time_of_the_rest_of_its_sentence() -> None:
    text = (
        "Today he sent me a screenshot of my live location (I think he put something in my phone when we were "
        "together) and wrote 'coming. wait there.' I am alone in my room."
    )
    assert extract_facts(text, learned=False).has("danger_now")
    past = "Last year he sent me my live location (I think he put something in my phone) and wrote 'coming'."
    assert not extract_facts(past, learned=False).has("danger_now")


def test_a_place_word_with_no_self_harm_told_does_not_stand_in_for_danger_from_someone() -> None:
    text = (
        "might be paranoid but the guy whos been commenting on all my running posts on strava for a month is "
        "jogging behind me now on the same track, 3rd time this week. im in dunedin"
    )
    got = assess(text, with_knowledge=False)
    assert "self_harm_risk" not in got.flags
    assert got.risk == "emergency"


@pytest.mark.parametrize(
    "text, now",
    [
        (
            "My ex used to text me. Now he parks outside the school at the end of the day when I pick up the kids.",
            False,
        ),
        ("he waits outside my work every evening now", False),
        ("he parks outside my work every evening and he's parked there right now", True),
        ("he is parked outside my house right now", True),
        ("he's outside my flat now", True),
    ],
)
def test_a_habit_that_began_lately_is_no_scene_unless_right_now(text: str, now: bool) -> None:
    assert danger_now(text) is now


def test_a_new_habit_of_turning_up_is_asked_about() -> None:
    text = "My ex won't leave me alone. Now he parks outside the school at the end of the day when I pick up the kids."
    got = decide(extract_facts(text, learned=False))
    assert got.risk != "emergency"
    assert got.needs_safety_check


def test_the_opinions_danger_now_in_a_habit_begun_lately_is_asked_about() -> None:
    text = (
        "my ex used to text me nonstop after we broke up, i changed my number. now he parks outside my sons "
        "school at the end of the day when i pick him up and just stares. we're in manchester"
    )
    got = assess(text, with_knowledge=False)
    assert got.risk == "high" and got.needs_safety_check


def test_a_scam_call_saying_someone_is_at_the_door_when_nobody_is_is_no_emergency() -> None:
    text = (
        "Is the 'your Apple ID was used in a crime, police are outside' call a scam? They said officers are at "
        "my door. Nobody's there. I'm in Brisbane."
    )
    assert assess(text, with_knowledge=False).risk != "emergency"
