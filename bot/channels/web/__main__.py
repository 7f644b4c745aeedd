"""``python -m bot.channels.web``: serve the widget, the demo page and the chat API.

Settings come from the environment (see :mod:`bot.settings`); ``--host`` and ``--port``
override them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from aiohttp import web

from bot.channels.web.app import create_app
from bot.channels.web.connections import GatewayRunner, raise_file_limit
from bot.logs import configure_logging
from bot.settings import Settings, settings_or_exit


def _public_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


async def serve(settings: Settings) -> None:
    """Listen until SIGTERM (or Ctrl-C), then shut down cleanly."""
    raise_file_limit()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    runner = GatewayRunner(create_app(settings), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.gateway_host, settings.gateway_port)
        await site.start()
        url = _public_url(settings.gateway_host, settings.gateway_port)
        print(f"cyberguide is ready: open {url}", flush=True)
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.channels.web", description=__doc__)
    parser.add_argument("--host", help="address to listen on (default: CYBERGUIDE_GATEWAY_HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (default: CYBERGUIDE_GATEWAY_PORT)")
    args = parser.parse_args(argv)
    overrides = {
        name: value for name, value in (("gateway_host", args.host), ("gateway_port", args.port)) if value is not None
    }
    settings = settings_or_exit(**overrides)
    configure_logging(settings.log_level or "INFO")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(settings))


if __name__ == "__main__":
    main()
