"""Property-based tests: thousands of hostile requests through the real gateway over real HTTP.

Random Unicode (lone surrogates too), 100 KB messages, control characters, HTML and script, SQL,
malformed and deeply nested JSON, wrong types, odd charsets, garbage request lines and headers.
Whatever arrives: never a 5xx, never an error in the log, the gateway keeps answering, and nothing
that was sent is echoed back into a page or an error.

The gateway runs in a thread of its own (its own event loop, served by GatewayRunner as in
production) in front of a stand-in for Rasa that never repeats what it is sent, so any echo would
be the gateway's. Example counts come from the ``cyberguide-gateway`` profile below (set
``HYPOTHESIS_PROFILE=cyberguide-gateway-long`` for a longer run).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.web import errors, middleware
from bot.channels.web.app import DEMO_PAGE, STATIC_DIR, create_app
from bot.channels.web.connections import GatewayRunner
from bot.channels.web.middleware import _ORIGIN as WELL_FORMED_ORIGIN
from bot.channels.web.ratelimit import Rate, RateLimits
from tests.channels.web.support import FakeRasa, settings_for

settings.register_profile(
    "cyberguide-gateway",
    max_examples=300,
    deadline=None,
    database=None,  # nothing written into the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
settings.register_profile(
    "cyberguide-gateway-long", parent=settings.get_profile("cyberguide-gateway"), max_examples=3000
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "cyberguide-gateway")
if PROFILE.startswith("cyberguide-gateway"):
    settings.load_profile(PROFILE)

UNLIMITED = RateLimits(
    session_messages=Rate(10**9, 1.0),
    address_messages=Rate(10**9, 1.0),
    address_sessions=Rate(10**9, 1.0),
    address_ends=Rate(10**9, 1.0),
)
ATTACKS = [
    "<script>alert(document.cookie)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ exit_url }}",
    "'; DROP TABLE sessions; --",
    "' OR '1'='1",
    "/restart",
    '/session_end{"x": 1}',
    "\x00\x01\x02\x1b[31m",
    "\ud800 lone \udfff surrogates",
    "\u202e\u200b\ufeff",
    "%00%0d%0aSet-Cookie: a=b",
    "../../../../etc/passwd",
    "A" * 100_000,
]
# Every code point, lone surrogates and control characters included.
ANY_CHAR = st.characters(codec=None, categories=None)
hostile_text = st.one_of(
    st.sampled_from(ATTACKS),
    st.text(ANY_CHAR, max_size=300),
    st.builds(lambda piece, times: piece * times, st.text(ANY_CHAR, min_size=1, max_size=5), st.integers(1, 25_000)),
    st.builds(lambda a, b: a + b, st.sampled_from(ATTACKS), st.text(ANY_CHAR, max_size=50)),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(ANY_CHAR, max_size=40),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=25,
)
message_bodies = st.one_of(
    json_values,
    st.fixed_dictionaries({"text": json_values}),
    st.fixed_dictionaries({"button": json_values}),
    st.fixed_dictionaries({"text": hostile_text}, optional={"button": json_values, "sender": hostile_text}),
)
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=latin-1",
    "application/json; charset=utf-16",
    "application/json; charset=utf-7",
    "application/json; charset=x-no-such-charset",
    "application/json; charset=",
    'application/json; charset="utf-8',
    "application/json;;;",
    "text/plain",
    "text/html",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
    "",
]
raw_bodies = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda depth: b"[" * depth + b"]" * depth, st.integers(500, 20_000)),
    st.builds(lambda depth: b'{"text": ' * depth, st.integers(500, 20_000)),
    st.builds(lambda text: json.dumps({"text": text}).encode("utf-16"), hostile_text),
    st.builds(lambda text: text.encode("utf-8", "surrogatepass"), hostile_text),
)
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=200)
raw_lines = st.binary(max_size=400).filter(lambda raw: b"\r\n\r\n" not in raw)


def _own_words() -> bytes:
    """Everything the gateway says of its own accord: its pages, widget, messages and headers."""
    files = [*STATIC_DIR.iterdir(), DEMO_PAGE]
    messages = [value for value in vars(errors).values() if isinstance(value, str)]
    policy = middleware.content_security_policy(())
    headers = ["Content-Security-Policy", policy, "Referrer-Policy", "no-referrer", "X-Content-Type-Options"]
    headers += ["Permissions-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Cache-Control"]
    headers += ["Content-Type", "application/json; charset=utf-8", "Content-Length", "Access-Control-Allow-Methods"]
    return b"\n".join([*(path.read_bytes() for path in files if path.is_file()), *map(str.encode, messages + headers)])


OWN_WORDS = _own_words()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class LiveGateway:
    """The gateway and a FakeRasa on a loopback port, in a background thread with its own loop."""

    loop: asyncio.AbstractEventLoop = field(default_factory=asyncio.new_event_loop)
    port: int = 0
    runners: list[web.BaseRunner] = field(default_factory=list)

    def start(self) -> None:
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(30)

    async def _start(self) -> None:
        rasa = web.AppRunner(FakeRasa(echo=False).app, access_log=None)
        await rasa.setup()
        await web.TCPSite(rasa, "127.0.0.1", 0).start()
        rasa_url = f"http://127.0.0.1:{rasa.addresses[0][1]}"
        # Every example opens a session from 127.0.0.1: lift the per-network cap as well as the rates.
        app = create_app(settings_for(rasa_url, max_sessions_per_network=10**6), limits=UNLIMITED)
        runner = GatewayRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self.port = runner.addresses[0][1]
        self.runners = [runner, rasa]

    def stop(self) -> None:
        async def cleanup() -> None:
            for runner in self.runners:
                await runner.cleanup()

        asyncio.run_coroutine_threadsafe(cleanup(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Reply(response.status, dict(response.getheaders()), response.read())
        finally:
            connection.close()

    def raw(self, data: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def token(self) -> str:
        reply = self.request("POST", "/api/session")
        assert reply.status == 201, reply
        return str(json.loads(reply.body)["token"])


class Records(logging.Handler):
    """Every log record of the gateway's process while the tests run."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[LiveGateway, Records]]:
    records = Records()
    root = logging.getLogger()
    gateway_log = logging.getLogger("cyberguide")
    old_level = gateway_log.level
    root.addHandler(records)
    gateway_log.setLevel(logging.DEBUG)
    server = LiveGateway()
    server.start()
    try:
        yield server, records
    finally:
        server.stop()
        root.removeHandler(records)
        gateway_log.setLevel(old_level)


