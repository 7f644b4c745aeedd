"""`make bench`: triage CLI throughput on one core over the corpus, after start-up.

Prints start-up time, accounts per second through `run_jsonl` (the CLI's own loop, JSON in
and out, knowledge base included) and peak memory. Target: 500 accounts/s after start-up.
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import time
from pathlib import Path

from bot.logs import configure_logging  # (light: the heavy imports are timed as start-up below)
from bot.settings import settings_or_exit
from bot.tensorflow_out import keep_tensorflow_out


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    path = Path(args[0] if args else "tests/data/corpus.jsonl")
    rounds = int(args[1]) if len(args) > 1 else 5
    configure_logging(settings_or_exit().log_level or "WARNING")
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    started = time.perf_counter()
    keep_tensorflow_out()  # (as `python -m bot` does)
    from bot.cli import run_jsonl
    from bot.triage.loading import load_triage_engine

    load_triage_engine()  # (as `python -m bot triage` does before its first line)
    startup = time.perf_counter() - started
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = [json.loads(line) for line in lines]
    requests = [
        json.dumps({"id": case["id"], "text": case["text"], "jurisdiction": case.get("jurisdiction")}) for case in cases
    ]
    timings = []
    for _ in range(rounds):
        out = io.StringIO()
        began = time.perf_counter()
        run_jsonl(requests, out)
        timings.append(time.perf_counter() - began)
    best, median = min(timings), sorted(timings)[len(timings) // 2]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus accounts:      {len(requests)}")
    print(f"start-up:             {startup:.2f} s")
    print(f"throughput (median):  {len(requests) / median:,.0f} accounts/s on one core ({rounds} rounds)")
    print(f"throughput (best):    {len(requests) / best:,.0f} accounts/s")
    print(f"peak memory:          {peak_mb:,.0f} MB")
    print("target:               500 accounts/s after start-up")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
