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
from bot.triage.second_opinion import HEADS, _pipeline, fit, labelled, negative_examples, save

# Share of accounts that are NOT emergencies the opinion may call one (the blind floor is 2%).
EMERGENCY_BUDGET = 0.01
# Share of calm accounts (not emergency, no safety check in the label) it may ask about.
SAFETY_CHECK_BUDGET = 0.05
# Share of standard or medium accounts it may raise to high, and of standard accounts to medium
# (as the other heads: when unsure between two risk levels, the higher one wins).
HIGH_BUDGET = 0.05
MEDIUM_BUDGET = 0.05
# Share of `unclear` accounts it may call abusive conduct, and of the others it may call stalking.
CONDUCT_BUDGET = 0.05
STALKING_BUDGET = 0.05
# Share of abusive accounts it may call `unclear`, and of stalking accounts it may call only harassment
# (it moves a label down only when the rules read the text alone: see `rubric._second_opinion_on_classification`).
LOWER_BUDGET = 0.03
# Share of accounts without a flag it may add that flag to.
FLAG_BUDGET = 0.005
FOLDS = 5


def out_of_fold(texts: list[str], labels: np.ndarray) -> np.ndarray:
    scores = np.zeros(len(texts))
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=0)
    for train, test in folds.split(texts, labels):
        model = _pipeline().fit([texts[i] for i in train], labels[train])
        scores[test] = model.predict_proba([texts[i] for i in test])[:, 1]
    return scores


def lowest_threshold(scores: np.ndarray, negatives: np.ndarray, budget: float) -> float:
    """The lowest cut (in 0.01 steps) whose false alarms among `negatives` stay within `budget`."""
    for cut in np.arange(0.05, 1.0, 0.01):
        if (scores[negatives] >= cut).mean() <= budget:
            return round(float(cut), 2)
    return 1.0


def highest_threshold(scores: np.ndarray, positives: np.ndarray, budget: float) -> float:
    """The highest cut (in 0.01 steps) below which at most `budget` of `positives` fall."""
    for cut in np.arange(0.95, 0.0, -0.01):
        if (scores[positives] < cut).mean() <= budget:
            return round(float(cut), 2)
    return 0.0


def tune() -> int:
    accounts, labels = labelled(load_split("train") + load_split("dev"))
    negatives = negative_examples()
    texts = accounts + [text for text, _ in negatives]
    # Budgets are measured on accounts; negative examples train the folds of the heads they belong to.
    is_account = np.array([True] * len(accounts) + [False] * len(negatives))
    y_all = {head: np.array(values + [False] * len(negatives)) for head, values in labels.items()}
    all_scores = {head: np.zeros(len(texts)) for head in HEADS}
    for head in HEADS:
        rows = np.array([True] * len(accounts) + [head in heads for _, heads in negatives])
        all_scores[head][rows] = out_of_fold(
            [t for t, keep in zip(texts, rows, strict=True) if keep], y_all[head][rows]
        )
    scores = {head: values[is_account] for head, values in all_scores.items()}
    y = {head: values[is_account] for head, values in y_all.items()}
    cuts = {
        "emergency": lowest_threshold(scores["emergency"], ~y["emergency"], EMERGENCY_BUDGET),
        "safety_check": lowest_threshold(scores["possible"], ~y["possible"], SAFETY_CHECK_BUDGET),
        "high": lowest_threshold(scores["high"], ~y["high"], HIGH_BUDGET),
        "medium": lowest_threshold(scores["medium"], ~y["medium"], MEDIUM_BUDGET),
        "conduct": lowest_threshold(scores["conduct"], ~y["conduct"], CONDUCT_BUDGET),
        "stalking": lowest_threshold(scores["stalking"], ~y["stalking"], STALKING_BUDGET),
    }
    heads = {
        "emergency": "emergency",
        "safety_check": "possible",
        "high": "high",
        "medium": "medium",
        "conduct": "conduct",
        "stalking": "stalking",
    }
    lower = {
        "unclear_below": highest_threshold(scores["conduct"], y["conduct"], LOWER_BUDGET),
        "not_stalking_below": highest_threshold(scores["stalking"], y["stalking"], LOWER_BUDGET),
    }
    flags = {head.removeprefix("flag:"): head for head in HEADS if head.startswith("flag:")}
    flag_cuts = {flag: lowest_threshold(scores[head], ~y[head], FLAG_BUDGET) for flag, head in flags.items()}
    print(f"{len(accounts)} accounts (train + dev) and {len(negatives)} negative examples, {FOLDS}-fold out-of-fold")
    calm = all_scores["emergency"][~is_account] >= cuts["emergency"]
    print(f"negative examples read as danger now: {calm.mean():.2%}")
    for name, head in heads.items():
        hit = scores[head] >= cuts[name]
        print(
            f"{name:<13}>= {cuts[name]:.2f}: finds {hit[y[head]].mean():.1%} of its accounts, "
            f"false alarms {hit[~y[head]].mean():.1%} of the others"
        )
    for name, head in (("unclear_below", "conduct"), ("not_stalking_below", "stalking")):
        low = scores[head] < lower[name]
        print(
            f"{name:<19}< {lower[name]:.2f}: lowers {low[~y[head]].mean():.1%} of the others, "
            f"wrongly {low[y[head]].mean():.1%} of its own accounts"
        )
    for flag, head in flags.items():
        hit = scores[head] >= flag_cuts[flag]
        print(
            f"{flag:<22}>= {flag_cuts[flag]:.2f}: finds {hit[y[head]].mean():.1%}, false alarms {hit[~y[head]].mean():.1%}"
        )
    print()
    for name, cut in {**cuts, **lower}.items():
        print(f"{name}: {cut}")
    print("flags:")
    for flag, cut in flag_cuts.items():
        print(f"  {flag}: {cut}")
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
