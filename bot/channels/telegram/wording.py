"""The Telegram channel's own words, read from ``messages.yml`` (reviewable without reading code).

``say("help", numbers="999 in the United Kingdom")`` fills a message; a missing message or a
missing value fails at start-up, not in front of a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

MESSAGES = Path(__file__).resolve().parent / "messages.yml"
REQUIRED = (
    "help", "about_telegram", "delete_confirm", "delete_yes", "delete_no", "delete_done", "delete_not_yet", "delete_kept", "exit", "exit_not_yet",
    "stale_button", "photo", "voice", "video", "sticker", "document", "location", "contact", "edited", "other",
    "too_long", "group", "slow", "unavailable_kept", "unavailable", "back", "gave_up", "local_emergency_number",
)  # fmt: skip
COMMANDS = ("start", "help", "restart", "delete", "exit")


@dataclass(frozen=True)
class Wording:
    """The messages by name, and the command menu (command -> description) in menu order."""

    messages: dict[str, str]
    commands: dict[str, str]

    def say(self, name: str, **values: object) -> str:
        return self.messages[name].format(**values).strip()


@lru_cache(maxsize=1)
def wording(path: Path = MESSAGES) -> Wording:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    commands = raw.pop("commands")
    missing = [name for name in REQUIRED if not isinstance(raw.get(name), str)]
    missing += [f"commands.{name}" for name in COMMANDS if not isinstance(commands.get(name), str)]
    if missing:
        raise ValueError(f"{path.name} lacks: {', '.join(missing)}")
    return Wording(messages={k: str(v) for k, v in raw.items()}, commands={c: commands[c] for c in COMMANDS})
