"""The console over real HTTP (Werkzeug on a loopback port, a real SQLite case store): who may
reach what, CSRF, sign-in throttling, the audit log and the security headers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import requests
from sqlalchemy import text

from bot.cases.store import case_from_assessment
from bot.cases.tables import Case
from bot.console.app import PUBLIC_ENDPOINTS
from bot.settings import REPO_ROOT
from bot.triage.rubric import assess
from tests.conftest import free_port
from tests.console.conftest import ADMIN, WORKER, csrf_token


def sample_url(rule) -> str:
    """A URL for any route in the table: each variable filled with a plausible value."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: "0123456789abcdef", rule.rule)


def test_every_route_but_sign_in_refuses_anyone_not_signed_in(console):
    rules = list(console.app.url_map.iter_rules())
    assert {r.endpoint for r in rules} >= PUBLIC_ENDPOINTS
    assert {"login", "static", "healthz"} == PUBLIC_ENDPOINTS
    client = requests.Session()
    checked = 0
    for rule in rules:
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.request(method, console.url + sample_url(rule), allow_redirects=False)
            assert response.status_code in (302, 401), (method, rule.rule, response.status_code)
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/login"), rule.rule
            checked += 1
    assert checked >= 9


def test_a_form_without_a_valid_csrf_token_is_refused(console):
    client = requests.Session()
    refused = client.post(f"{console.url}/login", data={"name": ADMIN[0], "password": ADMIN[1]})
    assert refused.status_code == 400
    forged = client.post(f"{console.url}/login", data={"name": ADMIN[0], "password": ADMIN[1], "csrf_token": "forged"})
    assert forged.status_code == 400
    signed_in = console.sign_in(*WORKER)
    no_token = signed_in.post(f"{console.url}/triage", data={"account": "hello", "save": "1"}, allow_redirects=False)
    assert no_token.status_code == 400
    with console.sessions() as session:
        assert session.execute(text("SELECT count(*) FROM cases")).scalar() == 0


def test_repeated_wrong_passwords_are_throttled_and_the_right_one_waits_too(start_console):
    console = start_console(console_login_limit="3 per 10 minutes")
    client = requests.Session()
    token = csrf_token(client.get(f"{console.url}/login").text)
    codes = [
        client.post(
            f"{console.url}/login", data={"name": WORKER[0], "password": f"guess {n}", "csrf_token": token}
        ).status_code
        for n in range(4)
    ]
    assert codes == [401, 401, 401, 429]
    right = client.post(f"{console.url}/login", data={"name": WORKER[0], "password": WORKER[1], "csrf_token": token})
    assert right.status_code == 429 and "Too many failed sign-ins" in right.text


def test_a_successful_sign_in_does_not_count_towards_the_limit(start_console):
    console = start_console(console_login_limit="2 per 10 minutes")
    for _ in range(4):
        console.sign_in(*WORKER)


def test_audit_log_records_sign_ins_views_and_changes_and_only_admins_see_it(console):
    with console.sessions.begin() as session:
        case = case_from_assessment(assess("someone keeps messaging me", "US-TX"), channel="phone")
        session.add(case)
        session.flush()
        case_id = case.id
    worker = console.sign_in(*WORKER)
    page = worker.get(f"{console.url}/cases/{case_id}")
    assert page.status_code == 200
    worker.post(
        f"{console.url}/cases/{case_id}/update",
        data={"status": "in_progress", "assignee": "", "reassess_on": "", "csrf_token": csrf_token(page.text)},
    )
    assert worker.get(f"{console.url}/audit").status_code == 403
    admin = console.sign_in(*ADMIN)
    log = admin.get(f"{console.url}/audit").text
    rows = re.findall(r"<tr><td>[^<]+</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", log)
    assert (WORKER[0], "sign in", "", "") in rows
    assert (WORKER[0], "view", case_id, "") in rows
    assert (WORKER[0], "status", case_id, "new -&gt; in_progress") in rows


def test_security_headers_and_cookie_flags(console):
    response = requests.get(f"{console.url}/login")
    headers = response.headers
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer" and headers["Cache-Control"] == "no-store"
    assert "Server" not in headers or headers["Server"] == ""
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    assert not re.search(r"https?://(?!127\.0\.0\.1)", response.text)  # no third-party assets


