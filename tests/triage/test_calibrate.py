"""Choosing the second opinion's thresholds on the calibration accounts (bot.devtools.calibrate)."""

from __future__ import annotations

import dataclasses

from bot.devtools.calibrate import FOLDS, GRID, folds_of, objective, read_all, score, smoothed, writer_of
from bot.devtools.corpus import load_calibration
from bot.devtools.evaluate import Scores, evaluate
from bot.triage.second_opinion import thresholds


def test_a_cut_at_the_edge_of_a_cliff_loses_to_the_middle_of_a_plateau() -> None:
    values = {value: 1.0 if 0.5 <= value <= 0.8 else 0.0 for value in GRID}
    values[0.45] = 1.01  # best by a hair, one step from the cliff
    smooth = smoothed(values)
    best = max(GRID, key=lambda value: smooth[value])
    assert 0.55 <= best <= 0.75


def test_each_writer_is_read_by_a_model_that_never_saw_their_accounts() -> None:
    cases = [{"id": f"w{writer}-{i:04d}", "group": None} for writer in "efghijklmnopqrst" for i in range(3)]
    fold = folds_of(cases)
    by_writer = {writer_of(case): set() for case in cases}
    for case in cases:
        by_writer[writer_of(case)].add(fold[case["id"]])
    assert all(len(folds) == 1 for folds in by_writer.values())  # a writer's accounts share one fold
    assert sorted(fold.values()).count(0) == 6  # two writers of three accounts in each of eight folds
    assert set(fold.values()) == set(range(FOLDS))


def test_false_emergencies_over_the_budget_cost_more_than_they_gain() -> None:
    calm = Scores(total=100, classification_correct=90, risk_correct=90, emergencies=0)
    alarmed = dataclasses.replace(calm, risk_correct=91, false_emergencies=["a", "b", "c"])
    assert objective(alarmed) < objective(calm)


def test_an_emergency_found_is_worth_more_than_a_false_one_over_the_budget_costs() -> None:
    """Three emergencies found for one more false alarm (over the budget) is a trade worth making."""
    base = Scores(total=2400, classification_correct=2200, risk_correct=2000, emergencies=500)
    base = dataclasses.replace(
        base, false_emergencies=[f"f{i}" for i in range(50)], emergency_missed=["m1", "m2", "m3"]
    )
    # Three emergencies now right, one calm account now wrong: two more accounts right in all.
    traded = dataclasses.replace(
        base, risk_correct=2002, false_emergencies=[*base.false_emergencies, "f50"], emergency_missed=[]
    )
    assert objective(traded) > objective(base)


def test_an_account_read_once_scores_as_the_engine_assesses_it() -> None:
    """The search varies thresholds over accounts read once: that must give what `assess` gives."""
    cases = load_calibration()[::40]
    reads = read_all(cases, crossfit=False)
    once, engine = score(reads, thresholds()), evaluate(cases)
    assert once.total == engine.total == len(cases)
    assert once.misclassified == engine.misclassified
    assert once.confusion == engine.confusion
    assert (once.flag_tp, once.flag_fp, once.safety_check) == (engine.flag_tp, engine.flag_fp, engine.safety_check)
