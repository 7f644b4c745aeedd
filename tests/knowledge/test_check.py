"""`kb check` rules: phone numbers, hours, step promises and cautions, and how rules plug in."""

from __future__ import annotations

import io
import re
import textwrap
from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.check import (
    RULES,
    Findings,
    Scope,
    check,
    law_links_present,
    opening_hours,
    payment_demand_step,
    phone_numbers,
    reporting_step,
    step_cautions,
    step_promises,
)
from bot.knowledge.hours import hours_problem
from bot.knowledge.loader import Knowledge, read_knowledge
from bot.knowledge.phones import number_problem, sms_problem

PLACE = """
code: GB
name: United Kingdom
contacts:
  - id: gb-test-999
    name: Emergency
    phone: "999"
    hours: "24/7"
    serves: [emergency]
    verified: true
    last_checked: 2026-01-01
  - id: gb-test-line
    name: Stalking line
    phone: "0808 802 0300"
    sms: "text HELP to 85258"
    hours: {tz: Europe/London, open: [{days: [mon, tue, wed, thu, fri], from: "09:30", to: "16:00"}]}
    serves: [stalking]
    verified: false
    last_checked: 2026-01-01
"""
STEPS = """
promise_words: ['\\blisted below\\b']
cautions:
  - id: may_alert
    why: Removing an app can be noticed.
    advice: ['\\bremov\\w*\\s+(an?\\s+)?apps?\\b']
    must_mention: ['\\balert\\b']
steps:
  - id: danger
    title: Danger
    text: Call the emergency number listed below.
    text_without_contact: Call your local emergency number.
    needs_contact: [emergency]
    priority: safety
    when: {risk_any: [high, emergency]}
  - id: stalking-line
    title: Stalking line
    text: The stalking helpline listed below can help.
    needs_contact: [stalking]
"""


def knowledge(tmp_path: Path, place: str = PLACE, steps: str = STEPS) -> Knowledge:
    places = tmp_path / "places"
    places.mkdir(exist_ok=True)
    (places / "GB.yml").write_text(textwrap.dedent(place))
    (tmp_path / "steps.yml").write_text(textwrap.dedent(steps))
    found = read_knowledge(places, tmp_path / "steps.yml")
    assert found.errors == []
    return found


def errors_of(rule, found: Knowledge) -> list[str]:
    from bot.places import get_places

    return rule(Scope(found, get_places(), date(2026, 6, 1))).errors


# -- phone numbers (phonenumbers) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "region", "emergency"),
    [
        ("999", "GB", True),
        ("112", "IE", True),
        ("000", "AU", True),
        ("911", "US", True),
        ("116 123", "GB", False),
        ("0808 802 0300", "GB", False),
        ("1-800-799-SAFE (7233)", "US", False),
        ("13 11 14", "AU", False),
        ("01 554 3811", "IE", False),
        ("1930", "IN", False),  # newer than the library's data: listed in short_numbers.yml
    ],
)
def test_real_numbers_pass(number: str, region: str, emergency: bool) -> None:
    from bot.knowledge.phones import read_short_numbers

    assert number_problem(number, region, emergency, read_short_numbers()) is None


@pytest.mark.parametrize(
    ("number", "region", "emergency", "reason"),
    [
        ("0808 802 030", "GB", False, "not a valid number in GB"),  # a digit short
        ("101", "GB", True, "not an emergency number"),  # police non-emergency listed as emergency
        ("1-800-799-SAXE (7233)", "US", False, "does not spell"),
        ("12345", "GB", False, "short_numbers.yml"),
        ("1930", "IN", False, "short_numbers.yml"),  # without the reviewed list
        ("call us", "GB", False, "cannot be read"),
    ],
)
def test_wrong_numbers_fail(number: str, region: str, emergency: bool, reason: str) -> None:
    problem = number_problem(number, region, emergency)
    assert problem is not None and reason in problem


def test_text_lines_are_read_with_their_keyword() -> None:
    assert sms_problem("text START to 88788", "US") is None
    assert sms_problem("text 07860 077333", "GB") is None
    assert sms_problem("text 204-792-5302 or 204-805-6682", "CA") is None
    assert "is not written as" in (sms_problem("send HELLO", "US") or "")
    assert "not a valid number" in (sms_problem("text 204-792-5302 or 204-805-668", "CA") or "")


def test_kb_check_names_the_contact_with_a_bad_number(tmp_path: Path) -> None:
    found = knowledge(tmp_path, PLACE.replace('"0808 802 0300"', '"0808 802 030"'))
    assert errors_of(phone_numbers, found) == [
        "GB.yml: contact 'gb-test-line': phone '0808 802 030' is not a valid number in GB"
    ]
    assert errors_of(phone_numbers, knowledge(tmp_path)) == []