def test_python_m_bot_console_migrates_and_serves(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "CYBERGUIDE_CASES_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "PYTHONPATH": str(REPO_ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.console", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except requests.ConnectionError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.3)
        assert health.text == "ok"
        assert requests.get(f"http://127.0.0.1:{port}/", allow_redirects=False).status_code == 302
        assert (tmp_path / "fresh.sqlite3").exists()
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_admins_manage_accounts_and_a_switched_off_account_is_signed_out(console):
    worker = console.sign_in(*WORKER)
    assert worker.get(f"{console.url}/staff").status_code == 403
    admin = console.sign_in(*ADMIN)
    page = admin.get(f"{console.url}/staff")
    assert page.status_code == 200
    token = csrf_token(page.text)
    short = admin.post(f"{console.url}/staff", data={"name": "kim", "password": "short", "csrf_token": token})
    assert "at least 12 characters" in short.text
    added = admin.post(
        f"{console.url}/staff", data={"name": "kim", "password": "kim's long password", "csrf_token": token}
    )
    assert "Account kim added." in added.text
    kim = console.sign_in("kim", "kim's long password")
    assert kim.get(f"{console.url}/", allow_redirects=False).status_code == 200
    assert kim.get(f"{console.url}/audit").status_code == 403  # not an admin
    ids = dict(re.findall(r'<tr data-staff="([^"]+)">.*?action="/staff/(\d+)/active"', added.text, re.S))
    off = admin.post(f"{console.url}/staff/{ids['kim']}/active", data={"active": "0", "csrf_token": token})
    assert "no (switched off)" in off.text
    assert kim.get(f"{console.url}/", allow_redirects=False).status_code == 302  # signed out
    client = requests.Session()
    login = client.get(f"{console.url}/login")
    refused = client.post(
        f"{console.url}/login",
        data={"name": "kim", "password": "kim's long password", "csrf_token": csrf_token(login.text)},
    )
    assert refused.status_code == 401
    own = admin.post(f"{console.url}/staff/{ids[ADMIN[0]]}/active", data={"active": "0", "csrf_token": token})
    assert "cannot switch off your own account" in own.text
    log = admin.get(f"{console.url}/audit").text
    assert "staff added" in log and "staff disabled" in log


def test_a_bad_value_in_the_case_form_changes_nothing(console):
    with console.sessions.begin() as session:
        case = case_from_assessment(assess("someone keeps messaging me", "US-TX"), channel="phone")
        session.add(case)
        session.flush()
        case_id = case.id
    worker = console.sign_in(*WORKER)
    token = csrf_token(worker.get(f"{console.url}/cases/{case_id}").text)
    page = worker.post(
        f"{console.url}/cases/{case_id}/update",
        data={"status": "referred", "assignee": "", "reassess_on": "next week", "csrf_token": token},
    )
    assert "should look like 2026-12-31" in page.text
    with console.sessions() as session:
        assert session.get(Case, case_id).status == "new"
    page = worker.post(
        f"{console.url}/cases/{case_id}/update",
        data={"status": "referred", "assignee": "", "reassess_on": "2020-01-31", "csrf_token": token},
    )
    assert "overdue" in page.text
    assert re.search(r'<tr class="risk-\w+ overdue" data-case="' + case_id, worker.get(f"{console.url}/").text)


def test_behind_a_trusted_proxy_each_client_has_its_own_sign_in_limit(start_console):
    console = start_console(console_login_limit="2 per 10 minutes", trusted_proxies=("127.0.0.1",))

    def failures(client_ip: str, name: str) -> list[int]:
        client = requests.Session()
        token = csrf_token(client.get(f"{console.url}/login").text)
        return [
            client.post(
                f"{console.url}/login",
                data={"name": name, "password": "wrong guess", "csrf_token": token},
                headers={"X-Forwarded-For": client_ip},
            ).status_code
            for _ in range(3)
        ]

    assert failures("203.0.113.7", "nobody-1") == [401, 401, 429]
    assert failures("203.0.113.8", "nobody-2") == [401, 401, 429]  # another client, not yet limited
    forged = failures("203.0.113.7", "nobody-3")  # the first client, whatever name it tries
    assert forged == [429, 429, 429]


def test_cookies_are_secure_when_the_console_is_served_over_tls(start_console):
    console = start_console(console_url="https://console.helpline.example")
    cookie = requests.get(f"{console.url}/login").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
