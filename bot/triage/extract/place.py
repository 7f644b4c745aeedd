"""Where the user lives: find the places named, settle what each means, score each by its neighbours.

Finding (:func:`place_mentions`): the matchers find every name in `place_names.tsv` and the
hand-kept words (`bot.place_names`); the longest name wins ("New York City", not "York"). A name
followed by a qualifier ("Portland, ME", "London Ontario", "Hamilton NZ", "Perth, WA") keeps
only the readings the qualifier allows, and the two read as one mention. A name on its own must
pass small named checks: an everyday word ("Reading", "Mobile") only capitalised and after a
place word ("I live in Reading"); a first name ("Austin") or a small town only after a place
word; an abbreviation ("TX", "ME", "OR") only in capitals, after "in"/"near" or a city, never in
shouted text ("IN OR NEAR"); a nickname ("LA") only in capitals ("la verdad" is no place).

Scoring (:func:`find_jurisdiction`): accounts name many places: where the user lives ("I'm in
Leeds"), where someone else lives ("my ex lives in Texas"), where they travelled ("I went to
London on holiday"). Each mention is scored by its neighbours; a city and its own state or
country support each other, and another place in the account settles an ambiguous name
("I live in Birmingham ... here in Alabama"). When the best is ambiguous, abroad, or ties with
an unrelated place, nothing is returned, so the conversation asks rather than guesses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from bot.place_names import EVERYDAY_SHORT_FORMS, PlaceName, PlaceVocabulary, Reading, related
from bot.triage.extract.text import token_words
from bot.triage.lexicon import words

FIRST_PERSON = words("first_person")
LIVING_CUES = words("living_cues")
WHERE_THE_WRITER_IS = words("where_the_writer_is")
CALLING_FROM = words("calling_from")
OTHER_PERSON = words("other_person")
OWN_FAMILY = words("own_family")
TRAVEL = words("travel")
# "I'm from Texas but now I live in Leeds": a "from" place is no longer home.
# ("I am from Brazil, now living in Dublin", "from Poland, living in Salford two years").
MOVED_ON = re.compile(
    r"\b(but|now)\s+(i\s+)?(live|living|based|moved)\b"
    r"|(,|\bfrom(\s+[^\s,.]+){1,3})\s+(now\s+)?(living|based)\s+in\b"  # "from Brazil living in Toronto"
    r"|\bmoved\s+from(\s+[^\s,.]+){1,3}\s+to\b"  # "I moved from Atlanta to Tampa"
)
# A word right before a name that makes it a place: "in Reading", "near Tyler", "outside Bath", "on the Gold Coast".
PLACE_WORDS = frozenset({"in", "near", "outside", "around"})
# A name followed by one of these is a street ("Victoria Road", "Melbourne St"), not the place.
STREET_WORDS = words("street_words")
# After a name that opens the message, these say the writer is from there ("Cork here", "NoVA resident",
# "aberystwyth student"), as does a dash or a comma after it ("Omagh - someone keeps...").
OPENING_SELF = words("opening_place_self")
OPENING_BREAKS = frozenset({",", "-", "–", "—", ":"})
QUALIFIER_KINDS = frozenset({"country", "state", "county", "area", "abbr", "ap", "alias", "nickname"})
STATE_KINDS = frozenset({"state", "abbr", "ap"})
PRONOUNS = frozenset({"he", "she", "they", "my", "his", "her", "their", "i", "we"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
SENTENCE_END = frozenset({".", "!", "?", "\n"})
NEGATIONS = frozenset({"not", "n't", "never", "nt"})
ORIGIN = frozenset({"originally", "born", "grew"})  # where they come from, not where they live
# "I used to live in Glasgow", "I lived in Dublin then": a home left (not "I've lived in Bradford 30 years").
LEFT_HOME = re.compile(r"\b(used to live|lived) in\b")  # ... then "now in Cardiff": where they are now
FORMER_HOME = re.compile(r"\b(used to live|(?<!'ve )(?<!ve )(?<!have )(?<!has )(?<!'s )lived) in $")
# A sentence about the past: "back in 2018", "when I was at school", "ten years ago", "in 2019".
PAST = re.compile(r"\b(back in|when (i|we) (was|were)|used to|years ago|in (19|20)\d\d)\b")

# A later sentence in the present: the story goes on ("Now it has started again", "he still posts").
STILL_GOING = re.compile(r"\b(still|again)\b")

Match = tuple[str, int, int]  # matcher label (the name's key), start token, end token


@dataclass(frozen=True)
class Found:
    """A name as matched, before it is settled."""

    start: int
    end: int
    name: PlaceName
    exact: bool
    readings: tuple[Reading, ...]
    qualified: bool = False
    alone: bool = True  # may be read without a city before it ("ME" may not: "Portland, ME" only)


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text: the covered place it means (None when ambiguous or abroad), and
    the covered places it could still mean ("Birmingham": GB-ENG or US-AL)."""

    start: int
    end: int
    code: str | None
    candidates: frozenset[str]


