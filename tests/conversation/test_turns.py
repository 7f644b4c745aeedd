"""The conversation's turn rules, without Rasa: what a reply sets, when to ask again, what to say."""

from __future__ import annotations

from typing import Any

import pytest

from bot.conversation import replies
from bot.conversation.answers import place
from bot.conversation.control import SESSION_END, from_gateway
from bot.conversation.questions import QUESTION_SLOTS, Safety, phrase
from bot.conversation.turns import (
    LONG_REPLY_CHARS,
    MAX_ASKS,
    adds_to_account,
    assessment_turn,
    brush_off_response,
    emergency_safety,
    extend_account,
    give_up_on,
    looks_like_an_account,
    merge_found_slots,
    next_question,
    nlu_danger,
    payment_demand_answer,
    place_in_request,
    read_answer,
    safety_texts,
    take_account,
)

UNREADABLE_LONG = " ".join(["purple"] * 20)  # longer than LONG_REPLY_CHARS and tells us nothing


def slots(**values: Any) -> dict[str, Any]:
    return dict(values)


# merge_found_slots: one merge for the account and for replies to questions.


def test_merge_fills_only_empty_slots() -> None:
    found = {"relationship": "ex_partner", "threats": "yes", "frequency": "repeated"}
    current = {"relationship": "stranger", "threats": "", "frequency": None}
    assert merge_found_slots(found, current, None, correcting=False) == {"threats": "yes", "frequency": "repeated"}


def test_merge_correction_overrides_earlier_answers() -> None:
    found = {"jurisdiction": "CA-ON", "relationship": "ex_partner"}
    current = {"jurisdiction": "US-TX", "relationship": "stranger"}
    assert merge_found_slots(found, current, None, correcting=True) == found


def test_merge_leaves_the_asked_slot_to_the_reply_reader() -> None:
    found = {"relationship": "ex_partner", "location_known": "knows"}
    assert merge_found_slots(found, {}, "relationship", correcting=False) == {"location_known": "knows"}
    assert merge_found_slots(found, {}, "relationship", correcting=True) == {"location_known": "knows"}


def test_merge_ignores_what_is_not_a_question() -> None:
    assert merge_found_slots({"account": "x", "threats": "yes"}, {}, None, correcting=False) == {"threats": "yes"}


def test_merge_bare_country_during_a_question_sets_only_the_country() -> None:
    assert merge_found_slots({"jurisdiction": "US"}, {}, "threats", correcting=False) == {"country": "US"}
    # Correcting inside the form keeps today's behaviour: the country changes, the jurisdiction is left as it was.
    england = {"jurisdiction": "GB-ENG"}
    assert merge_found_slots({"jurisdiction": "US"}, england, "threats", correcting=True) == {"country": "US"}
    assert merge_found_slots({"jurisdiction": "US"}, england, "threats", correcting=False) == {}


def test_merge_bare_country_in_the_account_also_sets_the_jurisdiction() -> None:
    found, england = {"jurisdiction": "US"}, {"jurisdiction": "GB-ENG"}
    assert merge_found_slots(found, {}, None, correcting=False) == {"country": "US", "jurisdiction": None}
    # A correction uses the country's law until the state is known.
    assert merge_found_slots(found, england, None, correcting=True) == {"country": "US", "jurisdiction": "US"}
    assert merge_found_slots(found, england, None, correcting=False) == {}


def test_merge_keeps_the_order_found() -> None:
    found = {"jurisdiction": "US", "relationship": "ex_partner", "threats": "yes"}
    merged = merge_found_slots(found, {}, None, correcting=False)
    assert list(merged) == ["country", "jurisdiction", "relationship", "threats"]


# The account.


def test_extend_account() -> None:
    assert extend_account(None, "first") == "first"
    assert extend_account("first", "second") == "first\nsecond"
    assert extend_account("first", "") == "first"
    assert extend_account("abcdef", "ghi", limit=5) == "f\nghi"


def test_only_long_replies_add_to_the_account() -> None:
    assert not adds_to_account("x" * LONG_REPLY_CHARS)
    assert adds_to_account("x" * (LONG_REPLY_CHARS + 1))


def test_take_account_acknowledges_and_fills_what_it_says() -> None:
    text = "my ex keeps messaging me after I blocked him, I live in Leeds"
    outcome = take_account(text, slots(), "describe_situation")
    assert outcome.slots["jurisdiction"] == "GB-ENG" and outcome.slots["relationship"] == "ex_partner"
    assert next(iter(outcome.slots)) == "account" and outcome.say == "acknowledge" and not outcome.safety.urgent


def test_take_account_keeps_the_newest_characters() -> None:
    outcome = take_account("and now he calls at night", slots(account="earlier words"), limit=10)
    assert outcome.slots["account"] == "s at night"


def test_take_account_after_the_assessment_is_a_quiet_correction() -> None:
    outcome = take_account("actually I live in the United States", slots(jurisdiction="GB-ENG", assessed=True))
    assert outcome.say is None
    assert outcome.slots["country"] == "US" and outcome.slots["jurisdiction"] == "US"


