"""Links to the law itself: official hosts kept as data, and the rule that fails other links."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.links import OfficialHosts, check_links, link_problem, parse_hosts, read_hosts
from bot.knowledge.sources import LawEntry, PlaceFile

HOSTS = parse_hosts(
    {
        "US": [{"host": "uscode.house.gov", "note": "Law Revision Counsel", "sections": "granuleid"}],
        "US-LA": [{"host": "legis.la.gov", "note": "Louisiana Legislature", "sections": r"Law\.aspx\?d=\d+"}],
        "US-TX": [{"host": "statutes.capitol.texas.gov", "note": "Texas Legislative Council"}],
    }
)


def law(law_id: str, url: str | None) -> LawEntry:
    return LawEntry(
        id=law_id,
        citation="Test § 1",
        title="Stalking",
        summary="Makes stalking a crime.",
        covers=["stalking"],
        conduct="course_of_conduct",
        kind="criminal",
        url=url,
        verified=False,
        last_checked=date(2026, 1, 1),
    )


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://legis.la.gov", "home page"),
        ("https://legis.la.gov/", "home page"),
        ("https://legis.la.gov/legis/LawSearch.aspx", "search page"),
        ("https://statutes.capitol.texas.gov/Docs/PE/htm/PE.42.htm?q=stalking", "search page"),
        ("https://statutes.capitol.texas.gov/LsoWeb/StatutesDownload.aspx", "download page"),
        ("https://law.justia.com/codes/louisiana/title-14/rs-14-40-2/", "not an official legislation host"),
        ("https://legis.la.gov/legis/LawBrowse.aspx", "not a section or act page"),
        ("https://uscode.house.gov/browse.xhtml", "not a section or act page"),
    ],
)
def test_links_that_are_not_the_law_fail(url: str, reason: str) -> None:
    problem = link_problem(url, HOSTS.for_code("US-LA"))
    assert problem is not None and reason in problem


@pytest.mark.parametrize(
    ("code", "url"),
    [
        ("US-LA", "https://legis.la.gov/legis/Law.aspx?d=78533"),
        ("US-TX", "https://statutes.capitol.texas.gov/Docs/PE/htm/PE.42.htm#42.072"),
        # a state's law may link to its country's official host (federal text quoted by a state file)
        ("US-TX", "https://uscode.house.gov/view.xhtml?req=granuleid%3AUSC-prelim-title18-section2261A"),
    ],
)
def test_section_links_on_official_hosts_pass(code: str, url: str) -> None:
    assert link_problem(url, HOSTS.for_code(code)) is None


def test_a_state_host_is_not_official_for_another_state() -> None:
    problem = link_problem("https://legis.la.gov/legis/Law.aspx?d=78533", HOSTS.for_code("US-TX"))
    assert problem is not None and "legis.la.gov" in problem


def test_check_links_counts_official_share_and_skips_laws_without_text() -> None:
    place = PlaceFile(
        code="US-LA",
        name="Louisiana",
        laws=[
            law("us-la-good", "https://legis.la.gov/legis/Law.aspx?d=78533"),
            law("us-la-search", "https://legis.la.gov/legis/LawSearch.aspx"),
            law("us-la-common-law", None),
        ],
    )
    report = check_links([place], HOSTS)
    assert report.linked == {"US-LA": 2} and report.official == {"US-LA": 1}
    assert report.share("US-LA") == 0.5
    assert len(report.problems) == 1 and "us-la-search" in report.problems[0]


def test_a_jurisdiction_with_no_hosts_listed_fails() -> None:
    place = PlaceFile(code="NZ", name="New Zealand", laws=[law("nz-x", "https://www.legislation.govt.nz/act/x")])
    report = check_links([place], OfficialHosts({}))
    assert report.official == {"NZ": 0}
    assert "no official hosts listed for NZ" in report.problems[0]


@pytest.mark.parametrize(
    "raw",
    [
        {"US": []},
        {"US": [{"host": "uscode.house.gov"}]},
        {"US": [{"host": "https://uscode.house.gov/", "note": "x"}]},
        {"US": [{"host": "uscode.house.gov", "note": "x", "sections": "("}]},
        {"US": [{"host": "uscode.house.gov", "note": "x", "paths": "y"}]},
    ],
)
def test_bad_host_entries_are_rejected(raw: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"official_hosts\.yml"):
        parse_hosts(raw)


def test_the_shipped_host_list_covers_every_place_file() -> None:
    from bot.knowledge.loader import read_knowledge

    hosts = read_hosts()
    knowledge = read_knowledge()
    missing = [p.code for p in knowledge.places if p.laws and not hosts.for_code(p.code)]
    assert missing == []
    # third-party law sites are never official
    listed = {h.host for entries in hosts.by_code.values() for h in entries}
    assert not listed & {"law.justia.com", "codes.findlaw.com", "www.canlii.org", "casetext.com", "www.law.cornell.edu"}


def test_every_shipped_law_links_to_its_official_text() -> None:
    from bot.knowledge.loader import read_knowledge

    report = check_links(read_knowledge().places)
    assert report.problems == []
