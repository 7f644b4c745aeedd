"""The triage engine: a person's account in, an :class:`Assessment` out.

`nlp` builds the spaCy pipeline, `extract` finds the facts in the words, `rubric` applies
`../shared/triage-rubric.md` to them. `assess` is the one entry point every channel uses.
"""

from bot.triage.models import Assessment, Evidence, Facts, Reason
from bot.triage.rubric import assess, decide

__all__ = ["Assessment", "Evidence", "Facts", "Reason", "assess", "decide"]
