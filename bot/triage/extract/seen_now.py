"""Seeing now, confirmed: a message just received about the user, and the user saying it is true now.

People show that a message could only come from someone watching by confirming it in their own
words: "Someone just texted 'you shouldn't leave your back gate open'. I went to look and it IS
open.", "...'red suits you'. I'm wearing red.", "'you dropped your glove by the bins'. i did. im
still by the bins". No word list of what a watcher might mention can foresee these; the user's
confirmation, right after a fresh message, says it instead. A sentence is such a message when it
reports a message (sent, texted, commented...), quotes it, and says it is fresh ("just", "2 mins
ago"); one of the next two sentences confirms it in the present ("I'm wearing", "I'm still at",
"we're in ... right now", "I did", an emphatic "it IS"). The words are data (`patterns/lexicon.yml`,
section "seen now"). Danger-language.md calls this "seeing now": an emergency.
"""

from __future__ import annotations

from spacy.tokens import Doc

from bot.triage.extract.tense import past_ago, recent
from bot.triage.extract.text import by_sentence, token_words
from bot.triage.lexicon import words
from bot.triage.models import Evidence
from bot.triage.nlp import lemma_of

REPORTS = words("danger_reports")
FRESH = words("seen_now_fresh")
QUOTES = words("quote_marks") - {":"}
PAST_ANCHORS = words("danger_past_anchors") | words("seen_now_past")
USER = words("seen_now_user")
WEARING = words("seen_now_wearing")
STILL_AT = words("seen_now_still_at")
NOW = words("seen_now_now")
TODAY = words("seen_now_today")
# After "I'm" / "we're": where the user is ("we're in the park right now", "I'm home alone now").
WHERE_USER_IS = words("place_prepositions") | words("seen_now_where")
FOLLOWING = 2  # sentences read after the message for the user's confirmation


def add_confirmed_sightings(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """Add `danger_now` for a fresh quoted message that the user confirms is true right now."""
    read = token_words(doc)
    positions = by_sentence(sentences)
    grouped = {number: [read.lowers[i] for i in at] for number, at in positions.items()}
    texts = {number: [read.texts[i] for i in at] for number, at in positions.items()}
    for number, said in grouped.items():
        if not _fresh_message(said):
            continue
        if any(_confirms(grouped.get(n, []), texts.get(n, [])) for n in range(number + 1, number + 1 + FOLLOWING)):
            quote = " ".join(texts[number])
            found.setdefault("danger_now", []).append(Evidence("danger_now", quote, number))
            return


def _fresh_message(said: list[str]) -> bool:
    """A quoted message reported as just received ("just texted 'nice hoodie'", "a photo 2 mins ago")."""
    reported = any(word in REPORTS or lemma_of(word) in REPORTS for word in said)
    fresh = bool(set(said) & FRESH) or recent(said)
    # ("five minutes ago" is fresh; "two years ago" is a past anchor)
    dated = bool(set(said) & (PAST_ANCHORS - {"ago"})) or past_ago(said)
    return reported and fresh and bool(set(said) & QUOTES) and not dated


def _earlier_today(rest: list[str]) -> bool:
    """ "that this evening", "it an hour ago", "that just now": what the user did, earlier today."""
    content = [word for word in rest if word.isalnum()]
    return len(content) <= 5 and (bool(set(content) & TODAY) or recent(content))


def _confirms(said: list[str], written: list[str]) -> bool:
    """The user saying, in the present, that what the message said is so."""
    if not said or set(said) & PAST_ANCHORS:
        return False
    if said[:2] == ["i", "did"] and (len(said) <= 4 or _earlier_today(said[2:])):
        return True  # "i did." / "I did!" / "I did that this evening."
    if any(w == "IS" for w in written):
        return True  # "it IS open", "that IS my address": the emphasis is the confirmation
    users = set(said) & USER
    if users and set(said) & WEARING:
        return True  # "I'm wearing red", "my date is wearing a blue shirt"
    for i, word in enumerate(said):
        if word == "still" and i + 1 < len(said) and said[i + 1] in STILL_AT and users:
            return True  # "I'm still at the stop", "im still by the bins"
    # "we're in the park right now": where the user is now (not "but now I'm curious": a feeling)
    return (
        bool(users)
        and bool(set(said) & NOW)
        and any(
            w in {"'re", "re", "are", "'m", "m", "am"} and bool(set(said[i + 1 : i + 4]) & WHERE_USER_IS)
            for i, w in enumerate(said)
        )
    )
