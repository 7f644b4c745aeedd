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

from bot.triage.extract.text import token_words
from bot.triage.lexicon import words
from bot.triage.models import Evidence

PUBLISHING = words("publishing_about_lemmas")
ABOUT_USER = words("publishing_about_user")
AUDIENCES = words("publishing_audiences")
USER_SUBJECTS = words("user_subjects")
NEGATIONS = frozenset({"not", "n't", "never", "nt"})
# "posts", "post" after these ("my posts", "no posts", "LinkedIn posts"): the noun, not someone posting.
NOUN_FORMS = frozenset({"post", "posts", "share", "shares", "upload", "uploads", "leak", "leaks", "repost", "reposts"})
NOUN_BEFORE = words("publishing_noun_before")
ONLINE_WORDS = words("online_words")
WINDOW = 8  # words read after the publishing verb for the user or theirs


def add_composed_publishing(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """Add `published_about_user` evidence for each sentence where someone else posts the user or theirs."""
    read = token_words(doc)
    lowers, lemmas = read.lowers, read.lemmas
    audience_sentences = {
        number
        for number, lower, lemma in zip(sentences, lowers, lemmas, strict=True)
        if lower in AUDIENCES or lemma in AUDIENCES
    }
    if not audience_sentences:
        return
    done: set[int] = set()
    for i, lemma in enumerate(lemmas):
        number = sentences[i]
        if number in done or number not in audience_sentences or lemma not in PUBLISHING:
            continue
        before = set(lowers[max(0, i - 3) : i])
        if before & (USER_SUBJECTS | NEGATIONS):
            continue  # "I posted a photo", "he didn't post it"
        if i and lowers[i] in NOUN_FORMS and (lowers[i - 1] in NOUN_BEFORE or lowers[i - 1] in ONLINE_WORDS):
            continue  # "my LinkedIn posts about my new business", "an account with no posts": a thing, not an act
        after = [j for j in range(i + 1, min(len(lemmas), i + 1 + WINDOW)) if sentences[j] == number]
        if any(lowers[j] in ABOUT_USER for j in after):
            end = after[-1]
            found.setdefault("published_about_user", []).append(
                Evidence("published_about_user", doc[i : end + 1].text, number)
            )
            done.add(number)
