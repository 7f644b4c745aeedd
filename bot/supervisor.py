"""Start and stop cyberguide's processes: action server, Rasa server, the web gateway, the staff
console (which also purges expired cases on a schedule) and, when ``TELEGRAM_BOT_TOKEN`` is set,
the Telegram bot (polling; in webhook mode the gateway serves it).

Used by `make run` (foreground, Ctrl-C stops everything) and by the end-to-end tests, so
both exercise the same start-up. Rasa is bound to loopback (settings: `rasa_host`) with its
HTTP API off. Ports, hosts, timeouts and the tracker ttl all come from :mod:`bot.settings`.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.logs import configure_logging
from bot.settings import REPO_ROOT, Settings, get_settings, settings_or_exit

BIN = Path(sys.executable).parent
ENDPOINTS_TEMPLATE = REPO_ROOT / "endpoints.yml"

log = logging.getLogger(__name__)


def service_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONPATH": str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        }
    )
    return env


def latest_model(models_dir: Path = REPO_ROOT / "models") -> Path:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise FileNotFoundError("No trained model in models/: run `make train` first.")
    return models[-1]


def write_endpoints(path: Path, settings: Settings, action_port: int) -> Path:
    """Rasa's endpoints file for this run: endpoints.yml with the action server's address and the
    tracker ttl taken from settings, so the ports and timeouts are set in one place."""
    endpoints = yaml.safe_load(ENDPOINTS_TEMPLATE.read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://{settings.action_host}:{action_port}/webhook"
    endpoints["tracker_store"]["ttl_minutes"] = settings.tracker_ttl_minutes
    endpoints["tracker_store"]["max_events"] = settings.tracker_max_events
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Written by bot/supervisor.py from endpoints.yml and bot/settings.py; changes here are lost.\n"
        + yaml.safe_dump(endpoints, sort_keys=False),
        encoding="utf-8",
    )
    return path


def wait_for(url: str, timeout: float, process: subprocess.Popen | None = None) -> None:
    """Poll `url` until it answers 200; fail early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


TELEGRAM_SETTLE = 5.0  # seconds the Telegram bot must stay up (a token Telegram refuses ends it at once)


