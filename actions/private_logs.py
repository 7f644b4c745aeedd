"""Keeps people's words out of the action server's logs and error answers.

rasa_sdk answers a crashed action with `{"error": ..., "request_body": <the whole tracker>}`
and logs the exception with its message. Here the answer names the error's type only, and
every exception in this process is logged without its message (see bot.logs). Installed from
`actions/__init__.py`, which the action server imports before it starts serving.
"""

from __future__ import annotations

import logging

import pluggy
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.logs import guard_process_logs

log = logging.getLogger(__name__)
hookimpl = pluggy.HookimplMarker("rasa_sdk")
# Loggers whose debug lines quote messages or trackers: kept at INFO or above.
QUIET_LOGGERS = ("rasa_sdk", "sanic", "sanic.root", "sanic.error", "sanic.access")


async def answer_without_the_conversation(request: Request, exception: Exception) -> HTTPResponse:
    """A crashed action: logged without the exception's message, answered without the request."""
    log.error("action call failed (%s)", type(exception).__name__, exc_info=exception)
    return response.json({"error": f"the action failed ({type(exception).__name__})"}, status=500)


class PrivateErrors:
    """rasa_sdk plug-in: replaces the action server's error handler once the app exists."""

    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        app.error_handler.add(Exception, answer_without_the_conversation)


def guard_action_server_logs() -> None:
    """Install the guards in this process; calling it again changes nothing."""
    guard_process_logs(QUIET_LOGGERS)
    manager = plugin_manager()
    if not any(isinstance(plugin, PrivateErrors) for plugin in manager.get_plugins()):
        manager.register(PrivateErrors())
