"""Questions the rest of cyberguide asks the knowledge base.

Laws for a place and its parents that fit a classification and flags (most specific
first), contacts for a place and situation with "open now", and next steps for an
assessment. Rows are read once per place in short sessions and then served from memory.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, cast

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.knowledge.hours import describe_hours, open_now
from bot.knowledge.records import Contact, Law, Step
from bot.knowledge.steps import (
    PAYMENT_DEMAND_STEP,
    REPORTING_STEP,
    StepChoice,
    choose_steps,
    contact_groups,
    steps_that_fit,
)
from bot.knowledge.tables import ContactRow, Jurisdiction, LawRow, StepRow
from bot.places import lineage
from bot.vocabulary import Classification, Flag, LawKind, RiskLevel, Service

if TYPE_CHECKING:  # the triage package loads spaCy; `kb check` and the loader need none of it
    from bot.triage.models import Assessment

log = logging.getLogger(__name__)

# Which kinds of law speak to which finding.
KINDS_FOR_CLASSIFICATION: dict[Classification, list[LawKind]] = {
    "cyberstalking": ["stalking", "electronic_communications", "harassment"],
    "cyberharassment": ["harassment", "electronic_communications"],
    "unclear": ["harassment", "stalking"],
}
KINDS_FOR_FLAG: dict[Flag, list[LawKind]] = {
    "threats_of_violence": ["threats"],
    "intimate_images": ["intimate_images", "deepfakes"],
    "sextortion": ["sextortion", "intimate_images", "threats"],
    "doxxing": ["doxxing"],
    "impersonation": ["impersonation"],
    "location_tracking": ["stalking"],
    "account_compromise": ["electronic_communications"],
    "offline_contact": ["stalking", "protective_order"],
    "domestic_abuse": ["protective_order"],
    "hate_based": ["harassment"],
}
# Laws that fit what the person was told, not a label: "he told me to kill myself".
KINDS_FOR_SIGNAL: dict[str, list[LawKind]] = {"told_to_self_harm": ["encouraging_self_harm"]}
# Which services fit which finding, in the order they should be offered (the most urgent finding first).
SERVICES_FOR_FLAG: dict[Flag, list[Service]] = {
    "self_harm_risk": ["crisis"],
    "domestic_abuse": ["domestic_abuse"],
    "intimate_images": ["intimate_images"],
    "sextortion": ["intimate_images", "child_exploitation_reporting", "cybercrime_reporting"],
    "minor_involved": ["children", "child_exploitation_reporting"],
    "location_tracking": ["stalking", "domestic_abuse"],
    "account_compromise": ["cybercrime_reporting"],
    "impersonation": ["cybercrime_reporting", "regulator"],
    "doxxing": ["regulator", "cybercrime_reporting"],
    "hate_based": ["victim_support", "regulator"],
}
SERVICES_FOR_CLASSIFICATION: dict[Classification, list[Service]] = {
    "cyberstalking": ["stalking", "harassment"],
    "cyberharassment": ["harassment", "stalking"],
}


class KnowledgeBase:
    """Read-only queries over a loaded knowledge database.

    The knowledge is small reference data that changes only when the files are reloaded, so
    each place's rows are read from SQL once per process and kept: the per-message path
    then does no I/O. Build a new KnowledgeBase after reloading.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._places: dict[str, Jurisdiction] | None = None
        self._steps: list[StepChoice] | None = None
        self._laws: dict[str, list[LawRow]] = {}
        self._contacts: dict[str, list[ContactRow]] = {}
        # The steps that fit each situation (labels, flags, place) and the choice among them for the contacts shown:
        # pure functions of data read once, so each is worked out once (about 3% of an account's time on the bench).
        self._fitting: dict[tuple, list[StepChoice]] = {}
        self._chosen: dict[tuple, list[StepChoice]] = {}

    # -- cached reads -----------------------------------------------------------------------
    def _jurisdictions(self) -> dict[str, Jurisdiction]:
        if self._places is None:
            with Session(self.engine, future=True) as session:
                self._places = {j.code: j for j in session.scalars(select(Jurisdiction))}
        return self._places

    def _rows(self, table, cache: dict, codes: list[str]) -> list:
        missing = [c for c in codes if c not in cache]
        if missing:
            with Session(self.engine, future=True) as session:
                rows = session.scalars(select(table).where(table.jurisdiction.in_(missing))).all()
            for code in missing:
                cache[code] = [r for r in rows if r.jurisdiction == code]
        return [row for code in codes for row in cache[code]]

    # -- places ---------------------------------------------------------------------------
    def lineage(self, code: str) -> list[str]:
        """The code and its parents among the loaded places, most specific first; unknown codes give []."""
        return lineage(code, self._jurisdictions())

    def _law_codes(self, code: str) -> list[str]:
        """Codes whose laws apply: Wales reads England's file (one legal jurisdiction)."""
        codes = []
        for c in self.lineage(code):
            codes.append(c)
            shared = self._jurisdictions()[c].shares_laws_with
            if shared:
                codes.append(shared)
        return codes

    def covered(self) -> list[str]:
        return [code for code, place in self._jurisdictions().items() if place.has_file]

    # -- laws -----------------------------------------------------------------------------
    def laws_for(
        self,
        code: str | None,
        classification: Classification = "unclear",
        flags: Iterable[Flag] = (),
        limit: int = 8,
        signals: Iterable[str] = (),
    ) -> list[Law]:
        """The laws that may apply, most fitting first. `signals`: what the engine read in the words
        ("told_to_self_harm"), for laws no label calls for (encouraging someone to self-harm). A law for
        partners and family only (coercive control, a domestic violence order) needs `domestic_abuse`."""
        if not code:
            return []
        flags = list(flags)
        wanted: list[LawKind] = list(KINDS_FOR_CLASSIFICATION.get(classification, []))
        for flag in flags:
            wanted += [k for k in KINDS_FOR_FLAG.get(flag, []) if k not in wanted]
        for signal in signals:
            wanted += [k for k in KINDS_FOR_SIGNAL.get(signal, []) if k not in wanted]
        codes = self._law_codes(code)
        rows = self._rows(LawRow, self._laws, codes)

        def rank(row: LawRow) -> tuple[int, int, int]:
            kinds = [wanted.index(k) for k in row.covers if k in wanted]
            return (codes.index(row.jurisdiction), min(kinds) if kinds else 99, row.position)

        domestic = "domestic_abuse" in flags
        fitting = sorted(
            (row for row in rows if set(row.covers) & set(wanted) and (domestic or not row.applies_only_to)), key=rank
        )
        # One or two per kind keeps the answer short enough for a phone screen.
        chosen: list[LawRow] = []
        per_kind: dict[tuple[str, str], int] = {}
        for row in fitting:
            key = (row.jurisdiction, next(k for k in wanted if k in row.covers))
            if per_kind.get(key, 0) >= 2:
                continue
            per_kind[key] = per_kind.get(key, 0) + 1
            chosen.append(row)
        log.debug(
            "laws: %d places, %d rows, %d fit, %d chosen, %d kept",
            len(codes),
            len(rows),
            len(fitting),
            len(chosen),
            min(len(chosen), limit),
        )
        return [_law(row) for row in chosen[:limit]]

    # -- contacts -------------------------------------------------------------------------
    def contact_open_now(self, contact_id: str, jurisdiction: str, now: datetime | None = None) -> bool | None:
        """Whether a contact is open at `now` (default: this moment), for a case saved earlier; None if unknown."""
        for row in self._rows(ContactRow, self._contacts, [jurisdiction]):
            if row.id == contact_id:
                return open_now(row.hours, now)
        return None

    def contacts_for(
        self,
        code: str | None,
        flags: Iterable[Flag] = (),
        risk: RiskLevel = "standard",
        classification: Classification = "unclear",
        now: datetime | None = None,
        limit: int = 6,
        promised: Iterable[Sequence[Service]] = (),
    ) -> list[Contact]:
        """Contacts for a place and situation, most needed first.

        `promised`: groups of contact kinds the next steps point to; a group none of whose kinds
        is already asked for adds its first kind after the situation's own services.
        """
        if not code:
            return []
        flags = list(flags)
        services: list[Service] = []
        if risk in ("emergency", "high"):
            services.append("emergency")
        if "self_harm_risk" in flags:
            services.append("crisis")
        # In the table's order, not the flags' (alphabetical): a partner tracking the car in an emergency had
        # got the police's fraud line (for "account_compromise") before the domestic abuse helpline.
        for flag in (flag for flag in SERVICES_FOR_FLAG if flag in flags):
            services += SERVICES_FOR_FLAG[flag]
        services += SERVICES_FOR_CLASSIFICATION.get(classification, ["stalking", "harassment"])
        if risk == "emergency":  # a line open day and night, after the specialists for what is happening
            services.append("crisis")
        for group in promised:
            if group and not set(group) & set(services):
                services.append(group[0])
        services += ["victim_support", "cybercrime_reporting"]
        if "minor_involved" not in flags:  # CEOP and the like take reports of children's abuse only
            services = [service for service in services if service != "child_exploitation_reporting"]
        services = list(dict.fromkeys(services))
        codes = self.lineage(code)
        rows = self._rows(ContactRow, self._contacts, codes)
        if "minor_involved" not in flags:
            rows = [row for row in rows if row.ages != "under_18"]
        else:  # a 14-year-old's shared photo had got the Revenge Porn Helpline, which is for adults only
            rows = [row for row in rows if row.ages != "adults"]
        chosen: list[tuple[ContactRow, Service]] = []
        for service in services:
            candidates = sorted(
                (r for r in rows if service in r.serves), key=lambda r: (codes.index(r.jurisdiction), r.position)
            )
            if not candidates:
                continue
            first = candidates[0]
            if all(first.id != c.id for c, _ in chosen):
                chosen.append((first, service))
            # Specialist line closed right now: offer a 24/7 one that also fits.
            if open_now(first.hours, now) is False:
                always = next((r for r in candidates[1:] if open_now(r.hours, now) is True), None)
                if always and all(always.id != c.id for c, _ in chosen):
                    chosen.append((always, service))
        if risk != "emergency":
            chosen.sort(key=lambda pair: 0 if pair[1] == "emergency" and risk == "high" else 1)
        log.debug(
            "contacts: %d places, %d services wanted, %d rows, %d chosen, %d kept",
            len(codes),
            len(services),
            len(rows),
            len(chosen),
            min(len(chosen), limit),
        )
        return [_contact(row, service, now) for row, service in chosen[:limit]]

    def emergency_contacts(self, code: str | None) -> list[Contact]:
        """The emergency number and crisis line for a place (empty for an unknown place)."""
        return self.first_per_service(code, ("emergency", "crisis"))

    def first_per_service(self, code: str | None, services: Sequence[Service]) -> list[Contact]:
        """A place's first contact for each of these services, in that order (the nearest place's first)."""
        if not code:
            return []
        codes = self.lineage(code)
        rows = self._rows(ContactRow, self._contacts, codes)
        picked: list[Contact] = []
        for service in services:
            match = sorted(
                (r for r in rows if service in r.serves), key=lambda r: (codes.index(r.jurisdiction), r.position)
            )
            if match:
                picked.append(_contact(match[0], service, None))
        return picked

    def reporting_help(self, code: str | None) -> tuple[Step, list[Contact]]:
        """How reporting to the police works ("should I go to the police?"): the reviewed step
        `REPORTING_STEP`, whatever the assessment, and the police lines of the place, non-emergency
        first, and the step worded for them (without a non-emergency line, where else to go). Not the
        fraud and cybercrime lines: Report Fraud or the Canadian Anti-Fraud Centre do not take stalking or
        harassment. (`kb check` fails when the step is missing.)"""
        contacts = self.first_per_service(code, ("police_non_emergency", "emergency"))
        step = next(s for s in self._step_choices() if s.id == REPORTING_STEP)
        has_line = any("police_non_emergency" in c.serves for c in contacts)
        text = step.text if has_line or not step.text_without_contact else step.text_without_contact
        return Step(id=step.id, title=step.title, text=text, url=step.url), contacts

    def payment_demand_help(self, contacts_shown: bool) -> Step:
        """ "Should I just pay them?": the reviewed step `PAYMENT_DEMAND_STEP` (do not pay), worded for
        whether the contact list has been shown yet. (`kb check` fails when the step is missing.)"""
        step = next(s for s in self._step_choices() if s.id == PAYMENT_DEMAND_STEP)
        text = step.text if contacts_shown or not step.text_without_contact else step.text_without_contact
        return Step(id=step.id, title=step.title, text=text, url=step.url)

    # -- next steps -----------------------------------------------------------------------
    def _step_choices(self) -> list[StepChoice]:
        if self._steps is None:
            with Session(self.engine, future=True) as session:
                rows = session.scalars(select(StepRow).order_by(StepRow.order, StepRow.id)).all()
            self._steps = [_step_choice(row) for row in rows]
        return self._steps

    def promised_contacts(
        self, classification: Classification, risk: RiskLevel, flags: Iterable[str], code: str | None
    ) -> list[tuple[Service, ...]]:
        """The contact kinds the fitting steps' texts point to ("the non-emergency number listed below")."""
        return contact_groups(self._fitting_steps(classification, risk, flags, code))

    def _fitting_steps(
        self, classification: Classification, risk: RiskLevel, flags: Iterable[str], code: str | None
    ) -> list[StepChoice]:
        """The steps whose conditions an assessment meets, in their reviewed order."""
        flags = frozenset(flags)
        key = (classification, risk, flags, code)
        if key not in self._fitting:
            codes = self.lineage(code) if code else []
            self._fitting[key] = steps_that_fit(self._step_choices(), classification, risk, flags, codes)
        return list(self._fitting[key])

    def steps_for(
        self,
        classification: Classification,
        risk: RiskLevel,
        flags: Iterable[Flag],
        code: str | None,
        limit: int = 7,
        referrals: list[Contact] | None = None,
        fitting: list[StepChoice] | None = None,
    ) -> list[Step]:
        """The next steps for an assessment, safety first, each promise kept by the `referrals` shown.

        Without `referrals`, the contacts `contacts_for` would show for the same assessment are used.
        `fitting` is `_fitting_steps` for the same assessment when the caller has it already (the
        choice only ever reads the fitting steps, so it is the same; `enrich` reads them once).
        """
        flags = list(flags)
        if referrals is None:
            promised = self.promised_contacts(classification, risk, flags, code)
            referrals = self.contacts_for(code, flags, risk, classification, promised=promised)
        shown = frozenset(service for contact in referrals for service in contact.serves)
        key = (classification, risk, frozenset(flags), code, shown, limit)
        if key not in self._chosen:
            codes = self.lineage(code) if code else []
            # (`fitting` is the fitting steps of the same situation, so the choice is the same either way)
            steps = self._step_choices() if fitting is None else fitting
            self._chosen[key] = choose_steps(steps, classification, risk, set(flags), codes, shown, limit)
        chosen = self._chosen[key]
        log.debug("steps: %d chosen of %d", len(chosen), len(self._step_choices()))
        return [Step(id=step.id, title=step.title, text=step.text, url=step.url) for step in chosen]

    # -- all together -----------------------------------------------------------------------
    def enrich(self, assessment: Assessment, now: datetime | None = None) -> Assessment:
        """Attach laws, referrals and next steps that fit an assessment.

        The contacts are chosen knowing which kinds the steps promise, and the steps are then
        worded for the contacts actually shown, so "listed below" is always true.
        """
        code = assessment.jurisdiction
        signals = list(assessment.facts.signals) if assessment.facts else []
        assessment.laws = self.laws_for(code, assessment.classification, assessment.flags, signals=signals)
        fitting = self._fitting_steps(assessment.classification, assessment.risk, assessment.flags, code)
        assessment.referrals = self.contacts_for(
            code, assessment.flags, assessment.risk, assessment.classification, now, promised=contact_groups(fitting)
        )
        assessment.next_steps = self.steps_for(
            assessment.classification,
            assessment.risk,
            assessment.flags,
            code,
            referrals=assessment.referrals,
            fitting=fitting,
        )
        return assessment


