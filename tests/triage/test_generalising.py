"""Kinds of wording the rules missed on the train split (issue 9), each told in several new ways.

Read with the rules alone: the learned second opinion must not hide a rule that does not hold.
None of these accounts is from the labelled corpus.
"""

from __future__ import annotations

import pytest

from bot.triage.extract import extract_facts
from bot.triage.rubric import assess
from bot.triage.second_opinion import rules_alone


def _assess(text: str):
    with rules_alone():
        return assess(text, None, None, with_knowledge=False)


def _has(text: str, signal: str) -> bool:
    with rules_alone():
        return extract_facts(text).has(signal)


@pytest.mark.parametrize(
    "text",
    [
        "I asked him twice to stop messaging me",
        "told her in writing to stop contacting me",
        "he keeps dming me even after i said no",
        "I told him no and he carried on",
    ],
)
def test_a_request_to_stop_with_words_between_or_a_plain_no(text: str) -> None:
    assert _has(text, "asked_to_stop")


@pytest.mark.parametrize(
    "text",
    [
        "a lad from my course won't stop texting me after i said no",
        "My neighbour keeps emailing me every evening. I've asked him three times to stop and he just carries on.",
    ],
)
def test_contact_that_goes_on_after_a_no_is_stalking(text: str) -> None:
    assert _assess(text).classification == "cyberstalking"


@pytest.mark.parametrize(
    "text, signal",
    [
        ("my girlfriend reads all my texts when i'm in the shower", "monitoring"),
        ("she went through everything on my laptop", "monitoring"),
        ("my ex still has the password to my email", "account_compromise"),
        ("he set up my outlook to forward everything to his address", "account_compromise"),
        ("my messages are marked as read before I open them", "account_compromise"),
        ("my brother is still in my icloud account", "account_compromise"),
    ],
)
def test_reading_the_users_messages_or_accounts(text: str, signal: str) -> None:
    assert _has(text, signal)


@pytest.mark.parametrize(
    "text",
    [
        "I just found out my location is being shared with his phone",
        "my boss can see my work phone location even at weekends",
        "he sent me a screenshot of my live location",
        "she keeps checking where i am through Find My",
    ],
)
def test_location_seen_by_someone_else_is_tracking(text: str) -> None:
    assert _has(text, "tracking")


def test_the_users_own_live_location_shared_by_agreement_is_not_tracking() -> None:
    got = _assess("my sister and I agreed to share our live locations when we go running")
    assert "location_tracking" not in got.flags


@pytest.mark.parametrize(
    "text",
    [
        "a girl in my form keeps posting stuff about me on her story",
        "the screenshots went round the whole year and everyone is laughing",
        "I can't face work after what they posted about me in the staff group",
    ],
)
def test_posts_and_talk_about_the_user_are_harassment(text: str) -> None:
    assert _assess(text).classification != "unclear"


@pytest.mark.parametrize(
    "text",
    [
        "the man from the forum has been messaging me for days. He's outside my flat right now.",
        "My ex texted me all morning. Now his car is parked outside my house.",
    ],
)
def test_messages_then_the_person_at_the_door_is_stalking(text: str) -> None:
    got = _assess(text)
    assert got.risk == "emergency" and got.classification == "cyberstalking"


@pytest.mark.parametrize(
    "text",
    [
        "Someone keeps posting that I'm a thief on the town page. My wife is crying every night.",
        "Strangers keep leaving vile comments under my videos. My husband worries about it.",
        "A man at the gym keeps messaging me. We were at work when he turned up last week.",
        "A fake account keeps messaging my customers. I have my husband's tablets in the cupboard.",
    ],
)
def test_a_partner_who_stands_by_the_user_is_not_the_actor(text: str) -> None:
    assert "domestic_abuse" not in _assess(text).flags


@pytest.mark.parametrize(
    "text",
    [
        "My husband reads my messages and won't let me see my friends.",
        "my dad's been texting me all night since I moved out",
        "my live-in partner keeps checking my phone",
        "We were together four years and now he won't stop calling",
    ],
)
def test_a_partner_or_relative_doing_it_is_still_domestic(text: str) -> None:
    assert "domestic_abuse" in _assess(text).flags


@pytest.mark.parametrize(
    "text",
    [
        "a man from the car park keeps messaging that he'll put me in the ground",
        "my neighbour wrote that she's going to poison my cat",
        "someone commented that people like me should be hanged",
        "he sent me a photo of his shotgun with my name on it",
        "She posted a video of herself with a knife captioned 'for you'",
        "her brother says he's coming round with a crowbar",
        "they keep texting me pictures of nooses",
    ],
)
def test_threats_told_by_euphemism_or_by_a_weapon_shown(text: str) -> None:
    assert "threats_of_violence" in _assess(text).flags


def test_a_vague_threat_is_a_threat_but_not_of_violence() -> None:
    got = _assess("an account keeps replying 'you'll be sorry' to everything I post")
    assert got.classification != "unclear" and "threats_of_violence" not in got.flags


def test_violence_told_as_done_is_not_a_threat() -> None:
    got = _assess("he put me in hospital in 2015 and I left him after that")
    assert "threats_of_violence" not in got.flags and got.risk != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I'm the only Sikh lad in the warehouse and they keep posting memes about my turban in the group chat",
        "since I came out my cousins keep sending me vile messages",
        "Our autistic son is 10 and kids keep mocking him in the class chat",
        "my daughter has a stutter and someone posted a video mocking her",
        "the team keep laughing at my accent in Slack and posting voice clips of me",
        "an account keeps commenting that I'm a jihadi on every post",
        "they deadname me in every reply and call me disgusting",
    ],
)
def test_abuse_aimed_at_who_the_user_is_is_hate_based(text: str) -> None:
    assert "hate_based" in _assess(text).flags


@pytest.mark.parametrize(
    "text",
    [
        "someone keeps calling me a loser in the comments",
        "my ex keeps texting me at night and I'm scared",
    ],
)
def test_abuse_without_an_identity_is_not_hate_based(text: str) -> None:
    assert "hate_based" not in _assess(text).flags


def test_do_is_not_a_negation() -> None:
    """'dont' is lemmatised to 'do': 'do' itself must not negate what follows it."""
    assert _has("i do get messages from him every day and he keeps threatening to kill me", "threat_violence")
    assert _has("i dont want to be alive anymore", "self_harm")
    assert not _has("he didn't threaten to kill me", "threat_violence")


@pytest.mark.parametrize(
    "text",
    [
        "my husband put some app on my phone and now he knows everything i text",
        "she quoted an email I had only drafted, never sent",
        "my flatmate keeps going on my messages when I leave my laptop open",
        "my ex still has my apple id password",
        "he took my phone while I slept and went through everything",
    ],
)
def test_reading_what_is_on_the_users_device_is_account_compromise(text: str) -> None:
    assert "account_compromise" in _assess(text).flags


