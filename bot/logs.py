"""One logging set-up for every entry point, with a guard that keeps people's words out of the logs.

Entry points (`python -m bot`, the supervisor, the web gateway) call :func:`configure_logging`
once; modules log through `logging.getLogger(__name__)`. cyberguide never logs what a person
wrote: log labels, counts and codes instead. As a second line of defence, a record that
carries the text as an extra (`extra={"text": ...}` or `message_text`) is redacted whole, and
an exception is logged with its traceback and type but never its message (Rasa's error for a
failed action call quotes the whole conversation in it). :func:`guard_process_logs` puts the
same guards into processes whose logging others set up (Rasa, the action server).
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from typing import Any, TextIO

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


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
MESSAGE_LEFT_OUT = "(message not logged: it may quote a person's words)"


def exception_without_messages(exc_info: ExcInfo | tuple[None, None, None]) -> str:
    """A traceback as Python prints it, chained exceptions included, with each exception's
    message left out: only where it happened and its type."""
    error = exc_info[1]
    chain: list[BaseException] = []
    while error is not None and all(error is not seen for seen in chain):
        chain.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    parts = []
    for index, each in enumerate(reversed(chain)):
        if index:
            parts.append("\nThe above exception led to the following exception:\n\n")
        if each.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(each.__traceback__))
        kind = type(each)
        parts.append(f"{kind.__module__}.{kind.__qualname__} {MESSAGE_LEFT_OUT}\n")
    return "".join(parts).rstrip("\n")


def _record_factory_without_exception_messages(make: Any) -> Any:
    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = make(*args, **kwargs)
        if record.exc_info and record.exc_info[1] is not None:
            # Formatters print `exc_text` when it is set, so no handler formats the messages.
            record.exc_text = exception_without_messages(record.exc_info)
        return record

    make_record._cyberguide = True  # type: ignore[attr-defined]
    return make_record


def log_exceptions_without_messages() -> None:
    """From now on every log record in this process shows exceptions without their messages.

    Done where records are made (the record factory), so it holds for every logger and for
    handlers that other libraries add later.
    """
    current = logging.getLogRecordFactory()
    if not getattr(current, "_cyberguide", False):
        logging.setLogRecordFactory(_record_factory_without_exception_messages(current))


def guard_process_logs(quiet_loggers: tuple[str, ...] = ()) -> None:
    """Put the guards into a process whose logging someone else configured: exceptions without
    messages, the redaction filter on every handler there is now, and `quiet_loggers` (whose
    debug output quotes people's words, e.g. "rasa") at INFO or above whatever level was asked."""
    log_exceptions_without_messages()
    loggers = [logging.getLogger()] + [
        each for each in logging.Logger.manager.loggerDict.values() if isinstance(each, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, RedactPrivateText) for f in handler.filters):
                handler.addFilter(RedactPrivateText())
    for name in quiet_loggers:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)


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
    log_exceptions_without_messages()
    return handler
