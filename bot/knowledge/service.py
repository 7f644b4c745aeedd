"""The process-wide knowledge base: load the files once (idempotently), then answer queries."""

from __future__ import annotations

from functools import lru_cache

from bot.knowledge.db import get_engine
from bot.knowledge.loader import load_knowledge
from bot.knowledge.queries import KnowledgeBase


@lru_cache(maxsize=4)
def get_knowledge_base(database_url: str | None = None) -> KnowledgeBase:
    """Open the database, load the knowledge files if they changed, and return the queries."""
    engine = get_engine(database_url)
    load_knowledge(engine)
    return KnowledgeBase(engine)
