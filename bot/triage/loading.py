"""Load the triage engine before the first account, for processes that assess many.

The spaCy pipeline, the second opinion and the knowledge base are built on first use and kept
for the life of the process: about 600,000 Python objects. Python's collector would otherwise
walk all of them on every full collection while accounts are read (3% of the CLI's time on
`make bench`); `gc.freeze()` moves what exists after loading out of its reach. Nothing loaded
here is ever freed, so nothing is lost by freezing it.
"""

from __future__ import annotations

import gc


def load_triage_engine(*, with_knowledge: bool = True) -> None:
    """Build everything `assess` needs (one short account read end to end), then freeze it."""
    from bot.triage.rubric import assess

    assess("he keeps texting me in Texas", with_knowledge=with_knowledge)
    gc.freeze()