@pytest.mark.parametrize(
    "text",
    [
        "my dad installed an app on my phone that shows him where i am",
        "my manager is tracking my company phone at weekends",
        "he's got her phone tracked so she can't leave",
        "my ex somehow knows when I leave work every day",
    ],
)
def test_the_users_whereabouts_watched_is_tracking(text: str) -> None:
    assert "location_tracking" in _assess(text).flags


@pytest.mark.parametrize(
    "text",
    [
        "since the posts went up I keep thinking it would be easier if I just wasn't here",
        "i dont want to be alive anymore but i wont do anything",
    ],
)
def test_self_harm_thoughts_without_a_plan_are_high_not_emergency(text: str) -> None:
    got = _assess(text)
    assert "self_harm_risk" in got.flags and got.risk == "high"


def test_standing_at_a_drop_with_the_abuse_is_self_harm_now() -> None:
    got = _assess("i cant take the comments anymore. im standing on the overpass now")
    assert got.risk == "emergency" and "self_harm_risk" in got.flags


@pytest.mark.parametrize(
    "text",
    [
        "I keep thinking I want to die since the video went round. I don't have a plan though.",
        "some days i want to end it all because of the comments but theres no plan",
    ],
)
def test_a_plan_denied_is_not_self_harm_now(text: str) -> None:
    got = _assess(text)
    assert "self_harm_risk" in got.flags and got.risk == "high"


def test_a_plan_said_is_self_harm_now() -> None:
    got = _assess("everyone at school has seen the video and I want to die. I have a plan for tonight")
    assert got.risk == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "a mum from the PTA keeps posting in the parents' WhatsApp that my daughter steals",
        "my neighbour's lad films me hanging out washing and posts it on tiktok",
        "the landlord put our names and photos up on the tenants facebook page calling us scroungers",
        "someone uploaded a video of me falling over in the canteen to the year group chat",
    ],
)
def test_posting_the_user_or_theirs_for_others_to_see_is_harassment(text: str) -> None:
    assert _assess(text).classification != "unclear"


@pytest.mark.parametrize(
    "text",
    [
        "I posted a photo of my dog on facebook and nobody liked it",
        "how do I stop my photos showing up in google search?",
    ],
)
def test_the_users_own_posts_or_a_question_are_not_harassment(text: str) -> None:
    assert _assess(text).classification == "unclear"


@pytest.mark.parametrize(
    "text, flag",
    [
        ("my ex sent a video of us having sex to my sister", "intimate_images"),
        ("a man I sent pics to says he'll post them unless I keep sending more", "sextortion"),
        ("someone made a fake linkedin as me and is messaging my clients", "impersonation"),
    ],
)
def test_images_demands_and_fake_profiles_said_other_ways(text: str, flag: str) -> None:
    assert flag in _assess(text).flags


@pytest.mark.parametrize(
    "text",
    [
        "someone posted the vid of me falling over in PE and everyone's laughing. im 13",
        "they shared the video of me singing in the school play in the group chat, im 14",
    ],
)
def test_an_everyday_video_of_a_child_spread_is_not_an_intimate_image(text: str) -> None:
    assert "intimate_images" not in _assess(text).flags


@pytest.mark.parametrize(
    "text",
    [
        "A number I don't know just texted 'love the green scarf'. I'm wearing a green scarf.",
        "he literally just commented 'nice of you to take the bins out'. i did. im still by the door",
        "Got a message 5 mins ago: 'your kitchen light is on late'. We're in the kitchen right now.",
        "someone just DMed me 'you left your car unlocked'. I checked and it IS unlocked.",
    ],
)
def test_a_fresh_message_the_user_confirms_is_seeing_now(text: str) -> None:
    assert _assess(text).risk == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Last year he texted 'nice dress'. I was wearing it at the party.",
        "he just texted 'you looked tired today'. I'm still shaking.",
        "someone just commented 'ugly' on my post. i hate this",
    ],
)
def test_a_message_from_then_or_unconfirmed_is_not_seeing_now(text: str) -> None:
    assert _assess(text).risk != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "the man from the shop just messaged me 'reaching your building in 10 min'",
        "He lands at 9 tonight and says he's coming straight to mine",
        "my ex is logged into my icloud and just texted a map of where I am with 'almost there'",
        "everyone keeps telling me to kms and honestly im going to tonight",
    ],
)
def test_arrivals_and_self_harm_said_other_ways_are_emergencies(text: str) -> None:
    assert _assess(text).risk == "emergency"


def test_the_user_telling_their_own_family_is_not_third_party_contact() -> None:
    assert not _has("I haven't told my parents yet", "third_party_contact")
    assert _has("she keeps messaging my parents about me", "third_party_contact")


def test_messages_then_the_person_at_the_door_is_an_emergency_and_not_unclear() -> None:
    got = _assess("A man from the parish forum has been writing to me. He just messaged 'open the door, I'm outside'.")
    assert got.risk == "emergency" and got.classification == "cyberstalking"


@pytest.mark.parametrize(
    "text",
    [
        "my team leader keeps texting me on weekends asking where I am",
        "a lad from church keeps messaging asking about my boyfriend",
        "he's emailed my old landlord and my new flatmate this week",
    ],
)
def test_asking_after_the_user_or_reaching_people_around_them_is_pursuit(text: str) -> None:
    assert _has(text, "monitoring") or _has(text, "third_party_contact")


def test_messages_from_people_around_the_user_are_not_contact_with_them() -> None:
    assert not _has("The messages my former colleagues keep sending are vile", "third_party_contact")


@pytest.mark.parametrize(
    "text",
    [
        "my ex still gets into my icloud and mentions my photos",
        "I found out my wife set up my email to forward everything to her",
    ],
)
def test_account_access_kept_open_is_stalking(text: str) -> None:
    assert _assess(text).classification == "cyberstalking"


def test_a_one_off_hack_is_not_stalking() -> None:
    got = _assess("someone hacked my instagram last night and posted rude stuff as me")
    assert got.classification == "cyberharassment"


@pytest.mark.parametrize(
    "text",
    [
        "a lad from my course put my pics and my number on a fake snapchat and now randoms keep ringing me",
        "Someone tagged my workplace in a post calling me a liar",
        "The neighbour has published on the community Facebook group in our town a photograph of our home with its full street address",
    ],
)
def test_details_that_locate_the_user_published_are_doxxing(text: str) -> None:
    assert "doxxing" in _assess(text).flags


def test_saying_no_as_a_habit_is_not_a_request_to_stop() -> None:
    assert not _has("a kid keeps asking to copy my homework and when i say no he sulks", "asked_to_stop")


@pytest.mark.parametrize(
    "text",
    [
        "Can my school legally track my laptop? Nothing has actually happened, I'm just curious.",
        "How would I know if there's spyware on my phone? Nothing's happened, just asking.",
    ],
)
def test_a_question_where_nothing_has_happened_is_unclear(text: str) -> None:
    assert _assess(text).classification == "unclear"


