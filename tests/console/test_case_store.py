"""The case store on a real SQLite database made by the Alembic migrations: what a case keeps,
the queue's order, the override, encryption at rest, retention, and the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from sqlalchemy import inspect, text

from bot.cases.db import get_case_engine
from bot.cases.staff import StaffError, add_staff, authenticate
from bot.cases.store import (
    CaseError,
    QueueFilter,
    add_note,
    case_from_assessment,
    delete_conversation_cases,
    override_risk,
    purge_expired,
    queue,
    set_status,
)
from bot.cases.tables import AuditEntry, Case, utcnow
from bot.settings import REPO_ROOT
from bot.triage.rubric import assess

THREAT = "my ex said he will kill me and he keeps turning up outside my flat every night"
RUDE = "someone left one rude comment on my photo yesterday"


def saved(sessions, account: str, *, created_days_ago: float = 0, **fields) -> str:
    with sessions.begin() as session:
        case = case_from_assessment(assess(account, "GB-ENG"), channel="phone", account=account)
        for name, value in fields.items():
            setattr(case, name, value)
        case.created_at = case.updated_at = utcnow() - timedelta(days=created_days_ago)
        session.add(case)
        session.flush()
        return str(case.id)


def test_migrations_create_every_table_on_an_empty_sqlite_database(cases_url):
    tables = set(inspect(get_case_engine(cases_url)).get_table_names())
    assert {"staff", "cases", "case_notes", "audit_log", "alembic_version"} <= tables
    assert not tables & {"laws", "contacts", "steps"}  # the knowledge tables live elsewhere


def test_a_case_keeps_the_engines_assessment(sessions):
    case_id = saved(sessions, THREAT)
    with sessions() as session:
        case = session.get(Case, case_id)
        assert len(case.id) == 16 and case.status == "new" and case.channel == "phone"
        assert case.risk in ("high", "emergency") and "threats_of_violence" in case.flags
        assert case.jurisdiction == "GB-ENG" and case.laws and case.referrals
        assert {"citation", "url", "last_checked"} <= set(case.laws[0])
        assert any(reason["label"] == "threats_of_violence" for reason in case.reasons)


def test_notes_accounts_and_reasons_are_encrypted_at_rest(sessions, cases_url):
    case_id = saved(sessions, THREAT)
    with sessions.begin() as session:
        add_note(session, session.get(Case, case_id), "called back, staying with her sister", "alex")
    with get_case_engine(cases_url).connect() as connection:
        raw = " ".join(
            str(value)
            for row in connection.execute(text("SELECT * FROM cases")).all()
            + connection.execute(text("SELECT * FROM case_notes")).all()
            for value in row
        )
    assert "kill me" not in raw and "sister" not in raw and "gAAAAA" in raw  # Fernet tokens
    with sessions() as session:
        assert session.get(Case, case_id).notes[0].body == "called back, staying with her sister"


def test_queue_puts_safety_checks_first_then_risk_then_the_oldest(sessions):
    old_low = saved(sessions, RUDE, created_days_ago=3)
    new_low = saved(sessions, RUDE, created_days_ago=1)
    high = saved(sessions, THREAT, created_days_ago=0, needs_safety_check=False)
    check = saved(sessions, RUDE, created_days_ago=0, needs_safety_check=True)
    closed = saved(sessions, THREAT, status="closed")
    with sessions() as session:
        order = [case.id for case in queue(session)]
        assert order == [check, high, old_low, new_low]
        assert closed not in order
        assert [c.id for c in queue(session, QueueFilter(status="closed"))] == [closed]
        assert high not in [c.id for c in queue(session, QueueFilter(risk="standard"))]
        assert len(queue(session, QueueFilter(jurisdiction="GB"))) == 4
        assert queue(session, QueueFilter(jurisdiction="US")) == []


def test_an_override_keeps_both_levels_needs_a_reason_and_reorders_the_queue(sessions):
    low = saved(sessions, RUDE, created_days_ago=2)
    high = saved(sessions, THREAT, needs_safety_check=False)
    with sessions.begin() as session:
        case = session.get(Case, low)
        with pytest.raises(CaseError):
            override_risk(session, case, "emergency", "  ", "alex")
        override_risk(session, case, "emergency", "he is outside now, caller whispering", "alex")
    with sessions() as session:
        case = session.get(Case, low)
        assert (case.risk, case.risk_override, case.effective_risk) == ("standard", "emergency", "emergency")
        assert [c.id for c in queue(session)] == [low, high]
        entries = session.query(AuditEntry).filter_by(action="override").all()
        assert entries[0].detail == "engine standard; worker emergency"
        assert "whispering" not in entries[0].detail


def test_an_unknown_status_is_refused(sessions):
    case_id = saved(sessions, RUDE)
    with sessions.begin() as session, pytest.raises(CaseError):
        set_status(session, session.get(Case, case_id), "lost", "alex")


def test_reassessment_in_the_past_is_overdue_until_closed(sessions):
    case_id = saved(sessions, RUDE, reassess_on=date.today() - timedelta(days=1))
    with sessions() as session:
        case = session.get(Case, case_id)
        assert case.reassessment_overdue()
        case.status = "closed"
        assert not case.reassessment_overdue()


def test_purge_removes_cases_untouched_for_the_retention_period(sessions):
    expired = saved(sessions, THREAT, created_days_ago=31)
    kept = saved(sessions, THREAT, created_days_ago=29)
    with sessions.begin() as session:
        add_note(session, session.get(Case, expired), "a note", "alex")
        session.get(Case, expired).updated_at = utcnow() - timedelta(days=31)
    with sessions.begin() as session:
        assert purge_expired(session, 30) == 1
    with sessions() as session:
        assert session.get(Case, expired) is None and session.get(Case, kept) is not None
        assert session.execute(text("SELECT count(*) FROM case_notes")).scalar() == 0


def test_delete_my_data_removes_that_conversations_cases_only(sessions):
    mine = saved(sessions, RUDE, channel="web", conversation_key="conv-1")
    other = saved(sessions, RUDE, channel="web", conversation_key="conv-2")
    with sessions.begin() as session:
        assert delete_conversation_cases(session, "conv-1") == 1
    with sessions() as session:
        assert session.get(Case, mine) is None and session.get(Case, other) is not None


def test_passwords_are_argon2_hashed_and_checked(sessions):
    with sessions.begin() as session:
        staff = add_staff(session, "robin", "a good long password")
        assert staff.password_hash.startswith("$argon2id$")
        with pytest.raises(StaffError):
            add_staff(session, "robin", "a good long password")
        with pytest.raises(StaffError):
            add_staff(session, "kim", "short")
    with sessions.begin() as session:
        assert authenticate(session, "robin", "a good long password") is not None
        assert authenticate(session, "robin", "wrong password!!") is None
        assert authenticate(session, "nobody", "a good long password") is None


def _cli(args: list[str], cases_url: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "CYBERGUIDE_CASES_DATABASE_URL": cases_url, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def test_the_command_line_adds_staff_from_stdin_and_purges(sessions, cases_url):
    added = _cli(["staff", "add", "jo", "--admin"], cases_url, stdin="jo's long password\n")
    assert added.returncode == 0, added.stderr
    assert "jo's long password" not in added.stdout + added.stderr
    with sessions.begin() as session:
        assert authenticate(session, "jo", "jo's long password").is_admin
    expired = saved(sessions, RUDE, created_days_ago=40)
    purged = _cli(["cases", "purge"], cases_url)
    assert purged.returncode == 0, purged.stderr
    assert "purged 1 case(s)" in purged.stdout
    with sessions() as session:
        assert session.get(Case, expired) is None


def test_the_consoles_scheduled_purge_runs_at_once_and_stops_when_told(sessions, cases_url):
    import dataclasses
    import threading

    from bot.console.__main__ import purge_on_schedule
    from bot.settings import get_settings

    expired = saved(sessions, RUDE, created_days_ago=8)
    settings = dataclasses.replace(get_settings(), cases_database_url=cases_url, case_retention_days=7)
    stop = threading.Event()
    worker = threading.Thread(target=purge_on_schedule, args=(settings, stop, 0.05))
    worker.start()
    try:
        for _ in range(100):
            with sessions() as session:
                if session.get(Case, expired) is None:
                    break
            stop.wait(0.05)
        with sessions() as session:
            assert session.get(Case, expired) is None
    finally:
        stop.set()
        worker.join(timeout=5)
    assert not worker.is_alive()


def test_referrals_keep_their_contact_so_the_case_page_can_say_open_now(sessions, kb):
    case_id = saved(sessions, THREAT)
    with sessions() as session:
        referrals = session.get(Case, case_id).referrals
    assert referrals and all(r["id"] for r in referrals)
    always = [r for r in referrals if r["hours"] == "24/7"]
    assert always, "an emergency line open all hours"
    assert all(kb.contact_open_now(r["id"], r["jurisdiction"]) is True for r in always)
    assert kb.contact_open_now("no-such-contact", "GB-ENG") is None
