"""A helpline worker's round in a real browser (Debian's Chromium driven by Playwright) against a
real console on a loopback port and a real SQLite case store: sign in, the queue in risk order,
a case worked (status, risk override with a reason), a new triage saved, the print view."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.cases.store import case_from_assessment
from bot.cases.tables import Case, reference_of, utcnow
from bot.triage.rubric import assess
from tests.channels.web.test_widget import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, DESKTOP
from tests.console.conftest import WORKER

pytestmark = pytest.mark.browser

CALLER = (
    "My ex-boyfriend keeps texting me from new numbers every day since I blocked him, he says he knows where I work"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors  # e.g. anything the Content-Security-Policy refused


def seed(sessions) -> dict[str, str]:
    """Three cases: an old standard one, a newer high one, and one needing a safety check."""
    accounts = {
        "standard": ("someone left one rude comment on my photo", 2, False),
        "high": ("my ex said he will hurt me and keeps messaging me from new accounts", 1, False),
        "check": ("a man from my gym keeps messaging me and I feel uneasy", 0, True),
    }
    ids = {}
    with sessions.begin() as session:
        for name, (account, days, check) in accounts.items():
            case = case_from_assessment(assess(account, "GB-ENG"), channel="web", account=account)
            case.needs_safety_check = check
            case.created_at = case.updated_at = utcnow() - timedelta(days=days)
            session.add(case)
            session.flush()
            ids[name] = case.id
    return ids


def sign_in(page: Page, url: str) -> None:
    page.goto(f"{url}/")
    expect(page).to_have_url(f"{url}/login?next=%2F")
    page.get_by_label("Name").fill(WORKER[0])
    page.get_by_label("Password").fill(WORKER[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()


def test_a_worker_works_the_queue_and_a_case(console, page):
    ids = seed(console.sessions)
    sign_in(page, console.url)
    rows = page.locator("tr[data-case]")
    expect(rows).to_have_count(3)
    order = [rows.nth(i).get_attribute("data-case") for i in range(3)]
    assert order == [ids["check"], ids["high"], ids["standard"]]
    expect(rows.first).to_contain_text("Ask if safe")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-queue.png"))

    # A person who shared from the chat reads out their reference: it finds their case alone.
    page.get_by_label("Reference").fill(reference_of(ids["high"]).lower().replace("-", " "))
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    assert rows.first.get_attribute("data-case") == ids["high"]
    page.get_by_role("link", name="Queue").click()
    expect(rows).to_have_count(3)

    page.get_by_role("link", name=reference_of(ids["standard"])).click()
    expect(page.get_by_role("heading", name=f"Case {reference_of(ids['standard'])}")).to_be_visible()
    expect(page.locator(".laws a").first).to_have_attribute("href", re.compile(r"^https://"))
    expect(page.locator(".laws")).to_contain_text("last checked")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#status")).to_have_text("in progress")

    page.get_by_label("Level").select_option("high")
    page.get_by_role("button", name="Set risk level").click()
    expect(page.locator(".flash.error")).to_contain_text("say why")
    page.get_by_label("Level").select_option("high")
    page.get_by_label("Reason").fill("the caller says he has her new address")
    page.get_by_role("button", name="Set risk level").click()
    expect(page.locator(".assessment")).to_contain_text("the engine said standard")
    page.get_by_label("New note").fill("Advised to keep screenshots; will call back Friday")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".note")).to_contain_text("call back Friday")
    page.screenshot(path=str(ARTIFACTS / "console-case.png"), full_page=True)

    page.get_by_role("link", name="Queue").click()
    order = [rows.nth(i).get_attribute("data-case") for i in range(3)]
    # now both high: the one waiting longer (the overridden one, two days old) comes first
    assert order == [ids["check"], ids["standard"], ids["high"]]
    expect(page.locator(f"tr[data-case='{ids['standard']}'] .risk")).to_have_text("high")

    with console.sessions() as session:
        case = session.get(Case, ids["standard"])
        assert (case.status, case.risk, case.risk_override) == ("in_progress", "standard", "high")

    page.goto(f"{console.url}/cases/{ids['high']}/print")
    expect(page.get_by_role("heading", name=f"Case summary {reference_of(ids['high'])}")).to_be_visible()
    expect(page.locator("header.top")).to_be_visible()  # hidden only when printed
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator(".reasons")).to_contain_text("threat")
    expect(page.locator(".referrals")).to_contain_text("open now")  # worked out now, not when assessed


def test_a_worker_triages_a_caller_and_saves_the_case(console, page):
    sign_in(page, console.url)
    page.get_by_role("link", name="New triage").click()
    page.get_by_label("The caller's account").fill(CALLER)
    page.get_by_label("Where they live").fill("Texas")
    page.locator("fieldset", has_text="Who is doing this").get_by_label("An ex-partner").check()
    page.locator("fieldset", has_text="threatened to hurt you").get_by_label("No", exact=True).check()
    page.locator("fieldset", has_text="under 18").get_by_label("Don't know").check()
    # the assessment follows the answers without pressing Assess (the same engine, on the server)
    expect(page.locator("#classification")).to_have_text("cyberstalking")
    expect(page.locator(".assessment")).to_contain_text("Texas")
    page.locator("fieldset", has_text="threatened to hurt you").get_by_label("Yes", exact=True).check()
    expect(page.locator(".assessment")).to_contain_text("threats of violence")
    page.locator("fieldset", has_text="threatened to hurt you").get_by_label("No", exact=True).check()
    expect(page.locator(".assessment")).not_to_contain_text("threats of violence")
    page.get_by_role("button", name="Assess").click()
    expect(page.locator("#classification")).to_have_text("cyberstalking")
    expect(page.locator(".assessment")).to_contain_text("Texas")
    # the answers stay on the form after assessing
    expect(page.locator("fieldset", has_text="Who is doing this").get_by_label("An ex-partner")).to_be_checked()
    risk = page.locator("#risk").inner_text()
    page.screenshot(path=str(ARTIFACTS / "console-triage.png"), full_page=True)
    page.get_by_role("button", name="Save as a case").click()
    expect(page.locator(".flash")).to_contain_text("Saved as a case")
    expect(page.locator(".assessment .risk").first).to_have_text(risk)
    case_id = page.url.rsplit("/", 1)[-1]
    expect(page.locator("h1")).to_have_text(f"Case {reference_of(case_id)}")
    with console.sessions() as session:
        case = session.get(Case, case_id)
        assert case.channel == "phone" and case.jurisdiction == "US-TX" and case.account == CALLER
        assert case.answers["relationship"] == "ex_partner" and case.answers["threats"] == "no"
        assert "under_18" not in case.answers
