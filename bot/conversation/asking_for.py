"""Whom the account is about, when it is not the person writing: "I'm writing about my daughter who is
13", "my son (15) is being bullied", "for my little sister".

Parents, grandparents and older siblings tell a child's story in the first person ("my daughter"); the
questions still say "you". The acknowledgement says, once, that they can answer for the one it is
happening to. Only a relative named near the start as the one it is about (with their age, "who",
"writing about", "for my", or told as the one it is done to: "my friend is being stalked") counts: a
daughter mentioned in passing does not.
"""

from __future__ import annotations

import re

from bot.triage.lexicon import words

RELATIVES = words("asked_for_relatives")
_NAMES = "|".join(sorted((re.escape(r) for r in RELATIVES), key=len, reverse=True))
# "my daughter who is 13", "my son (15)", "my daughter is 12", "my son, 14," / "writing about my son", "for my daughter"
_WRITING_ABOUT = re.compile(
    rf"\b(?:(?:writing|asking|here|messaging|posting|enquiring|inquiring|contacting\s+you|reaching\s+out)\s+(?:about|for|regarding)"
    rf"|this\s+is\s+(?:about|for)|on\s+behalf\s+of)\s+my\s+(?P<who>{_NAMES})\b",
    re.IGNORECASE,
)
# (only in the first sentence: "my ex keeps texting me, my son is 12 and sees it" is the writer's own)
_WITH_AGE = re.compile(
    rf"^\W*(?:\w+\W+){{0,3}}?my\s+(?P<who>{_NAMES})\s*(?:\(|,?\s*(?:who\s+is|who's|is|aged|age|,)\s*\(?)\d{{1,2}}\b",
    re.IGNORECASE,
)
# "my friend is being stalked by her ex", "my sister keeps getting messages from..." (first sentence only)
_DONE_TO = re.compile(
    rf"^\W*(?:\w+\W+){{0,3}}?my\s+(?P<who>{_NAMES})\s+(?:is|has\s+been|was|keeps|'s)\s+(?:being\s+|getting\s+)?"
    r"(?:stalked|harassed|bullied|cyberbullied|threatened|blackmailed|sextorted|followed|targeted|tracked|doxx?ed|catfished)\b",
    re.IGNORECASE,
)
OPENING_CHARS = 300  # where the account says whom it is about
_SENTENCE_END = re.compile(r"[.!?\n]")


def asking_for(text: str) -> str | None:
    """The relative the account is about ("daughter", "son"...), or None when it is the writer's own."""
    opening = text[:OPENING_CHARS]
    first = next((part for part in _SENTENCE_END.split(opening) if len(part.split()) > 2), "")  # past "Hello."
    found = _WRITING_ABOUT.search(opening) or _WITH_AGE.search(first) or _DONE_TO.search(first)
    return found.group("who").lower() if found else None