# -- finding ----------------------------------------------------------------------------------


def place_context(doc: Doc, start: int, end: int | None = None) -> bool:
    """The words around a name make it a place: "in Reading", "I'm from Austin", "here in Tyler", or
    the name is a sentence of its own, as accounts are signed off ("... Ballymena.")."""
    if end is not None and signed_off(doc, start, end):
        return True
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 0 and doc[i].lower_ in PLACE_WORDS:
        return True
    before = words_before(doc, start)
    return bool(FIRST_PERSON & set(before) and set(before[-3:]) & LIVING_CUES) or "here" in before[-3:]


def signed_off(doc: Doc, start: int, end: int) -> bool:
    """The name is a sentence of its own ("... he knows. Denver.", "Cork"), not a signature after a
    comma or dash ("Thanks, Charlotte")."""
    opens = start == 0 or doc[start - 1].text in SENTENCE_END or doc[start - 1].is_space
    closes = end == len(doc) or doc[end].text in SENTENCE_END or doc[end].is_space
    if opens and start > 1 and doc[start - 1].is_space and doc[start - 2].text in (",", "-", "—", "–"):
        return False
    return opens and closes and (start > 0 or end < len(doc))


def opens_as_home(doc: Doc, start: int, end: int, strict: bool = False) -> bool:
    """The name opens the message and says where the writer is: "Cork here, someone's been...",
    "NoVA resident - ...", "Omagh - someone from school..." (a dash or comma after it only when not
    `strict`: a first name opens a message that way too, "Charlotte, can you help")."""
    if start != 0 or end >= len(doc):
        return False
    after = doc[end].lower_
    return after in OPENING_SELF or (not strict and after in OPENING_BREAKS)


def a_street(doc: Doc, found: Found) -> bool:
    """The name is a street's ("Victoria Road in Stockport", "Melbourne St"): then it is no place."""
    return found.end < len(doc) and doc[found.end].lower_.rstrip(".") in STREET_WORDS


def not_a_street(doc: Doc, found: Found) -> bool:
    return not a_street(doc, found)


def shouted(doc: Doc, start: int, end: int) -> bool:
    """The words around are in capitals too ("IN OR NEAR", "LA VERDAD"): capitals say nothing here."""
    neighbours = [t for t in (doc[start - 1] if start > 0 else None, doc[end] if end < len(doc) else None) if t]
    words_around = [t for t in neighbours if t.is_alpha and len(t) > 1]
    return any(t.is_upper for t in words_around)


def capitalised(doc: Doc, start: int, end: int) -> bool:
    return all(t.text[:1].isupper() for t in doc[start:end] if t.is_alpha and t.lower_ not in ("of", "the", "upon"))


def everyday_word_as_place(doc: Doc, found: Found) -> bool:
    """An everyday word ("Reading", "Bath") is a place only capitalised and after a place word; a name
    of several everyday words ("Sugar Land", not "a new city") only capitalised. From someone who
    writes nothing in capitals, right after a place word will do ("my work in cork")."""
    if not found.name.common:
        return True
    if not capitalised(doc, found.start, found.end):
        right_after_place_word = found.start > 0 and doc[found.start - 1].lower_ in PLACE_WORDS
        return written_in_lower_case(doc) and (
            right_after_place_word or opens_as_home(doc, found.start, found.end, strict=True)
        )
    return (
        found.end - found.start > 1
        or place_context(doc, found.start, found.end)
        or opens_as_home(doc, found.start, found.end, strict=True)  # an everyday word: only "Cork here"
    )


def written_in_lower_case(doc: Doc) -> bool:
    """Not one word starts with a capital ("i think its the same guy"): capitals say nothing here."""
    return not any(t.is_alpha and t.text[0].isupper() for t in doc)


