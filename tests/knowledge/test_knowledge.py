"""The knowledge base: file validation, idempotent loading, queries, opening hours, kb check."""

from __future__ import annotations

import io
import textwrap
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.knowledge.check import check
from bot.knowledge.db import make_engine
from bot.knowledge.hours import describe_hours, open_now
from bot.knowledge.loader import KnowledgeError, load_knowledge, read_knowledge
from bot.knowledge.queries import KnowledgeBase, all_emergency_numbers
from bot.knowledge.tables import LawRow

GOOD_PLACE = """
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
    url: https://www.legislation.govt.nz/
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
  - id: nz-test-helpline
    name: Day helpline
    phone: "0800 000 000"
    hours: {tz: Pacific/Auckland, open: [{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}]}
    serves: [harassment, stalking]
    verified: false
    last_checked: 2026-01-01
  - id: nz-test-always
    name: Always open line
    phone: "0800 111 111"
    hours: "24/7"
    serves: [harassment, crisis]
    verified: true
    last_checked: 2026-01-01
"""
STEPS = """
steps:
  - id: keep-a-record
    title: Keep a record
    text: Write down what happens.
    order: 1
  - id: images-adult
    title: StopNCII
    text: Hash your images.
    when: {flags_any: [intimate_images], flags_none: [minor_involved]}
    order: 2
  - id: nz-only
    title: Netsafe
    text: Contact Netsafe.
    when: {jurisdictions: [NZ]}
    order: 3
"""


def write_kb(tmp_path: Path, place: str = GOOD_PLACE, steps: str = STEPS, name: str = "NZ.yml") -> tuple[Path, Path]:
    places = tmp_path / "places"
    places.mkdir(exist_ok=True)
    (places / name).write_text(textwrap.dedent(place))
    steps_file = tmp_path / "steps.yml"
    steps_file.write_text(textwrap.dedent(steps))
    return places, steps_file


def test_good_files_validate(tmp_path: Path) -> None:
    places, steps = write_kb(tmp_path)
    assert read_knowledge(places, steps).errors == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("url: https://www.legislation.govt.nz/", "url: not a url"), "nz-test-stalking', field 'url'"),
        (
            ("last_checked: 2026-01-01\ncontacts", "last_checked: 2026-13-45\ncontacts"),
            "nz-test-stalking', field 'last_checked'",
        ),
        (("    title: Stalking\n", ""), "field 'title': field required"),
        (("covers: [stalking, harassment]", "covers: [stalking, gossip]"), "field 'covers"),
        (("tz: Pacific/Auckland", "tz: Mars/Olympus"), "unknown time zone"),
        (('    phone: "111"\n', ""), "needs a phone"),
    ],
)
def test_validation_errors_name_file_entry_and_field(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    places, steps = write_kb(tmp_path, GOOD_PLACE.replace(*change, 1))
    errors = read_knowledge(places, steps).errors
    assert errors and all(e.startswith("NZ.yml:") for e in errors)
    assert any(expected in e for e in errors), errors


def test_duplicate_ids_unknown_codes_and_bad_steps(tmp_path: Path) -> None:
    places, steps = write_kb(tmp_path)
    (places / "XX.yml").write_text(textwrap.dedent(GOOD_PLACE).replace("code: NZ", "code: XX"))
    (tmp_path / "steps.yml").write_text(STEPS.replace("flags_any: [intimate_images]", "flags_any: [sparkles]"))
    errors = read_knowledge(places, steps).errors
    assert any("XX.yml: unknown jurisdiction code 'XX'" in e for e in errors)
    assert any("duplicates an id in NZ.yml" in e for e in errors)
    assert any("unknown flag 'sparkles'" in e for e in errors)


def test_broken_yaml_and_mismatched_name(tmp_path: Path) -> None:
    places, steps = write_kb(tmp_path)
    (places / "IE.yml").write_text("code: [unclosed")
    (places / "AU.yml").write_text(textwrap.dedent(GOOD_PLACE).replace("nz-test", "au-test"))
    errors = read_knowledge(places, steps).errors
    assert any(e.startswith("IE.yml: not valid YAML") for e in errors)
    assert any("AU.yml: code 'NZ' does not match the file name" in e for e in errors)


def test_load_refuses_bad_files(tmp_path: Path) -> None:
    places, steps = write_kb(tmp_path, GOOD_PLACE.replace("https://www.legislation.govt.nz/", "ftp//x"))
    with pytest.raises(KnowledgeError):
        load_knowledge(make_engine(f"sqlite:///{tmp_path / 'kb.sqlite3'}"), read_knowledge(places, steps))


def test_load_is_idempotent(tmp_path: Path) -> None:
    places, steps = write_kb(tmp_path)
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    assert load_knowledge(engine, read_knowledge(places, steps)) is True
    assert load_knowledge(engine, read_knowledge(places, steps)) is False
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(LawRow)) == 1


