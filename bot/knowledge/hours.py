"""Whether a service is open at a given moment, from its hours and time zone."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

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


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)
