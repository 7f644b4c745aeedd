"""Threats of violence: a threat has a frame (will, going to, said he'd, should...); violence told
as done is past violence; a laughing "she'll kill me when she finds out" is a figure of speech."""

from __future__ import annotations

import pytest

from bot.triage.extract import extract_facts
from bot.triage.rubric import assess


@pytest.mark.parametrize(
    "text",
    [
        "he texted that hell snap my fingers one by one",  # "hell" = he'll
        "her brother posted that somebody ought to break my kneecaps",
        "the guy from the gym says he will pour acid over my car and then me",
        "my stepdad wrote 'wait till I get home, I will finish you'",
        "she keeps saying she's going to stab my boyfriend",
        "they told me they would beat my little brother",
        "he said he'd come round and kill us all",
    ],
)
def test_a_threat_with_its_frame_is_a_threat(text: str) -> None:
    assert extract_facts(text).has("threat_violence"), text


@pytest.mark.parametrize(
    "text",
    [
        "my ex choked me twice when we lived together",  # past violence, told as done
        "he used to hit me when he was drunk",
        "she attacked my sister in 2019 and went to prison",
        "I broke my arm falling off my bike",
    ],
)
def test_violence_told_as_done_is_past_violence_not_a_threat(text: str) -> None:
    facts = extract_facts(text)
    assert not facts.has("threat_violence"), text


def test_past_violence_by_a_former_partner_still_raises_the_risk() -> None:
    got = assess(
        "My ex-boyfriend choked me last summer. Now he texts me every night from new numbers.", with_knowledge=False
    )
    assert "threats_of_violence" not in got.flags
    assert got.risk == "high"


@pytest.mark.parametrize(
    "text",
    [
        "my dad is going to kill me when he sees my report card lol",
        "my sister will murder me if she finds out I borrowed her dress 😂",
        "my coach is gonna kill me if he hears I skipped practice",
        "my former best mate keeps commenting 'you're dead to me' on all my posts",
        "my dad's gonna kill me bc i spent 60 quid on fifa points with his card",
        "my sister is going to murder me, i accidentally put her bikini pic on my story",
        "someone said 'ur dead' in chat after i killed them in cod 😂",
        "Kids in my son's class joke 'you're dead after school' to each other all the time, it's a meme.",
    ],
)
def test_a_figure_of_speech_is_not_a_threat_or_danger(text: str) -> None:
    got = assess(text, with_knowledge=False)
    assert "threats_of_violence" not in got.flags
    assert got.risk != "emergency"


def test_a_death_wish_laughed_off_is_no_weapon() -> None:
    facts = extract_facts("someone said I should be shot for that take on pineapple pizza lol", learned=False)
    assert not facts.has("weapon") and not facts.has("threat_violence")
    assert extract_facts("he showed me his gun lol", learned=False).has("weapon")


@pytest.mark.parametrize(
    "text",
    [
        "my dad said he'll kill me because i'm gay",
        "he said 'you're dead' lol im actually scared",
        "my ex is going to kill me, i forgot to pay him back",
    ],
)
def test_a_threat_told_with_fear_by_an_ex_or_for_who_the_user_is_stays_a_threat(text: str) -> None:
    assert extract_facts(text, learned=False).has("threat_violence"), text


def test_a_reported_threat_with_a_condition_stays_a_threat() -> None:
    facts = extract_facts("he said he'll kill me if he finds out where I moved")
    assert facts.has("threat_violence")


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("a stranger replied 'we know where you live' under my video", "knows_location"),
        ("he says he'll sort me out next time he sees me", "threat_veiled"),
        ("someone in the comments said people should pay them a visit", "threat_veiled"),
        ("his cousins say they will bring me home by force", "threat_veiled"),
        # (a death threat said as an idiom is a threat to kill: high, not a veiled threat's medium)
        (
            "an email said I would be 'found dead in my own garden' if I did not withdraw my objection",
            "threat_violence",
        ),
        (
            "he posted our dog's photo with 'this mutt won't see Christmas and neither will the family'",
            "threat_violence",
        ),
        ("an anonymous account commented 'careful, accidents happen to people who rip others off'", "threat_veiled"),
        ("80 bot accounts spamming 'someone should swat this b*tch'", "threat_veiled"),
        ("a text calling me names and saying I'll regret ever opening my mouth", "threat_nonspecific"),
    ],
)
def test_veiled_threats_in_any_person(text: str, signal: str) -> None:
    assert extract_facts(text).has(signal), text


@pytest.mark.parametrize(
    "text",
    [
        "he says he is going to kill me when he finds me",
        "she'll kill me when she sees me, she wrote",
        "hes going to kill me for talking to the police",
        "you are dead to me and you will be dead for real soon",
    ],
)
def test_hunting_someone_down_is_not_a_figure_of_speech(text: str) -> None:
    assert extract_facts(text).has("threat_violence"), text


@pytest.mark.parametrize(
    "text",
    [
        "under it someone wrote 'would be a shame if someone paid a visit'",
        "he messaged 'nice house on Elm Road, shame if it caught fire'",
        "some guy keeps messaging me saying he'll batter me",
    ],
)
def test_veiled_and_regional_threats(text: str) -> None:
    facts = extract_facts(text, learned=False)
    assert facts.has("threat_veiled") or facts.has("threat_violence")


