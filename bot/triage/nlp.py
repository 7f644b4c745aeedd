"""The shared spaCy pipeline: a blank English model, lookup lemmas, and our rule patterns.

No statistical model is downloaded: `spacy.blank("en")` tokenises, a small component sets
each token's lemma from spacy-lookups-data's English lookup table (on the lower-cased
text, so "Keeps" and "keeps" agree), and Matchers compiled from `patterns/signals.yml` and
`patterns/people.yml` find the signals. Texting spellings ("txt", "u") come from
`patterns/lexicon.yml`. The same pipeline serves the triage engine and Rasa's entity extractor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import spacy
import yaml
from spacy.attrs import LEMMA, LIKE_NUM, LOWER
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

from bot.place_names import PlaceVocabulary, get_vocabulary
from bot.triage.lexicon import text_map, words
from bot.triage.spelling import Speller, domain_forms, english_word_counts, pattern_words

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"


@lru_cache(maxsize=1)
def _lemma_table() -> Any:
    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=1)
def _known_lemmas() -> frozenset[str]:
    return frozenset(_lemma_table().values())


# Texting spellings read as the word they stand for (both patterns and accounts go through this).
TEXTING: Mapping[str, str] = text_map("texting")
# Words whose lookup lemma is another word ("his" -> "hello", "evening" -> "even"), read as their own.
LEMMA_FIXES: Mapping[str, str] = text_map("lemma_fixes")
# Slurs and swear words people type with letters masked ("f****t", "n****r", "c**t"): read as the word.
MASKABLE: frozenset[str] = words("maskable_words")
MASKS = frozenset("*#@")


def unmasked(word: str) -> str | None:
    """The one maskable word a masked word stands for ("f****t" -> "faggot"), or None: same length,
    every letter shown in its place, the mask after the first letter (so "@name" stays a handle)."""
    lower = word.lower()
    if len(lower) < 3 or lower[0] in MASKS or not MASKS & set(lower[1:]):
        return None
    found = {
        target
        for target in MASKABLE
        if len(target) == len(lower) and all(c in MASKS or c == t for c, t in zip(lower, target, strict=True))
    }
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def _speller() -> Speller:
    """Typos corrected to forms of the words the patterns read (built with the pipeline)."""
    files = ("signals.yml", "people.yml", "safety_check.yml", "lexicon.yml")
    targets: set[str] = set()
    for name in files:
        targets |= pattern_words(load_patterns(name))
    places = {word for name in get_vocabulary().any_case for word in name.split()}
    english = english_word_counts()
    known = targets | places | words("known_words")
    return Speller(domain_forms(targets, _plain_lemma, english), known=known, counts=english)


def _plain_lemma(word: str) -> str:
    """`lemma_of` without the typo step (to list the words a typo may be corrected to)."""
    return _settled(_lemma_once(word, spell=False))


@lru_cache(maxsize=200_000)
def lemma_of(word: str) -> str:
    """The lookup lemma of a word, lower-cased, followed to its root.

    The table is not always closed ("numbers" -> "number", but "number" -> "numb"), so the
    lookup is repeated until it settles: every form of a word then meets the same key.
    """
    return _settled(_lemma_once(word))


def _settled(lemma: str) -> str:
    """A lemma looked up again until it stays the same (at most three more times)."""
    for _ in range(3):
        again = _lemma_once(lemma, spell=False)
        if again == lemma:
            break
        lemma = again
    return lemma


def _lemma_once(word: str, spell: bool = True) -> str:
    """The lookup lemma of a word, lower-cased.

    Words the table lacks ("texting", "dming") fall back to a suffix strip when that gives a
    known lemma, so texting-style words still meet the patterns' base forms; a word that is
    itself a base form ("read", "need") is kept as it is. Any other word may be a typo of a
    word the patterns read ("folowing"): with `spell`, it is read as that word (`spelling.py`).
    """
    lower = str(word).lower()
    if lower in TEXTING:
        return TEXTING[lower]
    if lower in LEMMA_FIXES:
        return LEMMA_FIXES[lower]
    revealed = unmasked(lower)
    if revealed:
        return revealed
    table = _lemma_table()
    if lower in table:
        return table[lower]
    known = _known_lemmas()
    if lower in known:  # already a base form ("read", "need"): never strip it further
        return lower
    # Texting style drops the g: "callin", "textin", "messagin" are "calling", "texting", "messaging".
    if lower.endswith("in") and len(lower) > 4 and lower + "g" in table:
        return table[lower + "g"]
    for suffix in ("ing", "ed", "es", "s", "d"):
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 2:
            stem = lower[: -len(suffix)]
            for candidate in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None):
                if candidate and candidate in known:
                    return candidate
                if candidate and candidate in table:  # "spamming" -> "spam", a word the table knows
                    return table[candidate]
    corrected = _speller().correct(str(word)) if spell else None
    if corrected and corrected != lower:
        return _lemma_once(corrected, spell=False)
    return lower


# Two words that are one noun ("car park", "group shot"): the second takes the compound's lemma.
NOUN_COMPOUNDS: Mapping[str, str] = text_map("noun_compounds")


@Language.component("cyberguide_lookup_lemmas")
def set_lookup_lemmas(doc: Doc) -> Doc:
    previous = ""
    for token in doc:
        lower = token.lower_
        token.lemma_ = NOUN_COMPOUNDS.get(f"{previous} {lower}") or lemma_of(token.text)
        previous = lower
    return doc


# Numbers that are not "many" for the MANY token ("one message" is not repetition).
NOT_MANY: frozenset[str] = words("not_many")


def compile_pattern(pattern: str) -> list[dict[str, Any]]:
    """Turn one line of the patterns' mini-syntax (see patterns/signals.yml) into a Matcher pattern."""
    tokens: list[dict[str, Any]] = []
    for raw in str(pattern).split():
        optional = raw.endswith("?") and len(raw) > 1
        word = raw[:-1] if optional else raw
        if word == "_":
            spec: dict[str, Any] = {}
        elif word == "NUM":
            spec = {"LIKE_NUM": True}
        elif word == "MANY":  # a number above one: "3 times", "forty calls", not "one message"
            spec = {"LIKE_NUM": True, "LOWER": {"NOT_IN": sorted(NOT_MANY)}}
        elif word.startswith("="):  # exact word forms, not lemmas: "=was|were" (where tense matters)
            spec = {"LOWER": {"IN": sorted({alt.lower() for alt in word[1:].split("|") if alt})}}
        else:
            alternatives = sorted({lemma_of(alt) for alt in word.split("|") if alt})
            spec = {"LEMMA": {"IN": alternatives}}
        if optional:
            spec["OP"] = "?"
        tokens.append(spec)
    return tokens


