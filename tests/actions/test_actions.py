"""Each custom action: a tracker in, events and messages out (no Rasa server needed)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.account import ActionHearOut, ActionTakeAccount
from actions.assessment import ActionAssess
from actions.form import ValidateSituationForm
from actions.greeting import ActionGreet
from actions.questions import AskQuestion
from actions.safety import ActionEmergency, ActionForget, ActionSafeToTalk, ActionStop
from bot.conversation import replies
from bot.conversation.buttons import choice_payload
from bot.conversation.questions import question_for

pytestmark = pytest.mark.asyncio


def tracker(
    text: str = "",
    intent: str = "describe_situation",
    slots: dict[str, Any] | None = None,
    active_loop: str | None = None,
    requested: str | None = None,
    *,
    entities: list | None = None,
    asked: int = 1,
    latest_action: str = "action_listen",
    ranking: list | None = None,
) -> Tracker:
    all_slots = {"requested_slot": requested, **(slots or {})}
    country = (slots or {}).get("country")
    question = question_for(requested, country)["text"] if requested else ""
    events = [{"event": "bot", "text": question}] * asked if requested else []
    events += [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text}]
    if latest_action != "action_listen":
        events.append({"event": "action", "name": latest_action})
    return Tracker(
        sender_id="test",
        slots=all_slots,
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.99},
            "entities": entities or [],
            "intent_ranking": ranking or [{"name": intent, "confidence": 0.99}],
        },
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name=latest_action,
    )


async def validate(t: Tracker, dispatcher: CollectingDispatcher | None = None) -> dict[str, Any]:
    """Run the form's validation as Rasa does; the slots it sets (requested_slot included)."""
    return sets(await ValidateSituationForm().run(dispatcher or CollectingDispatcher(), t, {}))


def sets(events: list) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_take_account_fills_what_the_account_says() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionTakeAccount().run(
        dispatcher, tracker("my ex keeps messaging me after I blocked him, I live in Leeds"), {}
    )
    filled = sets(events)
    assert filled["jurisdiction"] == "GB-ENG" and filled["relationship"] == "ex_partner"
    assert filled["asked_or_blocked"] == "blocked" and "my ex" in filled["account"]
    assert "not your fault" in dispatcher.messages[0]["text"]


async def test_take_account_asks_for_the_state_when_only_the_country_is_known() -> None:
    events = await ActionTakeAccount().run(
        CollectingDispatcher(), tracker("I'm in the USA and someone keeps texting me"), {}
    )
    filled = sets(events)
    assert filled["country"] == "US" and filled["jurisdiction"] is None


async def test_take_account_puts_safety_first() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionTakeAccount().run(dispatcher, tracker("he is outside my house right now, I live in Texas"), {})
    assert dispatcher.messages[0]["text"].startswith("If you are in danger right now, call 911")
    assert sets(events)["emergency_shown"] is True
    assert "not your fault" in dispatcher.messages[-1]["text"], "then the conversation goes on"


async def test_take_account_asks_whether_the_person_is_safe_when_only_the_nlu_hears_danger() -> None:
    dispatcher = CollectingDispatcher()
    ranking = [{"name": "describe_situation", "confidence": 0.6}, {"name": "emergency", "confidence": 0.35}]
    events = await ActionTakeAccount().run(dispatcher, tracker("please I need help, he scares me", ranking=ranking), {})
    assert sets(events)["safety_check"] and "911" not in dispatcher.messages[0]["text"]


async def test_correction_overrides_earlier_answers() -> None:
    events = await ActionTakeAccount().run(
        CollectingDispatcher(),
        tracker("actually I'm in Toronto", "correct", {"jurisdiction": "US-TX", "assessed": True}),
        {},
    )
    assert sets(events)["jurisdiction"] == "CA-ON"


