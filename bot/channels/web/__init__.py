"""The public web gateway: the only part of cyberguide that faces the internet.

It serves the embeddable chat widget and a demo page, issues server-chosen conversation ids
bound to signed tokens, and forwards chat messages to the Rasa server on localhost. See
:func:`bot.channels.web.app.create_app`.
"""

from __future__ import annotations

from bot.channels.web.app import create_app

__all__ = ["create_app"]
