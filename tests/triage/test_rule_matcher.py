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


def test_a_start_after_which_no_pattern_can_match_is_skipped_and_nothing_is_lost() -> None:
    """Starts are given to a first word's Matcher only when some pattern of it may find its first
    required word (by lemma, by written form, or a number) after it, past optional words."""
    nlp = get_pipeline().nlp
    matcher = RuleMatcher(nlp.vocab, by_first_word=True)
    matcher.add("by_lemma", ["he keep|kept _ me", "he =sent NUM"])  # not phrases: the Matcher reads them
    matcher.add("past_optional", ["she really? =was|were NUM"])
    matcher.add("a_number", ["they _ NUM"])
    matcher.add("nothing_required", ["we =all? _?"])
    texts = [
        "he keeps texting me 3 times",  # the lemma of "keeps" is "keep"
        "she was 3 when, she really were 9, she is 4",  # "is" is no pattern's next word
        "they sent 5, they",  # a start as the last word
        "he",
        "he 4 she were 5 they are 6 he sent 7 we all did we",
    ]
    strings = nlp.vocab.strings
    assert all(matcher._needs[strings[word]] is not None for word in ("he", "she", "they"))
    assert matcher._needs[strings["we"]] is None
    for text in texts:
        doc = nlp(text)
        assert sorted(matcher._matches(doc)) == sorted(matcher.matcher(doc)), text
    assert {strings[key] for key, _, _ in matcher._matches(nlp(texts[0]))} == {"by_lemma"}
    assert not matcher._matches(nlp("he said she is 4, they"))
