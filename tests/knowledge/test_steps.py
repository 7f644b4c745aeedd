"""Next steps: safety cannot be cut, specific steps before general ones, and no promise the answer cannot keep."""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.knowledge.db import make_engine
from bot.knowledge.loader import STEPS_FILE, load_knowledge, read_knowledge
from bot.knowledge.queries import KnowledgeBase
from bot.knowledge.steps import StepChoice, choose_steps, select
from bot.triage.models import Assessment
from bot.vocabulary import FLAGS

ISSUE_FLAGS = ["location_tracking", "account_compromise", "threats_of_violence", "domestic_abuse", "self_harm_risk"]
PLACES = ["US-TX", "US", "GB-ENG", "GB-WLS", "GB-SCT", "GB-NIR", "IE", "CA-ON", "AU-NSW", "NZ", "IN", None]


def assessed(kb: KnowledgeBase, classification: str, risk: str, flags: list[str], code: str | None) -> Assessment:
    return kb.enrich(Assessment(classification, risk, flags, [], code))  # type: ignore[arg-type]


# -- the real knowledge base ---------------------------------------------------------------------


@pytest.mark.parametrize("code", PLACES)
def test_an_emergency_with_many_flags_starts_with_the_danger_step(kb: KnowledgeBase, code: str | None) -> None:
    """The case from issue 10: seven flag steps used to push out the danger step and the safety plan."""
    steps = assessed(kb, "cyberstalking", "emergency", ISSUE_FLAGS, code).next_steps
    ids = [step.id for step in steps]
    assert ids[:2] == ["danger_now", "safety_plan"], ids
    assert "crisis_support" in ids and "preserve_evidence" in ids
    assert len(steps) <= 7


def test_every_place_at_high_and_emergency_risk_shows_the_danger_step_first(kb: KnowledgeBase) -> None:
    every_flag = list(FLAGS)
    for code, risk, classification, flags in itertools.product(
        [*kb.covered(), None], ["high", "emergency"], ["cyberstalking", "cyberharassment", "unclear"], [[], every_flag]
    ):
        ids = [step.id for step in assessed(kb, classification, risk, flags, code).next_steps]
        assert ids[:2] == ["danger_now", "safety_plan"], (code, risk, classification, len(flags), ids)


@pytest.mark.parametrize("code", PLACES)
@pytest.mark.parametrize("risk", ["high", "emergency"])
@pytest.mark.parametrize("also", [[], ["minor_involved", "intimate_images"], ["hate_based"]])
def test_when_the_only_danger_is_to_themselves_no_step_speaks_of_a_person_to_lock_out(
    kb: KnowledgeBase, code: str | None, risk: str, also: list[str]
) -> None:
    """A 14-year-old whose only danger was to herself was told first to "lock doors between you and the person"."""
    steps = assessed(kb, "cyberharassment", risk, ["self_harm_risk", *also], code).next_steps
    ids = [step.id for step in steps]
    assert ids[0] == "danger_to_yourself", ids
    assert "danger_now" not in ids and "safety_plan" not in ids and "crisis_support" in ids
    assert not any("lock doors" in step.text or "daily routes" in step.text for step in steps)
    assert "emergency number" in steps[0].text


@pytest.mark.parametrize("other", ["threats_of_violence", "offline_contact", "location_tracking", "domestic_abuse"])
def test_self_harm_beside_danger_from_someone_keeps_the_danger_steps(kb: KnowledgeBase, other: str) -> None:
    ids = [
        step.id for step in assessed(kb, "cyberstalking", "emergency", ["self_harm_risk", other], "GB-ENG").next_steps
    ]
    assert ids[:2] == ["danger_now", "safety_plan"] and "crisis_support" in ids and "danger_to_yourself" not in ids


def test_a_step_that_replaces_an_unknown_step_is_a_knowledge_error(tmp_path: Path) -> None:
    steps = tmp_path / "steps.yml"
    steps.write_text(STEPS_FILE.read_text().replace("replaces: [danger_now, safety_plan]", "replaces: [danger_soon]"))
    errors = read_knowledge(steps_file=steps).errors
    assert any("replaces unknown step 'danger_soon'" in error for error in errors), errors


def test_the_danger_step_is_not_shown_at_standard_risk(kb: KnowledgeBase) -> None:
    ids = [step.id for step in assessed(kb, "cyberharassment", "standard", [], "GB-ENG").next_steps]
    assert "danger_now" not in ids and "safety_plan" not in ids


@pytest.mark.parametrize("risk", ["high", "emergency"])
def test_not_being_sure_yet_is_not_said_beside_danger(kb: KnowledgeBase, risk: str) -> None:
    """'It is fine not to be sure yet' had been the advice beside "hes outside my flat rn banging on the door"."""
    ids = [step.id for step in assessed(kb, "unclear", risk, ["offline_contact"], "GB-SCT").next_steps]
    assert "unclear_keep_notes" not in ids and "unclear_what_counts" not in ids and "danger_now" in ids
    calm = [step.id for step in assessed(kb, "unclear", "standard", [], "GB-SCT").next_steps]
    assert "unclear_keep_notes" in calm


