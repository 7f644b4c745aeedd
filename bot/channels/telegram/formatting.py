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
    paragraphs = [p.strip() for p in _PARAGRAPH.split(text) if p.strip()]
    return _pack(paragraphs, "\n\n", limit)


def _pack(units: list[str], separator: str, limit: int) -> list[str]:
    """Units joined by ``separator`` into as few pieces of at most ``limit`` characters as fit,
    a unit too long on its own cut by ``_fit`` first."""
    pieces: list[str] = []
    current = ""
    for unit in units:
        for part in _fit(unit, limit):
            joined = f"{current}{separator}{part}" if current else part
            if len(joined) <= limit:
                current = joined
            else:
                pieces.append(current)
                current = part
    if current:
        pieces.append(current)
    return [piece for piece in pieces if piece.strip()]


def _fit(unit: str, limit: int) -> list[str]:
    """A unit as parts of at most ``limit`` characters: itself if it fits, else cut between lines,
    then words, then inside a word."""
    if len(unit) <= limit:
        return [unit]
    for separator in ("\n", " "):
        if separator in unit:
            return _pack(unit.split(separator), separator, limit)
    return [unit[i : i + limit] for i in range(0, len(unit), limit)]
