"""Alembic's environment for the case store: the URL comes from bot.cases.db.alembic_config."""

from __future__ import annotations

from alembic import context

from bot.cases.db import get_case_engine
from bot.cases.tables import metadata

config = context.config
url = config.attributes.get("url")

if context.is_offline_mode():
    context.configure(url=url, target_metadata=metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    with get_case_engine(url).connect() as connection:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