# -- hours in time zones --------------------------------------------------------------------------


def test_hours_must_name_a_time_zone_of_the_country(tmp_path: Path) -> None:
    assert errors_of(opening_hours, knowledge(tmp_path)) == []
    dublin = knowledge(tmp_path, PLACE.replace("Europe/London", "Europe/Dublin"))
    assert errors_of(opening_hours, dublin) == [
        "GB.yml: contact 'gb-test-line': hours: time zone 'Europe/Dublin' is not one of GB's (IANA zone.tab)"
    ]
    free_text = knowledge(tmp_path, PLACE.replace('hours: "24/7"', 'hours: "9 to 5 weekdays"'))
    assert "free-text hours '9 to 5 weekdays'" in errors_of(opening_hours, free_text)[0]


def test_a_phone_line_without_hours_is_a_warning(tmp_path: Path) -> None:
    from bot.places import get_places

    found = knowledge(tmp_path, PLACE.replace('hours: "24/7"', "hours: null"))
    result = opening_hours(Scope(found, get_places(), date(2026, 6, 1)))
    assert result.errors == []
    assert result.warnings == ["GB.yml: contact 'gb-test-999': a phone or text line with hours not stated"]


def test_hours_problems() -> None:
    day = {"days": ["mon"], "from": "09:00", "to": "17:00"}
    assert hours_problem(None, "GB") is None and hours_problem("24/7", "GB") is None
    assert hours_problem({"tz": "America/Chicago", "open": [day]}, "US") is None
    assert "unknown time zone" in (hours_problem({"tz": "Mars/Olympus", "open": [day]}, "US") or "")
    assert "not a time span" in (hours_problem({"tz": "Europe/London", "open": [{**day, "to": "09:00"}]}, "GB") or "")
    assert "no opening times" in (hours_problem({"tz": "Europe/London", "open": []}, "GB") or "")


# -- step promises and cautions -------------------------------------------------------------------


def test_a_step_promising_a_contact_the_place_lacks_fails(tmp_path: Path) -> None:
    assert errors_of(step_promises, knowledge(tmp_path)) == []
    no_stalking_line = knowledge(tmp_path, PLACE.replace("serves: [stalking]", "serves: [harassment]"))
    assert errors_of(step_promises, no_stalking_line) == [
        "GB: step 'stalking-line' points to a contact serving stalking and there is none (own file or country), "
        "nor a text_without_contact"
    ]


def test_the_step_that_answers_questions_about_the_police_must_be_there(tmp_path: Path) -> None:
    """ "Should I go to the police?" is answered with the reviewed step on reporting, whatever the assessment."""
    assert errors_of(reporting_step, knowledge(tmp_path)) == [
        "steps.yml: no step 'reporting_to_police' (the answer to questions about going to the police)"
    ]
    steps = STEPS + "  - id: reporting_to_police\n    title: Reporting\n    text: You can report when ready.\n"
    assert errors_of(reporting_step, knowledge(tmp_path, steps=steps)) == []


def test_the_step_that_answers_should_i_pay_them_must_be_there(tmp_path: Path) -> None:
    """ "Should I just pay them?" is answered with the reviewed step on demands (do not pay)."""
    assert errors_of(payment_demand_step, knowledge(tmp_path)) == [
        "steps.yml: no step 'sextortion_do_not_pay' (the answer to 'should I pay them?')"
    ]
    steps = STEPS + "  - id: sextortion_do_not_pay\n    title: Do not pay\n    text: Stop replying.\n"
    assert errors_of(payment_demand_step, knowledge(tmp_path, steps=steps)) == []


def test_a_step_with_other_wording_passes_where_the_contact_is_missing(tmp_path: Path) -> None:
    steps = STEPS + "    text_without_contact: A stalking service can help.\n"
    found = knowledge(tmp_path, PLACE.replace("serves: [stalking]", "serves: [harassment]"), steps)
    assert errors_of(step_promises, found) == []


