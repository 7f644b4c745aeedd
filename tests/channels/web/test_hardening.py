"""Issue 14: the gateway's front door under cheap attacks, each tried over real HTTP on loopback.

Compression bombs, replayed and split session ends, a registry filled from one network, every
visitor behind one proxy, slowloris, malformed requests, DNS rebinding and odd payloads from Rasa.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import re
import resource
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.channels.web.connections import MIN_CONNECTIONS, SPARE_DESCRIPTORS, connection_cap
from bot.channels.web.ratelimit import Rate, RateLimits
from bot.channels.web.sessions import SessionPolicy
from tests.channels.web.support import (
    PARTNER,
    SECURITY_HEADERS,
    bearer,
    error_of,
    gateway,
    new_token,
    run,
    say,
)

BOMB_BYTES = 64 * 1024 * 1024  # what the body below inflates to
GENEROUS = RateLimits(
    session_messages=Rate(1000, 60.0),
    address_messages=Rate(1000, 60.0),
    address_sessions=Rate(1000, 60.0),
    address_ends=Rate(1000, 60.0),
)


def _from(address: str) -> dict[str, str]:
    """Headers of a request relayed by the trusted proxy on 127.0.0.1 for ``address``."""
    return {"X-Forwarded-For": address}


async def _eventually(check: Callable[[], bool | Awaitable[bool]], seconds: float = 5.0) -> bool:
    """Whether ``check`` comes true within ``seconds`` (timers under a loaded machine run late)."""
    deadline = time.monotonic() + seconds
    while True:
        outcome = check()
        if outcome if isinstance(outcome, bool) else await outcome:
            return True
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)


async def _cid_of(client: TestClient, fake: Any, token: str) -> str:
    assert (await say(client, token, "hello")).status == 200
    return str(fake.senders()[-1])


# ------------------------------------------------------------------ compressed request bodies


def test_compressed_bodies_are_refused_and_never_inflated() -> None:
    """A 64 KB gzip body that would inflate to 64 MB: refused with a kind 415, memory untouched."""
    bombs = {"gzip": gzip.compress(b"\0" * BOMB_BYTES, 9), "deflate": zlib.compress(b"\0" * BOMB_BYTES, 9)}

    async def scenario() -> None:
        async with gateway() as (client, fake):
            token = await new_token(client)
            tracemalloc.start()
            try:
                for encoding, body in bombs.items():
                    assert len(body) < 200_000
                    for path, headers in (
                        ("/healthz", {}),
                        ("/api/message", {**bearer(token), "Content-Type": "application/json"}),
                        ("/api/session/end", {"Content-Type": "text/plain"}),
                    ):
                        response = await client.post(path, data=body, headers={**headers, "Content-Encoding": encoding})
                        assert response.status == 415, (path, encoding, response.status)
                        assert "without compression" in await error_of(response)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
            assert peak < 8 * 1024 * 1024, f"the gateway inflated a body: peak {peak / 2**20:.0f} MB"
            assert fake.received == []
            assert (await say(client, token, "still here")).status == 200, "plain JSON still works"

    run(scenario)


# ------------------------------------------------------------------ ending a session


def test_a_replayed_end_does_nothing_upstream_and_answers_the_same() -> None:
    async def scenario() -> None:
        async with gateway(limits=GENEROUS) as (client, fake):
            token = await new_token(client)
            cid = await _cid_of(client, fake, token)
            for _ in range(40):
                response = await client.post("/api/session/end", headers=bearer(token))
                assert response.status == 200 and await response.json() == {"ended": True}
                beacon = await client.post("/api/session/end", data=token, headers={"Content-Type": "text/plain"})
                assert beacon.status == 200 and await beacon.json() == {"ended": True}
            assert fake.ends() == [cid], "only the first end reached Rasa"
            assert len(fake.received) == 2

            silent = await new_token(client)  # never spoke: Rasa never heard of it
            assert (await client.delete("/api/session", headers=bearer(silent))).status == 200
            assert len(fake.received) == 2

    run(scenario)


def test_ending_sessions_is_rate_limited() -> None:
    limits = RateLimits(address_ends=Rate(3, 60.0))

    async def scenario() -> None:
        async with gateway(limits=limits, sweep_interval=0.1) as (client, fake):
            token = await new_token(client)
            statuses = [(await client.post("/api/session/end", headers=bearer(token))).status for _ in range(5)]
            assert statuses == [200, 200, 200, 429, 429]
            response = await client.post("/api/session/end", headers=bearer(token))
            assert int(response.headers["Retry-After"]) >= 1
            assert "wait a moment" in await error_of(response)
            assert (await client.post("/api/session/end", headers=bearer("forged"))).status == 429

            # Over the limit, a real quick exit still closes the chat; Rasa hears of it from the sweeper.
            other = await new_token(client)
            cid = await _cid_of(client, fake, other)
            response = await client.post("/api/session/end", data=other, headers={"Content-Type": "text/plain"})
            assert response.status == 429
            assert (await say(client, other, "still there?")).status == 401
            assert await _eventually(lambda: fake.ends() == [cid])

    run(scenario)


def test_a_quick_exit_beacon_in_two_pieces_is_accepted() -> None:
    async def scenario() -> None:
        async with gateway() as (client, fake):
            token = await new_token(client)
            cid = await _cid_of(client, fake, token)

            async def in_pieces() -> AsyncIterator[bytes]:
                yield token[:20].encode()
                await asyncio.sleep(0.05)
                yield token[20:].encode()

            response = await client.post(
                "/api/session/end", data=in_pieces(), headers={"Content-Type": "text/plain;charset=UTF-8"}
            )
            assert response.status == 200, await response.text()
            assert fake.ends() == [cid]
            assert (await say(client, token, "still there?")).status == 401

    run(scenario)


def test_ending_says_so_only_when_rasa_forgot_and_retries_until_it_does() -> None:
    async def scenario() -> None:
        async with gateway(limits=GENEROUS, sweep_interval=0.1) as (client, fake):
            # One failure: retried at once, and then it is a success.
            token = await new_token(client)
            cid = await _cid_of(client, fake, token)
            fake.failing_ends = 1
            response = await client.post("/api/session/end", headers=bearer(token))
            assert response.status == 200 and await response.json() == {"ended": True}
            assert fake.ends() == [cid, cid]

            # Rasa keeps failing: the person is told it is not confirmed, and the gateway keeps trying.
            token = await new_token(client)
            cid = await _cid_of(client, fake, token)
            fake.failing_ends = 1000
            response = await client.post("/api/session/end", headers=bearer(token))
            assert response.status == 503
            assert "could not yet confirm" in await error_of(response)
            assert (await say(client, token, "hello?")).status == 401, "closed here all the same"
            replay = await client.post("/api/session/end", headers=bearer(token))
            assert replay.status == 503, "still not confirmed"
            tries = len(fake.ends())
            assert await _eventually(lambda: len(fake.ends()) > tries), "the sweeper retries the forget"
            fake.failing_ends = 0

            async def confirmed() -> bool:
                response = await client.post("/api/session/end", headers=bearer(token))
                return response.status == 200 and await response.json() == {"ended": True}

            assert await _eventually(confirmed), "once Rasa forgot, ending answers success"
            settled = len(fake.ends())
            await asyncio.sleep(0.3)
            assert len(fake.ends()) == settled, "once confirmed, no more tries"

    run(scenario)


# ------------------------------------------------------------------ the sessions registry


def test_one_ipv6_network_cannot_fill_the_registry() -> None:
    policy = SessionPolicy(idle_timeout=600, max_age=3600, max_sessions=50, max_per_network=5)

    async def scenario() -> None:
        async with gateway(limits=GENEROUS, policy=policy, trusted_proxies=("127.0.0.1",)) as (client, _):
            attacker = [await new_token(client, headers=_from(f"2001:db8:1:2::{n:x}")) for n in range(1, 6)]
            for token in attacker:
                assert (await say(client, token, "hi")).status == 200
            response = await client.post("/api/session", headers=_from("2001:db8:1:2::99"))
            assert response.status == 429
            assert "from your network" in await error_of(response)
            for visitor in ("198.51.100.7", "2001:db8:9:9::1"):
                assert (await client.post("/api/session", headers=_from(visitor))).status == 201

    run(scenario)


def test_a_full_registry_makes_room_by_ending_the_oldest_silent_sessions() -> None:
    policy = SessionPolicy(idle_timeout=600, max_age=3600, max_sessions=6, max_per_network=100)

    async def scenario() -> None:
        async with gateway(limits=GENEROUS, policy=policy, trusted_proxies=("127.0.0.1",)) as (client, _):
            talking = await new_token(client, headers=_from("192.0.2.1"))
            assert (await say(client, talking, "hello")).status == 200
            silent = [await new_token(client, headers=_from(f"198.51.{n}.1")) for n in range(5)]
            newcomer = await new_token(client, headers=_from("203.0.113.1"))  # the registry was full
            assert (await say(client, silent[0], "hi")).status == 401, "the oldest silent one made room"
            for token in (talking, newcomer, *silent[1:]):
                assert (await say(client, token, "hi")).status == 200
            response = await client.post("/api/session", headers=_from("203.0.113.2"))
            assert response.status == 503, "everyone left has spoken: now it is really full"
            assert "very busy" in await error_of(response)

    run(scenario)


def test_an_ipv6_network_shares_one_rate_limit_for_new_sessions() -> None:
    limits = RateLimits(address_sessions=Rate(3, 600.0))

    async def scenario() -> None:
        async with gateway(limits=limits, trusted_proxies=("127.0.0.1",)) as (client, _):
            statuses = [
                (await client.post("/api/session", headers=_from(f"2001:db8:1:2::{n:x}"))).status for n in range(1, 6)
            ]
            assert statuses == [201, 201, 201, 429, 429]
            assert (await client.post("/api/session", headers=_from("2001:db8:1:3::1"))).status == 201

    run(scenario)


def test_idle_sessions_end_on_a_timer_with_nothing_else_touched() -> None:
    policy = SessionPolicy(idle_timeout=0.3, max_age=3600, max_sessions=100, max_per_network=100)

    async def scenario() -> None:
        async with gateway(policy=policy, sweep_interval=0.1) as (client, fake):
            token = await new_token(client)
            cid = await _cid_of(client, fake, token)
            assert await _eventually(lambda: fake.ends() == [cid]), "Rasa was told to forget the idle conversation"
            assert (await say(client, token, "back")).status == 401

    run(scenario)


# ------------------------------------------------------------------ behind a reverse proxy


def test_forwarded_for_is_believed_only_from_trusted_proxies() -> None:
    limits = RateLimits(address_sessions=Rate(2, 600.0))

    async def scenario() -> None:
        # No trusted proxy: X-Forwarded-For is the client's own words and is ignored.
        async with gateway(limits=limits) as (client, _):
            statuses = [(await client.post("/api/session", headers=_from(f"203.0.113.{n}"))).status for n in range(3)]
            assert statuses == [201, 201, 429]
        # Behind a trusted proxy: each visitor has their own limit, and hops the client wrote are ignored.
        async with gateway(limits=limits, trusted_proxies=("127.0.0.0/8", "10.0.0.0/8")) as (client, _):
            for visitor in ("203.0.113.1", "203.0.113.2"):
                statuses = [(await client.post("/api/session", headers=_from(visitor))).status for _ in range(3)]
                assert statuses == [201, 201, 429], visitor
            forged = [f"198.51.100.{n}, 203.0.113.3, 10.1.2.3" for n in range(3)]
            statuses = [(await client.post("/api/session", headers=_from(hops))).status for hops in forged]
            assert statuses == [201, 201, 429], "the right-most untrusted hop is the client"
            assert (await client.post("/api/session")).status == 201, "no header: the proxy's own address"

    run(scenario)


def test_behind_a_tls_proxy_the_demo_page_on_the_public_name_is_the_gateways_own() -> None:
    async def scenario() -> None:
        async with gateway(trusted_proxies=("127.0.0.1",), allowed_hosts=("chat.helpline.example",)) as (client, _):
            public = {"Origin": "https://chat.helpline.example", "Host": "chat.helpline.example"}
            relayed = {**public, "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
            assert (await client.post("/api/session", headers=relayed)).status == 201
            assert (await client.post("/api/session", headers=public)).status == 403, "no proxy said https"

    run(scenario)


# ------------------------------------------------------------------ connections


async def _raw(client: TestClient) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection(client.host, client.port)


async def _closed_within(reader: asyncio.StreamReader, seconds: float) -> bool:
    try:
        data = await asyncio.wait_for(reader.read(65536), seconds)
    except asyncio.TimeoutError:
        return False
    except ConnectionResetError:
        return True
    return data == b""


def test_half_open_connections_are_closed_after_the_header_timeout() -> None:
    async def scenario() -> None:
        async with gateway(header_timeout=0.5, keepalive_timeout=0.5) as (client, _):
            reader, writer = await _raw(client)
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            await writer.drain()
            started = time.monotonic()
            assert await _closed_within(reader, 5.0), "slowloris: the connection was left open"
            assert time.monotonic() - started < 4.0
            writer.close()

            # A kept-alive connection that goes quiet is closed too.
            reader, writer = await _raw(client)
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            await writer.drain()
            assert (await reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 200")
            await reader.readexactly(16)  # {"status": "ok"}
            assert await _closed_within(reader, 5.0)
            writer.close()

    run(scenario)


def test_a_full_house_of_idle_connections_makes_room_for_a_real_request() -> None:
    async def scenario() -> None:
        async with gateway(max_connections=4, header_timeout=30.0) as (client, _):
            idle = await asyncio.gather(*(_raw(client) for _ in range(10)))  # a flood, all at once
            closed = await asyncio.gather(*(_closed_within(reader, 3.0) for reader, _ in idle))
            assert sum(closed) >= 6, f"only {sum(closed)} of 10 idle connections were closed (cap 4)"
            assert closed[0], "the oldest went first"
            response = await client.get("/healthz")
            assert response.status == 200
            for _, writer in idle:
                writer.close()

    run(scenario)


def test_the_connection_cap_leaves_room_for_everything_else_under_the_file_limit() -> None:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert connection_cap(10**9) <= max(MIN_CONNECTIONS, soft - SPARE_DESCRIPTORS)
    assert connection_cap(4) == 4


def test_event_loop_errors_are_logged_a_few_times_not_once_per_failure(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        async with gateway():
            loop = asyncio.get_running_loop()
            for _ in range(500):
                loop.call_exception_handler(
                    {
                        "message": "socket.accept() out of system resource",
                        "exception": OSError(24, "Too many open files"),
                    }
                )

    with caplog.at_level(logging.DEBUG):
        run(scenario)
    lines = [record for record in caplog.records if "accept" in record.getMessage()]
    assert 1 <= len(lines) <= 10, len(lines)
    assert all(record.exc_info is None for record in lines), "no traceback per failure"


# ------------------------------------------------------------------ malformed requests


def test_odd_charsets_and_deep_nesting_get_a_kind_4xx_and_nothing_logged(caplog: pytest.LogCaptureFixture) -> None:
    marker = "x-attacker-charset-7f3a"

    async def scenario() -> None:
        async with gateway() as (client, fake):
            token = await new_token(client)
            for content_type, body in (
                (f"application/json; charset={marker}", b'{"text": "hi"}'),
                ("application/json; charset=utf-16", '{"text": "hi"}'.encode("utf-16")),
                ("application/json", b"[" * 6000 + b"]" * 6000),
                ("application/json", b'{"text": ' * 6000),
            ):
                response = await client.post(
                    "/api/message", data=body, headers={**bearer(token), "Content-Type": content_type}
                )
                assert 400 <= response.status < 500, (content_type, response.status)
                await error_of(response)
            assert fake.received == []

    with caplog.at_level(logging.DEBUG):
        run(scenario)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert marker not in logged
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_malformed_http_gets_a_kind_400_with_security_headers_and_no_server_name(
    caplog: pytest.LogCaptureFixture,
) -> None:
    marker = b"EVIL-7f3a"

    async def scenario() -> None:
        async with gateway() as (client, _):
            for raw in (
                b"GET / HTTP/1.1\r\nHost: x\r\nBad Header " + marker + b"\r\n\r\n",
                b"GET /" + marker + b" HTTP/9.9\r\n\r\n",
                b"\x16\x03\x01" + marker + b"\r\n\r\n",
                b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: " + marker + b"\r\n\r\n",
            ):
                reader, writer = await _raw(client)
                writer.write(raw)
                await writer.drain()
                answer = await asyncio.wait_for(reader.read(), 5.0)
                writer.close()
                head, _, body = answer.partition(b"\r\n\r\n")
                assert head.split(b" ")[1] == b"400", answer[:200]
                headers = head.decode("latin-1").lower()
                for name in SECURITY_HEADERS:
                    assert name.lower() + ":" in headers, (name, head)
                assert "\r\nserver:" not in headers, head
                assert json.loads(body) == {"error": "Sorry, that request could not be read."}
                assert marker not in answer
            response = await client.get("/healthz")
            assert "Server" not in response.headers, "normal answers do not name the server either"

    with caplog.at_level(logging.DEBUG):
        run(scenario)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert marker.decode() not in logged
    assert all(record.exc_info is None for record in caplog.records)


def test_the_own_origin_exception_does_not_trust_any_host_header() -> None:
    async def scenario() -> None:
        async with gateway() as (client, _):
            # DNS rebinding: evil.example resolves to the gateway; the browser sends matching Origin and Host.
            rebound = f"evil.example:{client.port}"
            response = await client.post("/api/session", headers={"Origin": f"http://{rebound}", "Host": rebound})
            assert response.status == 403
            assert "can't be used from this website" in await error_of(response)
            own = f"127.0.0.1:{client.port}"
            response = await client.post("/api/session", headers={"Origin": f"http://{own}", "Host": own})
            assert response.status == 201
        async with gateway(allowed_hosts=("chat.helpline.example",)) as (client, _):
            named = f"chat.helpline.example:{client.port}"
            response = await client.post("/api/session", headers={"Origin": f"http://{named}", "Host": named})
            assert response.status == 201, "a configured host name is the gateway's own"
        async with gateway(gateway_host="192.0.2.10") as (client, _):
            named = f"192.0.2.10:{client.port}"
            response = await client.post("/api/session", headers={"Origin": f"http://{named}", "Host": named})
            assert response.status == 201, "so is the address it is told to listen on"

    run(scenario)


# ------------------------------------------------------------------ what goes to Rasa and back


def test_lone_surrogates_never_reach_rasa() -> None:
    async def scenario() -> None:
        async with gateway() as (client, fake):
            token = await new_token(client)
            body = b'{"text": "he \\ud800 follows me \\udfff home \\ud83d\\ude00"}'
            response = await client.post(
                "/api/message", data=body, headers={**bearer(token), "Content-Type": "application/json"}
            )
            assert response.status == 200
            sent = fake.received[-1]["message"]
            assert sent == "he  follows me  home \N{GRINNING FACE}"
            sent.encode("utf-8")  # a real string: no lone surrogates left

    run(scenario)


def test_only_what_the_widget_shows_reaches_the_browser() -> None:
    async def scenario() -> None:
        async with gateway() as (client, fake):
            fake.extra = {
                "custom": {"html": "<img src=x onerror=alert(1)>", "assessment": {"account": "private summary"}},
                "attachment": "https://tracker.example/a.js",
            }
            response = await say(client, await new_token(client), "hello")
            messages = (await response.json())["messages"]
            assert [set(message) for message in messages] == [{"text"}, {"text", "buttons"}]
            raw = await response.text()
            for private in ("custom", "onerror", "private summary", "tracker.example"):
                assert private not in raw

    run(scenario)


# ------------------------------------------------------------------ the widget's frame


def _policy(response: Any) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict((part.strip() + " ").split(" ", 1) for part in policy.split(";"))


def test_the_chat_page_has_a_strict_policy_of_its_own_and_only_the_asking_site_may_frame_it() -> None:
    async def scenario() -> None:
        async with gateway() as (client, _):
            response = await client.get("/widget/chat", params={"host": PARTNER, "mode": "floating"})
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/html")
            directives = {name: value.strip() for name, value in _policy(response).items()}
            assert directives["default-src"] == "'none'"
            for name in ("script-src", "style-src", "img-src", "connect-src"):
                assert directives[name] == "'self'", name
            assert directives["frame-ancestors"] == PARTNER, "framed by the site that asked, and no other"
            assert directives["require-trusted-types-for"] == "'script'"
            assert "unsafe" not in response.headers["Content-Security-Policy"]
            assert response.headers["Cache-Control"] == "no-store"
            assert all(name in response.headers for name in SECURITY_HEADERS)
            assert "Set-Cookie" not in response.headers
            page = await response.text()
            scripts = re.findall(r"<script\b[^>]*>", page)
            assert scripts == ['<script src="chat.js" defer>'], "no inline script"
            assert not re.search(r"\son[a-z]+=", page), "no inline event handlers"
            assert f'data-host="{PARTNER}"' in page and 'data-mode="floating"' in page

            alone = await client.get("/widget/chat")
            assert _policy(alone)["frame-ancestors"].strip() == "'none'", "named by no site: framed by none"
            own = f"http://127.0.0.1:{client.port}"
            demo = await client.get("/widget/chat", params={"host": own})
            assert _policy(demo)["frame-ancestors"].strip() == own, "the gateway's own demo page"
            index = await client.get("/")
            assert _policy(index)["frame-src"].strip() == "'self'", "the demo page may show the chat frame"
            for asset in ("chat.js", "cyberguide-embed.css", "cyberguide-widget.css"):
                assert (await client.get(f"/widget/{asset}")).status == 200, asset

    run(scenario)


def test_a_site_not_on_the_allowlist_gets_a_refusal_in_the_frame_and_a_bad_host_cannot_write_the_policy() -> None:
    async def scenario() -> None:
        async with gateway() as (client, _):
            other = "https://evil.example"
            response = await client.get("/widget/chat", params={"host": other})
            assert response.status == 200
            page = await response.text()
            assert "can't be used from this website" in page
            assert "<script" not in page and "data-host" not in page
            assert _policy(response)["frame-ancestors"].strip() == other
            rebound = f"evil.example:{client.port}"  # DNS rebinding: the Host header alone is not "own"
            response = await client.get("/widget/chat", params={"host": f"http://{rebound}"}, headers={"Host": rebound})
            assert "can't be used from this website" in await response.text()
            for bad in (f"{PARTNER}; script-src *", f"{PARTNER}\n", "javascript:alert(1)", "null", "*"):
                response = await client.get("/widget/chat", params={"host": bad})
                assert response.status == 400, bad
                assert "script-src *" not in response.headers["Content-Security-Policy"]
                assert (
                    "'none'" in _policy(response)["frame-ancestors"] or PARTNER in _policy(response)["frame-ancestors"]
                )

    run(scenario)


def test_the_chat_page_takes_only_a_plain_exit_url_and_escapes_what_it_writes() -> None:
    async def scenario() -> None:
        async with gateway(exit_url="https://weather.example/today") as (client, _):

            async def page(**params: str) -> str:
                return await (await client.get("/widget/chat", params={"host": PARTNER, **params})).text()

            assert 'data-exit-url="https://news.example/"' in await page(exit="https://news.example/")
            for bad in ("javascript:alert(1)", "data:text/html,hi", 'https://a.example/"><script>x</script>'):
                text = await page(exit=bad)
                assert 'data-exit-url="https://weather.example/today"' in text, bad
                assert "<script>x" not in text
            text = await page(title='Help <b onclick="x">now</b>', mode="anything")
            assert "<b onclick" not in text and 'data-title="Help &lt;b onclick=&quot;x&quot;&gt;now&lt;/b&gt;"' in text
            assert 'data-mode="inline"' in text
            assert 'data-max-chars="2000"' in text

    run(scenario)


def test_the_host_page_script_touches_no_storage_and_no_chat_api() -> None:
    """The one tag runs in the host site's page: it only adds a button, a launcher and the frame."""

    async def scenario() -> None:
        async with gateway() as (client, _):
            loader = await (await client.get("/widget/cyberguide-widget.js")).text()
            code = re.sub(r"/\*.*?\*/|//[^\n]*", "", loader, flags=re.S)  # the code, not its comments
            for forbidden in ("sessionStorage", "localStorage", "cookie", "/api/", "fetch(", "XMLHttpRequest"):
                assert forbidden not in code, forbidden
            assert "/widget/chat?" in code and "postMessage(message, config.gatewayOrigin)" in code

    run(scenario)
