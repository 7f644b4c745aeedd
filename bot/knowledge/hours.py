"""Whether a service is open at a given moment, from its hours and time zone; and whether its hours can be read.

Hours are "24/7", not stated (None), or a schedule that names an IANA time zone: "9 to 5" means
nothing to someone in another zone, so free-text hours fail `kb check` (`hours_problem`).
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.vocabulary import DAYS  # Monday first, so DAYS[datetime.weekday()] is the day


def open_now(hours: Any, now: datetime | None = None) -> bool | None:
    """True/False from a schedule; True for 24/7; None when the hours are not stated."""
    if hours is None:
        return None
    if isinstance(hours, str):
        return True if hours.strip().lower() in {"24/7", "24 hours", "24h"} else None
    now = now or datetime.now(timezone.utc)
    local = now.astimezone(ZoneInfo(hours["tz"]))
    day, minutes = DAYS[local.weekday()], local.hour * 60 + local.minute
    for opening in hours.get("open", []):
        start, end = _minutes(opening["from"]), _minutes(opening["to"])
        if end <= start:  # runs past midnight: open on `day` from start, and the next morning
            previous = DAYS[(local.weekday() - 1) % 7]
            if (day in opening["days"] and minutes >= start) or (previous in opening["days"] and minutes < end):
                return True
        elif day in opening["days"] and start <= minutes < end:
            return True
    return False


def describe_hours(hours: Any) -> str:
    """Plain words for a schedule: '24/7' or 'Mon-Fri 09:00-17:00 (Europe/London)'."""
    if hours is None:
        return "hours not stated"
    if isinstance(hours, str):
        return hours
    parts = []
    for opening in hours.get("open", []):
        days = opening["days"]
        if len(days) > 2 and [DAYS.index(d) for d in days] == list(
            range(DAYS.index(days[0]), DAYS.index(days[-1]) + 1)
        ):
            label = f"{days[0].title()}-{days[-1].title()}"
        else:
            label = ", ".join(d.title() for d in days)
        parts.append(f"{label} {opening['from']}-{opening['to']}")
    return f"{'; '.join(parts)} ({hours['tz']})"


@lru_cache(maxsize=1)
def zones_by_country() -> dict[str, frozenset[str]]:
    """Country code -> its time zones, from the IANA `zone.tab` that the tzdata package ships."""
    table: dict[str, set[str]] = {}
    for line in (resources.files("tzdata.zoneinfo") / "zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            country, _, zone, *_ = line.split("\t")
            table.setdefault(country, set()).add(zone)
    return {country: frozenset(zones) for country, zones in table.items()}


def hours_problem(hours: Any, country: str) -> str | None:
    """Why a contact's `hours` cannot be read as a time in `country`, or None when they can.

    Accepted: "24/7", None (not stated), or {tz, open: [{days, from, to}]} with a zone used in
    the country (a Europe/London schedule in an Irish file is a copy-and-paste slip).
    """
    if hours is None or hours == "24/7":
        return None
    if isinstance(hours, str):
        return f'free-text hours {hours!r}: write "24/7" or a schedule with a time zone (tz)'
    zone = hours.get("tz")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return f"unknown time zone {zone!r}"
    if zone not in zones_by_country().get(country, frozenset()):
        return f"time zone {zone!r} is not one of {country}'s (IANA zone.tab)"
    if not hours.get("open"):
        return "a schedule with no opening times"
    for opening in hours["open"]:
        start, end = _minutes(opening["from"]), _minutes(opening["to"])
        if not opening.get("days"):
            return f"opening {opening['from']}-{opening['to']} names no days"
        if start == end or max(start, end) > 24 * 60:
            return f"opening {opening['from']}-{opening['to']} is not a time span within a day"
    return None


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)