async def test_form_validation_reads_a_reply_and_takes_extra_facts() -> None:
    t = tracker(
        "my ex, and he knows where I work", "describe_situation", active_loop="situation_form", requested="relationship"
    )
    result = await validate(t)
    assert result["relationship"] == "ex_partner" and result["location_known"] == "knows"
    assert result["requested_slot"] == "jurisdiction", "the next question still missing"


async def test_form_validation_state_question_after_country() -> None:
    t = tracker("United States", "describe_situation", active_loop="situation_form", requested="jurisdiction")
    result = await validate(t)
    assert result["country"] == "US" and result["jurisdiction"] is None and result["requested_slot"] == "jurisdiction"
    t = tracker("skip", "dont_know", {"country": "US"}, active_loop="situation_form", requested="jurisdiction")
    assert (await validate(t))["jurisdiction"] == "US"


async def test_form_validation_unreadable_reply_asks_again_then_moves_on() -> None:
    dispatcher = CollectingDispatcher()
    t = tracker("purple", "describe_situation", active_loop="situation_form", requested="threats", asked=1)
    first = await validate(t, dispatcher)
    assert first["threats"] is None and "didn't catch" in dispatcher.messages[0]["text"]
    t = tracker("purple", "describe_situation", active_loop="situation_form", requested="threats", asked=2)
    assert (await validate(t))["threats"] == "unknown"


async def test_form_validation_keeps_the_emergency_override() -> None:
    dispatcher = CollectingDispatcher()
    t = tracker(
        "he's at my door right now",
        "describe_situation",
        {"jurisdiction": "GB-ENG"},
        active_loop="situation_form",
        requested="threats",
    )
    result = await validate(t, dispatcher)
    assert "999" in dispatcher.messages[0]["text"] and result["emergency_shown"] is True


async def test_a_tapped_button_sets_exactly_its_value_whatever_the_nlu_said() -> None:
    tap = [{"entity": "choice", "value": "jurisdiction=US"}]
    t = tracker(
        '/describe_situation{"choice":"jurisdiction=US"}',
        "goodbye",
        active_loop="situation_form",
        requested="jurisdiction",
        entities=tap,
    )
    dispatcher = CollectingDispatcher()
    result = await validate(t, dispatcher)
    assert result["country"] == "US" and result["jurisdiction"] is None and dispatcher.messages == []


async def test_a_forged_choice_for_another_slot_or_value_is_not_taken() -> None:
    forged = [{"entity": "choice", "value": "assessed=true"}, {"entity": "choice", "value": "threats=maybe"}]
    t = tracker("hello", "describe_situation", active_loop="situation_form", requested="threats", entities=forged)
    result = await validate(t)
    assert "assessed" not in result and result["threats"] is None


async def test_a_digression_is_left_to_the_rules_and_the_question_comes_back_at_most_once() -> None:
    t = tracker("is this confidential?", "faq", active_loop="situation_form", requested="threats")
    assert await ValidateSituationForm().run(CollectingDispatcher(), t, {}) == []
    earlier = {
        slot: "unknown" for slot in ("jurisdiction", "relationship", "frequency", "asked_or_blocked", "location_known")
    }
    back = tracker(
        "is this confidential?",
        "faq",
        earlier,
        active_loop="situation_form",
        requested="threats",
        latest_action="utter_faq",
        asked=1,
    )
    assert (await validate(back)) == {"requested_slot": "threats"}, "asked again, once"
    again = tracker(
        "is this confidential?",
        "faq",
        earlier,
        active_loop="situation_form",
        requested="threats",
        latest_action="utter_faq",
        asked=2,
    )
    assert (await validate(again)) == {"threats": "unknown", "requested_slot": "fears_safety"}


async def test_activation_reads_nothing_and_asks_whether_the_person_is_safe_first() -> None:
    dispatcher = CollectingDispatcher()
    t = tracker(
        "I found a tracker on my car",
        "describe_situation",
        {"safety_check": "tracking"},
        active_loop="situation_form",
        latest_action="action_take_account",
    )
    result = await validate(t, dispatcher)
    assert result == {"requested_slot": "safe_now"} and dispatcher.messages == []