def _step_choice(row: StepRow) -> StepChoice:
    return StepChoice(
        id=row.id,
        title=row.title,
        text=row.text,
        when=row.when or {},
        order=row.order,
        priority=row.priority,
        needs_contact=tuple(cast(list[Service], row.needs_contact or [])),
        text_without_contact=row.text_without_contact,
        url=row.url,
        replaces=tuple(row.replaces or ()),
    )


def _law(row: LawRow) -> Law:
    return Law(
        id=row.id,
        citation=row.citation,
        title=row.title,
        jurisdiction=row.jurisdiction,
        url=row.url or "",
        summary=row.summary.strip(),
        verified=row.verified,
        last_checked=row.last_checked.isoformat(),
        covers=list(row.covers),
        kind=row.kind,
        local_name=row.local_name,
    )


WHY: dict[Service, str] = {
    "emergency": "emergency help, any time",
    "crisis": "someone to talk to if you are thinking about hurting yourself",
    "stalking": "specialist help with stalking",
    "harassment": "help with online harassment",
    "domestic_abuse": "help when a partner, ex or family member is abusing you",
    "sexual_violence": "support after sexual abuse",
    "intimate_images": "help getting intimate images taken down",
    "children": "help for young people",
    "child_exploitation_reporting": "report sexual exploitation of a young person",
    "cybercrime_reporting": "report online crime",
    "regulator": "the online safety regulator",
    "victim_support": "support for victims of crime",
    "police_non_emergency": "police, when it is not an emergency",
}


