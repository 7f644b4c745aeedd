"""The chat widget in a real browser (Debian's Chromium driven by Playwright) against the real
gateway process (``python -m bot.channels.web``).

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
from playwright.sync_api import Browser, BrowserContext, Page, Request, sync_playwright

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
    """A ThreadingHTTPServer on loopback that can be stopped and started again on its port."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.port = free_port()
        self._handler = handler
        self._server: ThreadingHTTPServer | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler)
        self._server.owner = self  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


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
        if message == "/session_end":
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


def bot_count(page: Page) -> int:
    return page.locator(".cg-msg--bot").count()


def wait_for_reply(page: Page, before: int) -> None:
    """Wait until new bot messages arrived and the typing indicator is gone, or fail on an error."""
    page.wait_for_function(
        "([n]) => document.querySelectorAll('.cg-msg--bot').length > n || document.querySelector('.cg-error')",
        arg=[before],
        timeout=REPLY_TIMEOUT_MS,
    )
    error = page.locator(".cg-error")
    assert error.count() == 0, f"the widget showed an error: {error.first.inner_text()}"
    page.locator(".cg-typing").wait_for(state="hidden", timeout=REPLY_TIMEOUT_MS)


def type_and_send(page: Page, text: str) -> None:
    before = bot_count(page)
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()
    wait_for_reply(page, before)


def click_choice(page: Page, title: str | None = None) -> str:
    choices = page.locator(".cg-choices button")
    titles = [choices.nth(i).inner_text() for i in range(choices.count())]
    pick = title or next(t for t in titles if not AVOID_BUTTON.search(t))
    before = bot_count(page)
    page.locator(".cg-choices").get_by_role("button", name=pick, exact=True).click()
    wait_for_reply(page, before)
    return pick


def transcript(page: Page) -> str:
    return page.locator(".cg-log").inner_text()


def reach_assessment(page: Page, max_turns: int = 15) -> list[str]:
    """Greet, tell the account, then press buttons (or say "skip") until the assessment shows."""
    type_and_send(page, "hello")
    type_and_send(page, ACCOUNT)
    clicked: list[str] = []
    for _ in range(max_turns):
        text = transcript(page)
        if "Laws that may apply" in text and "Who can help" in text:
            return clicked
        usable = [
            title for title in page.locator(".cg-choices button").all_inner_texts() if not AVOID_BUTTON.search(title)
        ]
        if usable:
            clicked.append(click_choice(page, usable[0]))
        else:
            type_and_send(page, "skip")
    raise AssertionError(f"no assessment after {max_turns} turns:\n{transcript(page)}")


def only_hosts(requests: list[str], *netlocs: str) -> None:
    others = [url for url in requests if urlsplit(url).netloc not in netlocs]
    assert not others, f"requests to other hosts: {others}"


def session_token(page: Page) -> Callable[[], str | None]:
    """Remember the Bearer token the widget sends (it is only ever in the page's memory)."""
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