async def test_assessment_messages_have_laws_steps_and_contacts() -> None:
    dispatcher = CollectingDispatcher()
    slots = {
        "account": "my ex keeps messaging me every day after I blocked him and turned up at my work",
        "jurisdiction": "US-TX",
        "relationship": "ex_partner",
        "threats": "no",
        "under_18": "no",
    }
    events = await ActionAssess().run(dispatcher, tracker(slots=slots), {})
    texts = "\n".join(m["text"] for m in dispatcher.messages)
    assert "cyberstalking" in texts and "Laws that may apply in Texas" in texts and "Who can help" in texts
    assert "legal information, not legal advice" in texts and "Next steps" in texts
    assert dispatcher.messages[-1]["buttons"]
    assert SlotSet("assessed", True) in events


async def test_assessment_in_danger_starts_with_the_emergency_number() -> None:
    dispatcher = CollectingDispatcher()
    await ActionAssess().run(
        dispatcher, tracker(slots={"account": "he is outside my door right now", "jurisdiction": "AU-NSW"}), {}
    )
    assert dispatcher.messages[0]["text"].startswith("If you are in danger right now, call 000")
    offered = [b["title"] for b in dispatcher.messages[-1]["buttons"]]
    assert offered[0] == "Laws and more steps" and "Start over" in offered


async def test_the_laws_asked_for_after_an_emergency_are_not_offered_again() -> None:
    slots = {"account": "he is outside my door right now", "jurisdiction": "AU-NSW"}
    first = CollectingDispatcher()
    events = await ActionAssess().run(first, tracker(slots=slots), {})
    found = next(e["value"] for e in events if e.get("name") == "assessed_as")
    asked = CollectingDispatcher()
    after = tracker(slots={**slots, "assessed": True, "assessed_as": found}, intent="ask_laws")
    await ActionAssess().run(asked, after, {})
    texts = [m["text"] for m in asked.messages]
    assert any(t.startswith("Laws that may apply in New South Wales") for t in texts)
    assert "Laws and more steps" not in [b["title"] for b in asked.messages[-1]["buttons"]]


async def test_an_assessment_below_emergency_offers_no_laws_for_later() -> None:
    dispatcher = CollectingDispatcher()
    slots = {"account": "my ex keeps messaging me every day after I blocked him", "jurisdiction": "US-TX"}
    await ActionAssess().run(dispatcher, tracker(slots=slots), {})
    assert "Laws and more steps" not in [b["title"] for b in dispatcher.messages[-1]["buttons"]]


async def test_emergency_action_without_a_place_lists_numbers() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionEmergency().run(dispatcher, tracker("help he's here", "emergency"), {})
    assert "911" in dispatcher.messages[0]["text"] and "999" in dispatcher.messages[0]["text"]
    assert SlotSet("emergency_shown", True) in events
    asked = dispatcher.messages[-1]
    assert "safe" in asked["text"] and [b["payload"] for b in asked["buttons"]] == ["/affirm", "/deny"]


async def test_emergency_action_reads_the_place_in_the_same_words() -> None:
    """Danger told with where they are in one message ("... im in leeds"): that country's number."""
    dispatcher = CollectingDispatcher()
    said = "my ex keeps texting me from new numbers and now hes banging on my front door. im in leeds"
    await ActionEmergency().run(dispatcher, tracker(said, "emergency"), {})
    first = dispatcher.messages[0]["text"]
    assert first.startswith("If you are in danger right now, call 999") and "911" not in first


