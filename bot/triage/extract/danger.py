"""Danger now: keep "he's outside my house" only when the match's own clause speaks of now.

A pattern cannot see tense or habit across a clause, so this runs after matching. "He's outside
my house right now" counts; "he was outside my house last week", "he waits outside my work every
day" and "he's coming over tomorrow" do not. Only the match's clause is read, so "there's a man
outside who's been messaging me for weeks" still counts. Someone on the way (danger_coming)
counts as danger now too, and stays listed apart: they have not arrived.
"""

from __future__ import annotations

import logging
from itertools import pairwise

from spacy.tokens import Doc, Token

from bot.triage.extract.composition import PRESENT_BE as PRESENT_STATE
from bot.triage.extract.composition import anchored_in_the_past
from bot.triage.extract.errand import errand
from bot.triage.extract.tense import counted, dated_by_next, recent, remembered, simple_past
from bot.triage.extract.text import sentence_bounds, token_words
from bot.triage.extract.wondering import asks_if_possible
from bot.triage.lexicon import words
from bot.triage.models import Evidence

logger = logging.getLogger(__name__)

DANGER_SIGNALS = ("danger_now", "danger_coming")
CLAUSE_WINDOW = 8  # tokens read on each side of a match, at most
CLAUSE_EDGES = words("clause_edges")
PAST_OR_HABITUAL = words("past_or_habitual")
STATIVE_AFTER_BE = words("stative_after_be")
PRESENT_BE = words("present_be")
PRESENT_WORDS = words("present_words")
NEW_HABIT_WORDS = words("new_habit_words")
ENDED_SUBJECTS = words("scene_ended_subjects")
SCENE_ENDED = tuple(words("scene_ended"))
COMING_BACK = words("coming_back")
DETAINED = tuple(f" {phrase} " for phrase in words("detained"))
DETAINED_BEFORE = frozenset({"before", "previously", "once", "twice", "times", "ago", "last", "used"})
RELEASED = tuple(f" {phrase} " for phrase in words("released_again"))
STRONG_NOW = words("danger_strong_now")
HABIT_PHRASES = words("habit_phrases")
REPORTS = words("danger_reports")
WISHES = words("danger_wishes")
CONTINUING_LINKS = words("continuing_links")
SUBJECT_STARTS = words("clause_subject_starts")
NEW_QUESTION_AFTER_PRESENCE = words("new_question_after_presence")
ASKED_OF_SOMEONE = words("asked_of_someone")


# Token spans (start, end) of each kept danger match, in the order of its evidence.
TokenSpans = dict[str, list[tuple[int, int]]]