def watch_page_after_exit(page: Page, event: str) -> list[dict[str, Any]]:
    """Record what is left on the page right after the quick exit ran (in the same event,
    before the neutral site replaces it): the widget's listener runs first, this one after."""
    seen: list[dict[str, Any]] = []

    def on_console(message: Any) -> None:
        if message.text.startswith("after-exit "):
            seen.append(json.loads(message.text[len("after-exit ") :]))

    page.on("console", on_console)
    page.evaluate(
        """(event) => window.addEventListener(event, (e) => {
            if (event === 'keydown' && e.key !== 'Escape') return;
            console.log('after-exit ' + JSON.stringify({
                widget: document.querySelectorAll('.cg-root, .cg-msg, .cg-log, .cg-announcer').length,
                stored: sessionStorage.length,
                text: document.body.innerText,
            }));
        })""",
        event,
    )
    return seen


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def save_transcript(page: Page, name: str) -> None:
    """The whole conversation as text, and the chat scrolled to its end, for people to review."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.txt").write_text(transcript(page), encoding="utf-8")
    page.evaluate("document.querySelector('.cg-body').scrollTop = 1e9")
    page.locator(".cg-panel").screenshot(path=str(ARTIFACTS / f"{name}-end.png"))


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
        page.get_by_role("note").get_by_text("If someone may be watching this device").wait_for()
        screenshot(page, "desktop-1-safety-note")
        clicked = reach_assessment(page)
        text = transcript(page)
        assert "Laws that may apply" in text and "Who can help" in text
        assert clicked, "the conversation used buttons"
        assert page.locator(".cg-safety").is_hidden()
        screenshot(page, "desktop-2-assessment")
        save_transcript(page, "desktop-3-transcript")
        only_hosts(requests, stack_gateway.netloc)
    assert_no_private_text_in_logs(stack_gateway, ACCOUNT, "blocked him")


@pytest.mark.rasa
def test_phone_width_conversation(browser: Browser, stack_gateway: GatewayProcess) -> None:
    with open_page(browser, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2) as (page, requests):
        page.goto(stack_gateway.url + "/")
        screenshot(page, "phone-1-safety-note")
        reach_assessment(page)
        screenshot(page, "phone-2-assessment")
        save_transcript(page, "phone-4-transcript")
        page.locator("#chat").screenshot(path=str(ARTIFACTS / "phone-3-chat-panel.png"))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page scrolls sideways at 360 px ({width} px)"
        exit_box = page.get_by_role("button", name="Quick exit").bounding_box()
        assert exit_box and exit_box["x"] >= 0 and exit_box["x"] + exit_box["width"] <= PHONE["width"]
        assert exit_box["height"] >= 44
        for button in page.locator(".cg-root button:visible").all():
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
        page.get_by_label("Keep this chat if I reload this page").check()
        type_and_send(page, "hello")
        assert page.evaluate("sessionStorage.getItem('cyberguide.chat.v1')"), "kept, as asked"
        assert token()

        after_exit = watch_page_after_exit(page, "keydown")
        page.keyboard.press("Escape")
        page.wait_for_url(neutral.exit_url)
        assert len(after_exit) == 1, after_exit
        assert after_exit[0]["widget"] == 0 and after_exit[0]["stored"] == 0
        assert "You said" not in after_exit[0]["text"] and "hello" not in after_exit[0]["text"]
        assert page.get_by_role("heading", name="Weather today").is_visible()

        page.go_back()
        assert page.url == neutral.origin + "/start", "Back skips the chat page"
        assert page.locator(".cg-root").count() == 0
        page.goto(stack_gateway.url + "/widget/cyberguide-widget.css")  # same origin, same tab
        assert page.evaluate("sessionStorage.length") == 0

        deadline = time.monotonic() + 10
        while api_status(stack_gateway, "/api/message", token() or "", {"text": "hi"}) != 401:
            assert time.monotonic() < deadline, "the session was not ended on the gateway"
            time.sleep(0.2)
        only_hosts(requests, stack_gateway.netloc, urlsplit(neutral.origin).netloc)


@pytest.mark.rasa
def test_keyboard_only_conversation(browser: Browser, stack_gateway: GatewayProcess) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        page.goto(stack_gateway.url + "/")

        def focused() -> dict[str, Any]:
            return page.evaluate(
                """() => { const e = document.activeElement; const s = getComputedStyle(e);
                   return {cls: e.className || '', tag: e.tagName, text: (e.innerText || '').trim(),
                           outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow}; }"""
            )

        def tab_to(test: Callable[[dict[str, Any]], bool], key: str = "Tab", limit: int = 40) -> dict[str, Any]:
            for _ in range(limit):
                page.keyboard.press(key)
                state = focused()
                if state["tag"] != "BODY":
                    assert state["outline"] != "none 0px" or state["shadow"] != "none", f"no visible focus: {state}"
                if test(state):
                    return state
            raise AssertionError("could not reach the control with the keyboard")

        first = tab_to(lambda s: True)
        assert first["text"].startswith("Skip to the chat") or "cg-exit" in first["cls"]
        tab_to(lambda s: "cg-exit" in s["cls"])
        tab_to(lambda s: "cg-input" in s["cls"])
        for text in ("hello", ACCOUNT):
            before = bot_count(page)
            page.keyboard.type(text)
            page.keyboard.press("Enter")
            wait_for_reply(page, before)
            assert "cg-input" in focused()["cls"], "focus stays in the message box"
        for _ in range(8):
            if "Laws that may apply" in transcript(page):
                break
            before = bot_count(page)
            if page.locator(".cg-choices button").count():
                state = tab_to(
                    lambda s: "cg-choice" in s["cls"] and not AVOID_BUTTON.search(s["text"]), key="Shift+Tab"
                )
                page.keyboard.press("Enter")
                wait_for_reply(page, before)
                assert state["text"] in transcript(page)
                assert "cg-input" in focused()["cls"], "after a choice, focus goes back to the message box"
            else:
                page.keyboard.type("skip")
                page.keyboard.press("Enter")
                wait_for_reply(page, before)
        assert bot_count(page) >= 3


@pytest.mark.rasa
def test_bot_messages_are_announced(browser: Browser, stack_gateway: GatewayProcess) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        page.goto(stack_gateway.url + "/")
        live = page.locator("[aria-live='polite']")
        assert live.count() == 1
        type_and_send(page, "hello")
        first_reply = page.locator(".cg-msg--bot .cg-bubble").first.inner_text().split("\n")[0].strip()
        assert first_reply and first_reply in live.inner_text()
        assert ACCOUNT[:20] not in live.inner_text(), "the person's own words are not read back"
        assert page.get_by_role("list", name="Conversation").count() == 1


@pytest.mark.rasa
def test_html_and_script_typed_by_the_person_are_shown_as_text(browser: Browser, stack_gateway: GatewayProcess) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(stack_gateway.url + "/")
        type_and_send(page, HTML_ATTACK + '<a href="javascript:alert(3)">x</a>')
        bubble = page.locator(".cg-msg--user .cg-bubble").last
        assert bubble.inner_text().startswith(HTML_ATTACK)
        assert page.locator(".cg-log img, .cg-log script, .cg-log b, .cg-log a[href^='javascript']").count() == 0
        assert page.evaluate("window.__pwned") is None
        assert dialogs == []


# ------------------------------------------------------------------ widget behaviour with a scripted bot


def test_scripted_conversation_renders_text_lists_links_and_buttons(
    browser: Browser, scripted_gateway: GatewayProcess
) -> None:
    with open_page(browser, DESKTOP) as (page, requests):
        page.goto(scripted_gateway.url + "/")
        page.get_by_role("button", name="Start chat").click()
        page.locator(".cg-msg--bot").nth(1).wait_for()
        assert page.locator(".cg-msg--user").first.inner_text().endswith("Hello")
        clicked = reach_assessment(page)
        assert clicked == ["An ex-partner", "Texas"]
        links = page.locator(".cg-msg--bot a")
        assert links.count() == 1
        assert links.first.get_attribute("href") == "https://statutes.capitol.texas.gov/"
        assert links.first.get_attribute("rel") == "noopener noreferrer"
        assert links.first.get_attribute("target") == "_blank"
        assert page.locator(".cg-msg--bot li").count() == 4
        assert page.locator(".cg-msg--bot strong", has_text="Laws that may apply").count() == 1
        assert page.locator(".cg-choices").count() == 0, "old buttons are gone once answered"
        # What the person sees for a button is its title; what is sent is its payload.
        assert "An ex-partner" in transcript(page)
        only_hosts(requests, scripted_gateway.netloc)


def test_html_from_the_bot_is_shown_as_text(browser: Browser, scripted_gateway: GatewayProcess) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        page.goto(scripted_gateway.url + "/")
        type_and_send(page, "show html")
        assert page.locator(".cg-msg--bot .cg-bubble").last.inner_text() == f"Bot says {HTML_ATTACK}"
        assert page.locator(".cg-log img, .cg-log script, .cg-log b").count() == 0
        assert page.evaluate("window.__pwned") is None


def test_bot_down_shows_a_clear_error_and_retry_works(browser: Browser, neutral: NeutralSite) -> None:
    rasa = ScriptedRasa()  # not started yet: "the bot is down"
    with run_gateway(rasa.origin, neutral, "down") as gateway, open_page(browser, DESKTOP) as (page, _):
        page.goto(gateway.url + "/")
        page.get_by_label("Your message").fill("hello")
        page.keyboard.press("Enter")
        error = page.locator(".cg-error[role='alert']")
        error.wait_for()
        assert "not sent" in error.inner_text() and "try again" in error.inner_text().lower()
        assert "emergency" in error.inner_text()
        screenshot(page, "desktop-error-bot-down")
        rasa.start()
        try:
            page.get_by_role("button", name="Try again").click()
            page.locator(".cg-msg--bot").first.wait_for()
            assert page.locator(".cg-error").count() == 0
            assert page.locator(".cg-msg--user").count() == 1, "retry does not duplicate the message"
        finally:
            rasa.stop()

        gateway.process.terminate()  # now the network path to the gateway is gone too
        gateway.process.wait(timeout=10)
        page.get_by_label("Your message").fill("are you there?")
        page.keyboard.press("Enter")
        error.wait_for()
        assert "can\u2019t be reached" in error.inner_text()


def test_over_long_message_is_refused_clearly_and_kept_for_editing(
    browser: Browser, scripted_gateway: GatewayProcess
) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        page.goto(scripted_gateway.url + "/")
        box = page.get_by_label("Your message")
        assert box.get_attribute("maxlength") == "2000"
        box.fill("a" * 1950)
        assert page.locator(".cg-counter").inner_text() == "50 characters left"
        # Get past the browser's maxlength, as a script or a paste tool could.
        page.evaluate("document.querySelector('.cg-input').removeAttribute('maxlength')")
        box.fill("a" * 2500)
        page.keyboard.press("Enter")
        error = page.locator(".cg-error")
        error.wait_for()
        assert "too long" in error.inner_text() and "2000 characters" in error.inner_text()
        assert box.input_value() == "a" * 2500, "the text is given back to edit"
        assert page.locator(".cg-msg--user").count() == 0


def test_chat_survives_a_reload_only_when_the_person_chooses(
    browser: Browser, scripted_gateway: GatewayProcess
) -> None:
    with open_page(browser, DESKTOP) as (page, _):
        page.goto(scripted_gateway.url + "/")
        type_and_send(page, "hello")
        assert page.evaluate("sessionStorage.length + localStorage.length") == 0
        assert page.context.cookies() == []
        page.reload()
        assert page.locator(".cg-msg").count() == 0, "not kept: gone after a reload"
        assert page.locator(".cg-safety").is_visible()

        type_and_send(page, "hello")
        page.get_by_label("Keep this chat if I reload this page").check()
        page.reload()
        assert page.locator(".cg-msg--bot").count() == 2, "kept: back after a reload"
        assert page.get_by_label("Keep this chat if I reload this page").is_checked()
        type_and_send(page, ACCOUNT)  # the kept token still works
        assert page.locator(".cg-choices button").count() == 3
        assert page.evaluate("localStorage.length") == 0 and page.context.cookies() == []

        page.get_by_role("button", name="Delete chat").click()
        assert page.locator(".cg-msg").count() == 0
        assert page.evaluate("sessionStorage.length") == 0


def test_delete_chat_says_so_only_when_the_gateway_confirms_it_was_erased(
    browser: Browser, neutral: NeutralSite
) -> None:
    rasa = ScriptedRasa()
    rasa.start()
    try:
        with run_gateway(rasa.origin, neutral, "delete") as gateway, open_page(browser, DESKTOP) as (page, _):
            page.goto(gateway.url + "/")
            type_and_send(page, "hello")
            rasa.stop()  # Rasa cannot be told to forget
            page.get_by_role("button", name="Delete chat").click()
            error = page.locator(".cg-error")
            error.wait_for()
            assert "could not yet confirm" in error.inner_text(), error.inner_text()
            assert page.locator(".cg-msg").count() == 0, "the screen is cleared all the same"
            assert "Chat deleted." not in page.locator(".cg-announcer").inner_text()
            rasa.start()
            page.get_by_role("button", name="Try again").click()
            page.locator(".cg-announcer").get_by_text("Chat deleted.").wait_for(state="attached")
            assert error.count() == 0
            assert rasa.received[-1]["message"] == "/session_end"
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
        launcher.click()
        assert page.get_by_label("Your message").evaluate("e => e === document.activeElement")
        type_and_send(page, "hello")  # cross-origin: CORS against the allowlist
        screenshot(page, "phone-partner-floating")
        page.get_by_role("button", name="Minimise chat").click()
        assert launcher.is_visible()
        after_exit = watch_page_after_exit(page, "click")
        page.get_by_role("button", name="Quick exit").click()
        page.wait_for_url(neutral.exit_url)
        assert after_exit and after_exit[0]["widget"] == 0 and after_exit[0]["stored"] == 0
        page.go_back()
        assert page.url == neutral.origin + "/start"
        deadline = time.monotonic() + 10
        while api_status(scripted_gateway, "/api/message", token() or "", {"text": "hi"}) != 401:
            assert time.monotonic() < deadline, "the beacon did not end the session"
            time.sleep(0.2)
        only_hosts(requests, scripted_gateway.netloc, urlsplit(neutral.origin).netloc)


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
                page.get_by_label("Your message").fill("hello")
                page.keyboard.press("Enter")
                page.locator(".cg-error").wait_for()
                assert "can\u2019t be used from this website" in page.locator(".cg-error").inner_text().replace(
                    "'", "\u2019"
                )
                assert page.locator(".cg-msg--bot").count() == 0
                assert scripted_rasa.received[before:] == [], "nothing from a refused site reached Rasa"
    finally:
        other.stop()


def _contrast(page: Page, selector: str) -> float:
    return float(
        page.evaluate(
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
        type_and_send(page, "hello")
        type_and_send(page, ACCOUNT)
        for button in page.locator(".cg-root button").all():
            name = (button.get_attribute("aria-label") or button.inner_text()).strip()
            assert name, "every button has a name"
        assert page.get_by_role("textbox", name="Your message").count() == 1
        assert page.get_by_role("checkbox", name=re.compile("Keep this chat")).count() == 1
        assert page.get_by_role("group", name="Answers you can choose").count() == 1
        for selector in (
            ".cg-msg--bot .cg-bubble p",
            ".cg-msg--user .cg-bubble p",
            ".cg-choice",
            ".cg-send",
            ".cg-exit",
            ".cg-title",
            ".cg-subtitle",
            ".cg-hint",
            ".cg-link-button",
        ):
            ratio = _contrast(page, selector)
            assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f} is below 4.5:1"
        animation = page.evaluate("getComputedStyle(document.querySelector('.cg-dots span')).animationName")
        assert animation == "none"