async def test_saying_help_was_called_after_the_emergency_number_gets_what_to_do_until_it_comes() -> None:
    """ "i called 999 they are coming" after an emergency assessment had got "call 999 now" again and "Is it
    safe for you to keep talking?": "they are coming" read as the danger itself."""
    dispatcher = CollectingDispatcher()
    slots = {"jurisdiction": "GB-ENG", "emergency_shown": True, "assessed": True}
    events = await ActionEmergency().run(dispatcher, tracker("i called 999 they are coming", "emergency", slots), {})
    assert [m["text"] for m in dispatcher.messages] == [replies.reply("called_for_help")]
    assert SlotSet("emergency_shown", True) not in events
    first = CollectingDispatcher()  # the number not given yet: it comes first, whatever else is said
    await ActionEmergency().run(
        first, tracker("i called 999 they are coming", "emergency", {"jurisdiction": "GB-ENG"}), {}
    )
    assert first.messages[0]["text"].startswith("If you are in danger right now, call 999")


async def test_safe_to_talk_after_the_assessment_does_not_ask_for_the_story_again() -> None:
    """ "Yes, I can keep talking" after danger typed past the assessment had got "When you're ready, tell me
    what's happening", as if nothing had been told."""
    dispatcher = CollectingDispatcher()
    slots = {"account": "he found me again", "assessed": True}
    events = await ActionSafeToTalk().run(dispatcher, tracker("/affirm", "affirm", slots), {})
    assert dispatcher.messages[0]["text"] == replies.reply("take_your_time_assessed")
    assert "tell me what's happening" not in dispatcher.messages[0]["text"]
    assert FollowupAction("action_offer_next") in events
    before = CollectingDispatcher()
    await ActionSafeToTalk().run(before, tracker("/affirm", "affirm", {}), {})
    assert before.messages[0]["text"] == replies.reply("take_your_time")


async def test_self_harm_gets_a_crisis_line() -> None:
    dispatcher = CollectingDispatcher()
    await ActionEmergency().run(dispatcher, tracker("I want to die", "self_harm", {"jurisdiction": "US-NY"}), {})
    assert any("988" in m["text"] for m in dispatcher.messages)


async def test_stop_and_forget() -> None:
    stopped = CollectingDispatcher()
    # "I've cleared what you told me" is true: a restart, which the tracker store forgets everything before.
    assert await ActionStop().run(stopped, tracker("stop", "stop"), {}) == [Restarted()]
    assert "cleared what you told me" in stopped.messages[0]["text"]
    dispatcher = CollectingDispatcher()
    assert await ActionForget().run(dispatcher, tracker("delete my data", "delete_data"), {}) == [Restarted()]
    assert dispatcher.messages
    quiet = CollectingDispatcher()
    await ActionForget().run(quiet, tracker("/session_end", "session_end"), {})
    assert quiet.messages == []


async def test_questions_come_with_buttons() -> None:
    from actions import questions

    ask = next(
        cls
        for cls in vars(questions).values()
        if isinstance(cls, type) and issubclass(cls, AskQuestion) and cls.slot == "relationship"
    )
    dispatcher = CollectingDispatcher()
    await ask().run(dispatcher, tracker(), {})
    assert ask().name() == "action_ask_relationship" and len(dispatcher.messages[0]["buttons"]) >= 5


async def test_a_story_misread_as_out_of_scope_is_heard_and_starts_the_questions() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionHearOut().run(
        dispatcher, tracker("my ex keeps texting me from new numbers", "out_of_scope"), {}
    )
    assert "not your fault" in dispatcher.messages[-1]["text"]
    assert sets(events)["relationship"] == "ex_partner"
    assert events[-1] == {"event": "followup", "name": "situation_form", "timestamp": None}
    brushed = CollectingDispatcher()
    assert await ActionHearOut().run(brushed, tracker("what is the weather tomorrow", "out_of_scope"), {}) == []
    assert brushed.messages[0]["response"] == "utter_out_of_scope"


