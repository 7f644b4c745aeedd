"""The conversation's fixed lines and button sets, read from `templates/replies.yml`.

Wording lives in one reviewable file, not in the Rasa actions, so every channel says it the same way.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.conversation.buttons import intent_payload

TEMPLATES = Path(__file__).resolve().parent / "templates" / "replies.yml"


@lru_cache(maxsize=1)
def _replies() -> dict[str, Any]:
    return yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))


def reply(name: str) -> str:
    """A fixed line ('acknowledge', 'not_understood', 'stop', 'forgotten'); a KeyError names a missing one."""
    text = _replies()[name]
    if not isinstance(text, str):
        raise KeyError(f"{name!r} is not a line of replies.yml")
    return text


def buttons(name: str) -> list[dict[str, str]]:
    """A button set ('after_assessment') as [{"title", "payload"}], a fresh copy the caller may change.

    Each button names the intent it stands for; its payload triggers that intent directly, so a tap
    never depends on how the NLU reads the words on it.
    """
    return [
        {"title": str(b["title"]), "payload": intent_payload(str(b["intent"]))} for b in _replies()["buttons"][name]
    ]
