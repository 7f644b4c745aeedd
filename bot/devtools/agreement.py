"""How far two careful readers of the rubric agree with the writers' labels, and with each other.

Two readers who had seen neither the writers' labels nor the engine labelled 240 accounts by the
rubric alone (`tests/data/agreement/readers.jsonl`): 120 drawn from the train and dev splits of the
first four writers (whose blind split holds issue 9's floors) and 120 from the calibration writers.
Where careful readers agree with a writer only so often, no engine can be asked to agree more; so
this says what the blind split's floors ask of the engine, and whether its labels are the obstacle.

    python -m bot.devtools.agreement
"""

from __future__ import annotations

from collections.abc import Callable

from bot.devtools.calibrate import writer_of
from bot.devtools.corpus import DATA_DIR, load_calibration, load_jsonl, load_split

READERS_FILE = DATA_DIR / "agreement" / "readers.jsonl"
FIRST_WRITERS = frozenset({"wa", "wb", "wc", "wd"})  # the writers of train, dev and the blind split

Labels = dict[str, object]


def flag_f1(pairs: list[tuple[Labels, Labels]]) -> float:
    """Micro F1 of the first labels' flags against the second's."""
    tp = fp = fn = 0
    for got, wanted in pairs:
        a, b = set(got["flags"]), set(wanted["flags"])  # type: ignore[call-overload]
        tp, fp, fn = tp + len(a & b), fp + len(a - b), fn + len(b - a)
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def agreement(pairs: list[tuple[Labels, Labels]]) -> tuple[float, float, float]:
    """Classification and risk agreement, and flag F1, over these pairs of labels."""
    n = len(pairs)
    classification = sum(a["classification"] == b["classification"] for a, b in pairs) / n
    risk = sum(a["risk"] == b["risk"] for a, b in pairs) / n
    return classification, risk, flag_f1(pairs)


def main() -> int:
    readers = load_jsonl(READERS_FILE)
    cases = {case["id"]: case for case in load_split("train") + load_split("dev") + load_calibration()}
    groups: dict[str, Callable[[str], bool]] = {
        "first four writers (a-d)": lambda writer: writer in FIRST_WRITERS,
        "calibration writers": lambda writer: writer not in FIRST_WRITERS,
    }
    for title, member in groups.items():
        rows = [row for row in readers if member(writer_of(row))]
        writers = [cases[row["id"]]["expected"] for row in rows]
        print(f"== {title}: {len(rows)} accounts")
        for name, pairs in (
            ("reader A vs the writers", list(zip([r["reader_a"] for r in rows], writers, strict=True))),
            ("reader B vs the writers", list(zip([r["reader_b"] for r in rows], writers, strict=True))),
            ("reader A vs reader B", [(r["reader_a"], r["reader_b"]) for r in rows]),
        ):
            classification, risk, f1 = agreement(pairs)
            print(f"  {name:<24} classification {classification:6.1%}  risk {risk:6.1%}  flag F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
