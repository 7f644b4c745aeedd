"""Thin async Rasa SDK actions: tracker slots in, calls on `bot/`, messages and events out."""

from actions.private_logs import guard_action_server_logs

# The action server imports this package after setting up its logging and before serving.
guard_action_server_logs()
