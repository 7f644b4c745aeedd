"""`make bench`, second half: cyberguide's speed per message against the minimal Rasa bot (issue 15, item 1).

The minimal bot (the `rasa init` example, same Rasa, REST channel only) is trained on the spot
in a temporary folder, so the baseline is this machine at this moment, not a figure from elsewhere.
Both bots run side by side and are driven level by level in turn (1, 10, 50 concurrent
conversations), so a background load moves both alike. Each conversation is the same eight typed
messages, sent one after the other as a person would; cyberguide is reached through its public
gateway (session token, then /api/message), the minimal bot through Rasa's REST webhook.

Prints a table with the ratios and the targets, and saves JSON (results/bench.json). Every
process it started is stopped at the end, also on Ctrl-C or an error. Benchmarks print figures;
the tests never time anything.

    python -m bot.devtools.conversation_bench [--quick] [--train] [--profile] [--out results/bench.json]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import itertools
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

import aiohttp

from bot.devtools import bench_report
from bot.devtools.bench_report import BASELINE, CYBERGUIDE, Level
from bot.settings import REPO_ROOT
from bot.supervisor import BIN, Stack, latest_model, service_env, wait_for

# A realistic conversation: a greeting, an account (who, how often, blocked, where), typed answers
# to the remaining questions in the order they come (location known, threats, fear, age, images),
# which brings the assessment, then thanks. The minimal bot gets the same texts (it understands few
# of them; it answers all the same). `--script-only` shows what this script drives cyberguide to.
SCRIPT: tuple[str, ...] = (
    "hi",
    "my ex boyfriend keeps messaging me every day from new accounts after I blocked him. I live in Ohio",
    "he knows where I work",
    "no he's never threatened me",
    "yes I'm really scared of him",
    "I'm 24",
    "no pictures",
    "thank you",
)
ASSESSMENT_MARKER = "Who can help"  # in the assessment's last part (tests/actions/test_rasa_conversation.py)
LEVELS = (1, 10, 50)
ROUNDS = 3  # conversations per level = concurrency x rounds (x 1 with --quick)
MESSAGE_TIMEOUT = 120.0  # seconds a client waits for one answer before counting an error
START_TIMEOUT = 600.0
TRAIN_TIMEOUT = 3600.0
SAMPLE_EVERY = 0.5  # seconds between memory samples
OUT = REPO_ROOT / "results" / "bench.json"
LOGS = REPO_ROOT / "var" / "logs" / "bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- processes ------------------------------------------------------------------------------


def stop_process(process: subprocess.Popen, timeout: float = 20.0) -> None:
    """End a process started in its own session, and its children (TERM, then KILL)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def rasa_env(cache: Path) -> dict[str, str]:
    """Rasa's environment for a timed training: an empty cache, so nothing is reused from before."""
    return {**service_env(), "RASA_CACHE_DIRECTORY": str(cache)}


def run_timed(args: list[str], cwd: Path, env: dict[str, str], log: Path, timeout: float) -> float:
    """Run a command to the end; its wall time in seconds. Fails, pointing at its log, if it fails."""
    log.parent.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    with open(log, "wb") as output:
        process = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            code = process.wait(timeout=timeout)
        finally:
            stop_process(process)
    if code != 0:
        raise RuntimeError(f"{' '.join(args[:3])} failed with code {code}; see {log}")
    return time.perf_counter() - began


