"""A learned second opinion: text classifiers that read what the rules may have missed.

The rules read an account part by part; people describe danger and abuse in more ways than
any rule set foresees. These classifiers are trained here (scikit-learn, no downloaded
weights) on the `train` split of the labelled accounts and the calibration accounts
(`bot.devtools.corpus`). Each head
answers one question about an account (see `HEADS`): does it read like danger right now,
like possible danger (labelled for "Are you safe right now?", or an emergency), like high
risk or worse, like medium risk or worse, like abusive conduct at all (not `unclear`), like
stalking, like each harm flag. The rubric decides with the rules; the opinion may raise the
risk, ask "Are you safe right now?", move a classification up (unclear, then harassment, then
stalking) or add a flag, and never lowers a risk or removes a flag or a question. From the words
alone (no answers) it may also move a classification down (see
`rubric._second_opinion_on_classification`). Its thresholds are data
(`patterns/second_opinion.yml`), chosen on the calibration accounts, which the rules were never
tuned on, each read by a model fitted without it (`python -m bot.devtools.calibrate search`).

`make train` fits it and saves it under `models/` (`python -m bot.devtools.second_opinion
fit`); when that file is missing or was fitted on other data, it is fitted in-process (a few
seconds) and saved for next time.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache, partial
from itertools import repeat
from pathlib import Path
from typing import cast, get_args

import numpy as np
import yaml
from scipy.sparse import csr_matrix, hstack
from scipy.sparse._sparsetools import csr_matvecs  # the product behind `csr_matrix @ dense columns`
from scipy.special import expit
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.settings import REPO_ROOT
from bot.vocabulary import Flag

log = logging.getLogger(__name__)

THRESHOLDS_FILE = Path(__file__).resolve().parent / "patterns" / "second_opinion.yml"
MODEL_FILE = REPO_ROOT / "models" / "second-opinion.pkl"
# Bump when the features, the estimator or the heads change, so an old saved model is not reused.
FORMAT = "tfidf-word12-char15-logreg-c30-v12"


def _has_flag(flag: str, expected: dict) -> bool:
    return flag in expected["flags"]


# One binary head per question, with the label it learns from an account's expected labels.
HEADS: dict[str, Callable[[dict], bool]] = {
    "emergency": lambda e: e["risk"] == "emergency",
    "possible": lambda e: e["risk"] == "emergency" or bool(e.get("needs_safety_check")),
    "high": lambda e: e["risk"] in ("emergency", "high"),
    "medium": lambda e: e["risk"] != "standard",
    "conduct": lambda e: e["classification"] != "unclear",
    "stalking": lambda e: e["classification"] == "cyberstalking",
    # One head per harm flag ("flag:doxxing"...): a flag the rules did not find may be added.
    **{f"flag:{flag}": partial(_has_flag, flag) for flag in get_args(Flag)},
}


@dataclass(frozen=True)
class Thresholds:
    emergency: float  # danger now at or above this: the risk becomes emergency
    safety_check: float  # possible danger at or above this: ask whether they are safe now
    high: float  # at or above: standard or medium becomes high
    medium: float  # at or above: standard becomes medium
    conduct: float  # at or above: `unclear` becomes harassment (or stalking, below)
    stalking: float  # at or above: harassment (or a raised unclear) becomes stalking
    unclear_below: float  # below (and the rules read the text alone): harassment or stalking becomes unclear
    not_stalking_below: float  # below (likewise): stalking becomes harassment
    flags: dict[str, float]  # per harm flag: at or above, the flag is added
    # Below these, the label moves down even past the rules' guards: harassment with a harm flag
    # becomes unclear ("a fake account of my business? Not of me"), stalking with repetition
    # and a sign of the rubric's becomes harassment. 0 switches them off.
    unclear_even_flagged_below: float = 0.0
    not_stalking_even_signed_below: float = 0.0
    # At or above this, danger now read by the opinion is an emergency even when the tense reader
    # does not read its best sentence as happening now, unless that sentence is dated in the past
    # (over 1: never). Cross-fitted on the 4,196 calibration accounts, 20 of the 50 emergencies
    # missed scored 0.7 or more on danger now, their best sentence read as not now.
    emergency_whatever_the_tense: float = 1.01
    # At or above this, a high reading counts with no factor of the rubric's read beside it (a threat,
    # tracking, a visit...: `rubric._high_reading_explained`); below it, it needs one. 0: never needs one.
    high_without_a_factor: float = 0.0


# The thresholds' single cuts (every field but the per-flag ones), in the order the search tries them.
LEVELS: tuple[str, ...] = tuple(f.name for f in fields(Thresholds) if f.name != "flags")


@dataclass(frozen=True)
class Opinion:
    """How much an account reads like each head's question, 0..1."""

    emergency: float
    possible: float
    high: float
    medium: float
    conduct: float
    stalking: float
    flags: dict[str, float]


