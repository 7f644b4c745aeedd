"""Command line: `python -m bot triage` (JSON lines or --text), `python -m bot kb check|load`,
`python -m bot cases migrate|purge` and `python -m bot staff add NAME [--admin]`.

The JSON-lines contract is relied on by other tools: one object in, one object out, in
order; a line that cannot be read gives {"id": ..., "error": ...} and the run goes on.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from bot.logs import configure_logging
from bot.settings import Settings, settings_or_exit
from bot.triage.models import Assessment


def _answer_line(line: str, assess_one) -> dict[str, Any]:
    try:
        request = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return {"id": None, "error": f"not valid JSON: {error.msg if hasattr(error, 'msg') else error}"}
    if not isinstance(request, dict):
        return {"id": None, "error": "each line must be a JSON object"}
    request_id = request.get("id")
    text = request.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        return {"id": request_id, "error": "'text' must be a string"}
    jurisdiction = request.get("jurisdiction")
    if jurisdiction is not None and not isinstance(jurisdiction, str):
        return {"id": request_id, "error": "'jurisdiction' must be a string code like 'US-CA', or null"}
    answers = request.get("answers") or {}
    if not isinstance(answers, dict):
        return {"id": request_id, "error": "'answers' must be an object"}
    assessment: Assessment = assess_one(text, jurisdiction, answers)
    return {"id": request_id, **assessment.to_dict()}


def run_jsonl(lines: Iterable[str], out: TextIO, assess_one=None) -> int:
    """Answer each JSON line in order; returns the number of lines that gave an error."""
    if assess_one is None:
        from bot.triage.rubric import assess as assess_one
    errors = 0
    for line in lines:
        if not line.strip():
            continue
        try:
            answer = _answer_line(line, assess_one)
        except Exception as error:  # one bad case must not stop a batch; say what happened
            answer = {"id": None, "error": f"could not assess this line: {type(error).__name__}"}
        errors += "error" in answer
        out.write(json.dumps(answer, ensure_ascii=False) + "\n")
        out.flush()
    return errors


def render(assessment: Assessment) -> str:
    """A readable report for a person at a terminal."""
    from bot.places import get_places

    lines = [
        f"Classification: {assessment.classification}",
        f"Risk:           {assessment.risk}",
        f"Flags:          {', '.join(assessment.flags) or 'none'}",
        f"Jurisdiction:   {assessment.jurisdiction or 'not known'}"
        + (f" ({get_places().name(assessment.jurisdiction)})" if assessment.jurisdiction else ""),
        f"Safety check:   {'ask whether they are safe right now: ' + assessment.needs_safety_check if assessment.needs_safety_check else 'not needed'}",
        "",
        "Reasons:",
        *[f"  - {reason.as_line()}" for reason in assessment.reasons],
    ]
    if assessment.unknowns:
        lines += ["", f"Still unknown: {', '.join(assessment.unknowns)}"]
    if assessment.laws:
        lines += ["", "Laws that may apply (legal information, not legal advice):"]
        for law in assessment.laws:
            check = "" if law.verified else " [could not be confirmed]"
            lines += [
                f"  - {law.citation}: {law.title}{check}",
                f"    {law.summary}",
                f"    {law.url or 'no official link'} (checked {law.last_checked})",
            ]
    if assessment.referrals:
        lines += ["", "Who can help:"]
        for c in assessment.referrals:
            how = ", ".join(x for x in (c.phone, c.sms, c.url) if x)
            status = {True: "open now", False: "closed now", None: ""}[c.open_now]
            lines.append(f"  - {c.name}: {how} ({c.hours}{'; ' + status if status else ''}) - {c.why}")
    if assessment.next_steps:
        lines += ["", "Next steps:"]
        lines += [f"  - {step.title}: {step.text}" for step in assessment.next_steps]
    for note in assessment.notes:
        lines += ["", f"Note: {note}"]
    return "\n".join(lines)


def _cases(action: str, settings: Settings) -> int:
    from bot.cases.db import session_factory, upgrade
    from bot.cases.store import purge_expired

    upgrade(settings.cases_database_url)
    if action == "migrate":
        print("case store is up to date")
        return 0
    with session_factory(settings.cases_database_url).begin() as session:
        purged = purge_expired(session, settings.case_retention_days)
    print(f"purged {purged} case(s) untouched for {settings.case_retention_days} days")
    return 0


def read_new_password(stdin: TextIO = sys.stdin) -> str:
    """The new password: asked twice at a terminal, else the first line of stdin (for scripts)."""
    if stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise ValueError("the two passwords differ")
        return password
    return stdin.readline().rstrip("\r\n")


def _add_staff(name: str, admin: bool, settings: Settings) -> int:
    from bot.cases.db import session_factory, upgrade
    from bot.cases.staff import StaffError, add_staff
    from bot.cases.store import audit

    try:
        password = read_new_password()
        upgrade(settings.cases_database_url)
        with session_factory(settings.cases_database_url).begin() as session:
            add_staff(session, name, password, admin=admin)
            audit(session, None, "staff_added", None, f"{name.strip()}{' (admin)' if admin else ''}")
    except (StaffError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"added {'admin' if admin else 'staff'} account {name.strip()!r}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="cyberguide command line")
    sub = parser.add_subparsers(dest="command", required=True)
    triage = sub.add_parser("triage", help="assess accounts: JSON lines on stdin, or --text")
    triage.add_argument("--text", help="assess one account and print it readably")
    triage.add_argument("--jurisdiction", help="ISO 3166 code such as US-CA, GB-SCT, CA-ON")
    kb = sub.add_parser("kb", help="the knowledge base")
    kb.add_argument("action", choices=["check", "load"])
    cases = sub.add_parser("cases", help="the staff console's case store")
    cases.add_argument("action", choices=["migrate", "purge"], help="migrate: create or upgrade; purge: delete expired")
    staff = sub.add_parser("staff", help="staff accounts for the console")
    staff.add_argument("action", choices=["add"])
    staff.add_argument("name")
    staff.add_argument("--admin", action="store_true", help="may also see the audit log")
    args = parser.parse_args(argv)
    settings = settings_or_exit()  # a bad CYBERGUIDE_* variable: a clear message and exit 2, not a traceback
    configure_logging(settings.log_level or "WARNING")  # stdout is the JSON contract; logs go to stderr

    if args.command == "triage":
        from bot.triage.rubric import assess

        if args.text is not None:
            print(render(assess(args.text, args.jurisdiction)))
            return 0
        from bot.triage.loading import load_triage_engine

        load_triage_engine()  # (before the first line, so a batch's long-lived objects are loaded once and frozen)
        # Undecodable bytes become U+FFFD, so one bad line is reported and the run goes on.
        with open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False) as stdin:
            run_jsonl(stdin, sys.stdout)
        return 0
    if args.command == "cases":
        return _cases(args.action, settings)
    if args.command == "staff":
        return _add_staff(args.name, args.admin, settings)
    if args.action == "check":
        from bot.knowledge.check import check

        return check(sys.stdout)
    from bot.knowledge.db import get_engine
    from bot.knowledge.loader import KnowledgeError, load_knowledge

    try:
        changed = load_knowledge(get_engine())
    except KnowledgeError as error:
        print("\n".join(f"error: {line}" for line in error.errors), file=sys.stderr)
        return 1
    print("knowledge base loaded" if changed else "knowledge base already up to date")
    return 0
