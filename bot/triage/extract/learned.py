"""The learned second opinion's findings, as signals the rules can read and explain.

Runs after the rules: it adds `learned_danger_now`, `learned_possible_danger` or
`learned_high` when the classifier (`bot.triage.second_opinion`) is confident enough, each
quoting the sentence that reads most like danger, so a helpline worker sees which words
raised the level. When that sentence is told in the past, danger now becomes possible danger
(the person is asked), as the rules do. It never removes a signal: the opinion can only raise.
"""

from __future__ import annotations

from spacy.tokens import Doc

from bot.triage.extract.danger import tells_of_now
from bot.triage.models import Evidence
from bot.triage.second_opinion import SecondOpinion, get_second_opinion, thresholds


def add_learned_signals(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    if not doc.text.strip():
        return
    model, limits = get_second_opinion(), thresholds()
    whole = model.read(doc.text)
    if whole.emergency < limits.emergency and whole.possible < limits.safety_check and whole.high < limits.high:
        return
    sentence, number = _most_telling_sentence(doc, sentences, model)
    # A story told in the past ("he was outside my house last week") is asked about, not called an emergency.
    now = tells_of_now([token for token, n in zip(doc, sentences, strict=True) if n == number])
    if whole.emergency >= limits.emergency and now and not found.get("danger_now"):
        found["learned_danger_now"] = [Evidence("learned_danger_now", sentence, number)]
    elif whole.possible >= limits.safety_check or whole.emergency >= limits.emergency:
        found["learned_possible_danger"] = [Evidence("learned_possible_danger", sentence, number)]
    if whole.high >= limits.high:
        found["learned_high"] = [Evidence("learned_high", sentence, number)]


def _most_telling_sentence(doc: Doc, sentences: list[int], model: SecondOpinion) -> tuple[str, int]:
    """The sentence the classifier reads as most like danger now: the words shown as the reason."""
    spans: dict[int, list[str]] = {}
    for token, number in zip(doc, sentences, strict=True):
        spans.setdefault(number, []).append(token.text_with_ws)
    texts = {number: "".join(words).strip() for number, words in spans.items()}
    texts = {number: text for number, text in texts.items() if text}
    if len(texts) <= 1:
        return doc.text.strip(), 0
    numbers = list(texts)
    scores = model.danger_now([texts[n] for n in numbers])
    number = numbers[max(range(len(numbers)), key=scores.__getitem__)]
    return texts[number], number
