"""Logging: one set-up for every entry point, and people's words never reach the log."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.logs import REDACTED, configure_logging


@pytest.fixture
def root_logging() -> Iterator[None]:
    """Put the root logger back as it was (pytest's own capture handlers included)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    filters = {handler: list(handler.filters) for handler in handlers}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for handler, kept in filters.items():
        handler.filters[:] = kept


def test_one_handler_however_often_it_is_configured(root_logging: None) -> None:
    configure_logging("INFO", io.StringIO())
    configure_logging("WARNING", io.StringIO())
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_cyberguide", False)]
    assert len(ours) == 1 and logging.getLogger().level == logging.WARNING


def test_level_and_format(root_logging: None) -> None:
    out = io.StringIO()
    configure_logging("warning", out)
    logging.getLogger("bot.example").info("not shown")
    logging.getLogger("bot.example").warning("shown %d", 1)
    assert "not shown" not in out.getvalue()
    assert " WARNING bot.example: shown 1" in out.getvalue()


def test_unknown_level_is_refused(root_logging: None) -> None:
    with pytest.raises(ValueError, match="unknown log level"):
        configure_logging("LOUD", io.StringIO())


@pytest.mark.parametrize("extra", ["text", "message_text"])
def test_a_record_carrying_user_text_is_redacted(root_logging: None, extra: str) -> None:
    out = io.StringIO()
    configure_logging("INFO", out)
    words = "he said he knows where I live"
    logging.getLogger("bot.careless").info("got %s", words, extra={extra: words})
    logging.getLogger("bot.careless").info("a normal line")
    logged = out.getvalue()
    assert words not in logged
    assert REDACTED in logged and "bot.careless" in logged
    assert "a normal line" in logged


def test_triage_and_knowledge_log_labels_and_counts_never_the_words(root_logging: None) -> None:
    from bot.triage.rubric import assess

    out = io.StringIO()
    configure_logging("DEBUG", out)
    text = "my ex Zebediah keeps texting me every day from new accounts after I blocked him, I live in Texas"
    assessment = assess(text)
    logged = out.getvalue()
    assert "decided cyberstalking/high" in logged
    assert "laws:" in logged and "contacts:" in logged and "steps:" in logged
    assert "Zebediah" not in logged and "Texas" not in logged
    quoted = [reason.text for reason in assessment.reasons]
    assert quoted and not any(quote in logged for quote in quoted)


def test_loader_says_what_it_loaded_and_stays_quiet_when_unchanged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.knowledge.db import make_engine
    from bot.knowledge.loader import load_knowledge

    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite3'}")
    with caplog.at_level(logging.DEBUG, logger="bot.knowledge.loader"):
        assert load_knowledge(engine) is True
        assert load_knowledge(engine) is False
    loaded = [r for r in caplog.records if r.levelno == logging.INFO]
    assert len(loaded) == 1 and loaded[0].getMessage().startswith("loaded ")
    assert " laws, " in loaded[0].getMessage() and " contacts" in loaded[0].getMessage()
    assert any(r.levelno == logging.DEBUG and "unchanged" in r.getMessage() for r in caplog.records)


def test_an_exception_is_logged_without_its_message(root_logging: None) -> None:
    out = io.StringIO()
    configure_logging("INFO", out)
    words = "he said he knows where I live"
    try:
        try:
            raise KeyError(words)
        except KeyError as error:
            raise RuntimeError(f"could not read {words}") from error
    except RuntimeError:
        logging.getLogger("bot.careless").exception("turn failed")
    logged = out.getvalue()
    assert words not in logged
    assert "turn failed" in logged and "Traceback" in logged and "test_logs.py" in logged
    assert "builtins.KeyError" in logged and "builtins.RuntimeError" in logged
