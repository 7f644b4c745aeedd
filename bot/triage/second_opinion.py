"""A learned second opinion on danger: a text classifier that can only raise the engine's level.

The rules read an account part by part; people describe danger in more ways than any rule
set foresees. This classifier is trained here (scikit-learn, no downloaded weights) on the
`train` split of the labelled accounts (`bot.devtools.corpus`) and answers two questions:
how much an account reads like danger right now, like possible danger (the accounts
labelled for "Are you safe right now?", and emergencies), and like high risk. The rubric decides
with the rules; this opinion may only raise the risk or ask "Are you safe right now?",
never lower anything (see `apply` in `bot.triage.rubric`). Its thresholds are data
(`patterns/second_opinion.yml`), chosen on the `dev` split.

`make train` fits it and saves it under `models/` (`python -m bot.devtools.second_opinion fit`); when that file is missing or was fitted
on other data, it is fitted in-process (a few seconds) and saved for next time.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from scipy.sparse import hstack
from scipy.special import expit
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from bot.settings import REPO_ROOT

log = logging.getLogger(__name__)

THRESHOLDS_FILE = Path(__file__).resolve().parent / "patterns" / "second_opinion.yml"
MODEL_FILE = REPO_ROOT / "models" / "second-opinion.pkl"
# Bump when the features or the estimator change, so an old saved model is not reused.
FORMAT = "tfidf-word12-char25-logreg-v4"


@dataclass(frozen=True)
class Thresholds:
    emergency: float  # danger now at or above this: the risk becomes emergency
    safety_check: float  # possible danger at or above this: ask whether they are safe now
    high: float  # at or above: standard or medium becomes high


@dataclass(frozen=True)
class Opinion:
    emergency: float  # how much the account reads like danger right now, 0..1
    possible: float  # like possible danger (safety check or emergency), 0..1
    high: float  # how much it reads like high risk or worse, 0..1


@dataclass
class SecondOpinion:
    """Shared text features and one logistic-regression head per question.

    The heads are kept as one weight matrix: scoring an account is one sparse product and a
    sigmoid (what `LogisticRegression.predict_proba` computes for two classes), without the
    per-call checks that made three separate pipelines cost more than all the rules together.
    """

    vectorizers: list[TfidfVectorizer]
    weights: np.ndarray  # (3, features): emergency, possible, high
    bias: np.ndarray  # (3,)
    fitted_on: str  # fingerprint of the training data and FORMAT

    def scores(self, texts: list[str]) -> np.ndarray:
        """(texts, 3) probabilities: danger now, possible danger, high risk or worse."""
        normal = [_normal(text) for text in texts]
        x = hstack([vectorizer.transform(normal) for vectorizer in self.vectorizers]).tocsr()
        return expit(x @ self.weights.T + self.bias)

    def read(self, text: str) -> Opinion:
        emergency, possible, high = (float(p) for p in self.scores([text])[0])
        return Opinion(emergency=emergency, possible=possible, high=high)

    def danger_now(self, texts: list[str]) -> list[float]:
        """How much each text reads like danger right now, in one pass (for picking a sentence to quote)."""
        return [float(p) for p in self.scores(texts)[:, 0]]


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _vectorizers() -> list[TfidfVectorizer]:
    """Word uni- and bigrams with character n-grams (which absorb typos and texting spellings)."""
    return [
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    ]


def _head() -> LogisticRegression:
    return LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000)


def _pipeline() -> Pipeline:
    """Features and one head together, as fitted per question (and per fold when tuning)."""
    return make_pipeline(make_union(*_vectorizers()), _head())


def training_data() -> tuple[list[str], list[bool], list[bool], list[bool]]:
    """Texts of the `train` split with three labels each: emergency, possible danger, high risk or worse."""
    from bot.devtools.corpus import load_split

    cases = load_split("train")
    texts = [_normal(case["text"]) for case in cases]
    emergency = [case["expected"]["risk"] == "emergency" for case in cases]
    possible = [e or bool(case["expected"].get("needs_safety_check")) for e, case in zip(emergency, cases, strict=True)]
    high = [case["expected"]["risk"] in ("emergency", "high") for case in cases]
    return texts, emergency, possible, high


def _fingerprint(texts: list[str], *labels: list[bool]) -> str:
    digest = hashlib.sha256(FORMAT.encode())
    for row in zip(texts, *labels, strict=True):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def fit() -> SecondOpinion:
    texts, emergency, possible, high = training_data()
    vectorizers = [vectorizer.fit(texts) for vectorizer in _vectorizers()]  # unsupervised: shared by the heads
    x = hstack([vectorizer.transform(texts) for vectorizer in vectorizers]).tocsr()
    heads = [_head().fit(x, labels) for labels in (emergency, possible, high)]
    weights = np.vstack([head.coef_[0] for head in heads])
    bias = np.array([head.intercept_[0] for head in heads])
    return SecondOpinion(vectorizers, weights, bias, _fingerprint(texts, emergency, possible, high))


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


@lru_cache(maxsize=1)
def thresholds() -> Thresholds:
    raw = yaml.safe_load(THRESHOLDS_FILE.read_text(encoding="utf-8"))
    return Thresholds(**{name: float(raw[name]) for name in ("emergency", "safety_check", "high")})
