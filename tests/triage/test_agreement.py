"""The label-agreement study's data: readers' labels for accounts that may be read (never the blind or
unseen ones), and the arithmetic of agreement."""

from __future__ import annotations

from bot.devtools.agreement import READERS_FILE, agreement, flag_f1
from bot.devtools.corpus import load_calibration, load_jsonl, load_split, load_unseen
from bot.vocabulary import CLASSIFICATIONS, FLAGS, RISK_LEVELS


def test_the_readers_labelled_only_accounts_that_may_be_read() -> None:
    ids = {row["id"] for row in load_jsonl(READERS_FILE)}
    readable = {case["id"] for case in load_split("train") + load_split("dev") + load_calibration()}
    held_out = {case["id"] for case in load_split("blind") + load_unseen()}
    assert len(ids) == 240
    assert ids <= readable
    assert not ids & held_out


def test_every_reader_label_is_one_of_the_rubrics() -> None:
    for row in load_jsonl(READERS_FILE):
        for labels in (row["reader_a"], row["reader_b"]):
            assert labels["classification"] in CLASSIFICATIONS
            assert labels["risk"] in RISK_LEVELS
            assert set(labels["flags"]) <= set(FLAGS)


def test_agreement_counts_matches_and_flag_overlap() -> None:
    a = {"classification": "unclear", "risk": "standard", "flags": ["doxxing", "hate_based"]}
    b = {"classification": "unclear", "risk": "medium", "flags": ["doxxing"]}
    c = {"classification": "cyberstalking", "risk": "medium", "flags": []}
    assert agreement([(a, b), (c, b)]) == (0.5, 0.5, flag_f1([(a, b), (c, b)]))
    assert flag_f1([(a, b)]) == 2 / 3  # one shared flag, one extra
    assert flag_f1([(c, c)]) == 1.0  # no flags on either side: nothing to disagree on