def test_take_account_puts_safety_first_then_goes_on() -> None:
    outcome = take_account("he is outside my house right now, I live in Texas", slots(), "describe_situation")
    assert outcome.safety.danger_now and outcome.say == "acknowledge"
    assert list(outcome.slots)[-1] == "emergency_shown" and outcome.place == "US-TX"


def test_a_hunch_of_danger_from_the_nlu_asks_whether_the_person_is_safe() -> None:
    ranking = [{"name": "describe_situation", "confidence": 0.55}, {"name": "emergency", "confidence": 0.4}]
    outcome = take_account(
        "please I need help, he is really scary", slots(), "describe_situation", nlu_danger=nlu_danger(ranking)
    )
    assert not outcome.safety.urgent and outcome.slots["safety_check"]
    assert next_question(outcome.slots) == "safe_now"
    assert nlu_danger([{"name": "emergency", "confidence": 0.1}]) is None


def test_possible_danger_asks_whether_the_person_is_safe_first() -> None:
    outcome = take_account("I found a tracker on my car this morning", slots(), "describe_situation")
    assert not outcome.safety.urgent and outcome.slots["safety_check"]
    assert next_question({**outcome.slots}) == "safe_now"
    assert next_question({**outcome.slots, "safe_now": "yes"}) == "jurisdiction"
    assert "safety_check" not in take_account("someone keeps commenting on my posts", slots()).slots


def test_a_reply_only_the_learned_reading_calls_danger_asks_whether_the_person_is_safe() -> None:
    """ "walking the dog rn" typed instead of an answer: the second opinion read it as danger now (0.64) by
    its shape; the conversation asks rather than shows the emergency numbers, and asks once."""
    outcome = read_answer("relationship", "walking the dog rn", slots(jurisdiction="GB-ENG"))
    assert outcome is not None and not outcome.safety.urgent
    assert outcome.slots["safety_check"] and "emergency_shown" not in outcome.slots
    assert next_question({**slots(jurisdiction="GB-ENG"), **outcome.slots}) == "safe_now"
    asked = slots(jurisdiction="GB-ENG", safety_check="asked before", safe_now="yes")
    again = read_answer("relationship", "walking the dog rn", asked)
    assert again is not None and "safety_check" not in again.slots


# Replies to the questions.


def test_readable_reply_sets_the_answer() -> None:
    outcome = read_answer("threats", "yes", slots())
    assert outcome is not None and outcome.slots == {"threats": "yes"} and outcome.say is None and not outcome.unread


def test_unreadable_reply_asks_again_then_moves_on() -> None:
    first = read_answer("threats", "purple", slots(), asked=1)
    assert first is not None and first.slots == {"threats": None}
    assert first.say == "not_understood" and first.unread
    last = read_answer("threats", "purple", slots(), asked=MAX_ASKS)
    assert last is not None and last.slots == {"threats": "unknown"} and last.say is None


def test_long_unreadable_reply_joins_the_account_and_is_thanked_for_not_misunderstood() -> None:
    outcome = read_answer("threats", UNREADABLE_LONG, slots(account="before"))
    assert outcome is not None and outcome.slots == {"account": f"before\n{UNREADABLE_LONG}", "threats": None}
    assert outcome.say == "story_noted"


def test_the_story_told_instead_of_a_place_is_thanked_for_and_kept_then_asked_again() -> None:
    """A walk through the widget: the story came as the reply to "Where do you live?" and the question
    came back with no word that it had been heard."""
    story = "I'm 14 and a boy from school shared a photo of me in the group chat and everyone is laughing"
    outcome = read_answer("jurisdiction", story, slots(account="hello"))
    assert outcome is not None and outcome.slots["jurisdiction"] is None and story in outcome.slots["account"]
    assert (
        outcome.say == "story_noted"
        and outcome.said() == "Thank you for telling me. I've added that to what you've told me."
    )


def test_reply_about_something_else_keeps_the_question_open_but_not_forever() -> None:
    outcome = read_answer("threats", "my ex did it", slots())
    assert (
        outcome is not None
        and outcome.slots == {"relationship": "ex_partner", "threats": None}
        and outcome.say == "answer_noted"
    )
    again = read_answer("threats", "my ex did it", slots(), asked=MAX_ASKS)
    assert again is not None and again.slots == {"relationship": "ex_partner", "threats": "unknown"}


def test_reply_takes_extra_facts_and_corrections() -> None:
    outcome = read_answer("relationship", "my ex, and he knows where I work", slots(location_known="no"))
    assert outcome is not None and outcome.slots == {"relationship": "ex_partner"}
    outcome = read_answer("relationship", "my ex, and he knows where I work", slots(location_known="no"), "correct")
    assert outcome is not None and outcome.slots == {"location_known": "knows", "relationship": "ex_partner"}


def test_country_with_states_asks_for_the_state() -> None:
    outcome = read_answer("jurisdiction", "United States", slots())
    assert outcome is not None and outcome.slots == {"country": "US", "jurisdiction": None} and outcome.say is None