@pytest.mark.parametrize(
    "text, read",
    [
        ("Things have moved since I went to bed. I'm in the wardrobe", False),
        ("theres a guy walking behind me since i got off the bus", False),
        ("he's been outside since I got home", False),
        ("he has messaged me since I left him", True),
        ("she's called me since I moved out in March", True),
        ("he has messaged me since I left home", True),
        ("he's tracked me since I got my new car", True),
    ],
)
def test_time_since_an_event_of_the_same_day_is_not_a_course_of_conduct(text: str, read: bool) -> None:
    with rules_alone():
        found = extract_facts(text).signals.get("repeated_contact", [])
    assert any(e.quote.lower().startswith("since") for e in found) is read


@pytest.mark.parametrize(
    "text",
    [
        "my supervisor texts me around 1am, things like 'you up?'",
        "he DMs me about things I did that day",
        "someone comments on my posts within a minute of me posting",
        "someone's been dropping anonymous comments on every Insta post I make",
        "he is sending me vulgur msgs on whatsapp from 2 month",  # Indian English: "from" a duration
        "he is sending me msgs from the last 3 weeks",
    ],
)
def test_the_habitual_present_and_every_post_are_repeated_contact(text: str) -> None:
    assert _has(text, "repeated_contact")


def test_co_parenting_logistics_are_not_an_ex_who_keeps_pursuing() -> None:
    text = "My ex and I co-parent and he texts me about pickup times, sometimes pretty snippy."
    assert _has(text, "benign")
    assert _assess(text).classification == "unclear"


@pytest.mark.parametrize(
    "text",
    [
        "got an email saying they hacked my webcam and recorded me and want $2000 in bitcoin or they send it to my contacts",
        "Email says 'we know where you live and we have recorded you through your webcam, pay 0.05 BTC in 48 hours'",
    ],
)
def test_the_mass_webcam_bitcoin_email_is_a_scam(text: str) -> None:
    result = _assess(text)
    assert (result.classification, result.risk, result.flags) == ("unclear", "standard", [])


@pytest.mark.parametrize(
    "text, flag",
    [
        (
            "Someone got into my iCloud, found my private photos and says pay in bitcoin or they go to my family",
            "sextortion",
        ),
        ("my ex hacked my webcam and keeps sending me screenshots of me in my room", "account_compromise"),
    ],
)
def test_either_part_of_the_scam_alone_is_still_abuse(text: str, flag: str) -> None:
    assert flag in _assess(text).flags


@pytest.mark.parametrize(
    "text, pursuing",
    [
        ("my ex keeps liking my old posts from 2019, no messages, just likes", False),
        ("My ex keeps posting song lyrics that I think are about me. Nothing sent to me directly.", False),
        ("my ex keeps liking my old posts and texting me at 3am", True),
        ("my ex keeps messaging me from new numbers", True),
    ],
)
def test_an_ex_who_only_looks_on_is_not_pursuing(text: str, pursuing: bool) -> None:
    reasons = " ".join(r.text for r in _assess(text).reasons)
    assert ("a former partner who keeps pursuing" in reasons) is pursuing


@pytest.mark.parametrize(
    "text, signal, read",
    [
        ("is doxxing illegal here in canada", "doxxing", False),
        ("my friend made a fake account for our cat lmao. is that impersonation", "impersonation", False),
        ("someone is doxxing me", "doxxing", True),
        ("i got doxxed, is that illegal?", "doxxing", True),
        ("he is impersonating me on tiktok", "impersonation", True),
    ],
)
def test_a_kind_of_abuse_named_in_a_question_is_no_evidence_of_it(text: str, signal: str, read: bool) -> None:
    assert _has(text, signal) is read


@pytest.mark.parametrize(
    "text, danger",
    [
        ("Her ex-boyfriend won't accept they've broken up.", False),
        ("I blocked him on Insta and he's followed me with another account.", False),
        ("He got 18 months and he's still inside. Now his friends comment on my posts.", False),
        ("my ex went to prison in 2019. hes still inside and his mates message me", False),
        ("hes literally following me right now", True),
        ("he is still inside the house", True),
        ("hes inside. i locked myself in the bathroom", True),
        ("hes still inside. he did 2 years for hitting me before", True),
        ("My ex got two years for ABH. He's inside now but he gets out in about six weeks.", False),
        ("he was released last month and keeps texting. he's inside the building now", True),
        ("He went to prison for hitting me. He was released yesterday and he's outside my house now.", True),
        ("He was released last week. He's still inside, I can hear him downstairs.", True),
        ("he's inside and i cant get out of the bathroom", True),  # the user trapped, not his release
        ("I can't get out. He's inside.", True),
        ("He's inside. I'm waiting for the police, I can't get out.", True),
        ("My ex keeps texting me from new numbers. I feel like someone is watching me through my computer.", False),
        ("someone is watching me through my window right now", True),
        ("his truck is in my apartment parking lot right now, engine running", True),
        ("people keep parking on the verge and a guy down the street argued with me", False),
        ("He just messaged me from a third account: 'you look tired, go to bed'.", True),
        ("A man from my church sent me one message 'you look very nice today'.", False),
        ("She turns up at my allotment when I'm there and just stands at the gate watching.", False),
        ("he stands at my door right now", True),
        ("She's still following me (and I still follow her, I know).", False),
        ("My ex got two years. I'm just sat here waiting for him to get out.", False),
        ('a new account commented on my gym\'s post tagging me, saying "nice to see you at 6am"', False),
        ('He just texted "see you at 6".', True),
        ("someone's broken in, I can hear them downstairs", True),
        ("he's followed me home and he's at the door", True),
        ("He's in Swansea, there's nobody outside, it's a generic email.", False),
        ("no one is at the door", False),
        ("hes outside and nobody is home with me", True),
    ],
)
def test_a_broken_up_couple_an_account_or_a_prison_sentence_is_not_someone_there_now(text: str, danger: bool) -> None:
    assert _has(text, "danger_now") is danger


@pytest.mark.parametrize(
    "text, danger",
    [
        ("I found a tracker in my bag. Is it possible he is following me with this?", False),
        ("could he be outside right now? he knows where i live", False),
        ("is it possible hes on his way here", False),
        ("he's outside, is it possible he can see me through the curtains?", True),
        ("could you help me please, my ex is outside my door", True),
        ("could someone call the police hes here", True),
        ("could it be him? someone is knocking on my door right now", True),
    ],
)
def test_a_question_whether_it_might_be_so_is_not_danger_now(text: str, danger: bool) -> None:
    assert _has(text, "danger_now") is danger


@pytest.mark.parametrize(
    "text, danger",
    [
        ("my neighbour is outside mowing his lawn at 7am again", False),
        ("he's outside washing his car. he's the neighbour who posts about me", False),
        ("my neighbour is outside my door shouting about my posts", True),
        ("my neighbour is outside with a knife", True),
        ("my neighbour is outside mowing and i'm scared he'll come over", True),
    ],
)
def test_a_neighbour_at_an_everyday_chore_is_not_someone_at_the_door(text: str, danger: bool) -> None:
    assert _has(text, "danger_now") is danger


