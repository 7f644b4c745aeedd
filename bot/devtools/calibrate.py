"""Choose the second opinion's thresholds on accounts the rules were never tuned on.

`second_opinion tune` picks each threshold within a false-alarm budget, out of fold over train
and dev. Those budgets cannot say how far to trust the opinion against the rules: the rules were
written against train and dev (on dev they score 85% alone; on the blind split, 71.6%), so there
the rules look right wherever the two disagree. The calibration accounts
(`tests/data/calibration/`) were written after the rules, by other writers, to the same
variation grid, and no rule is ever changed after reading them. On them the engine is scored as
it would be on new accounts, and the thresholds are chosen to do best there:

    python -m bot.devtools.calibrate            # the engine today on the calibration accounts
    python -m bot.devtools.calibrate search     # choose the thresholds, print the YAML

Each calibration account is read by a model fitted without it, nor anything its writer wrote:
the accounts are cut into folds by writer (so paraphrase groups stay whole, and a writer's habits
of wording and labelling teach nothing about their own accounts, as on truly new accounts) and each
fold is read by a model fitted on the train split and the other folds, as `make train` will fit
one on all of them. Every account is read once;
only the thresholds vary during the search (`LearnedReading.signals`), so a search scores
thousands of settings in minutes. The search is coordinate ascent from today's thresholds on
classification plus risk accuracy, less the under-triage rate, plus emergency recall, with false emergencies over
`FALSE_EMERGENCY_BUDGET` costing ten times their share; then each harm flag's cut for the flags' micro F1.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from bot.devtools.corpus import load_calibration, load_split
from bot.devtools.evaluate import Scores, report
from bot.logs import configure_logging
from bot.settings import settings_or_exit
from bot.triage.extract.extractor import extract_facts
from bot.triage.extract.learned import LearnedReading
from bot.triage.extract.text import clean_text, sentence_index
from bot.triage.models import Assessment, Facts
from bot.triage.nlp import get_pipeline
from bot.triage.rubric import decide
from bot.triage.second_opinion import LEVELS, SecondOpinion, Thresholds, fit, get_second_opinion, thresholds

# Folds of whole writers (round robin over the writers, in order): with 16 writers, two each.
FOLDS = 8
# Share of the calibration accounts that are not emergencies the engine may call one (floor: 2%).
FALSE_EMERGENCY_BUDGET = 0.015
# How much the safety check's F1 ("Are you safe right now?" asked when the label says so) counts.
SAFETY_CHECK_WEIGHT = 0.5
# Emergency recall counts once more on its own: a danger now missed is the costliest miss. Without
# it, on 2,400 accounts the search raised the danger-now cut from 0.7 to 0.95 and found 19 fewer
# emergencies (93.4% to 89.6%) to avoid 5 false ones (2.4% to 2.2%): most false emergencies come
# from the rules, so the budget's penalty fell on the opinion's cut.
EMERGENCY_RECALL_WEIGHT = 1.0
# 0 is "never" for the cuts below which a label moves down; 1.01 is "never" for the cuts at or above
# which something is added (`emergency_whatever_the_tense` starts there).
GRID = [0.0] + [round(float(x), 2) for x in np.arange(0.05, 1.0, 0.025)] + [1.01]


@dataclass
class Read:
    """One calibration account, read once: the rules' facts and the opinion's reading."""

    case: dict
    facts: Facts
    reading: LearnedReading

    def assess(self, limits: Thresholds) -> Assessment:
        """What `assess` gives for this account under these thresholds (the extractor's last steps)."""
        found = dict(self.facts.signals)
        found.update(self.reading.signals(limits, found))
        facts = dataclasses.replace(self.facts, signals={k: v for k, v in found.items() if v})
        return decide(facts, self.case.get("jurisdiction"), self.case.get("answers"))


def writer_of(case: dict) -> str:
    """The writer of an account: its id's prefix ("wt" for "wt-0001")."""
    return str(case["id"]).split("-", 1)[0]


def folds_of(cases: list[dict]) -> dict[str, int]:
    """Each account's fold (by id): the writers in order, dealt round robin into `FOLDS` folds.

    Cross-validation by random fold let a writer's other accounts teach the model their wording
    and their labelling habits: on the eight writers read once as new before they joined, the
    engine scored 88.0% classification, against 94.5% cross-fitted by random fold.
    """
    writers = sorted({writer_of(case) for case in cases})
    fold = {writer: i % FOLDS for i, writer in enumerate(writers)}
    return {case["id"]: fold[writer_of(case)] for case in cases}


def read_all(cases: list[dict], crossfit: bool = True) -> list[Read]:
    """Read every account with a model that saw neither it nor its writer (or with today's model)."""
    pipeline = get_pipeline()
    models: dict[int, SecondOpinion] = {}
    fold = folds_of(cases)
    if crossfit:
        train = load_split("train")
        for k in sorted(set(fold.values())):
            models[k] = fit(train + [case for case in cases if fold[case["id"]] != k])
    reads = []
    for case in cases:
        model = models[fold[case["id"]]] if crossfit else get_second_opinion()
        cleaned, _ = clean_text(case["text"])
        doc = pipeline.nlp(cleaned)
        reads.append(
            Read(case, extract_facts(case["text"], learned=False), LearnedReading(doc, sentence_index(doc), model))
        )
    return reads


def score(reads: Iterable[Read], limits: Thresholds) -> Scores:
    scores = Scores()
    for read in reads:
        scores.add(read.case, read.assess(limits))
    return scores


def objective(scores: Scores) -> float:
    """Classification and risk accuracy, less under-triage, plus emergency recall and a share of the
    safety check's F1; false emergencies over the budget cost ten times their share (most come from
    the rules, so the budget alone may not be met)."""
    over = max(0.0, scores.false_emergency_rate - FALSE_EMERGENCY_BUDGET)
    accuracy = scores.classification_accuracy + scores.risk_accuracy - scores.under_triage_rate
    safety = EMERGENCY_RECALL_WEIGHT * scores.emergency_recall + SAFETY_CHECK_WEIGHT * scores.safety_check_f1
    return accuracy + safety - 10 * over


def smoothed(values: dict[float, float], reach: int = 2) -> dict[float, float]:
    """Each grid value's objective averaged with its neighbours (`reach` steps each side): a cut at
    the edge of a cliff (the lowest that costs nothing here, one step from a false alarm) scores less
    than one in the middle of a plateau, as it is more likely to cost something on new accounts."""
    ordered = sorted(values)
    return {
        value: float(np.mean([values[v] for v in ordered[max(0, i - reach) : i + reach + 1]]))
        for i, value in enumerate(ordered)
    }


def with_level(limits: Thresholds, name: str, value: float) -> Thresholds:
    """These thresholds with one level (`LEVELS`) changed."""
    return dataclasses.replace(limits, **{name: value})  # type: ignore[arg-type]


def search(reads: list[Read], start: Thresholds, rounds: int = 2) -> Thresholds:
    """Coordinate ascent: each threshold in turn moves to its best value, the others held."""
    best, best_value = start, objective(score(reads, start))
    print(f"start: {best_value:.4f}")
    for _ in range(rounds):
        for name in LEVELS:
            values = {value: objective(score(reads, with_level(best, name, value))) for value in GRID}
            smooth = smoothed(values)
            chosen = max(GRID, key=lambda value: (round(smooth[value], 9), values[value]))
            best = with_level(best, name, chosen)
            best_value = values[chosen]
            print(f"  {name} = {chosen}: {best_value:.4f} (smoothed {smooth[chosen]:.4f})")
    best_scores = score(reads, best)
    for flag in best.flags:
        for value in GRID:
            candidate = dataclasses.replace(best, flags={**best.flags, flag: value})
            found = score(reads, candidate)
            if found.flag_f1 > best_scores.flag_f1 + 1e-9 and objective(found) >= best_value - 1e-9:
                best, best_scores = candidate, found
        print(f"  flag {flag} = {best.flags[flag]}: F1 {best_scores.flag_f1:.3f}")
    return best


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    configure_logging(settings_or_exit().log_level or "WARNING")
    on = args[args.index("--on") + 1] if "--on" in args else "calibration"
    if on not in ("calibration", "dev"):  # (never the blind split; train is what the folds add to)
        print("--on: calibration or dev", file=sys.stderr)
        return 2
    cases = load_calibration() if on == "calibration" else load_split("dev")
    if not cases:
        print("no calibration accounts in tests/data/calibration/", file=sys.stderr)
        return 1
    crossfit = "--today" not in args
    reads = read_all(cases, crossfit=crossfit)
    print(f"== {on} ({len(cases)} accounts, {'cross-fitted' if crossfit else 'model of today'}), thresholds of today")
    report(score(reads, thresholds()), details=False)
    if "search" in args:
        chosen = search(reads, thresholds())
        print(f"\n== {on}, chosen thresholds")
        report(score(reads, chosen), details=False)
        print()
        for name in LEVELS:
            print(f"{name}: {getattr(chosen, name)}")
        print("flags:")
        for flag, cut in chosen.flags.items():
            print(f"  {flag}: {cut}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
