"""`python -m bot kb check`: validate the knowledge files, apply every rule, print a table per jurisdiction.

Each rule is a small function `(Scope) -> Findings`: errors (the check fails on any), warnings
(printed, never failing), table columns (header -> code -> cell) and summary phrases for the
last line. Add a rule by writing such a function and listing it in `RULES`; its columns appear in
the table in that order. What a rule checks is data where it can be (official hosts, short
numbers, cautions, promised contacts), so a reviewer changes a file, not this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import TextIO

from bot.knowledge.hours import hours_problem
from bot.knowledge.links import check_links
from bot.knowledge.loader import Knowledge, read_knowledge
from bot.knowledge.phones import number_problem, read_short_numbers, region_of, sms_problem
from bot.knowledge.reach import check_reach
from bot.knowledge.sources import ContactEntry, PlaceFile, Schedule, StepEntry
from bot.knowledge.steps import (
    PAYMENT_DEMAND_STEP,
    REPORTING_STEP,
    Caution,
    StepChoice,
    promise_word_problems,
    promises_not_kept,
    safety_without_fallback,
    uncautioned,
)
from bot.places import PlaceRegistry, get_places
from bot.vocabulary import LawKind

KINDS: list[LawKind] = ["stalking", "harassment", "intimate_images", "threats", "protective_order"]
STALE_AFTER = timedelta(days=365)
MAX_WARNINGS = 40


@dataclass
class Scope:
    """What every rule reads: the validated files, the place registry and today's date."""

    knowledge: Knowledge
    registry: PlaceRegistry
    today: date

    @cached_property
    def by_code(self) -> dict[str, PlaceFile]:
        return {place.code: place for place in self.knowledge.places}

    @property
    def codes(self) -> list[str]:
        """The covered jurisdictions (those with a file), in table order."""
        return sorted(self.by_code)

    def law_files(self, code: str) -> list[PlaceFile]:
        """The files whose laws cover `code`: its own, its parents', and any it shares laws with."""
        files = []
        for place in (self.by_code[c] for c in self.registry.lineage(code) if c in self.by_code):
            files.append(place)
            if place.shares_laws_with and place.shares_laws_with in self.by_code:
                files.append(self.by_code[place.shares_laws_with])
        return files

    def contacts(self, code: str) -> list[tuple[str, ContactEntry]]:
        """(file code, contact) for `code` and its parents, most specific first, as answers list them."""
        lineage = self.registry.lineage(code)
        return [(c, entry) for c in lineage if c in self.by_code for entry in self.by_code[c].contacts]

    @cached_property
    def steps(self) -> list[StepEntry]:
        return list(self.knowledge.steps.steps) if self.knowledge.steps else []


@dataclass
class Findings:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # header -> code -> cell
    summary: list[str] = field(default_factory=list)  # phrases for the last line


Rule = Callable[[Scope], Findings]


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


# -- rules ----------------------------------------------------------------------------------------


def file_errors(scope: Scope) -> Findings:
    """Validation errors from reading the files (schema, duplicate ids, unknown codes)."""
    return Findings(errors=list(scope.knowledge.errors))


def coverage(scope: Scope) -> Findings:
    """Every covered place has a stalking law, a harassment law and an emergency number (own or country's)."""
    headers: list[str] = [kind[:12] for kind in KINDS] + ["laws", "contacts"]
    found = Findings(columns={header: {} for header in headers})
    for code in scope.codes:
        kinds = {
            kind for f in scope.law_files(code) for law in f.laws if not law.applies_only_to for kind in law.covers
        }
        services = {s for _, contact in scope.contacts(code) for s in contact.serves}
        if code != "GB":  # GB holds UK-wide contacts; its nations carry the law
            found.errors += [
                f"{code}: no law covering {needed} (own file or country)"
                for needed in ("stalking", "harassment")
                if needed not in kinds
            ]
        if "emergency" not in services:
            found.errors.append(f"{code}: no emergency number (own file or country)")
        for kind in KINDS:
            found.columns[kind[:12]][code] = "yes" if kind in kinds else "-"
        found.columns["laws"][code] = str(len(scope.by_code[code].laws))
        found.columns["contacts"][code] = str(len(scope.by_code[code].contacts))
    places = scope.knowledge.places
    found.summary.append(
        f"{len(places)} jurisdictions, {sum(len(p.laws) for p in places)} laws, "
        f"{sum(len(p.contacts) for p in places)} contacts, {len(scope.steps)} next steps"
    )
    return found


