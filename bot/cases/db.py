"""The case store's engine, sessions and migrations: one engine per URL per process, a short
session per unit of work (``with session_factory(url).begin() as session:``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.knowledge.db import make_engine
from bot.settings import get_settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@lru_cache(maxsize=4)
def get_case_engine(url: str | None = None) -> Engine:
    return make_engine(url or get_settings().cases_database_url)


@lru_cache(maxsize=4)
def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(bind=get_case_engine(url), future=True, expire_on_commit=False)


def alembic_config(url: str | None = None):  # -> alembic.config.Config
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["url"] = url or get_settings().cases_database_url
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Create or upgrade the case store to `revision` (Alembic); safe to run at every start."""
    from alembic import command

    url = url or get_settings().cases_database_url
    get_case_engine(url)  # makes the SQLite file's folder
    command.upgrade(alembic_config(url), revision)
