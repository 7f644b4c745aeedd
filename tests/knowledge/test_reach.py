"""Reach: every place a person can name gets specialist help for a standard case, and the lines they may need."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone
from typing import Any

import pytest

from bot.knowledge import check as kb_check
from bot.knowledge.db import make_engine
from bot.knowledge.loader import Knowledge, load_knowledge, read_knowledge
from bot.knowledge.queries import WHY, KnowledgeBase
from bot.knowledge.reach import CLASSIFICATIONS, NEEDS, SPECIALIST, check_reach
from bot.knowledge.sources import PlaceFile
from bot.places import Place, PlaceRegistry, get_places

TODAY = date(2026, 11, 30)
NOON = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)  # a Tuesday


def contact(id: str, serves: list[str], ages: str = "all", phone: str | None = "0800 000 000") -> dict[str, Any]:
    return {
        "id": id,
        "name": id,
        "phone": phone,
        "url": None if phone else "https://example.org/",
        "hours": "24/7",
        "serves": serves,
        "ages": ages,
        "verified": True,
        "last_checked": "2026-11-30",
    }


def place(code: str, *contacts: dict[str, Any], laws: bool = False) -> PlaceFile:
    law = {
        "id": f"{code.lower()}-law",
        "citation": "Test Act s.1",
        "title": "Stalking",
        "summary": "May be a crime.",
        "covers": ["stalking", "harassment"],
        "conduct": "course_of_conduct",
        "kind": "criminal",
        "url": "https://example.org/act/1",
        "verified": True,
        "last_checked": "2026-11-30",
    }
    return PlaceFile.parse_obj({"code": code, "name": code, "laws": [law] if laws else [], "contacts": list(contacts)})


def registry(*codes: str) -> PlaceRegistry:
    return PlaceRegistry({code: Place(code=code, name=f"place {code}") for code in codes})


FULL_COUNTRY = [
    contact("xx-emergency", ["emergency"]),
    contact("xx-crisis", ["crisis"]),
    contact("xx-da", ["domestic_abuse"]),
    contact("xx-kids", ["children"], ages="under_18"),
    contact("xx-victims", ["victim_support"]),
]


def test_a_country_with_every_line_has_full_reach() -> None:
    report = check_reach(Knowledge(places=[place("XX", *FULL_COUNTRY, laws=True)]), registry("XX"))
    assert report.problems == []
    reach = report.places["XX"]
    assert reach.complete and reach.cell() == "ok"
    assert reach.specialist == {c: ["xx-victims"] for c in CLASSIFICATIONS}
    assert reach.lines == {
        "emergency": "xx-emergency",
        "crisis": "xx-crisis",
        "domestic_abuse": "xx-da",
        "children": "xx-kids",
    }


def test_an_emergency_number_and_a_fraud_centre_are_not_reach() -> None:
    """Canada's old state: a standard case got only the Anti-Fraud Centre, and no domestic-abuse line."""
    files = [place("XX", contact("xx-911", ["emergency"]), contact("xx-fraud", ["cybercrime_reporting"]), laws=True)]
    report = check_reach(Knowledge(places=files), registry("XX"))
    assert not report.places["XX"].complete
    assert report.places["XX"].missing == ["cyberstalking", "cyberharassment", "crisis", "domestic_abuse", "children"]
    assert "XX: a standard cyberstalking case gets no specialist service" in report.problems[0]
    assert any("no domestic_abuse line" in p for p in report.problems)
    assert report.complete_share == 0.0


def test_an_under_18_only_service_is_not_specialist_help_for_everyone() -> None:
    """Answers leave out under-18 lines unless a young person is involved; reach must agree."""
    files = [place("XX", *FULL_COUNTRY[:4], contact("xx-teen-stalking", ["stalking"], ages="under_18"), laws=True)]
    reach = check_reach(Knowledge(places=files), registry("XX")).places["XX"]
    assert reach.specialist == {c: [] for c in CLASSIFICATIONS}
    assert reach.lines["children"] == "xx-kids"  # the same kind of line does count when a child is involved


def test_a_subdivision_is_reached_through_its_country_and_its_own_line_comes_first() -> None:
    files = [place("XX", *FULL_COUNTRY, laws=True), place("XX-AA", contact("xx-aa-da", ["domestic_abuse"]))]
    report = check_reach(Knowledge(places=files), registry("XX", "XX-AA"))
    assert report.problems == []
    assert report.places["XX-AA"].lines["domestic_abuse"] == "xx-aa-da"
    assert report.places["XX-AA"].specialist["cyberstalking"] == ["xx-victims"]


def test_a_recognised_place_without_a_file_or_with_an_empty_file_fails() -> None:
    """Saskatchewan was recognised with no file, and Quebec's file was empty: both answered with Canada's alone."""
    files = [place("XX", *FULL_COUNTRY, laws=True), place("XX-BB")]
    report = check_reach(Knowledge(places=files), registry("XX", "XX-AA", "XX-BB"))
    assert "XX-AA: place XX-AA is recognised but has no file, so it gets only national entries" in report.problems
    assert "XX-BB.yml: no laws and no contacts of its own" in report.problems
    assert report.places["XX-AA"].complete  # the national lines still reach it