@pytest.mark.parametrize(
    "text, intent, found",
    [
        ("yes im scared", "affirm", '("scared")'),
        ("not really, he said she'd be sorry if she told anyone", "deny", '("he said she\'d be sorry")'),
    ],
)
async def test_a_yes_or_no_with_more_to_it_after_the_assessment_is_heard_with_the_rest(
    text: str, intent: str, found: str
) -> None:
    """Both had got "Okay. I'm here if you need anything else", the fear and the threat to a 12-year-old
    left out of what was found."""
    account = "my daughter is 12 and some older boy on roblox keeps asking her for photos"
    before = {"account": account, "jurisdiction": "CA-ON"}
    first = await ActionAssess().run(CollectingDispatcher(), tracker(slots=before), {})
    slots = {**before, **sets(first)}
    events = await ActionHearOut().run(CollectingDispatcher(), tracker(text, intent, slots), {})
    assert text in sets(events)["account"] and account in sets(events)["account"]
    assert events[-1] == {"event": "followup", "name": "action_assess", "timestamp": None}
    again = CollectingDispatcher()
    await ActionAssess().run(again, tracker(text, intent, {**slots, **sets(events)}), {})
    said = "\n".join(m["text"] for m in again.messages if m.get("text"))
    assert said.startswith("Thank you for telling me more") and found in said, said


@pytest.mark.parametrize("text, intent", [("ok", "affirm"), ("no", "deny"), ("nope", "deny")])
async def test_a_bare_yes_or_no_after_the_assessment_gets_a_short_reply_and_no_menu(text: str, intent: str) -> None:
    dispatcher = CollectingDispatcher()
    slots = {"account": "someone keeps posting mean comments", "assessed": True}
    assert await ActionHearOut().run(dispatcher, tracker(text, intent, slots), {}) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]


@pytest.mark.parametrize(
    "text, intent",
    [
        ("well the thing is i still live with him. seperate rooms but same flat", "out_of_scope"),
        ("yes I have screenshots of all of it, around 300, going back to March", "goodbye"),
        ("no i never went to the police, i was too embarrassed", "deny"),
    ],
)
async def test_a_statement_after_the_assessment_is_taken_as_more_of_the_story(text: str, intent: str) -> None:
    """Each had been brushed off ("I'm sorry, I can't help with that", "Take care of yourself", "Okay. I'm
    here if you need anything else") after the assessment."""
    slots = {"account": "my ex keeps messaging me from new accounts", "jurisdiction": "IE", "assessed": True}
    events = await ActionHearOut().run(CollectingDispatcher(), tracker(text, intent, slots), {})
    assert text in sets(events)["account"]
    assert events[-1] == {"event": "followup", "name": "action_assess", "timestamp": None}


@pytest.mark.parametrize(
    "text, intent, response",
    [
        ("bye", "goodbye", "utter_goodbye"),
        ("ok cool thx", "thank", "utter_thanks_reply"),
        ("what's the weather like in dublin tomorrow?", "out_of_scope", "utter_out_of_scope"),
    ],
)
async def test_a_goodbye_thanks_or_question_after_the_assessment_is_answered_as_such(
    text: str, intent: str, response: str
) -> None:
    dispatcher = CollectingDispatcher()
    slots = {"account": "my ex keeps messaging me from new accounts", "jurisdiction": "IE", "assessed": True}
    events = await ActionHearOut().run(dispatcher, tracker(text, intent, slots), {})
    assert [m["response"] for m in dispatcher.messages] == [response]
    assert "account" not in sets(events)


async def test_a_place_several_share_named_in_the_story_is_asked_about_by_name() -> None:
    """ "tonight he said hes coming over. im in perth" had got "Where do you live?", as if no place had been
    said (and the emergency message could not name 000)."""
    from actions import questions

    ask = next(
        cls
        for cls in vars(questions).values()
        if isinstance(cls, type) and issubclass(cls, AskQuestion) and cls.slot == "jurisdiction"
    )
    account = "my ex has been texting me nonstop since i moved out and tonight he said hes coming over. im in perth"
    dispatcher = CollectingDispatcher()
    await ask().run(dispatcher, tracker(slots={"account": account}), {})
    asked = dispatcher.messages[0]
    assert asked["text"].startswith("Is that Perth in Western Australia, Ontario or Scotland?")
    assert [b["title"] for b in asked["buttons"]] == ["Western Australia", "Ontario", "Scotland", "Skip"]
    assert asked["buttons"][0]["payload"] == choice_payload("jurisdiction", "AU-WA")
    plain = CollectingDispatcher()
    await ask().run(plain, tracker(slots={"account": "my ex keeps texting me"}), {})
    assert plain.messages[0]["text"].startswith("Where do you live?")