def verified_share(scope: Scope) -> Findings:
    """The share of each file's laws and contacts checked against official or authoritative text."""
    found = Findings(columns={"verified": {}})
    verified = counted = 0
    for code in scope.codes:
        place = scope.by_code[code]
        own = sum(law.verified for law in place.laws) + sum(contact.verified for contact in place.contacts)
        entries = len(place.laws) + len(place.contacts)
        found.columns["verified"][code] = _share(own, entries)
        verified, counted = verified + own, counted + entries
    found.summary.append(f"{_share(verified, counted)} verified")
    return found


def official_links(scope: Scope) -> Findings:
    """Links to the law itself on official hosts (links.py, official_hosts.yml)."""
    links = check_links(scope.knowledge.places)
    column = {code: "-" if links.share(code) is None else f"{links.share(code):.0%}" for code in scope.codes}
    return Findings(
        errors=list(links.problems),
        columns={"official": column},
        summary=[f"{links.total_share():.0%} of law links official"],
    )


def law_links_present(scope: Scope) -> Findings:
    """A law without a link: only common-law offences have nothing to link to.

    A statute whose official section address has not been found yet is a warning, not an error:
    the answer still gives its citation, and a wrong or third-party link would be worse than none.
    The count is in the summary so it stays visible until each address is found.
    """
    found = Findings()
    missing = 0
    for code in scope.codes:
        for law in scope.by_code[code].laws:
            if law.url is None and "common law" not in law.citation.lower():
                missing += 1
                found.warnings.append(
                    f"{code}.yml: law {law.id!r} has no link to its text yet (its official section address was not found)"
                )
    if missing:
        found.summary.append(f"{missing} statutes without a link yet")
    return found


def freshness(scope: Scope) -> Findings:
    """Entries not checked for over a year fail: laws and phone numbers change."""
    found = Findings()
    dates = []
    for code in scope.codes:
        place = scope.by_code[code]
        for kind, entries in (("law", place.laws), ("contact", place.contacts)):
            for entry in entries:
                dates.append(entry.last_checked)
                if scope.today - entry.last_checked > STALE_AFTER:
                    found.errors.append(
                        f"{code}.yml: {kind} {entry.id!r} last checked {entry.last_checked} (over a year ago)"
                    )
    found.summary.append(f"oldest check {min(dates) if dates else None}")
    return found


def phone_numbers(scope: Scope) -> Findings:
    """Every phone and text number is a real number for its country (phonenumbers; phones.py)."""
    found = Findings()
    reviewed = read_short_numbers()
    for code in scope.codes:
        region = region_of(code)
        for contact in scope.by_code[code].contacts:
            where = f"{code}.yml: contact {contact.id!r}"
            if contact.phone:
                problem = number_problem(contact.phone, region, "emergency" in contact.serves, reviewed)
                if problem:
                    found.errors.append(f"{where}: phone {contact.phone!r} {problem}")
            if contact.sms:
                problem = sms_problem(contact.sms, region, reviewed)
                if problem:
                    found.errors.append(f"{where}: sms {contact.sms!r} {problem}")
    return found


def opening_hours(scope: Scope) -> Findings:
    """Hours are "24/7", not stated, or a schedule in a time zone of the contact's country (hours.py).

    A phone or text line with hours not stated is a warning: the person cannot tell when to call.
    """
    found = Findings()
    for code in scope.codes:
        for contact in scope.by_code[code].contacts:
            hours = contact.hours.dict(by_alias=True) if isinstance(contact.hours, Schedule) else contact.hours
            problem = hours_problem(hours, region_of(code))
            if problem:
                found.errors.append(f"{code}.yml: contact {contact.id!r}: hours: {problem}")
            if hours is None and (contact.phone or contact.sms):
                found.warnings.append(f"{code}.yml: contact {contact.id!r}: a phone or text line with hours not stated")
    return found


def step_promises(scope: Scope) -> Findings:
    """A step that points to a contact can keep its promise in every covered place, or has wording without it."""
    choices = [_choice(step) for step in scope.steps]
    words = [re.compile(p) for p in (scope.knowledge.steps.promise_words if scope.knowledge.steps else [])]
    found = Findings(
        errors=[
            f"steps.yml: {line}" for line in safety_without_fallback(choices) + promise_word_problems(choices, words)
        ]
    )
    fallbacks: dict[str, int] = {}
    for code in scope.codes:
        services = {s for _, contact in scope.contacts(code) for s in contact.serves}
        for step in promises_not_kept(choices, scope.registry.lineage(code), services):
            if step.text_without_contact:
                fallbacks[step.id] = fallbacks.get(step.id, 0) + 1
            else:
                found.errors.append(
                    f"{code}: step {step.id!r} points to a contact serving {' or '.join(step.needs_contact)} "
                    "and there is none (own file or country), nor a text_without_contact"
                )
    if fallbacks:
        found.summary.append(
            "steps worded without their contact: " + ", ".join(f"{k} in {v}" for k, v in sorted(fallbacks.items()))
        )
    return found


