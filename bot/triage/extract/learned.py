"""The learned second opinion's findings, as signals the rules can read and explain.

Runs after the rules: it adds `learned_danger_now`, `learned_possible_danger`,
`learned_high`, `learned_medium`, `learned_conduct`, `learned_stalking` or `learned_flag_<flag>` when the classifier
(`bot.triage.second_opinion`) is confident enough, each quoting the sentence that reads most
like it, so a helpline worker sees which words raised the label. When the sentence that reads
most like danger is told in the past, danger now becomes possible danger (the person is
asked), as the rules do. It never removes a signal. Where it reads little sign of abuse or of
stalking at all, it adds `learned_not_conduct` or `learned_not_stalking`: the rubric may then
move the label down, but only when the rules read the text alone, and never the risk.
"""

from __future__ import annotations

import numpy as np
from spacy.tokens import Doc

from bot.triage.extract.danger import tells_of_now
from bot.triage.models import Evidence
from bot.triage.second_opinion import HEADS, SecondOpinion, get_second_opinion, switched_off, thresholds


def add_learned_signals(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    if not doc.text.strip() or switched_off():
        return
    model, limits = get_second_opinion(), thresholds()
    quote = _Quotes(doc, sentences, model)
    whole = quote.whole

    def add(signal: str, head: str) -> None:
        sentence, number = quote.best(head)
        found[signal] = [Evidence(signal, sentence, number)]

    if whole.emergency >= limits.emergency and not found.get("danger_now"):
        _, number = quote.best("emergency")
        # A story told in the past ("he was outside my house last week") is asked about, not an emergency.
        if tells_of_now([token for token, n in zip(doc, sentences, strict=True) if n == number]):
            add("learned_danger_now", "emergency")
        else:
            add("learned_possible_danger", "emergency")
    elif whole.possible >= limits.safety_check:
        add("learned_possible_danger", "possible")
    if whole.high >= limits.high:
        add("learned_high", "high")
    elif whole.medium >= limits.medium:
        add("learned_medium", "medium")
    if whole.conduct >= limits.conduct:
        add("learned_conduct", "conduct")
    if whole.stalking >= limits.stalking:
        add("learned_stalking", "stalking")
    if whole.conduct < limits.unclear_below:
        add("learned_not_conduct", "conduct")
    if whole.stalking < limits.not_stalking_below:
        add("learned_not_stalking", "stalking")
    for flag, cut in limits.flags.items():
        if whole.flags.get(flag, 0.0) >= cut:
            add(f"learned_flag_{flag}", f"flag:{flag}")


class _Quotes:
    """The sentence each head reads as most like its question: the words shown as the reason."""

    def __init__(self, doc: Doc, sentences: list[int], model: SecondOpinion) -> None:
        words: dict[int, list[str]] = {}
        for token, number in zip(doc, sentences, strict=True):
            words.setdefault(number, []).append(token.text_with_ws)
        texts = {number: "".join(parts).strip() for number, parts in words.items()}
        self.texts = {number: text for number, text in texts.items() if text} or {0: doc.text.strip()}
        self.numbers = list(self.texts)
        # The whole account and each sentence, scored in one pass (row 0 is the whole account).
        several = [self.texts[n] for n in self.numbers] if len(self.numbers) > 1 else []
        self._scores: np.ndarray = model.scores([doc.text, *several])
        self.whole = model.opinion(self._scores[0])

    def best(self, head: str) -> tuple[str, int]:
        if len(self.numbers) == 1:
            return self.texts[self.numbers[0]], self.numbers[0]
        number = self.numbers[int(self._scores[1:, list(HEADS).index(head)].argmax())]
        return self.texts[number], number