@pytest.mark.parametrize(
    "text, danger",
    [
        ("hes outside what do i do", True),
        ("hes here could someone call the police", True),
        ("he's at my door what if he breaks in", True),
        ("hes outside my house if he gets in hes going to kill me", True),
        ("he'll come round if I don't answer", False),
        ("what if he is outside when i get home", False),
        ("he'd be outside my house if he knew where i lived", False),
    ],
)
def test_someone_there_now_with_a_question_written_after_it_without_a_comma(text: str, danger: bool) -> None:
    assert _has(text, "danger_now") is danger


@pytest.mark.parametrize(
    "text",
    [
        "My neighbour has been leaving nasty comments on my facebook. He is outside mowing his lawn right now "
        "and keeps staring at my window.",
        "is it possible hes on his way here",
        "I found a tracker in my bag. Is it possible he is following me with this?",
    ],
)
def test_the_second_opinion_reads_those_as_the_rules_do(text: str) -> None:
    """With the learned second opinion: a question or a chore is asked about, not an emergency."""
    assessment = assess(text, None, None, with_knowledge=False)
    assert assessment.risk != "emergency"
    assert assessment.needs_safety_check


@pytest.mark.parametrize(
    "text, danger",
    [
        ("Last year my ex turned up at 2am, banging on the door and screaming my name. I remember the shadow.", False),
        ("twice he's been standing at the bus stop across from my flat when i leave in the morning", False),
        ("He has come to my flat two times without invitation, once with flowers.", False),
        ("someone made a fake insta of me and is following everyone from my school", False),
        ("i blocked him on insta and now hes following my spotify playlists lol", False),
        ("she is watching all my socials, every single story", False),
        ("my ex is following my linkedin posts now", False),
        ("hes following my car right now", True),
        ("someone is following my daughter home right now", True),
        ("we broke up last week, hes outside banging on the door", True),
        ("hes knocked on my door twice in the last ten minutes", True),
        ("hes outside. hes knocked three times", True),
        ("last night he sent a photo of my office with 'see you at 5'. It's 4:40 now and I'm scared to leave.", True),
        ("he is in the area and will pop by for old times' sake this afternoon", True),
        ("someone is following me home", True),
    ],
)
def test_a_past_dated_or_counted_visit_is_not_danger_now(text: str, danger: bool) -> None:
    assert _has(text, "danger_now") is danger


@pytest.mark.parametrize(
    "text, tracked",
    [
        ("Is it OK to have Life360 on my 12 year old? She knows about it and we talked it through.", False),
        ("me and my bf share locations on find my, both ways, we set it up together. is that toxic?", False),
        ("My son wants a phone. Should I put Life360 on it? He's 11.", False),
        ("how do i check if theres spyware on my android", False),
        ("turn off snapmap?", False),
        ("A man from the café found my personal Facebook and messages me every few days", False),
        ("how do i check if my ex put a tracker on my car", True),
        ("my ex put life360 on my phone without me knowing", True),
        ("my husband tracks my phone, we both know it, but he turns up wherever i go", True),
        ("my ex and i shared locations both ways back then, now he still sees where i am and turns up", True),
        ("he found my phone and turned on find my friends", True),
        ("me and my boyfriend share locations on find my, we both turned it on when we moved in", False),
        ("my gf checks my location on snap map all the time but we both share and i check hers too", False),
    ],
)
def test_location_shared_openly_or_asked_about_is_not_tracking(text: str, tracked: bool) -> None:
    assert _has(text, "tracking") is tracked


@pytest.mark.parametrize(
    "text, threat",
    [
        ("my mate said hes gonna kill me if i dont give him back his controller by friday lmao", False),
        ("flatmate said hell kill me if i eat his leftovers again lmaooo", False),
        ('my friend texted "im literally going to kill you" bc i spoiled the finale 😂', False),
        ("my ex said he'd kill me lol", True),
        ("he said he's going to kill me lol im actually scared", True),
        ("guy in cod lobby said hes gonna find me and kill me. prob nothing", True),
    ],
)
def test_a_reported_kill_me_laughed_off_is_a_figure_of_speech(text: str, threat: bool) -> None:
    assert _has(text, "threat_violence") is threat


@pytest.mark.parametrize(
    "text, showed_up",
    [
        ("Banned him from our Discord, he turned up in my Twitch chat, blocked there", False),
        ("whenever I ban his account another shows up", False),
        ("theres a redditor whos been following me from sub to sub for months", False),
        ("he turned up at my work yesterday", True),
        ("he messaged me on insta then showed up at my door", True),
        ("he keeps turning up outside my house", True),
    ],
)
def test_turning_up_in_a_chat_or_a_subreddit_is_online(text: str, showed_up: bool) -> None:
    assert _has(text, "showed_up") is showed_up


@pytest.mark.parametrize(
    "text, weapon",
    [
        ("My husband is in the kitchen with the big knife doing onions, so I can't ask him", False),
        ("someone commented that my knife skills should be a crime lol", False),
        ("he grabbed a knife from the kitchen", True),
        ("he was cleaning his gun and said it would be a shame if something happened to me", True),
        ("I'm scared, he's chopping onions with a knife and staring at me", True),
    ],
)
def test_a_knife_in_everyday_cooking_is_no_weapon(text: str, weapon: bool) -> None:
    assert _has(text, "weapon") is weapon


@pytest.mark.parametrize(
    "text, danger",
    [
        ("Just got a message from him. One word: 'outside'.", True),
        ("He knows my address. Tonight, from yet another account: 'landed at Heathrow, coming to yours x'.", True),
        ("he texted 'on my way to yours'", True),
        ("i texted him 'on my way to work'", False),
        ("my mum texted 'on my way to pick you up'", False),
        ("last year he wrote 'landed, coming to yours'", False),
        ("My friend sent me a meme. 'outside' lol", False),
    ],
)
def test_a_message_quoted_after_the_sentence_that_says_who_sent_it(text: str, danger: bool) -> None:
    assert _has(text, "danger_now") is danger


@pytest.mark.parametrize(
    "text, classification, risk",
    [
        (
            "Weird email from 'Anonymous' threatening to send my browsing history to my employer unless I pay. "
            "No name, no employer named, sent to undisclosed recipients.",
            "unclear",
            "standard",
        ),
        ("my ex sent the same message to all my friends saying he'll post my nudes unless i pay him", None, "high"),
    ],
)
def test_a_scam_sent_to_many_is_no_abuse_aimed_at_the_user(text: str, classification: str | None, risk: str) -> None:
    """With the learned second opinion: the script of a message sent to many raises nothing."""
    assessment = assess(text, None, None, with_knowledge=False)
    assert assessment.risk == risk
    if classification:
        assert assessment.classification == classification
    else:
        assert assessment.classification != "unclear"


def test_scam_theatre_others_got_word_for_word_is_not_someone_outside() -> None:
    text = (
        "WhatsApp from an unknown number: 'We are outside your house, pay the outstanding loan or our men will "
        "come in.' I never took any loan. My cousin got the same message word for word."
    )
    assert assess(text, None, None, with_knowledge=False).risk != "emergency"
    assert not _has(text, "danger_now")