def _contact(row: ContactRow, service: Service, now: datetime | None) -> Contact:
    return Contact(
        id=row.id,
        name=row.name,
        jurisdiction=row.jurisdiction,
        phone=row.phone,
        sms=row.sms,
        url=row.url,
        hours=describe_hours(row.hours),
        why=WHY.get(service, service),
        serves=list(row.serves),
        open_now=open_now(row.hours, now),
        verified=row.verified,
        last_checked=row.last_checked.isoformat(),
        note=row.note,
    )


def all_emergency_numbers(kb: KnowledgeBase) -> str:
    """'911 in the United States, 999 in the United Kingdom, ...' for when the place is unknown."""
    with Session(kb.engine, future=True) as session:
        countries = {j.code: j.name for j in session.scalars(select(Jurisdiction).where(Jurisdiction.parent.is_(None)))}
        rows = session.scalars(
            select(ContactRow)
            .where(ContactRow.jurisdiction.in_(list(countries)))
            .order_by(ContactRow.jurisdiction, ContactRow.position)
        ).all()
    numbers: dict[str, str] = {}  # country code -> "911 in the United States"
    for row in rows:
        if "emergency" in row.serves and row.phone and row.jurisdiction not in numbers:
            numbers[row.jurisdiction] = f"{row.phone} in {countries[row.jurisdiction]}"
    return ", ".join(numbers.values())