def test_the_same_country_again_is_unreadable() -> None:
    outcome = read_answer("jurisdiction", "United States", slots(country="US"))
    assert outcome is not None and outcome.slots == {"jurisdiction": None} and outcome.say == "not_understood"


def test_skipping_the_state_uses_the_country() -> None:
    assert read_answer("jurisdiction", "skip", slots(country="US")).slots == {"jurisdiction": "US"}
    assert read_answer("jurisdiction", "skip", slots()).slots == {"jurisdiction": "unknown"}
    assert read_answer("jurisdiction", "Texas", slots(country="US")).slots == {"jurisdiction": "US-TX"}


def test_danger_after_the_country_was_tapped_gives_that_countrys_number() -> None:
    """'United States' tapped, then danger at the state question: 911, not every country's number."""
    outcome = read_answer("jurisdiction", "wait hes literally outside my house rn", slots(country="US"))
    assert outcome is not None and outcome.safety.urgent and outcome.place == "US"
    (text,) = safety_texts(outcome.place, outcome.safety, ask_if_safe=False)
    assert "call 911 now" in text and "000" not in text


def test_urgent_reply_comes_first_and_is_not_a_failure() -> None:
    outcome = read_answer("threats", "he's at my door right now", slots(jurisdiction="GB-ENG"))
    assert outcome is not None and outcome.safety.urgent and outcome.place == "GB-ENG" and outcome.say is None
    assert next(iter(outcome.slots)) == "emergency_shown" and outcome.slots["threats"] is None


# Buttons, digressions and the limit on asking.


@pytest.mark.parametrize(
    ("slot", "value", "words"),
    [
        ("jurisdiction", "GB-ENG", "goodbye"),
        ("threats", "no", "yes please"),
        ("relationship", "stranger", "my ex"),
    ],
)
def test_a_tapped_button_sets_exactly_its_value_whatever_the_words(slot: str, value: str, words: str) -> None:
    outcome = read_answer(slot, words, slots(), "goodbye", choice=(slot, value))
    assert outcome is not None and outcome.slots == {slot: value} and outcome.say is None


def test_tapping_a_country_with_states_opens_the_state_question_and_skip_keeps_the_country() -> None:
    country = read_answer("jurisdiction", "", slots(), choice=("jurisdiction", "US"))
    assert country is not None and country.slots == {"country": "US", "jurisdiction": None}
    skipped = read_answer("jurisdiction", "", slots(country="US"), choice=("jurisdiction", "unknown"))
    assert skipped is not None and skipped.slots == {"jurisdiction": "US"}


@pytest.mark.parametrize("answer", ["no", "unknown"])
def test_not_safe_or_not_sure_means_emergency_steps_first(answer: str) -> None:
    tapped = read_answer("safe_now", "", slots(), choice=("safe_now", answer))
    assert tapped is not None and tapped.safety.danger_now and tapped.slots["emergency_shown"] is True
    typed = read_answer("safe_now", {"no": "nope", "unknown": "not sure"}[answer], slots())
    assert typed is not None and typed.safety.danger_now and typed.slots["safe_now"] == answer
    safe = read_answer("safe_now", "", slots(), choice=("safe_now", "yes"))
    assert safe is not None and not safe.safety.urgent


ACCOUNT_WITH_WORKPLACE = "my ex keeps making new accounts and he commented the name of the cafe where i work"


def test_answers_that_make_danger_possible_ask_whether_the_person_is_safe_next() -> None:
    """A workplace named in the story, then "yes, they threatened me" tapped: "Are you safe right now?" comes next."""
    before = slots(account=ACCOUNT_WITH_WORKPLACE, location_known="knows")
    tapped = read_answer("threats", "", before, choice=("threats", "yes"))
    assert tapped is not None and tapped.slots["threats"] == "yes" and tapped.slots["safety_check"]
    assert next_question({**before, **tapped.slots}) == "safe_now"
    typed = read_answer("threats", "yes he said he would hurt me", before)
    assert typed is not None and typed.slots["safety_check"]


def test_answers_alone_ask_too_and_a_no_does_not() -> None:
    """Tapped answers only ("they know where I am", then a threat), with a story that says neither."""
    known = slots(account="someone keeps messaging me", location_known="knows")
    assert read_answer("threats", "", known, choice=("threats", "yes")).slots["safety_check"]  # type: ignore[union-attr]
    denied = read_answer("threats", "", known, choice=("threats", "no"))
    assert denied is not None and "safety_check" not in denied.slots
    no_place = slots(account="someone keeps messaging me", location_known="no")
    assert "safety_check" not in read_answer("threats", "", no_place, choice=("threats", "yes")).slots  # type: ignore[union-attr]


def test_answers_do_not_ask_twice_or_after_the_emergency_number() -> None:
    asked = slots(account=ACCOUNT_WITH_WORKPLACE, location_known="knows", safety_check="why", safe_now="yes")
    assert read_answer("threats", "", asked, choice=("threats", "yes")).slots == {"threats": "yes"}  # type: ignore[union-attr]
    shown = slots(account=ACCOUNT_WITH_WORKPLACE, location_known="knows", emergency_shown=True)
    assert read_answer("threats", "", shown, choice=("threats", "yes")).slots == {"threats": "yes"}  # type: ignore[union-attr]


