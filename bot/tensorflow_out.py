"""Keep TensorFlow out of the processes that never run Rasa (the CLI, the console, the action server).

spaCy's thinc imports TensorFlow whenever it is installed (Rasa needs it), only to offer shims
these processes never use: about 350 MB of memory and two seconds of start-up each. Marked
absent before anything imports spaCy, "import tensorflow" fails at once and thinc carries on
without it. Call it first thing in a process's entry point, never in a module that Rasa's own
process imports (its NLU pipeline needs TensorFlow).
"""

from __future__ import annotations

import sys


def keep_tensorflow_out() -> None:
    """Mark TensorFlow absent, unless this process has already imported it."""
    if "tensorflow" not in sys.modules:
        sys.modules["tensorflow"] = None  # type: ignore[assignment]
