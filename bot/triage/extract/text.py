"""The account as the matchers see it: normalised text, and which sentence each token is in.

Kept apart from the rules because the conversation layer (entities) cleans text the same way,
and every rule that compares "same sentence" reads the one sentence index built here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from typing import NamedTuple

from spacy.tokens import Doc

from bot.settings import get_settings
from bot.triage.lexicon import words

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SENTENCE_ENDS = words("sentence_ends")


def clean_text(text: str, limit: int | None = None) -> tuple[str, bool]:
    """Normalise an account for matching; cut it at `limit` characters to keep work bounded."""
    limit = limit or get_settings().max_account_chars
    text = unicodedata.normalize("NFKC", text or "")
    text = CONTROL_CHARS.sub(" ", text).replace("\u2019", "'").replace("\u2018", "'")
    truncated = len(text) > limit
    return (text[:limit] if truncated else text), truncated


class TokenWords(NamedTuple):
    """Each token's text, lower-cased text, lemma and trailing space, and the document's text.

    Read from spaCy once per document (`token_words`) and shared by the rules: spaCy builds a new
    Token object on every `for token in doc` and `doc[i]`, and `doc.text` joins every token again
    on each call, which the rules did several times over each account. (A tuple of strings, so a
    document that carries it can still be serialised with its `user_data`.)
    """

    texts: list[str]
    lowers: list[str]
    lemmas: list[str]
    spaces: list[str]
    text: str

    def joined(self, positions: list[int]) -> str:
        """The text of these tokens with their spaces (what joining their `text_with_ws` gives)."""
        texts, spaces = self.texts, self.spaces
        return "".join([texts[i] + spaces[i] for i in positions])


_WORDS_KEY = "cyberguide.token_words"


def token_words(doc: Doc) -> TokenWords:
    """The document's `TokenWords`, read on first use and kept in its `user_data`."""
    found = doc.user_data.get(_WORDS_KEY)
    if found is None:
        texts, lowers, lemmas, spaces = [], [], [], []
        for token in doc:
            texts.append(token.text)
            lowers.append(token.lower_)
            lemmas.append(token.lemma_)
            spaces.append(token.whitespace_)
        text = "".join([t + s for t, s in zip(texts, spaces, strict=True)])
        found = doc.user_data[_WORDS_KEY] = TokenWords(texts, lowers, lemmas, spaces, text)
    return found


def by_sentence(sentences: list[int]) -> dict[int, list[int]]:
    """Token positions per sentence number, in order (not to be changed by the caller: a
    `SentenceIndex` hands every rule the same grouping)."""
    if isinstance(sentences, SentenceIndex):
        return sentences.grouped
    return _grouped(sentences)


def _grouped(sentences: list[int]) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {}
    for i, number in enumerate(sentences):
        grouped.setdefault(number, []).append(i)
    return grouped


class SentenceIndex(list[int]):
    """Sentence number per token, with its grouping by sentence built once: a dozen rules group the
    same account by sentence (`by_sentence`)."""

    @cached_property
    def grouped(self) -> dict[int, list[int]]:
        return _grouped(self)


def sentence_index(doc: Doc) -> SentenceIndex:
    """Sentence number per token: blank pipelines have no parser, so split on end punctuation."""
    index = SentenceIndex()
    current = 0
    for text in token_words(doc).texts:
        index.append(current)
        # (a token is a space token when its text is all white space, as spaCy's `is_space` reads it)
        if text in SENTENCE_ENDS or text.endswith("\n") or (text.isspace() and "\n" in text):
            current += 1
    return index


def sentence_bounds(doc: Doc, start: int) -> tuple[int, int]:
    """The sentence around token `start`: its first token and the place of its end mark (or the
    document's length), ending at end punctuation or a line break."""
    first = last = min(start, len(doc))
    while first > 0 and not _ends_sentence(doc[first - 1].text):
        first -= 1
    while last < len(doc) and not _ends_sentence(doc[last].text):
        last += 1
    return first, last


def _ends_sentence(text: str) -> bool:
    return text in SENTENCE_ENDS or "\n" in text


def by_first_word(phrases: frozenset[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases as word tuples keyed by their first word, so a sentence is compared with a phrase
    only where its first word stands (a tenth of the comparisons, the same answer)."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases):
        split = tuple(phrase.split())
        if not split:
            raise ValueError(f"an empty phrase in the lexicon: {phrase!r}")
        grouped.setdefault(split[0], []).append(split)
    return {first: tuple(group) for first, group in grouped.items()}