def test_a_misread_intent_is_still_an_answer_when_the_words_are_one() -> None:
    outcome = read_answer("jurisdiction", "United States", slots(), "goodbye")
    assert outcome is not None and outcome.slots == {"country": "US", "jurisdiction": None}


@pytest.mark.parametrize("intent", ["faq", "goodbye", "chitchat", "out_of_scope"])
def test_a_digression_that_is_no_answer_is_left_to_the_rules(intent: str) -> None:
    assert read_answer("threats", "is this confidential?", slots(), intent) is None


@pytest.mark.parametrize("intent", ["stop", "start_over", "delete_data", "emergency", "self_harm"])
def test_control_intents_always_go_to_the_rules(intent: str) -> None:
    assert read_answer("threats", "yes", slots(), intent) is None


def test_after_a_digression_the_question_comes_back_at_most_once() -> None:
    assert give_up_on("threats", 1, slots()) is None
    given_up = give_up_on("threats", MAX_ASKS, slots())
    assert given_up is not None
    assert given_up.slots == {"threats": "unknown"}
    assert not given_up.safety.urgent


def test_thanks_for_the_answer_to_an_aside_does_not_use_up_the_last_ask() -> None:
    """ "is this private?", then "thanks": "Have they threatened you?" had been dropped unanswered."""
    assert give_up_on("threats", MAX_ASKS, slots(), "thank") is None
    given_up = give_up_on("threats", MAX_ASKS + 1, slots(), "thank")  # but thanks again and again do not hold it open
    assert given_up is not None and given_up.slots == {"threats": "unknown"}
    assert give_up_on("threats", MAX_ASKS, slots(), "chitchat") is not None


def test_the_safety_question_left_unanswered_gets_the_emergency_steps() -> None:
    """Two asides instead of an answer to "Are you safe right now?": as if "I'm not sure" was tapped."""
    given_up = give_up_on("safe_now", MAX_ASKS, slots(jurisdiction="GB-ENG", safety_check="why"))
    assert given_up is not None
    assert given_up.slots == {"safe_now": "unknown", "emergency_shown": True}
    assert given_up.safety.danger_now and given_up.place == "GB-ENG"
    assert next_question({**slots(jurisdiction="GB-ENG", safety_check="why"), **given_up.slots}) is None


def test_a_safety_question_twice_not_understood_gets_the_emergency_steps() -> None:
    state = slots(jurisdiction="IE", safety_check="why")
    first = read_answer("safe_now", "hmm", state, asked=1)
    assert first is not None and first.say == "not_understood" and not first.safety.urgent
    second = read_answer("safe_now", "hmm", state, asked=MAX_ASKS)
    assert second is not None and second.unread
    assert second.slots["safe_now"] == "unknown" and second.slots["emergency_shown"] is True
    assert second.safety.danger_now and second.place == "IE"


def test_another_question_twice_not_understood_moves_on_without_alarm() -> None:
    second = read_answer("threats", "hmm", slots(jurisdiction="IE"), asked=MAX_ASKS)
    assert second is not None and second.slots["threats"] == "unknown"
    assert "emergency_shown" not in second.slots and not second.safety.urgent


def test_next_question_goes_in_order_and_ends() -> None:
    assert next_question({}) == "jurisdiction"
    assert next_question({"jurisdiction": "US-TX", "relationship": "unknown"}) == "frequency"
    everything = dict.fromkeys(QUESTION_SLOTS, "unknown")
    assert next_question(everything) is None
    assert next_question({"safety_check": "why", "emergency_shown": True}) == "jurisdiction"


def test_after_the_emergency_number_only_the_place_is_asked_then_the_help_comes() -> None:
    assert next_question({"emergency_shown": True}) == "jurisdiction"
    assert next_question({"emergency_shown": True, "jurisdiction": "unknown"}) is None
    assert next_question({"emergency_shown": True, "jurisdiction": "GB-ENG"}) is None
    assert next_question({"jurisdiction": "GB-ENG"}) == "relationship"


# Safety.


@pytest.mark.parametrize(
    ("text", "intent", "danger", "self_harm"),
    [
        ("help he's here", "emergency", True, False),
        ("I want to die", "self_harm", False, True),
        ("please", "self_harm", False, True),
        ("please", "emergency", True, False),
        ("please", "greet", True, False),  # the emergency action without a reason: danger
    ],
)
def test_emergency_safety(text: str, intent: str, danger: bool, self_harm: bool) -> None:
    safety = emergency_safety(text, intent)
    assert (safety.danger_now, safety.self_harm) == (danger, self_harm)


def test_safety_texts_danger_asks_if_it_is_safe_to_keep_talking() -> None:
    asked = safety_texts("US-TX", Safety(True, False, False), ask_if_safe=True)
    quiet = safety_texts("US-TX", Safety(True, False, False), ask_if_safe=False)
    assert len(asked) == len(quiet) == 1 and asked[0].startswith("If you are in danger right now, call 911")
    assert asked[0].endswith("keep talking on this device?") and asked[0].startswith(quiet[0])
    assert "keep talking" not in quiet[0]
    assert "988" not in asked[0]  # the crisis line is for self-harm, not for someone at the door


