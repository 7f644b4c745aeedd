"""Doxxing by composition: someone publishing a detail that locates the user or their family.

Phrase patterns need the words in one order ("posted my address online"); people write "put up a
photo of our house, address and all" or "published on a community group a photograph of my home
together with its full street address". Here a sentence is doxxing when a verb of publishing, not
done by the user, is followed within a few words by a locating detail (address, street, school,
workplace, phone number, room number, ID) that belongs to someone ("my", "our", "her", "my son's").
The words are data (`patterns/lexicon.yml`, section "doxxing").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.triage.extract.text import token_words
from bot.triage.lexicon import words
from bot.triage.models import Evidence

PUBLISHING = words("doxxing_publishing_lemmas")
DETAILS = words("doxxing_details")
NAMED_DETAILS = words("doxxing_named_details")
NAME_BEFORE = words("doxxing_name_before")
PICTURES = words("picture_lemmas")
OWNERS = words("doxxing_owners")
USER_SUBJECTS = words("user_subjects")
NEGATIONS = frozenset({"not", "n't", "never", "nt"})
WINDOW = 20  # words read after the publishing verb
OWNER_WINDOW = 5  # words read before the detail for whose it is


def add_composed_doxxing(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """Add `doxxing` evidence for each sentence where someone published a detail that locates a person."""
    for i, lemma in enumerate(token_words(doc).lemmas):
        if lemma not in PUBLISHING or not _by_someone_else(doc, i):
            continue
        end = _detail_after(doc, i, sentences)
        if end is not None:
            quote = doc[i : end + 1].text
            found.setdefault("doxxing", []).append(Evidence("doxxing", quote, sentences[i]))


def _by_someone_else(doc: Doc, i: int) -> bool:
    """Not "I posted my address by mistake", nor "he didn't post it"."""
    before = set(token_words(doc).lowers[max(0, i - 3) : i])
    return not before & (USER_SUBJECTS | NEGATIONS)


def _detail_after(doc: Doc, i: int, sentences: list[int]) -> int | None:
    """The position of a locating detail that belongs to someone, in the same sentence, if any."""
    for j in range(i + 1, min(len(doc), i + 1 + WINDOW)):
        if sentences[j] != sentences[i]:
            return None
        if _is_detail(doc[j], doc) and _owned(doc, j):
            return j
    return None


def _is_detail(token: Token, doc: Doc) -> bool:
    """A locating detail, not a word used of something else ("my school photo")."""
    word = token.lower_
    if token.i + 1 < len(doc) and doc[token.i + 1].lemma_ in PICTURES:
        return False
    if word in DETAILS:
        return True
    return word in NAMED_DETAILS and token.i > 0 and doc[token.i - 1].lower_ in NAME_BEFORE


def _owned(doc: Doc, j: int) -> bool:
    """Whose: "my", "our", "her", "its" (a home's), or a possessive "'s" ("my son's school")."""
    return bool({t.lower_ for t in doc[max(0, j - OWNER_WINDOW) : j]} & OWNERS)
