"""Abuse by composition: someone saying or posting something demeaning about the user.

The phrase patterns for insults need set word orders ("call me a slut"); people write "keeps posting
in the family chat that I'm a junkie and a bad mum" or "made polls like 'who's the ugliest in year
8' and I win every time". Here a sentence is abusive when a verb of saying or posting, not done by
the user, stands with a demeaning word and a word that aims it at the user or their child ("me",
"my", "I'm", "him"). The words are data (`patterns/lexicon.yml`, section "abuse").
"""

from __future__ import annotations

from spacy.tokens import Doc

from bot.triage.extract.text import by_sentence, token_words
from bot.triage.lexicon import words
from bot.triage.models import Evidence

SAYING = words("abuse_saying_lemmas")
DEMEANING = words("abuse_demeaning")
AIMED = words("abuse_aimed")
USER_SUBJECTS = words("user_subjects")


AIM_WINDOW = 4  # words read before the demeaning word for whom it is aimed at ("that I'm a junkie")


def _aimed_at(lowers: list[str], k: int) -> bool:
    """A demeaning word with a word aiming it at the user or their child just before it (not "calling
    my video trash": "it" is the video)."""
    return lowers[k] in DEMEANING and bool(set(lowers[max(0, k - AIM_WINDOW) : k]) & AIMED)


def add_composed_abuse(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """Add `insults` evidence for each sentence where someone says or posts something demeaning about the user."""
    read = token_words(doc)
    every, lemmas = read.lowers, read.lemmas
    for number, positions in by_sentence(sentences).items():
        lowers = [every[i] for i in positions]
        if not set(lowers) & DEMEANING or not set(lowers) & AIMED:
            continue
        # the demeaning word is what was said, so it comes after the verb ("weird email threatening to
        # send..." is the user's word for the email)
        said = [
            k for k, i in enumerate(positions) if lemmas[i] in SAYING and (k == 0 or lowers[k - 1] not in USER_SUBJECTS)
        ]
        if said and any(_aimed_at(lowers, k) for k in range(said[0] + 1, len(lowers))):
            text = doc[positions[0] : positions[-1] + 1].text.strip()
            found.setdefault("insults", []).append(Evidence("insults", text, number))