def _check(reply: Reply | bytes, sent: str | bytes, records: Records) -> None:
    """No 5xx, no error logged, and nothing sent comes back (in the body, the headers or the log).

    The one header allowed to repeat the request is Access-Control-Allow-Origin, and only with a
    well-formed origin (CORS needs it).
    """
    if isinstance(reply, Reply):
        reply.headers.pop("Date", None)
        allowed_origin = reply.headers.pop("Access-Control-Allow-Origin", None)
        assert allowed_origin is None or WELL_FORMED_ORIGIN.match(allowed_origin), allowed_origin
        status, shown = reply.status, reply.body + json.dumps(reply.headers).encode()
    else:
        status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.") else 0
        shown = reply
        assert reply == b"" or status, reply[:200]
    assert status < 500, (status, shown[:300])
    failures = [record.getMessage() for record in records.records if record.levelno >= logging.ERROR]
    assert not failures, failures
    for form in _forms(sent):
        if form in OWN_WORDS:
            continue  # hypothesis draws string constants from the source: its own words are no echo
        assert form not in shown, (form[:80], shown[:300])
        text = form.decode("utf-8", "replace")
        assert not any(text in record.getMessage() and text not in str(record.msg) for record in records.records)
    records.records.clear()


def _forms(sent: str | bytes) -> list[bytes]:
    """How a sent value could show up again, when it is long enough that a match means an echo."""
    if isinstance(sent, bytes):
        return [sent] if len(sent.strip()) >= 12 else []
    if len(sent.strip()) < 12:
        return []
    forms = {sent.encode("utf-8", "surrogatepass"), json.dumps(sent).encode()[1:-1]}
    return [form for form in forms if len(form) >= 12]


@given(text=hostile_text)
def test_hostile_messages_are_answered_kindly_and_never_echoed(live: tuple[LiveGateway, Records], text: str) -> None:
    server, records = live
    token = server.token()
    body = json.dumps({"text": text}).encode()
    reply = server.request(
        "POST", "/api/message", body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    )
    assert reply.status in (200, 400, 413), reply
    _check(reply, text, records)


@given(value=message_bodies)
def test_json_of_every_shape_and_type_is_answered_kindly(live: tuple[LiveGateway, Records], value: Any) -> None:
    server, records = live
    token = server.token()
    body = json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")
    reply = server.request(
        "POST", "/api/message", body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    )
    assert reply.status in (200, 400, 409, 413), reply
    _check(reply, json.dumps(value), records)


@given(body=raw_bodies, content_type=st.sampled_from(CONTENT_TYPES) | header_text)
def test_raw_bodies_and_odd_charsets_never_break_the_gateway(
    live: tuple[LiveGateway, Records], body: bytes, content_type: str
) -> None:
    server, records = live
    token = server.token()
    for path, auth in (("/api/message", f"Bearer {token}"), ("/api/session/end", "")):
        headers = {"Content-Type": content_type}
        if auth:
            headers["Authorization"] = auth
        reply = server.request("POST", path, body, headers)
        _check(reply, body, records)


@given(path=st.text(ANY_CHAR, max_size=200), value=header_text, method=st.sampled_from(["GET", "POST", "PUT", "HEAD"]))
def test_hostile_paths_queries_and_headers_are_never_echoed_into_a_page(
    live: tuple[LiveGateway, Records], path: str, value: str, method: str
) -> None:
    server, records = live
    quoted = "/" + "".join(ch if ch.isascii() and ch.isalnum() else f"%{b:02X}" for ch in path for b in _bytes(ch))
    for target in (quoted, "/?q=" + quoted[1:], "/widget/" + quoted[1:], "/api/" + quoted[1:]):
        headers = {"X-Anything": value, "Origin": value, "Accept-Language": value}
        reply = server.request(method, target, None, headers)
        _check(reply, path, records)
        _check(reply, value, records)


def _bytes(ch: str) -> bytes:
    return ch.encode("utf-8", "surrogatepass")


@given(line=raw_lines, header=st.binary(max_size=300).filter(lambda raw: b"\r\n\r\n" not in raw))
def test_garbage_on_the_wire_gets_a_kind_400_or_nothing(
    live: tuple[LiveGateway, Records], line: bytes, header: bytes
) -> None:
    server, records = live
    reply = server.raw(line + b"\r\n" + header + b"\r\n\r\n")
    _check(reply, line, records)
    _check(reply, header, records)
    if reply:
        assert b"\r\nServer:" not in reply.partition(b"\r\n\r\n")[0]


def test_the_gateway_still_answers_after_all_that(live: tuple[LiveGateway, Records]) -> None:
    server, records = live
    reply = server.request("GET", "/healthz")
    assert reply.status == 200 and json.loads(reply.body) == {"status": "ok"}
    token = server.token()
    reply = server.request(
        "POST",
        "/api/message",
        b'{"text": "hello"}',
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert reply.status == 200
    _check(reply, "", records)