@pytest.mark.parametrize(
    ("code", "step"),
    [
        ("AU-NSW", "au_esafety_after_platform"),
        ("US-TX", "protective_order_us"),
        ("IE", "protective_order_ireland"),
        ("NZ", "nz_netsafe_first"),
    ],
)
def test_steps_for_the_place_are_kept_before_general_ones(kb: KnowledgeBase, code: str, step: str) -> None:
    flags = ["threats_of_violence", "doxxing", "impersonation", "account_compromise", "hate_based"]
    ids = [s.id for s in assessed(kb, "cyberharassment", "medium", flags, code).next_steps]
    assert step in ids, ids
    assert "you_are_not_alone" not in ids  # the most general step is the one cut


def test_a_platform_comes_before_the_regulator_that_follows_it(kb: KnowledgeBase) -> None:
    ids = [s.id for s in assessed(kb, "cyberharassment", "standard", [], "AU-VIC").next_steps]
    assert ids.index("report_to_platform") < ids.index("au_esafety_after_platform")


def promised_kinds(code: str | None) -> dict[str, tuple[str, ...]]:
    steps = read_knowledge().steps
    assert steps is not None
    return {step.text: tuple(step.needs_contact) for step in steps.steps if step.needs_contact}


def test_every_pointer_to_a_contact_is_kept(kb: KnowledgeBase) -> None:
    """A step's main wording (which points to a contact) is shown only next to a contact of the kind it means."""
    promises = promised_kinds(None)
    checked = 0
    for code, risk, flags in itertools.product(
        [*kb.covered(), None],
        ["standard", "high", "emergency"],
        [[], ["minor_involved", "intimate_images"], ["domestic_abuse", "self_harm_risk"], ["sextortion"]],
    ):
        answer = assessed(kb, "cyberstalking", risk, flags, code)
        shown = {service for contact in answer.referrals for service in contact.serves}
        for step in answer.next_steps:
            if step.text in promises:
                checked += 1
                assert shown & set(promises[step.text]), (code, risk, flags, step.id, sorted(shown))
    assert checked > 100  # the sweep really met promising steps


def test_a_promised_contact_is_brought_into_the_answer(kb: KnowledgeBase) -> None:
    """Reporting to the police promises the non-emergency number, so a place that has one lists it."""
    answer = assessed(kb, "cyberharassment", "standard", [], "GB-ENG")
    police = next(step for step in answer.next_steps if step.id == "reporting_to_police")
    assert "Who can help" in police.text
    assert any("police_non_emergency" in contact.serves for contact in answer.referrals)


def test_no_place_known_means_no_pointer_to_a_contact(kb: KnowledgeBase) -> None:
    answer = assessed(kb, "cyberstalking", "emergency", ISSUE_FLAGS, None)
    assert answer.referrals == []
    assert answer.next_steps[0].id == "danger_now"
    assert all("Who can help" not in step.text for step in answer.next_steps)


# -- the rules, on small files --------------------------------------------------------------------

PLACE = """
code: NZ
name: New Zealand
laws:
  - id: nz-test-stalking
    citation: "Test Act s.1"
    title: Stalking
    summary: Makes stalking a crime.
    covers: [stalking, harassment]
    conduct: course_of_conduct
    kind: criminal
    url: https://www.legislation.govt.nz/act/public/2015/0063/latest/whole.html
    verified: true
    last_checked: 2026-01-01
contacts:
  - id: nz-test-111
    name: Emergency
    phone: "111"
    hours: "24/7"
    serves: [emergency]
    verified: true
    last_checked: 2026-01-01
"""
POLICE = """
  - id: nz-test-105
    name: Police non-emergency
    phone: "105"
    hours: "24/7"
    serves: [police_non_emergency]
    verified: true
    last_checked: 2026-01-01
"""
STEPS = """
steps:
  - id: police
    title: Police
    text: Use the non-emergency number listed below.
    text_without_contact: Ask your local police how to reach them.
    needs_contact: [police_non_emergency]
    when: {classifications: [cyberstalking]}
    order: 40
  - id: police-no-fallback
    title: Police again
    text: Call the number listed below.
    needs_contact: [police_non_emergency]
    when: {classifications: [cyberstalking]}
    order: 41
"""


def small_kb(tmp_path: Path, place: str) -> KnowledgeBase:
    places = tmp_path / "places"
    places.mkdir()
    (places / "NZ.yml").write_text(textwrap.dedent(place))
    (tmp_path / "steps.yml").write_text(textwrap.dedent(STEPS))
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    knowledge = read_knowledge(places, tmp_path / "steps.yml")
    assert knowledge.errors == []
    load_knowledge(engine, knowledge)
    return KnowledgeBase(engine)