def test_open_now_across_time_zones() -> None:
    hours = {
        "tz": "Pacific/Auckland",
        "open": [{"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00"}],
    }
    # Monday 10:00 in Auckland is Sunday 21:00 UTC (NZDT, UTC+13 in November).
    assert open_now(hours, datetime(2026, 11, 22, 21, 0, tzinfo=timezone.utc)) is True
    # The same UTC moment is Sunday evening in London: a London Mon-Fri line is closed.
    london = {**hours, "tz": "Europe/London"}
    assert open_now(london, datetime(2026, 11, 22, 21, 0, tzinfo=timezone.utc)) is False
    overnight = {"tz": "America/New_York", "open": [{"days": ["fri"], "from": "22:00", "to": "06:00"}]}
    assert open_now(overnight, datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)) is True  # Sat 03:00 in New York
    assert open_now("24/7") is True and open_now(None) is None
    assert describe_hours(hours) == "Mon-Fri 09:00-17:00 (Pacific/Auckland)"


def test_closed_specialist_line_falls_back_to_24_7(tmp_path: Path) -> None:
    places, steps = write_kb(tmp_path)
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    load_knowledge(engine, read_knowledge(places, steps))
    kb = KnowledgeBase(engine)
    saturday = datetime(2026, 11, 21, 0, 0, tzinfo=timezone.utc)  # Saturday 13:00 in Auckland
    names = [c.name for c in kb.contacts_for("NZ", [], "standard", "cyberharassment", saturday)]
    assert "Day helpline" in names and "Always open line" in names
    assert (
        next(
            c for c in kb.contacts_for("NZ", [], "standard", "cyberharassment", saturday) if c.name == "Day helpline"
        ).open_now
        is False
    )
    monday = datetime(2026, 11, 22, 21, 0, tzinfo=timezone.utc)
    assert next(c.name for c in kb.contacts_for("NZ", [], "standard", "cyberharassment", monday)) == "Day helpline"


def test_steps_follow_flags_and_place(tmp_path: Path) -> None:
    places, steps = write_kb(tmp_path)
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    load_knowledge(engine, read_knowledge(places, steps))
    kb = KnowledgeBase(engine)
    ids = [s.id for s in kb.steps_for("cyberharassment", "medium", ["intimate_images"], "NZ")]
    assert ids == ["keep-a-record", "images-adult", "nz-only"]
    assert [s.id for s in kb.steps_for("cyberharassment", "high", ["intimate_images", "minor_involved"], None)] == [
        "keep-a-record"
    ]


# --- the real knowledge base --------------------------------------------------------------


def test_real_kb_check_passes() -> None:
    out = io.StringIO()
    assert check(out) == 0, out.getvalue()[-2000:]
    assert "kb check: ok" in out.getvalue()


def test_kb_check_fails_without_stalking_law(tmp_path: Path) -> None:
    places, steps = write_kb(tmp_path, GOOD_PLACE.replace("covers: [stalking, harassment]", "covers: [harassment]"))
    out = io.StringIO()
    assert check(out, read_knowledge(places, steps)) == 1
    assert "NZ: no law covering stalking" in out.getvalue()


def test_kb_check_fails_on_stale_entries(tmp_path: Path) -> None:
    places, steps = write_kb(tmp_path)
    out = io.StringIO()
    assert check(out, read_knowledge(places, steps), today=date(2027, 6, 1)) == 1
    assert "error: NZ.yml: law 'nz-test-stalking' last checked 2026-01-01 (over a year ago)" in out.getvalue()


@pytest.mark.parametrize(
    ("code", "own", "parent"),
    [
        ("US-TX", "US-TX", "US"),
        ("CA-ON", "CA", "CA"),
        ("AU-NSW", "AU-NSW", "AU"),
        ("GB-WLS", "GB-ENG", "GB-ENG"),
        ("US-DC", "US-DC", "US"),
    ],
)
def test_laws_for_a_place_include_its_own_and_national(kb: KnowledgeBase, code: str, own: str, parent: str) -> None:
    laws = kb.laws_for(code, "cyberstalking", ["intimate_images"])
    places = [law.jurisdiction for law in laws]
    assert own in places and parent in places
    assert places.index(own) <= places.index(parent)  # most specific first
    assert all(law.url.startswith("https://") or not law.url for law in laws)
    assert all(law.last_checked for law in laws)


