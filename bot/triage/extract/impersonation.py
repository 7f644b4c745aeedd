"""Getting into someone's account and posting from it is posing as them.

"He logged into my Facebook and messaged my friends as me" has no impersonation words, yet it
is impersonation: this rule adds it from an account-compromise sentence that also posts.
"""

from __future__ import annotations

from spacy.tokens import Doc

from bot.triage.lexicon import words
from bot.triage.models import Evidence

ACCOUNT_ACCESS_LEMMAS = words("account_access_lemmas")
POSTING_LEMMAS = words("posting_lemmas")


def posted_from_account(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """Add impersonation from the first account-compromise sentence that both gets in and posts."""
    if found.get("impersonation") or not found.get("account_compromise"):
        return
    for evidence in found["account_compromise"]:
        lemmas = {t.lemma_ for t in doc if sentences[t.i] == evidence.sentence}
        if lemmas & ACCOUNT_ACCESS_LEMMAS and lemmas & POSTING_LEMMAS:
            found.setdefault("impersonation", []).append(Evidence("impersonation", evidence.quote, evidence.sentence))
            return
