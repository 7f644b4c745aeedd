"""Reading short replies to the conversation's questions, typed or tapped."""

from __future__ import annotations

import pytest

from bot.conversation import answers
from bot.conversation.buttons import read_choice
from bot.conversation.questions import answers_from_slots, button_values, question_for, read_reply, slots_from_facts
from bot.triage.extract import extract_facts
from bot.triage.rubric import assess


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Yes", "yes"),
        ("yeah he did", "yes"),
        ("no", "no"),
        ("nope", "no"),
        ("I don't know", "unknown"),
        ("skip", "unknown"),
        ("kind of yeah", "yes"),  # a hedged yes is a yes
        ("a bit", "yes"),
        ("maybe", "unknown"),
        ("not really", "no"),
        ("banana", None),
        ("i am", "yes"),
        ("We are, yes", "yes"),
        ("I am very worried", None),  # a statement of its own, not "I am" (yes)
        ("I am at home", None),
    ],
)
def test_yes_no_unknown(text: str, value: str | None) -> None:
    assert answers.yes_no_unknown(text) == value


def test_a_worry_told_is_a_fear_and_no_threat() -> None:
    """A 71-year-old's "I am very worried" to "Have they threatened to hurt you...?" had been read as yes
    ("I am" said first), and the assessment gave "threat to hurt or kill (you answered yes)"."""
    assert read_reply("threats", "I am very worried", None) is None
    assert read_reply("fears_safety", "I am very worried", None) == "yes"
    assert read_reply("fears_safety", "im not worried", None) == "no"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Texas", "US-TX"),
        ("TX", "US-TX"),
        ("us-ca", "US-CA"),
        ("Leeds", "GB-ENG"),
        ("United States", "US"),
        ("ontario", "CA-ON"),
        ("skip", "unknown"),
        ("the moon", None),
        # one slip of the fingers from a country, state or big city
        ("im in melborne", "AU-VIC"),
        ("brisbaine", "AU-QLD"),
        ("califronia", "US-CA"),
        ("edinbrugh", "GB-SCT"),
        ("im ok", None),
    ],
)
def test_place(text: str, value: str | None) -> None:
    assert answers.place(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("An ex-partner", "ex_partner"),
        ("Someone from work", "coworker"),
        ("A stranger, I don't know who", "stranger"),
        ("skip", "unknown"),
    ],
)
def test_relationship(text: str, value: str) -> None:
    assert answers.relationship(text) == value


def test_other_readers() -> None:
    assert read_reply("frequency", "Every day") == "daily"
    assert read_reply("asked_or_blocked", "I blocked them") == "blocked"
    assert read_reply("asked_or_blocked", "Both") == "both"
    assert read_reply("location_known", "They have shown up") == "showed_up"
    assert read_reply("under_18", "I'm 15") == "yes"
    assert read_reply("under_18", "No, I'm an adult") == "no"


def test_account_fills_only_what_it_says() -> None:
    slots = slots_from_facts(extract_facts("my ex keeps texting me after I blocked him, I live in Ohio"))
    assert slots == {
        "jurisdiction": "US-OH",
        "relationship": "ex_partner",
        "frequency": "repeated",
        "asked_or_blocked": "blocked",
    }


def test_slots_map_to_engine_answers() -> None:
    result = answers_from_slots(
        {"asked_or_blocked": "both", "location_known": "no", "threats": "unknown", "jurisdiction": "US-TX"}
    )
    assert result == {
        "asked_to_stop": "yes",
        "blocked": "yes",
        "knows_location": "no",
        "showed_up": "no",
        "jurisdiction": "US-TX",
    }


def test_questions_offer_buttons_and_a_skip() -> None:
    for slot in (
        "jurisdiction",
        "relationship",
        "frequency",
        "asked_or_blocked",
        "threats",
        "under_18",
        "intimate_images",
    ):
        question = question_for(slot)
        assert question["text"] and question["buttons"]
        choices = [
            read_choice(
                [{"entity": "choice", "value": b["payload"].split('"choice":"')[1].rstrip('"}')}], button_values()
            )
            for b in question["buttons"]
        ]
        assert all(choice and choice[0] == slot for choice in choices), "every button sets its own question's slot"
        assert any(choice and choice[1] in ("unknown", "no") for choice in choices), "every question can be skipped"
    assert "state" in question_for("jurisdiction", "US")["text"]