@dataclass
class MinimalBot:
    """The `rasa init` example, trained and served from a temporary folder."""

    home: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def project(self) -> Path:
        return self.home / "minimal"

    def train(self) -> float:
        """`rasa init --no-prompt` copies the example project and trains it; the training is nearly all of the time."""
        self.project.mkdir(parents=True, exist_ok=True)  # with --no-prompt, rasa init wants it to exist
        args = [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(self.project)]
        seconds = run_timed(args, self.home, rasa_env(self.home / "cache"), LOGS / "minimal-train.log", TRAIN_TIMEOUT)
        # The REST channel only (the example also lists Rasa X's channel, which cyberguide does not have).
        (self.project / "credentials.yml").write_text("rest:\n", encoding="utf-8")
        return seconds

    def start(self) -> float:
        """Serve the model as `rasa run` does, no HTTP API; seconds until it answers."""
        args = [str(BIN / "rasa"), "run", "--model", "models", "--interface", "127.0.0.1", "--port", str(self.port)]
        args += ["--credentials", "credentials.yml", "--endpoints", "endpoints.yml"]
        LOGS.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        with open(LOGS / "minimal-rasa.log", "wb") as output:
            self.process = subprocess.Popen(
                args,
                cwd=self.project,
                env=service_env(),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(f"{self.url}/", START_TIMEOUT, self.process)
        return time.perf_counter() - began

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None


def cases_key() -> str:
    """A throwaway key for the case store, so the bench never makes var/cases.key."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def cyberguide_stack(home: Path) -> Stack:
    """The real stack (action server, Rasa, gateway) with throwaway databases. The gateway trusts
    loopback as a proxy, so each simulated person can come from an address of their own
    (X-Forwarded-For) and the per-address limits treat them as the different people they stand for."""
    env = {
        "CYBERGUIDE_TRUSTED_PROXIES": "127.0.0.1",
        "CYBERGUIDE_DATABASE_URL": f"sqlite:///{home / 'kb.sqlite3'}",
        "CYBERGUIDE_CASES_DATABASE_URL": f"sqlite:///{home / 'cases.sqlite3'}",
        "CYBERGUIDE_CASES_KEY": cases_key(),
    }
    return Stack(action_port=free_port(), rasa_port=free_port(), gateway_port=free_port(), log_dir=LOGS, env=env)


def train_cyberguide(home: Path) -> float:
    """Train cyberguide from scratch into a temporary folder (models/ is left alone); seconds."""
    args = [str(BIN / "rasa"), "train", "--fixed-model-name", "bench", "--out", str(home / "models")]
    return run_timed(args, REPO_ROOT, rasa_env(home / "cache"), LOGS / "cyberguide-train.log", TRAIN_TIMEOUT)


def stack_pids(stack: Stack) -> dict[str, int]:
    """The stack's processes by role (the order `Stack.start` spawns them in)."""
    roles = {}
    for process in stack.processes:
        args = [str(arg) for arg in process.args]  # type: ignore[union-attr]
        if "bot.channels.web" in args:
            roles["cyberguide gateway"] = process.pid
        elif "actions" in args[1:3]:
            roles["cyberguide action server"] = process.pid
        else:
            roles["cyberguide rasa"] = process.pid
    return roles


# --- memory ---------------------------------------------------------------------------------

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    """Every process's children, read from /proc (no psutil needed)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    return children


def _rss(pid: int) -> int:
    try:
        return int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_mb(pid: int, children: dict[int, list[int]]) -> float:
    """Resident memory of a process and all its descendants, in MB (shared pages counted in each)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss(current)
        todo += children.get(current, [])
    return total / 2**20


class MemorySampler:
    """Samples the resident memory of named processes in a thread; keeps the first and the peak figure."""

    def __init__(self) -> None:
        self.pids: dict[str, int] = {}
        self.figures: dict[str, dict[str, float | None]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def watch(self, pids: dict[str, int]) -> None:
        """Start watching these processes; their RSS now is the "ready" figure."""
        children = _children()
        for name, pid in pids.items():
            now = round(tree_rss_mb(pid, children), 1)
            self.figures[name] = {"ready_mb": now, "peak_mb": now}
        self.pids.update(pids)
        if not self._thread.is_alive():
            self._thread.start()

    def sample(self) -> None:
        children = _children()
        for name, pid in list(self.pids.items()):
            figures = self.figures[name]
            figures["peak_mb"] = max(figures["peak_mb"] or 0.0, round(tree_rss_mb(pid, children), 1))

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY):
            self.sample()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


# --- clients --------------------------------------------------------------------------------


class Conversation(Protocol):
    async def open(self) -> None: ...

    async def say(self, text: str) -> list[dict[str, Any]]: ...

    async def close(self) -> None: ...


class MessageError(Exception):
    """A message that was not answered properly; the text is the kind of error (counted by kind)."""


_addresses = itertools.count(1)


def client_address() -> str:
    """A different address, in a different /24, for each simulated person (see `cyberguide_stack`)."""
    n = next(_addresses)
    return f"10.{n // 250 % 250}.{n % 250}.1"


async def _post(http: aiohttp.ClientSession, url: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    try:
        async with http.post(url, json=body, headers=headers) as response:
            if response.status not in (200, 201):
                raise MessageError(f"HTTP {response.status}")
            return await response.json()
    except asyncio.TimeoutError:
        raise MessageError("timeout") from None
    except aiohttp.ClientError as error:
        raise MessageError(type(error).__name__) from None


class GatewayConversation:
    """One person through cyberguide's public gateway, as the widget talks to it."""

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http, self.url = http, url
        self.headers = {"X-Forwarded-For": client_address()}

    async def open(self) -> None:
        body = await _post(self.http, f"{self.url}/api/session", {}, self.headers)
        self.headers["Authorization"] = f"Bearer {body['token']}"

    async def say(self, text: str) -> list[dict[str, Any]]:
        body = await _post(self.http, f"{self.url}/api/message", {"text": text}, self.headers)
        return list(body.get("messages") or [])

    async def close(self) -> None:
        with contextlib.suppress(MessageError):  # the gateway forgets idle sessions anyway
            await _post(self.http, f"{self.url}/api/session/end", {}, self.headers)


class RestConversation:
    """One person through Rasa's REST webhook (the minimal bot has no gateway); a sender of its own."""

    _senders = itertools.count(1)

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http, self.url = http, url
        self.sender = f"bench-{os.getpid()}-{next(self._senders)}"

    async def open(self) -> None:
        return None

    async def say(self, text: str) -> list[dict[str, Any]]:
        return list(
            await _post(self.http, f"{self.url}/webhooks/rest/webhook", {"sender": self.sender, "message": text}, {})
            or []
        )

    async def close(self) -> None:
        return None


Factory = Callable[[aiohttp.ClientSession], Conversation]


async def _converse(
    conversation: Conversation, script: tuple[str, ...], latencies: list[float], errors: Counter[str]
) -> None:
    """Send the script one message at a time, each once its answer is in; an error does not end it."""
    for text in script:
        began = time.perf_counter()
        try:
            await conversation.say(text)
        except MessageError as error:
            errors[str(error)] += 1
            continue
        latencies.append(time.perf_counter() - began)


async def run_level(factory: Factory, concurrency: int, conversations: int, script: tuple[str, ...]) -> Level:
    """`conversations` people, at most `concurrency` at once. Sessions are opened before the clock
    starts and ended after it stops: the figures are per message, as the issue states them."""
    timeout = aiohttp.ClientTimeout(total=MESSAGE_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
        people = [factory(http) for _ in range(conversations)]
        errors: Counter[str] = Counter()
        opened = await asyncio.gather(*(person.open() for person in people), return_exceptions=True)
        ready = [person for person, result in zip(people, opened, strict=True) if not isinstance(result, BaseException)]
        errors.update(f"session: {result}" for result in opened if isinstance(result, BaseException))
        latencies: list[float] = []
        gate = asyncio.Semaphore(concurrency)

        async def one(person: Conversation) -> None:
            async with gate:
                await _converse(person, script, latencies, errors)

        began = time.perf_counter()
        await asyncio.gather(*(one(person) for person in ready))
        wall = time.perf_counter() - began
        await asyncio.gather(*(person.close() for person in ready))
    lost = len(script) * (conversations - len(ready))  # never sent: their session did not open
    return Level(concurrency, conversations, tuple(latencies), sum(errors.values()) + lost, wall, dict(errors))


async def transcript(factory: Factory, script: tuple[str, ...]) -> list[dict[str, Any]]:
    """One conversation, outside the measured levels, with the replies (shortened) and each message's
    time: warms the bot up, shows what the script drove (a script that no longer reaches the
    assessment would measure the wrong thing) and how long the first person after a start waits."""
    lines: list[dict[str, Any]] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=MESSAGE_TIMEOUT)) as http:
        person = factory(http)
        await person.open()
        for text in script:
            began = time.perf_counter()
            try:
                replies = [str(reply.get("text") or "") for reply in await person.say(text)]
            except MessageError as error:
                replies = [f"ERROR {error}"]
            seconds = round(time.perf_counter() - began, 2)
            lines.append({"said": text, "seconds": seconds, "replies": [reply[:100] for reply in replies]})
            lines[-1]["assessment"] = any(ASSESSMENT_MARKER in reply for reply in replies)
        await person.close()
    return lines


def reached_assessment(lines: list[dict[str, Any]]) -> bool:
    return any(line["assessment"] for line in lines)


# --- profiling ------------------------------------------------------------------------------


class Profiler:
    """Samples the servers with py-spy (if it is on PATH or PY_SPY names it) while a level runs;
    prints each one's busiest functions. Sampling from outside changes nothing in the servers."""

    def __init__(self, out: Path) -> None:
        self.tool = os.environ.get("PY_SPY") or shutil.which("py-spy")
        self.out = out
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, pids: dict[str, int]) -> None:
        if not self.tool:
            print("--profile: py-spy not found (pip install py-spy, or set PY_SPY); no profile taken", flush=True)
            return
        self.out.mkdir(parents=True, exist_ok=True)
        for name, pid in pids.items():
            raw = self.out / f"{name.replace(' ', '-')}.txt"
            args = [self.tool, "record", "--pid", str(pid), "--subprocesses", "--format", "raw"]
            args += ["--rate", str(SAMPLE_RATE)]
            args += ["--output", str(raw), "--nonblocking"]
            self.running[name] = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> dict[str, dict[str, Any]]:
        """Stop sampling (py-spy writes its file on SIGINT); each process's top functions."""
        for process in self.running.values():
            process.send_signal(signal.SIGINT)
        tops: dict[str, dict[str, Any]] = {}
        for name, process in self.running.items():
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                continue
            raw = self.out / f"{name.replace(' ', '-')}.txt"
            if raw.exists():
                tops[name] = profile_summary(raw.read_text(encoding="utf-8", errors="replace"))
        self.running.clear()
        return tops


