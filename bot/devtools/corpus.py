"""The labelled accounts and their train / dev / blind splits.

Accounts live in JSON Lines files, one per writer (`tests/data/accounts/*.jsonl`), plus the
first tuning corpus and held-out set (`tests/data/corpus.jsonl`, `holdout.jsonl`). The
writers' accounts are split by a salted hash of their paraphrase group (or their id when
they have none), so a situation told five ways never straddles two splits and the split of
an account never changes when others are added. The two older files were tuned on, so they
are always `train`, and so are the probe files (`tests/data/probes/*.jsonl`): accounts written
to probe a kind of miss and tuned on from the start. Probe files in `tests/data/untrained-probes/`
were read as new and their misses tuned on by the rules, but the second opinion is not fitted on
them (with them it lost accounts on the blind split): `evaluate` reads them by path.

Accounts by later writers kept out of everything (`tests/data/unseen/`, `load_unseen`) are a second
held-out set, read in totals only and frozen by a fingerprint too (`UNSEEN.sha256` there).

The blind split is frozen: its fingerprint (a SHA-256 over its records) is kept in
`tests/data/accounts/BLIND.sha256`, and a test fails when the two differ. Tune on `train`
and `dev`; only read the blind split's totals.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from bot.settings import REPO_ROOT

Split = Literal["train", "dev", "blind"]
SPLITS: tuple[Split, ...] = ("train", "dev", "blind")

DATA_DIR = REPO_ROOT / "tests" / "data"
ACCOUNTS_DIR = DATA_DIR / "accounts"
TUNED_FILES = (DATA_DIR / "corpus.jsonl", DATA_DIR / "holdout.jsonl")
PROBES_DIR = DATA_DIR / "probes"
CALIBRATION_DIR = DATA_DIR / "calibration"
UNSEEN_DIR = DATA_DIR / "unseen"
UNSEEN_FINGERPRINT_FILE = UNSEEN_DIR / "UNSEEN.sha256"
BLIND_FINGERPRINT_FILE = ACCOUNTS_DIR / "BLIND.sha256"

# Changing the salt or the shares reshuffles every split: never do it once figures are reported.
_SALT = "cyberguide-split-v1"
_BLIND_SHARE = 30  # percent of the writers' accounts
_DEV_SHARE = 15


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_of(case: dict) -> Split:
    """Which split a writer's account belongs to: stable, and shared by its paraphrase group."""
    key = case.get("group") or case["id"]
    bucket = int(hashlib.sha256(f"{_SALT}:{key}".encode()).hexdigest(), 16) % 100
    if bucket < _BLIND_SHARE:
        return "blind"
    return "dev" if bucket < _BLIND_SHARE + _DEV_SHARE else "train"


def writer_files() -> list[Path]:
    return sorted(ACCOUNTS_DIR.glob("*.jsonl"))


def probe_files() -> list[Path]:
    """The probe files: always `train`, never split by hash."""
    return sorted(PROBES_DIR.glob("*.jsonl"))


def calibration_files() -> list[Path]:
    """The calibration accounts: written after the rules by other writers, never read to change a rule."""
    return sorted(CALIBRATION_DIR.glob("*.jsonl"))


def load_calibration() -> list[dict]:
    """Every calibration account, in file order (see `bot.devtools.calibrate`)."""
    return [case for path in calibration_files() for case in load_jsonl(path)]


def load_unseen() -> list[dict]:
    """Accounts by writers whose work was read once, in totals, and kept out of everything else: no
    rule, threshold or fit ever reads them. A second held-out set beside the blind split, from
    other writers (`make eval` reports its totals only)."""
    return [case for path in sorted(UNSEEN_DIR.glob("*.jsonl")) for case in load_jsonl(path)]


def probe_ids() -> frozenset[str]:
    """The ids of the probe accounts."""
    return frozenset(case["id"] for path in probe_files() for case in load_jsonl(path))


def load_split(split: Split) -> list[dict]:
    """Every account in one split, in file order."""
    cases = [case for path in writer_files() for case in load_jsonl(path) if split_of(case) == split]
    if split == "train":
        tuned = [*TUNED_FILES, *probe_files()]
        cases = [case for path in tuned for case in load_jsonl(path)] + cases
    return cases


def fingerprint(cases: Iterable[dict]) -> str:
    """SHA-256 over the records, sorted by id, in a canonical JSON form."""
    digest = hashlib.sha256()
    for case in sorted(cases, key=lambda c: c["id"]):
        digest.update(json.dumps(case, sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def frozen_blind_fingerprint() -> str:
    return BLIND_FINGERPRINT_FILE.read_text(encoding="utf-8").split()[0]


def main() -> int:
    """`python -m bot.devtools.corpus`: the size of each split and the blind fingerprint."""
    for split in SPLITS:
        print(f"{split:<6} {len(load_split(split)):>5} accounts")
    current = fingerprint(load_split("blind"))
    frozen = frozen_blind_fingerprint() if BLIND_FINGERPRINT_FILE.exists() else "(none)"
    print(f"blind fingerprint {current}\nfrozen            {frozen}")
    return 0 if current == frozen else 1


if __name__ == "__main__":
    raise SystemExit(main())
