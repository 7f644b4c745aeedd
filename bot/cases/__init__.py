"""The case store behind the staff console: cases, notes, staff accounts and the audit log.

Kept in a database of its own (`CYBERGUIDE_CASES_DATABASE_URL`), apart from the knowledge
tables, and created by Alembic migrations (bot/cases/migrations). Notes, accounts, summaries
and the reasons that quote a person are encrypted at rest (:mod:`bot.cases.crypto`).
"""