def test_safety_texts_self_harm_gets_a_crisis_line_only() -> None:
    texts = safety_texts("US-NY", Safety(False, True, False))
    assert len(texts) == 1 and "988" in texts[0]
    assert len(safety_texts("US-NY", Safety(True, True, True))) == 2


def test_safety_texts_without_safety_is_danger_now() -> None:
    texts = safety_texts(None, None)
    assert len(texts) == 1 and "911" in texts[0] and "999" in texts[0]


def test_assessment_turn_emergency_first_unless_already_shown() -> None:
    account = {"account": "he is outside my door right now", "jurisdiction": "AU-NSW"}
    turn = assessment_turn(account)
    assert turn.assessment.risk == "emergency" and turn.emergency_first and turn.messages
    assert not assessment_turn({**account, "emergency_shown": True}).emergency_first


def test_an_assessment_that_finds_what_the_last_one_did_is_said_in_a_line() -> None:
    """Something added after the assessment ("he hit me once last year" when it was already high) had the
    whole assessment, laws and steps sent again, word for word."""
    first = assessment_turn(
        slots(account="my ex keeps texting me from new numbers after i blocked him", jurisdiction="GB-ENG")
    )
    assert not first.unchanged and len(first.messages) > 1
    again = assessment_turn(
        slots(
            account="my ex keeps texting me from new numbers after i blocked him. so annoying",
            jurisdiction="GB-ENG",
            assessed=True,
            assessed_as=first.found,
        )
    )
    assert again.unchanged and len(again.messages) == 1
    assert "doesn't change what I found" in again.messages[0] and "cyberstalking" in again.messages[0]


def test_the_laws_or_helplines_asked_for_again_after_the_assessment_are_given_again() -> None:
    """ "what are the laws?" after the assessment had been met with "Thank you for telling me. It doesn't
    change what I found ... The contacts, laws and next steps I gave you above still apply."."""
    account = "my ex keeps texting me from new numbers after i blocked him"
    first = assessment_turn(slots(account=account, jurisdiction="GB-ENG"))
    after = slots(account=account, jurisdiction="GB-ENG", assessed=True, assessed_as=first.found)
    laws = assessment_turn(after, asked="ask_laws")
    assert laws.unchanged and len(laws.messages) == 1
    assert (
        laws.messages[0].startswith("Laws that may apply in England")
        and "Protection from Harassment" in laws.messages[0]
    )
    helplines = assessment_turn(after, asked="ask_contacts")
    assert helplines.messages[0].startswith("Who can help in England") and "Thank you" not in helplines.messages[0]
    assert "doesn't change what I found" in assessment_turn(after, asked="describe_situation").messages[0]


def test_an_answer_to_another_question_is_thanked_for_before_the_question_comes_back() -> None:
    """ "im 15" to "Where do you live?" kept the age, and the question came back with no word about it, as
    if the reply had not been read."""
    outcome = read_answer("jurisdiction", "im 15", slots(account="they keep posting pics of me in the group chat"))
    assert outcome is not None and outcome.slots == {"under_18": "yes", "jurisdiction": None}
    assert outcome.say == "answer_noted" and replies.reply("answer_noted") == "Thank you, I've noted that."
    unread = read_answer("relationship", "purple", slots(account="they keep posting pics of me in the group chat"))
    assert unread is not None and unread.say == "not_understood"


def test_going_to_the_police_asked_after_the_assessment_gets_how_reporting_works_there() -> None:
    """ "should i go to the police?" after the assessment had been given the laws again (the NLU's nearest
    intent), and "how do i report it to the police" the helplines, neither answering it."""
    account = "my ex keeps texting me from new numbers after i blocked him"
    first = assessment_turn(slots(account=account, jurisdiction="GB-ENG"))
    after = slots(account=account, jurisdiction="GB-ENG", assessed=True, assessed_as=first.found)
    reporting = assessment_turn(after, asked="ask_reporting")
    assert reporting.unchanged and len(reporting.messages) == 1
    text = reporting.messages[0]
    assert text.startswith("Reporting to the police is your choice. You can report whenever you are ready")
    assert "Who can help in England:\n• Police non-emergency number: 101" in text and "999" in text
    assert "Laws that may apply" not in text and "doesn't change what I found" not in text
    in_texas = slots(account=account, jurisdiction="US-TX", assessed=True)
    in_texas["assessed_as"] = assessment_turn(slots(account=account, jurisdiction="US-TX")).found
    texas = assessment_turn(in_texas, asked="ask_reporting").messages[0]
    assert "your local police's non-emergency line or website" in texas
    assert "Who can help in Texas:\n• Emergency services (police, fire, ambulance): 911" in texas


