"""Plug-ins that fit cyberguide's domain core into Rasa: NLU components and a tracker store.

Kept apart from `bot/` (which never imports Rasa) and from `actions/` (which the action
server imports wholesale).
"""
