"""One logging set-up for every entry point, with a guard that keeps people's words out of the logs.

Entry points (`python -m bot`, the supervisor, the web gateway) call :func:`configure_logging`
once; modules log through `logging.getLogger(__name__)`. cyberguide never logs what a person
wrote: log labels, counts and codes instead. As a second line of defence, a record that
carries the text as an extra (`extra={"text": ...}` or `message_text`) is redacted whole.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
PRIVATE_EXTRAS = ("text", "message_text")
REDACTED = "[redacted: this log record carried a person's words]"


class RedactPrivateText(logging.Filter):
    """Replaces any record that carries user text as an extra with a redaction notice (never drops the event)."""

    def filter(self, record: logging.LogRecord) -> bool:
        carried = [name for name in PRIVATE_EXTRAS if name in record.__dict__]
        if carried:
            # The message may have been built from the same words, so none of it is kept.
            for name in carried:
                setattr(record, name, "[redacted]")
            record.msg, record.args = f"{REDACTED} ({record.name})", None
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def _level(level: int | str) -> int:
    if isinstance(level, int):
        return level
    value = logging.getLevelName(level.strip().upper())
    if not isinstance(value, int):
        raise ValueError(f"unknown log level {level!r}: use DEBUG, INFO, WARNING, ERROR or CRITICAL")
    return value


def configure_logging(level: int | str = "INFO", stream: TextIO | None = None) -> logging.Handler:
    """Send every logger's records at `level` and above to stderr (or `stream`), with the redaction guard.

    Calling it again replaces cyberguide's handler instead of adding a second one. The guard is
    also put on any handler already on the root logger, since filters on a handler see the
    records of every logger that propagates to it.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_cyberguide", False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._cyberguide = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    for each in root.handlers:
        if not any(isinstance(f, RedactPrivateText) for f in each.filters):
            each.addFilter(RedactPrivateText())
    root.setLevel(_level(level))
    return handler