def needs_context_met(doc: Doc, found: Found) -> bool:
    """A first name, a small town or a city abroad is a place only after a place word, and not as
    someone's ("in Bradley's car"). A town under 15,000 only right after one, not signed off
    ("... Katherine." may be the writer's name)."""
    if not found.name.needs_context:
        return True
    if possessive(doc, found.end):
        return False
    if opens_as_home(doc, found.start, found.end, strict=found.name.first_name):
        return True  # "Omagh - someone from school...", "wagga here"; a first name only with "here"
    return place_context(doc, found.start, None if found.name.small_town else found.end)


def possessive(doc: Doc, end: int) -> bool:
    """The name is followed by "'s": a person's ("Bradley's car"), not a place."""
    return end < len(doc) and doc[end].lower_ in POSSESSIVE


def short_form_as_place(doc: Doc, found: Found) -> bool:
    """An exact-case short form: a nickname ("LA") anywhere, an abbreviation ("TX") after a place word;
    neither in shouted text. AP forms ("Ore.") only ever as qualifiers."""
    if not found.exact:
        return True
    if shouted(doc, found.start, found.end):
        return False
    if any(r.kind == "nickname" for r in found.readings):
        return True
    if not found.alone:
        return False
    return any(r.kind == "abbr" for r in found.readings) and place_context(doc, found.start)


CHECKS: tuple[Callable[[Doc, Found], bool], ...] = (
    not_a_street,
    short_form_as_place,
    everyday_word_as_place,
    needs_context_met,
)


def _raw(doc: Doc, matches: Sequence[Match], vocabulary: PlaceVocabulary, exact: bool) -> list[Found]:
    table = vocabulary.exact if exact else vocabulary.any_case
    found = []
    for key, start, end in matches:
        name = table.get(key)
        if name is not None:
            found.append(Found(start, end, name, exact, name.readings, alone=key not in vocabulary.qualifier_only))
    return found