def test_should_i_pay_them_is_answered_do_not_pay_before_and_after_the_assessment() -> None:
    """A 16-year-old told to pay $500 or their nudes go to their family asked "should i just pay them" and
    was told "Yes, it's free" (the NLU's nearest intent was the question whether this service costs)."""
    before = payment_demand_answer(slots(account="someone says they'll send my nudes to my family unless i pay"))
    after = payment_demand_answer(slots(assessed=True))
    for text in (before, after):
        assert text.startswith("This is a crime against you, and it is not your fault. Stop replying and do not pay")
        assert "paying usually leads to more demands" in text and "Yes" not in text
    assert 'under "Who can help"' in after and 'under "Who can help"' not in before  # not shown yet


def test_an_assessment_changed_by_what_was_added_is_given_in_full_and_says_so() -> None:
    first = assessment_turn(slots(account="someone keeps posting mean comments on my photos", jurisdiction="GB-ENG"))
    changed = assessment_turn(
        slots(
            account="someone keeps posting mean comments on my photos. now they posted my home address",
            jurisdiction="GB-ENG",
            assessed=True,
            assessed_as=first.found,
        )
    )
    assert not changed.unchanged and changed.found != first.found
    assert changed.messages[0] == replies.reply("assessment_changed") and len(changed.messages) > 2


# Fixed lines and control messages.


def test_fixed_lines_and_buttons() -> None:
    assert replies.reply("forgotten").startswith("Done. I've deleted what you told me in this conversation.")
    assert "start again" in replies.reply("forgotten")  # the way back in, after a deletion
    assert replies.reply("stop").startswith("Okay, I'll stop here.")
    assert phrase("not_understood") == replies.reply("not_understood")
    assert "not your fault" in replies.reply("acknowledge")
    assert replies.buttons("after_assessment") == [
        {"title": "Share with a helpline worker", "payload": "/share_case"},
        {"title": "Start over", "payload": "/start_over"},
        {"title": "I'm done", "payload": "/stop"},
    ]
    replies.buttons("after_assessment").clear()  # callers get a copy
    assert replies.buttons("after_assessment")
    with pytest.raises(KeyError):
        replies.reply("buttons")


def test_session_end_control_message() -> None:
    assert SESSION_END == "/session_end"
    assert from_gateway("/session_end") and not from_gateway("delete my data")


# Never brushing off an account.


@pytest.mark.parametrize(
    ("text", "story"),
    [
        ("my ex keeps messaging me from new numbers", True),
        ("someone made a fake profile of me and posts as me", True),
        ("he posted my address online", True),
        ("what's the weather going to be like tomorrow", False),
        ("tell me a joke", False),
        ("<script>alert(1)</script>", False),
        ("", False),
    ],
)
def test_a_story_is_recognised_whatever_the_nlu_said(text: str, story: bool) -> None:
    assert looks_like_an_account(text) is story


def test_messages_that_are_no_story_get_the_usual_short_reply() -> None:
    assert brush_off_response("out_of_scope") == "utter_out_of_scope"
    assert brush_off_response("chitchat") == "utter_chitchat"
    assert brush_off_response("nlu_fallback") == "utter_default"
    # After the assessment small talk is not asked for the story again.
    assert brush_off_response("chitchat", assessed=True) == "utter_chitchat_after_assessment"
    assert brush_off_response("out_of_scope", assessed=True) == "utter_out_of_scope"


def test_a_request_that_names_the_place_answers_where_they_live() -> None:
    assert place_in_request("who can i call? im in scotland", {}) == {"jurisdiction": "GB-SCT"}
    assert place_in_request("what laws apply in texas?", {}) == {"jurisdiction": "US-TX"}
    assert place_in_request("who can help me", {}) == {}
    assert place_in_request("who can i call? im in scotland", {"jurisdiction": "IE"}) == {}, "a given place stands"


@pytest.mark.parametrize(
    "text",
    [
        "sorry what do you mean",
        "What do you mean?",
        "huh?",
        "i dont understand",
        "wdym",
        "wat does that mean",  # had got the glossary of terms, typed by a 14-year-old at the state question
        "wut do u mean??",
        "i dont get what u mean",
    ],
)
@pytest.mark.parametrize("intent", ["faq", "out_of_scope", "describe_situation"])
def test_asking_what_a_question_means_gets_it_explained_and_asked_again(text: str, intent: str) -> None:
    """It had got the glossary of terms ("sorry what do you mean" read as a question about words)."""
    for slot in [*QUESTION_SLOTS, "safe_now"]:
        outcome = read_answer(slot, text, slots(), intent)
        assert outcome is not None and outcome.slots == {slot: None} and not outcome.safety.urgent, slot
        assert outcome.say == f"explain_{slot}" and replies.reply(outcome.say).startswith("I'm asking"), slot


def test_a_question_about_what_a_word_means_is_still_left_to_the_rules() -> None:
    assert read_answer("threats", "what does doxxing mean", slots(), "faq") is None


def test_where_they_live_told_while_another_question_is_open_is_noted() -> None:
    """'im in belfst' after tapping United States and skipping the state: where they live now, said
    back so they can see it, and the open question comes again."""
    outcome = read_answer("frequency", "im in belfst", slots(jurisdiction="US", country="US"))
    assert outcome is not None and outcome.slots["jurisdiction"] == "GB-NIR" and outcome.slots["frequency"] is None
    assert outcome.said() == "Thank you. I've noted where you live: Northern Ireland."
    assert outcome.place == "GB-NIR"