def step_cautions(scope: Scope) -> Findings:
    """Advice that can alert the person doing this always says so, so steps never contradict each other."""
    cautions = [
        Caution(
            id=c.id,
            advice=tuple(re.compile(p, re.IGNORECASE) for p in c.advice),
            must_mention=tuple(re.compile(p, re.IGNORECASE) for p in c.must_mention),
        )
        for c in (scope.knowledge.steps.cautions if scope.knowledge.steps else [])
    ]
    return Findings(errors=[f"steps.yml: {line}" for line in uncautioned([_choice(s) for s in scope.steps], cautions)])


def reporting_step(scope: Scope) -> Findings:
    """ "Should I go to the police?" is answered with the step on reporting, so it must be there."""
    if any(step.id == REPORTING_STEP for step in scope.steps):
        return Findings()
    return Findings(
        errors=[f"steps.yml: no step {REPORTING_STEP!r} (the answer to questions about going to the police)"]
    )


def payment_demand_step(scope: Scope) -> Findings:
    """ "Should I just pay them?" is answered with the step on demands (do not pay), so it must be there."""
    if any(step.id == PAYMENT_DEMAND_STEP for step in scope.steps):
        return Findings()
    return Findings(errors=[f"steps.yml: no step {PAYMENT_DEMAND_STEP!r} (the answer to 'should I pay them?')"])


def _choice(step: StepEntry) -> StepChoice:
    return StepChoice(
        id=step.id,
        title=step.title,
        text=step.text,
        when=step.when.dict(),
        order=step.order,
        priority=step.priority,
        needs_contact=tuple(step.needs_contact),
        text_without_contact=step.text_without_contact,
        url=str(step.url) if step.url else None,
        replaces=tuple(step.replaces),
    )


def reach(scope: Scope) -> Findings:
    """Every place a person can name gets a specialist for a standard case and the lines they may need (reach.py)."""
    report = check_reach(scope.knowledge, scope.registry)
    return Findings(
        errors=list(report.problems),
        columns={"reach": {code: report.places[code].cell() for code in scope.codes if code in report.places}},
        summary=[f"{report.complete_share:.0%} of places with full reach"],
    )


RULES: list[Rule] = [
    file_errors,
    coverage,
    verified_share,
    official_links,
    law_links_present,
    freshness,
    phone_numbers,
    opening_hours,
    step_promises,
    step_cautions,
    reporting_step,
    payment_demand_step,
    reach,
]


# -- the report ---------------------------------------------------------------------------------


def check(
    out: TextIO,
    knowledge: Knowledge | None = None,
    registry: PlaceRegistry | None = None,
    today: date | None = None,
    rules: list[Rule] | None = None,
) -> int:
    """Run the rules, print the table, warnings and errors; 1 when any rule found an error."""
    registry = registry or get_places()
    scope = Scope(knowledge or read_knowledge(registry=registry), registry, today or date.today())
    findings = [rule(scope) for rule in (RULES if rules is None else rules)]
    columns = {header: cells for f in findings for header, cells in f.columns.items()}
    _print_table(out, scope.codes, columns)
    summary = [phrase for f in findings for phrase in f.summary]
    print("\n" + "; ".join(summary), file=out)
    warnings = [line for f in findings for line in f.warnings]
    for line in warnings[:MAX_WARNINGS]:
        print(f"warning: {line}", file=out)
    if len(warnings) > MAX_WARNINGS:
        print(f"warning: ... and {len(warnings) - MAX_WARNINGS} more", file=out)
    errors = [line for f in findings for line in f.errors]
    for line in errors:
        print(f"error: {line}", file=out)
    print("kb check: " + (f"FAILED ({len(errors)} errors)" if errors else "ok"), file=out)
    return 1 if errors else 0


def _print_table(out: TextIO, codes: list[str], columns: dict[str, dict[str, str]]) -> None:
    widths = {h: max([len(h), *(len(cell) for cell in cells.values())]) + 2 for h, cells in columns.items()}
    print(f"{'code':<8}" + "".join(f"{h:>{widths[h]}}" for h in columns), file=out)
    for code in codes:
        print(f"{code:<8}" + "".join(f"{columns[h].get(code, '-'):>{widths[h]}}" for h in columns), file=out)
