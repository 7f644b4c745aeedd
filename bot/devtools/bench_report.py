"""The pure half of the conversation bench (`bot/devtools/conversation_bench.py`): figures from
timings, the targets of issue 15 as ratios against the minimal Rasa bot, the printed table and the
saved JSON. Kept apart from the processes and the clients so it can be tested without running any.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

JSON_VERSION = 1
BASELINE = "baseline"
CYBERGUIDE = "cyberguide"


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), interpolated between the nearest ranks as numpy does by
    default; None for no values, so an empty level shows as "-" rather than as a fake 0."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Level:
    """One bot at one concurrency: every message's latency (answered ones only), errors, wall time."""

    concurrency: int
    conversations: int
    latencies: tuple[float, ...]  # seconds
    errors: int
    wall_seconds: float
    error_kinds: Mapping[str, int] = field(default_factory=dict)  # e.g. {"HTTP 503": 2}

    @property
    def messages(self) -> int:
        return len(self.latencies) + self.errors

    def summary(self) -> dict[str, Any]:
        """What is printed and saved: milliseconds and messages per second, rounded for reading."""
        p50, p95 = percentile(self.latencies, 50), percentile(self.latencies, 95)
        return {
            "concurrency": self.concurrency,
            "conversations": self.conversations,
            "messages": self.messages,
            "errors": self.errors,
            "error_kinds": dict(self.error_kinds),
            "p50_ms": None if p50 is None else round(p50 * 1000, 1),
            "p95_ms": None if p95 is None else round(p95 * 1000, 1),
            "messages_per_s": round(len(self.latencies) / self.wall_seconds, 2) if self.wall_seconds > 0 else None,
            "wall_s": round(self.wall_seconds, 2),
        }


@dataclass(frozen=True)
class Check:
    """One target of the issue: the measured figure (a ratio or an amount) against its limit."""

    name: str
    measured: float | None
    limit: float
    most: bool  # True: measured must be at most the limit; False: at least
    unit: str = ""

    @property
    def passed(self) -> bool | None:
        """None when it could not be measured (a level not run, a process not found)."""
        if self.measured is None:
            return None
        return self.measured <= self.limit if self.most else self.measured >= self.limit

    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "n/a"}[self.passed]


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)


def _level(summaries: Mapping[int, Mapping[str, Any]], concurrency: int) -> Mapping[str, Any]:
    return summaries.get(concurrency, {})


def checks(
    baseline: Mapping[int, Mapping[str, Any]],
    cyberguide: Mapping[int, Mapping[str, Any]],
    action_server_mb: float | None,
) -> list[Check]:
    """Issue 15 item 1's targets, from the level summaries (keyed by concurrency) of both bots."""
    one_b, one_c = _level(baseline, 1), _level(cyberguide, 1)
    ten_b, ten_c = _level(baseline, 10), _level(cyberguide, 10)
    fifty_c = _level(cyberguide, 50)
    return [
        Check(
            "p50 per message at 1 conversation (x minimal bot)",
            _ratio(one_c.get("p50_ms"), one_b.get("p50_ms")),
            1.5,
            True,
            "x",
        ),
        Check(
            "throughput at 10 concurrent (x minimal bot)",
            _ratio(ten_c.get("messages_per_s"), ten_b.get("messages_per_s")),
            0.7,
            False,
            "x",
        ),
        Check("errors at 50 concurrent", fifty_c.get("errors"), 0, True),
        Check("action server resident memory (peak)", action_server_mb, 400, True, "MB"),
    ]


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def _rows(rows: Sequence[Sequence[Any]]) -> list[str]:
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return [
        "  ".join(
            text.ljust(width) if i == 0 else text.rjust(width)
            for i, (text, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in cells
    ]


def levels_table(results: Mapping[str, Mapping[int, Mapping[str, Any]]]) -> list[str]:
    """Both bots at each concurrency, side by side, with cyberguide's ratio to the minimal bot."""
    header = ["concurrency", "bot", "msgs", "errors", "p50 ms", "p95 ms", "msg/s", "p50 ratio", "msg/s ratio"]
    rows: list[list[Any]] = [header]
    concurrencies = sorted({c for levels in results.values() for c in levels})
    for concurrency in concurrencies:
        base = _level(results.get(BASELINE, {}), concurrency)
        for bot in (BASELINE, CYBERGUIDE):
            level = _level(results.get(bot, {}), concurrency)
            if not level:
                continue
            mine = bot == CYBERGUIDE
            rows.append(
                [
                    concurrency,
                    bot,
                    level["messages"],
                    level["errors"],
                    level["p50_ms"],
                    level["p95_ms"],
                    level["messages_per_s"],
                    _ratio(level["p50_ms"], base.get("p50_ms")) if mine else None,
                    _ratio(level["messages_per_s"], base.get("messages_per_s")) if mine else None,
                ]
            )
    return _rows(rows)


def checks_table(found: Sequence[Check]) -> list[str]:
    rows: list[list[Any]] = [["target", "measured", "limit", "verdict"]]
    for check in found:
        limit = f"{'<=' if check.most else '>='} {check.limit:g}{check.unit}"
        measured = None if check.measured is None else f"{_cell(check.measured)}{check.unit}"
        rows.append([check.name, measured, limit, check.verdict()])
    return _rows(rows)


def memory_table(memory: Mapping[str, Mapping[str, float | None]]) -> list[str]:
    rows: list[list[Any]] = [["process", "RSS ready MB", "RSS peak MB"]]
    for name, figures in memory.items():
        rows.append([name, figures.get("ready_mb"), figures.get("peak_mb")])
    return _rows(rows)


def report(
    results: Mapping[str, Mapping[int, Mapping[str, Any]]],
    memory: Mapping[str, Mapping[str, float | None]],
    timings: Mapping[str, float | None],
    found: Sequence[Check],
    context: Mapping[str, Any],
) -> dict[str, Any]:
    """The saved JSON: levels keyed by concurrency as text (JSON keys are strings)."""
    return {
        "version": JSON_VERSION,
        "context": dict(context),
        "timings_s": dict(timings),
        "levels": {
            bot: {str(c): dict(level) for c, level in sorted(levels.items())} for bot, levels in results.items()
        },
        "memory": {name: dict(figures) for name, figures in memory.items()},
        "targets": [{**asdict(check), "passed": check.passed} for check in found],
    }


def render(document: Mapping[str, Any]) -> str:
    """The printed report, made from the saved JSON so the two never disagree."""
    results = {bot: {int(c): level for c, level in levels.items()} for bot, levels in document["levels"].items()}
    found = [Check(**{k: v for k, v in item.items() if k != "passed"}) for item in document["targets"]]
    timings = [[name, value] for name, value in document["timings_s"].items()]
    lines = ["", "Per message, through each bot's front door:"]
    lines += levels_table(results)
    lines += ["", "Resident memory (the process and its children):"]
    lines += memory_table(document["memory"])
    lines += ["", "Times (s):"]
    lines += _rows([["what", "seconds"], *timings])
    lines += ["", "Targets (issue 15, item 1):"]
    lines += checks_table(found)
    return "\n".join(lines)
