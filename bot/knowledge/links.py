"""Links to the law itself: a law's `url` must open its section (or its act) on an official host.

The official hosts per jurisdiction are data (`data/official_hosts.yml`). A link fails when it is
a portal's root, a search page, a download page, on a host not listed for the law's jurisdiction
or its country, or (where the host lists the shape of its section addresses) not shaped like one.
`kb check` reports the failures as errors and the share of official links per jurisdiction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import yaml

from bot.knowledge.sources import PlaceFile
from bot.places import parent_code

HOSTS_FILE = Path(__file__).parent / "data" / "official_hosts.yml"

# Query keys that make a page a search, whatever its host.
SEARCH_KEYS = frozenset({"q", "query", "search", "searchterm", "keyword", "keywords", "terms"})
SEARCH_PATH = re.compile(r"search", re.IGNORECASE)
DOWNLOAD_PATH = re.compile(r"download", re.IGNORECASE)


@dataclass(frozen=True)
class OfficialHost:
    host: str
    note: str
    sections: re.Pattern[str] | None = None


@dataclass
class OfficialHosts:
    by_code: dict[str, list[OfficialHost]] = field(default_factory=dict)

    def for_code(self, code: str) -> list[OfficialHost]:
        """The hosts a law in `code`'s file may link to: its own and its country's."""
        hosts = list(self.by_code.get(code, []))
        parent = parent_code(code)
        if parent:
            hosts += self.by_code.get(parent, [])
        return hosts


def parse_hosts(raw: Mapping[str, object]) -> OfficialHosts:
    """Build the host list from the YAML mapping; raises ValueError naming the bad entry."""
    by_code: dict[str, list[OfficialHost]] = {}
    for code, entries in (raw or {}).items():
        if not isinstance(entries, list) or not entries:
            raise ValueError(f"official_hosts.yml: {code}: expected a list of hosts")
        hosts = []
        for entry in entries:
            if not isinstance(entry, dict) or not entry.get("host") or not entry.get("note"):
                raise ValueError(f"official_hosts.yml: {code}: every host needs `host` and `note`")
            unknown = set(entry) - {"host", "note", "sections"}
            if unknown:
                raise ValueError(f"official_hosts.yml: {code}: unknown keys {sorted(unknown)}")
            host = str(entry["host"]).lower()
            if "/" in host or ":" in host:
                raise ValueError(f"official_hosts.yml: {code}: {host!r} is not a bare host name")
            try:
                pattern = re.compile(entry["sections"]) if entry.get("sections") else None
            except re.error as error:
                raise ValueError(f"official_hosts.yml: {code}: {host}: bad `sections` pattern: {error}") from error
            hosts.append(OfficialHost(host=host, note=str(entry["note"]), sections=pattern))
        by_code[str(code)] = hosts
    return OfficialHosts(by_code)


def read_hosts(path: Path = HOSTS_FILE) -> OfficialHosts:
    return parse_hosts(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def link_problem(url: str, hosts: Iterable[OfficialHost]) -> str | None:
    """Why `url` is not a link to the law itself on an official host, or None when it is."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    query = dict((key.lower(), value) for key, value in parse_qsl(parts.query, keep_blank_values=True))
    if path.strip("/") == "" and not parts.query:
        return "is a portal's home page, not the law"
    if SEARCH_PATH.search(path) or SEARCH_KEYS & set(query):
        return "is a search page, not the law"
    if DOWNLOAD_PATH.search(path):
        return "is a download page, not the law"
    official = next((h for h in hosts if h.host == host), None)
    if official is None:
        return f"is on {host}, which is not an official legislation host for this jurisdiction"
    if official.sections is not None:
        address = path + ("?" + parts.query if parts.query else "")
        if not official.sections.search(address):
            return f"is not a section or act page on {host} (index or browse page)"
    return None


@dataclass(frozen=True)
class LinkReport:
    """Per jurisdiction: laws with a link, how many are official, and the failures."""

    linked: dict[str, int]
    official: dict[str, int]
    problems: list[str]

    def share(self, code: str) -> float | None:
        linked = self.linked.get(code, 0)
        return self.official.get(code, 0) / linked if linked else None

    def total_share(self) -> float:
        linked = sum(self.linked.values())
        return sum(self.official.values()) / linked if linked else 0.0


def check_links(places: Iterable[PlaceFile], hosts: OfficialHosts | None = None) -> LinkReport:
    """Check every law's link in `places`.

    Laws with no link at all (common-law offences) are not counted; `kb check` warns on them.
    """
    hosts = hosts or read_hosts()
    linked: dict[str, int] = {}
    official: dict[str, int] = {}
    problems: list[str] = []
    for place in places:
        code = place.code
        allowed = hosts.for_code(code)
        linked.setdefault(code, 0)
        official.setdefault(code, 0)
        for law in place.laws:
            if law.url is None:
                continue
            linked[code] += 1
            if not allowed:
                problems.append(
                    f"{code}.yml: law {law.id!r}: no official hosts listed for {code} in official_hosts.yml"
                )
                continue
            problem = link_problem(str(law.url), allowed)
            if problem:
                problems.append(f"{code}.yml: law {law.id!r}: link {law.url} {problem}")
            else:
                official[code] += 1
    return LinkReport(linked=linked, official=official, problems=problems)
