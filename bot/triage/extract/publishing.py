"""Publishing about the user by composition: someone else putting the user, their home or their
child in front of an audience.

The insult patterns need a demeaning word; people write "keeps posting TikToks of me gardening",
"posted in the class WhatsApp that my son is a bully", "put a photo of our house on the town
page". The rubric counts humiliating or defamatory posts as harassment even when no single word is
an insult. Here a sentence is such a post when a verb of publishing, not done by the user, is
followed within a few words by the user or theirs ("me", "my son", "that I'm", "our house") and
the sentence names where others see it (a group, a page, TikTok, the comments). The words are data
(`patterns/lexicon.yml`, section "publishing").
"""

from __future__ import annotations

from spacy.tokens import Doc

from bot.triage.lexicon import words
from bot.triage.models import Evidence

PUBLISHING = words("publishing_about_lemmas")
ABOUT_USER = words("publishing_about_user")
AUDIENCES = words("publishing_audiences")
USER_SUBJECTS = words("user_subjects")
NEGATIONS = frozenset({"not", "n't", "never", "nt"})
WINDOW = 8  # words read after the publishing verb for the user or theirs


def add_composed_publishing(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """Add `published_about_user` evidence for each sentence where someone else posts the user or theirs."""
    audience_sentences = {sentences[t.i] for t in doc if t.lower_ in AUDIENCES or t.lemma_ in AUDIENCES}
    done: set[int] = set()
    for i, token in enumerate(doc):
        number = sentences[i]
        if number in done or number not in audience_sentences or token.lemma_ not in PUBLISHING:
            continue
        before = {t.lower_ for t in doc[max(0, i - 3) : i]}
        if before & (USER_SUBJECTS | NEGATIONS):
            continue  # "I posted a photo", "he didn't post it"
        after = [t for t in doc[i + 1 : i + 1 + WINDOW] if sentences[t.i] == number]
        if any(t.lower_ in ABOUT_USER for t in after):
            end = after[-1].i
            found.setdefault("published_about_user", []).append(
                Evidence("published_about_user", doc[i : end + 1].text, number)
            )
            done.add(number)
