"""The case store's tables (their own metadata, apart from the knowledge tables).

Changing a table here needs a migration in bot/cases/migrations/versions (Alembic), which is
how every database, SQLite or PostgreSQL, is created and upgraded.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timezone
from typing import Any, Literal, get_args

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, ForeignKey, Integer, MetaData, String, Text
from sqlalchemy.orm import declarative_base, relationship

from bot.cases.crypto import EncryptedJSON, EncryptedText

Status = Literal["new", "in_progress", "referred", "closed"]
STATUSES: tuple[Status, ...] = get_args(Status)
Channel = Literal["phone", "web", "telegram", "terminal"]
CHANNELS: tuple[Channel, ...] = get_args(Channel)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
Base: Any = declarative_base(metadata=metadata)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)  # stored naive, always UTC


def new_case_id() -> str:
    """A random case id that says nothing about the person or the order of cases."""
    return secrets.token_hex(8)


# The reference a person reads out to the helpline: the case id's first REFERENCE_CHARS characters.
REFERENCE_CHARS = 8


def reference_of(case_id: str) -> str:
    """'3f9a0c1b77e2d4a5' -> '3F9A-0C1B': short enough to read out on the phone."""
    head = case_id[:REFERENCE_CHARS].upper()
    return f"{head[:4]}-{head[4:]}"


def id_prefix_of(reference: str) -> str:
    """A reference as typed ('3f9a 0c1b', '3F9A-0C1B') back to the case id's first characters."""
    return "".join(ch for ch in reference.lower() if ch in "0123456789abcdef")[:REFERENCE_CHARS]


class Staff(Base):
    __tablename__ = "staff"
    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)  # argon2id, from argon2-cffi
    is_admin = Column(Boolean, nullable=False, default=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class Case(Base):
    __tablename__ = "cases"
    id = Column(String(32), primary_key=True, default=new_case_id)
    channel = Column(String(20), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    updated_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    jurisdiction = Column(String(20))
    classification = Column(String(20), nullable=False)
    risk = Column(String(20), nullable=False)  # the engine's level, kept when a worker overrides it
    flags = Column(JSON, nullable=False, default=list)
    reasons = Column(EncryptedJSON)  # [{"label", "text"}]: they quote the person
    needs_safety_check = Column(Boolean, nullable=False, default=False)
    safety_check_reason = Column(EncryptedText)
    laws = Column(JSON, nullable=False, default=list)  # as Assessment.to_dict() gives them
    referrals = Column(JSON, nullable=False, default=list)
    next_steps = Column(JSON, nullable=False, default=list)
    answers = Column(EncryptedJSON)  # the answers given to the questions
    account = Column(EncryptedText)  # the account as told (typed by a worker, or a chat summary)
    consent_at = Column(DateTime)  # when a chat user agreed that a worker may see the summary
    status = Column(String(20), nullable=False, default="new", index=True)
    assignee_id = Column(Integer, ForeignKey("staff.id", ondelete="SET NULL"))
    risk_override = Column(String(20))
    override_reason = Column(EncryptedText)
    override_by = Column(String(80))
    reassess_on = Column(Date)
    # The chat conversation the case came from ("delete my data" removes it); None for a phone call.
    conversation_key = Column(String(128), index=True)

    assignee = relationship(Staff, lazy="joined")
    notes = relationship("Note", back_populates="case", cascade="all, delete-orphan", order_by="Note.created_at")

    @property
    def reference(self) -> str:
        return reference_of(self.id)

    @property
    def effective_risk(self) -> str:
        """The level the queue sorts by: the worker's override when there is one."""
        return str(self.risk_override or self.risk)

    def reassessment_overdue(self, today: date | None = None) -> bool:
        return bool(self.reassess_on and self.status != "closed" and self.reassess_on < (today or utcnow().date()))


class Note(Base):
    __tablename__ = "case_notes"
    id = Column(Integer, primary_key=True)
    case_id = Column(String(32), ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)
    author = Column(String(80), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    body = Column(EncryptedText, nullable=False)

    case = relationship(Case, back_populates="notes")


class AuditEntry(Base):
    """Who did what, when. Names and case ids are copied (not linked) so the log outlives them."""

    __tablename__ = "audit_log"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    actor = Column(String(80))  # the staff name; None for the system (purge) or an unknown name
    action = Column(String(40), nullable=False)
    case_id = Column(String(32))
    detail = Column(Text, nullable=False, default="")  # never the person's words: labels and levels only