@pytest.mark.parametrize(
    "text",
    [
        "a fourth fake account pretending to be me. I feel like I'm being hunted.",
        "Two summers ago some lads from school said they'd batter me. We're mates now lol.",
    ],
)
def test_a_feeling_or_an_old_boast_is_no_threat(text: str) -> None:
    facts = extract_facts(text, learned=False)
    assert not facts.has("threat_violence")


@pytest.mark.parametrize(
    "text",
    [
        "my nan won't see christmas, she's very ill",
        "accidents happen, the vase was old",
        "I know I'll regret posting this",
    ],
)
def test_illness_mishaps_and_the_users_own_regret_are_no_threats(text: str) -> None:
    facts = extract_facts(text, learned=False)
    assert not facts.has("threat_veiled") and not facts.has("threat_nonspecific")


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("im going to kill my flatmate, she keeps putting pics of me on her story without asking", False),
        ("I'll kill him if he comes near my kids again", False),
        ("my manager said on zoom 'we'll shoot you if that happens again' and everyone laughed", False),
        ("he texted 'I will kill you'", True),
        ("he messaged me: i will kill your dog", True),
        ("he says he'll kill my dog", True),
    ],
)
def test_the_users_own_anger_and_a_laughed_off_joke_are_no_threat_to_them(text: str, threat: bool) -> None:
    assert extract_facts(text, learned=False).has("threat_violence") is threat


def test_a_new_address_found_is_no_following_across_platforms() -> None:
    assert not extract_facts("im scared my ex will find my new address", learned=False).has("cross_platform")
    assert extract_facts("he found my new insta", learned=False).has("cross_platform")


def test_a_figure_of_speech_with_a_deadline_is_no_countdown() -> None:
    laughed = assess("My sister said she'll kill me if I'm late to her wedding tonight haha", with_knowledge=False)
    assert "threats_of_violence" not in laughed.flags and laughed.risk == "standard"
    meant = extract_facts("he said he'll kill me tonight after work", learned=False)
    assert meant.has("threat_violence")


def test_a_post_is_no_reporting_word_for_a_laughed_off_threat() -> None:
    text = "if my ex's new gf sees i liked his post shes gonna kill me lol. can you unlike something"
    assert not extract_facts(text, learned=False).has("threat_violence")
    assert extract_facts("my ex posted that he'll kill me", learned=False).has("threat_violence")


@pytest.mark.parametrize(
    ("text", "veiled"),
    [
        ("I feel intimidated. Is this legal for them to do?", False),
        ("Nothing's happened, just being careful", False),
        ("my friend told me this is how controlling starts and I should be careful.", False),
        ("he texted me 'be careful walking home'", True),
        ("he threatened me", True),
        ("she keeps trying to intimidate me", True),
    ],
)
def test_the_users_own_feeling_or_caution_is_no_veiled_threat(text: str, veiled: bool) -> None:
    assert extract_facts(text, learned=False).has("threat_veiled") is veiled


def test_a_hitman_email_sent_to_many_is_scam_theatre() -> None:
    got = assess(
        "Got an email from someone calling himself a 'hitman' saying he's been paid to kill me but will cancel "
        "the job for $5,000 in bitcoin. My coworker got the exact same email word for word. It's a scam, right?",
        with_knowledge=False,
    )
    assert "threats_of_violence" not in got.flags and got.risk == "standard"
    alone = assess("Got an email saying he's been paid to kill me. I don't know who sent it.", with_knowledge=False)
    assert "threats_of_violence" in alone.flags


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("Since I reported a pupil's father for threatening a colleague, he has been posting my address", False),
        ("Strangers doxxed me. Home address and workplace, posted under a viral tweet. Zero threats so far.", False),
        ("he keeps threatening my family", True),
        ("he threatened me again", True),
    ],
)
def test_a_threat_to_someone_else_or_zero_threats_is_no_threat_to_the_user(text: str, threat: bool) -> None:
    assert extract_facts(text, learned=False).has("threat_veiled") is threat


def test_see_you_soon_is_a_sign_of_coming_not_a_threat_to_hurt() -> None:
    got = assess(
        "My ex shared my own live location back to me on Snap Map with 'see you soon x'. I'm at my friend's.",
        with_knowledge=False,
    )
    assert got.risk == "emergency" and "threats_of_violence" not in got.flags
    assert "threats_of_violence" in assess("he texted 'watch your back'", with_knowledge=False).flags


def test_asking_is_that_a_threat_is_a_threat_not_specific_not_one_to_hurt() -> None:
    facts = extract_facts("he wrote 'people like her should be dealt with properly'. Is this a threat?", learned=False)
    assert facts.has("threat_nonspecific") and not facts.has("threat_veiled")
    assert extract_facts("he sent me a threat last night", learned=False).has("threat_veiled")


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("a comment with a photo of our temple and the words 'burn it with them inside'", True),
        ("My cousin has posted three times on Facebook that he'll 'end' me", True),
        ("this week will end me lol", False),
        ("he said he'd end it if i didnt reply", False),
        ("he posted that i burn incense at night", False),
    ],
)
def test_a_quoted_command_and_end_said_of_a_person_are_threats(text: str, threat: bool) -> None:
    assert extract_facts(text, learned=False).has("threat_violence") is threat