def test_every_covered_place_has_an_emergency_number(kb: KnowledgeBase) -> None:
    for code in kb.covered():
        contacts = kb.emergency_contacts(code)
        assert contacts and contacts[0].phone, code


def test_reporting_help_is_worded_for_the_police_lines_the_place_has(kb: KnowledgeBase) -> None:
    """England has a police non-emergency number (101): the step points to it and it is listed first. Texas has
    none in the knowledge base: the step says where else to go, and only the emergency number is listed."""
    step, contacts = kb.reporting_help("GB-ENG")
    assert step.id == "reporting_to_police" and 'non-emergency number under "Who can help"' in step.text
    assert [c.phone for c in contacts] == ["101", "999"]
    assert contacts[0].serves == ["police_non_emergency"]
    step, contacts = kb.reporting_help("US-TX")
    assert "Who can help" not in step.text and "police station" in step.text
    assert [c.phone for c in contacts] == ["911"]
    step, contacts = kb.reporting_help(None)
    assert "police station" in step.text and contacts == []


def test_indias_domestic_violence_orders_are_offered_only_against_a_partner_or_relative(kb: KnowledgeBase) -> None:
    """The Protection of Women from Domestic Violence Act reaches husbands, partners and relatives: a boy from
    college making new accounts had been offered its protection order."""
    classmate = kb.steps_for("cyberstalking", "high", ["minor_involved"], "IN")
    husband = kb.steps_for("cyberstalking", "high", ["domestic_abuse"], "IN")
    assert "protective_order_india" not in [s.id for s in classmate]
    assert "protective_order_india" in [s.id for s in husband]


def test_contacts_fit_the_situation(kb: KnowledgeBase) -> None:
    teen = kb.contacts_for("US-CA", ["minor_involved", "intimate_images"], "high", "cyberharassment")
    assert any("child_exploitation_reporting" in c.serves or "children" in c.serves for c in teen)
    assert teen[0].serves and "emergency" in teen[0].serves
    assert "911" in all_emergency_numbers(kb) and "999" in all_emergency_numbers(kb)


@pytest.mark.parametrize("code", ["GB-SCT", "GB-ENG", "US-TX"])
def test_a_line_for_adults_only_is_not_offered_for_a_child(kb: KnowledgeBase, code: str) -> None:
    """A 14-year-old in Glasgow whose photo went round the year group chat was offered the Revenge Porn
    Helpline, which helps adults only (18+); an adult still gets it."""
    child = kb.contacts_for(code, ["intimate_images", "minor_involved"], "high", "cyberharassment")
    adult = kb.contacts_for(code, ["intimate_images"], "medium", "cyberharassment")
    assert child and not {c.name for c in child} & {"Revenge Porn Helpline", "StopNCII.org"}
    if code.startswith("GB"):
        assert any(c.name == "Revenge Porn Helpline" for c in adult)
        assert any("children" in c.serves or "child_exploitation_reporting" in c.serves for c in child)


@pytest.mark.parametrize("code", ["GB-ENG", "US-TX", "AU-NSW", "IE"])
def test_in_danger_from_an_ex_the_domestic_abuse_line_comes_before_the_crisis_line(
    kb: KnowledgeBase, code: str
) -> None:
    """An ex outside the door had the emergency number, then a line "if you are thinking about hurting
    yourself", then the domestic abuse helpline; the crisis line stays, after the specialists."""
    shown = kb.contacts_for(code, ["domestic_abuse", "offline_contact"], "emergency", "cyberstalking")
    kinds = [c.serves for c in shown]
    assert "emergency" in kinds[0]
    abuse = next(i for i, serves in enumerate(kinds) if "domestic_abuse" in serves)
    crisis = next(i for i, serves in enumerate(kinds) if "crisis" in serves and "domestic_abuse" not in serves)
    assert abuse < crisis
    own = kb.contacts_for(code, ["self_harm_risk"], "emergency", "cyberharassment")
    assert "crisis" in own[1].serves, "a person at risk of harming themselves still gets the crisis line next"


@pytest.mark.parametrize("code", ["GB-SCT", "GB-ENG", "US-CA", "AU-NSW"])
def test_a_child_abuse_reporting_line_is_offered_for_a_child_only(kb: KnowledgeBase, code: str) -> None:
    """Sextortion of a 71-year-old was offered CEOP, which takes reports of children's abuse only."""
    adult = kb.contacts_for(code, ["sextortion", "intimate_images", "threats_of_violence"], "high", "cyberharassment")
    assert adult and not any("child_exploitation_reporting" in c.serves for c in adult)
    child = kb.contacts_for(code, ["sextortion", "minor_involved"], "high", "cyberharassment")
    if code.startswith("GB"):
        assert any("child_exploitation_reporting" in c.serves for c in child)


