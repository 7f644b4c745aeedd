"""Another language is told kindly that cyberguide reads English; English, however misspelt, never is."""

from __future__ import annotations

import pytest

from bot.conversation.language import other_language
from bot.devtools.corpus import load_split


@pytest.mark.parametrize(
    "text",
    [
        "hola, necesito ayuda",
        "tengo miedo de mi ex",
        "bonjour, quelqu'un me harcèle depuis des semaines, j'ai peur",
        "aiuto, il mio ex mi perseguita",
        "olá, preciso de ajuda",
        "mijn ex blijft me berichten sturen",
        "он меня преследует",  # another script on its own
        "ne yapacağımı bilmiyorum, biri beni takip ediyor",
    ],
)
def test_another_language_is_recognised(text: str) -> None:
    assert other_language(text)


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "ok bye bye",
        "ur dead m8",
        "im bein harrased",
        "he sed hes gona kil me",
        "omg pls hlp hes here",
        "wat r u doin",
        "leeds not manchester",
        "Buenas, one question please. A man from my church send me a message",  # a foreign greeting, English after
        "Kia ora, I'm 70 and live in Nelson. My whanau set me up on Facebook",
        "",
        "12345 !!!",
    ],
)
def test_english_however_written_is_never_turned_away(text: str) -> None:
    assert not other_language(text)


def test_no_labelled_account_reads_as_another_language() -> None:
    flagged = [case["id"] for case in load_split("train") + load_split("dev") if other_language(case["text"])]
    assert flagged == []