def clause(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens of the clause around a match, up to CLAUSE_WINDOW tokens each side; with the clause
    before it when it goes on from that one without a subject of its own ("he used to turn up outside
    my flat and bang on the door": the habit holds for both)."""
    positions = clause_positions(doc, start, end)
    first = min(positions)
    lowers = token_words(doc).lowers
    own_tense = lowers[first] in SUBJECT_STARTS or lowers[first] in PRESENT_BE  # "... and is banging on the door"
    if first >= 2 and lowers[first - 1] in CONTINUING_LINKS and not own_tense:
        positions = clause_positions(doc, first - 2, first - 1) + positions
    return [doc[i] for i in sorted(set(positions))]


def clause_positions(doc: Doc, start: int, end: int) -> list[int]:
    """`clause` as token positions (the words before the match nearest first, then the match and after)."""
    read = token_words(doc)
    lowers, texts = read.lowers, read.texts
    positions: list[int] = []
    for i in range(start - 1, max(-1, start - 1 - CLAUSE_WINDOW), -1):
        if lowers[i] in CLAUSE_EDGES or "\n" in texts[i]:
            break
        positions.append(i)
    positions.extend(range(start, end))
    for i in range(end, min(len(lowers), end + CLAUSE_WINDOW)):
        if lowers[i] in CLAUSE_EDGES or "\n" in texts[i]:
            break
        positions.append(i)
    return positions


def speaks_of_now(doc: Doc, start: int, end: int, here: bool = False) -> bool:
    """A present word in the clause, or no past, habitual or not-yet word there; and the sentence is no
    memory ("I remember sitting in the dark while he hammered on the door") nor dated by the next one
    ("That was in 2019."), no errand and no question whether it might be so ("is it possible he is
    following me?", read as possible danger by `composition`)."""
    if wished(doc, start):
        return False
    tokens = clause(doc, start, end)
    if here:
        tokens = _presence_clause(tokens, start, end)
    lowers = [t.lower_ for t in tokens]
    reports = {i for i, t in enumerate(tokens) if t.lemma_ in REPORTS or t.lower_ in REPORTS}
    if not tells_of_now(tokens) or (simple_past(lowers, reports) and not set(lowers) & PRESENT_WORDS):
        return False  # (a past act by its form too: "while my ex hammered on the door")
    sentence, following = _sentence_and_next(doc, start)
    if a_new_habit(lowers, sentence):
        return False
    if set(lowers) & PRESENT_WORDS:
        return not (errand(sentence) or asks_if_possible(sentence))
    return not (
        remembered(sentence)
        # "Last year my ex turned up at 2am, banging on the door" (not "we broke up last week, hes outside")
        or (
            anchored_in_the_past(sentence, lowers)
            and not (set(lowers) & PRESENT_STATE or set(following) & PRESENT_WORDS)
        )
        or dated_by_next(following)
        or errand(sentence)
        or asks_if_possible(sentence)
    )


def a_new_habit(lowers: list[str], sentence: list[str]) -> bool:
    """A habit that began lately, told with a bare "now" ("now he parks outside the school at the end of the
    day"): no scene, unless the sentence says right now ("rn", "right now", "tonight")."""
    said = set(lowers)
    strong = set(sentence) & (PRESENT_WORDS - {"now"}) or ("right", "now") in pairwise(sentence)
    return "now" in said and bool(said & NEW_HABIT_WORDS) and not strong


def _presence_clause(tokens: list[Token], start: int, end: int) -> list[Token]:
    """A presence told now is its own clause, apart from a question, a worry or a plea written beside it
    without a comma: "hes outside what do i do", "he's at my door what if he breaks in", "could someone
    call the police hes here". (An arrival is not cut: "he'll come round if I don't answer" is a condition.)"""
    before = [t for t in tokens if t.i < start]
    for j, token in enumerate(before[:-1]):
        if token.lower_ in NEW_QUESTION_AFTER_PRESENCE and before[j + 1].lower_ in ASKED_OF_SOMEONE:
            tokens = [t for t in tokens if t.i >= start]  # a plea before it: "could someone call the police"
            break
    for j, token in enumerate(tokens):
        if token.i >= end and token.lower_ in NEW_QUESTION_AFTER_PRESENCE:
            return tokens[:j]
    return tokens


def wished(doc: Doc, start: int) -> bool:
    """A scene hoped or wished for, not told: "hope someone is there", "I wish he was here"."""
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    if before[-1:] == ["that"]:
        before = before[:-1]
    return bool(before) and before[-1] in WISHES


def _sentence_and_next(doc: Doc, start: int) -> tuple[list[str], list[str]]:
    """The lower-cased words of the sentence around a token, and of the sentence after it."""
    first, last = sentence_bounds(doc, start)
    _, after = sentence_bounds(doc, last + 1)
    return [t.lower_ for t in doc[first:last]], [t.lower_ for t in doc[last + 1 : after]]


def tells_of_now(tokens: list[Token]) -> bool:
    """A present word among the tokens (or a moment ago: "ten minutes ago"), or no past, habitual or
    not-yet word there."""
    lowers = [t.lower_ for t in tokens]
    if set(lowers) & PRESENT_WORDS or recent(lowers):
        return True
    said = " ".join(t.lower_ for t in tokens)
    if any(f" {phrase} " in f" {said} " for phrase in HABIT_PHRASES) or counted(lowers):
        return False  # "a car that parks on my street a lot", "twice he's been standing at the bus stop"
    for j, token in enumerate(tokens):
        word = token.lower_
        if word in PAST_OR_HABITUAL:
            if word in STATIVE_AFTER_BE and j and tokens[j - 1].lower_ in PRESENT_BE:
                continue  # "she's parked outside" is a state now, not a past act
            if word == "next" and [t.lower_ for t in tokens[j + 1 : j + 3]] in (["to", "my"], ["to", "our"]):
                continue  # "next to my street sign": a place, not "next week" ("sits next to me" stays a habit)
            return False
    return True


def keep_present_danger(doc: Doc, found: dict[str, list[Evidence]], spans: TokenSpans) -> None:
    """Drop danger matches about the past, a habit or later; fold danger_coming into danger_now."""
    for signal in DANGER_SIGNALS:
        matched = found.get(signal, [])
        found[signal] = [
            evidence
            for evidence, (start, end) in zip(matched, spans.get(signal, []), strict=True)
            if speaks_of_now(doc, start, end, here=signal == "danger_now")
        ]
        if matched:
            logger.debug("%s: kept %d of %d matches", signal, len(found[signal]), len(matched))
    if found.get("danger_coming"):
        found["danger_now"] = found.get("danger_now", []) + found["danger_coming"]


def settle_detained(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """'The police are here now, they've got him in the back of their car': the person has been taken
    by the police, so what he did tonight is asked about ("Are you safe right now?"), not an
    emergency. Not when the account says he is out again ("he's out on bail", "they let him go"), nor
    a detention told as history ("he was arrested in 2019", "he's been arrested before"), nor a scene
    told with "now" in its sentence ("they arrested him last month. now he's outside again")."""
    lowers = token_words(doc).lowers
    grouped: dict[int, list[str]] = {}
    for word, number in zip(lowers, sentences, strict=True):
        grouped.setdefault(number, []).append(word)
    detained = [
        number
        for number, said in grouped.items()
        if any(phrase in f" {' '.join(said)} " for phrase in DETAINED)
        and (recent(said) or not (anchored_in_the_past(said) or set(said) & DETAINED_BEFORE))
    ]  # ("he's been arrested before", "held overnight once": history; "ten minutes ago": just now)
    if not detained:
        return
    last = max(detained)
    if any(
        phrase in f" {' '.join(said)} " for number, said in grouped.items() if number >= last for phrase in RELEASED
    ):
        return
    # (kept on record for the learned second opinion: the scene is over for every sentence not told as now)
    over = [n for n in sorted(grouped) if n >= min(detained) and not _still_now(grouped[n])]
    found.setdefault("scene_ended", []).extend(Evidence("scene_ended", "", number) for number in over)
    scenes = found.get("danger_now", [])
    ended = [e for e in scenes if not _still_now(grouped.get(e.sentence, []))]
    if not ended:
        return
    found["danger_now"] = [e for e in scenes if e not in ended]
    found.setdefault("possible_danger_now", []).extend(
        Evidence("possible_danger_now", e.quote, e.sentence) for e in ended
    )


def _still_now(said: list[str]) -> bool:
    """Whether a sentence beside a detention tells its scene as now ("now he's outside again", "he got
    arrested, he's outside my house right now"): then the scene stands, whatever the detention says."""
    return bool(set(said) & (STRONG_NOW | {"now"}))


def settle_ended_scenes(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """'A man stood outside my house for 20 mins tonight. He's gone now': a scene the account says has
    ended is asked about ("Are you safe right now?"), not an emergency. Only the scenes told before or
    with the words that end it; "he drove off. now he's back outside" stays danger now."""
    lowers = token_words(doc).lowers
    ends = [
        sentences[i]
        for i in range(len(lowers))
        if lowers[i] in ENDED_SUBJECTS
        and " ".join(lowers[i + 1 : i + 4]).startswith(SCENE_ENDED)
        # ("he drove off but he just texted he's coming back": not over)
        and not {lowers[j] for j in range(i + 2, len(lowers)) if sentences[j] == sentences[i]} & COMING_BACK
    ]
    if not ends:
        return
    # (kept on record for the learned second opinion's reading of danger now: `LearnedReading`)
    found["scene_ended"] = [Evidence("scene_ended", "", number) for number in sorted(set(ends))]
    scenes = found.get("danger_now", [])
    last_end = max(ends)
    ended = [e for e in scenes if e.sentence <= last_end]
    if ended:
        found["danger_now"] = [e for e in scenes if e.sentence > last_end]
        found.setdefault("possible_danger_now", []).extend(
            Evidence("possible_danger_now", e.quote, e.sentence) for e in ended
        )