@dataclass
class SecondOpinion:
    """Shared text features and one logistic-regression head per question.

    The heads are kept as one weight matrix: scoring an account is one sparse product and a
    sigmoid (what `LogisticRegression.predict_proba` computes for two classes), without the
    per-call checks that made separate pipelines cost more than all the rules together.
    """

    vectorizers: list[TfidfVectorizer]
    weights: np.ndarray  # (heads, features), in the order of HEADS
    bias: np.ndarray  # (heads,)
    fitted_on: str  # fingerprint of the training data and FORMAT

    def scores(self, texts: list[str]) -> np.ndarray:
        """(texts, heads) probabilities, heads in the order of HEADS."""
        if self._idf is None:
            return expit(self.features(texts) @ self._columns + self.bias)
        data, indices, indptr, width = self._tfidf(texts)
        # scipy's own product of a CSR matrix and dense columns (what `features(texts) @ self._columns`
        # calls), without building the matrix: its constructor's checks and the operator's dispatch
        # cost as much as the product itself for one account.
        product = np.zeros((len(texts), self._columns.shape[1]))
        csr_matvecs(
            len(texts), width, self._columns.shape[1], indptr, indices, data, self._columns.ravel(), product.ravel()
        )
        return expit(product + self.bias)

    def features(self, texts: list[str]) -> csr_matrix:
        """The vectorizers' TF-IDF rows side by side: `hstack([v.transform(texts) for v in vectorizers])`.

        Bit for bit the same matrix, entries in the same order (so the products and the decisions
        on them do not change), without the checks sklearn repeats on every call: its TF-IDF step
        re-validates the counts and recomputes `idf_` (a sum over every feature) each time, and
        those checks and the sparse matrices built between the steps cost more than counting the
        n-grams of a message. The n-grams are the vectorizers' own, counted without sklearn's loop
        (`_Grams`, `_tfidf`). (Calling the same library steps directly, `log`, the idf diagonal
        and `normalize`, was 16% slower on the bench on 1 December: scipy's per-call overhead on
        one-row matrices.)
        """
        if self._idf is None:
            normal = [_normal(text) for text in texts]
            return hstack([vectorizer.transform(normal) for vectorizer in self.vectorizers]).tocsr()
        data, indices, indptr, width = self._tfidf(texts)
        return csr_matrix((data, indices, indptr), shape=(len(texts), width))

    def _tfidf(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """`features` as CSR parts (data, column indices, row starts, width), for the `_idf` settings.

        Each row holds one piece per vectorizer (a segment). The n-grams of every vectorizer are
        counted by one sort of (row, column) keys, the columns numbered side by side, so the counts
        come out segment by segment, each segment's columns ascending, as sklearn's
        `CountVectorizer.transform` and `sort_indices` give them (rather than sklearn's Python loop
        over every n-gram and its sparse-matrix checks, together over a third of an account's time
        on the bench). Every segment is then reversed and l2-normalised at once, by index arrays
        rather than a loop of small steps per row and vectorizer; each segment's sum of squares is
        added one by one in that order, as sklearn does, by scipy's CSR product (a sequential sum
        per row, as `np.cumsum` was).
        """
        assert self._idf is not None
        normal = [_normal(text) for text in texts]
        rows, width, parts = len(texts), len(self._all_idf), len(self._grams)
        found = [columns for grams in self._grams for columns in grams.columns(normal)]  # vectorizer by vectorizer
        sizes = [len(columns) for columns in found]
        columns = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        known = columns >= 0
        # each piece's key base: its row times the width, plus its vectorizer's first column
        base = np.tile(np.arange(rows, dtype=np.int64) * width, parts) + np.repeat(self._offsets, rows)
        keys = (np.repeat(base, sizes) + columns)[known]
        keys.sort()
        first = np.ones(len(keys), dtype=bool)  # where each distinct key starts (np.unique's steps, inline)
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        values = np.empty(len(starts))
        values[:-1] = starts[1:] - starts[:-1]
        values[-1:] = len(keys) - starts[-1:]
        row_of, columns = np.divmod(keys[starts], width)
        np.log(values, out=values)  # sublinear tf: 1 + log(count), times the idf
        values += 1
        values *= self._all_idf[columns]
        segment = row_of * parts + np.searchsorted(self._offsets[1:], columns, side="right")
        at = np.searchsorted(segment, np.arange(rows * parts + 1))
        length = np.diff(at)
        total = int(at[-1])
        # Output entry k of a segment that starts at `at` and has `length` entries is its entry
        # at + length - 1 - (k - at): each segment reversed, as sklearn's entries come.
        order = np.repeat(2 * at[:-1] + length - 1, length) - np.arange(total)
        values = values[order]
        columns = columns[order].astype(np.int32)
        squares = np.zeros(len(length))
        csr_matvecs(len(length), total, 1, at, np.arange(total, dtype=np.int64), values, values, squares)
        values = values / np.repeat(np.sqrt(squares), length)
        return values, columns, at[::parts].astype(np.int32), width

    @cached_property
    def _all_idf(self) -> np.ndarray:
        """The vectorizers' idf weights side by side (their columns numbered one after another)."""
        assert self._idf is not None
        return np.concatenate(self._idf)

    @cached_property
    def _offsets(self) -> np.ndarray:
        """Where each vectorizer's columns start among all the columns."""
        assert self._idf is not None
        return np.cumsum([0, *(len(idf) for idf in self._idf[:-1])]).astype(np.int64)

    @cached_property
    def _idf(self) -> list[np.ndarray] | None:
        """Each vectorizer's idf weights, read once; None when `features` cannot reproduce one's settings."""
        weights = [_idf(vectorizer) for vectorizer in self.vectorizers]
        return None if any(w is None for w in weights) else cast(list[np.ndarray], weights)

    @cached_property
    def _grams(self) -> list[_Grams]:
        """Each vectorizer's n-gram reader, built once rather than per call."""
        return [_CharGrams(v) if _CharGrams.fits(v) else _Grams(v) for v in self.vectorizers]

    @cached_property
    def _columns(self) -> np.ndarray:
        """The weights as contiguous (features, heads) columns: a transposed view would be copied on every product."""
        return np.ascontiguousarray(self.weights.T)

    def read(self, text: str) -> Opinion:
        return self.opinion(self.scores([text])[0])

    @staticmethod
    def opinion(row: np.ndarray) -> Opinion:
        """One row of `scores` as an Opinion."""
        named = dict(zip(HEADS, (float(p) for p in row), strict=True))
        flags = {head.removeprefix("flag:"): named.pop(head) for head in list(named) if head.startswith("flag:")}
        return Opinion(**named, flags=flags)


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


class _Grams:
    """A vectorizer's n-grams of each text as vocabulary columns (-1 for unknown n-grams), each
    n-gram produced by the vectorizer's own analyzer and looked up in C (`map`)."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_

    def columns(self, texts: list[str]) -> list[np.ndarray]:
        get = self.vocabulary.get
        return [
            np.fromiter(map(get, grams, repeat(-1)), dtype=np.int64, count=len(grams))
            for grams in map(self.analyze, texts)
        ]


DIRECT_TABLE_LIMIT = 1 << 20  # entries (8 MB) in `_CharGrams`' table of short n-grams


class _CharGrams(_Grams):
    """Character n-grams (sklearn's `analyzer="char"`), looked up once for the first text.

    The account's sentences are scored with the account itself (row 0), and each sentence is a
    piece of it: a text found inside the first has exactly the n-grams that lie within it there,
    so its columns are slices of the first text's, without producing and looking up its n-grams
    again. Any other text is read as sklearn reads it (`_char_ngrams`).
    """

    # sklearn's `_char_ngrams` steps: lower-case (the preprocessor), then runs of white space as one.
    _white_spaces = re.compile(r"\s\s+")

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        super().__init__(vectorizer)
        self.sizes = range(vectorizer.ngram_range[0], vectorizer.ngram_range[1] + 1)
        # Each n-gram as a number: its characters' places in the vocabulary's alphabet (from 1) as the
        # digits of a base-(alphabet + 1) number, one to one with the strings (no digit is 0), so a
        # document's n-grams are numbered and looked up (a binary search) in a few array steps rather
        # than a dictionary look-up each. None when the numbers would not fit in 63 bits.
        self.alphabet = np.array(sorted({ord(c) for gram in self.vocabulary for c in gram}), dtype=np.int64)
        self.base = len(self.alphabet) + 1
        self.keys: np.ndarray | None = None
        if self.base ** max(self.sizes, default=0) < 2**62 and self.vocabulary:
            digit = {chr(code): place for place, code in enumerate(self.alphabet.tolist(), start=1)}
            keys = np.array([_number(gram, digit, self.base) for gram in self.vocabulary], dtype=np.int64)
            order = np.argsort(keys)
            keys = keys[order]
            columns = np.fromiter(self.vocabulary.values(), dtype=np.int64, count=len(keys))[order]
            # The short n-grams' numbers are small enough to index a table (a binary search over all
            # the numbers cost ~100 ns an n-gram); the longer ones are searched among the rest.
            self.direct = max((n for n in self.sizes if self.base**n <= DIRECT_TABLE_LIMIT), default=0)
            short = keys < self.base**self.direct
            self.table = np.full(self.base**self.direct, -1, dtype=np.int64)
            self.table[keys[short]] = columns[short]
            self.keys, self.key_columns = keys[~short], columns[~short]

    @staticmethod
    def fits(vectorizer: TfidfVectorizer) -> bool:
        """Whether the vectorizer's analyzer is the plain one `_CharGrams` reproduces."""
        return (
            vectorizer.analyzer == "char"
            and vectorizer.input == "content"
            and vectorizer.lowercase
            and vectorizer.preprocessor is None
            and vectorizer.strip_accents is None
        )

    def columns(self, texts: list[str]) -> list[np.ndarray]:
        documents = [self._white_spaces.sub(" ", text.lower()) for text in texts]
        if not documents:
            return []
        host = documents[0]
        by_size = self._by_size(host)
        result = []
        for document in documents:
            at = host.find(document) if document else -1
            if at < 0:
                result.append(np.concatenate(self._by_size(document)))
                continue
            length = len(document)
            result.append(
                np.concatenate([by_size[i][at : max(at, at + length - n + 1)] for i, n in enumerate(self.sizes)])
            )
        return result

    def _by_size(self, document: str) -> list[np.ndarray]:
        """The columns of the n-grams starting at each position, one array per n."""
        if self.keys is not None:
            return self._by_size_numbered(document)
        get, length = self.vocabulary.get, len(document)
        return [
            np.fromiter(
                map(
                    get, map(document.__getitem__, map(slice, range(length - n + 1), range(n, length + 1))), repeat(-1)
                ),
                dtype=np.int64,
                count=max(length - n + 1, 0),
            )
            for n in self.sizes
        ]

    def _by_size_numbered(self, document: str) -> list[np.ndarray]:
        """`_by_size` by the n-grams' numbers: an n-gram with a character outside the alphabet is unknown."""
        assert self.keys is not None
        codes = np.fromiter(map(ord, document), dtype=np.int64, count=len(document))
        places = np.minimum(np.searchsorted(self.alphabet, codes), len(self.alphabet) - 1)
        known_char = self.alphabet[places] == codes
        digits = places + 1
        numbers, known = [digits], [known_char]
        for n in range(2, self.sizes.stop):
            numbers.append(numbers[-1][:-1] * self.base + digits[n - 1 :])
            known.append(known[-1][:-1] & known_char[n - 1 :])
        wanted = [n - 1 for n in self.sizes]
        parts = []
        direct = [i for i in wanted if i < self.direct]  # (the shorter sizes come first)
        if direct:
            short = np.concatenate([numbers[i] for i in direct])
            parts.append(np.where(np.concatenate([known[i] for i in direct]), self.table[short], -1))
        searched = [i for i in wanted if i >= self.direct]
        if searched:
            every = np.concatenate([numbers[i] for i in searched])
            if len(self.keys):
                at = np.minimum(np.searchsorted(self.keys, every), len(self.keys) - 1)
                found = np.concatenate([known[i] for i in searched]) & (self.keys[at] == every)
                parts.append(np.where(found, self.key_columns[at], -1))
            else:
                parts.append(np.full(len(every), -1, dtype=np.int64))
        columns = np.concatenate(parts)
        # (slices rather than `np.split`, whose checks cost more than the split for one account)
        pieces, at = [], 0
        for i in wanted:
            pieces.append(columns[at : at + len(numbers[i])])
            at += len(numbers[i])
        return pieces


def _number(gram: str, digit: dict[str, int], base: int) -> int:
    """An n-gram's number (see `_CharGrams`)."""
    number = 0
    for char in gram:
        number = number * base + digit[char]
    return number


def _idf(vectorizer: TfidfVectorizer) -> np.ndarray | None:
    """The idf weights, when the vectorizer's settings are the ones `SecondOpinion.features`
    reproduces (sublinear tf, idf, l2 rows, float64 counts); None otherwise."""
    settings = (vectorizer.sublinear_tf, vectorizer.use_idf, vectorizer.norm, vectorizer.binary, vectorizer.dtype)
    return vectorizer.idf_ if settings == (True, True, "l2", False, np.float64) else None


def _vectorizers() -> list[TfidfVectorizer]:
    """Word uni- and bigrams with character n-grams (which absorb typos and texting spellings).

    Characters run across word boundaries ("im outside", "ur house"), and the heads are fitted
    with little regularisation (C=30): out of fold over train and dev (1,552 accounts, 1 December)
    that found more of every head's accounts within the same false-alarm budgets than
    word-bounded n-grams and C=10 (danger now 78.8% -> 80.3%, possible danger 54.5% -> 57.7%,
    abusive conduct 77.9% -> 80.9%).
    """
    return [
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char", ngram_range=(1, 5), sublinear_tf=True),
    ]


def _head() -> LogisticRegression:
    return LogisticRegression(C=30.0, class_weight="balanced", max_iter=3000)


def labelled(cases: list[dict]) -> tuple[list[str], dict[str, list[bool]]]:
    """Normalised texts, and each head's labels for them."""
    texts = [_normal(case["text"]) for case in cases]
    return texts, {head: [label(case["expected"]) for case in cases] for head, label in HEADS.items()}


# The heads that learn the classification (probe accounts stay out of them: see `training_data`).
CLASSIFICATION_HEADS = frozenset({"conduct", "stalking"})
# The heads that read every message (the NLU's safety override asks them), not only accounts.
DANGER_HEADS = frozenset({"emergency", "possible", "high", "flag:self_harm_risk"})
# Messages that are not accounts (greetings, thanks, questions about the bot, chit-chat...): the
# NLU's examples of these intents teach every head what "nothing here" looks like, so a short
# "see you soon" or "you're nice" is not read as danger. Story-like intents stay out.
BACKGROUND_INTENTS = frozenset(
    {
        "greet",
        "goodbye",
        "thank",
        "affirm",
        "deny",
        "dont_know",
        "chitchat",
        "out_of_scope",
        "faq",
        "stop",
        "start_over",
    }
)
NLU_DIR = REPO_ROOT / "data" / "nlu"
SHORT_ANSWERS_FILE = "answers.yml"
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def nlu_examples(paths: list[Path], intents: frozenset[str] | None = None) -> list[str]:
    """The NLU's example messages (of some intents, or all) in these files, without entity markup."""
    messages: list[str] = []
    for path in paths:
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            intent = str(item.get("intent", "")).split("/")[0]
            if intent and (intents is None or intent in intents):
                lines = str(item.get("examples", "")).splitlines()
                messages += [
                    _ANNOTATION.sub(r"\1", line.strip()[2:]) for line in lines if line.strip().startswith("- ")
                ]
    return messages


def background_messages(nlu_dir: Path = NLU_DIR) -> list[str]:
    """The NLU's example messages of the intents in BACKGROUND_INTENTS."""
    return nlu_examples(sorted(nlu_dir.glob("*.yml")), BACKGROUND_INTENTS)


def negative_examples(nlu_dir: Path = NLU_DIR) -> list[tuple[str, frozenset[str]]]:
    """Messages that are not accounts, each with the heads it is a negative for.

    Everyday messages are negatives for every danger head. Short answers to the questions
    ("my ex", "the usa", "every day": `SHORT_ANSWERS_FILE`) are negatives for danger now and
    possible danger only: a short answer is no scene, though some ("he has been violent")
    rightly raise the level.
    """
    everyday = [(_normal(m), DANGER_HEADS) for m in background_messages(nlu_dir)]
    answers = [(_normal(m), frozenset({"emergency", "possible"})) for m in nlu_examples([nlu_dir / SHORT_ANSWERS_FILE])]
    return everyday + answers


def training_data(cases: list[dict] | None = None) -> tuple[list[str], dict[str, list[bool | None]]]:
    """The train split's and the calibration accounts (or these) with their labels, then the negative
    examples. (The calibration accounts choose the thresholds, each read by a model fitted without
    it: `bot.devtools.calibrate`; then they teach the model too.)

    A negative example is False for the heads it is a negative for, and left out (None) of
    the others (the heads that only ever read accounts). A probe account (`tests/data/probes/`,
    written to probe danger now and its near misses) is left out of the classification heads: its
    risk and flags are what it was written for; its classification follows the writers' convention
    less closely (the rules agree with 62% of the probes' classifications, 85% of dev's).
    """
    from bot.devtools.corpus import load_calibration, load_split, probe_ids

    cases = load_split("train") + load_calibration() if cases is None else cases
    texts, labels = labelled(cases)
    probes = probe_ids()
    negatives = negative_examples()
    extended: dict[str, list[bool | None]] = {
        head: [
            *(
                None if head in CLASSIFICATION_HEADS and case["id"] in probes else value
                for value, case in zip(values, cases, strict=True)
            ),
            *(False if head in heads else None for _, heads in negatives),
        ]
        for head, values in labels.items()
    }
    return texts + [text for text, _ in negatives], extended


def _fingerprint(texts: list[str], labels: dict[str, list[bool | None]]) -> str:
    digest = hashlib.sha256(FORMAT.encode())
    for row in zip(texts, *labels.values(), strict=True):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def fit(cases: list[dict] | None = None) -> SecondOpinion:
    """Fit on the train split and the calibration accounts (or on these), with the negative examples."""
    texts, labels = training_data(cases)
    vectorizers = [vectorizer.fit(texts) for vectorizer in _vectorizers()]  # unsupervised: shared by the heads
    x = hstack([vectorizer.transform(texts) for vectorizer in vectorizers]).tocsr()
    heads = []
    for head in HEADS:
        rows = [i for i, label in enumerate(labels[head]) if label is not None]
        heads.append(_head().fit(x[rows], [labels[head][i] for i in rows]))
    weights = np.vstack([head.coef_[0] for head in heads])
    bias = np.array([head.intercept_[0] for head in heads])
    return SecondOpinion(vectorizers, weights, bias, _fingerprint(texts, labels))


def save(opinion: SecondOpinion, path: Path = MODEL_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(opinion))
    return path


@lru_cache(maxsize=1)
def get_second_opinion() -> SecondOpinion:
    """The saved model when it was fitted on today's training data, otherwise a fresh fit (saved)."""
    wanted = _fingerprint(*training_data())
    if MODEL_FILE.exists():
        try:
            # Our own file, written by `save` from `make train`; never a file from outside.
            saved = pickle.loads(MODEL_FILE.read_bytes())
            if isinstance(saved, SecondOpinion) and saved.fitted_on == wanted:
                return saved
        except Exception:  # a file from another library version: fit again
            log.warning("the saved second-opinion model could not be read; fitting it again")
    opinion = fit()
    try:
        save(opinion)
    except OSError:
        log.warning("could not save the second-opinion model; it will be fitted again next start")
    return opinion


_switched_off = False


@contextmanager
def rules_alone() -> Iterator[None]:
    """Within this block the opinion adds nothing: for measuring what it adds (`make eval`)."""
    global _switched_off
    before, _switched_off = _switched_off, True
    try:
        yield
    finally:
        _switched_off = before


def switched_off() -> bool:
    return _switched_off


@lru_cache(maxsize=1)
def thresholds() -> Thresholds:
    raw = yaml.safe_load(THRESHOLDS_FILE.read_text(encoding="utf-8"))
    levels = {name: float(raw[name]) for name in LEVELS if name in raw}
    return Thresholds(**levels, flags={flag: float(cut) for flag, cut in (raw.get("flags") or {}).items()})
