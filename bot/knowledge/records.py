"""What the knowledge base hands out: laws, contacts and next steps, as plain objects."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Law:
    id: str
    citation: str
    title: str
    jurisdiction: str
    url: str
    summary: str
    verified: bool
    last_checked: str
    covers: list[str] = field(default_factory=list)
    kind: str = "criminal"
    local_name: str | None = None


@dataclass
class Contact:
    id: str
    name: str
    jurisdiction: str
    phone: str | None
    sms: str | None
    url: str | None
    hours: str
    why: str
    serves: list[str] = field(default_factory=list)
    open_now: bool | None = None
    verified: bool = True
    last_checked: str = ""
    note: str | None = None


@dataclass
class Step:
    id: str
    title: str
    text: str
    url: str | None = None