@pytest.mark.parametrize(
    "text, recorded, now",
    [
        ("i live in vancouver actually", "CA-ON", "CA-BC"),  # Vancouver, Washington is in another country
        ("actually im in portland now", "US-TX", None),  # Oregon or Maine: both in the US, still ambiguous
        ("im in perth", "AU-NSW", "AU-WA"),
    ],
)
def test_a_city_two_countries_share_is_read_in_the_country_already_known(
    text: str, recorded: str, now: str | None
) -> None:
    """A correction names a city, not its country: after Toronto, "Vancouver" is British Columbia.
    It had been read as no place at all, so the old province's laws were given again, silently."""
    after = take_account(text, slots(jurisdiction=recorded, assessed=True), "correct")
    assert after.slots.get("jurisdiction") == now
    during = read_answer("frequency", text, slots(jurisdiction=recorded))
    assert (during is not None and during.slots.get("jurisdiction")) == now or (now is None and during is None)
    assert place(text, recorded.split("-")[0]) == now


@pytest.mark.parametrize(
    "text, recorded, now",
    [
        ("houston tx", {"jurisdiction": "US", "country": "US"}, "US-TX"),  # the state question skipped
        ("newcastle nsw", {}, "AU-NSW"),  # no place yet
        ("Dallas", {"jurisdiction": "US-CA"}, None),  # a state already recorded: maybe where *they* are
        ("my ex", {"jurisdiction": "US", "country": "US"}, None),
    ],
)
def test_a_bare_place_typed_to_another_question_is_where_they_live_when_it_says_more(
    text: str, recorded: dict, now: str | None
) -> None:
    """'houston tx' typed to "Does the person know where you live?" after skipping the state question
    had got "Sorry, I didn't catch that" and Texas's laws were never given."""
    outcome = read_answer("location_known", text, slots(**recorded))
    noted = outcome is not None and outcome.say == "place_noted"
    assert (outcome.slots["jurisdiction"] if noted and outcome else None) == now
    if now:
        assert outcome is not None and outcome.slots["location_known"] is None  # the question comes again


@pytest.mark.parametrize(
    "text, recorded",
    [
        ("im in belfast", "GB-NIR"),  # the place already recorded
        ("my sister lives in Leeds and she saw it", None),  # someone else's place
        ("im in the US", None),  # a country whose law differs by state: the place question is for that
    ],
)
def test_a_place_told_out_of_turn_that_changes_nothing_is_not_noted(text: str, recorded: str | None) -> None:
    outcome = read_answer("frequency", text, slots(jurisdiction=recorded))
    assert outcome is None or outcome.say != "place_noted"


@pytest.mark.parametrize(
    "text, country, said",
    [
        ("Vancouver", None, 'Is that Vancouver in British Columbia or Washington? You can type it, or say "skip".'),
        ("birmingham", None, 'Is that Birmingham in England, Alabama or Michigan? You can type it, or say "skip".'),
        ("i live in portland", None, "There are several places called Portland. Which state or country is yours?"),
        ("Portland", "US", "There's more than one Portland in the United States."),
    ],
)
def test_a_place_several_share_is_asked_about_not_guessed_or_misunderstood(
    text: str, country: str | None, said: str
) -> None:
    """ "Vancouver" as where they live had got "Sorry, I didn't catch that" and a bare "portland" had
    been read as Oregon: now they are asked which, and nothing is guessed."""
    outcome = read_answer("jurisdiction", text, slots(country=country))
    assert outcome is not None and outcome.slots["jurisdiction"] is None and outcome.unread
    assert (outcome.said() or "").startswith(said)
    assert outcome.slots.get("country", country) == country


def test_a_place_several_share_in_one_country_opens_its_state_question() -> None:
    """A Kansas City is in Missouri or Kansas: the US is noted and "Which state?" comes next."""
    outcome = read_answer("jurisdiction", "kansas city", slots())
    assert outcome is not None and outcome.slots == {"jurisdiction": None, "country": "US"}
    assert outcome.said() == "There's more than one Kansas City in the United States."
    assert next_question({**slots(), **outcome.slots}) == "jurisdiction"


def test_saying_help_was_called_after_an_emergency_gets_what_to_do_until_it_comes() -> None:
    """ "ok i called them" after danger had got "Thank you for telling me. It doesn't change what I found"."""
    account = "hes here banging on the window"
    first = assessment_turn(slots(account=account, jurisdiction="AU-NSW"))
    assert first.assessment.risk == "emergency"
    after = slots(account=f"{account}\nok i called them", jurisdiction="AU-NSW", assessed=True, assessed_as=first.found)
    called = assessment_turn(after, asked="describe_situation", said="ok i called them")
    assert called.unchanged and called.messages == [replies.reply("called_for_help")]
    assert called.messages[0].startswith("I'm glad you called for help")
    other = assessment_turn(after, asked="describe_situation", said="he is still there")
    assert "doesn't change what I found" in other.messages[0]
    calm = slots(account="someone keeps posting mean comments on my photos", jurisdiction="GB-ENG")
    standard = assessment_turn(
        {**calm, "assessed": True, "assessed_as": assessment_turn(calm).found}, said="i called them"
    )
    assert "doesn't change what I found" in standard.messages[0], "only after an emergency"


