"""`make eval`: how well the triage engine matches the labelled accounts, split by split.

Prints classification and risk accuracy, emergency recall, false emergencies, the
under-triage rate (risk rated lower than the label), the classification and risk confusion matrices, per-flag
precision and recall with the micro-averaged harm-flag F1, the safety check, and
jurisdiction accuracy. The splits are defined in `bot.devtools.corpus`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.devtools.corpus import SPLITS, load_split, load_unseen
from bot.logs import configure_logging
from bot.settings import settings_or_exit
from bot.triage.models import Assessment
from bot.triage.rubric import assess
from bot.triage.second_opinion import rules_alone
from bot.vocabulary import CLASSIFICATIONS, FLAGS, RISK_LEVELS


@dataclass
class Scores:
    total: int = 0
    classification_correct: int = 0
    jurisdiction_correct: int = 0
    under_triaged: list[str] = field(default_factory=list)
    emergency_missed: list[str] = field(default_factory=list)
    emergencies: int = 0
    risk_correct: int = 0
    false_emergencies: list[str] = field(default_factory=list)
    safety_check: Counter = field(default_factory=Counter)  # tp / fp / fn against the label, where given
    # Paraphrase groups (one situation told five ways): the engine's labels per account of each group.
    groups: dict[str, list[tuple]] = field(default_factory=dict)
    confusion: Counter = field(default_factory=Counter)  # (expected risk, engine's risk)
    class_confusion: Counter = field(default_factory=Counter)  # (expected class, engine's class)
    flag_tp: Counter = field(default_factory=Counter)
    flag_fp: Counter = field(default_factory=Counter)
    flag_fn: Counter = field(default_factory=Counter)
    misclassified: list[str] = field(default_factory=list)

    def add(self, case: dict, got: Assessment) -> None:
        """Score one account's assessment against its labels."""
        expected = case["expected"]
        self.total += 1
        if case.get("group"):
            self.groups.setdefault(case["group"], []).append((got.classification, got.risk, tuple(got.flags)))
        if got.classification == expected["classification"]:
            self.classification_correct += 1
        else:
            self.misclassified.append(f"{case['id']}: expected {expected['classification']}, got {got.classification}")
        self.class_confusion[(expected["classification"], got.classification)] += 1
        self.confusion[(expected["risk"], got.risk)] += 1
        self.risk_correct += got.risk == expected["risk"]
        if got.risk == "emergency" and expected["risk"] != "emergency":
            self.false_emergencies.append(f"{case['id']}: expected {expected['risk']}")
        if "needs_safety_check" in expected:
            wanted, found = bool(expected["needs_safety_check"]), got.needs_safety_check is not None
            self.safety_check["tp" if wanted and found else "fp" if found else "fn" if wanted else "tn"] += 1
        if RISK_LEVELS.index(got.risk) < RISK_LEVELS.index(expected["risk"]):
            self.under_triaged.append(f"{case['id']}: expected {expected['risk']}, got {got.risk}")
        if expected["risk"] == "emergency":
            self.emergencies += 1
            if got.risk != "emergency":
                self.emergency_missed.append(case["id"])
        if got.jurisdiction == expected.get("jurisdiction"):
            self.jurisdiction_correct += 1
        for flag in FLAGS:
            wanted, found = flag in expected["flags"], flag in got.flags
            self.flag_tp[flag] += wanted and found
            self.flag_fp[flag] += found and not wanted
            self.flag_fn[flag] += wanted and not found

    @property
    def classification_accuracy(self) -> float:
        return self.classification_correct / self.total if self.total else 0.0

    @property
    def risk_accuracy(self) -> float:
        return self.risk_correct / self.total if self.total else 0.0

    @property
    def false_emergency_rate(self) -> float:
        """Emergencies the engine raised, among the accounts whose label is not an emergency."""
        calm = self.total - self.emergencies
        return len(self.false_emergencies) / calm if calm else 0.0

    @property
    def flag_f1(self) -> float:
        """Micro-averaged F1 over all harm flags."""
        tp, fp, fn = (sum(c.values()) for c in (self.flag_tp, self.flag_fp, self.flag_fn))
        return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0

    @property
    def safety_check_recall(self) -> float:
        wanted = self.safety_check["tp"] + self.safety_check["fn"]
        return self.safety_check["tp"] / wanted if wanted else 1.0

    @property
    def safety_check_f1(self) -> float:
        sc = self.safety_check
        found = 2 * sc["tp"] + sc["fp"] + sc["fn"]
        return 2 * sc["tp"] / found if found else 1.0

    @property
    def consistency(self) -> float:
        """Share of paraphrase groups whose accounts all got the same classification, risk and flags."""
        whole = [labels for labels in self.groups.values() if len(labels) > 1]
        return sum(len(set(labels)) == 1 for labels in whole) / len(whole) if whole else 1.0

    @property
    def under_triage_rate(self) -> float:
        return len(self.under_triaged) / self.total if self.total else 0.0

    @property
    def emergency_recall(self) -> float:
        return 1 - len(self.emergency_missed) / self.emergencies if self.emergencies else 1.0

    @property
    def jurisdiction_accuracy(self) -> float:
        return self.jurisdiction_correct / self.total if self.total else 0.0

    def precision(self, flag: str) -> float:
        found = self.flag_tp[flag] + self.flag_fp[flag]
        return self.flag_tp[flag] / found if found else 1.0

    def recall(self, flag: str) -> float:
        wanted = self.flag_tp[flag] + self.flag_fn[flag]
        return self.flag_tp[flag] / wanted if wanted else 1.0


