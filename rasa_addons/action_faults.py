"""Never silence when the action server is down: the person gets the safe answer instead.

When a custom action cannot run (the action server is stopped, unreachable or answers with an
error), Rasa 3.6 logs the exception and carries on as if the action had returned no events
(`MessageProcessor._run_action`), so the person may get no reply at all, or only the line said
before the action. :func:`tell_when_actions_fail` wraps `RemoteAction.run` so that such a turn also
says :func:`bot.conversation.fallback.cannot_reply` (every country's emergency number first), once
per turn, and then fails as before: Rasa logs it and the conversation stays where it was, so the
next message, once the action server is back, goes on from there.

A form's rejection of an answer (`ActionExecutionRejection`) is part of a normal conversation and
passes through untouched. Installed by :func:`rasa_addons.server_setup.prepare_rasa_server`.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import OutputChannel
from rasa.shared.exceptions import RasaException

from bot.conversation.fallback import cannot_reply, load_numbers

log = logging.getLogger(__name__)

# Set on a turn's output channel (one per incoming message) once the safe answer has gone out.
_TOLD = "_cyberguide_told_cannot_reply"


def tell_when_actions_fail() -> None:
    """Wrap `RemoteAction.run` in this (the Rasa server's) process; calling it again changes nothing."""
    run = RemoteAction.run
    if getattr(run, "_cyberguide_wrapped", False):
        return
    load_numbers()  # read in the background now, so the answer has them when it is needed

    @functools.wraps(run)
    async def run_or_tell(self: RemoteAction, output_channel: OutputChannel, *args: Any, **kwargs: Any) -> Any:
        try:
            return await run(self, output_channel, *args, **kwargs)
        except ActionExecutionRejection:
            raise
        except RasaException:
            log.error("action %s could not run", self.name())
            await _tell_once(output_channel, args, kwargs)
            raise

    run_or_tell._cyberguide_wrapped = True  # type: ignore[attr-defined]
    RemoteAction.run = run_or_tell


async def _tell_once(output_channel: OutputChannel, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if getattr(output_channel, _TOLD, False):
        return
    tracker = kwargs.get("tracker") or (args[1] if len(args) > 1 else None)
    recipient = getattr(tracker, "sender_id", None)
    if recipient is None:
        return
    try:
        # Sent as Rasa sends every line: its paragraphs become messages, the emergency numbers first.
        await output_channel.send_response(recipient, {"text": cannot_reply()})
        setattr(output_channel, _TOLD, True)
        log.info("the person was given the safe answer")
    except Exception as error:  # the turn fails as before; the gateway still answers an empty reply
        log.error("could not send the safe answer (%s)", type(error).__name__)