@pytest.mark.parametrize(
    "text",
    [
        "my wife put Life360 on my phone in case I have a fall. I don't mind her knowing where I am.",
        "my bf put life360 on my phone and i dont mind tbh",
        "our CEO asks everyone to keep location sharing on in Slack",
    ],
)
def test_location_shared_with_the_users_agreement_or_by_everyone_is_not_tracking(text: str) -> None:
    """Not by the rules, and not by the learned second opinion reading the same words: what the rules
    explained away stays explained."""
    assert "location_tracking" not in assess(text, None, None, with_knowledge=False).flags


def test_sharing_the_user_did_not_agree_to_is_still_tracking() -> None:
    got = _assess("he put life360 on my phone without asking, i dont mind him knowing but he turns up everywhere")
    assert "location_tracking" in got.flags


@pytest.mark.parametrize(
    "text", ["can someone see my location if we share a netflix account", "could anyone track me through snapmap?"]
)
def test_asking_whether_anyone_could_see_the_users_location_is_not_tracking(text: str) -> None:
    assert not _has(text, "tracking")


@pytest.mark.parametrize(
    "text",
    ["can someone help, my ex is tracking my phone", "can someone track my phone, my ex always knows where i am"],
)
def test_a_plea_or_a_question_about_someone_tracking_the_user_is_still_tracking(text: str) -> None:
    assert _has(text, "tracking")


def test_self_harm_long_ago_with_the_person_well_again_is_not_self_harm_risk() -> None:
    text = (
        "Two years ago, when the posts about me were everywhere, I took an overdose. I'm doing much better now, "
        "I've had counselling and the posts are gone."
    )
    got = _assess(text)
    assert "self_harm_risk" not in got.flags
    assert got.risk != "emergency"
    assert _has(text, "past_self_harm")


@pytest.mark.parametrize(
    "text",
    [
        "I took an overdose last week. I'm doing better now",  # recent: still at risk
        "Last year I tried to kill myself because of him. Now he's messaging me again and I feel the same way",
        "two years ago i tried to end it. its all starting again and i want to die",
    ],
)
def test_self_harm_recent_or_not_said_to_be_over_is_still_self_harm_risk(text: str) -> None:
    assert "self_harm_risk" in _assess(text).flags


@pytest.mark.parametrize(
    "text",
    [
        "this group project is killing me, my teammate keeps messaging at 2am about the slides",
        "Honestly the amount of emails from my ex about the dog is murdering my sleep. Not threatening, just endless.",
        "a kid in my fortnite lobby said hes gonna stab me and hes in my year at school. im 13",
        "then two weeks ago he drove to my parents house, which is an hour away, to drop off a form",
        "twice hes been waiting outside at closing when im locking up",
        "She thought she was being paranoid until an AirTag turned up under the seat of her car this weekend.",
    ],
)
def test_figures_of_speech_classmates_distances_and_things_are_not_danger_now(text: str) -> None:
    assert not _has(text, "danger_now")


@pytest.mark.parametrize(
    "text",
    [
        "please i need help now im not safe i cant explain",
        "my husband is killing me please help",
        "now he write me he is landing in vancouver and he come to me today, he know where i live",
        "ex broke in. im locked in the bathroom",
        "my ex just sent a pic of a knife on his dashboard next to my street sign. im home with the door locked",
        "he just turned up at my door",
    ],
)
def test_pleas_attacks_and_arrivals_told_plainly_are_danger_now(text: str) -> None:
    assert _assess(text).risk == "emergency"


@pytest.mark.parametrize(
    "text, signal",
    [
        ("I've had about 30 people DMing me rape threats", "threat_violence"),
        ("a man asked him to send pictures with no clothes on 'to prove he's real'", "sexual_harassment"),
        ("he checks my google maps timeline every night", "tracking"),
    ],
)
def test_threats_sexual_requests_and_tracking_said_other_ways(text: str, signal: str) -> None:
    assert _has(text, signal)


def test_a_timeline_that_is_not_a_map_is_not_tracking() -> None:
    assert not _has("Posted a transition timeline on reddit and it got crossposted to some hate sub", "tracking")


@pytest.mark.parametrize(
    "text", ["i want to die, i sent that to the wrong chat 😭😭", "ugh i want to die, i just replied-all with a meme"]
)
def test_wanting_to_die_of_an_everyday_embarrassment_is_a_figure_of_speech(text: str) -> None:
    assert "self_harm_risk" not in assess(text, None, None, with_knowledge=False).flags


@pytest.mark.parametrize(
    "text", ["i want to die, everyone at school saw the pics he posted", "i want to die", "i want to die, he hates me"]
)
def test_wanting_to_die_beside_abuse_or_alone_is_self_harm_risk(text: str) -> None:
    assert "self_harm_risk" in _assess(text).flags


@pytest.mark.parametrize(
    "text",
    [
        "'we know where you live' email + btc link, no name. ontario. real?",
        "got an email saying 'we know where u live' and to send bitcoin or else. me n my friend both got it",
        "email says we know where you live, pay 0.1 btc. it doesnt say my name, just 'hello dear'",
    ],
)
def test_a_scare_line_in_a_bulk_crypto_email_is_scam_theatre(text: str) -> None:
    got = assess(text, None, None, with_knowledge=False)
    assert (got.classification, got.risk) == ("unclear", "standard")


def test_a_crypto_demand_from_someone_the_user_knows_is_still_a_threat() -> None:
    got = assess(
        "my ex emailed saying he knows where i live and wants 500 in bitcoin or he'll come round",
        None,
        None,
        with_knowledge=False,
    )
    assert got.risk in ("high", "emergency")


@pytest.mark.parametrize(
    "text, relationship",
    [
        ("we used to be online friends, now he makes a new account every time i block him", None),
        ("we used to be together and now he wont stop texting", "ex_partner"),
        ("a guy posted our chat on one of those 'are we dating the same guy' pages", None),
        ("we dated for a year and now he wont stop texting", "ex_partner"),
        ("we broke up in may and she keeps posting about me", "ex_partner"),
    ],
)
def test_what_they_used_to_be_says_whether_they_were_a_couple(text: str, relationship: str | None) -> None:
    assert extract_facts(text).relationship == relationship


@pytest.mark.parametrize(
    "text",
    [
        "a man stood outside my house for like 20 mins tonight, i dont know him. hes gone now. no messages or anything.",
        "someone was banging on my door for ages, he drove off about ten minutes ago",
        # taken by the police: over, whatever was told before or after without "now"
        "The police are here now, they've got him in the back of their car. My neighbour rang them when she saw"
        " him climbing over my side gate. He's been texting me nonstop since I left him. I'm okay.",
        "The police came and he's been taken away in the van. They said he'll be held overnight. It was six"
        " weeks of calls and texts from my ex-husband and him sitting outside my work before tonight.",
        "he was hammering on my door screaming. they arrested him about ten minutes ago",
    ],
)
def test_a_scene_the_account_says_is_over_is_asked_about_not_an_emergency(text: str) -> None:
    got = assess(text, None, None, with_knowledge=False)
    assert got.risk != "emergency"
    assert got.needs_safety_check is not None


