"""Whose self-harm words these are, and whether they make it "now".

"He told me to kill myself" is abuse aimed at the user, not the user's wish; "I want to kill
myself" is self-harm, not a threat from someone else; "maybe I should" after being told to is
the user's own risk; and "now" or "tonight" makes self-harm immediate only when said with it.
"""

from __future__ import annotations

import logging

from spacy.tokens import Doc

from bot.triage.extract.tense import names_a_year
from bot.triage.extract.text import by_sentence, token_words
from bot.triage.lexicon import words
from bot.triage.models import Evidence

logger = logging.getLogger(__name__)

REPORTED_SPEECH = words("reported_speech")
REPORTED_OBJECTS = words("reported_objects")
REPORTED_LINKS = words("reported_links")
REPORTED_LEMMAS = words("reported_lemmas")
SELF_WORDS = words("self_words")
TEMPORAL = words("temporal")


def is_reported(doc: Doc, start: int, sentences: list[int]) -> bool:
    """'He told me to kill myself': someone else's words, reported by the user."""
    window = [t.lower_ for t in doc[max(0, start - 4) : start]]
    if any(w in REPORTED_SPEECH for w in window) and any(w in REPORTED_OBJECTS for w in window):
        return True
    # "screaming that I'm trash and should kill myself": someone else's words, reported. Not the user's
    # own wish told after saying it to someone ("i told my friend i want to kill myself").
    if window and window[-1] in REPORTED_LINKS and not _own_wish(window):
        earlier = {t.lemma_ for t in doc[max(0, start - 12) : start] if sentences[t.i] == sentences[start]}
        return bool(earlier & REPORTED_LEMMAS)
    return _quoted_from_someone_else(doc, start, sentences)


def _own_wish(window: list[str]) -> bool:
    """ "i want to", "i wanna", "im going to", "i just want to": the user's own wish or plan, whatever
    verb of saying comes earlier in the sentence."""
    said = f" {' '.join(window)} "
    return any(f" {wish} " in said for wish in OWN_WISH)


def _quoted_from_someone_else(doc: Doc, start: int, sentences: list[int]) -> bool:
    """ "bf texted 'if you go to that party ill kill myself'": a message someone else sent, quoted (a
    partner threatening suicide to control the user is a threat, not the user's self-harm). Only an
    opening quote mark right after a verb of saying whose subject is not the user ("i texted him 'i
    want to die'" stays theirs)."""
    for i in range(start - 1, max(-1, start - 16), -1):
        if sentences[i] != sentences[start]:
            return False
        if doc[i].lower_ in QUOTE_OPENERS and i >= 2:
            verb, subject = doc[i - 1], doc[i - 2]
            said = verb.lower_ in REPORTED_SPEECH or verb.lemma_ in REPORTED_LEMMAS
            return said and subject.lower_ not in {"i", "me", "we"}
    return False


QUOTE_OPENERS = frozenset({"'", '"', "“", "‘"})
OWN_WISH = words("self_harm_own_wish")


def drop_self_directed_threats(found: dict[str, list[Evidence]]) -> None:
    """'I want to kill myself' is about self-harm, not a threat from someone else; nor is
    'I have decided to end my life' a threat to ruin it."""
    own = {(h.sentence, w) for h in found.get("self_harm", []) for w in h.quote.lower().split()}
    vague = [
        e
        for e in found.get("threat_nonspecific", [])
        if not all((e.sentence, w) in own for w in e.quote.lower().split())
    ]
    if vague:
        found["threat_nonspecific"] = vague
    else:
        found.pop("threat_nonspecific", None)
    threats = found.get("threat_violence", [])
    if not threats:
        return
    own_sentences = {h.sentence for h in found.get("self_harm", [])}
    kept = [
        e
        for e in threats
        if not (SELF_WORDS & set(e.quote.lower().split()))
        and not (e.quote.lower().startswith("i") and e.sentence in own_sentences)
    ]
    if len(kept) != len(threats):
        logger.debug("threat_violence: %d self-directed matches dropped", len(threats) - len(kept))
    if kept:
        found["threat_violence"] = kept
    else:
        found.pop("threat_violence", None)


