"""Fit the learned second opinion, and choose its thresholds without looking at the blind split.

`python -m bot.devtools.second_opinion fit` fits it on the train split and saves it under
`models/` (run by `make train`).

`python -m bot.devtools.second_opinion tune` fits the classifier five times over the
`train` and `dev` splits together, each time scoring the fifth it did not see, and picks
the lowest thresholds whose out-of-fold false alarms stay within the budgets below. It
prints the figures and the YAML to paste into `bot/triage/patterns/second_opinion.yml`.
"""

from __future__ import annotations

import sys

import numpy as np
from sklearn.model_selection import StratifiedKFold

from bot.devtools.corpus import load_split
from bot.settings import REPO_ROOT
from bot.triage.second_opinion import _normal, _pipeline, fit, save

# Share of accounts that are NOT emergencies the opinion may call one (the blind floor is 2%).
EMERGENCY_BUDGET = 0.01
# Share of calm accounts (not emergency, no safety check in the label) it may ask about.
SAFETY_CHECK_BUDGET = 0.05
# Share of standard or medium accounts it may raise to high.
HIGH_BUDGET = 0.03
FOLDS = 5


def out_of_fold(texts: list[str], labels: np.ndarray) -> np.ndarray:
    scores = np.zeros(len(texts))
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=0)
    for train, test in folds.split(texts, labels):
        model = _pipeline().fit([texts[i] for i in train], labels[train])
        scores[test] = model.predict_proba([texts[i] for i in test])[:, 1]
    return scores


def lowest_threshold(scores: np.ndarray, negatives: np.ndarray, budget: float) -> float:
    """The lowest cut (in 0.05 steps) whose false alarms among `negatives` stay within `budget`."""
    for cut in np.arange(0.05, 1.0, 0.05):
        if (scores[negatives] >= cut).mean() <= budget:
            return round(float(cut), 2)
    return 1.0


def tune() -> int:
    cases = load_split("train") + load_split("dev")
    texts = [_normal(case["text"]) for case in cases]
    risk = np.array([case["expected"]["risk"] for case in cases])
    check = np.array([bool(case["expected"].get("needs_safety_check")) for case in cases])
    emergency = risk == "emergency"
    high = np.isin(risk, ["emergency", "high"])

    possible = emergency | check
    emergency_scores, high_scores = out_of_fold(texts, emergency), out_of_fold(texts, high)
    possible_scores = out_of_fold(texts, possible)
    cut_emergency = lowest_threshold(emergency_scores, ~emergency, EMERGENCY_BUDGET)
    cut_check = lowest_threshold(possible_scores, ~possible, SAFETY_CHECK_BUDGET)
    cut_high = lowest_threshold(high_scores, ~high, HIGH_BUDGET)

    print(f"{len(cases)} accounts (train + dev), {FOLDS}-fold out-of-fold scores")
    print(
        f"emergency    >= {cut_emergency}: finds {(emergency_scores[emergency] >= cut_emergency).mean():.1%} "
        f"of emergencies, false alarms {(emergency_scores[~emergency] >= cut_emergency).mean():.1%}"
    )
    asked = (possible_scores >= cut_check) & (emergency_scores < cut_emergency)
    print(
        f"safety check >= {cut_check}: asks {asked[check].mean():.1%} of the accounts labelled for the question, "
        f"{asked[~emergency & ~check].mean():.1%} of calm ones"
    )
    print(
        f"high         >= {cut_high}: finds {(high_scores[high] >= cut_high).mean():.1%} of high or worse, "
        f"raises {(high_scores[~high] >= cut_high).mean():.1%} of standard or medium"
    )
    print(f"\nemergency: {cut_emergency}\nsafety_check: {cut_check}\nhigh: {cut_high}")
    return 0


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:]) or ["fit"]
    if command == ["fit"]:
        path = save(fit())
        print(f"second opinion fitted on the train split and saved to {path.relative_to(REPO_ROOT)}")
        return 0
    if command == ["tune"]:
        return tune()
    print("usage: python -m bot.devtools.second_opinion [fit|tune]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
