"""The places cyberguide knows: ISO 3166 codes, display names, parents, and hand-kept words for them.

Loaded from `knowledge/jurisdictions.yml`. The names of countries, states, counties and cities
come from data (`bot.place_names`); this file keeps only what data cannot give: nicknames
("Aotearoa", "the States") and exact-case short forms ("LA", "NI").
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot.settings import KNOWLEDGE_DIR

JURISDICTIONS_FILE = KNOWLEDGE_DIR / "jurisdictions.yml"


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    aliases: tuple[str, ...] = ()  # any case: "the States", "Aotearoa"
    abbreviations: tuple[str, ...] = ()  # exactly as written, after "in" or a city: "US", "NI"
    nicknames: tuple[str, ...] = ()  # exactly as written, anywhere: "LA", "SF"

    @property
    def country(self) -> str:
        return self.code.split("-", 1)[0]

    @property
    def parent(self) -> str | None:
        """The next code up: `US-CA` -> `US`; a country has none."""
        return parent_code(self.code)


@dataclass(frozen=True)
class PlaceRegistry:
    places: dict[str, Place] = field(default_factory=dict)

    def get(self, code: str | None) -> Place | None:
        return self.places.get(normalise_code(code)) if code else None

    def known(self, code: str | None) -> bool:
        return self.get(code) is not None

    def lineage(self, code: str | None) -> list[str]:
        """The code and its ancestors, most specific first (`US-TX` -> [`US-TX`, `US`])."""
        return lineage(normalise_code(code), self.places)

    def name(self, code: str | None) -> str:
        place = self.get(code)
        return place.name if place else (code or "")


def normalise_code(code: str | None) -> str:
    return (code or "").strip().upper().replace("_", "-")


def parent_code(code: str) -> str | None:
    """The code one level up: `US-CA` -> `US`; a country has none."""
    return code.split("-", 1)[0] if "-" in code else None


def lineage(code: str | None, known: Container[str]) -> list[str]:
    """`code` and its ancestors among the `known` codes, most specific first; [] when `code` is not known.

    The one walk up the place tree: the registry, the knowledge base (over the places it
    loaded) and `kb check` all use it, so "which places' laws and helplines apply" cannot drift.
    The code is taken as given: normalise it first (the registry's `lineage` does).
    """
    chain: list[str] = []
    current = code or None
    while current is not None and current in known and current not in chain:
        chain.append(current)
        current = parent_code(current)
    return chain


def load_places(path: Path = JURISDICTIONS_FILE) -> PlaceRegistry:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    places = {}
    for entry in raw["jurisdictions"]:
        place = Place(
            code=entry["code"],
            name=entry["name"],
            aliases=tuple(str(a) for a in entry.get("aliases") or ()),
            abbreviations=tuple(str(a) for a in entry.get("abbreviations") or ()),
            nicknames=tuple(str(a) for a in entry.get("nicknames") or ()),
        )
        places[place.code] = place
    return PlaceRegistry(places)


@lru_cache(maxsize=1)
def get_places() -> PlaceRegistry:
    return load_places()
