"""The processes that never run Rasa load spaCy without TensorFlow (`bot.tensorflow_out`)."""

from __future__ import annotations

import subprocess
import sys

from bot.settings import REPO_ROOT

PROBE = """
import sys
{keep}
import spacy
from thinc.compat import has_tensorflow
doc = spacy.blank("en")("he is outside my house")
print(len(doc), has_tensorflow, sys.modules.get("tensorflow") is not None)
"""


def _run(keep: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(keep=keep)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return " ".join(done.stdout.split()[-3:])


def test_spacy_works_without_tensorflow_when_kept_out() -> None:
    assert _run("from bot.tensorflow_out import keep_tensorflow_out; keep_tensorflow_out()") == "5 False False"


def test_a_process_that_already_has_tensorflow_keeps_it() -> None:
    out = _run("import tensorflow\nfrom bot.tensorflow_out import keep_tensorflow_out; keep_tensorflow_out()")
    assert out == "5 True True"