def _longest(found: list[Found]) -> list[Found]:
    """Overlapping names keep the longest ("New York City" over "York"); a span matched both in any
    case and exactly ("D.C.") keeps the readings of both, checked as the any-case name."""
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (-(f.end - f.start), f.exact, f.start)):
        same = next((i for i, k in enumerate(kept) if (k.start, k.end) == (item.start, item.end)), None)
        if same is not None:
            kept[same] = replace(kept[same], readings=tuple(dict.fromkeys(kept[same].readings + item.readings)))
        elif all(item.end <= k.start or k.end <= item.start for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


def _lower_case_qualifier(doc: Doc, after: Found, vocabulary: PlaceVocabulary) -> Found | None:
    """A postal abbreviation typed in lower case right after a name ("austin tx", "vancouver, bc"),
    unless it is an everyday word ("portland me" is not read)."""
    i = after.end + (1 if after.end < len(doc) and doc[after.end].text == "," else 0)
    if i >= len(doc):
        return None
    token = doc[i]
    if not (token.is_alpha and token.is_lower) or token.lower_ in EVERYDAY_SHORT_FORMS:
        return None
    name = vocabulary.exact.get(token.text.upper())
    if name is None or not any(r.kind == "abbr" for r in name.readings):
        return None
    return Found(i, i + 1, name, True, name.readings)


def qualify(name: Found, qualifier: Found) -> Found | None:
    """`name` narrowed by the `qualifier` right after it ("Portland" + "ME"), or None when it does not fit."""
    fits = [
        Reading(a.code if len(a.code) >= len(b.code) else b.code, a.kind, a.population)
        for a in name.readings
        for b in qualifier.readings
        if b.kind in QUALIFIER_KINDS and related(a.code, b.code)
    ]
    if not fits:
        return None
    return replace(name, end=qualifier.end, readings=tuple(dict.fromkeys(fits)), qualified=True)


def qualifier_alone(name: Found, qualifier: Found) -> Found | None:
    """A state or province written right after a name it has no town of ("pittsburg PA": Pittsburg is in
    California and Kansas, Pittsburgh in Pennsylvania): the writer named their state; the town was
    misspelt or is too small to be listed. The pair reads as the state."""
    states = [r for r in qualifier.readings if r.kind in STATE_KINDS and "-" in r.code]
    if not states or name.exact or not qualifier.exact:
        return None  # (a town's name, then a state in capitals: not "IN OR", nor "cardiff, on")
    return replace(name, end=qualifier.end, readings=tuple(dict.fromkeys(states)), qualified=True)


def _next_to(doc: Doc, first: Found, second: Found) -> bool:
    gap = doc[first.end : second.start]
    return len(gap) == 0 or (len(gap) == 1 and gap[0].text in (",", "("))


def place_mentions(
    doc: Doc, any_case: Sequence[Match], exact: Sequence[Match], vocabulary: PlaceVocabulary
) -> list[PlaceMention]:
    """Every place named in the text, settled (see the module docstring)."""
    found = _longest(_raw(doc, any_case, vocabulary, False) + _raw(doc, exact, vocabulary, True))
    merged: list[Found] = []
    for item in found:
        if merged and _next_to(doc, merged[-1], item):
            narrowed = qualify(merged[-1], item) or (
                None if shouted(doc, merged[-1].start, item.end) else qualifier_alone(merged[-1], item)
            )
            if narrowed is not None:
                merged[-1] = narrowed
                continue
        merged.append(item)
        lower_case = _lower_case_qualifier(doc, item, vocabulary)
        narrowed = qualify(item, lower_case) if lower_case else None  # ("cardiff, on my own": no Ontario)
        if narrowed is not None:
            merged[-1] = narrowed
    mentions = []
    for item in merged:
        if not item.qualified and not all(check(doc, item) for check in CHECKS):
            continue
        readings = tuple(r for r in item.readings if r.kind != "ap")
        if not readings:
            continue
        candidates = frozenset(c for c in (vocabulary.covered(r.code) for r in readings) if c)
        code = None if item.name.ambiguous_alone and not item.qualified else vocabulary.settle(readings)
        mentions.append(PlaceMention(item.start, item.end, code, candidates))
    return mentions


# -- scoring ----------------------------------------------------------------------------------


def words_before(doc: Doc, start: int, count: int = 5) -> list[str]:
    """Up to `count` words before `start`, lower-cased, within its sentence ("... he knows. Denver.")."""
    first = start
    while first > max(0, start - count) and doc[first - 1].text not in SENTENCE_END and not doc[first - 1].is_space:
        first -= 1
    return [t.lower_ for t in doc[first:start]]


def someone_elses(before: list[str]) -> bool:
    """Someone else is in the last four words before a place ("he moved to Ohio", "my ex lives in
    Texas", "my ex's flat in Leeds"), not as the user's own family's ("I came to my parents' place
    in Indore", "my family's deli in Montreal": where the user is, or their own)."""
    window = before[-4:]
    offset = len(before) - len(window)
    for i, word in enumerate(window, start=offset):
        if word not in OTHER_PERSON:
            continue
        owned = i > 0 and before[i - 1] in ("my", "our") and i + 1 < len(before) and before[i + 1] in POSSESSIVE
        staying = i > 1 and before[i - 2] == "at"  # "I'm at my friend's in Ponsonby, Auckland": where the user is
        if not (owned and (word in OWN_FAMILY or staying)):
            return True
    return False


def score(doc: Doc, start: int, end: int, moved_on: bool) -> float:
    """How much the words around a place mention say the user lives there."""
    before = words_before(doc, start)
    points = 1.0
    other_person = someone_elses(before)
    right_before = before[-1:] in (["in"], ["from"])
    calling = right_before and helpline_caller(doc, start)
    living = right_before and len(before) >= 2 and before[-2] in WHERE_THE_WRITER_IS and not other_person
    writer_is_there = calling or living
    first_person = writer_is_there or bool(FIRST_PERSON & set(before))
    if writer_is_there:
        points += 3  # "..., living in Salford", "Mother calling from Galway"
    elif first_person and set(before[-3:]) & LIVING_CUES and not set(before[-3:]) & TRAVEL:
        points += 3  # "I live in", "I'm from", "we moved to" (not "I'm travelling in")
    elif "here" in before[-2:]:
        points += 3  # "here in Tampa"
    elif signed_off(doc, start, end):
        points += 2  # an account signed off with the place: "... Denver."
    if before[-1:] == ["from"] and moved_on:
        points -= 3
    if other_person and not first_person:
        points -= 3  # "he moved to Ohio"
    if NEGATIONS & set(before[-4:]):
        points -= 4  # "I'm not even in the US"
    if ORIGIN & set(before[-4:]):
        points -= 4  # "I'm originally from Nigeria, working in Houston": no longer home
    sentence = sentence_text(doc, start)
    moved_since = LEFT_HOME.search(sentence)
    if moved_since and (before[-2:-1] == ["now"] or before[-3:-1] == ["now", "living"]):
        points += 2  # "used to live in Leeds, now in Cardiff": where they are now
    elif former_home(before):
        points -= 5  # "I used to live in Glasgow but moved away": a home left, whatever goes on since
    elif PAST.search(sentence) and not goes_on_now(doc, start):
        points -= 3  # "Back in 2019 in my first job in Hyderabad": a place from the past
    if set(before) & TRAVEL:
        points -= 2  # "I went to London"
    if before[-1:] == [","]:
        points += 0.5  # "Dallas, TX" supports the city mention too
    return points


def former_home(before: list[str]) -> bool:
    """The words right before a place say the writer lived there once ("I used to live in Glasgow", "back
    when I lived in Dublin"; not "I've lived in Bradford 30 years", "we lived together in Bendigo")."""
    return bool(FORMER_HOME.search(" ".join(before[-5:]) + " "))


def helpline_caller(doc: Doc, start: int) -> bool:
    """A helpline's note of where its caller is: "Mother calling from Galway", "Caller (30s, F)
    ringing from her flat in Glasgow"; not "he keeps calling me from Texas"."""
    before = words_before(doc, start, count=12)
    for i, word in enumerate(before[:-1]):
        if word in CALLING_FROM and before[i + 1] == "from":
            subject = [w for w in before[:i] if w.isalpha()]
            return "caller" in subject or (len(subject) <= 2 and not set(subject) & PRONOUNS)
    return False


def goes_on_now(doc: Doc, start: int) -> bool:
    """A later sentence brings the story to the present ("In 2020 my family's deli in Montreal got
    flooded with reviews. ... Now since October it has started again."): the past place is still theirs."""
    end = start
    while end < len(doc) and doc[end].text not in SENTENCE_END and not doc[end].is_space:
        end += 1
    return bool(STILL_GOING.search(doc[end:].text.lower()))


def sentence_text(doc: Doc, start: int) -> str:
    """The lower-cased sentence around token `start`."""
    first, last = start, start
    while first > 0 and doc[first - 1].text not in SENTENCE_END and not doc[first - 1].is_space:
        first -= 1
    while last < len(doc) - 1 and doc[last].text not in SENTENCE_END and not doc[last].is_space:
        last += 1
    return doc[first : last + 1].text.lower()


def _settle_by_others(mentions: Sequence[PlaceMention], points: Sequence[float]) -> list[str | None]:
    """A name with several readings takes the one that another place in the account fits, when only
    one does and that place is not someone else's ("I live in Birmingham ... here in Alabama")."""
    codes: list[str | None] = []
    for i, mention in enumerate(mentions):
        code = mention.code
        if len(mention.candidates) > 1:
            others = {m.code for j, m in enumerate(mentions) if j != i and m.code and points[j] > 0}
            # ... or another open name with one reading in common ("Perth ... over to WA": Western Australia).
            shared = [m.candidates for j, m in enumerate(mentions) if j != i and not m.code and points[j] > 0]
            others |= {c for candidates in shared for c in candidates if c in mention.candidates}
            fitting = {c for c in mention.candidates if any(related(c, o) for o in others)}
            if len(fitting) == 1 and code not in fitting:
                code = fitting.pop()
        codes.append(code)
    return codes


def find_jurisdiction(
    doc: Doc, mentions: Sequence[PlaceMention], covered: Callable[[str], bool]
) -> tuple[str, str] | None:
    """The code and words of the place the user lives, or None when unclear."""
    if not mentions:
        return None
    moved_on = bool(MOVED_ON.search(token_words(doc).text.lower()))
    points = [score(doc, m.start, m.end, moved_on) for m in mentions]
    codes = _settle_by_others(mentions, points)
    scored: dict[str, tuple[float, str]] = {}
    for i, (mention, code) in enumerate(zip(mentions, codes, strict=True)):
        key = code or f"?{i}"  # an ambiguous or foreign mention competes, but can never be the answer
        if key not in scored or points[i] > scored[key][0]:
            scored[key] = (points[i], doc[mention.start : mention.end].text)
    # A city and its own state or country support each other ("Toronto, Canada").
    combined: dict[str, tuple[float, str]] = {}
    for code, (pts, quote) in scored.items():
        support = sum(s for other, (s, _) in scored.items() if other != code and code.startswith(other + "-") and s > 0)
        combined[code] = (pts + support, quote)
    best_code, (best_score, best_quote) = max(combined.items(), key=lambda item: (item[1][0], item[0].count("-")))
    if best_score <= 0 or best_code.startswith("?") or not covered(best_code):
        return None
    rivals = [
        c
        for c, (s, _) in combined.items()
        if s == best_score
        and c != best_code
        and not best_code.startswith(c + "-")
        and not c.startswith(best_code + "-")
    ]
    if rivals:
        return None  # two unrelated places with equal weight: ask rather than guess
    return best_code, best_quote
