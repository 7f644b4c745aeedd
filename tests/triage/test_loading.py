"""Loading the engine up front: what a batch reads is loaded once and kept out of the collector's walks."""

from __future__ import annotations

import gc

from bot.triage.loading import load_triage_engine
from bot.triage.rubric import assess


def test_loading_freezes_the_engine_and_assessing_still_works() -> None:
    gc.unfreeze()
    try:
        load_triage_engine(with_knowledge=False)
        assert gc.get_freeze_count() > 100_000  # the pipeline and the second opinion, not a handful
        assert assess("he is outside my door right now", with_knowledge=False).risk == "emergency"
    finally:
        gc.unfreeze()
