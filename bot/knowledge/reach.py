"""Reach: does every place a person can live in get real help, not just an emergency number?

For each place in the registry this works out, from the knowledge files, what an answer will
actually show, using the same rules as `KnowledgeBase.contacts_for` (its service lists, the
order of the place's lineage, each file's order, and under-18-only lines kept out unless a
young person is involved):

- for a standard case of each classification (risk "standard", no flags): the specialist
  services picked, i.e. contacts picked for stalking, harassment or victim support. Emergency
  numbers and reporting portals (`cybercrime_reporting`, such as a fraud centre) do not count;
- the line shown when domestic abuse is flagged, when a young person is involved, and when
  self-harm is flagged, and the emergency number.

A place without any of these is a problem (`kb check` fails), and so is a place the registry
recognises that has no knowledge file, or a file with neither laws nor contacts: its answer
would show only its country's entries. A "line" is whatever contact the answer shows for the
need, phone or web page (Nunavut's domestic-abuse help, for one, is a government page listing
outreach workers); the ids in the summary say which.

The selection is mirrored here rather than shared, so `kb check` needs no database;
`tests/knowledge/test_reach.py` loads the real files and checks every pick against
`contacts_for`, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.knowledge.loader import Knowledge
from bot.knowledge.queries import SERVICES_FOR_CLASSIFICATION, SERVICES_FOR_FLAG
from bot.knowledge.sources import ContactEntry
from bot.places import PlaceRegistry
from bot.vocabulary import Classification, Flag, Service

# The classifications whose standard case must reach a specialist.
CLASSIFICATIONS: tuple[Classification, ...] = ("cyberstalking", "cyberharassment")
# Services that count as specialist help for a standard case (reporting portals do not).
SPECIALIST: frozenset[Service] = frozenset({"stalking", "harassment", "victim_support"})
# What `contacts_for` adds after the classification's own services, for every case.
ALWAYS_ASKED: tuple[Service, ...] = ("victim_support", "cybercrime_reporting")
# The line each need is answered by, and the flag that brings it into an answer.
NEEDS: dict[str, tuple[Service, Flag | None]] = {
    "emergency": ("emergency", None),
    "crisis": ("crisis", "self_harm_risk"),
    "domestic_abuse": ("domestic_abuse", "domestic_abuse"),
    "children": ("children", "minor_involved"),
}


@dataclass
class PlaceReach:
    """What an answer for one place shows: contact ids per classification and per need."""

    code: str
    specialist: dict[str, list[str]] = field(default_factory=dict)  # classification -> contact ids
    lines: dict[str, str | None] = field(default_factory=dict)  # need -> the contact id shown, or None

    @property
    def complete(self) -> bool:
        return all(self.specialist.get(c) for c in CLASSIFICATIONS) and all(self.lines.get(n) for n in NEEDS)

    @property
    def missing(self) -> list[str]:
        """What an answer for this place lacks: classifications without a specialist, then needs without a line."""
        return [c for c in CLASSIFICATIONS if not self.specialist.get(c)] + [n for n in NEEDS if not self.lines.get(n)]

    def cell(self) -> str:
        """The kb check table cell: 'ok', or what is missing ('no domestic_abuse')."""
        return "ok" if self.complete else "no " + ",".join(self.missing)

    def describe(self) -> str:
        """One line for people: the specialist services per classification, then the line shown per need."""
        specialist = "; ".join(f"{c}: {', '.join(ids) or 'NONE'}" for c, ids in self.specialist.items())
        lines = "; ".join(f"{need}: {shown or 'NONE'}" for need, shown in self.lines.items())
        return f"{self.code} | {specialist} | {lines}"


@dataclass
class ReachReport:
    places: dict[str, PlaceReach] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def complete_share(self) -> float:
        return sum(p.complete for p in self.places.values()) / len(self.places) if self.places else 0.0


def picks(
    contacts: list[tuple[str, ContactEntry]], services: list[Service], minor: bool = False
) -> list[tuple[ContactEntry, Service]]:
    """The contact `contacts_for` puts first for each service, in order, each contact once.

    `contacts` are (jurisdiction code, entry) pairs already in lineage order (most specific
    place first, then each file's order). The 24/7 fallback `contacts_for` adds when a line is
    closed depends on the clock and is left out: reach never rests on it.
    """
    usable = [entry for _, entry in contacts if minor or entry.ages != "under_18"]
    chosen: list[tuple[ContactEntry, Service]] = []
    for service in dict.fromkeys(services):
        first = next((entry for entry in usable if service in entry.serves), None)
        if first is not None and all(first.id != c.id for c, _ in chosen):
            chosen.append((first, service))
    return chosen


def standard_services(classification: Classification, flags: tuple[Flag, ...] = ()) -> list[Service]:
    """The services `contacts_for` asks for at standard risk, in its order."""
    services: list[Service] = []
    if "self_harm_risk" in flags:
        services.append("crisis")
    for flag in flags:
        services += SERVICES_FOR_FLAG.get(flag, [])
    services += SERVICES_FOR_CLASSIFICATION.get(classification, ["stalking", "harassment"])
    services += list(ALWAYS_ASKED)
    return list(dict.fromkeys(services))


def place_reach(code: str, contacts: list[tuple[str, ContactEntry]]) -> PlaceReach:
    reach = PlaceReach(code=code)
    for classification in CLASSIFICATIONS:
        reach.specialist[classification] = [
            entry.id for entry, service in picks(contacts, standard_services(classification)) if service in SPECIALIST
        ]
    for need, (service, flag) in NEEDS.items():
        if flag is None:  # the emergency number: any line serving it, as `emergency_contacts` picks
            shown = next((entry.id for _, entry in contacts if service in entry.serves), None)
        else:
            wanted = standard_services("cyberstalking", (flag,))
            shown = next(
                (e.id for e, s in picks(contacts, wanted, minor=flag == "minor_involved") if s == service), None
            )
        reach.lines[need] = shown
    return reach


def check_reach(knowledge: Knowledge, registry: PlaceRegistry) -> ReachReport:
    """Reach for every place the registry recognises, and the problems `kb check` fails on."""
    by_code = {place.code: place for place in knowledge.places}
    report = ReachReport()
    for code in sorted(registry.places):
        lineage = registry.lineage(code)
        contacts = [(c, entry) for c in lineage if c in by_code for entry in by_code[c].contacts]
        reach = place_reach(code, contacts)
        report.places[code] = reach
        own = by_code.get(code)
        name = registry.name(code)
        if own is None:
            report.problems.append(f"{code}: {name} is recognised but has no file, so it gets only national entries")
        elif not own.laws and not own.contacts:
            report.problems.append(f"{code}.yml: no laws and no contacts of its own")
        for classification in CLASSIFICATIONS:
            if not reach.specialist[classification]:
                report.problems.append(
                    f"{code}: a standard {classification} case gets no specialist service "
                    f"(a contact serving {', '.join(sorted(SPECIALIST))})"
                )
        for need, (service, _) in NEEDS.items():
            if not reach.lines[need]:
                report.problems.append(f"{code}: no {service} line in an answer (own file or country)")
    return report
