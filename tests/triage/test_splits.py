"""The labelled accounts' splits: disjoint, stable, paraphrase groups kept whole, blind frozen."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from bot.devtools.corpus import (
    SPLITS,
    UNSEEN_FINGERPRINT_FILE,
    fingerprint,
    frozen_blind_fingerprint,
    load_calibration,
    load_jsonl,
    load_split,
    load_unseen,
    probe_files,
    split_of,
    writer_files,
)
from bot.vocabulary import CLASSIFICATIONS, FLAGS, RISK_LEVELS


@pytest.fixture(scope="module")
def splits() -> dict[str, list[dict]]:
    return {split: load_split(split) for split in SPLITS}


def test_the_blind_split_is_the_frozen_one(splits) -> None:
    """Editing, adding or removing a blind account changes its fingerprint: a deliberate act, never a slip."""
    assert fingerprint(splits["blind"]) == frozen_blind_fingerprint()


def test_enough_accounts_and_a_blind_split_of_at_least_300(splits) -> None:
    writers = [case for path in writer_files() for case in load_jsonl(path)]
    assert len(writers) >= 1200
    assert len(splits["blind"]) >= 300
    assert sum(len(cases) for cases in splits.values()) >= len(writers)


def test_splits_are_disjoint_and_paraphrase_groups_stay_whole(splits) -> None:
    ids = [case["id"] for cases in splits.values() for case in cases]
    assert len(ids) == len(set(ids))
    group_splits = defaultdict(set)
    for split, cases in splits.items():
        for case in cases:
            if case.get("group"):
                group_splits[case["group"]].add(split)
    assert group_splits and all(len(found) == 1 for found in group_splits.values())


def test_a_case_keeps_its_split() -> None:
    case = {"id": "wa-0001", "group": None}
    assert split_of(case) == split_of(dict(case))
    assert split_of({"id": "x", "group": "g"}) == split_of({"id": "y", "group": "g"})


def test_labels_follow_the_rubric_vocabulary(splits) -> None:
    for cases in splits.values():
        for case in cases:
            expected = case["expected"]
            assert expected["classification"] in CLASSIFICATIONS, case["id"]
            assert expected["risk"] in RISK_LEVELS, case["id"]
            assert set(expected["flags"]) <= set(FLAGS), case["id"]
            if expected.get("needs_safety_check"):
                assert expected["risk"] != "emergency", case["id"]  # a certain danger gets the number, not a question


def test_paraphrase_groups_carry_identical_labels(splits) -> None:
    groups: dict[str, Counter] = defaultdict(Counter)
    for cases in splits.values():
        for case in cases:
            if case.get("group"):
                groups[case["group"]][repr(sorted(case["expected"].items()))] += 1
    assert len(groups) >= 20
    assert all(len(labels) == 1 and sum(labels.values()) == 5 for labels in groups.values())


def test_probe_files_are_train_only(splits) -> None:
    """Probe accounts (tests/data/probes/*.jsonl) are tuned on from the start: always train, never split."""
    probes = {case["id"] for path in probe_files() for case in load_jsonl(path)}
    assert probes
    assert probes <= {case["id"] for case in splits["train"]}
    assert not probes & {case["id"] for split in ("dev", "blind") for case in splits[split]}


def test_calibration_accounts_are_apart_from_every_split(splits) -> None:
    """The calibration accounts choose the second opinion's thresholds: in no split, no text shared."""
    calibration = load_calibration()
    assert len(calibration) >= 4196
    ids = [case["id"] for case in calibration]
    assert len(ids) == len(set(ids))
    in_splits = {case["id"] for cases in splits.values() for case in cases}
    texts = {" ".join(case["text"].lower().split()) for cases in splits.values() for case in cases}
    assert not set(ids) & in_splits
    own = [" ".join(case["text"].lower().split()) for case in calibration]
    assert not set(own) & texts
    assert len(set(own)) == len(own)  # no text twice ("is this stalking", written by four writers, is kept once)
    for case in calibration:
        expected = case["expected"]
        assert expected["classification"] in CLASSIFICATIONS, case["id"]
        assert expected["risk"] in RISK_LEVELS, case["id"]
        assert set(expected["flags"]) <= set(FLAGS), case["id"]
        assert case["answers"] is None and case["jurisdiction"] is None, case["id"]


def test_the_unseen_accounts_are_frozen_and_apart_from_everything(splits) -> None:
    """The unseen writers' accounts measure and nothing else: frozen, and sharing no id or text with
    the splits or the calibration accounts (which teach the model and choose its thresholds)."""
    unseen = load_unseen()
    assert len(unseen) >= 597
    assert fingerprint(unseen) == UNSEEN_FINGERPRINT_FILE.read_text(encoding="utf-8").split()[0]
    others = [case for cases in splits.values() for case in cases] + load_calibration()
    ids = [case["id"] for case in unseen]
    assert len(ids) == len(set(ids)) and not set(ids) & {case["id"] for case in others}
    own = [" ".join(case["text"].lower().split()) for case in unseen]
    assert len(set(own)) == len(own)
    assert not set(own) & {" ".join(case["text"].lower().split()) for case in others}