async def test_a_place_several_share_typed_as_where_they_live_is_asked_about_with_a_button_for_each() -> None:
    """ "perth" typed at "Where do you live?" had got "Is that Perth in ...?" and then "Where do you live?"
    again with the country buttons: tapping Australia asked for the state as if nothing had been said."""
    from actions import questions

    ask = next(
        cls
        for cls in vars(questions).values()
        if isinstance(cls, type) and issubclass(cls, AskQuestion) and cls.slot == "jurisdiction"
    )
    dispatcher = CollectingDispatcher()
    typed = tracker("perth", active_loop="situation_form", requested="jurisdiction", slots={"account": "my ex"})
    result = await validate(typed, dispatcher)
    assert dispatcher.messages == [], "the question that follows says it, once"
    assert result["requested_slot"] == "jurisdiction" and result["jurisdiction"] is None
    assert result["place_choices"] == {"name": "Perth", "choices": ["AU-WA", "CA-ON", "GB-SCT"]}

    asking = CollectingDispatcher()
    events = await ask().run(asking, tracker(slots={"account": "my ex", "place_choices": result["place_choices"]}), {})
    assert asking.messages[0]["text"].startswith("Is that Perth in Western Australia, Ontario or Scotland?")
    assert [b["title"] for b in asking.messages[0]["buttons"]] == ["Western Australia", "Ontario", "Scotland", "Skip"]
    assert sets(events) == {"place_choices": None}, "asked once: the next question is the usual one"

    tap = {"entity": "choice", "value": "jurisdiction=GB-SCT"}
    tapped = tracker(
        "", entities=[tap], active_loop="situation_form", requested="jurisdiction", slots={"account": "my ex"}
    )
    assert (await validate(tapped))["jurisdiction"] == "GB-SCT"


def greeted_after(events: list[dict], assessed: bool = False) -> Tracker:
    latest = {"text": "hi", "intent": {"name": "greet"}}
    return Tracker("test", {"assessed": assessed}, latest, events, False, None, {}, "action_listen")


@pytest.mark.parametrize(
    "before, response",
    [
        ([], "utter_greet"),
        ([{"event": "action", "name": "action_greet"}, {"event": "user", "text": "hi"}], "utter_greet_again"),
        # "start over" or a new session: greeted in full again
        ([{"event": "action", "name": "action_greet"}, {"event": "restart"}], "utter_greet"),
        ([{"event": "action", "name": "action_greet"}, {"event": "session_started"}], "utter_greet"),
    ],
)
async def test_the_full_greeting_comes_once_a_conversation(before: list[dict], response: str) -> None:
    dispatcher = CollectingDispatcher()
    assert await ActionGreet().run(dispatcher, greeted_after(before), {}) == []
    assert [message.get("response") for message in dispatcher.messages] == [response, "utter_ask_describe"]


async def test_a_hello_after_the_assessment_offers_what_next_not_the_story_again() -> None:
    dispatcher = CollectingDispatcher()
    greeted = [{"event": "action", "name": "action_greet"}, {"event": "action", "name": "action_assess"}]
    await ActionGreet().run(dispatcher, greeted_after(greeted, assessed=True), {})
    assert dispatcher.messages[0]["response"] == "utter_greet_again"
    assert dispatcher.messages[1]["text"] == replies.reply("after_aside") and dispatcher.messages[1]["buttons"]
    assert len(dispatcher.messages) == 2
