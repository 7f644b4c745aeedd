"""Fit the learned second opinion: `python -m bot.devtools.second_opinion fit` (run by `make train`).

It is fitted on the train split and the calibration accounts and saved under `models/`. Its
thresholds are chosen apart, on the calibration accounts, each read by a model fitted without it
(`python -m bot.devtools.calibrate search`).
"""

from __future__ import annotations

import sys

from bot.settings import REPO_ROOT
from bot.triage.second_opinion import fit, save


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:]) or ["fit"]
    if command == ["fit"]:
        path = save(fit())
        print(
            f"second opinion fitted on the train split and the calibration accounts, saved to {path.relative_to(REPO_ROOT)}"
        )
        return 0
    print("usage: python -m bot.devtools.second_opinion [fit]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