def test_only_real_answers_are_called_answers() -> None:
    """What the words said is left to the engine (quoted), so 'you answered yes' is never shown for it."""
    from bot.conversation.questions import answers_given
    from bot.triage.rubric import assess

    account = "my brother is outside the house shouting and he said he'd burn the house down"
    slots = {
        "account": account,
        "threats": "yes",
        "location_known": "showed_up",
        "under_18": "no",
        "jurisdiction": "GB-ENG",
    }
    given = answers_given(slots)
    assert "threats" not in given and "showed_up" not in given
    assert given["jurisdiction"] == "GB-ENG" and given["under_18"] == "no"
    reasons = " ".join(r.text for r in assess(account, given.pop("jurisdiction"), given, with_knowledge=False).reasons)
    assert "you answered yes" not in reasons
    tapped = answers_given({"account": "someone keeps messaging me", "threats": "yes"})
    assert tapped["threats"] == "yes"


@pytest.mark.parametrize(
    ("slot", "typed", "meant"),
    [
        ("relationship", "someone from scool", "classmate"),
        ("asked_or_blocked", "i blokced them", "blocked"),
        ("location_known", "they hav shwon up", "showed_up"),
    ],
)
def test_a_misspelt_reply_is_read_by_the_words_of_the_questions_buttons(slot: str, typed: str, meant: str) -> None:
    assert read_reply(slot, typed) == meant


def test_respelling_never_invents_an_answer() -> None:
    assert read_reply("relationship", "purple elephants") is None
    assert read_reply("threats", "banana") is None


@pytest.mark.parametrize(
    ("text", "called"),
    [
        ("ok i called them", True),
        ("rang 999, theyre on their way", True),
        ("police are on their way", True),
        ("i havent called the police yet", False),
        ("should i call the police", False),
        ("he called me 40 times", False),
        ("his brothers said they're on their way", False),  # the danger itself, not help
        ("he called them and told them where i live", False),
    ],
)
def test_saying_help_was_called(text: str, called: bool) -> None:
    assert answers.called_for_help(text) is called


@pytest.mark.parametrize(
    ("text", "arrived"),
    [
        ("they're here now, police came", True),
        ("ok the cops are here", True),
        ("the police have arrived", True),
        ("the police never came", False),
        ("he's here now", False),
        ("police are on their way", False),  # called, not come yet
    ],
)
def test_saying_help_has_come(text: str, arrived: bool) -> None:
    assert answers.help_arrived(text) is arrived


@pytest.mark.parametrize(
    ("text", "country", "code"), [("wa", "US", "US-WA"), ("wa", "AU", "AU-WA"), ("wa", None, None)]
)
def test_a_short_form_two_countries_use_is_read_in_the_country_given(
    text: str, country: str | None, code: str | None
) -> None:
    """ "wa" typed at "Which state do you live in?" (the US known) had got "Sorry, I didn't catch that"."""
    assert answers.place(text, country) == code


def test_a_block_told_with_nothing_after_it_is_not_asked_again_nor_read_as_contact_after_it() -> None:
    text = (
        "a girl from my old job left a couple mean comments on my posts calling me fat. blocked her. worth reporting?"
    )
    slots = slots_from_facts(extract_facts(text))
    assert slots["asked_or_blocked"] == "blocked"
    got = assess(text, answers=answers_from_slots(slots), with_knowledge=False)
    assert not any("after being blocked" in reason.text for reason in got.reasons)
    went_on = "she keeps leaving mean comments calling me fat. i blocked her but she made a new account"
    assert any("after being blocked" in r.text for r in assess(went_on, with_knowledge=False).reasons)
