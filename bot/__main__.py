"""`python -m bot ...`: see bot.cli."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from bot.cli import main

raise SystemExit(main())