def test_saying_help_was_called_during_the_questions_after_danger_is_heard() -> None:
    """ "ok i called them" at the state question, after the emergency number, had got "Sorry, I didn't
    catch that"."""
    after_danger = slots(country="US", emergency_shown=True)
    outcome = read_answer("jurisdiction", "ok i called them", after_danger)
    assert outcome is not None and outcome.say == "called_for_help" and outcome.unread
    assert outcome.slots["jurisdiction"] is None
    calm = read_answer("jurisdiction", "ok i called them", slots(country="US"))
    assert calm is None or calm.say != "called_for_help"


@pytest.mark.parametrize(
    "slot, text, recorded, read",
    [
        # the yes or no belongs to the other topic: that is read, and the question asked comes again
        ("threats", "yes i blocked her heaps", None, {"asked_or_blocked": "blocked"}),
        ("fears_safety", "no she hasnt threatned me exactly", "yes", {"threats": "no"}),
        ("fears_safety", "yes he said he'd kill me", None, {"threats": "yes"}),
        ("threats", "he has my nudes", None, {"intimate_images": "yes"}),
        # a 74-year-old's replies, each typed for the question she expected next
        ("threats", "A little worried, yes.", None, {"fears_safety": "yes"}),
        ("safe_now", "No, I am 74.", None, {"under_18": "no"}),
        ("location_known", "I see. No, he has never threatened to hurt me.", None, {"threats": "no"}),
        ("fears_safety", "yes im 15", None, {"under_18": "yes"}),
    ],
)
def test_a_yes_or_no_about_another_question_is_read_for_it_and_the_question_asked_again(
    slot: str, text: str, recorded: str | None, read: dict[str, str]
) -> None:
    """ "yes i blocked her heaps" typed to "Have they threatened to hurt you?" (answering the question
    before) had recorded a threat, shown as "keeps threatening you: threat to hurt or kill (you
    answered yes)"; "no she hasnt threatned me exactly" to the fear question had recorded no fear; "A little
    worried, yes." to the threats question a threat; "No, I am 74." to "Are you safe right now?" the
    emergency number."""
    outcome = read_answer(slot, text, slots(threats=recorded))
    assert outcome is not None and outcome.slots[slot] is None and outcome.say == "answer_noted"
    assert {key: outcome.slots.get(key) for key in read} == read


@pytest.mark.parametrize(
    "slot, text, answer",
    [
        ("threats", "yes he threatened me and i blocked him", "yes"),
        ("under_18", "no but he sent me pics of my sister", "no"),
        ("fears_safety", "no not really, he blocked me lol", "no"),
        ("fears_safety", "not scared just want it to stop", "no"),
        ("intimate_images", "yes he threatens it every time I try to leave", "yes"),
        ("fears_safety", "yes. he threatened my kids", "yes"),
        ("threats", "yes", "yes"),
        ("threats", "He did, yes.", "yes"),
        ("location_known", "probably not, i never told him anything", "no"),
        # not safe, whatever else is said: only an age may take a "no" to "Are you safe right now?"
        ("safe_now", "no he's threatening me right now", "no"),
        ("safe_now", "no, i'm 15 and scared", "no"),
    ],
)
def test_a_yes_or_no_with_more_said_keeps_its_answer(slot: str, text: str, answer: str) -> None:
    outcome = read_answer(slot, text, slots())
    assert outcome is not None and outcome.slots[slot] == answer


@pytest.mark.parametrize(
    "text", ["what does sextortion mean", "What does stalking mean exactly?", "what do you mean by doxxing"]
)
def test_asking_what_a_word_means_at_a_question_is_left_to_the_glossary(text: str) -> None:
    """ "what does sextortion mean" at the location question had been read as images shared (the word names
    that abuse) and the question asked again with no answer to what was asked."""
    assert read_answer("location_known", text, slots(account="someone wants money from my son"), "faq") is None


def test_asking_what_a_word_means_then_telling_more_keeps_what_was_told() -> None:
    outcome = read_answer("location_known", "what does doxxing mean? he posted my address", slots(), "faq")
    assert outcome is not None and outcome.slots.get("location_known") == "knows"


def test_a_place_too_many_share_keeps_the_country_buttons() -> None:
    """ "im in springfield": too many places to list as buttons, so the usual country buttons stay
    (only Skip had been left)."""
    from bot.conversation.turns import place_question

    asked = place_question("my ex keeps texting me. im in springfield")
    assert asked is not None and asked["text"].startswith("There are several places called Springfield")
    assert [b["title"] for b in asked["buttons"]][:2] == ["United States", "United Kingdom"]
    perth = place_question("my ex keeps texting me. im in perth")
    assert perth is not None and [b["title"] for b in perth["buttons"]] == [
        "Western Australia",
        "Ontario",
        "Scotland",
        "Skip",
    ]