# Innermost frames of threads that are only waiting (py-spy counts some of these waits as busy).
IDLE_LEAVES = ("concurrent/futures/thread.py", "sanic/server/runners.py", "selectors.py", "threading.py")
ENTRY_SHARE = 90.0  # frames in this share of the busy samples or more are entry points, not findings
# Frames that only run other code (thread pools, the event loop): never a finding in the inclusive list.
RUNNERS = ("threading.py", "concurrent/futures/thread.py", "asyncio/events.py", "asyncio/base_events.py")
SAMPLE_RATE = 50  # py-spy samples per second


def busy_stacks(collapsed: str) -> list[tuple[list[str], int]]:
    """py-spy's collapsed stacks (root first) and their sample counts, waiting threads left out."""
    stacks = []
    for line in collapsed.splitlines():
        stack, _, samples = line.rpartition(" ")
        frames = stack.split(";")
        if stack and samples.isdigit() and not any(idle in frames[-1] for idle in IDLE_LEAVES):
            stacks.append((frames, int(samples)))
    return stacks


def top_frames(collapsed: str, count: int = 12, inclusive: bool = False) -> list[tuple[str, float]]:
    """The busiest functions with their share of the busy samples: by own time (the innermost
    frame), or inclusive (anywhere on the stack, entry points left out) to see which call is costly."""
    stacks = busy_stacks(collapsed)
    total = sum(n for _, n in stacks) or 1
    found: Counter[str] = Counter()
    for frames, n in stacks:
        for frame in dict.fromkeys(frames) if inclusive else frames[-1:]:  # each frame once per stack, in order
            found[frame] += n
    shares = [(frame, round(100 * n / total, 1)) for frame, n in found.most_common()]
    if inclusive:
        shares = [(f, share) for f, share in shares if share < ENTRY_SHARE and not any(r in f for r in RUNNERS)]
    return shares[:count]


