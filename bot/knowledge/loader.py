"""Validate the knowledge files and load them into the database, idempotently.

Validation collects every problem (not just the first) and names the file and entry,
so a reviewer adding a jurisdiction sees all mistakes at once.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.knowledge.sources import PlaceFile, StepsFile
from bot.knowledge.tables import SCHEMA_VERSION, Base, ContactRow, Jurisdiction, KnowledgeVersion, LawRow, StepRow
from bot.places import PlaceRegistry, get_places
from bot.settings import KNOWLEDGE_DIR
from bot.vocabulary import FLAGS

log = logging.getLogger(__name__)

PLACES_DIR = KNOWLEDGE_DIR / "places"
STEPS_FILE = KNOWLEDGE_DIR / "steps.yml"


class _TextDatesLoader(yaml.SafeLoader):
    """Leaves dates as text so pydantic validates them and names the entry (2026-13-45)."""


_TextDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse(text: str) -> Any:
    return yaml.load(text, Loader=_TextDatesLoader)


@dataclass
class Knowledge:
    """Everything read from the files, validated."""

    places: list[PlaceFile] = field(default_factory=list)
    steps: StepsFile | None = None
    errors: list[str] = field(default_factory=list)
    content_hash: str = ""


def _describe(error: ValidationError, raw: dict[str, Any]) -> list[str]:
    """Turn pydantic's error list into lines naming the entry id and the field."""
    lines = []
    for item in error.errors():
        loc = list(item["loc"])
        where = []
        if len(loc) >= 2 and isinstance(loc[1], int) and loc[0] in ("laws", "contacts", "steps"):
            entries = raw.get(loc[0]) or []
            entry = entries[loc[1]] if loc[1] < len(entries) and isinstance(entries[loc[1]], dict) else {}
            where.append(f"{loc[0][:-1]} {entry.get('id', '#' + str(loc[1] + 1))!r}")
            loc = loc[2:]
        field_name = ".".join(str(part) for part in loc if part != "__root__")
        if field_name:
            where.append(f"field {field_name!r}")
        lines.append(f"{', '.join(where) or 'file'}: {item['msg']}")
    return lines