def test_without_the_contact_a_step_uses_its_other_wording_or_is_left_out(tmp_path: Path) -> None:
    kb = small_kb(tmp_path, PLACE)
    steps = kb.steps_for("cyberstalking", "standard", [], "NZ")
    assert [(s.id, s.text) for s in steps] == [("police", "Ask your local police how to reach them.")]


def test_with_the_contact_the_step_keeps_its_promise(tmp_path: Path) -> None:
    kb = small_kb(tmp_path, PLACE + POLICE)
    answer = kb.enrich(Assessment("cyberstalking", "standard", [], [], "NZ"))
    assert [s.text for s in answer.next_steps] == [
        "Use the non-emergency number listed below.",
        "Call the number listed below.",
    ]
    assert [c.id for c in answer.referrals] == ["nz-test-105"]


def test_an_older_database_is_rebuilt_with_the_new_columns(tmp_path: Path) -> None:
    """Knowledge tables made by older code (no step priority column) are rebuilt from the files."""
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE kb_steps (id VARCHAR PRIMARY KEY, title VARCHAR, text TEXT)"))
        connection.execute(
            text("CREATE TABLE kb_version (id INTEGER PRIMARY KEY, content_hash VARCHAR, loaded_on DATE)")
        )
        connection.execute(text("INSERT INTO kb_version VALUES (1, 'old', '2026-01-01')"))
    places = tmp_path / "places"
    places.mkdir()
    (places / "NZ.yml").write_text(textwrap.dedent(PLACE))
    (tmp_path / "steps.yml").write_text(textwrap.dedent(STEPS))
    assert load_knowledge(engine, read_knowledge(places, tmp_path / "steps.yml")) is True
    assert [s.id for s in KnowledgeBase(engine).steps_for("cyberstalking", "standard", [], "NZ")] == ["police"]


def choice(step_id: str, order: int, priority: str = "normal", **when: list[str]) -> StepChoice:
    return StepChoice(id=step_id, title=step_id, text=step_id, when=when, order=order, priority=priority)  # type: ignore[arg-type]


def test_select_keeps_safety_and_core_then_the_most_specific() -> None:
    steps = [
        choice("danger", 1, "safety"),
        choice("evidence", 10, "core"),
        choice("general-early", 5),
        choice("flag", 30, flags_any=["doxxing"]),
        choice("place", 42, jurisdictions=["IE"]),
        choice("place-and-flag", 25, jurisdictions=["US"], flags_any=["intimate_images"]),
        choice("plan", 50, "safety"),
    ]
    kept = [s.id for s in select(steps, limit=5)]
    # a step for the place outranks one for a flag; the kept ones are shown in their reviewed order
    assert kept == ["danger", "plan", "evidence", "place-and-flag", "place"]
    assert [s.id for s in select(steps, limit=6)] == ["danger", "plan", "evidence", "place-and-flag", "flag", "place"]
    assert [s.id for s in select(steps, limit=2)] == ["danger", "plan", "evidence"]  # never cut, even past the limit


def test_choose_steps_reads_every_condition() -> None:
    steps = [
        choice("minors-not", 1, flags_any=["intimate_images"], flags_none=["minor_involved"]),
        choice("high-only", 2, risk_any=["high"]),
        choice("ie-only", 3, jurisdictions=["IE"]),
        choice("stalking-only", 4, classifications=["cyberstalking"]),
    ]
    picked = choose_steps(steps, "cyberstalking", "high", {"intimate_images"}, ["GB-ENG", "GB"], shown=set())
    assert [s.id for s in picked] == ["minors-not", "high-only", "stalking-only"]
    picked = choose_steps(steps, "unclear", "medium", {"intimate_images", "minor_involved"}, ["IE"], shown=set())
    assert [s.id for s in picked] == ["ie-only"]


def test_a_knowledge_base_that_has_answered_before_answers_as_a_fresh_one(kb) -> None:
    """The steps are worked out once per situation and contacts shown: the same answer as reading anew."""
    situations = [
        ("cyberstalking", "high", ["domestic_abuse"], "GB-ENG"),
        ("cyberharassment", "medium", ["intimate_images", "minor_involved"], "AU-NSW"),
        ("cyberstalking", "emergency", ["offline_contact"], "US-CA"),
    ]
    for classification, risk, flags, code in situations * 2:
        fresh = KnowledgeBase(kb.engine)
        for referrals in (None, []):
            warm = kb.steps_for(classification, risk, flags, code, referrals=referrals)
            assert warm == fresh.steps_for(classification, risk, flags, code, referrals=referrals)
    no_contacts = kb.steps_for("cyberstalking", "emergency", ["offline_contact"], "US-CA", referrals=[])
    with_contacts = kb.steps_for("cyberstalking", "emergency", ["offline_contact"], "US-CA")
    assert [s.text for s in no_contacts] != [s.text for s in with_contacts]  # promises kept to what is shown
