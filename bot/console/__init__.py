"""The staff console: a small Flask app where helpline workers sign in, triage a caller with the
same engine the bot uses, and work the queue of cases (bot/cases). `python -m bot.console`."""