def test_kb_check_fails_on_a_place_without_reach() -> None:
    assert kb_check.reach in kb_check.RULES
    files = [place("XX", contact("xx-911", ["emergency"]), laws=True)]
    out = io.StringIO()
    status = kb_check.check(out, Knowledge(places=files), registry("XX"), TODAY, rules=[kb_check.reach])
    assert status == 1
    text = out.getvalue()
    assert "error: XX: a standard cyberharassment case gets no specialist service" in text
    assert "no cyberstalking,cyberharassment,crisis,domestic_abuse,children" in text  # the table's reach column


# -- the real knowledge base ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> tuple[Knowledge, PlaceRegistry]:
    registry = get_places()
    return read_knowledge(registry=registry), registry


def test_every_recognised_place_has_full_reach(real: tuple[Knowledge, PlaceRegistry]) -> None:
    knowledge, places = real
    report = check_reach(knowledge, places)
    assert report.problems == []
    assert set(report.places) == set(places.places)


@pytest.mark.parametrize(
    "code", ["CA-SK", "CA-NB", "CA-NL", "CA-PE", "CA-YT", "CA-NT", "CA-NU", "CA-QC", "IE", "GB-NIR", "GB-SCT", "GB-WLS"]
)
def test_places_named_in_issue_10_get_their_own_help(real: tuple[Knowledge, PlaceRegistry], code: str) -> None:
    knowledge, places = real
    reach = check_reach(knowledge, places).places[code]
    own = {c.id for p in knowledge.places if p.code == code for c in p.contacts}
    assert places.known(code) and reach.complete
    if code.startswith("CA-"):  # a province's or territory's own service comes before the national fallbacks
        assert reach.specialist["cyberstalking"][0] in own
        assert reach.lines["domestic_abuse"] in own


@pytest.mark.parametrize("code", ["AU-NSW", "AU-VIC", "AU-QLD", "AU-WA", "AU-SA", "AU-TAS", "AU-ACT"])
def test_an_australian_state_shows_its_own_domestic_abuse_line(
    real: tuple[Knowledge, PlaceRegistry], code: str
) -> None:
    knowledge, places = real
    reach = check_reach(knowledge, places).places[code]
    own = {c.id for p in knowledge.places if p.code == code for c in p.contacts if "domestic_abuse" in c.serves}
    assert reach.lines["domestic_abuse"] in own, "the state's crisis line comes before the national 1800RESPECT"


def test_uk_helplines_sit_at_the_level_they_serve(real: tuple[Knowledge, PlaceRegistry]) -> None:
    knowledge, places = real
    files = {p.code: {c.id: c for c in p.contacts} for p in knowledge.places}
    stalking = [(code, c) for code, cs in files.items() if code.startswith("GB") for c in cs.values()]
    helplines = [code for code, c in stalking if c.phone == "0808 802 0300"]
    assert helplines == ["GB"], "the National Stalking Helpline serves all four nations: list it once, UK-wide"
    report = check_reach(knowledge, places)
    assert report.places["GB-WLS"].lines["domestic_abuse"] == "gb-wls-live-fear-free"
    assert report.places["GB-NIR"].specialist["cyberstalking"][0] == "gb-national-stalking-helpline"
    assert report.places["GB-SCT"].specialist["cyberstalking"][0] == "gb-sct-action-against-stalking"
    fraud = [code for code, cs in files.items() for c in cs.values() if c.phone == "0300 123 2040"]
    assert sorted(fraud) == ["GB-ENG", "GB-NIR", "GB-WLS"], "Report Fraud does not take reports from Scotland"


def test_reach_shows_what_answers_show(real: tuple[Knowledge, PlaceRegistry], tmp_path) -> None:
    """The rule mirrors `contacts_for`: its picks must be the ones a real answer lists, place by place."""
    knowledge, places = real
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    load_knowledge(engine, knowledge, places)
    kb = KnowledgeBase(engine)
    report = check_reach(knowledge, places)
    for code, reach in report.places.items():
        for classification in CLASSIFICATIONS:
            shown = kb.contacts_for(code, [], "standard", classification, now=NOON)
            specialist = [c.id for c in shown if c.why in {WHY[s] for s in SPECIALIST}]
            assert set(reach.specialist[classification]) <= set(specialist), (code, classification)
            assert reach.specialist[classification][0] == specialist[0], (code, classification)
        for need, (_, flag) in NEEDS.items():
            if flag is None:
                assert reach.lines[need] in {c.id for c in kb.emergency_contacts(code)}, (code, need)
            else:
                shown = kb.contacts_for(code, [flag], "standard", now=NOON)
                assert reach.lines[need] in {c.id for c in shown}, (code, need)
