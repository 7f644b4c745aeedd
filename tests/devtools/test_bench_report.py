"""The conversation bench's arithmetic and report (bot/devtools/bench_report.py); nothing is timed here."""

from __future__ import annotations

import json

import pytest

from bot.devtools.bench_report import BASELINE, CYBERGUIDE, Check, Level, checks, percentile, render, report
from bot.devtools.conversation_bench import top_frames


def test_percentile_interpolates_between_ranks_as_numpy_does() -> None:
    assert percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == pytest.approx(4.8)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


def test_a_level_counts_errors_as_messages_but_not_in_the_latencies() -> None:
    summary = Level(10, 10, (0.1, 0.2, 0.3), errors=1, wall_seconds=1.5, error_kinds={"HTTP 503": 1}).summary()
    assert summary["messages"] == 4 and summary["errors"] == 1
    assert summary["p50_ms"] == 200.0
    assert summary["messages_per_s"] == 2.0  # answered messages per second
    assert summary["error_kinds"] == {"HTTP 503": 1}


def test_an_empty_level_has_no_figures_rather_than_zeros() -> None:
    summary = Level(1, 1, (), errors=8, wall_seconds=0.0).summary()
    assert summary["p50_ms"] is None and summary["messages_per_s"] is None


def _levels(p50_1: float, rate_10: float, errors_50: int) -> dict[int, dict]:
    return {
        1: {"p50_ms": p50_1, "messages_per_s": 20.0, "errors": 0, "messages": 8, "p95_ms": p50_1},
        10: {"p50_ms": 400.0, "messages_per_s": rate_10, "errors": 0, "messages": 80, "p95_ms": 500.0},
        50: {"p50_ms": 900.0, "messages_per_s": rate_10, "errors": errors_50, "messages": 400, "p95_ms": 990.0},
    }


def test_targets_are_ratios_to_the_minimal_bot() -> None:
    found = checks(_levels(40.0, 20.0, 0), _levels(60.0, 14.0, 0), action_server_mb=390.0)
    assert [(c.measured, c.passed) for c in found] == [(1.5, True), (0.7, True), (0, True), (390.0, True)]
    found = checks(_levels(40.0, 20.0, 0), _levels(61.0, 13.0, 2), action_server_mb=401.0)
    assert [c.passed for c in found] == [False, False, False, False]


def test_a_target_that_was_not_measured_is_neither_pass_nor_fail() -> None:
    found = checks({}, {}, action_server_mb=None)
    assert all(c.passed is None and c.verdict() == "n/a" for c in found)


def test_the_json_has_one_shape_and_the_printed_table_is_made_from_it() -> None:
    results = {BASELINE: _levels(40.0, 20.0, 0), CYBERGUIDE: _levels(120.0, 9.0, 0)}
    memory = {"cyberguide action server": {"ready_mb": 700.0, "peak_mb": 750.0}}
    found = checks(results[BASELINE], results[CYBERGUIDE], 750.0)
    document = json.loads(json.dumps(report(results, memory, {"minimal bot: training": 60.0}, found, {"quick": True})))
    assert set(document) == {"version", "context", "timings_s", "levels", "memory", "targets"}
    assert set(document["levels"][CYBERGUIDE]) == {"1", "10", "50"}
    assert document["targets"][0] == {
        "name": found[0].name,
        "measured": 3.0,
        "limit": 1.5,
        "most": True,
        "unit": "x",
        "passed": False,
    }
    text = render(document)
    assert "FAIL" in text and "3.00x" in text and "0.45" in text  # 9 / 20 msg/s at 10 concurrent


def test_a_check_says_which_way_its_limit_goes() -> None:
    assert Check("rate", 0.8, 0.7, most=False).passed is True
    assert Check("rate", 0.6, 0.7, most=False).passed is False


def test_the_profile_summary_counts_own_time_by_the_innermost_frame() -> None:
    collapsed = "main;handle;predict (a.py:1) 30\nmain;handle;json (b.py:2) 10\nmain;predict (a.py:1) 10\n"
    assert top_frames(collapsed) == [("predict (a.py:1)", 80.0), ("json (b.py:2)", 20.0)]


def test_the_profile_summary_leaves_out_waiting_threads_and_entry_points() -> None:
    collapsed = (
        "main (run.py:1);handle (h.py:2);validate (v.py:3) 40\n"
        "main (run.py:1);handle (h.py:2);predict (p.py:4) 40\n"
        "main (run.py:1);_worker (concurrent/futures/thread.py:81) 900\n"
        "main (run.py:1);idle (x.py:9) 20\n"
    )
    assert top_frames(collapsed)[0] == ("validate (v.py:3)", 40.0)  # the 900 waiting samples do not count
    assert top_frames(collapsed, inclusive=True) == [
        ("handle (h.py:2)", 80.0),
        ("validate (v.py:3)", 40.0),
        ("predict (p.py:4)", 40.0),
        ("idle (x.py:9)", 20.0),
    ]  # main, on every busy stack, is left out
