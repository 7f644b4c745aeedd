"""Thin async Rasa SDK actions: tracker slots in, calls on `bot/`, messages and events out."""
