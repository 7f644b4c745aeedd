"""Cutting long replies for Telegram: between paragraphs first, never over the limit, nothing lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.channels.telegram.formatting import MAX_CHARS, split_reply


def test_a_short_reply_is_one_message() -> None:
    assert split_reply("  Hello.\n\nHow are you?  ") == ["Hello.\n\nHow are you?"]
    assert split_reply("   ") == []


def test_paragraphs_are_kept_whole_when_they_fit() -> None:
    paragraphs = ["a" * 60, "b" * 60, "c" * 60]
    assert split_reply("\n\n".join(paragraphs), limit=130) == ["a" * 60 + "\n\n" + "b" * 60, "c" * 60]


def test_a_paragraph_longer_than_the_limit_is_cut_between_lines_then_words() -> None:
    lines = "• first step here\n• second step here\n• third step here"
    assert split_reply(lines, limit=40) == ["• first step here\n• second step here", "• third step here"]
    words = "one two three four five six seven eight"
    assert split_reply(words, limit=14) == ["one two three", "four five six", "seven eight"]
    assert split_reply("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


@given(st.text(alphabet=st.sampled_from("ab \n"), max_size=3000), st.integers(min_value=5, max_value=300))
def test_no_piece_is_over_the_limit_and_no_word_is_lost(text: str, limit: int) -> None:
    pieces = split_reply(text, limit=limit)
    assert all(0 < len(piece) <= limit for piece in pieces)
    assert "".join(" ".join(pieces).split()) == "".join(text.split())


def test_the_default_limit_leaves_room_to_mark_the_answer() -> None:
    assert all(len(piece) + 160 <= MAX_CHARS for piece in split_reply("word " * 3000))