def profile_summary(collapsed: str) -> dict[str, Any]:
    """How busy a process was (seconds of samples in a thread that was not waiting) and where."""
    busy = sum(n for _, n in busy_stacks(collapsed))
    return {
        "busy_s": round(busy / SAMPLE_RATE, 1),
        "own_pct": top_frames(collapsed),
        "inclusive_pct": top_frames(collapsed, inclusive=True),
    }


# --- the run --------------------------------------------------------------------------------


@dataclass
class Run:
    """Everything one bench run started, so all of it can be stopped whatever happens."""

    home: Path
    minimal: MinimalBot
    stack: Stack
    memory: MemorySampler = field(default_factory=MemorySampler)
    timings: dict[str, float | None] = field(default_factory=dict)

    def stop(self) -> None:
        self.memory.close()
        self.stack.stop()
        self.minimal.stop()


@contextlib.contextmanager
def started(home: Path, train: bool) -> Iterator[Run]:
    run = Run(home, MinimalBot(home), cyberguide_stack(home))
    try:
        print("Training the minimal bot (rasa init --no-prompt)...", flush=True)
        run.timings["minimal bot: training"] = round(run.minimal.train(), 1)
        if train:
            print("Training cyberguide from scratch into a temporary folder...", flush=True)
            run.timings["cyberguide: training"] = round(train_cyberguide(home), 1)
        else:
            run.timings["cyberguide: training"] = None  # not measured without --train
        print("Starting the minimal bot...", flush=True)
        run.timings["minimal bot: start to ready"] = round(run.minimal.start(), 1)
        print(f"Starting cyberguide (model {latest_model().name})...", flush=True)
        began = time.perf_counter()
        run.stack.start(timeout=START_TIMEOUT)
        run.timings["cyberguide: start to ready"] = round(time.perf_counter() - began, 1)
        assert run.minimal.process is not None
        run.memory.watch({"minimal bot rasa": run.minimal.process.pid, **stack_pids(run.stack)})
        yield run
    finally:
        run.stop()