@dataclass(frozen=True)
class Pipeline:
    """The loaded spaCy pipeline and every matcher the engine uses."""

    nlp: Language
    signals: RuleMatcher
    relationships: RuleMatcher
    ages: RuleMatcher
    platforms: PhraseMatcher
    places: PhraseMatcher  # place names in any case, one label; `place_keys` gives the name
    place_keys: dict[tuple[str, ...], str]  # lower-cased words -> key in `place_vocabulary.any_case`
    place_short_forms: PhraseMatcher  # exact-case short forms ("TX", "LA", "Ore."), labelled by their key
    place_vocabulary: PlaceVocabulary
    negation: dict[str, Any]

    def place_matches(self, doc: Doc) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
        """Place names (any case) and short forms (exact case) in `doc`, as (key, start, end)."""
        names = [
            (self.place_keys[key], start, end)
            for _, start, end in self.places(doc)
            if (key := tuple(t.lower_ for t in doc[start:end])) in self.place_keys
        ]
        strings = self.nlp.vocab.strings
        return names, [(strings[match_id], start, end) for match_id, start, end in self.place_short_forms(doc)]


def load_patterns(name: str) -> dict[str, Any]:
    """One file of patterns/ as loaded from YAML (the conversation layer reads people.yml's replies)."""
    return yaml.safe_load((PATTERNS_DIR / name).read_text(encoding="utf-8"))