@pytest.mark.parametrize(
    "text",
    [
        "he was outside my house and he left. now hes back outside",
        "he drove off but he just texted he's coming back",
        "the man keeps messaging asking why he's gone quiet and hes outside my house right now",
        "He was arrested in 2019. He is outside my house right now.",
        "they arrested him last month. now he's outside again",
        "he's outside my door. the police arrested him but he got out on bail",
        "He got arrested, he's outside my house right now banging on the door",
        "police took him away but they let him go and he's back outside my flat",
        # a detention told as history is no end of a scene now
        "he's been arrested before and now he's outside my door",
        "He has been arrested twice for assault and he is outside my flat now",
        "he got arrested last year, now hes outside my house banging on the door",
        "he was held overnight once. hes at my door now",
    ],
)
def test_a_scene_that_is_not_over_is_still_an_emergency(text: str) -> None:
    assert assess(text, None, None, with_knowledge=False).risk == "emergency"


def test_asking_how_to_know_whether_anyone_tracks_the_user_is_not_tracking() -> None:
    assert not _has("how do i know if someone is tracking my phone", "tracking")


@pytest.mark.parametrize(
    "text",
    [
        '- Tuesday he was waiting by my car at 5pm in the staff lot, said he "just wanted closure"',
        "My roommate says he's just trying to scare me. Should I tell the police?",
        "It's following a bunch of men from my area and has been sending them flirty messages",
        "I have a life now. I have a partner and a dog and a garden.",
    ],
)
def test_a_past_visit_a_quoted_just_others_followed_and_things_owned_are_not_danger_now(
    text: str,
) -> None:
    assert not _has(text, "danger_now")


@pytest.mark.parametrize(
    "text", ["there's a man in a van parked outside my house", "hes trying to get in", "hes following me right now"]
)
def test_someone_there_now_told_as_a_state_is_danger_now(text: str) -> None:
    assert _has(text, "danger_now")


@pytest.mark.parametrize(
    "text, relationship",
    [
        ("My husband says it's just a scam and everyone gets them.", None),
        ("It's hundreds of DMs a day now. My partner says turn the phone off but I use it for work.", None),
        ("my boyfriend says switch my account to private", None),
        ("my husband says stop talking to your friends or else", "partner"),
        ("I don't have any exes who'd do this, my ex and I are fine.", None),
        ("my husband says he will kill me", "partner"),
        ("my husband told me he would kill me", "partner"),
        ("my ex and I split and he keeps texting", "ex_partner"),
        ("The ex is messaging my new fella on Facebook, telling him stuff about me", "ex_partner"),
        ("The ex-patient who's been emailing me love letters is in the waiting room", None),
        ("my husband wants me to share my location all the time", "partner"),  # what he wants is control
        ("my husband says I'm worthless and reads my messages", "partner"),
    ],
)
def test_a_partner_giving_advice_or_on_good_terms_is_not_the_one_doing_it(text: str, relationship: str | None) -> None:
    assert extract_facts(text).relationship == relationship


@pytest.mark.parametrize(
    "text",
    [
        "A coworker posts memes about me in the team chat. My wife Jen says talk to HR.",
        "A boy in his year posts videos mocking my son (14). My husband wants to report it to the police.",
        "Someone made a fake account of me. My partner Alex is helping me keep records.",
        "my friends made a chat without me. my mum says I should just ask them",
        "My mom wants me to come home after the Discord memes.",
    ],
)
def test_a_partner_or_parent_named_wanting_something_done_or_helping_is_not_the_one_doing_it(text: str) -> None:
    """Long forum posts name the people standing by ("My partner Jamie says report it"); read as the
    actor, they had made 'stalking by a partner' (high) of a coworker's memes or a parcel scam."""
    assert extract_facts(text).relationship not in ("partner", "family")


@pytest.mark.parametrize(
    "text",
    [
        "I can't stop thinking about it and I dread going back in",  # the user's own unrest
        "me and six guys from school have had a group chat since year 8",  # a school year
        "he posted one photo of me from 2 years ago",  # a date, not how long
    ],
)
def test_the_users_own_unrest_and_a_school_year_are_not_repeated_contact(text: str) -> None:
    assert not _has(text, "repeated_contact")


def test_someone_who_cant_stop_messaging_is_still_repeated_contact() -> None:
    assert _has("he can't stop messaging me", "repeated_contact")


def test_the_user_watching_someone_at_their_place_is_still_danger_now() -> None:
    """(A rule that read the user's own -ing words as no scene lost an emergency of this kind.)"""
    assert _has("im watching him through the window, hes standing at my door", "danger_now")


@pytest.mark.parametrize(
    "text",
    [
        "he posted my photo and the clinic's name saying 'this is the nurse who killed my father'",  # done, not threatened
        "my wife's brother posted on Facebook that I beat my wife, with my office address",  # the user's act, alleged
        "the man next door put my house number on the village page saying I poisoned his cat",
    ],
)
def test_violence_told_as_done_or_alleged_of_the_user_is_no_threat(text: str) -> None:
    assert not _has(text, "threat_violence")


@pytest.mark.parametrize(
    "text",
    ["he texted that I'll get stabbed", "he said he'd kill me", "she said she will have you killed"],
)
def test_violence_to_come_is_still_a_threat(text: str) -> None:
    assert _has(text, "threat_violence")


@pytest.mark.parametrize(
    "text",
    [
        "a gym guy messaged me every day and turned up at my work twice. he got banned and I never heard from him again",
        "the man next door texted me every time I left the house. I moved in 2019 and he never found my new place",
    ],
)
def test_stalking_that_ended_is_told_as_ended(text: str) -> None:
    assert _has(text, "story_ended")


def test_turning_up_that_ended_years_ago_is_stalking_at_medium_not_high() -> None:
    """Turning up is high while it goes on; told as over ("never heard from him again"), it is history."""
    text = (
        "a gym guy messaged me every day and turned up at my work twice. he got banned and I never heard from him again"
    )
    assessment = _assess(text)
    assert (assessment.classification, assessment.risk) == ("cyberstalking", "medium")


def test_a_threat_line_with_a_link_to_click_sent_to_colleagues_too_is_a_scam() -> None:
    text = (
        "an email says 'I know where you live and I'm watching you' and asks me to click a link. "
        "a colleague got the exact same one"
    )
    assessment = _assess(text)
    assert assessment.classification == "unclear" and assessment.risk == "standard"


def test_lies_told_to_the_people_around_the_user_are_not_contact_to_reach_them() -> None:
    """The rubric's stalking sign is contacting family, friends or an employer *to reach or watch the
    user*; telling them lies about the user is harassment (defamation)."""
    assert not _has(
        "she has been emailing my husband and my boss saying I stole money from the club", "third_party_contact"
    )
    assert _has("he keeps messaging my sister asking where I live now", "third_party_contact")


