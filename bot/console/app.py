"""The console's Flask app: `create_app()` wires the extensions (sessions and sign-in with
Flask-Login, CSRF with Flask-WTF, sign-in throttling with Flask-Limiter), the security headers
and the routes. Routes are thin: cases are changed in :mod:`bot.cases.store`.

Every route needs a signed-in worker except those in :data:`PUBLIC_ENDPOINTS`; the tests walk
the route table to hold the app to that.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import Flask, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_limiter import Limiter
from flask_login import AnonymousUserMixin, LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.cases.db import session_factory, upgrade
from bot.cases.staff import StaffError, add_staff, authenticate
from bot.cases.store import (
    RISKS_HIGH_FIRST,
    CaseError,
    QueueFilter,
    add_note,
    assign,
    audit,
    case_from_assessment,
    override_risk,
    queue,
    set_reassessment,
    set_status,
)
from bot.cases.tables import CHANNELS, STATUSES, AuditEntry, Case, Staff, utcnow
from bot.channels.web.addresses import client_address, limit_key, trusted_networks
from bot.console.triage_form import answers_from_form, worker_questions
from bot.places import get_places
from bot.settings import Settings, get_settings

log = logging.getLogger(__name__)

# The only routes a person who has not signed in may reach.
PUBLIC_ENDPOINTS = frozenset({"login", "static", "healthz"})
AUDIT_PAGE = 200  # entries shown at once
STORE_DOWN = (
    "The case store can't be reached right now, so nothing could be shown or saved. "
    "Please try again in a minute. If it goes on, tell whoever runs cyberguide."
)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass
class Worker(UserMixin):
    """The signed-in worker, as Flask-Login holds them (no password hash)."""

    id: int
    name: str
    is_admin: bool

    def get_id(self) -> str:
        return str(self.id)


def create_app(settings: Settings | None = None, *, testing: bool = False, migrated_at_start: bool = True) -> Flask:
    """The console for ``settings``; ``migrated_at_start=False`` when the store could not be migrated at start
    (it is then migrated on first use, and until it can be, every page says the store is down)."""
    settings = settings or get_settings()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.console_secret_key,
        SESSION_COOKIE_NAME="cg_console",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=settings.console_url.startswith("https://"),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        WTF_CSRF_SSL_STRICT=True,
        MAX_CONTENT_LENGTH=256 * 1024,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_HEADERS_ENABLED=False,
        TESTING=testing,
    )
    sessions = session_factory(settings.cases_database_url)

    migrated = threading.Event()  # set once the store is known to be migrated (at start, or later)
    if migrated_at_start:
        migrated.set()

    @contextmanager
    def unit_of_work() -> Iterator[Session]:
        if not migrated.is_set():  # the store was down when the console started: migrate it now
            upgrade(settings.cases_database_url)
            migrated.set()
        with sessions.begin() as session:
            yield session

    login_manager = LoginManager(app)
    login_manager.login_view = "login"
    login_manager.login_message = "Please sign in."
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_worker(worker_id: str) -> Worker | None:
        with unit_of_work() as session:
            staff = session.get(Staff, int(worker_id)) if worker_id.isdigit() else None
            if staff is None or not staff.active:
                return None
            return Worker(staff.id, staff.name, staff.is_admin)

    # Registered before CSRF protection, so a stranger is sent to sign in before anything else is checked.
    @app.before_request
    def everything_needs_sign_in() -> Any:
        if request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None

    CSRFProtect(app)

    proxies = trusted_networks(settings.trusted_proxies)

    def signing_in_from() -> str:
        """The client's address, through the reverse proxies in CYBERGUIDE_TRUSTED_PROXIES only (as the gateway reads it)."""
        return limit_key(client_address(request.remote_addr, request.headers.getlist("X-Forwarded-For"), proxies))

    limiter = Limiter(key_func=signing_in_from, app=app, storage_uri="memory://", strategy="moving-window")

    def failed_sign_in(response: Response) -> bool:
        return response.status_code != 302  # only failures count towards the limit

    def signing_in_as() -> str:
        return "name:" + request.form.get("name", "").strip().lower()[:80]

    def too_many(_limit: Any) -> Response:
        name = request.form.get("name", "").strip()[:80]
        with unit_of_work() as session:  # the account under attack, when it is one (never what was typed otherwise)
            known = session.scalar(select(Staff.name).where(Staff.name == name))
            audit(session, known, "sign_in_throttled", detail="" if known else "unknown name")
        return Response(render_template("login.html", throttled=True, name=""), status=429, mimetype="text/html")

    def audit_now(actor: str | None, action: str, case_id: str | None = None, detail: str = "") -> None:
        with unit_of_work() as session:
            audit(session, actor, action, case_id, detail)

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint == "static":
            response.headers["Cache-Control"] = "no-cache"
        return response

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError) -> tuple[str, int]:
        return render_template("error.html", title="Form expired", message=error.description), 400

    @app.errorhandler(SQLAlchemyError)
    def store_down(error: SQLAlchemyError) -> tuple[str, int]:
        """The database is down or refused: a plain page, never a traceback (its message may hold data)."""
        log.error("the case store could not be reached (%s)", type(error).__name__)
        g._login_user = AnonymousUserMixin()  # the signed-in worker can't be read: the page shows no menu
        return render_template("error.html", title="Case store unavailable", message=STORE_DOWN), 503

    @app.errorhandler(403)
    def forbidden(_error: Any) -> tuple[str, int]:
        return render_template("error.html", title="Not allowed", message="Only admins can see this page."), 403

    @app.errorhandler(404)
    def not_found(_error: Any) -> tuple[str, int]:
        return render_template("error.html", title="Not found", message="There is no such page or case."), 404

    @app.context_processor
    def shared() -> dict[str, Any]:
        return {"place_name": _place_name, "risks": RISKS_HIGH_FIRST, "statuses": STATUSES, "channels": CHANNELS}

    # -- signing in and out ----------------------------------------------------------------
    @app.get("/healthz")
    def healthz() -> Response:
        return Response("ok", mimetype="text/plain")

    @app.route("/login", methods=["GET", "POST"])
    @limiter.limit(settings.console_login_limit, methods=["POST"], deduct_when=failed_sign_in, on_breach=too_many)
    @limiter.limit(
        settings.console_login_limit,
        methods=["POST"],
        key_func=signing_in_as,
        deduct_when=failed_sign_in,
        on_breach=too_many,
    )
    def login() -> Any:
        if request.method == "GET":
            return render_template("login.html", throttled=False, name="")
        name = request.form.get("name", "").strip()[:80]
        with unit_of_work() as session:
            staff = authenticate(session, name, request.form.get("password", ""))
            if staff is None:
                known = session.scalar(select(Staff.name).where(Staff.name == name))
                audit(session, known, "sign_in_failed", detail="" if known else "unknown name")
                worker = None
            else:
                audit(session, staff.name, "sign_in")
                worker = Worker(staff.id, staff.name, staff.is_admin)
        if worker is None:
            return render_template("login.html", throttled=False, name=name, failed=True), 401
        login_user(worker)
        return redirect(url_for("queue_page"))

    @app.post("/logout")
    def logout() -> Any:
        audit_now(current_user.name, "sign_out")
        logout_user()
        return redirect(url_for("login"))

    # -- the queue and a case --------------------------------------------------------------
    @app.get("/")
    def queue_page() -> str:
        filters = QueueFilter(
            status=_choice(request.args.get("status"), STATUSES),
            risk=_choice(request.args.get("risk"), RISKS_HIGH_FIRST),
            jurisdiction=(request.args.get("jurisdiction") or "").strip()[:20] or None,
            channel=_choice(request.args.get("channel"), CHANNELS),
            reference=(request.args.get("reference") or "").strip()[:20] or None,
        )
        with unit_of_work() as session:
            cases = queue(session, filters)
            return render_template("queue.html", cases=cases, filters=filters, today=utcnow().date())

    def load_case(session: Session, case_id: str) -> Case:
        case = session.get(Case, case_id[:32])
        if case is None:
            abort(404)
        return case

    @app.get("/cases/<case_id>")
    def case_page(case_id: str) -> str:
        with unit_of_work() as session:
            case = load_case(session, case_id)
            audit(session, current_user.name, "view", case.id)
            staff = list(session.scalars(select(Staff).where(Staff.active.is_(True)).order_by(Staff.name)))
            return render_template("case.html", case=case, staff=staff, today=utcnow().date(), open_now=_open_now(case))

    @app.get("/cases/<case_id>/print")
    def case_print(case_id: str) -> str:
        with unit_of_work() as session:
            case = load_case(session, case_id)
            audit(session, current_user.name, "print", case.id)
            return render_template("print.html", case=case, today=utcnow().date(), open_now=_open_now(case))

    @app.post("/cases/<case_id>/update")
    def case_update(case_id: str) -> Any:
        with unit_of_work() as session:
            case = load_case(session, case_id)
            try:
                status, when = request.form.get("status", case.status), _date(request.form.get("reassess_on", ""))
                if status not in STATUSES:
                    raise CaseError(f"unknown status {status!r}")
                # every value read and checked first, so a bad one changes nothing
                set_status(session, case, status, current_user.name)
                assignee_id = request.form.get("assignee", "")
                staff = session.get(Staff, int(assignee_id)) if assignee_id.isdigit() else None
                assign(session, case, staff, current_user.name)
                set_reassessment(session, case, when, current_user.name)
            except CaseError as error:
                flash(str(error), "error")
            else:
                flash("Case updated.", "ok")
        return redirect(url_for("case_page", case_id=case_id))

    @app.post("/cases/<case_id>/override")
    def case_override(case_id: str) -> Any:
        with unit_of_work() as session:
            case = load_case(session, case_id)
            try:
                override_risk(
                    session,
                    case,
                    request.form.get("level") or None,
                    request.form.get("reason", "")[:2000],
                    current_user.name,
                )
            except CaseError as error:
                flash(str(error), "error")
            else:
                flash("Risk level updated.", "ok")
        return redirect(url_for("case_page", case_id=case_id))

    @app.post("/cases/<case_id>/notes")
    def case_note(case_id: str) -> Any:
        with unit_of_work() as session:
            case = load_case(session, case_id)
            add_note(session, case, request.form.get("body", "")[:10_000], current_user.name)
        return redirect(url_for("case_page", case_id=case_id) + "#notes")

    # -- a new triage ----------------------------------------------------------------------
    @app.route("/triage", methods=["GET", "POST"])
    def triage() -> Any:
        from bot.triage.rubric import assess

        account = request.form.get("account", "")[: settings.max_account_chars]
        answers, slots = answers_from_form(request.form)
        assessment = None
        if request.method == "POST":
            assessment = assess(account, answers.get("jurisdiction"), answers)
            if request.form.get("save"):
                with unit_of_work() as session:
                    case = case_from_assessment(assessment, channel="phone", account=account, answers=answers)
                    session.add(case)
                    session.flush()
                    audit(session, current_user.name, "triage_saved", case.id, f"{case.classification}/{case.risk}")
                    case_id = case.id
                flash("Saved as a case.", "ok")
                return redirect(url_for("case_page", case_id=case_id))
        return render_template(
            "triage.html",
            questions=worker_questions(),
            slots=slots,
            account=account,
            place=request.form.get("place", ""),
            assessment=assessment.to_dict() if assessment else None,
            reasons=assessment.reasons if assessment else [],
        )

    # -- admins ----------------------------------------------------------------------------
    @app.get("/audit")
    def audit_log() -> str:
        if not current_user.is_admin:
            abort(403)
        with unit_of_work() as session:
            entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE)))
            return render_template("audit.html", entries=entries)

    @app.route("/staff", methods=["GET", "POST"])
    def staff_accounts() -> Any:
        if not current_user.is_admin:
            abort(403)
        if request.method == "POST":
            name = request.form.get("name", "")
            admin = request.form.get("admin") == "1"
            with unit_of_work() as session:
                try:  # add_staff checks everything before it adds anything
                    add_staff(session, name, request.form.get("password", ""), admin=admin)
                except StaffError as error:
                    flash(str(error), "error")
                else:
                    audit(
                        session, current_user.name, "staff_added", detail=f"{name.strip()}{' (admin)' if admin else ''}"
                    )
                    flash(f"Account {name.strip()} added.", "ok")
            return redirect(url_for("staff_accounts"))
        with unit_of_work() as session:
            accounts = list(session.scalars(select(Staff).order_by(Staff.name)))
            return render_template("staff.html", accounts=accounts)

    @app.post("/staff/<int:staff_id>/active")
    def staff_active(staff_id: int) -> Any:
        if not current_user.is_admin:
            abort(403)
        with unit_of_work() as session:
            staff = session.get(Staff, staff_id)
            if staff is None:
                abort(404)
            active = request.form.get("active") == "1"
            if staff.id == current_user.id and not active:
                flash("You cannot switch off your own account.", "error")
            elif staff.active != active:
                staff.active = active
                audit(session, current_user.name, "staff_enabled" if active else "staff_disabled", detail=staff.name)
        return redirect(url_for("staff_accounts"))

    return app


def _choice(value: str | None, allowed: tuple[str, ...]) -> str | None:
    return value if value in allowed else None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        raise CaseError("the re-assessment date should look like 2026-12-31") from None


def _open_now(case: Case) -> dict[str, bool | None]:
    """Whether each referral is open at this moment (contact id -> True, False, or None: hours not stated)."""
    from bot.knowledge.service import get_knowledge_base

    kb = get_knowledge_base()
    return {
        str(c["id"]): kb.contact_open_now(str(c["id"]), str(c.get("jurisdiction") or ""))
        for c in case.referrals or []
        if c.get("id")
    }


def _place_name(code: str | None) -> str:
    if not code:
        return "not known"
    return f"{get_places().name(code)} ({code})" if get_places().known(code) else code
