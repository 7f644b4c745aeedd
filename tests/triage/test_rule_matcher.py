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


def test_a_start_whose_next_word_no_pattern_takes_is_skipped_and_nothing_is_lost() -> None:
    """Starts are given to a first word's Matcher only when some pattern of it takes the next word
    (by lemma or by written form) or any next word at all."""
    nlp = get_pipeline().nlp
    matcher = RuleMatcher(nlp.vocab, by_first_word=True)
    matcher.add("by_lemma", ["he keep|kept _ me", "he =sent NUM"])  # not phrases: the Matcher reads them
    matcher.add("by_form", ["she =was|were NUM"])
    matcher.add("any_next", ["they _ NUM"])
    texts = [
        "he keeps texting me 3 times",  # lemma of "keeps" is "keep"
        "she was 3 when, she is 4",  # "was" by form; "is" is no pattern's next word
        "they sent 5, they",  # a start as the last word
        "he",
        "he 4 she were 5 they are 6 he sent 7",
    ]
    lemma = nlp.vocab.strings["he"]
    assert matcher._seconds[lemma] is not None and matcher._seconds[nlp.vocab.strings["they"]] is None
    for text in texts:
        doc = nlp(text)
        assert sorted(matcher._matches(doc)) == sorted(matcher.matcher(doc)), text
    assert {nlp.vocab.strings[key] for key, _, _ in matcher._matches(nlp(texts[0]))} == {"by_lemma"}
    assert not matcher._matches(nlp("he said she is 4"))