def factories(run: Run) -> dict[str, Factory]:
    gateway, minimal = run.stack.gateway_url, run.minimal.url
    return {
        BASELINE: lambda http: RestConversation(http, minimal),
        CYBERGUIDE: lambda http: GatewayConversation(http, gateway),
    }


async def measure(run: Run, levels: tuple[int, ...], rounds: int, profiler: Profiler | None) -> dict[str, Any]:
    """Warm both bots up, then each level for one bot and the other in turn."""
    makers = factories(run)
    shown = {bot: await transcript(make, SCRIPT) for bot, make in makers.items()}
    for bot, lines in shown.items():
        run.timings[f"{bot}: first message after ready"] = lines[0]["seconds"]
    if not reached_assessment(shown[CYBERGUIDE]):
        print("WARNING: the script did not reach cyberguide's assessment; see transcripts in the JSON", flush=True)
    results: dict[str, dict[int, dict[str, Any]]] = {bot: {} for bot in makers}
    tops: dict[str, dict[str, Any]] = {}
    for concurrency in levels:
        for bot, make in makers.items():
            profiling = profiler is not None and bot == CYBERGUIDE and concurrency == max(levels)
            if profiling:
                profiler.start(stack_pids(run.stack))  # type: ignore[union-attr]
            level = await run_level(make, concurrency, concurrency * rounds, SCRIPT)
            if profiling:
                tops = profiler.stop()  # type: ignore[union-attr]
            results[bot][concurrency] = summary = level.summary()
            print(
                f"  {bot:<11} {concurrency:>3} concurrent: p50 {summary['p50_ms']} ms, {summary['messages_per_s']} msg/s, {summary['errors']} errors",
                flush=True,
            )
    run.memory.sample()
    return {
        "results": results,
        "transcripts": shown,
        "profile": tops,
        "assessment": reached_assessment(shown[CYBERGUIDE]),
    }


