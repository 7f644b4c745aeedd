"""Warm hand-off: a chat user agrees that a helpline worker may read a summary of the chat.

The summary (the account as told, the answers given and the engine's assessment) becomes a case
in the console's queue, under a reference the person can give when they contact the helpline,
so they need not tell their story twice. Nothing is saved without that consent, and "delete my
data" removes it again. A conversation is known to the case store only by a hash of its id.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.cases.crypto import CaseKeyError
from bot.cases.tables import CHANNELS, utcnow
from bot.conversation.questions import answers_given
from bot.conversation.replies import reply
from bot.conversation.turns import assessment_turn
from bot.settings import get_settings

log = logging.getLogger(__name__)

# What can go wrong with the case store: the database (down, locked, not migrated) or the key.
STORE_ERRORS = (SQLAlchemyError, CaseKeyError, OSError)


def conversation_key(sender_id: str) -> str:
    """The case store's name for a conversation: a hash, so the store holds no chat id."""
    return hashlib.sha256(f"cyberguide-conversation:{sender_id}".encode()).hexdigest()


def channel_of(input_channel: str | None) -> str:
    """The case's channel from Rasa's input channel name (the gateway and Telegram say which)."""
    return input_channel if input_channel in CHANNELS and input_channel != "phone" else "terminal"


def offer_text() -> str:
    """What sharing means, in plain words, ending with the question."""
    settings = get_settings()
    return reply("handoff_offer").format(days=settings.case_retention_days, helpline=settings.helpline_name)


def offer_again_text() -> str:
    """The offer asked again in one line, after the person asked or said something else."""
    return reply("handoff_offer_again").format(helpline=get_settings().helpline_name)


def how_to_reach() -> str:
    contact = get_settings().helpline_contact
    return reply("handoff_contact").format(contact=contact) if contact else reply("handoff_no_contact")


@lru_cache(maxsize=4)
def _ready(url: str | None) -> None:
    """Create or upgrade the case store once per process (the console does the same at its start)."""
    from bot.cases.db import upgrade

    upgrade(url)


def share(slots: dict[str, Any], sender_id: str, input_channel: str | None, cases_url: str | None = None) -> str:
    """Save (or bring up to date) this conversation's case; the reply, with the person's reference.

    A failure of the store is told plainly (nothing was shared) and never raised into the chat.
    """
    from bot.cases.db import session_factory
    from bot.cases.store import save_shared_case

    settings = get_settings()
    assessment = assessment_turn(slots).assessment
    try:
        _ready(cases_url)
        with session_factory(cases_url).begin() as session:
            case = save_shared_case(
                session,
                assessment,
                channel=channel_of(input_channel),
                conversation_key=conversation_key(sender_id),
                account=slots.get("account") or "",
                answers=answers_given(slots),
                consent_at=utcnow(),
            )
            reference = case.reference
    except STORE_ERRORS as error:
        _ready.cache_clear()
        log.error("a shared case could not be saved (%s)", type(error).__name__)
        return reply("handoff_failed").format(how_to_reach=how_to_reach())
    log.info("a case was shared by the person: risk=%s", assessment.risk)
    return reply("handoff_saved").format(
        helpline=settings.helpline_name, reference=reference, how_to_reach=how_to_reach()
    )


def forget_shared(sender_id: str, cases_url: str | None = None) -> int | None:
    """ "Delete my data": remove the case this conversation shared; how many, or None if the store failed."""
    from bot.cases.db import session_factory
    from bot.cases.store import delete_conversation_cases

    try:
        _ready(cases_url)
        with session_factory(cases_url).begin() as session:
            return delete_conversation_cases(session, conversation_key(sender_id))
    except STORE_ERRORS as error:
        _ready.cache_clear()
        log.error("shared cases could not be deleted (%s)", type(error).__name__)
        return None
