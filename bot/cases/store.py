"""What the console does with cases: save an assessment, list the queue, change a case, purge.

Functions take a SQLAlchemy session (the caller's unit of work) and never commit themselves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.cases.tables import REFERENCE_CHARS, STATUSES, AuditEntry, Case, Note, Staff, id_prefix_of, utcnow
from bot.triage.models import Assessment
from bot.vocabulary import RISK_LEVELS

log = logging.getLogger(__name__)

# Highest first: the queue's order and the override's choices.
RISKS_HIGH_FIRST = tuple(reversed(RISK_LEVELS))


class CaseError(ValueError):
    """A change that cannot be made (an unknown status or level, an override without a reason)."""


def audit(session: Session, actor: str | None, action: str, case_id: str | None = None, detail: str = "") -> None:
    """Record who did what (labels and levels only, never the person's words)."""
    session.add(AuditEntry(actor=actor, action=action, case_id=case_id, detail=detail))


def case_from_assessment(
    assessment: Assessment,
    *,
    channel: str,
    account: str | None = None,
    answers: dict[str, Any] | None = None,
    consent_at: datetime | None = None,
    conversation_key: str | None = None,
) -> Case:
    """A new case holding the engine's assessment (laws, referrals and steps as the CLI gives them)."""
    data = assessment.to_dict()
    return Case(
        channel=channel,
        jurisdiction=assessment.jurisdiction,
        classification=assessment.classification,
        risk=assessment.risk,
        flags=list(assessment.flags),
        reasons=[{"label": r.label, "text": r.text} for r in assessment.reasons],
        needs_safety_check=assessment.needs_safety_check is not None,
        safety_check_reason=assessment.needs_safety_check,
        laws=data["laws"],
        # with each contact's id, so the case page can say whether it is open now, days later
        referrals=[
            {**shown, "id": contact.id} for shown, contact in zip(data["referrals"], assessment.referrals, strict=True)
        ],
        next_steps=data["next_steps"],
        answers=dict(answers or {}),
        account=account,
        consent_at=consent_at,
        conversation_key=conversation_key,
        status="new",
    )


def save_shared_case(
    session: Session,
    assessment: Assessment,
    *,
    channel: str,
    conversation_key: str,
    account: str,
    answers: dict[str, Any],
    consent_at: datetime,
) -> Case:
    """The case a chat user agreed to share (warm hand-off): one per conversation.

    Sharing again (after more answers or a correction) brings the same case up to date, so the
    worker sees the latest assessment under the reference the person already has; what staff
    did with it (status, notes, override) is kept.
    """
    fresh = case_from_assessment(
        assessment,
        channel=channel,
        account=account,
        answers=answers,
        consent_at=consent_at,
        conversation_key=conversation_key,
    )
    existing = session.scalars(
        select(Case).where(Case.conversation_key == conversation_key).order_by(Case.created_at.desc())
    ).first()
    if existing is None:
        session.add(fresh)
        session.flush()  # the id is the person's reference: known before the reply
        audit(session, None, "shared_by_person", fresh.id, f"{channel}; risk {fresh.risk}")
        return fresh
    for column in _ENGINE_COLUMNS:
        setattr(existing, column, getattr(fresh, column))
    existing.updated_at = utcnow()
    audit(session, None, "updated_by_person", existing.id, f"{channel}; risk {existing.risk}")
    return existing


# What a new share replaces in an existing case: the engine's side and the person's words.
_ENGINE_COLUMNS = (
    "jurisdiction",
    "classification",
    "risk",
    "flags",
    "reasons",
    "needs_safety_check",
    "safety_check_reason",
    "laws",
    "referrals",
    "next_steps",
    "answers",
    "account",
    "consent_at",
)


def _risk_rank(column: Any) -> Any:
    return sql_case({level: rank for rank, level in enumerate(RISK_LEVELS)}, value=column, else_=0)


@dataclass(frozen=True)
class QueueFilter:
    """The queue's filters; None or "" means any."""

    status: str | None = None
    risk: str | None = None
    jurisdiction: str | None = None
    channel: str | None = None
    reference: str | None = None  # the reference a person reads out ("3F9A-0C1B"): finds their case
    open_only: bool = True  # closed cases only when asked for by status


def queue(session: Session, filters: QueueFilter = QueueFilter()) -> list[Case]:
    """Cases to work: those needing a safety check first, then highest risk (the worker's override
    when there is one), then oldest first."""
    effective = func.coalesce(Case.risk_override, Case.risk)
    query = select(Case)
    if filters.status:
        query = query.where(Case.status == filters.status)
    elif filters.open_only and not filters.reference:
        query = query.where(Case.status != "closed")
    if filters.risk:
        query = query.where(effective == filters.risk)
    if filters.jurisdiction:
        code = filters.jurisdiction.upper()
        query = query.where((Case.jurisdiction == code) | Case.jurisdiction.like(f"{code}-%"))
    if filters.channel:
        query = query.where(Case.channel == filters.channel)
    if filters.reference:
        prefix = id_prefix_of(filters.reference)
        if len(prefix) < REFERENCE_CHARS:
            return []  # too short to name one case
        query = query.where(Case.id.like(f"{prefix}%"))
    query = query.order_by(Case.needs_safety_check.desc(), _risk_rank(effective).desc(), Case.created_at.asc())
    return list(session.scalars(query))


def set_status(session: Session, case: Case, status: str, actor: str) -> None:
    if status not in STATUSES:
        raise CaseError(f"unknown status {status!r}")
    if status != case.status:
        audit(session, actor, "status", case.id, f"{case.status} -> {status}")
        case.status = status
        case.updated_at = utcnow()


def assign(session: Session, case: Case, staff: Staff | None, actor: str) -> None:
    if (staff.id if staff else None) != case.assignee_id:
        audit(session, actor, "assign", case.id, f"to {staff.name if staff else 'nobody'}")
        case.assignee = staff
        case.updated_at = utcnow()


def override_risk(session: Session, case: Case, level: str | None, reason: str, actor: str) -> None:
    """Set the worker's level beside the engine's (both kept); None or the engine's own level clears it."""
    if level and level not in RISK_LEVELS:
        raise CaseError(f"unknown risk level {level!r}")
    if level == case.risk:
        level = None
    if level and not reason.strip():
        raise CaseError("say why the risk level is changed")
    if level == case.risk_override and (reason.strip() == (case.override_reason or "") or not level):
        return
    audit(session, actor, "override", case.id, f"engine {case.risk}; worker {level or 'none'}")
    case.risk_override = level
    case.override_reason = reason.strip() if level else None
    case.override_by = actor if level else None
    case.updated_at = utcnow()


def set_reassessment(session: Session, case: Case, when: date | None, actor: str) -> None:
    if when != case.reassess_on:
        audit(session, actor, "reassess_on", case.id, when.isoformat() if when else "none")
        case.reassess_on = when
        case.updated_at = utcnow()


def add_note(session: Session, case: Case, body: str, actor: str) -> None:
    if body.strip():
        case.notes.append(Note(author=actor, body=body.strip()))
        audit(session, actor, "note", case.id)
        case.updated_at = utcnow()


def purge_expired(session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Delete cases (and their notes) untouched for `retention_days`; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    ids = list(session.scalars(select(Case.id).where(Case.updated_at < cutoff)))
    if ids:
        session.execute(delete(Note).where(Note.case_id.in_(ids)))
        session.execute(delete(Case).where(Case.id.in_(ids)))
        audit(session, None, "purge", None, f"{len(ids)} case(s) older than {retention_days} days")
        log.info("purged %d case(s) untouched for %d days", len(ids), retention_days)
    return len(ids)


def delete_conversation_cases(session: Session, conversation_key: str) -> int:
    """ "Delete my data": remove the cases that came from this conversation; returns how many."""
    ids = list(session.scalars(select(Case.id).where(Case.conversation_key == conversation_key)))
    if ids:
        session.execute(delete(Note).where(Note.case_id.in_(ids)))
        session.execute(delete(Case).where(Case.id.in_(ids)))
        audit(session, None, "deleted_by_person", None, f"{len(ids)} case(s)")
    return len(ids)