def context(args: argparse.Namespace, rounds: int) -> dict[str, Any]:
    """What a reader needs to compare two runs: the machine, its load, the script and the scale."""
    return {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_at_start": list(os.getloadavg()),
        },
        "model": latest_model().name,
        "quick": args.quick,
        "levels": list(args.levels),
        "rounds": rounds,
        "script": list(SCRIPT),
        "cyberguide_through": "gateway (POST /api/session, then /api/message)",
        "baseline_through": "Rasa REST webhook (/webhooks/rest/webhook)",
        "note": args.note,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.devtools.conversation_bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="one conversation per concurrent slot (a smoke run)")
    parser.add_argument("--levels", type=int, nargs="+", default=list(LEVELS), help="concurrencies (default 1 10 50)")
    parser.add_argument("--train", action="store_true", help="also time training cyberguide from scratch (long)")
    parser.add_argument("--profile", action="store_true", help="sample the servers with py-spy at the highest level")
    parser.add_argument(
        "--out", type=Path, default=OUT, help=f"where to save the JSON (default {OUT.relative_to(REPO_ROOT)})"
    )
    parser.add_argument("--note", default="", help="saved with the figures (e.g. 'machine busy')")
    parser.add_argument(
        "--script-only", action="store_true", help="start cyberguide alone, print what the script drives it to, stop"
    )
    return parser.parse_args(argv)


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")  # so `finally` stops every process on SIGTERM too


def show_script() -> int:
    """Start cyberguide alone, send the script once and print the replies (for whoever changes SCRIPT)."""
    with tempfile.TemporaryDirectory(prefix="cyberguide-bench-") as home:
        stack = cyberguide_stack(Path(home))
        try:
            stack.start(timeout=START_TIMEOUT)
            url = stack.gateway_url
            lines = asyncio.run(transcript(lambda http: GatewayConversation(http, url), SCRIPT))
        finally:
            stack.stop()
    for line in lines:
        print(f"> {line['said']}   ({line['seconds']} s)")
        print("\n".join(f"    {reply}" for reply in line["replies"]))
    print(f"reached the assessment: {reached_assessment(lines)}")
    return 0 if reached_assessment(lines) else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    if args.script_only:
        return show_script()
    rounds = 1 if args.quick else ROUNDS
    about = context(args, rounds)
    profiler = Profiler(LOGS / "profile") if args.profile else None
    with tempfile.TemporaryDirectory(prefix="cyberguide-bench-") as home, started(Path(home), args.train) as run:
        measured = asyncio.run(measure(run, tuple(args.levels), rounds, profiler))
        memory = run.memory.figures
        timings = run.timings
    action_mb = memory.get("cyberguide action server", {}).get("peak_mb")
    found = bench_report.checks(measured["results"][BASELINE], measured["results"][CYBERGUIDE], action_mb)
    document = bench_report.report(measured["results"], memory, timings, found, about)
    document["transcripts"] = measured["transcripts"]
    document["context"]["script_reached_assessment"] = measured["assessment"]
    document["profile"] = measured["profile"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(bench_report.render(document))
    for name, summary in measured["profile"].items():
        print(
            f"\n{name}: busy {summary['busy_s']} s during the {max(args.levels)}-concurrent level; % of busy samples:"
        )
        for kind in ("own", "inclusive"):
            print("\n".join(f"  {kind:>9} {pct:5.1f}%  {frame}" for frame, pct in summary[f"{kind}_pct"]))
    print(f"\nSaved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