@pytest.mark.parametrize(
    "text",
    [
        "boys in my class airdrop pictures of my boobs that they edited on to a model, its not even me. im 15",
        "theres a pic going around our grade's group chat and its me with no top on. im 14",
        "a boy in her class keeps sending my granddaughter rude pictures of himself on Snapchat. she is 13",
    ],
)
def test_a_child_and_sexual_pictures_in_plain_words_is_high_risk(text: str) -> None:
    """The rubric's table: a minor and sexual images is high. Told as 'pictures of my boobs', 'me with
    no top on' or 'rude pictures of himself', it had been read as standard."""
    assessment = _assess(text)
    assert "minor_involved" in assessment.flags and assessment.risk == "high"


def test_a_picture_of_the_user_at_the_beach_is_not_an_intimate_image() -> None:
    assert not _has("he posted a photo of my body at the beach on his story", "intimate_images")


@pytest.mark.parametrize(
    "text",
    [
        "random guys on voice chat make rape jokes at me the second they hear im a girl. every single game",
        "a lad in the office keeps posting memes about Travellers in the work group and tagging me",
        "my team lead made a meme of me with my dark skin and put it in the team Slack as 'night mode'",
    ],
)
def test_abuse_aimed_at_who_the_user_is_told_sideways_is_hate_based(text: str) -> None:
    assessment = _assess(text)
    assert "hate_based" in assessment.flags and assessment.risk == "medium"


@pytest.mark.parametrize(
    "text, relationship",
    [
        # named where nothing is done to the user, beside the one doing it
        (
            "A random guy I have never met posted my personal mobile on TikTok. Hundreds of calls since. "
            "My wife Jess has been answering the business line.",
            "stranger",
        ),
        # the only one named, told apart from what is done ("It's my ex. He keeps texting.")
        ("It's my husband. He reads every message on my phone.", "partner"),
        # named where it is done
        ("my boyfriend checks my phone every night and a girl from work keeps messaging me", "partner"),
    ],
)
def test_a_partner_named_where_nothing_is_done_does_not_outrank_the_one_doing_it(text: str, relationship: str) -> None:
    assert extract_facts(text).relationship == relationship


@pytest.mark.parametrize(
    "text", ["one of me is in a nice group shot and she won't take it down", "the photo shoot pics"]
)
def test_a_group_shot_or_a_photo_shoot_is_no_weapon(text: str) -> None:
    assert not _has(text, "weapon")


def test_a_video_of_the_user_on_a_website_is_no_showing_up() -> None:
    assert not _has("Found a video of me on a porn site, uploaded by my ex", "showed_up")
    assert _has("someone took a video of me on the train and sent it to me", "showed_up")


@pytest.mark.parametrize(
    "text",
    [
        "im going to tell my mum tonight",
        "im going to the police tonight",
        "I'm going to block him tonight",
        "we are going to report it now",
        "im gonna call the helpline tomorrow",
        "i will screenshot his messages tonight",
    ],
)
def test_the_users_own_plan_to_get_help_is_no_danger(text: str) -> None:
    """With the learned second opinion, which read "im going to ... tonight" as a plan to hurt oneself."""
    assessment = assess(text, None, None, with_knowledge=False)
    assert assessment.risk != "emergency"
    assert "self_harm_risk" not in assessment.flags
    assert assessment.needs_safety_check is None


@pytest.mark.parametrize(
    "text",
    [
        "im going to do it tonight",
        "i'm going to end it tonight",
        "im going to take all my pills tonight",
        "im going to tell my mum goodbye and then end it tonight",
    ],
)
def test_a_plan_to_hurt_oneself_is_still_an_emergency(text: str) -> None:
    assessment = assess(text, None, None, with_knowledge=False)
    assert assessment.risk == "emergency"
    assert "self_harm_risk" in assessment.flags


@pytest.mark.parametrize(
    "text",
    [
        "my step dad keeps msging me on snap saying he knows wat i did and hes going to tell mum",
        "she says she'll show my boss the screenshots if i dont reply",
        "he keeps texting that hes gonna tell my wife everything",
    ],
)
def test_a_threat_to_expose_the_user_is_a_threat_but_not_of_violence(text: str) -> None:
    assert _has(text, "threat_nonspecific")
    assert "threats_of_violence" not in assess(text, None, None, with_knowledge=False).flags


@pytest.mark.parametrize(
    "text", ["im going to tell my mum tonight", "if he texts again im gonna tell my dad", "we'll show her dad"]
)
def test_the_users_own_plan_to_tell_their_people_is_no_threat(text: str) -> None:
    assert not _has(text, "threat_nonspecific")


@pytest.mark.parametrize("text", ["gonna block him tonight after tea", "going to tell my mum tonight"])
def test_a_plan_with_its_subject_left_out_is_still_the_users_own(text: str) -> None:
    assert assess(text, None, None, with_knowledge=False).risk != "emergency"


@pytest.mark.parametrize("text", ["hes outside", "he is on his way", "someone is following me", "hes breaking in"])
def test_short_danger_now_is_still_an_emergency(text: str) -> None:
    assert assess(text, None, None, with_knowledge=False).risk == "emergency"


@pytest.mark.parametrize(
    "text, danger",
    [
        ("my mum is here with me", False),
        ("the police are here with me now", False),
        ("my friends are with me now", False),
        ("my ex is here with me", True),
        ("someone is outside and my mum is with me", True),
        ("my mum is here", True),
    ],
)
def test_someone_the_user_trusts_there_with_them_is_company(text: str, danger: bool) -> None:
    assert _has(text, "danger_now") is danger


@pytest.mark.parametrize(
    "text, asked", [("he found me", True), ("shes found me again", True), ("he found me on insta", False)]
)
def test_someone_who_has_found_the_user_is_asked_about(text: str, asked: bool) -> None:
    assessment = _assess(text)
    assert (assessment.needs_safety_check == "someone has found where you are") is asked


def test_telling_the_users_parent_is_not_doxxing() -> None:
    assert not _has("he keeps threatening to tell my dad", "doxxing")
    assert _has("he posted my home address", "doxxing")


@pytest.mark.parametrize(
    "text", ["i dont feel safe", "i feel unsafe at home", "i'm not safe", "im scared to leave the house"]
)
def test_saying_they_do_not_feel_safe_is_asked_about(text: str) -> None:
    assert _assess(text).needs_safety_check == "you said you don't feel safe"


@pytest.mark.parametrize("text", ["i feel safe now", "im not scared of him"])
def test_feeling_safe_is_not_asked_about(text: str) -> None:
    assert _assess(text).needs_safety_check is None


@pytest.mark.parametrize(
    "text",
    [
        "hes got a knife",
        "she's holding a hammer",
        "help he wont let me leave the flat",
        "hes on my bus right behind me",
    ],
)
def test_a_weapon_in_hand_being_held_or_on_the_same_bus_is_danger_now(text: str) -> None:
    assert _has(text, "danger_now")


def test_guns_kept_at_home_are_a_risk_not_danger_now() -> None:
    assert not _has("He's got guns in the house. I left today.", "danger_now")


@pytest.mark.parametrize(
    "text",
    [
        "the razor is next to me",
        "im going to jump off the bridge by the station",
        "i wont be here tomorrow, i have everything i need",
        "took all my pills with vodka",
    ],
)
def test_self_harm_told_by_its_means_or_place_is_self_harm_now(text: str) -> None:
    assessment = _assess(text)
    assert assessment.risk == "emergency" and "self_harm_risk" in assessment.flags


