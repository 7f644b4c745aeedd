"""`python -m bot ...`: see bot.cli."""

import os

from bot.tensorflow_out import keep_tensorflow_out

keep_tensorflow_out()  # (no command runs Rasa: see there)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from bot.cli import main  # noqa: E402  (after the line above, on purpose)

raise SystemExit(main())