def read_knowledge(
    places_dir: Path = PLACES_DIR, steps_file: Path = STEPS_FILE, registry: PlaceRegistry | None = None
) -> Knowledge:
    """Read and validate every knowledge file; problems go to `errors`, never raise."""
    registry = registry or get_places()
    knowledge = Knowledge()
    digest = hashlib.sha256(b"schema " + SCHEMA_VERSION.encode() + b"\0")
    seen_ids: dict[str, str] = {}
    for path in sorted(places_dir.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        digest.update(path.name.encode() + b"\0" + text.encode())
        try:
            raw = _parse(text) or {}
        except yaml.YAMLError as error:
            knowledge.errors.append(f"{path.name}: not valid YAML: {error}")
            continue
        try:
            place = PlaceFile.parse_obj(raw)
        except ValidationError as error:
            knowledge.errors += [f"{path.name}: {line}" for line in _describe(error, raw)]
            continue
        if place.code != path.stem:
            knowledge.errors.append(f"{path.name}: code {place.code!r} does not match the file name")
        if not registry.known(place.code):
            knowledge.errors.append(
                f"{path.name}: unknown jurisdiction code {place.code!r} (add it to jurisdictions.yml)"
            )
        if place.shares_laws_with and not registry.known(place.shares_laws_with):
            knowledge.errors.append(f"{path.name}: shares_laws_with names unknown code {place.shares_laws_with!r}")
        for kind, entries in (("law", place.laws), ("contact", place.contacts)):
            for entry in entries:
                if entry.id in seen_ids:
                    knowledge.errors.append(
                        f"{path.name}: {kind} {entry.id!r} duplicates an id in {seen_ids[entry.id]}"
                    )
                seen_ids[entry.id] = path.name
        knowledge.places.append(place)
    if steps_file.exists():
        text = steps_file.read_text(encoding="utf-8")
        digest.update(b"steps\0" + text.encode())
        try:
            raw_steps = _parse(text) or {}
            knowledge.steps = StepsFile.parse_obj(raw_steps)
        except yaml.YAMLError as error:
            knowledge.errors.append(f"{steps_file.name}: not valid YAML: {error}")
        except ValidationError as error:
            knowledge.errors += [f"{steps_file.name}: {line}" for line in _describe(error, raw_steps)]
        if knowledge.steps:
            step_ids: set[str] = set()
            for step in knowledge.steps.steps:
                if step.id in step_ids:
                    knowledge.errors.append(f"{steps_file.name}: step {step.id!r} is listed twice")
                step_ids.add(step.id)
                for flag in step.when.flags_any + step.when.flags_none:
                    if flag not in FLAGS:
                        knowledge.errors.append(f"{steps_file.name}: step {step.id!r}: unknown flag {flag!r}")
                for code in step.when.jurisdictions:
                    if not registry.known(code):
                        knowledge.errors.append(f"{steps_file.name}: step {step.id!r}: unknown jurisdiction {code!r}")
            for step in knowledge.steps.steps:
                for gone in step.replaces:
                    if gone not in step_ids or gone == step.id:
                        knowledge.errors.append(f"{steps_file.name}: step {step.id!r} replaces unknown step {gone!r}")
    else:
        knowledge.errors.append(f"{steps_file.name}: missing")
    knowledge.content_hash = digest.hexdigest()
    return knowledge


class KnowledgeError(Exception):
    """The knowledge files have problems; `errors` lists them all."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors[:5]) + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""))
        self.errors = errors


def load_knowledge(engine: Engine, knowledge: Knowledge | None = None, registry: PlaceRegistry | None = None) -> bool:
    """Load the files into the database; returns False when the same content is already there."""
    registry = registry or get_places()
    knowledge = knowledge or read_knowledge(registry=registry)
    if knowledge.errors:
        raise KnowledgeError(knowledge.errors)
    Base.metadata.create_all(engine)
    with Session(engine, future=True) as session:
        current = session.execute(select(KnowledgeVersion.content_hash)).scalar_one_or_none()
    if current == knowledge.content_hash:
        log.debug("knowledge files unchanged (hash %s); nothing to load", knowledge.content_hash[:12])
        return False
    # The tables hold only what the files say: rebuild them (in one transaction), so new columns
    # exist after an upgrade.
    with engine.begin() as connection, Session(bind=connection, future=True) as session:
        Base.metadata.drop_all(connection)
        Base.metadata.create_all(connection)
        files = {place.code for place in knowledge.places}
        shares = {place.code: place.shares_laws_with for place in knowledge.places}
        for known in registry.places.values():
            session.add(
                Jurisdiction(
                    code=known.code,
                    name=known.name,
                    parent=known.parent,
                    shares_laws_with=shares.get(known.code),
                    has_file=known.code in files,
                )
            )
        session.flush()
        for place in knowledge.places:
            for position, law in enumerate(place.laws):
                session.add(
                    LawRow(
                        jurisdiction=place.code,
                        position=position,
                        **law.dict(exclude={"url"}),
                        url=str(law.url) if law.url else None,
                    )
                )
            for position, contact in enumerate(place.contacts):
                data = contact.dict(exclude={"url", "hours"})
                hours = (
                    contact.hours
                    if contact.hours is None or isinstance(contact.hours, str)
                    else contact.hours.dict(by_alias=True)
                )
                session.add(
                    ContactRow(
                        jurisdiction=place.code,
                        position=position,
                        url=str(contact.url) if contact.url else None,
                        hours=hours,
                        **data,
                    )
                )
        for step in knowledge.steps.steps if knowledge.steps else []:
            session.add(
                StepRow(
                    id=step.id,
                    title=step.title,
                    text=step.text,
                    when=step.when.dict(),
                    order=step.order,
                    url=str(step.url) if step.url else None,
                    priority=step.priority,
                    needs_contact=list(step.needs_contact),
                    text_without_contact=step.text_without_contact,
                    replaces=list(step.replaces),
                )
            )
        session.add(KnowledgeVersion(id=1, content_hash=knowledge.content_hash))
        session.flush()  # written on the connection, committed with its transaction
    log.info(
        "loaded %d laws, %d contacts and %d next steps for %d places (hash %s)",
        sum(len(place.laws) for place in knowledge.places),
        sum(len(place.contacts) for place in knowledge.places),
        len(knowledge.steps.steps) if knowledge.steps else 0,
        len(knowledge.places),
        knowledge.content_hash[:12],
    )
    return True
