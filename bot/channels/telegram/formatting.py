"""Rasa's replies as Telegram messages: text cut to Telegram's size, buttons as inline keyboards.

Replies are sent without a parse mode, so Telegram shows every character as written and
nothing needs escaping (a "*" or "<" in a law's title stays a "*" or "<").
"""

from __future__ import annotations

import re

# Telegram's limit is 4,096 characters; a little room is kept for the "✓ <answer>" line added
# to a question once it is answered.
MAX_CHARS = 4096
CHUNK_CHARS = MAX_CHARS - 160
_PARAGRAPH = re.compile(r"\n\s*\n")


def split_reply(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut between paragraphs where possible,
    else between lines, then between words, and only as a last resort inside a word."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    pieces: list[str] = []
    current = ""
    for paragraph in (p.strip() for p in _PARAGRAPH.split(text)):
        if not paragraph:
            continue
        for part in _fit(paragraph, limit):
            joined = f"{current}\n\n{part}" if current else part
            if len(joined) <= limit:
                current = joined
            else:
                pieces.append(current)
                current = part
    if current:
        pieces.append(current)
    return pieces


def _fit(paragraph: str, limit: int) -> list[str]:
    """A paragraph as parts of at most ``limit`` characters (itself, if it fits)."""
    if len(paragraph) <= limit:
        return [paragraph]
    parts: list[str] = []
    for separator in ("\n", " "):
        if separator in paragraph:
            current = ""
            for unit in paragraph.split(separator):
                for piece in _fit(unit, limit) if len(unit) > limit else [unit]:
                    joined = f"{current}{separator}{piece}" if current else piece
                    if len(joined) <= limit:
                        current = joined
                    else:
                        parts.append(current)
                        current = piece
            if current:
                parts.append(current)
            return [part for part in parts if part.strip()]
    return [paragraph[i : i + limit] for i in range(0, len(paragraph), limit)]