def still_running(process: subprocess.Popen, seconds: float, name: str) -> None:
    """Fail if the process ends within ``seconds`` (for a process with no health URL)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the {name} process exited at start-up with code {process.returncode}")
        time.sleep(0.25)


def telegram_by_polling(settings: Settings) -> bool:
    """Whether `make run` starts the Telegram bot as its own process (token set, no webhook URL)."""
    return bool(settings.telegram_bot_token) and not settings.telegram_webhook_url


@dataclass
class Stack:
    """The running processes; `stop()` ends them all (process groups, so no strays).

    Ports left at 0 come from the settings; tests pass free ones.
    """

    action_port: int = 0
    rasa_port: int = 0
    gateway_port: int | None = None
    console_port: int | None = None  # the staff console (python -m bot.console); None: not started
    log_dir: Path = REPO_ROOT / "var" / "logs"
    processes: list[subprocess.Popen] = field(default_factory=list)
    settings: Settings = field(default_factory=get_settings)
    actions_package: str = "actions"  # tests may wrap the actions (e.g. to make one crash)
    env: dict[str, str] = field(default_factory=dict)  # added to every process's environment
    telegram: bool = False  # also run the Telegram bot by polling (python -m bot.channels.telegram)

    def __post_init__(self) -> None:
        self.action_port = self.action_port or self.settings.action_port
        self.rasa_port = self.rasa_port or self.settings.rasa_port

    @property
    def rasa_url(self) -> str:
        return f"http://{self.settings.rasa_host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.settings.action_host}:{self.action_port}"

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    @property
    def console_url(self) -> str:
        return f"http://{self.settings.console_host}:{self.console_port}"

    def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_dir / f"{name}.log", "wb") as output:  # the child keeps its own copy
            process = subprocess.Popen(
                args, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.processes.append(process)
        log.debug("started %s (pid %d); its output goes to %s", name, process.pid, self.log_dir / f"{name}.log")
        return process

    def start(self, timeout: float | None = None) -> Stack:
        """Start the action server and Rasa (and the gateway if it has a port); wait until each answers."""
        timeout = self.settings.start_timeout if timeout is None else timeout
        model = latest_model()  # fail before starting anything
        env = {**service_env(), **self.env}
        env["CYBERGUIDE_RASA_URL"] = self.rasa_url
        env["SANIC_HOST"] = self.settings.action_host  # the action server listens on loopback only
        actions = self._spawn(
            "actions",
            [str(BIN / "rasa"), "run", "actions", "--actions", self.actions_package, "--port", str(self.action_port)],
            env,
        )
        endpoints = write_endpoints(
            REPO_ROOT / "var" / f"endpoints-{self.action_port}.yml", self.settings, self.action_port
        )
        rasa = self._spawn(
            "rasa",
            [
                str(BIN / "rasa"),
                "run",
                "--model",
                str(model),
                "--interface",
                self.settings.rasa_host,
                "--port",
                str(self.rasa_port),
                "--endpoints",
                str(endpoints),
                "--credentials",
                "credentials.yml",
            ],
            env,
        )
        try:
            wait_for(f"{self.action_url}/health", timeout, actions)
            wait_for(f"{self.rasa_url}/", timeout, rasa)
            if self.gateway_port:
                gateway = self._spawn(
                    "gateway", [sys.executable, "-m", "bot.channels.web", "--port", str(self.gateway_port)], env
                )
                wait_for(f"{self.gateway_url}/healthz", self.settings.health_timeout, gateway)
            if self.console_port:
                console = self._spawn(
                    "console", [sys.executable, "-m", "bot.console", "--port", str(self.console_port)], env
                )
                wait_for(f"{self.console_url}/healthz", self.settings.health_timeout, console)
            if self.telegram:
                bot = self._spawn("telegram", [sys.executable, "-m", "bot.channels.telegram"], env)
                still_running(bot, TELEGRAM_SETTLE, "telegram")
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for process in self.processes:
            try:
                process.wait(timeout=self.settings.stop_timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def main() -> int:
    """`python -m bot.supervisor`: run everything in the foreground until Ctrl-C."""
    settings = settings_or_exit()
    configure_logging(settings.log_level or "INFO")
    telegram = telegram_by_polling(settings)
    stack = Stack(
        gateway_port=settings.gateway_port, console_port=settings.console_port, settings=settings, telegram=telegram
    )
    print(
        f"Starting cyberguide (action server, Rasa, web gateway, staff console{', Telegram bot' if telegram else ''})...",
        flush=True,
    )
    stop = {"now": False}

    def _stop(*_: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        stack.start()
    except Exception as error:  # report and exit cleanly; logs say more
        print(f"cyberguide could not start: {error}. See var/logs/.", file=sys.stderr)
        return 1
    print(f"cyberguide is ready: open {stack.gateway_url}/ in a browser", flush=True)
    print(f"Staff console: {stack.console_url}/ (add accounts with `python -m bot staff add NAME`)", flush=True)
    if telegram:
        print("The Telegram bot is running (polling): write to it in Telegram.", flush=True)
    elif settings.telegram_bot_token:
        print("The gateway serves the Telegram bot by webhook (TELEGRAM_WEBHOOK_URL).", flush=True)
    print("Chat in the terminal with `make shell` (in another terminal). Press Ctrl-C to stop.", flush=True)
    try:
        while not stop["now"]:
            if any(p.poll() is not None for p in stack.processes):
                print("A cyberguide process stopped unexpectedly; see var/logs/.", file=sys.stderr)
                break
            time.sleep(0.5)
    finally:
        print("Stopping cyberguide...", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