def expand_first(tokens: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Spell out a pattern's first token, one pattern per alternative.

    The Matcher tries every pattern at every token. A plain `{"LEMMA": "keep"}` is a cheap check
    inside spaCy; an `{"IN": [...]}` set is a Python call. Starting each pattern with a plain
    word keeps the per-document work inside spaCy (sets further in are only read after the
    first word matched). An optional first token becomes the pattern with and without it.
    """
    if not tokens:
        return []
    first, rest = tokens[0], tokens[1:]
    if first.get("OP") == "?":
        required = {k: v for k, v in first.items() if k != "OP"}
        return expand_first([required, *rest]) + expand_first(rest)
    for attr in ("LEMMA", "LOWER"):
        value = first.get(attr)
        if isinstance(value, dict) and set(value) == {"IN"}:
            return [[{**first, attr: alt}, *rest] for alt in value["IN"]]
    return [tokens]


PLACE_LABEL = "PLACE"
PHRASE_LIMIT = 400  # spell a pattern out as fixed phrases when it has at most this many


def as_phrases(tokens: list[dict[str, Any]]) -> list[tuple[str, ...]] | None:
    """Every fixed lemma sequence a pattern matches, when it is only words, alternatives and
    optional words (no `_`, NUM or exact forms) and there are not too many; otherwise None."""
    phrases: list[tuple[str, ...]] = [()]
    for spec in tokens:
        keys = set(spec) - {"OP"}
        if keys != {"LEMMA"} or spec.get("OP") not in (None, "?"):
            return None
        value = spec["LEMMA"]
        alternatives = list(value["IN"]) if isinstance(value, dict) else [value]
        if spec.get("OP") == "?":
            alternatives.append("")
        phrases = [p + ((alt,) if alt else ()) for p in phrases for alt in alternatives]
        if len(phrases) > PHRASE_LIMIT:
            return None
    return [p for p in phrases if p]


class RuleMatcher:
    """The patterns of one file, matched per document: fixed phrases by a hashed PhraseMatcher
    on lemmas, the rest (wildcards, numbers, exact forms) by a Matcher. Called like a Matcher.

    With `by_first_word`, the Matcher's patterns are also kept in one Matcher per first word
    (its lemma) and one for a first number (with, for a number word that also starts patterns
    of its own, "one", one Matcher for both kinds), and each is given only the stretches of the
    document where its first word is (and as many tokens after as its longest pattern): spaCy's
    Matcher starts every pattern at every token it is given, so with some 800 patterns over the
    whole document that was a seventh of an account's time, and the common words' patterns over
    every token still most of the rest. The matches are the same; only their order across start
    tokens differs (the matches from one start come from one Matcher, in the whole Matcher's
    order), so it is for callers that sort the matches by position (`collect_signals`).
    """

    def __init__(self, vocab: Any, by_first_word: bool = False) -> None:
        self.vocab = vocab
        self.matcher = Matcher(vocab)
        self.phrases = PhraseMatcher(vocab, attr="LEMMA")
        self._seen: dict[str, set[tuple[str, ...]]] = {}
        self._by_first_word = by_first_word
        # Start group -> its Matcher and its longest pattern's length plus one. A group is a lemma
        # hash (the patterns starting with that lemma), NUMBER (those starting with a number), or
        # (NUMBER, lemma): a number with a lemma that starts patterns too, read by both kinds.
        self._groups: dict[Group, tuple[Matcher, int]] = {}
        self._order: list[tuple[str, list[dict[str, Any]], int | None]] = []  # (label, pattern, first lemma)
        self._indexed = by_first_word  # False once a pattern starts with anything else
        # Lemma group -> what must come after a start for one of its patterns to match there: for each
        # distance from the start, the lemma and lower-case form hashes a pattern's first required word
        # may be there, and whether a number may. None when some pattern requires no word after the start.
        self._needs: dict[int, dict[int, Need] | None] = {}

    def add(self, label: str, patterns: list[str]) -> None:
        rest: list[list[dict[str, Any]]] = []
        seen = self._seen.setdefault(label, set())
        docs = []
        for pattern in patterns:
            tokens = compile_pattern(pattern)
            phrases = as_phrases(tokens)
            if phrases is None:
                rest.extend(expand_first(tokens))
                continue
            for phrase in phrases:
                if phrase not in seen:
                    seen.add(phrase)
                    docs.append(Doc(self.vocab, words=list(phrase), lemmas=list(phrase)))
        if docs:
            self.phrases.add(label, docs)
        rest = [r for r in rest if r]
        if rest:
            self.matcher.add(label, rest)
            if self._by_first_word:
                self._index(label, rest)

    def _index(self, label: str, patterns: list[list[dict[str, Any]]]) -> None:
        """Add the patterns to the Matcher of their start group, in their order (so the matches from
        one start come in the whole Matcher's order)."""
        keyed: list[tuple[str, list[dict[str, Any]], int | None]] = []
        for tokens in patterns:
            first = tokens[0]
            if any(token.get("OP") in ("*", "+") for token in tokens):
                self._indexed = False  # it may run past any stretch: the whole Matcher reads the document
                return
            if set(first) == {"LEMMA"} and isinstance(first["LEMMA"], str):
                key: int | None = self.vocab.strings.add(first["LEMMA"])
            elif set(first) == {"LOWER"} and isinstance(first["LOWER"], str):
                key = self.vocab.strings.add(lemma_of(first["LOWER"]))  # the lemma such a word gets
            elif first.get("LIKE_NUM") is True and "OP" not in first:
                key = None
            else:
                self._indexed = False
                return
            keyed.append((label, tokens, key))
        self._order += keyed
        for _, tokens, key in keyed:
            self._add_to(NUMBER if key is None else key, label, tokens)
            if key is not None:
                self._add_need(key, tokens)
        for group in [g for g in self._groups if isinstance(g, tuple)]:
            del self._groups[group]  # built again, with these patterns too, when next needed

    def _add_need(self, group: int, tokens: list[dict[str, Any]]) -> None:
        """Note what a pattern of `group` needs after its first word, so a start after which none of
        the group's patterns can match is not given to its Matcher (most starts are common words:
        "he", "my", "have"; a Matcher call on a stretch costs some ten microseconds).

        The need is the pattern's first required word (not optional, not `_`): it comes after the
        required tokens before it and at most after all of them, so it is looked for at each of those
        distances from the start."""
        needs = self._needs.setdefault(group, {})
        if needs is None:
            return
        required_before = 1
        for place, spec in enumerate(tokens[1:], start=1):
            optional = spec.get("OP") == "?"
            need = None if optional else self._need_of(spec)
            if need is not None:
                for distance in range(required_before, place + 1):
                    lemmas, lowers, number = needs.get(distance, (frozenset(), frozenset(), False))
                    needs[distance] = (lemmas | need[0], lowers | need[1], number or need[2])
                return
            required_before += 0 if optional else 1
        self._needs[group] = None  # nothing required after the first word

    def _need_of(self, spec: dict[str, Any]) -> Need | None:
        """The words (lemma hashes, lower-case form hashes) or number a required token takes; None for any word."""
        if spec.get("LIKE_NUM") is True:
            return frozenset(), frozenset(), True
        if len(spec) != 1 or next(iter(spec)) not in ("LEMMA", "LOWER"):
            return None
        attr, value = next(iter(spec.items()))
        words = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
        if not words or (isinstance(value, dict) and set(value) != {"IN"}):
            return None
        hashes = frozenset(self.vocab.strings.add(word) for word in words)
        return (hashes, frozenset(), False) if attr == "LEMMA" else (frozenset(), hashes, False)

    def _number_with(self, lemma: int) -> tuple[Matcher, int]:
        """The group of a number whose lemma starts patterns as a word ("one"): both kinds, in the
        whole Matcher's order (built on first need; there are few such words)."""
        group = (NUMBER, lemma)
        if group not in self._groups:
            for label, tokens, first in self._order:
                if first is None or first == lemma:
                    self._add_to(group, label, tokens)
        return self._groups[group]

    def _add_to(self, group: Group, label: str, tokens: list[dict[str, Any]]) -> None:
        matcher, reach = self._groups.get(group) or (Matcher(self.vocab), 0)
        matcher.add(label, [tokens])
        # One token more than the longest pattern, so a match at the last start is read as in the whole document.
        self._groups[group] = (matcher, max(reach, len(tokens) + 1))

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        return list(self.phrases(doc)) + self._matches(doc)

    def _matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not self._indexed:
            return list(self.matcher(doc))
        groups = self._groups
        starts: dict[Group, list[int]] = {}  # start group -> the places where its patterns may start
        numbers = doc.to_array(LIKE_NUM).tolist()
        lemmas = doc.to_array(LEMMA).tolist()
        lowers = doc.to_array(LOWER).tolist()
        needs = self._needs
        for place, (lemma, number) in enumerate(zip(lemmas, numbers, strict=True)):
            if number:
                group: Group = (NUMBER, lemma) if lemma in groups else NUMBER
                if group not in groups and not isinstance(group, tuple):
                    continue
            elif lemma in groups:
                group = lemma
                after = needs.get(lemma)
                if after is not None and not _needed_after(after, place, lemmas, lowers, numbers):
                    continue
            else:
                continue
            starts.setdefault(group, []).append(place)
        found: list[tuple[int, int, int]] = []
        for group, places in starts.items():
            # The group's patterns start only at its places: its Matcher is given the stretches that cover
            # them (spaCy's Matcher costs about a quarter of a microsecond a token and a microsecond a call),
            # and only its matches that start at its places are its own (the Matcher of a word may also
            # start at that word as a number, the numbers' Matcher at a number word of a group of its own).
            matcher, reach = self._number_with(group[1]) if isinstance(group, tuple) else groups[group]
            own = set(places)
            for first, end in _stretches(places, reach, len(lemmas)):
                # allow_missing: the stretch has a lemma that starts patterns, so the document has lemmas
                # (spaCy's check scans the document for one)
                for key, start, stop in matcher(doc[first:end], allow_missing=True):
                    if first + start in own:
                        found.append((key, first + start, first + stop))
        return found

    def __len__(self) -> int:
        return len(self.matcher) + len(self.phrases)


Need = tuple[frozenset[int], frozenset[int], bool]  # lemma hashes, lower-case form hashes, a number


def _needed_after(after: dict[int, Need], place: int, lemmas: list[int], lowers: list[int], numbers: list[int]) -> bool:
    """Whether, at some distance after `place`, the document has a word (or a number) one of the start's
    patterns needs there."""
    for distance, (needed_lemmas, needed_forms, a_number) in after.items():
        at = place + distance
        if at < len(lemmas) and (
            lemmas[at] in needed_lemmas or lowers[at] in needed_forms or (a_number and numbers[at])
        ):
            return True
    return False


NUMBER = -1  # the start group of patterns that start with a number (no lemma hash is negative)
Group = int | tuple[int, int]


def _stretches(starts: list[int], reach: int, length: int) -> list[tuple[int, int]]:
    """Token ranges that give each start `reach` tokens (or the rest of the document); ranges that
    nearly meet are joined, as a call costs about as much as a few tokens."""
    stretches: list[tuple[int, int]] = []
    first, end = starts[0], min(length, starts[0] + reach)
    for start in starts[1:]:
        if start > end + STRETCH_GAP:
            stretches.append((first, end))
            first = start
        end = min(length, start + reach)
    stretches.append((first, end))
    return stretches


AGE_SUFFIX = r"(?<=[0-9])(?:yo|y/o|yrs|yr)"
PLUS_SUFFIX = r"(?<=[0-9])\+"  # "30+ times": the number and its plus apart, so the number is read as one
STRETCH_GAP = 4  # tokens between two stretches below which they are matched as one


def _add_all(matcher: RuleMatcher, label: str, patterns: list[str]) -> None:
    matcher.add(label, patterns)


def build_pipeline(vocabulary: PlaceVocabulary | None = None) -> Pipeline:
    """Build the pipeline and compile all patterns (about a second; call once per process)."""
    vocabulary = vocabulary or get_vocabulary()
    nlp = spacy.blank("en")
    nlp.add_pipe("cyberguide_lookup_lemmas")
    nlp.max_length = 2_000_000
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    # An age written onto its number ("my 13yo", "15yrs") splits as spaCy splits "5km": the age patterns
    # ("NUM yo") then read it; so does "30+" ("MANY +? times").
    suffixes = list(cast(Iterable[str], nlp.Defaults.suffixes))
    tokenizer.suffix_search = compile_suffix_regex([*suffixes, AGE_SUFFIX, PLUS_SUFFIX]).search

    signals_data = load_patterns("signals.yml")
    signals = RuleMatcher(nlp.vocab, by_first_word=True)  # collect_signals sorts its matches
    for name, patterns in signals_data["signals"].items():
        _add_all(signals, name, patterns)

    people = load_patterns("people.yml")
    relationships = RuleMatcher(nlp.vocab)
    for name, patterns in people["relationships"].items():
        _add_all(relationships, name, patterns)
    ages = RuleMatcher(nlp.vocab)
    for name, patterns in people["ages"].items():
        _add_all(ages, name, patterns)

    platforms = PhraseMatcher(nlp.vocab, attr="LOWER")
    for name, aliases in people["platforms"].items():
        platforms.add(name, list(tokenizer.pipe([str(w) for w in aliases])))

    # Every place name once under one label (adding 12,000 labels would cost half a second at
    # start-up); a match is turned back into its name's key by its lower-cased words. What a match
    # may mean is settled by bot.triage.extract.place (an abbreviation such as "OK" or "ME" needs
    # capitals and a place word or city before it, so ordinary text is left alone).
    places = PhraseMatcher(nlp.vocab, attr="LOWER")
    place_keys: dict[tuple[str, ...], str] = {}
    spellings = [(key, spelling) for key, name in vocabulary.any_case.items() for spelling in name.spellings]
    patterns = list(tokenizer.pipe(spelling for _, spelling in spellings))
    for (key, _), pattern in zip(spellings, patterns, strict=True):
        place_keys.setdefault(tuple(t.lower_ for t in pattern), key)
    places.add(PLACE_LABEL, patterns)
    short_forms = PhraseMatcher(nlp.vocab, attr="ORTH")
    for key in vocabulary.exact:
        short_forms.add(key, [tokenizer(key)])
    _speller()  # built at start-up, not on the first message with an unknown word (about 0.7 s)
    return Pipeline(
        nlp=nlp,
        signals=signals,
        relationships=relationships,
        ages=ages,
        platforms=platforms,
        places=places,
        place_keys=place_keys,
        place_short_forms=short_forms,
        place_vocabulary=vocabulary,
        negation=signals_data["negation"],
    )


@lru_cache(maxsize=1)
def get_pipeline() -> Pipeline:
    return build_pipeline()
