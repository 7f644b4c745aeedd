"""Floors on the labelled corpus (tests/data/corpus.jsonl): the triage engine's quality bar."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.devtools.evaluate import evaluate, load_corpus
from bot.triage.models import CLASSIFICATIONS, FLAGS, RISK_LEVELS

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus.jsonl"


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def scores(cases):
    return evaluate(cases)


def test_corpus_covers_every_label(cases: list[dict]) -> None:
    assert len(cases) >= 250
    assert len({c["id"] for c in cases}) == len(cases)
    classes = Counter(c["expected"]["classification"] for c in cases)
    risks = Counter(c["expected"]["risk"] for c in cases)
    flags = Counter(f for c in cases for f in c["expected"]["flags"])
    assert all(classes[label] >= 40 for label in CLASSIFICATIONS), classes
    assert all(risks[level] >= 30 for level in RISK_LEVELS), risks
    assert all(flags[flag] >= 12 for flag in FLAGS), flags


def test_classification_accuracy_floor(scores) -> None:
    assert scores.classification_accuracy >= 0.90, scores.misclassified


def test_every_emergency_is_caught(scores) -> None:
    assert scores.emergency_recall == 1.0, scores.emergency_missed


def test_under_triage_ceiling(scores) -> None:
    assert scores.under_triage_rate <= 0.05, scores.under_triaged


def test_jurisdiction_accuracy(scores) -> None:
    assert scores.jurisdiction_accuracy >= 0.90


HOLDOUT = Path(__file__).resolve().parents[1] / "data" / "holdout.jsonl"


def test_held_out_accounts_never_miss_an_emergency() -> None:
    """A second set written apart from the tuning corpus (see README for how it was used)."""
    scores = evaluate(load_corpus(HOLDOUT))
    assert scores.total >= 100
    assert scores.emergency_recall == 1.0, scores.emergency_missed
    assert scores.classification_accuracy >= 0.85, scores.misclassified
    assert scores.under_triage_rate <= 0.10, scores.under_triaged
