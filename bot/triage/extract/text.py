"""The account as the matchers see it: normalised text, and which sentence each token is in.

Kept apart from the rules because the conversation layer (entities) cleans text the same way,
and every rule that compares "same sentence" reads the one sentence index built here.
"""

from __future__ import annotations

import re
import unicodedata

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


def sentence_index(doc: Doc) -> list[int]:
    """Sentence number per token: blank pipelines have no parser, so split on end punctuation."""
    index: list[int] = []
    current = 0
    for token in doc:
        index.append(current)
        if token.text in SENTENCE_ENDS or token.text.endswith("\n") or (token.is_space and "\n" in token.text):
            current += 1
    return index