def settle_self_harm(found: dict[str, list[Evidence]]) -> None:
    """Decide which self-harm words are the user's own, and which make it 'now'."""
    # Agreeing with people who tell you to kill yourself ("maybe I should") is your own risk.
    agree = found.pop("self_harm_agree", [])
    if found.get("told_to_self_harm") and agree:
        told = {e.sentence for e in found["told_to_self_harm"]}
        own = [e for e in agree if any(abs(e.sentence - t) <= 1 for t in told)]
        if own:
            found["self_harm"] = found.get("self_harm", []) + [Evidence("self_harm", e.quote, e.sentence) for e in own]
    # "now" or "tonight" makes self-harm immediate only when said with it; means and plans
    # ("the pills", "a razor", "I've decided") count wherever they are.
    sentences = {e.sentence for e in found.get("self_harm", [])}
    found["self_harm_now"] = [
        e for e in found.get("self_harm_now", []) if e.quote.lower() not in TEMPORAL or e.sentence in sentences
    ]


MEANS = words("self_harm_means")
AT_HAND = words("self_harm_at_hand")
FIRST_PERSON = words("self_harm_first_person")
WELL_AGAIN = words("well_again")
LONG_AGO = words("long_ago")
NO_PLAN = words("no_plan")


def add_means_at_hand(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """The user with the means out and ready ("ive got my dads razor blades out", "sitting here counting
    the pills") is self-harm now, however the intent is worded: intent plus means is the plan.

    Needs the user (I, I've, I'm), a means (pills, razor, rope...) and a word that puts it at hand now
    (out, here, counting, holding, ready): "I have pills for my anxiety" is none of these.
    """
    lowers = token_words(doc).lowers
    for number, positions in by_sentence(sentences).items():
        said = [lowers[i] for i in positions]
        present = set(said)
        if present & FIRST_PERSON and present & MEANS and present & AT_HAND and "n't" not in present:
            text = " ".join(said)
            found.setdefault("self_harm", []).append(Evidence("self_harm", text, number))
            found.setdefault("self_harm_now", []).append(Evidence("self_harm_now", text, number))


def drop_past_self_harm(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """'Two years ago, when the posts were everywhere, I took an overdose. I'm doing much better now':
    self-harm told in the past (a time anchor in its sentence), with nothing of it told as now and
    the person saying they are well again, is history the rubric's self_harm_risk does not cover
    ("about the user now"). Without the words that say it is over ("Last year I tried to... Now he's
    back and I feel the same way") it stands. Kept on record as `past_self_harm`."""
    told = found.get("self_harm", [])
    # ("now" beside it is read as the time of the self-harm: here it is the time of being well again)
    if not told or any(e.quote.lower() not in TEMPORAL for e in found.get("self_harm_now", [])):
        return
    grouped = by_sentence(sentences)
    lowers = token_words(doc).lowers
    if not _says_any(lowers, WELL_AGAIN):
        return
    if all(_long_ago([lowers[i] for i in grouped.get(e.sentence, [])]) for e in told):
        found["past_self_harm"] = found.pop("self_harm")
        found.pop("self_harm_now", None)


def drop_now_without_plan(doc: Doc, found: dict[str, list[Evidence]]) -> None:
    """ "Thinking about suicide a lot, disclosed today, but has no plan": thoughts without a plan are
    high risk by the rubric, not an emergency, so a time word beside them ("today", "now") does not
    make them immediate. Means or a plan told ("the pills", "going to do it") still do."""
    now = found.get("self_harm_now", [])
    if not now or any(e.quote.lower() not in TEMPORAL for e in now):
        return
    if _says_any(token_words(doc).lowers, NO_PLAN):
        found.pop("self_harm_now", None)


def _says_any(lowers: list[str], phrases: frozenset[str]) -> bool:
    """Whether the account says one of these phrases, whole words (as the tokenizer reads them)."""
    said = " " + " ".join(lowers) + " "
    return any(f" {phrase} " in said for phrase in phrases)


def _long_ago(said: list[str]) -> bool:
    """A time anchor a year or more back ("two years ago", "back in 2019", "last year", "when I was 15"):
    not "last week", after which the person may well still be at risk."""
    year = names_a_year(said)
    text = " " + " ".join(said) + " "
    return year or any(f" {phrase} " in text for phrase in LONG_AGO)
