"""The simulated person knows every question by its words, those for someone else's account too."""

from __future__ import annotations

import pytest

from bot.conversation.questions import QUESTION_SLOTS, question_for
from tests.simulation.conversation import asked_question, button_values, slot_asked, titles_and_answers


@pytest.mark.parametrize("slot", [*QUESTION_SLOTS, "safe_now"])
def test_each_question_is_known_by_its_words(slot: str) -> None:
    assert slot_asked(question_for(slot)["text"].strip()) == (slot, None)


@pytest.mark.parametrize("slot", ["safe_now", "threats", "under_18", "intimate_images"])
def test_a_question_about_the_writers_child_is_known_too(slot: str) -> None:
    question = question_for(slot, None, "daughter")
    assert "daughter" in question["text"]
    found = asked_question([{"text": "Thank you."}, {"text": question["text"], "buttons": question["buttons"]}])
    assert found is not None and found[:2] == (slot, None)
    # and each of its buttons stands for an answer the person can mean
    assert all(button["title"] in titles_and_answers()[(slot, None)] for button in question["buttons"])


def test_other_words_are_no_question() -> None:
    assert slot_asked("Thank you for telling me.") is None


def test_the_button_matrix_taps_the_writers_own_titles_only() -> None:
    """`test_every_button_sets_exactly_the_answer_it_shows` tells its own story, so the titles for someone
    else's account are not in `button_values` (it would look for them in vain)."""
    assert "Yes, we're safe right now" not in button_values()[("safe_now", None)]
    assert "Yes, we're safe right now" in titles_and_answers()[("safe_now", None)]
