"""`python -m bot.console`: migrate the case store, run the purge on a schedule, and serve the console.

Served by Werkzeug's threaded server on loopback (settings: `console_host`, `console_port`);
put a TLS-terminating reverse proxy in front of it to reach it from other machines.
"""

from __future__ import annotations

import argparse
import logging
import threading

from sqlalchemy.exc import SQLAlchemyError
from werkzeug.serving import WSGIRequestHandler, make_server

from bot.logs import configure_logging
from bot.settings import Settings, settings_or_exit

log = logging.getLogger(__name__)
PURGE_EVERY = 3600.0  # seconds


class QuietHandler(WSGIRequestHandler):
    """Says nothing about the server's name or version, and logs no request lines (paths hold case ids)."""

    server_version = ""
    sys_version = ""

    def version_string(self) -> str:
        return ""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


def purge_on_schedule(settings: Settings, stop: threading.Event, every: float = PURGE_EVERY) -> None:
    """Delete expired cases now and then every `every` seconds until `stop` is set."""
    from bot.cases.db import session_factory
    from bot.cases.store import purge_expired

    while True:
        try:
            with session_factory(settings.cases_database_url).begin() as session:
                purge_expired(session, settings.case_retention_days)
        except Exception:  # the next round tries again; the console keeps serving
            log.exception("the scheduled purge of expired cases failed")
        if stop.wait(every):
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.console", description="the staff console")
    parser.add_argument("--host")
    parser.add_argument("--port", type=int)
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in (("console_host", args.host), ("console_port", args.port)) if v}
    settings = settings_or_exit(**overrides)
    configure_logging(settings.log_level or "INFO")

    from bot.cases.db import upgrade
    from bot.console.app import create_app

    try:
        upgrade(settings.cases_database_url)
        migrated = True
    except SQLAlchemyError as error:  # serve anyway: each page says the store is down until it is back
        log.error("the case store can't be reached (%s); the console will retry on each page", type(error).__name__)
        migrated = False
    app = create_app(settings, migrated_at_start=migrated)
    stop = threading.Event()
    threading.Thread(target=purge_on_schedule, args=(settings, stop), daemon=True, name="purge").start()
    server = make_server(settings.console_host, settings.console_port, app, threaded=True, request_handler=QuietHandler)
    log.info("staff console on http://%s:%d/", settings.console_host, settings.console_port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return 0


if __name__ == "__main__":
    from bot.tensorflow_out import keep_tensorflow_out

    keep_tensorflow_out()  # (the console's triage form loads spaCy; this process never runs Rasa)
    raise SystemExit(main())
