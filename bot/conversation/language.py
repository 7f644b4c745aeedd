"""Whether a message is written in English: cyberguide reads only English, and says so kindly.

A message in another language ("hola, necesito ayuda") would otherwise be read as a greeting
or as nothing at all, and the person would get an English reply that ignores them. Two
readers must agree before a message counts as another language, because short English
texting ("ur dead m8", "idk", "pls") looks foreign to either one alone:

- the share of its words that are English: spaCy's English lookup tables (every inflected form
  and its lemma), spaCy's English stop words, the place names the engine reads (not the small
  towns', which hold words of every language), the triage lexicon's words (which hold the
  texting spellings people really send: "ur", "pls", "hes"), and the words of the NLU's examples
  that are mostly English already (some examples are in other languages on purpose).
- langdetect (a port of Google's language-detection library, its profiles shipped with it),
  sure of a language that is not English.

Writing mostly in a non-Latin script (Cyrillic, Arabic, Devanagari, Chinese...) is read as
another language on its own. One or two words are never judged: they go to the NLU as usual.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.lookups import Table, load_lookups

from bot.place_names import get_vocabulary
from bot.settings import REPO_ROOT
from bot.triage.lexicon import get_lexicon
from bot.triage.second_opinion import nlu_examples

NLU_DIR = REPO_ROOT / "data" / "nlu"
MIN_WORDS = 3  # fewer words than this are not judged
SHORT = 4  # fewer words than this count as another language only with no English word in them
ENGLISH_ENOUGH = 0.5  # at least this share of English words: English, whatever else is said
SURE = 0.95  # langdetect's probability for a language other than English
NON_LATIN_SHARE = 0.5  # share of letters outside the Latin script that makes a message foreign
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@lru_cache(maxsize=1)
def _inflected_forms() -> Table:
    """spaCy's English lemma lookup: every inflected form it knows (a table keyed by hashes)."""
    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """English words: spaCy's lookup lemmas and stop words, the place names and lexicon words the
    engine reads, and the words of the NLU's examples that are mostly English already ("ok", "bye",
    "bein": how people really write; an example in another language adds nothing)."""
    base = _base_words()
    words = set(base)
    for example in nlu_examples(sorted(NLU_DIR.glob("*.yml"))):
        found = [word.lower() for word in _WORD.findall(example)]
        if found and sum(1 for word in found if _known(word, base)) / len(found) >= 0.75:
            words |= set(found)
    return frozenset(words)


@lru_cache(maxsize=1)
def _base_words() -> frozenset[str]:
    words = {str(value).lower() for value in _inflected_forms().values()}
    words |= {  # "leeds not manchester"; not the small towns, whose names hold words of every language ("Chandan Hola")
        word
        for name, place in get_vocabulary().any_case.items()
        if any(reading.kind != "town" for reading in place.readings)
        for word in _WORD.findall(name)
    }
    lexicon = get_lexicon()
    for listed in [*lexicon.sets.values(), *(mapping.keys() for mapping in lexicon.maps.values())]:
        words |= {word.lower() for entry in listed for word in _WORD.findall(entry)}
    return frozenset(words | STOP_WORDS)


def _non_latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "LATIN" not in unicodedata.name(c, "")) / len(letters)


def _known(word: str, words: frozenset[str]) -> bool:
    """In `words`, or an inflected form spaCy's English lookup knows."""
    return word in words or word in _inflected_forms()


def is_english_word(word: str) -> bool:
    return any(_known(form, english_words()) for form in {word.lower(), word.lower().replace("'", "")})


def english_share(words: list[str]) -> float:
    return sum(1 for word in words if is_english_word(word)) / len(words)


def other_language(text: str) -> bool:
    """True when the message is clearly not English (see the module docstring); unsure means English."""
    if _non_latin_share(text) >= NON_LATIN_SHARE:
        return True
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return False
    share = english_share(words)
    # (Three words judge only with no English word at all: "im bein harrased" is English with typos.)
    if share >= ENGLISH_ENOUGH or (len(words) < SHORT and share > 0):
        return False
    DetectorFactory.seed = 0  # (langdetect samples at random: the same message, the same answer)
    try:
        best = detect_langs(text)[0]
    except LangDetectException:  # no features it can read
        return False
    return best.lang != "en" and best.prob >= SURE