def test_specific_steps_survive_the_cut_after_safety(kb: KnowledgeBase) -> None:
    steps = kb.steps_for(
        "cyberstalking",
        "high",
        ["minor_involved", "intimate_images", "domestic_abuse", "threats_of_violence"],
        "US-TX",
        limit=7,
    )
    ids = [step.id for step in steps]
    assert len(steps) == 7
    assert ids[:3] == ["danger_now", "safety_plan", "tell_trusted_adult"]  # safety steps first
    # The step for this country and these flags (the US TAKE IT DOWN Act) is kept before general ones.
    assert "us_take_it_down_act_removal" in ids
    assert "incident_log" not in ids and "report_to_platform" not in ids


def test_the_law_on_encouraging_self_harm_is_shown_only_when_someone_was_told_to(kb: KnowledgeBase) -> None:
    """England's Online Safety Act s.184 (encouraging or assisting serious self-harm) had been listed for any
    cyberstalking, an ex outside the door included."""
    stalking = [law.citation for law in kb.laws_for("GB-ENG", "cyberstalking", ["offline_contact"])]
    assert stalking and not any("s.184" in citation for citation in stalking)
    told = [law.citation for law in kb.laws_for("GB-ENG", "cyberharassment", [], signals=["told_to_self_harm"])]
    assert "Online Safety Act 2023, s.184" in told


def test_an_assessment_of_someone_told_to_kill_themselves_lists_that_law() -> None:
    from bot.triage.rubric import assess

    told = assess("people in my class keep messaging me telling me to kill myself", "GB-ENG", {})
    assert any(law.citation == "Online Safety Act 2023, s.184" for law in told.laws)
    outside = assess("my ex is outside my flat right now banging on the door", "GB-ENG", {})
    assert not any("s.184" in law.citation for law in outside.laws)


@pytest.mark.parametrize(
    "code, partners_only",
    [
        ("GB-ENG", "Crime and Security Act 2010, ss.24-33 (domestic violence protection notices and orders)"),
        ("GB-SCT", "Domestic Abuse (Scotland) Act 2018, s.1"),
        ("US", "18 U.S.C. § 2261"),  # interstate domestic violence
        ("US-TX", "Tex. Fam. Code ch. 85"),
        # (a walk through the widget: a widow stalked by a man from a forum was shown barring orders)
        ("IE", "Domestic Violence Act 2018, ss.7-9"),
        ("US-MN", "Minn. Stat. § 518B.01 (Domestic Abuse Act)"),
    ],
)
def test_a_law_for_partners_and_family_only_is_listed_only_when_the_person_is_one(
    kb: KnowledgeBase, code: str, partners_only: str
) -> None:
    """A co-worker who kept messaging and turned up at the gym had been told that "Interstate domestic
    violence" and "Controlling or coercive behaviour" (partners and family only) may apply."""
    by_a_colleague = [law.citation for law in kb.laws_for(code, "cyberstalking", ["offline_contact"], limit=50)]
    by_an_ex = [
        law.citation for law in kb.laws_for(code, "cyberstalking", ["offline_contact", "domestic_abuse"], limit=50)
    ]
    assert by_a_colleague, "a stalker who is no partner still has laws that reach them"
    assert partners_only not in by_a_colleague
    assert partners_only in by_an_ex


def test_every_partners_and_family_law_says_so_in_its_own_words() -> None:
    """The field is data a reviewer checks: each law marked for partners and family names them, or
    domestic or family violence, in its title or summary (a typo in an id would mark another law)."""
    from bot.knowledge.loader import read_knowledge

    marked = [law for place in read_knowledge().places for law in place.laws if law.applies_only_to]
    assert len(marked) >= 50
    words = ("partner", "domestic", "family", "spouse", "coercive", "abuse", "cohabitant", "personally connected")
    assert [law.id for law in marked if not any(w in f"{law.title} {law.summary}".lower() for w in words)] == []


def test_contacts_follow_the_most_urgent_finding_first(kb: KnowledgeBase) -> None:
    """A husband tracking the car and reading messages, in an emergency in England: the police's fraud
    and cybercrime line (for the messages read) had come before the domestic abuse helpline."""
    flags = ["account_compromise", "domestic_abuse", "location_tracking"]
    contacts = kb.contacts_for("GB-ENG", flags, "emergency", "cyberstalking")
    serves = [contact.serves for contact in contacts]
    first_abuse_line = next(i for i, s in enumerate(serves) if "domestic_abuse" in s)
    first_cybercrime = next(i for i, s in enumerate(serves) if "cybercrime_reporting" in s)
    assert "emergency" in serves[0] and first_abuse_line < first_cybercrime
