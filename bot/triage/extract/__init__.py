"""Find the facts in a person's own account: behaviours, who, how old, where, and danger.

Matching is done by the spaCy pipeline in :mod:`bot.triage.nlp`; this package decides which
matches count: it drops negated ones ("no threats so far"), past or habitual "danger"
("he was outside my house last week"), self-harm words that quote the abuser ("told me
to kill myself"), and places where someone else lives ("he moved to Ohio").

One module per job, run in order by :class:`Extractor`:

- ``text``: clean the account, number its sentences
- ``negation``: is a match negated
- ``signals``: which signal matches count (with ``context`` rules per signal)
- ``danger``: danger now, not past, habit or later
- ``self_harm``: whose self-harm words, and whether "now"
- ``impersonation``: posting from a broken-into account
- ``people``, ``age``, ``place``: who is doing it, how old the user is, where they live

The words the rules read are in ``patterns/lexicon.yml`` (see :mod:`bot.triage.lexicon`).
"""

from __future__ import annotations

from bot.triage.extract.extractor import Extractor, extract_facts, extract_open_place, extract_place
from bot.triage.extract.text import clean_text

__all__ = ["Extractor", "clean_text", "extract_facts", "extract_open_place", "extract_place"]
