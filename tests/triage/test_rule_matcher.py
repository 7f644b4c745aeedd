"""The signals' Matcher split by first word finds what the whole Matcher finds."""

from __future__ import annotations

import json
from collections import defaultdict

from bot.devtools.corpus import DATA_DIR
from bot.triage.extract.text import clean_text
from bot.triage.nlp import RuleMatcher, get_pipeline


def _by_start(matches: list[tuple[int, int, int]]) -> dict[int, list[tuple[int, int, int]]]:
    grouped: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for match in matches:
        grouped[match[1]].append(match)
    return dict(grouped)


def test_matches_by_first_word_are_the_whole_matchers_in_the_same_order_per_start() -> None:
    pipeline = get_pipeline()
    signals = pipeline.signals
    assert signals._indexed  # every pattern starts with a word or a number
    texts = [json.loads(line)["text"] for line in (DATA_DIR / "corpus.jsonl").read_text().splitlines() if line.strip()]
    texts += ["he sent 40 messages in 2 days", "3 times a day, 500 dollars or else", "one two 3", "", "..."]
    texts += ["no one knows, but one of them sent one message", "the second time, first he called 3 times"]
    for text in texts:
        doc = pipeline.nlp(clean_text(text)[0])
        whole = list(signals.matcher(doc))
        assert _by_start(signals._matches(doc)) == _by_start(whole), text


def test_a_pattern_that_may_run_on_without_bound_is_read_by_the_whole_matcher() -> None:
    """Stretches give each pattern only as many tokens as its length: "*" or "+" could reach past them."""
    matcher = RuleMatcher(get_pipeline().nlp.vocab, by_first_word=True)
    matcher._index("bounded", [[{"LEMMA": "he"}, {"LEMMA": "be", "OP": "?"}, {"LOWER": "outside"}]])
    assert matcher._indexed
    matcher._index("unbounded", [[{"LEMMA": "he"}, {"OP": "*"}, {"LOWER": "door"}]])
    assert not matcher._indexed
