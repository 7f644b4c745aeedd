"""The process-wide knowledge base: load the files once (idempotently), then answer queries."""
from __future__ import annotations

from functools import lru_cache

from bot.kb.db import get_engine
from bot.kb.loader import load_knowledge
from bot.kb.queries import KnowledgeBase


@lru_cache(maxsize=4)
def get_knowledge_base(database_url: str | None = None) -> KnowledgeBase:
    """Open the database, load the knowledge files if they changed, and return the queries."""
    engine = get_engine(database_url)
    load_knowledge(engine)
    return KnowledgeBase(engine)
