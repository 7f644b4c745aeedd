"""The action server: `python -m actions --actions actions --port 5055` (rasa_sdk's own options).

Started this way rather than by `rasa run actions` so that TensorFlow stays out of the process:
spaCy's thinc imports TensorFlow whenever it is installed (Rasa needs it), which alone took about
550 MB of the action server's memory, and nothing the actions run uses it. Marking it absent
before anything imports spaCy makes thinc carry on without it (measured: about 340 MB in all
once the triage engine is loaded, against about 890 MB).
"""

from __future__ import annotations

from bot.tensorflow_out import keep_tensorflow_out

keep_tensorflow_out()

from rasa_sdk.__main__ import main  # noqa: E402  (after the line above, on purpose)

if __name__ == "__main__":
    main()
