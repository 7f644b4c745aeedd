"""Typos read as the word meant before the rules match: "folowing" as following, "threatend" as
threatened, "harrasing" as harassing, "waht" as what.

People in distress type fast, on a phone. The rules match lemmas, so one slipped letter used to
hide a whole signal. A word is corrected only when it is in neither symspellpy's English word list
(82,765 words from Google's n-gram counts, shipped in the wheel: nothing is downloaded) nor the
words cyberguide knows (its patterns, place names and platform names), and only to a form of a
word the patterns read, within one slip of the fingers (a letter added or dropped, or two
neighbours swapped), or two for a word of eight letters or more; where several words are that
close, the more common in English wins. A changed letter does not count as a slip, nor a changed
first letter: on words from 1,500 accounts, those were slang and new words, not typos ("sexting"
read as setting, "reposted" as reported, "unfollowed" as followed). Names are left alone: a word
written with a capital and then small letters ("Jaxon") is never corrected, nor a word with a
digit or an apostrophe, nor one of three letters or fewer ("hte", "u": texting spellings are
`patterns/lexicon.yml`'s job).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from symspellpy import SymSpell, Verbosity

SHORTEST = 4  # letters: shorter words have too many neighbours one edit away
TWO_EDITS_FROM = 8  # letters: from this length a word may be two edits from the one meant
ENGLISH_WORDS_FILE = "frequency_dictionary_en_82_765.txt"


@lru_cache(maxsize=1)
def english_word_counts() -> Mapping[str, int]:
    """symspellpy's English word list with each word's count (how common it is), read once per process."""
    text = resources.files("symspellpy").joinpath(ENGLISH_WORDS_FILE).read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    for line in text.splitlines():
        word, _, count = line.partition(" ")
        if word and count.isdigit():
            counts[word] = int(count)
    return counts


class Speller:
    """Corrects a word to the domain word it most likely stands for, or says it cannot tell."""

    def __init__(self, targets: Iterable[str], known: Iterable[str], counts: Mapping[str, int]) -> None:
        self._known = frozenset(known) | frozenset(counts)
        self._symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word in set(targets):
            # Ranked by how common the word is in English (a word the list lacks counts once).
            self._symspell.create_dictionary_entry(word, counts.get(word, 1))

    def has_strangers(self, text: str) -> bool:
        """Whether the lower-cased text has a word long enough to correct that is no word already: one
        set difference, so a text with none costs no word-by-word reading."""
        return any(len(word) >= SHORTEST for word in set(WORD.findall(text)) - self._known)

    def correct(self, word: str) -> str | None:
        """The word `word` most likely stands for, lower-cased; None when it is a word already, a name,
        too short to tell, or nothing the patterns read is close enough."""
        if len(word) < SHORTEST or not word.isalpha() or (word[0].isupper() and word[1:].islower()):
            return None
        lower = word.lower()
        if lower in self._known:
            return None
        reach = 2 if len(lower) >= TWO_EDITS_FROM else 1
        found = self._symspell.lookup(lower, Verbosity.CLOSEST, max_edit_distance=reach)
        slips = [item for item in found if is_slip(lower, item.term, item.distance)]
        return max(slips, key=lambda item: item.count).term if slips else None


WORD = re.compile(r"[^\W\d_]+")


def corrected_text(text: str, speller: Speller) -> str:
    """`text` with each word the speller corrects replaced by the word meant (lower-cased), the rest
    as written: what a classifier of whole messages reads ("waht shuold i do" as "what should i do")."""
    return WORD.sub(lambda match: speller.correct(match.group()) or match.group(), text)


def is_slip(typed: str, meant: str, distance: int) -> bool:
    """Whether `typed` is `meant` with letters added, dropped, or two neighbours swapped (`distance`
    of them), the first letter kept: the way fingers slip, unlike a changed letter, which more
    often makes another word."""
    if not typed or not meant or typed[0] != meant[0]:
        return False
    if len(typed) == len(meant) and distance == 1:
        differ = [i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b]
        return len(differ) == 2 and differ[1] == differ[0] + 1 and typed[differ[0]] == meant[differ[1]]
    common = sum(block.size for block in SequenceMatcher(None, typed, meant, autojunk=False).get_matching_blocks())
    return len(typed) + len(meant) - 2 * common == distance


def domain_forms(words: Iterable[str], base_form: Callable[[str], str], english: Iterable[str]) -> set[str]:
    """The words, their base forms, and every English word with one of those base forms ("follow"
    gives follows, followed, following): what a typo may be corrected to."""
    words = set(words)
    bases = {base_form(word) for word in words}
    return words | bases | {form for form in english if base_form(form) in bases}


def pattern_words(data: object) -> set[str]:
    """The lower-case words in a patterns file as loaded from YAML (alternatives, optional words and
    exact forms spelled out; `_`, NUM and MANY are not words)."""
    found: set[str] = set()
    if isinstance(data, Mapping):
        for key, value in data.items():
            found |= pattern_words(key) | pattern_words(value)
    elif isinstance(data, list):
        for item in data:
            found |= pattern_words(item)
    elif isinstance(data, str):
        for piece in data.replace("|", " ").split():
            word = piece.strip("=?").lower()
            if word.isalpha():
                found.add(word)
    return found
