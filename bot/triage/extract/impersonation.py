"""Getting into someone's account and posting from it is posing as them.

"He logged into my Facebook and messaged my friends as me" has no impersonation words, yet it
is impersonation: this rule adds it from an account-compromise sentence that also posts. Posting
the user's own content ("posted my private chats", "sent himself my pics", "forwarding my
messages") exposes them; it is not posing as them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.triage.lexicon import words
from bot.triage.models import Evidence

ACCOUNT_ACCESS_LEMMAS = words("account_access_lemmas")
POSTING_LEMMAS = words("posting_lemmas")
EXPOSED_CONTENT = words("exposed_content")
REFLEXIVES = frozenset({"himself", "herself", "themselves", "themself"})


def posted_from_account(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """Add impersonation from the first account-compromise sentence that both gets in and posts."""
    if found.get("impersonation") or not found.get("account_compromise"):
        return
    for evidence in found["account_compromise"]:
        tokens = [t for t in doc if sentences[t.i] == evidence.sentence]
        lemmas = {t.lemma_ for t in tokens}
        if lemmas & ACCOUNT_ACCESS_LEMMAS and _posts_as_user(tokens):
            found.setdefault("impersonation", []).append(Evidence("impersonation", evidence.quote, evidence.sentence))
            return


def _posts_as_user(tokens: list[Token]) -> bool:
    """A posting verb that sends something out as the user, not the user's own content exposed."""
    for i, token in enumerate(tokens):
        if token.lemma_ not in POSTING_LEMMAS or (i and tokens[i - 1].lower_ in {"my", "our"}):
            continue  # "my messages" is a thing, not someone posting
        after = [t.lower_ for t in tokens[i + 1 : i + 5]]
        if set(after) & REFLEXIVES:
            continue  # "sent himself my pics"
        if any(w in {"my", "our"} and nxt in EXPOSED_CONTENT for w, nxt in zip(after, [*after[1:], ""], strict=True)):
            continue  # "posted my private chats"
        if any(w in {"private", "personal"} for w in after):
            continue
        return True
    return False
