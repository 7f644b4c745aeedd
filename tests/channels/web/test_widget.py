"""The chat widget in a real browser (Debian's Chromium driven by Playwright) against the real
gateway process (``python -m bot.channels.web``).

The host page holds only the one-tag loader (a quick exit button, a launcher and an iframe); the
chat lives in that frame (``/widget/chat`` on the gateway), so the helpers below act on the
frame, as a person does, and the host page is checked for what it can and cannot see.

Tests marked ``rasa`` talk to the real Rasa server and action server (the ``rasa_stack``
fixture from tests/conftest.py). The others use a small scripted stand-in for Rasa's REST
channel, so rendering, errors and retry can be checked exactly and Rasa can be "down".
Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Frame, Page, Request, Route, sync_playwright

from bot.conversation.control import SESSION_END_DELETING_SHARED

REPO_ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
REPLY_TIMEOUT_MS = 90_000
ACCOUNT = "my ex keeps messaging me every day from new accounts after I blocked him, I live in Texas"
# Buttons a test must not press while trying to reach the assessment.
AVOID_BUTTON = re.compile(r"stop|start over|restart|exit|leave|delete|not safe|unsafe|danger|emergency", re.I)

pytestmark = pytest.mark.browser


# ------------------------------------------------------------------ small local servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Server:
    """A ThreadingHTTPServer on loopback that can be stopped and started again on its port.

    Its port stays bound from the start, listening only while it is started: a connection before
    then, or after a stop, is refused ("the bot is down"), and no other process can take the port
    in between (a free port picked, released and bound later was taken once under load)."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self._handler = handler
        self._server = self._reserve(0)
        self.port: int = self._server.server_address[1]
        self._serving = False

    def _reserve(self, port: int) -> ThreadingHTTPServer:
        server = ThreadingHTTPServer(("127.0.0.1", port), self._handler, bind_and_activate=False)
        server.server_bind()  # bound, not listening yet
        server.owner = self  # type: ignore[attr-defined]
        return server

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._server.server_activate()
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self._serving = True

    def stop(self) -> None:
        if self._serving:
            self._server.shutdown()
            self._server.server_close()
            self._server = self._reserve(self.port)  # SO_REUSEADDR: the same port at once
            self._serving = False


class _QuietHandler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _NeutralHandler(_QuietHandler):
    """A harmless site: a start page, a "weather" exit page, and a partner page that
    embeds the widget from the gateway (floating mode)."""

    def do_GET(self) -> None:
        site: NeutralSite = self.server.owner  # type: ignore[attr-defined]
        if self.path.startswith("/weather"):
            self._send(200, b"<!doctype html><title>Weather</title><h1>Weather today</h1>", "text/html")
        elif self.path.startswith("/liar"):
            # Frames the chat itself, naming an allowed site instead of its own origin.
            page = (
                "<!doctype html><html lang=en><title>Not a partner</title><h1>Not a partner</h1>"
                f'<iframe class="liar" title="chat" src="{site.gateway}/widget/chat?host={site.gateway}"></iframe></html>'
            )
            self._send(200, page.encode(), "text/html")
        elif self.path.startswith("/partner"):
            page = (
                "<!doctype html><html lang=en><title>Partner charity</title>"
                "<h1>Partner charity</h1><p>Our chat is in the corner.</p>"
                f'<script src="{site.gateway}/widget/cyberguide-widget.js" '
                f'data-cyberguide-gateway="{site.gateway}" defer></script></html>'
            )
            self._send(200, page.encode(), "text/html")
        else:
            self._send(200, b"<!doctype html><title>Start</title><h1>Start page</h1>", "text/html")


class NeutralSite(_Server):
    def __init__(self) -> None:
        super().__init__(_NeutralHandler)
        self.gateway = ""

    @property
    def exit_url(self) -> str:
        return f"{self.origin}/weather"


HTML_ATTACK = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>'


class _ScriptedRasaHandler(_QuietHandler):
    """A scripted stand-in for Rasa's REST webhook with a conversation shaped like the bot's."""

    def do_POST(self) -> None:
        rasa: ScriptedRasa = self.server.owner  # type: ignore[attr-defined]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        rasa.received.append(body)
        self._send(200, json.dumps(rasa.reply(body["message"])).encode(), "application/json")


class ScriptedRasa(_Server):
    def __init__(self) -> None:
        super().__init__(_ScriptedRasaHandler)
        self.received: list[dict[str, str]] = []

    @staticmethod
    def reply(message: str) -> list[dict[str, Any]]:
        text = message.lower()
        if message.startswith("/session_end"):
            return []
        if text in ("hello", "hi"):
            return [
                {"text": "Hi, I'm cyberguide. I'm glad you reached out."},
                {"text": "Can you tell me what is happening, in your own words? You can skip any question."},
            ]
        if "show html" in text:
            return [{"text": f"Bot says {HTML_ATTACK}"}]
        if "blocked" in text:
            return [
                {
                    "text": "That sounds frightening, and it is not your fault.\nWho is doing this?",
                    "buttons": [
                        {"title": "An ex-partner", "payload": "an ex partner"},
                        {"title": "Someone I don't know", "payload": "a stranger"},
                        {"title": "Skip", "payload": "skip"},
                    ],
                }
            ]
        if text in ("an ex partner", "a stranger"):
            return [
                {
                    "text": "Where do you live? This tells me which laws apply.",
                    "buttons": [
                        {"title": "Texas", "payload": "Texas"},
                        {"title": "Skip", "payload": "skip"},
                    ],
                }
            ]
        if text in ("texas", "skip"):
            return [
                {"text": "Here is what I found.\n\n**Your assessment**\nThis may be stalking."},
                {
                    "text": "**Laws that may apply**\n• Texas Penal Code 42.072 (stalking): https://statutes.capitol.texas.gov/\n- Harassment, 42.07"
                },
                {"text": "**Who can help**\n• A local helpline\n• The police, if you choose to report"},
            ]
        return [{"text": f"I heard: {message}"}]


