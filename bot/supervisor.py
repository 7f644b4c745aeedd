"""Start and stop cyberguide's processes: action server, Rasa server, the web gateway, the staff
console (which also purges expired cases on a schedule) and, when ``TELEGRAM_BOT_TOKEN`` is set,
the Telegram bot (polling; in webhook mode the gateway serves it).

Used by `make run` (foreground, Ctrl-C stops everything) and by the end-to-end tests, so
both exercise the same start-up. The production profile (README "Deployment") starts
``CYBERGUIDE_RASA_INSTANCES`` Rasa servers and ``CYBERGUIDE_ACTION_INSTANCES`` action servers on
consecutive ports, sharing PostgreSQL (``CYBERGUIDE_TRACKER_STORE_URL``) and Redis
(``CYBERGUIDE_REDIS_URL``); those URLs hold passwords, so the endpoints files name the variables
and Rasa reads them from its environment. Rasa is bound to loopback (settings: `rasa_host`) with its
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


def action_server_command(package: str, port: int) -> list[str]:
    """The action server for `package` on `port` (`python -m actions`: without TensorFlow, see there)."""
    return [str(BIN / "python"), "-m", "actions", "--actions", package, "--port", str(port)]


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


SQL_TRACKER_STORE = "rasa_addons.sql_tracker_store.ForgetfulSQLTrackerStore"
REDIS_LOCK_STORE = "rasa_addons.lock_store.AtomicRedisLockStore"


def write_endpoints(path: Path, settings: Settings, action_port: int) -> Path:
    """Rasa's endpoints file for this run: endpoints.yml with the action server's address and the
    tracker ttl taken from settings, so the ports and timeouts are set in one place. With a tracker
    store URL or a Redis URL set, the SQL tracker store and the Redis lock store, their URLs left as
    ``${VARIABLE}`` for Rasa to read from its environment (no password is written to disk)."""
    endpoints = yaml.safe_load(ENDPOINTS_TEMPLATE.read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://{settings.action_host}:{action_port}/webhook"
    endpoints["tracker_store"]["ttl_minutes"] = settings.tracker_ttl_minutes
    endpoints["tracker_store"]["max_events"] = settings.tracker_max_events
    if settings.tracker_store_url:
        endpoints["tracker_store"]["type"] = SQL_TRACKER_STORE
        endpoints["tracker_store"]["url"] = "${CYBERGUIDE_TRACKER_STORE_URL}"
        endpoints["tracker_store"]["max_age_days"] = settings.case_retention_days  # no chat outlives a case
    if settings.redis_url:
        endpoints["lock_store"] = {"type": REDIS_LOCK_STORE, "url": "${CYBERGUIDE_REDIS_URL}"}
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

    Ports left at 0 come from the settings; tests pass free ones. `rasa_ports` and `action_ports`
    (one per instance) default to consecutive ports from `rasa_port` and `action_port`, as many as
    the settings' `rasa_instances` and `action_instances`; Rasa instance i calls action server i mod M.
    """

    action_port: int = 0
    rasa_port: int = 0
    rasa_ports: list[int] = field(default_factory=list)
    action_ports: list[int] = field(default_factory=list)
    gateway_port: int | None = None
    console_port: int | None = None  # the staff console (python -m bot.console); None: not started
    log_dir: Path = REPO_ROOT / "var" / "logs"
    processes: list[subprocess.Popen] = field(default_factory=list)
    settings: Settings = field(default_factory=get_settings)
    actions_package: str = "actions"  # tests may wrap the actions (e.g. to make one crash)
    env: dict[str, str] = field(default_factory=dict)  # added to every process's environment
    telegram: bool = False  # also run the Telegram bot by polling (python -m bot.channels.telegram)

    rasa_processes: list[subprocess.Popen] = field(default_factory=list)  # in the order of rasa_ports

    def __post_init__(self) -> None:
        self.action_port = self.action_ports[0] if self.action_ports else self.action_port or self.settings.action_port
        self.rasa_port = self.rasa_ports[0] if self.rasa_ports else self.rasa_port or self.settings.rasa_port
        self.rasa_ports = self.rasa_ports or [self.rasa_port + i for i in range(self.settings.rasa_instances)]
        self.action_ports = self.action_ports or [self.action_port + i for i in range(self.settings.action_instances)]

    @property
    def rasa_url(self) -> str:
        return f"http://{self.settings.rasa_host}:{self.rasa_port}"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://{self.settings.rasa_host}:{port}" for port in self.rasa_ports]

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
        if len(self.rasa_ports) > 1 and not (self.settings.tracker_store_url and self.settings.redis_url):
            raise ValueError("several Rasa instances need a shared tracker store and lock store (PostgreSQL, Redis)")
        env = {**service_env(), **self.env}
        env["CYBERGUIDE_RASA_URL"] = self.rasa_url
        if len(self.rasa_ports) > 1:
            env["CYBERGUIDE_RASA_URLS"] = ",".join(self.rasa_urls)
        # In the children's environment only: the endpoints files name these variables.
        if self.settings.tracker_store_url:
            env["CYBERGUIDE_TRACKER_STORE_URL"] = self.settings.tracker_store_url
        if self.settings.redis_url:
            env["CYBERGUIDE_REDIS_URL"] = self.settings.redis_url
        env["SANIC_HOST"] = self.settings.action_host  # the action server listens on loopback only
        # All instances start at once (Rasa takes 30-60 s to load the model); then each is waited for.
        actions = [
            self._spawn(
                _name("actions", i),
                action_server_command(self.actions_package, port),
                env,
            )
            for i, port in enumerate(self.action_ports)
        ]
        for i, port in enumerate(self.rasa_ports):
            action_port = self.action_ports[i % len(self.action_ports)]
            endpoints = write_endpoints(REPO_ROOT / "var" / f"endpoints-{action_port}.yml", self.settings, action_port)
            self.rasa_processes.append(self._spawn(_name("rasa", i), self._rasa_command(model, port, endpoints), env))
        try:
            for port, process in zip(self.action_ports, actions, strict=True):
                wait_for(f"http://{self.settings.action_host}:{port}/health", timeout, process)
            for url, process in zip(self.rasa_urls, self.rasa_processes, strict=True):
                wait_for(f"{url}/", timeout, process)
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

    def _rasa_command(self, model: Path, port: int, endpoints: Path) -> list[str]:
        return [
            str(BIN / "rasa"),
            "run",
            "--model",
            str(model),
            "--interface",
            self.settings.rasa_host,
            "--port",
            str(port),
            "--endpoints",
            str(endpoints),
            "--credentials",
            "credentials.yml",
        ]

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
        self.rasa_processes.clear()


def _name(kind: str, index: int) -> str:
    """A process's log name: `rasa`, `rasa-2`, ... (the first keeps the name a single instance has)."""
    return kind if index == 0 else f"{kind}-{index + 1}"


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