def test_told_to_go_home_as_a_foreigner_is_hate_based() -> None:
    got = assess(
        "my neighbour keeps posting on Nextdoor that I'm a drug dealer and a 'foreigner who should go home'",
        None,
        None,
        with_knowledge=False,
    )
    assert "hate_based" in got.flags and got.risk == "medium"


@pytest.mark.parametrize(
    ("text", "tracked"),
    [
        ("my sister just sent me her live location because she's driving up to help me", False),
        ("my ex is tracking her live location, she is 14", True),
    ],
)
def test_someone_sending_their_own_location_is_no_tracking(text: str, tracked: bool) -> None:
    assert extract_facts(text, learned=False).has("tracking") is tracked


@pytest.mark.parametrize(
    ("text", "emergency"),
    [
        ("is blocking him enough?", False),  # blocking online, not a door
        ("i keep blocking him but he makes new accounts", False),
        ("he's blocking the door and wont let me out", True),
        ("hes blocking me from leaving", True),
        ("He told me to expect him by 9. It's 8:20. Please, what do I do", True),  # an arrival told as expected
        ("he texted 'expect me at 9'", True),
        ("he said i should expect him at christmas", False),
        ("My neighbour flies his drone over our garden most weekends and has now posted a clip of my wife.", False),
        # read as danger now on fresh accounts (probe set wxc), each no scene now
        (
            "this guy keeps finding me after i block him. now hes saying his dad has a rifle and he knows what state im in",
            False,
        ),
        ("Last night there were flowers on her doorstep with a card in his handwriting, just 'Missed you'.", False),
        ("I think he got the address from the electoral register or from following me home.", False),
        ("now people are emailing my boss, calling reception, and leaving one-star reviews", False),
        # an online venue, not a place someone is at (three train and probe accounts had been emergencies)
        ("Someone is messaging my customers pretending to be me and asking them to pay outside the platform.", False),
        ("A man in the Facebook group of my building write that he will kill me and my dog", False),
        ("is it legal for him to post my rent arrears on the building facebook group with my flat number", False),
        # what they do, not a message a moment ago (a 13-year-old's account had been an emergency)
        ("girls in my form made a snapchat group about me and they just post pics of me and laugh at them", False),
        # ... while these stay danger now
        ("he says he has a gun and he's outside", True),
        ("he just texted he's bringing the bat now", True),
        ("hes following me home right now", True),
        ("there's someone on my doorstep right now", True),
        ("he's been outside for ten minutes now", True),
        ("he's at reception right now asking for me", True),
        ("someone in the building chat says he's waiting outside my flat right now", True),
        ("they are waiting outside the group home for me right now", True),
        ("he is outside right now, texting me on whatsapp", True),
        ("they just posted a photo of my window", True),
        ("he just text me a pic of my front door", True),
    ],
)
def test_danger_words_read_for_what_they_say(text: str, emergency: bool) -> None:
    """Blocking, expecting, weekends, an owned weapon, things left, calls to a place: scene now or not."""
    assert (assess(text, None, None, with_knowledge=False).risk == "emergency") is emergency, text


def test_a_person_who_says_they_are_safe_where_they_are_is_asked_not_sent_to_the_emergency_line() -> None:
    """The learned opinion read danger now in "my ex strangled me in the spring and since I left he's been
    messaging my mum"; the person had said they were safe in a refuge."""
    text = (
        "I'm writing from a refuge, I'm safe, the staff are here. My ex strangled me in the spring and since I left"
        " he's been messaging my mum and my friends on Facebook trying to find out where I am. He doesn't know"
        " where I am. My support worker said to ask you about getting his posts about me taken down."
    )
    got = assess(text, None, None, with_knowledge=False)
    assert got.risk == "high" and got.needs_safety_check is not None
    told_now = "I'm safe at my mum's now but he's outside her door right now banging on it"
    assert assess(told_now, None, None, with_knowledge=False).risk == "emergency"


@pytest.mark.parametrize(
    ("text", "risk"),
    [
        # thoughts of not being here, with the negation part of the words (it had undone them)
        ("my friends made a new group chat without me. i dont really see the point of being here anymore tbh", "high"),
        ("i do not see any point in living", "high"),
        ("i dont see the point of being in this group chat anymore", "standard"),
        ("i don't see the point in reporting it", "standard"),
        # a sentence served for what was done to the user is past violence by a former partner
        ("My ex is getting out of prison next month. He was in for what he did to me in 2021.", "high"),
        # the act named ("for hitting me"), not going on: no emergency
        ("my ex went to jail for hitting me and now he messages me from new numbers", "high"),
        ("he is sorry for hitting me but he's hitting me again now", "emergency"),
    ],
)
def test_self_harm_past_violence_and_named_acts(text: str, risk: str) -> None:
    assert assess(text, None, None, with_knowledge=False).risk == risk, text


def test_now_after_a_long_duration_tells_how_long_not_now() -> None:
    """ "For months now he has been posting ... the bus stop from my window": no scene now for the rules."""
    text = (
        "For months now he has been posting on the village Facebook page that I'm a pervert who watches the"
        " children at the bus stop from my window."
    )
    assert not extract_facts(text, learned=False).has("danger_now")
    assert extract_facts("he's been outside my house for ten minutes now", learned=False).has("danger_now")


def test_doubting_ones_safety_is_not_saying_one_is_safe() -> None:
    text = "i dont think im safe. my ex strangled me in the spring and hes been messaging my mum trying to find out where i am"
    assert assess(text, None, None, with_knowledge=False).risk == "emergency"
    assert extract_facts("he told me i need to kill myself", learned=False).has("told_to_self_harm")


@pytest.mark.parametrize(
    "text",
    [
        "my mum makes me keep life360 on and she checks it when im out. im 15. is that even allowed?",
        "my mum makes me keep life360 on and she texts 'why are u at jakes' every time. im 14",
    ],
)
def test_a_parent_keeping_a_young_teens_location_on_in_the_open_is_not_tracking(text: str) -> None:
    result = assess(text, with_knowledge=False)
    assert "location_tracking" not in result.flags and "account_compromise" not in result.flags


def test_a_parents_monitoring_kept_from_the_child_is_no_open_oversight() -> None:
    assert extract_facts("my mum put life360 on my phone, im 14").has("parental_oversight")
    assert not extract_facts("my dad put an app on my phone without telling me, im 15").has("parental_oversight")


@pytest.mark.parametrize(
    ("text", "classification"),
    [
        ("my mum checks my phone every night and she knows my passcode. im 13. is that allowed?", "unclear"),
        ("my boyfriend checks my phone every night and he knows my passcode. im 13.", "cyberstalking"),
    ],
)
def test_a_parent_checking_a_young_teens_phone_openly_is_oversight_not_stalking(text: str, classification: str) -> None:
    got = assess(text, with_knowledge=False)
    assert got.classification == classification
    assert (got.risk == "standard") is (classification == "unclear")
