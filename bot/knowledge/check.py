"""`python -m bot kb check`: validate every file and print a coverage table.

Fails (exit 1) on any validation error, or on a covered jurisdiction that lacks a stalking
law, a harassment law or an emergency number (its own or its country's). Warns on entries
not checked for over a year, and on laws with no link to their text.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TextIO

from bot.knowledge.links import check_links
from bot.knowledge.loader import Knowledge, read_knowledge
from bot.knowledge.sources import PlaceFile
from bot.places import PlaceRegistry, get_places
from bot.vocabulary import LawKind

KINDS: list[LawKind] = ["stalking", "harassment", "intimate_images", "threats", "protective_order"]
STALE_AFTER = timedelta(days=365)


def check(
    out: TextIO, knowledge: Knowledge | None = None, registry: PlaceRegistry | None = None, today: date | None = None
) -> int:
    registry = registry or get_places()
    knowledge = knowledge or read_knowledge(registry=registry)
    today = today or date.today()
    problems = list(knowledge.errors)
    warnings: list[str] = []
    by_code: dict[str, PlaceFile] = {p.code: p for p in knowledge.places}
    links = check_links(knowledge.places)  # links to the law itself, on official hosts (links.py)
    problems += links.problems

    def chain(code: str) -> list[PlaceFile]:
        """The files whose laws and contacts cover `code`: its own, its parents', and any it shares laws with."""
        files = []
        for place in (by_code[c] for c in registry.lineage(code) if c in by_code):
            files.append(place)
            if place.shares_laws_with and place.shares_laws_with in by_code:
                files.append(by_code[place.shares_laws_with])
        return files

    rows = []
    totals: defaultdict[str, int] = defaultdict(int)
    oldest: date | None = None
    for code in sorted(by_code):
        files = chain(code)
        kinds = {kind for f in files for law in f.laws for kind in law.covers}
        services = {s for f in files for c in f.contacts for s in c.serves}
        own = by_code[code]
        for kind, entries in (("law", own.laws), ("contact", own.contacts)):
            for entry in entries:
                totals[f"{kind}s"] += 1
                totals[f"{kind}s_verified"] += entry.verified
                oldest = min(oldest or entry.last_checked, entry.last_checked)
                if today - entry.last_checked > STALE_AFTER:
                    warnings.append(
                        f"{code}.yml: {kind} {entry.id!r} last checked {entry.last_checked} (over a year ago)"
                    )
                if kind == "law" and entry.url is None:
                    warnings.append(f"{code}.yml: law {entry.id!r} has no link to its text")
        if code != "GB":  # GB holds UK-wide contacts; its nations carry the law
            for needed in ("stalking", "harassment"):
                if needed not in kinds:
                    problems.append(f"{code}: no law covering {needed} (own file or country)")
        if "emergency" not in services:
            problems.append(f"{code}: no emergency number (own file or country)")
        rows.append(
            (
                code,
                [("yes" if k in kinds else "-") for k in KINDS],
                len(own.laws),
                len(own.contacts),
                sum(law.verified for law in own.laws) + sum(c.verified for c in own.contacts),
                links.share(code),
            )
        )

    header = (
        f"{'code':<8}"
        + "".join(f"{k[:12]:>13}" for k in KINDS)
        + f"{'laws':>6}{'contacts':>10}{'verified':>10}{'official':>10}"
    )
    print(header, file=out)
    for code, marks, laws, contacts, verified, official in rows:
        shown = "-" if official is None else f"{official:.0%}"
        print(
            f"{code:<8}" + "".join(f"{m:>13}" for m in marks) + f"{laws:>6}{contacts:>10}{verified:>10}{shown:>10}",
            file=out,
        )
    counted = totals["laws"] + totals["contacts"]
    share = (totals["laws_verified"] + totals["contacts_verified"]) / counted if counted else 0.0
    steps = len(knowledge.steps.steps) if knowledge.steps else 0
    print(
        f"\n{len(rows)} jurisdictions, {totals['laws']} laws, {totals['contacts']} contacts, {steps} next steps; "
        f"{share:.0%} verified; {links.total_share():.0%} of law links official; oldest check {oldest}",
        file=out,
    )
    for line in warnings[:40]:
        print(f"warning: {line}", file=out)
    if len(warnings) > 40:
        print(f"warning: ... and {len(warnings) - 40} more", file=out)
    for line in problems:
        print(f"error: {line}", file=out)
    print("kb check: " + ("FAILED" if problems else "ok"), file=out)
    return 1 if problems else 0