def load_corpus(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(cases: list[dict]) -> Scores:
    scores = Scores()
    for case in cases:
        scores.add(case, assess(case["text"], case.get("jurisdiction"), case.get("answers"), with_knowledge=False))
    return scores


def _print_confusion(title: str, labels: Sequence[str], counts: Counter, out) -> None:
    print(f"\n{title} confusion (rows: expected, columns: engine)", file=out)
    width = max(map(len, labels)) + 2
    print(" " * width + "".join(f"{label:>{width}}" for label in labels), file=out)
    for expected in labels:
        print(f"{expected:>{width}}" + "".join(f"{counts[(expected, got)]:>{width}}" for got in labels), file=out)


def report(scores: Scores, out=sys.stdout, details: bool = True) -> None:
    print(f"accounts:                 {scores.total}", file=out)
    print(f"classification accuracy:  {scores.classification_accuracy:.1%}", file=out)
    print(f"risk accuracy:            {scores.risk_accuracy:.1%}", file=out)
    print(f"emergency recall:         {scores.emergency_recall:.1%} ({scores.emergencies} emergencies)", file=out)
    print(f"false emergencies:        {scores.false_emergency_rate:.1%} ({len(scores.false_emergencies)})", file=out)
    print(f"under-triage rate:        {scores.under_triage_rate:.1%}", file=out)
    print(f"harm-flag F1 (micro):     {scores.flag_f1:.3f}", file=out)
    print(f"jurisdiction accuracy:    {scores.jurisdiction_accuracy:.1%}", file=out)
    if scores.groups:
        print(f"paraphrase consistency:   {scores.consistency:.1%} of {len(scores.groups)} groups", file=out)
    if sum(scores.safety_check.values()):
        sc = scores.safety_check
        print(
            f"safety check:             recall {scores.safety_check_recall:.1%} (asked {sc['tp']}, missed {sc['fn']}, "
            f"asked when not needed {sc['fp']})",
            file=out,
        )
    _print_confusion("classification", CLASSIFICATIONS, scores.class_confusion, out)
    _print_confusion("risk", list(reversed(RISK_LEVELS)), scores.confusion, out)
    print(f"\n{'flag':<22}{'precision':>10}{'recall':>8}{'support':>9}", file=out)
    for flag in FLAGS:
        support = scores.flag_tp[flag] + scores.flag_fn[flag]
        print(f"{flag:<22}{scores.precision(flag):>10.0%}{scores.recall(flag):>8.0%}{support:>9}", file=out)
    if details:
        for title, items in (
            ("misclassified", scores.misclassified),
            ("under-triaged", scores.under_triaged),
            ("false emergencies", scores.false_emergencies),
        ):
            if items:
                print(f"\n{title}:", file=out)
                for item in items:
                    print(f"  {item}", file=out)


TOTALS_ONLY = frozenset({"blind", "unseen"})


def main(argv: list[str] | None = None) -> int:
    """Report on each split (`train`, `dev`, `blind`), the `unseen` writers' accounts, or a corpus
    file given; default: every split.

    `--with-rules-alone` also reports each without the learned second opinion.

    The blind split and the unseen accounts are reported in totals only (no list of misses): they
    are for measuring, not tuning.
    """
    args = argv if argv is not None else sys.argv[1:]
    rules_only = "--with-rules-alone" in args
    args = [a for a in args if a != "--with-rules-alone"]
    configure_logging(settings_or_exit().log_level or "WARNING")
    for name in args or list(SPLITS):
        if name in SPLITS:
            cases = load_split(name)
        elif name == "unseen":
            cases = load_unseen()
        elif Path(name).exists():
            cases = load_corpus(Path(name))
        else:
            print(f"{name}: not a split ({', '.join(SPLITS)}), unseen, or a file", file=sys.stderr)
            return 1
        print(f"== {name}")
        report(evaluate(cases), details=name not in TOTALS_ONLY)
        print()
        if rules_only:
            with rules_alone():
                print(f"== {name}, rules alone (without the learned second opinion)")
                report(evaluate(cases), details=False)
                print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