def test_a_safety_step_must_have_wording_without_its_contact(tmp_path: Path) -> None:
    steps = STEPS.replace("    text_without_contact: Call your local emergency number.\n", "")
    assert errors_of(step_promises, knowledge(tmp_path, steps=steps)) == [
        "steps.yml: step 'danger' is a safety step that needs a contact (emergency) but has no "
        "text_without_contact, so it could be left out"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("Call your local emergency number.", "Call the number listed below."),
            "step 'danger': text_without_contact still points to a contact",
        ),
        (
            ("    needs_contact: [stalking]\n", ""),
            "step 'stalking-line' says 'listed below' but has no needs_contact",
        ),
        (
            ("The stalking helpline listed below can help.", "A stalking helpline can help."),
            "step 'stalking-line' has needs_contact but its text points to no contact",
        ),
    ],
)
def test_wording_and_needs_contact_agree(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    assert errors_of(step_promises, knowledge(tmp_path)) == []
    assert errors_of(step_promises, knowledge(tmp_path, steps=STEPS.replace(*change))) == [f"steps.yml: {expected}"]


def test_advice_that_can_alert_the_person_must_say_so(tmp_path: Path) -> None:
    risky = STEPS.replace("The stalking helpline listed below can help.", "Remove apps you do not know.")
    assert errors_of(step_cautions, knowledge(tmp_path, steps=risky)) == [
        "steps.yml: step 'stalking-line' advises 'Remove apps' without the warning of caution 'may_alert'"
    ]
    warned = risky.replace("Remove apps you do not know.", "Removing an app can alert the person.")
    assert errors_of(step_cautions, knowledge(tmp_path, steps=warned)) == []


def test_the_real_steps_heed_their_cautions() -> None:
    found = read_knowledge()
    assert found.steps is not None and found.steps.cautions
    assert errors_of(step_cautions, found) == []


def test_the_real_steps_agree_about_removing_apps_and_clearing_history() -> None:
    """The contradictions issue 10 found: each step that advises it now says it can alert the person."""
    found = read_knowledge()
    assert found.steps is not None
    texts = {step.id: step.text for step in found.steps.steps}
    assert "remove apps you do not know" not in texts["secure_accounts"]
    assert "alert" in texts["secure_accounts"] and "alert" in texts["check_for_stalkerware"]
    assert "clear your history afterwards" not in texts["domestic_abuse_plan"]
    # The caution really reads these steps (it is not vacuous): each gives advice it names.
    caution = found.steps.cautions[0]
    advising = {
        step.id for step in found.steps.steps if any(re.search(p, step.text, re.IGNORECASE) for p in caution.advice)
    }
    assert {
        "secure_accounts",
        "check_for_stalkerware",
        "domestic_abuse_plan",
        "check_for_trackers",
        "check_shared_accounts",
    } <= advising


# -- the report and how rules plug in -------------------------------------------------------------


def test_a_rule_adds_a_column_a_summary_and_fails_the_check(tmp_path: Path) -> None:
    def reach(scope: Scope) -> Findings:
        return Findings(
            errors=["GB: no children's line"],
            columns={"reach": {code: "1/2" for code in scope.codes}},
            summary=["50% reached"],
        )

    out = io.StringIO()
    assert check(out, knowledge(tmp_path), today=date(2026, 6, 1), rules=[reach]) == 1
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["code", "reach"] and lines[1].split() == ["GB", "1/2"]
    assert "50% reached" in out.getvalue() and "error: GB: no children's line" in out.getvalue()
    assert out.getvalue().rstrip().endswith("kb check: FAILED (1 errors)")


def test_the_table_shows_verified_and_official_shares(tmp_path: Path) -> None:
    out = io.StringIO()
    check(out, knowledge(tmp_path), today=date(2026, 6, 1))
    header = out.getvalue().splitlines()[0].split()
    assert {"verified", "official"} <= set(header)
    row = out.getvalue().splitlines()[1].split()
    assert row[0] == "GB" and row[header.index("verified")] == "50%"  # one of two contacts verified
    assert "50% verified" in out.getvalue()


@pytest.mark.parametrize("rule", [phone_numbers, opening_hours, step_promises, step_cautions])
def test_the_real_files_pass_the_contact_and_step_rules(rule) -> None:
    from bot.places import get_places

    assert rule(Scope(read_knowledge(), get_places(), date.today())).errors == []


def test_every_rule_is_listed() -> None:
    assert {phone_numbers, opening_hours, step_promises, step_cautions} <= set(RULES)


LAWS = """
laws:
  - id: gb-test-statute
    citation: "Test Act 2000, s. 1"
    title: Test offence
    summary: Makes a test an offence.
    covers: [stalking]
    conduct: course_of_conduct
    kind: criminal
    url: null
    verified: false
    last_checked: 2026-01-01
    source: "address not found"
  - id: gb-test-common-law
    citation: "Breach of the peace (common law)"
    title: Breach of the peace
    summary: A common-law offence.
    covers: [harassment]
    conduct: either
    kind: criminal
    url: null
    verified: false
    last_checked: 2026-01-01
    source: "common law"
"""


def test_a_statute_without_a_link_is_counted_and_warned_about_but_common_law_is_not(tmp_path: Path) -> None:
    from bot.places import get_places

    found = knowledge(tmp_path, PLACE + LAWS)
    result = law_links_present(Scope(found, get_places(), date(2026, 6, 1)))
    assert result.errors == []
    assert result.warnings == [
        "GB.yml: law 'gb-test-statute' has no link to its text yet (its official section address was not found)"
    ]
    assert result.summary == ["1 statutes without a link yet"]