# ------------------------------------------------------------------ the gateway process


@dataclass
class GatewayProcess:
    url: str
    log_path: Path
    process: subprocess.Popen[bytes]
    requests_seen: list[str] = field(default_factory=list)

    @property
    def netloc(self) -> str:
        return urlsplit(self.url).netloc

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def run_gateway(rasa_url: str, neutral: NeutralSite, name: str) -> Iterator[GatewayProcess]:
    """Start ``python -m bot.channels.web`` on a free port; wait until it says it is ready."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    neutral.gateway = url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out_path, log_path = ARTIFACTS / f"gateway-{name}.out", ARTIFACTS / f"gateway-{name}.log"
    env = {
        **os.environ,
        "CYBERGUIDE_GATEWAY_HOST": "127.0.0.1",
        "CYBERGUIDE_GATEWAY_PORT": str(port),
        "CYBERGUIDE_RASA_URL": rasa_url,
        "CYBERGUIDE_EXIT_URL": neutral.exit_url,
        "CYBERGUIDE_ALLOWED_ORIGINS": f"{url},{neutral.origin}",
        "CYBERGUIDE_SECRET_KEY": secrets.token_urlsafe(32),
        "PYTHONUNBUFFERED": "1",
    }
    with out_path.open("wb") as out, log_path.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.channels.web"], cwd=REPO_ROOT, env=env, stdout=out, stderr=err
        )
    try:
        deadline = time.monotonic() + 30
        while "cyberguide is ready: open" not in out_path.read_text():
            assert process.poll() is None, f"the gateway exited: {log_path.read_text()}"
            assert time.monotonic() < deadline, "the gateway did not start in 30 s"
            time.sleep(0.1)
        yield GatewayProcess(url=url, log_path=log_path, process=process)
    finally:
        process.terminate()
        process.wait(timeout=10)


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium. If it is missing this fails (it never skips)."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def neutral() -> Iterator[NeutralSite]:
    site = NeutralSite()
    site.start()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def scripted_rasa() -> Iterator[ScriptedRasa]:
    rasa = ScriptedRasa()
    rasa.start()
    yield rasa
    rasa.stop()


@pytest.fixture()
def scripted_gateway(scripted_rasa: ScriptedRasa, neutral: NeutralSite) -> Iterator[GatewayProcess]:
    with run_gateway(scripted_rasa.origin, neutral, "scripted") as gateway:
        yield gateway


@pytest.fixture()
def stack_gateway(rasa_stack: Any, neutral: NeutralSite) -> Iterator[GatewayProcess]:
    """The gateway in front of the real Rasa server and action server."""
    with run_gateway(rasa_stack.rasa_url, neutral, "stack") as gateway:
        yield gateway


@contextmanager
def open_page(browser: Browser, viewport: dict[str, int], **options: Any) -> Iterator[tuple[Page, list[str]]]:
    """A fresh context (no shared storage) whose every request URL is recorded."""
    context: BrowserContext = browser.new_context(viewport=viewport, **options)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page, requests
    finally:
        context.close()


# ------------------------------------------------------------------ helpers that act like a person


def chat(page: Page) -> Frame:
    """The chat's frame on this page (the widget's iframe), once the chat is built in it."""
    handle = page.wait_for_selector("iframe.cg-frame", state="attached")
    frame = handle.content_frame()
    assert frame is not None, "the widget's iframe has no document"
    frame.wait_for_selector(".cg-panel", state="attached")
    return frame


def bot_count(frame: Frame) -> int:
    return frame.locator(".cg-msg--bot").count()


def wait_for_reply(frame: Frame, before: int) -> None:
    """Wait until new bot messages arrived and the typing indicator is gone, or fail on an error."""
    frame.wait_for_function(
        "([n]) => document.querySelectorAll('.cg-msg--bot').length > n || document.querySelector('.cg-error')",
        arg=[before],
        timeout=REPLY_TIMEOUT_MS,
    )
    error = frame.locator(".cg-error")
    assert error.count() == 0, f"the widget showed an error: {error.first.inner_text()}"
    frame.locator(".cg-typing").wait_for(state="hidden", timeout=REPLY_TIMEOUT_MS)


def type_and_send(frame: Frame, text: str) -> None:
    before = bot_count(frame)
    frame.get_by_label("Your message").fill(text)
    frame.get_by_role("button", name="Send", exact=True).click()
    wait_for_reply(frame, before)


def click_choice(frame: Frame, title: str | None = None) -> str:
    choices = frame.locator(".cg-choices button")
    titles = [choices.nth(i).inner_text() for i in range(choices.count())]
    pick = title or next(t for t in titles if not AVOID_BUTTON.search(t))
    before = bot_count(frame)
    frame.locator(".cg-choices").get_by_role("button", name=pick, exact=True).click()
    wait_for_reply(frame, before)
    return pick


def transcript(frame: Frame) -> str:
    return frame.locator(".cg-log").inner_text()


def reach_assessment(frame: Frame, max_turns: int = 15) -> list[str]:
    """Greet, tell the account, then press buttons (or say "skip") until the assessment shows."""
    type_and_send(frame, "hello")
    type_and_send(frame, ACCOUNT)
    clicked: list[str] = []
    for _ in range(max_turns):
        text = transcript(frame)
        if "Laws that may apply" in text and "Who can help" in text:
            return clicked
        usable = [
            title for title in frame.locator(".cg-choices button").all_inner_texts() if not AVOID_BUTTON.search(title)
        ]
        if usable:
            clicked.append(click_choice(frame, usable[0]))
        else:
            type_and_send(frame, "skip")
    raise AssertionError(f"no assessment after {max_turns} turns:\n{transcript(frame)}")


def only_hosts(requests: list[str], *netlocs: str) -> None:
    others = [url for url in requests if urlsplit(url).netloc not in netlocs]
    assert not others, f"requests to other hosts: {others}"


def session_token(page: Page) -> Callable[[], str | None]:
    """Remember the Bearer token the chat sends (it is only ever in the chat frame's memory)."""
    seen: dict[str, str] = {}

    def on_request(request: Request) -> None:
        auth = request.headers.get("authorization", "")
        if auth.startswith("Bearer "):
            seen["token"] = auth[len("Bearer ") :]

    page.on("request", on_request)
    return lambda: seen.get("token")


def api_status(gateway: GatewayProcess, path: str, token: str, body: dict[str, Any]) -> int:
    request = urllib.request.Request(
        gateway.url + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def watch_after_exit(target: Page | Frame, event: str) -> list[dict[str, Any]]:
    """Record what is left in the host page or the chat frame right after the quick exit ran
    there, in the same event (the widget's listener runs first, this one after): ``keydown``
    (Escape pressed there) or ``message`` (the other side asked)."""
    seen: list[dict[str, Any]] = []
    page = target if isinstance(target, Page) else target.page

    def on_console(message: Any) -> None:
        if message.text.startswith("after-exit "):
            seen.append(json.loads(message.text[len("after-exit ") :]))

    page.on("console", on_console)
    target.evaluate(
        """(event) => window.addEventListener(event, (e) => {
            if (event === 'keydown' && e.key !== 'Escape') return;
            if (event === 'message' && !/quick-exit|leave/.test(JSON.stringify(e.data))) return;
            console.log('after-exit ' + JSON.stringify({
                where: location.pathname,
                widget: document.querySelectorAll('.cg-host, .cg-root, .cg-msg, .cg-log, .cg-announcer').length,
                stored: sessionStorage.length,
                text: document.body.innerText,
            }));
        })""",
        event,
    )
    return seen


@contextmanager
def exit_held_until(page: Page, exit_url: str, *watchers: list[dict[str, Any]]) -> Iterator[None]:
    """Hold the quick exit's navigation until every watcher has reported, then let it go.

    A console message written just before a page is left can be lost with the page (a slow
    CI machine lost both); while the exit is held, the pages it leaves are still alive. What
    starts the exit inside the block must not wait for its navigation (`no_wait_after=True`)."""
    held: list[Route] = []

    def hold(route: Route) -> None:  # Playwright wants a function of its own here
        held.append(route)

    page.route(exit_url, hold)
    yield
    deadline = time.monotonic() + 15
    while not (held and all(watchers)):
        assert time.monotonic() < deadline, f"quick exit left: {bool(held)}; watchers: {watchers}"
        page.wait_for_timeout(50)
    held[0].continue_()
    page.unroute(exit_url)


def server_ended(gateway: GatewayProcess, token: str | None) -> None:
    """Wait until the gateway refuses the session's token (the chat was ended there)."""
    assert token, "the chat never had a session"
    deadline = time.monotonic() + 10
    while api_status(gateway, "/api/message", token, {"text": "hi"}) != 401:
        assert time.monotonic() < deadline, "the session was not ended on the gateway"
        time.sleep(0.2)


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def save_transcript(frame: Frame, name: str) -> None:
    """The whole conversation as text, and the chat scrolled to its end, for people to review."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.txt").write_text(transcript(frame), encoding="utf-8")
    frame.evaluate("document.querySelector('.cg-body').scrollTop = 1e9")
    frame.locator(".cg-panel").screenshot(path=str(ARTIFACTS / f"{name}-end.png"))


def assert_no_private_text_in_logs(gateway: GatewayProcess, *texts: str) -> None:
    logs = gateway.logs()
    assert "POST /api/message 200" in logs
    for text in texts:
        assert text not in logs


# ------------------------------------------------------------------ the real stack


@pytest.mark.rasa
def test_whole_conversation_reaches_assessment_laws_and_contacts(
    browser: Browser, stack_gateway: GatewayProcess
) -> None:
    with open_page(browser, DESKTOP) as (page, requests):
        page.goto(stack_gateway.url + "/")
        frame = chat(page)
        frame.get_by_role("note").get_by_text("If someone may be watching this device").wait_for()
        screenshot(page, "desktop-1-safety-note")
        clicked = reach_assessment(frame)
        text = transcript(frame)
        assert "Laws that may apply" in text and "Who can help" in text
        assert clicked, "the conversation used buttons"
        assert frame.locator(".cg-safety").is_hidden()
        screenshot(page, "desktop-2-assessment")
        save_transcript(frame, "desktop-3-transcript")
        only_hosts(requests, stack_gateway.netloc)
    assert_no_private_text_in_logs(stack_gateway, ACCOUNT, "blocked him")


@pytest.mark.rasa
def test_phone_width_conversation(browser: Browser, stack_gateway: GatewayProcess) -> None:
    with open_page(browser, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2) as (page, requests):
        page.goto(stack_gateway.url + "/")
        frame = chat(page)
        screenshot(page, "phone-1-safety-note")
        reach_assessment(frame)
        screenshot(page, "phone-2-assessment")
        save_transcript(frame, "phone-4-transcript")
        page.locator("#chat").screenshot(path=str(ARTIFACTS / "phone-3-chat-panel.png"))
        for target in (page, frame):
            width = target.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{target.url} scrolls sideways at 360 px ({width} px)"
        exit_box = page.get_by_role("button", name="Quick exit").bounding_box()
        assert exit_box and exit_box["x"] >= 0 and exit_box["x"] + exit_box["width"] <= PHONE["width"]
        assert exit_box["height"] >= 44
        for button in frame.locator(".cg-root button:visible").all():
            box = button.bounding_box()
            assert box and box["height"] >= 44, f"small touch target: {button.inner_text()!r}"
        only_hosts(requests, stack_gateway.netloc)


@pytest.mark.rasa
def test_quick_exit_clears_the_page_and_storage_and_back_does_not_return(
    browser: Browser, stack_gateway: GatewayProcess, neutral: NeutralSite
) -> None:
    with open_page(browser, DESKTOP) as (page, requests):
        token = session_token(page)
        page.goto(neutral.origin + "/start")
        page.goto(stack_gateway.url + "/")
        frame = chat(page)
        frame.get_by_label("Keep this chat if I reload this page").check()
        type_and_send(frame, "hello")
        assert frame.evaluate("sessionStorage.length") == 0, "kept, but written only as the page is left"
        assert token()

        in_frame, in_host = watch_after_exit(frame, "keydown"), watch_after_exit(page, "message")
        with exit_held_until(page, neutral.exit_url, in_frame, in_host):
            # typed in the chat: the frame's own Esc (no waiting for the navigation it starts: it is held)
            frame.get_by_label("Your message").press("Escape", no_wait_after=True)
        page.wait_for_url(neutral.exit_url)
        assert in_frame and in_host, (in_frame, in_host)
        assert in_frame[0]["widget"] == 0 and in_frame[0]["stored"] == 0, "the chat was wiped before leaving"
        assert "You said" not in in_frame[0]["text"] and "hello" not in in_frame[0]["text"]
        assert "You said" not in in_host[0]["text"] and "hello" not in in_host[0]["text"]
        assert page.get_by_role("heading", name="Weather today").is_visible()

        page.go_back()
        assert page.url == neutral.origin + "/start", "Back skips the chat page"
        assert page.locator(".cg-host").count() == 0
        page.goto(stack_gateway.url + "/widget/cyberguide-widget.css")  # the chat's origin, same tab
        assert page.evaluate("sessionStorage.length") == 0
        server_ended(stack_gateway, token())
        only_hosts(requests, stack_gateway.netloc, urlsplit(neutral.origin).netloc)


def _focused(page: Page) -> dict[str, Any]:
    """The focused element, inside the chat's frame when focus is there."""
    script = """() => { const e = document.activeElement; const s = getComputedStyle(e);
           return {cls: e.className || '', tag: e.tagName, text: (e.innerText || '').trim(),
                   outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow}; }"""
    state: dict[str, Any] = page.evaluate(script)
    if state["tag"] == "IFRAME":
        state = chat(page).evaluate(script)
    return state


@pytest.mark.rasa
def test_keyboard_only_conversation(browser: Browser, stack_gateway: GatewayProcess) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        page.goto(stack_gateway.url + "/")
        frame = chat(page)

        def tab_to(test: Callable[[dict[str, Any]], bool], key: str = "Tab", limit: int = 40) -> dict[str, Any]:
            for _ in range(limit):
                page.keyboard.press(key)
                state = _focused(page)
                if state["tag"] not in ("BODY", "HTML"):
                    assert state["outline"] != "none 0px" or state["shadow"] != "none", f"no visible focus: {state}"
                if test(state):
                    return state
            raise AssertionError("could not reach the control with the keyboard")

        first = tab_to(lambda s: True)
        assert first["text"].startswith("Skip to the chat") or "cg-exit" in first["cls"]
        tab_to(lambda s: "cg-exit" in s["cls"])
        tab_to(lambda s: "cg-input" in s["cls"])
        for text in ("hello", ACCOUNT):
            before = bot_count(frame)
            page.keyboard.type(text)
            page.keyboard.press("Enter")
            wait_for_reply(frame, before)
            assert "cg-input" in _focused(page)["cls"], "focus stays in the message box"
        for _ in range(8):
            if "Laws that may apply" in transcript(frame):
                break
            before = bot_count(frame)
            if frame.locator(".cg-choices button").count():
                state = tab_to(
                    lambda s: "cg-choice" in s["cls"] and not AVOID_BUTTON.search(s["text"]), key="Shift+Tab"
                )
                page.keyboard.press("Enter")
                wait_for_reply(frame, before)
                assert state["text"] in transcript(frame)
                assert "cg-input" in _focused(page)["cls"], "after a choice, focus goes back to the message box"
            else:
                page.keyboard.type("skip")
                page.keyboard.press("Enter")
                wait_for_reply(frame, before)
        assert bot_count(frame) >= 3


@pytest.mark.rasa
def test_bot_messages_are_announced(browser: Browser, stack_gateway: GatewayProcess) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        page.goto(stack_gateway.url + "/")
        frame = chat(page)
        live = frame.locator("[aria-live='polite']")
        assert live.count() == 1
        type_and_send(frame, "hello")
        first_reply = frame.locator(".cg-msg--bot .cg-bubble").first.inner_text().split("\n")[0].strip()
        assert first_reply and first_reply in live.inner_text()
        assert ACCOUNT[:20] not in live.inner_text(), "the person's own words are not read back"
        assert frame.get_by_role("list", name="Conversation").count() == 1
        assert page.locator("iframe[title='cyberguide chat']").count() == 1, "the frame has a name"


@pytest.mark.rasa
def test_html_and_script_typed_by_the_person_are_shown_as_text(browser: Browser, stack_gateway: GatewayProcess) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(stack_gateway.url + "/")
        frame = chat(page)
        type_and_send(frame, HTML_ATTACK + '<a href="javascript:alert(3)">x</a>')
        bubble = frame.locator(".cg-msg--user .cg-bubble").last
        assert bubble.inner_text().startswith(HTML_ATTACK)
        assert frame.locator(".cg-log img, .cg-log script, .cg-log b, .cg-log a[href^='javascript']").count() == 0
        assert frame.evaluate("window.__pwned") is None and page.evaluate("window.__pwned") is None
        assert dialogs == []


# ------------------------------------------------------------------ widget behaviour with a scripted bot


def test_scripted_conversation_renders_text_lists_links_and_buttons(
    browser: Browser, scripted_gateway: GatewayProcess
) -> None:
    with open_page(browser, DESKTOP) as (page, requests):
        page.goto(scripted_gateway.url + "/")
        frame = chat(page)
        frame.get_by_role("button", name="Start chat").click()
        frame.locator(".cg-msg--bot").nth(1).wait_for()
        assert frame.locator(".cg-msg--user").first.inner_text().endswith("Hello")
        clicked = reach_assessment(frame)
        assert clicked == ["An ex-partner", "Texas"]
        links = frame.locator(".cg-msg--bot a")
        assert links.count() == 1
        assert links.first.get_attribute("href") == "https://statutes.capitol.texas.gov/"
        assert links.first.get_attribute("rel") == "noopener noreferrer"
        assert links.first.get_attribute("target") == "_blank"
        assert frame.locator(".cg-msg--bot li").count() == 4
        assert frame.locator(".cg-msg--bot strong", has_text="Laws that may apply").count() == 1
        assert frame.locator(".cg-choices").count() == 0, "old buttons are gone once answered"
        # What the person sees for a button is its title; what is sent is its payload.
        assert "An ex-partner" in transcript(frame)
        only_hosts(requests, scripted_gateway.netloc)


def test_html_from_the_bot_is_shown_as_text(browser: Browser, scripted_gateway: GatewayProcess) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        page.goto(scripted_gateway.url + "/")
        frame = chat(page)
        type_and_send(frame, "show html")
        assert frame.locator(".cg-msg--bot .cg-bubble").last.inner_text() == f"Bot says {HTML_ATTACK}"
        assert frame.locator(".cg-log img, .cg-log script, .cg-log b").count() == 0
        assert frame.evaluate("window.__pwned") is None


def test_bot_down_shows_a_clear_error_and_retry_works(browser: Browser, neutral: NeutralSite) -> None:
    rasa = ScriptedRasa()  # not started yet: "the bot is down"
    with run_gateway(rasa.origin, neutral, "down") as gateway, open_page(browser, DESKTOP) as (page, _):
        page.goto(gateway.url + "/")
        frame = chat(page)
        frame.get_by_label("Your message").fill("hello")
        page.keyboard.press("Enter")
        error = frame.locator(".cg-error[role='alert']")
        error.wait_for()
        # The gateway's safe answer, as it gave it: the danger line first, then what to do.
        assert error.inner_text().startswith("If you are in danger now, call ")
        assert "again in a minute" in error.inner_text()
        assert frame.get_by_role("button", name="Try again").is_visible()
        screenshot(page, "desktop-error-bot-down")
        rasa.start()
        try:
            frame.get_by_role("button", name="Try again").click()
            frame.locator(".cg-msg--bot").first.wait_for()
            assert frame.locator(".cg-error").count() == 0
            assert frame.locator(".cg-msg--user").count() == 1, "retry does not duplicate the message"
        finally:
            rasa.stop()

        gateway.process.terminate()  # now the network path to the gateway is gone too
        gateway.process.wait(timeout=10)
        frame.get_by_label("Your message").fill("are you there?")
        page.keyboard.press("Enter")
        error.wait_for()
        assert "can\u2019t be reached" in error.inner_text()


def test_over_long_message_is_refused_clearly_and_kept_for_editing(
    browser: Browser, scripted_gateway: GatewayProcess
) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        page.goto(scripted_gateway.url + "/")
        frame = chat(page)
        box = frame.get_by_label("Your message")
        assert box.get_attribute("maxlength") == "2000"
        box.fill("a" * 1950)
        assert frame.locator(".cg-counter").inner_text() == "50 characters left"
        # Get past the browser's maxlength, as a script or a paste tool could.
        frame.evaluate("document.querySelector('.cg-input').removeAttribute('maxlength')")
        box.fill("a" * 2500)
        page.keyboard.press("Enter")
        error = frame.locator(".cg-error")
        error.wait_for()
        assert "too long" in error.inner_text() and "2000 characters" in error.inner_text()
        assert box.input_value() == "a" * 2500, "the text is given back to edit"
        assert frame.locator(".cg-msg--user").count() == 0


def test_chat_survives_a_reload_only_when_the_person_chooses(
    browser: Browser, scripted_gateway: GatewayProcess, neutral: NeutralSite
) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        token = session_token(page)
        page.goto(scripted_gateway.url + "/")
        frame = chat(page)
        type_and_send(frame, "hello")
        assert frame.evaluate("sessionStorage.length + localStorage.length") == 0
        assert page.context.cookies() == []
        unkept_token = token()
        page.reload()
        frame = chat(page)
        assert frame.locator(".cg-msg").count() == 0, "not kept: gone after a reload"
        assert frame.locator(".cg-safety").is_visible()
        server_ended(scripted_gateway, unkept_token)  # and ended as the page was left

        type_and_send(frame, "hello")
        keep = "Keep this chat if I reload this page"
        frame.get_by_label(keep).check()
        assert frame.evaluate("sessionStorage.length") == 0, "nothing is written while the chat is shown"
        page.reload()
        frame = chat(page)
        assert frame.locator(".cg-msg--bot").count() == 2, "kept: back after a reload"
        assert frame.get_by_label(keep).is_checked()
        assert frame.evaluate("sessionStorage.length") == 0, "the copy is removed once read back"
        type_and_send(frame, ACCOUNT)  # the kept token still works
        assert frame.locator(".cg-choices button").count() == 3
        assert frame.evaluate("localStorage.length") == 0 and page.context.cookies() == []

        # Not a reload (Back, a new visit, a reopened tab): the copy is thrown away, the chat ended.
        kept_token = token()
        page.goto(neutral.origin + "/start")
        page.go_back()
        frame = chat(page)
        assert frame.locator(".cg-msg").count() == 0, "only a reload brings a kept chat back"
        assert frame.evaluate("sessionStorage.length") == 0
        server_ended(scripted_gateway, kept_token)

        # A reload more than a minute after leaving: thrown away too.
        type_and_send(frame, "hello")
        frame.get_by_label(keep).check()
        late_token = token()
        page.add_init_script(
            "if (location.pathname === '/widget/chat') {"
            " const now = Date.now.bind(Date); Date.now = () => now() + 2 * 60 * 1000; }"
        )
        page.reload()
        frame = chat(page)
        assert frame.locator(".cg-msg").count() == 0, "a copy older than a minute is not shown"
        assert frame.evaluate("sessionStorage.length") == 0
        server_ended(scripted_gateway, late_token)

        type_and_send(frame, "hello")
        frame.get_by_role("button", name="Delete chat").click()
        assert frame.locator(".cg-msg").count() == 0
        assert frame.evaluate("sessionStorage.length") == 0


def test_delete_chat_says_so_only_when_the_gateway_confirms_it_was_erased(
    browser: Browser, neutral: NeutralSite
) -> None:
    rasa = ScriptedRasa()
    rasa.start()
    try:
        with run_gateway(rasa.origin, neutral, "delete") as gateway, open_page(browser, DESKTOP) as (page, _):
            page.goto(gateway.url + "/")
            frame = chat(page)
            type_and_send(frame, "hello")
            rasa.stop()  # Rasa cannot be told to forget
            frame.get_by_role("button", name="Delete chat").click()
            error = frame.locator(".cg-error")
            error.wait_for()
            assert "could not yet confirm" in error.inner_text(), error.inner_text()
            assert frame.locator(".cg-msg").count() == 0, "the screen is cleared all the same"
            assert "Chat deleted." not in frame.locator(".cg-announcer").inner_text()
            rasa.start()
            frame.get_by_role("button", name="Try again").click()
            frame.locator(".cg-announcer").get_by_text("Chat deleted.").wait_for(state="attached")
            assert error.count() == 0
            assert rasa.received[-1]["message"] == SESSION_END_DELETING_SHARED  # the shared summary too
    finally:
        rasa.stop()


def test_floating_widget_on_a_partner_site_and_quick_exit_button(
    browser: Browser, scripted_gateway: GatewayProcess, neutral: NeutralSite
) -> None:
    with open_page(browser, PHONE) as (page, requests):
        token = session_token(page)
        page.goto(neutral.origin + "/start")
        page.goto(neutral.origin + "/partner")
        launcher = page.get_by_role("button", name="Chat with cyberguide")
        assert launcher.get_attribute("aria-expanded") == "false"
        assert page.locator(".cg-frame-box").is_hidden()
        launcher.click()
        assert launcher.is_hidden()
        frame = chat(page)
        frame.wait_for_function("document.activeElement === document.querySelector('.cg-input')")
        type_and_send(frame, "hello")  # from the chat's own origin: no CORS needed
        screenshot(page, "phone-partner-floating")
        frame.get_by_role("button", name="Minimise chat").click()
        launcher.wait_for(state="visible")  # the frame asks the host page, which hides it
        assert launcher.get_attribute("aria-expanded") == "false"
        assert page.locator(".cg-frame-box").is_hidden()
        assert launcher.evaluate("e => e === document.activeElement"), "focus goes back to the launcher"
        in_frame, in_host = watch_after_exit(frame, "message"), watch_after_exit(page, "message")
        with exit_held_until(page, neutral.exit_url, in_frame, in_host):
            page.get_by_role("button", name="Quick exit").click(no_wait_after=True)  # the exit it starts is held
        page.wait_for_url(neutral.exit_url)
        assert in_frame and in_frame[0]["widget"] == 0 and in_frame[0]["stored"] == 0, "the frame wiped the chat"
        assert in_host and in_host[0]["widget"] == 0 and in_host[0]["stored"] == 0, "then the host page left"
        page.go_back()
        assert page.url == neutral.origin + "/start"
        server_ended(scripted_gateway, token())
        only_hosts(requests, scripted_gateway.netloc, urlsplit(neutral.origin).netloc)


def test_escape_in_the_host_page_wipes_a_kept_chat_server_side_and_leaves(
    browser: Browser, scripted_gateway: GatewayProcess, scripted_rasa: ScriptedRasa, neutral: NeutralSite
) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        token = session_token(page)
        page.goto(neutral.origin + "/start")
        page.goto(neutral.origin + "/partner")
        page.get_by_role("button", name="Chat with cyberguide").click()
        frame = chat(page)
        frame.get_by_label("Keep this chat if I reload this page").check()
        type_and_send(frame, "hello")
        in_frame = watch_after_exit(frame, "message")
        page.get_by_role("heading", name="Partner charity").click()  # focus back in the host page
        with exit_held_until(page, neutral.exit_url, in_frame):
            page.keyboard.press("Escape")
        page.wait_for_url(neutral.exit_url)
        server_ended(scripted_gateway, token())
        assert [m for m in scripted_rasa.received if m["message"] == "/session_end"], "Rasa was told to forget"
        assert in_frame and in_frame[0]["widget"] == 0 and in_frame[0]["stored"] == 0, "the kept chat was wiped"
        page.go_back()
        assert page.url == neutral.origin + "/start"


def test_the_chat_page_opened_on_its_own_has_its_own_quick_exit(
    browser: Browser, scripted_gateway: GatewayProcess, neutral: NeutralSite
) -> None:
    with open_page(browser, PHONE) as (page, _):
        token = session_token(page)
        page.goto(neutral.origin + "/start")
        page.goto(scripted_gateway.url + "/widget/chat")
        frame = page.main_frame
        frame.wait_for_selector(".cg-panel")
        type_and_send(frame, "hello")
        assert frame.locator(".cg-close").count() == 0, "nothing to minimise into"
        exit_button = page.get_by_role("button", name="Quick exit")
        box = exit_button.bounding_box()
        assert box and box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
        exit_button.click()
        page.wait_for_url(neutral.exit_url)  # the gateway's CYBERGUIDE_EXIT_URL
        page.go_back()
        assert page.url == neutral.origin + "/start"
        server_ended(scripted_gateway, token())


def test_the_host_page_cannot_read_the_chat_its_token_or_its_storage(
    browser: Browser, scripted_gateway: GatewayProcess, neutral: NeutralSite
) -> None:
    """What an embedding site's analytics or session-replay script could try, from the host page."""
    with open_page(browser, DESKTOP) as (page, _):
        page.add_init_script(
            "if (window.top === window) { window.__seen = [];"
            " addEventListener('message', (e) => window.__seen.push(JSON.stringify(e.data))); }"
        )
        carried_token: list[tuple[str, str]] = []

        def on_request(request: Request) -> None:
            auth = request.headers.get("authorization", "")
            if auth or (request.post_data and request.url.endswith("/api/session/end")):
                carried_token.append((request.frame.url, request.url))

        page.on("request", on_request)
        token = session_token(page)
        page.goto(neutral.origin + "/partner")
        page.get_by_role("button", name="Chat with cyberguide").click()
        frame = chat(page)
        frame.get_by_label("Keep this chat if I reload this page").check()
        type_and_send(frame, "hello")
        type_and_send(frame, ACCOUNT)
        frame.evaluate("window.dispatchEvent(new Event('pagehide'))")  # as if leaving: a kept chat is written
        assert frame.evaluate("sessionStorage.length") == 1, "the kept copy is in the frame's own storage"
        secret = token()
        assert secret

        seen = page.evaluate(
            """() => {
                const frame = document.querySelector('iframe.cg-frame');
                const out = {
                    html: document.documentElement.outerHTML,
                    text: document.body.innerText,
                    storage: JSON.stringify(Object.entries(sessionStorage)) + JSON.stringify(Object.entries(localStorage)),
                    cookies: document.cookie,
                    contentDocument: frame.contentDocument === null ? 'none' : 'readable',
                    messages: window.__seen.join('\\n'),
                };
                try { out.document = frame.contentWindow.document.body.innerText; } catch (e) { out.document = e.name; }
                try { out.frameStorage = frame.contentWindow.sessionStorage.length; } catch (e) { out.frameStorage = e.name; }
                return out;
            }"""
        )
        assert seen["contentDocument"] == "none"
        assert seen["document"] == "SecurityError" and seen["frameStorage"] == "SecurityError"
        assert seen["storage"] == "[][]" and seen["cookies"] == ""
        for private in ("hello", ACCOUNT, "blocked", "Who is doing this", "I'm glad you reached out", secret):
            for where in ("html", "text", "storage", "messages"):
                assert private not in seen[where], (private, where)
        assert "cyberguide:ready" in seen["messages"], "the frame does talk to the host page, about nothing private"
        assert carried_token and all("/widget/chat" in frame_url for frame_url, _ in carried_token), carried_token


def test_the_chat_page_carries_its_own_policy_in_the_browser(
    browser: Browser, scripted_gateway: GatewayProcess, neutral: NeutralSite
) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        policies: list[str] = []
        page.on(
            "response",
            lambda response: (
                policies.append(response.headers.get("content-security-policy", ""))
                if "/widget/chat?" in response.url
                else None
            ),
        )
        page.goto(neutral.origin + "/partner")
        frame = chat(page)
        assert policies and f"frame-ancestors {neutral.origin}" in policies[0]
        assert "script-src 'self'" in policies[0] and "unsafe-inline" not in policies[0]
        # Inside the frame the policy holds: no inline script, no request to another host.
        blocked = frame.evaluate(
            """async (elsewhere) => {
                const result = {};
                try {
                    const s = document.createElement('script');
                    s.textContent = 'window.__inline = 1';
                    document.body.appendChild(s);
                } catch (e) { result.scriptError = e.name; }
                result.inline = window.__inline === 1;
                result.fetch = await fetch(elsewhere).then(() => 'sent', () => 'blocked');
                return result;
            }""",
            neutral.origin + "/weather",
        )
        assert blocked["inline"] is False and blocked["fetch"] == "blocked", blocked

        # A page that names another (allowed) site as its host is not allowed to show the chat.
        page.goto(neutral.origin + "/liar")
        liar = page.wait_for_selector("iframe.liar").content_frame()
        assert liar is not None
        deadline = time.monotonic() + 10
        while not liar.url.startswith("chrome-error:"):  # Chromium's page for a refused frame
            assert time.monotonic() < deadline, f"the chat was shown to a page that lied: {liar.url}"
            page.wait_for_timeout(100)
        assert liar.locator(".cg-panel").count() == 0 and liar.locator(".cg-input").count() == 0


def test_a_site_not_on_the_allowlist_cannot_use_the_chat(
    browser: Browser, scripted_rasa: ScriptedRasa, neutral: NeutralSite
) -> None:
    other = NeutralSite()  # another origin, not allowed by the gateway
    other.start()
    try:
        with run_gateway(scripted_rasa.origin, neutral, "allowlist") as gateway:
            other.gateway = gateway.url
            with open_page(browser, DESKTOP) as (page, _):
                before = len(scripted_rasa.received)
                page.goto(other.origin + "/partner")
                page.get_by_role("button", name="Chat with cyberguide").click()
                frame = page.wait_for_selector("iframe.cg-frame").content_frame()
                assert frame is not None
                refusal = frame.locator(".cg-error[role='alert']")
                refusal.wait_for()
                assert "can\u2019t be used from this website" in refusal.inner_text().replace("'", "\u2019")
                assert frame.locator(".cg-input").count() == 0
                assert scripted_rasa.received[before:] == [], "nothing from a refused site reached Rasa"
    finally:
        other.stop()


def _contrast(target: Page | Frame, selector: str) -> float:
    return float(
        target.evaluate(
            """(sel) => {
            const e = document.querySelector(sel);
            const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                                         return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
            let bg = e, color = getComputedStyle(e).color;
            while (bg && getComputedStyle(bg).backgroundColor.match(/rgba\\(.*, 0\\)|transparent/)) bg = bg.parentElement;
            const [a, b] = [lum(parse(color)), lum(parse(getComputedStyle(bg || document.body).backgroundColor))];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
            selector,
        )
    )


def test_labels_contrast_and_reduced_motion(browser: Browser, scripted_gateway: GatewayProcess) -> None:
    with open_page(browser, DESKTOP, reduced_motion="reduce") as (page, _):
        page.goto(scripted_gateway.url + "/")
        frame = chat(page)
        type_and_send(frame, "hello")
        type_and_send(frame, ACCOUNT)
        for button in [*page.locator(".cg-host button").all(), *frame.locator(".cg-root button").all()]:
            name = (button.get_attribute("aria-label") or button.inner_text()).strip()
            assert name, "every button has a name"
        assert frame.get_by_role("textbox", name="Your message").count() == 1
        assert frame.get_by_role("checkbox", name=re.compile("Keep this chat")).count() == 1
        assert frame.get_by_role("group", name="Answers you can choose").count() == 1
        checks: list[tuple[Page | Frame, str]] = [(page, ".cg-exit")]
        checks += [
            (frame, selector)
            for selector in (
                ".cg-msg--bot .cg-bubble p",
                ".cg-msg--user .cg-bubble p",
                ".cg-choice",
                ".cg-send",
                ".cg-title",
                ".cg-subtitle",
                ".cg-hint",
                ".cg-link-button",
            )
        ]
        for target, selector in checks:
            ratio = _contrast(target, selector)
            assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f} is below 4.5:1"
        animation = frame.evaluate("getComputedStyle(document.querySelector('.cg-dots span')).animationName")
        assert animation == "none"
