"""End to end over real HTTP: the real action server and Rasa server, a whole conversation."""

from __future__ import annotations

import json
import re
import secrets
import urllib.request

import pytest

pytestmark = pytest.mark.rasa


class Chat:
    def __init__(self, rasa_url: str, channel: str = "terminal") -> None:
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.sender = secrets.token_hex(12)
        self.channel = channel  # as the gateway ("web") or Telegram says it
        self.transcript: list[str] = []

    def say(self, text: str) -> list[dict]:
        request = urllib.request.Request(
            self.url,
            data=json.dumps({"sender": self.sender, "message": text, "input_channel": self.channel}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            replies = json.loads(response.read())
        self.transcript += [f"> {text}"] + [r.get("text", "") for r in replies]
        return replies

    def answer_until(self, replies: list[dict], marker: str, pick, limit: int = 14) -> list[dict]:
        """Answer each question (tapping a button chosen by `pick`) until `marker` appears."""
        seen: list[dict] = list(replies)
        for _ in range(limit):
            if any(marker in (r.get("text") or "") for r in seen):
                return seen
            buttons = [b for r in replies for b in r.get("buttons") or []]
            assert buttons, "a question without buttons:\n" + "\n".join(self.transcript[-6:])
            replies = self.say(pick(replies, buttons))
            seen += replies
        raise AssertionError(f"never reached {marker!r}:\n" + "\n".join(self.transcript))


def skip_everything(replies: list[dict], buttons: list[dict]) -> str:
    """Tap the button that skips the question (its payload, as the terminal client sends it)."""
    for wanted in ("Skip", "I don't know", "Not sure", "No"):
        for button in buttons:
            if button["title"].lower() == wanted.lower():
                return button["payload"]
    return buttons[-1]["payload"]


def test_whole_conversation_reaches_assessment_laws_steps_and_contacts(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    greeting = " ".join(r.get("text", "") for r in chat.say("hello"))
    assert "legal information, not legal advice" in greeting and "emergency" in greeting

    replies = chat.say("my ex keeps messaging me every day from new accounts after I blocked him. I live in Texas")
    texts = " ".join(r.get("text", "") for r in replies)
    assert "not your fault" in texts
    assert "Where do you live" not in texts and "Who is doing this" not in texts  # already told

    seen = chat.answer_until(replies, "Who can help", skip_everything)
    everything = "\n".join(r.get("text", "") for r in seen)
    assert "cyberstalking" in everything
    assert "Laws that may apply in Texas" in everything and "Tex. Penal Code" in everything
    assert "Next steps" in everything and "911" in everything

    # A correction updates the place and the laws.
    corrected = "\n".join(r.get("text", "") for r in chat.say("actually I'm in Ohio"))
    assert "Laws that may apply in Ohio" in corrected

    # Something added that changes nothing is answered in a line, not with the whole assessment again.
    added = [r.get("text", "") for r in chat.say("he has been doing it for months and it is so draining")]
    assert any("doesn't change what I found" in text for text in added)
    assert not any("Laws that may apply" in text for text in added)


def test_emergency_override_in_the_middle_of_the_questions(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    chat.say("someone keeps sending me horrible messages")
    replies = chat.say("he is outside my house right now")
    assert replies[0]["text"].startswith("If you are in danger right now, call")
    # The questions go on afterwards.
    assert any(r.get("buttons") for r in replies)


def test_self_harm_gets_a_crisis_line_first(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    replies = chat.say("I want to kill myself")
    assert "988" in replies[0]["text"] or "crisis" in replies[0]["text"].lower() or "Samaritans" in replies[0]["text"]


def test_help_stop_and_out_of_scope(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    assert "start over" in chat.say("what can you do")[0]["text"]
    assert "can't help with that" in chat.say("what's the weather going to be like tomorrow")[0]["text"]
    chat.say("my coworker keeps commenting on my posts")
    stopped = chat.say("stop")
    assert "stop here" in stopped[0]["text"] and "cleared what you told me" in stopped[0]["text"]
    # A real restart: the same account is heard afresh, as at the start.
    again = " ".join(r.get("text", "") for r in chat.say("my coworker keeps commenting on my posts"))
    assert "Thank you for telling me" in again


def test_an_aside_during_the_questions_is_answered_kindly_and_the_question_comes_back(rasa_stack) -> None:
    """Out of scope or small talk in the middle of the questions: the story has been told, so not "I can't
    help with that" nor "tell me what's been happening"; the question is asked again."""
    for aside in ("what's the weather going to be like tomorrow", "hello"):
        chat = Chat(rasa_stack.rasa_url)
        asked = chat.say("my ex keeps messaging me from new accounts after I blocked him")
        question = next(r["text"] for r in asked if r.get("buttons"))
        replies = chat.say(aside)
        said = " ".join(r.get("text", "") for r in replies)
        assert "can't help with that" not in said and "what's been happening" not in said
        assert any(r.get("text") == question for r in replies)


def test_the_safety_question_never_answered_gets_the_emergency_steps(rasa_stack) -> None:
    """ "Are you safe right now?" met twice with something that is not an answer: treated as "I'm not
    sure" (the emergency number first), not silently recorded as unknown."""
    chat = Chat(rasa_stack.rasa_url)
    asked = chat.say("I found a tracker on my car and I live in Texas")
    assert any(r.get("text") == "Are you safe right now?" for r in asked), "\n".join(chat.transcript)
    said = ""
    for reply in ("hmm", "hmm"):
        said += " ".join(r.get("text", "") for r in chat.say(reply))
    assert "call 911 now" in said, "\n".join(chat.transcript)
    assert "Are you safe right now?" not in said.rsplit("911", 1)[-1]


def test_bad_input_gets_a_kind_answer(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    for text in ["<script>alert(1)</script>", "'; DROP TABLE users; --", "😢😢😢", "x" * 5000]:
        replies = chat.say(text)
        assert replies and all(r.get("text") for r in replies)


def test_an_aside_during_the_share_offer_is_answered_and_a_typed_yes_still_shares(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url, channel="web")
    seen = chat.answer_until(
        chat.say("my ex keeps texting me from new numbers after I block him, Ohio"), "Who can help", skip_everything
    )
    chat.say(tap(seen, "Share with a helpline worker"))
    aside = chat.say("is this private?")
    assert "This chat is private" in aside[0]["text"]
    again = aside[-1]
    assert "Do you still want me to share" in again["text"] and {b["title"] for b in again["buttons"]} == {
        "Yes, share it",
        "No, don't share",
    }
    assert shared_cases(chat.sender) == [], "nothing is saved before the answer"
    shared = " ".join(r.get("text", "") for r in chat.say("yes"))
    assert "Your reference is" in shared and len(shared_cases(chat.sender)) == 1


def test_not_knowing_whether_to_share_keeps_the_offer_open_and_shares_nothing(rasa_stack) -> None:
    """ "idk" to "Do you want me to share it?" had been answered as if about the whole situation, and
    the offer was gone."""
    chat = Chat(rasa_stack.rasa_url, channel="web")
    seen = chat.answer_until(
        chat.say("my ex keeps texting me from new numbers after I block him, Ohio"), "Who can help", skip_everything
    )
    chat.say(tap(seen, "Share with a helpline worker"))
    unsure = chat.say("idk")
    assert "you don't have to decide now" in unsure[0]["text"], "\n".join(chat.transcript)
    assert {b["title"] for b in unsure[-1]["buttons"]} == {"Yes, share it", "No, don't share"}
    assert shared_cases(chat.sender) == []


def test_a_request_that_names_the_place_is_not_asked_where_they_live(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    replies = " ".join(r.get("text", "") for r in chat.say("who can i call? im in scotland"))
    assert "I can look that up" in replies and "Where do you live?" not in replies


def test_a_city_several_places_share_named_in_the_story_is_asked_about_by_name(rasa_stack) -> None:
    """ "im in perth" in the story had got "Where do you live?", as if no place had been said."""
    chat = Chat(rasa_stack.rasa_url)
    replies = chat.say("my ex keeps texting me from new numbers every time i block one. im in perth")
    replies = chat.answer_until(replies, "Is that Perth in", skip_everything)
    assert not any((r.get("text") or "").startswith("Where do you live") for r in replies), "\n".join(chat.transcript)
    seen = chat.answer_until(chat.say("western australia"), "Who can help", skip_everything)
    assert "Who can help in Western Australia" in "\n".join(r.get("text", "") for r in seen), "\n".join(chat.transcript)


def test_a_city_several_places_share_typed_as_where_they_live_is_offered_as_buttons(rasa_stack) -> None:
    """ "perth" typed at "Where do you live?" had got "Is that Perth in ...?" and then the same country
    buttons again: the places it may be are buttons now, and tapping the first is read."""
    chat = Chat(rasa_stack.rasa_url)
    replies = chat.say("my ex keeps texting me from new numbers every time I block one, 15 numbers now")
    chat.answer_until(replies, "Where do you live", skip_everything)
    asked = [r for r in chat.say("perth") if r.get("text")]
    assert [r["text"].split("?")[0] for r in asked] == ["Is that Perth in Western Australia, Ontario or Scotland"]
    buttons = asked[-1]["buttons"]
    assert [b["title"] for b in buttons] == ["Western Australia", "Ontario", "Scotland", "Skip"]
    seen = chat.answer_until(chat.say(buttons[0]["payload"]), "Who can help", skip_everything)
    assert "Who can help in Western Australia" in "\n".join(r.get("text", "") for r in seen), "\n".join(chat.transcript)


def test_a_city_several_places_share_is_asked_about_and_a_correction_is_read_in_the_country_known(
    rasa_stack,
) -> None:
    """ "Vancouver" had got "Sorry, I didn't catch that", and after Toronto "I live in Vancouver
    actually" had silently kept Ontario's laws."""
    chat = Chat(rasa_stack.rasa_url)
    replies = chat.say("my ex keeps texting me from new numbers every time I block one, 15 numbers now")
    replies = chat.answer_until(replies, "Where do you live", skip_everything)
    asked = " ".join(r.get("text", "") for r in chat.say("Vancouver"))
    assert "Is that Vancouver in British Columbia or Washington?" in asked and "didn't catch" not in asked
    seen = chat.answer_until(chat.say("BC"), "Who can help", skip_everything)
    assert "Laws that may apply in British Columbia" in "\n".join(r.get("text", "") for r in seen)

    chat = Chat(rasa_stack.rasa_url)
    replies = chat.say("a guy from my work keeps messaging me on every app after I blocked him. im in toronto")
    chat.answer_until(replies, "Who can help", skip_everything)
    corrected = "\n".join(r.get("text", "") for r in chat.say("I live in Vancouver actually"))
    assert "Laws that may apply in British Columbia" in corrected, "\n".join(chat.transcript)


def test_an_aside_after_the_assessment_is_answered_and_what_to_do_next_comes_back(rasa_stack) -> None:
    """ "is this private?" after the assessment had been answered with no buttons left to tap."""
    chat = Chat(rasa_stack.rasa_url)
    replies = chat.say("a girl in my class keeps posting mean stuff about me on snap every day. im in dublin")
    chat.answer_until(replies, "You can change anything you told me", skip_everything)
    for aside in ("is this private?", "do you keep my messages"):
        replies = chat.say(aside)
        texts = " ".join(r.get("text", "") for r in replies)
        titles = [b["title"] for r in replies for b in r.get("buttons") or []]
        assert "private" in texts and "Is there anything else you'd like to do?" in texts, "\n".join(chat.transcript)
        assert titles == ["Share with a helpline worker", "Start over", "I'm done"]


def test_not_knowing_or_an_ok_after_the_assessment_does_not_ask_for_the_story_again(rasa_stack) -> None:
    """ "idk" after the assessment is about what to do next: it had been met with the before-the-story
    prompt ("Tell me what has been happening"), as if nothing had been told; an "ok" with "Tell me
    what's been happening in your own words"."""
    chat = Chat(rasa_stack.rasa_url)
    replies = chat.say("a girl in my class keeps posting mean stuff about me on snap every day. im in dublin")
    chat.answer_until(replies, "You can change anything you told me", skip_everything)
    for said, offered in (("idk", True), ("i dont know what to do", True), ("ok", False)):
        replies = chat.say(said)
        texts = " ".join(r.get("text", "") for r in replies)
        titles = [b["title"] for r in replies for b in r.get("buttons") or []]
        assert replies and "been happening" not in texts, "\n".join(chat.transcript)
        if offered:
            assert titles == ["Share with a helpline worker", "Start over", "I'm done"], "\n".join(chat.transcript)


def test_the_laws_asked_for_again_after_the_assessment_are_given(rasa_stack) -> None:
    """ "what are the laws again?" after the assessment had got "Thank you for telling me. It doesn't change
    what I found", and no laws."""
    chat = Chat(rasa_stack.rasa_url)
    replies = chat.say("a girl in my class keeps posting mean stuff about me on snap every day. im in dublin")
    chat.answer_until(replies, "You can change anything you told me", skip_everything)
    texts = " ".join(r.get("text", "") for r in chat.say("what are the laws?"))
    assert "Laws that may apply in Ireland" in texts and "Thank you for telling me" not in texts, "\n".join(
        chat.transcript
    )


def test_should_i_go_to_the_police_is_answered_before_and_after_the_assessment(rasa_stack) -> None:
    """ "should i go to the police?" had been met with the laws again after the assessment ("how do i report
    it to the police" with the helplines): neither said how reporting works. During the questions it had the
    reply to a laws question; now it hears it is their decision, and the question comes back."""
    chat = Chat(rasa_stack.rasa_url)
    asked = chat.say("my ex keeps making new accounts to message me after i block him. im in leeds")
    question = next(r["text"] for r in asked if r.get("buttons"))
    replies = chat.say("should i go to the police?")
    said = " ".join(r.get("text", "") for r in replies)
    assert "Going to the police is your decision" in said, "\n".join(chat.transcript)
    assert any(r.get("text") == question for r in replies), "\n".join(chat.transcript)
    chat.answer_until(replies, "You can change anything you told me", skip_everything)
    for question in ("should i go to the police?", "will the police even do anything"):
        texts = " ".join(r.get("text", "") for r in chat.say(question))
        assert "Reporting to the police is your choice" in texts, "\n".join(chat.transcript)
        assert "Police non-emergency number: 101" in texts and "Laws that may apply" not in texts


def test_a_yes_or_no_with_more_to_it_after_the_assessment_is_read_with_the_rest(rasa_stack) -> None:
    """ "yes im scared" and "not really, he said i'd be sorry if i told anyone" after the assessment had
    got "Okay. I'm here if you need anything else"; a bare "ok" still does."""
    chat = Chat(rasa_stack.rasa_url)
    replies = chat.say("a girl in my class keeps posting mean stuff about me on snap every day. im in dublin")
    chat.answer_until(replies, "You can change anything you told me", skip_everything)
    for said in ("yes im scared", "not really, he said i'd be sorry if i told anyone"):
        texts = " ".join(r.get("text", "") for r in chat.say(said))
        assert texts.startswith("Thank you for telling me") and "I'm here if you need" not in texts, "\n".join(
            chat.transcript
        )
    assert "I'm here if you need anything else" in " ".join(r.get("text", "") for r in chat.say("ok"))


def test_after_the_assessment_what_now_and_a_person_point_to_the_next_step_and_the_hand_off(rasa_stack) -> None:
    """ "So what do I do now?" after the assessment had got "Here's how this works: Tell me what's happening
    in your own words"; "can i talk to a real human" only "ask who can I call?"."""
    chat = Chat(rasa_stack.rasa_url)
    replies = chat.say("a girl in my class keeps posting mean stuff about me on snap every day. im in dublin")
    chat.answer_until(replies, "You can change anything you told me", skip_everything)
    what_now = " ".join(r.get("text", "") for r in chat.say("So what do I do now?"))
    assert "first next step I gave you" in what_now and "in your own words" not in what_now, "\n".join(chat.transcript)
    person = " ".join(r.get("text", "") for r in chat.say("can i talk to a real human"))
    assert "Share with a helpline worker" in person, "\n".join(chat.transcript)


def test_an_emergency_assessment_keeps_the_laws_for_a_tap_later(rasa_stack) -> None:
    """Danger typed in the story had the emergency number followed by eight laws and seven steps; the
    laws and most steps now wait for "Laws and more steps" (or "what are the laws?")."""
    chat = Chat(rasa_stack.rasa_url)
    replies = chat.say("my ex is outside my flat right now banging on the door and says he will kill me. im in london")
    seen = chat.answer_until(replies, "You can change anything you told me", keep_talking_then_skip)
    texts = "\n".join(r.get("text", "") for r in seen)
    assert "999" in texts and "Who can help in England" in texts, "\n".join(chat.transcript)
    assert "Laws that may apply" not in texts and "When you are safe, I can go through" in texts
    later = chat.say(tap(seen, "Laws and more steps"))
    said = "\n".join(r.get("text", "") for r in later)
    assert "Laws that may apply in England" in said and "More next steps" in said, "\n".join(chat.transcript)
    assert "Laws and more steps" not in [b["title"] for r in later for b in r.get("buttons") or []]


def test_another_language_is_told_kindly_that_cyberguide_reads_english_and_loses_nothing(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    replies = " ".join(r.get("text", "") for r in chat.say("hola, necesito ayuda, mi ex me sigue a todas partes"))
    assert "I can only read English" in replies and "emergency number" in replies
    # The conversation goes on in English as if nothing had happened.
    story = " ".join(r.get("text", "") for r in chat.say("my ex keeps texting me from new numbers after I blocked him"))
    assert "I can only read English" not in story and "?" in story


def keep_talking_then_skip(replies: list[dict], buttons: list[dict]) -> str:
    """Say it is safe to keep talking on this device, then skip every question."""
    if any("safe for you to keep talking" in (r.get("text") or "") for r in replies):
        return next(b["payload"] for b in buttons if b["payload"] == "/affirm")
    return skip_everything(replies, buttons)


def tap(replies: list[dict], title: str) -> str:
    """The payload of the button with this title (a KeyError names what was offered instead)."""
    offered = {b["title"]: b["payload"] for r in replies for b in r.get("buttons") or []}
    if title not in offered:
        raise KeyError(f"no {title!r} button among {sorted(offered)}")
    return offered[title]


def shared_cases(sender: str) -> list:
    from bot.cases.db import session_factory, upgrade
    from bot.cases.tables import Case
    from bot.conversation.handoff import conversation_key

    upgrade()  # the store is made by the first share or the console; none may have run yet
    with session_factory()() as session:
        return session.query(Case).filter(Case.conversation_key == conversation_key(sender)).all()


def test_a_summary_reaches_the_queue_only_after_a_yes_and_goes_on_delete_my_data(rasa_stack) -> None:
    story = "someone from my old job keeps making new accounts to message me after I block them. I live in Ohio"
    chats, answers = {}, {}
    for consent in ("Yes, share it", "No, don't share"):
        chat = chats[consent] = Chat(rasa_stack.rasa_url, channel="web")
        seen = chat.answer_until(chat.say(story), "Who can help", skip_everything)
        offer = chat.say(tap(seen, "Share with a helpline worker"))
        assert "delete my data" in offer[0]["text"] and "30 days" in offer[0]["text"]
        assert shared_cases(chat.sender) == [], "nothing is saved before the answer"
        answers[consent] = "\n".join(r.get("text", "") for r in chat.say(tap(offer, consent)))

    yes, no = chats["Yes, share it"], chats["No, don't share"]
    assert "I haven't shared anything" in answers["No, don't share"]
    assert shared_cases(no.sender) == []
    shared = answers["Yes, share it"]
    assert re.search(r"Your reference is [0-9A-F]{4}-[0-9A-F]{4}\.", shared), shared
    [case] = shared_cases(yes.sender)
    assert case.channel == "web" and case.consent_at and case.status == "new"
    assert case.account.startswith("someone from my old job") and case.jurisdiction == "US-OH"
    assert case.reference in shared

    # Leaving (the gateway's plain session end: quick exit, idle) keeps it, as the offer said ...
    assert yes.say("/session_end") == []
    assert len(shared_cases(yes.sender)) == 1
    # ... and "delete my data" deletes it.
    deleted = " ".join(r.get("text", "") for r in yes.say("delete my data"))
    assert "the summary you shared with the helpline" in deleted
    assert "start again at any time" in deleted  # and the way back in, should they still need help
    assert shared_cases(yes.sender) == []


def test_what_do_you_mean_during_a_question_gets_it_explained_and_asked_again(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    first = chat.say("my ex husband keeps making fake accounts to message me after I blocked him, I live in Ohio")
    question = next(r for r in reversed(first) if r.get("buttons"))
    replies = chat.say("sorry what do you mean")
    assert replies[0]["text"].startswith("I'm asking"), "\n".join(chat.transcript)
    assert "Some words you may see" not in " ".join(r.get("text", "") for r in replies)
    again = replies[-1]
    assert again["text"] == question["text"] and again["buttons"] == question["buttons"]
    after = chat.say(again["buttons"][0]["payload"])
    assert after and after[-1].get("text") != question["text"], "the tap answers the question"


def test_a_young_person_asking_about_the_law_hears_they_wont_get_in_trouble(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    chat.say("someone made a fake tiktok with my name saying im a sl*t and sent it to my school. im 14")
    young = " ".join(r.get("text", "") for r in chat.say("will i get in trouble?"))
    assert "I can look that up" in young and "You won't get in trouble for asking for help" in young

    adult = Chat(rasa_stack.rasa_url)
    adult.say("someone made a fake tiktok with my name saying im a sl*t and sent it to my work. im 34")
    grown = " ".join(r.get("text", "") for r in adult.say("will i get in trouble?"))
    assert "I can look that up" in grown and "You won't get in trouble" not in grown


def test_a_second_hello_gets_a_short_hello_not_the_whole_greeting_again(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url, channel="telegram")
    first = " ".join(r.get("text", "") for r in chat.say("/greet"))  # what Telegram's /start sends
    assert "legal information, not legal advice" in first
    again = " ".join(r.get("text", "") for r in chat.say("hi"))
    assert "still here" in again and "in your own words" in again
    assert "legal information" not in again
