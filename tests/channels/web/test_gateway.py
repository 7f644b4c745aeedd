"""The public gateway over real HTTP on loopback: tokens, limits, headers, errors, privacy.

Most tests run the gateway in-process against a small stand-in for Rasa's REST channel (a
real HTTP server that records what it receives; see support.py), so they can check exactly what
the gateway forwards and how it behaves when Rasa fails. Tests marked ``rasa`` use the real Rasa
stack.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.web.app import create_app
from bot.channels.web.ratelimit import Rate, RateLimits
from bot.channels.web.sessions import AUDIENCE, ISSUER
from bot.conversation.control import SESSION_END, SESSION_END_DELETING_SHARED
from bot.settings import Settings
from tests.channels.web.support import (
    PARTNER,
    SECRET,
    SECURITY_HEADERS,
    bearer,
    error_of,
    gateway,
    new_token,
    run,
    say,
)

REPO_ROOT = Path(__file__).resolve().parents[3]


# ------------------------------------------------------------------ sessions and tokens


def test_server_issues_conversation_ids_and_forwards_only_known_fields() -> None:
    async def scenario() -> None:
        async with gateway() as (client, fake):
            first, second = await new_token(client), await new_token(client)
            response = await client.post(
                "/api/message",
                json={"text": "hello", "sender": "someone-else", "conversation_id": "x"},
                headers=bearer(first),
            )
            assert response.status == 200
            body = await response.json()
            button = body["messages"][1]["buttons"][0]
            assert body == {
                "messages": [
                    {"text": "You said: hello"},
                    {"text": "Where do you live?", "buttons": [{"title": "Texas", "id": button["id"]}]},
                ]
            }
            assert "I live in Texas" not in json.dumps(body), "button payloads stay on the server"
            assert (await say(client, second, "hi")).status == 200
            senders = fake.senders()
            assert "someone-else" not in senders and "x" not in senders
            assert len(senders[0]) == 32 and senders[0] != senders[1]
            claims = jwt.decode(first, SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER)
            assert claims["sid"] == senders[0]

    run(scenario)


def _forge(claims: dict[str, Any], key: str = "not-the-server-key-but-long-enough-0123456789") -> str:
    return jwt.encode(claims, key, algorithm="HS256")


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_forged_tampered_and_other_sessions_tokens_are_refused() -> None:
    async def scenario() -> None:
        async with gateway() as (client, fake):
            token = await new_token(client)
            assert (await say(client, token, "hello")).status == 200
            victim = fake.senders()[0]
            now = int(time.time())
            claims = {"sid": victim, "iat": now, "exp": now + 600, "aud": AUDIENCE, "iss": ISSUER}
            header, _, signature = token.split(".")
            forged = [
                _forge(claims),  # right claims, wrong key
                f"{header}.{_b64({**claims, 'sid': 'f' * 32})}.{signature}",  # payload swapped
                f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.",  # unsigned
                jwt.encode({**claims, "exp": now - 10}, SECRET, algorithm="HS256"),  # expired
                jwt.encode({**claims, "sid": "0" * 32}, SECRET, algorithm="HS256"),  # never issued
                "not-a-token",
            ]
            for bad in forged:
                response = await say(client, bad, "let me read this")
                assert response.status == 401, bad
                assert "start a new chat" in await error_of(response)
            for headers in ({}, {"Authorization": token}, {"Authorization": "Basic abc"}):
                response = await client.post("/api/message", json={"text": "hi"}, headers=headers)
                assert response.status == 401
            assert fake.senders() == [victim], "nothing forged reached Rasa"

    run(scenario)


def test_ending_a_session_tells_rasa_and_kills_the_token() -> None:
    async def scenario() -> None:
        async with gateway() as (client, fake):
            by_header, by_beacon, by_delete = [await new_token(client) for _ in range(3)]
            for token in (by_header, by_beacon, by_delete):
                assert (await say(client, token, "hello")).status == 200
            ids = fake.senders()

            response = await client.post("/api/session/end", headers=bearer(by_header))
            assert response.status == 200 and await response.json() == {"ended": True}
            # navigator.sendBeacon sends the token as a text/plain body, with no headers.
            response = await client.post(
                "/api/session/end", data=by_beacon, headers={"Content-Type": "text/plain;charset=UTF-8"}
            )
            assert response.status == 200
            response = await client.delete("/api/session", headers=bearer(by_delete))
            assert response.status == 200

            ends = [
                (item["sender"], item["message"])
                for item in fake.received
                if item["message"].startswith("/session_end")
            ]
            # Quick exit and a closed page keep a summary shared with the helpline; "Delete chat" deletes it.
            assert ends == [(ids[0], SESSION_END), (ids[1], SESSION_END), (ids[2], SESSION_END_DELETING_SHARED)]
            assert {item["input_channel"] for item in fake.received} == {"web"}
            for token in (by_header, by_beacon, by_delete):
                assert (await say(client, token, "still there?")).status == 401
            forged = _forge({"sid": ids[0], "iat": 0, "exp": 2**31, "aud": AUDIENCE, "iss": ISSUER})
            assert (await client.post("/api/session/end", headers=bearer(forged))).status == 401
            assert (await client.post("/api/session/end")).status == 401

    run(scenario)


def test_user_text_cannot_inject_intents_or_control_messages() -> None:
    async def scenario() -> None:
        async with gateway() as (client, fake):
            token = await new_token(client)
            for text in ("/session_end", "  //restart", '/greet{"name": "x"}'):
                assert (await say(client, token, text)).status == 200
            forwarded = [item["message"] for item in fake.received]
            assert forwarded == ["session_end", "restart", 'greet{"name": "x"}']
            response = await say(client, token, " / / ")
            assert response.status == 400

    run(scenario)


# ------------------------------------------------------------------ malformed and over-long requests


def test_a_tap_sends_exactly_the_offered_payload_and_nothing_else() -> None:
    async def scenario() -> None:
        async with gateway() as (client, fake):
            token, other = await new_token(client), await new_token(client)
            offered = (await (await say(client, token, "hello")).json())["messages"][1]["buttons"][0]["id"]
            others = (await (await say(client, other, "hi")).json())["messages"][1]["buttons"][0]["id"]
            tapped = await client.post("/api/message", json={"button": offered}, headers=bearer(token))
            assert tapped.status == 200 and fake.received[-1]["message"] == "I live in Texas"
            # A made-up id, another session's id, or a stale one: refused kindly, nothing reaches Rasa.
            before = len(fake.received)
            for button in ("made-up", others, offered):
                response = await client.post("/api/message", json={"button": button}, headers=bearer(token))
                assert response.status == 409 and "type your answer" in await error_of(response)
            assert len(fake.received) == before
            # Typed text that looks like a payload is still stripped of its slash.
            await say(client, token, '/describe_situation{"choice":"threats=yes"}')
            assert not fake.received[-1]["message"].startswith("/")

    run(scenario)


def test_malformed_and_over_long_requests_get_clear_4xx_answers() -> None:
    async def scenario() -> None:
        async with gateway() as (client, fake):
            token = await new_token(client)
            response = await say(client, token, "x" * 2001)
            assert response.status == 413
            assert "2000 characters" in await error_of(response)
            assert (await say(client, token, "x" * 2000)).status == 200

            huge = json.dumps({"text": "x" * 200_000})
            response = await client.post(
                "/api/message", data=huge, headers={**bearer(token), "Content-Type": "application/json"}
            )
            assert response.status == 413
            assert "too long" in await error_of(response)

            cases: list[tuple[dict[str, Any], int]] = [
                ({"data": "{not json", "headers": {"Content-Type": "application/json"}}, 400),
                ({"data": b"\xff\xfe", "headers": {"Content-Type": "application/json"}}, 400),
                ({"json": ["hello"]}, 400),
                ({"json": {"message": "hello"}}, 400),
                ({"json": {"text": 42}}, 400),
                ({"json": {"text": None}}, 400),
                ({"json": {"text": "   \n\t "}}, 400),
                ({"json": {"text": "\x00\x01"}}, 400),
                ({"data": "text=hello", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 415),
                ({"data": "hello"}, 415),
            ]
            for kwargs, status in cases:
                headers = {**bearer(token), **kwargs.pop("headers", {})}
                response = await client.post("/api/message", headers=headers, **kwargs)
                assert response.status == status, (kwargs, status, await response.text())
                await error_of(response)
            assert (await client.get("/api/message")).status == 405
            assert (await client.put("/api/session")).status == 405
            assert len(fake.received) == 1, "only the one valid message reached Rasa"

    run(scenario)


# ------------------------------------------------------------------ rate limits


def test_per_session_and_per_address_rate_limits() -> None:
    limits = RateLimits(session_messages=Rate(3, 60.0), address_messages=Rate(5, 60.0), address_sessions=Rate(3, 60.0))

    async def scenario() -> None:
        async with gateway(limits=limits) as (client, fake):
            first = await new_token(client)
            statuses = [(await say(client, first, "hello")).status for _ in range(3)]
            assert statuses == [200, 200, 200]
            response = await say(client, first, "hello")
            assert response.status == 429, "session limit: 3 a minute"
            assert int(response.headers["Retry-After"]) >= 1
            assert "wait a moment" in await error_of(response)

            second = await new_token(client)  # a new session, but the same address
            statuses = [(await say(client, second, "hello")).status for _ in range(2)]
            assert statuses == [200, 429], "address limit: 5 attempts across sessions"

            assert (await client.post("/api/session")).status == 201
            response = await client.post("/api/session")
            assert response.status == 429, "address limit on new sessions"
            assert len(fake.received) == 4

    run(scenario)


# ------------------------------------------------------------------ headers, origins, no cookies


def test_security_headers_and_no_cookies_on_every_kind_of_response() -> None:
    async def scenario() -> None:
        async with gateway() as (client, _):
            token = await new_token(client)
            responses = [
                await client.get("/"),
                await client.get("/widget/cyberguide-widget.js"),
                await client.get("/widget/cyberguide-widget.css"),
                await client.get("/api/config"),
                await client.post("/api/session"),
                await say(client, token, "hello"),
                await say(client, "forged", "hello"),
                await client.get("/no-such-page"),
                await client.get("/widget/../app.py"),
            ]
            for response in responses:
                headers = response.headers
                assert all(name in headers for name in SECURITY_HEADERS), response.url
                assert headers["Referrer-Policy"] == "no-referrer"
                assert headers["X-Content-Type-Options"] == "nosniff"
                assert "Set-Cookie" not in headers
                assert "aiohttp" not in headers.get("Server", "")
                policy = headers["Content-Security-Policy"]
                directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
                assert directives["default-src"] == "'none'"
                for name in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
                    assert directives[name] == "'self'", (name, policy)
                assert directives["frame-ancestors"] == f"'self' {PARTNER}"
            assert responses[1].headers["Content-Type"].split(";")[0] in {
                "application/javascript",
                "text/javascript",
            }
            assert responses[1].headers["Cross-Origin-Resource-Policy"] == "cross-origin"
            assert responses[0].headers["Cache-Control"] == "no-store"
            assert responses[-1].status in (403, 404)

    run(scenario)


def test_origin_allowlist_for_embedding_sites() -> None:
    async def scenario() -> None:
        async with gateway() as (client, fake):
            preflight = await client.options(
                "/api/message",
                headers={
                    "Origin": PARTNER,
                    "Access-Control-Request-Method": "POST",
                    "Access-Control-Request-Headers": "authorization, content-type",
                },
            )
            assert preflight.status == 204
            assert preflight.headers["Access-Control-Allow-Origin"] == PARTNER
            assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
            assert "Access-Control-Allow-Credentials" not in preflight.headers

            response = await client.post("/api/session", headers={"Origin": PARTNER})
            assert response.status == 201
            assert response.headers["Access-Control-Allow-Origin"] == PARTNER

            for origin in ("https://evil.example", "null", "https://helpline.example.evil.example"):
                response = await client.post("/api/session", headers={"Origin": origin})
                assert response.status == 403
                assert "can't be used from this website" in await error_of(response)
                response = await client.options("/api/message", headers={"Origin": origin})
                assert response.status == 403
                assert "Access-Control-Allow-Origin" not in response.headers

            own = f"http://{client.host}:{client.port}"
            response = await client.post("/api/session", headers={"Origin": own})
            assert response.status == 201, "the gateway's own demo page may always use it"
            assert fake.received == []

    run(scenario)


def test_config_endpoint_tells_the_widget_the_exit_url_and_limit() -> None:
    async def scenario() -> None:
        async with gateway(exit_url="https://weather.example/today") as (client, _):
            response = await client.get("/api/config")
            assert await response.json() == {
                "exit_url": "https://weather.example/today",
                "max_message_chars": 2000,
            }
            page = await (await client.get("/")).text()
            assert 'data-cyberguide-exit-url="https://weather.example/today"' in page
            assert "/widget/cyberguide-widget.js" in page

    run(scenario)


# ------------------------------------------------------------------ Rasa down, Rasa never exposed


def test_rasa_down_or_broken_gives_a_kind_5xx() -> None:
    async def scenario() -> None:
        async with gateway(rasa_up=False) as (client, _):
            token = await new_token(client)
            response = await say(client, token, "hello")
            assert response.status == 503
            message = await error_of(response)  # the safe answer: every emergency number first
            assert message.startswith("If you are in danger now, call ") and "again in a minute" in message
            # Ending a session closes it here, but says so honestly while Rasa cannot confirm it forgot.
            response = await client.post("/api/session/end", headers=bearer(token))
            assert response.status == 503 and "could not yet confirm" in await error_of(response)
            assert (await say(client, token, "hello")).status == 401
        async with gateway() as (client, fake):
            fake.status = 500
            response = await say(client, await new_token(client), "hello")
            assert response.status == 502
            assert (await error_of(response)).startswith("If you are in danger now, call ")

    run(scenario)


def test_an_empty_answer_from_rasa_becomes_the_safe_answer() -> None:
    """Rasa answered but said nothing (a part of cyberguide failed on the way): never silence."""

    async def scenario() -> None:
        async with gateway() as (client, fake):
            fake.silent = True
            response = await say(client, await new_token(client), "hello")
            assert response.status == 200
            messages = (await response.json())["messages"]
            assert len(messages) == 1 and messages[0]["text"].startswith("If you are in danger now, call ")

    run(scenario)


def test_rasa_endpoints_are_not_served_by_the_gateway() -> None:
    async def scenario() -> None:
        async with gateway() as (client, fake):
            for method, path in [
                ("POST", "/webhooks/rest/webhook"),
                ("GET", "/webhooks/rest/"),
                ("GET", "/status"),
                ("GET", "/version"),
                ("POST", "/model/parse"),
                ("GET", "/conversations/abc/tracker"),
                ("POST", "/conversations/abc/trigger_intent"),
                ("GET", "/api/../webhooks/rest/webhook"),
            ]:
                response = await client.request(method, path, json={"sender": "abc", "message": "hi", "text": "hi"})
                assert response.status in (404, 405), (method, path, response.status)
                await error_of(response)
            assert fake.received == []

    run(scenario)


def test_logs_hold_no_message_text_tokens_or_ids(caplog: pytest.LogCaptureFixture) -> None:
    secret_text = "my address is 12 Hidden Lane"

    async def scenario() -> None:
        async with gateway() as (client, fake):
            token = await new_token(client)
            assert (await say(client, token, secret_text)).status == 200
            assert (await say(client, token, "x" * 5000)).status == 413
            assert (await client.get(f"/{secret_text}")).status == 404
            await client.post("/api/session/end", headers=bearer(token))
            logged = "\n".join(record.getMessage() for record in caplog.records)
            assert "POST /api/message 200" in logged, "the access log works"
            for private in (secret_text, "Hidden", token, fake.senders()[0], "127.0.0.1"):
                assert private not in logged

    with caplog.at_level(logging.DEBUG):
        run(scenario)


# ------------------------------------------------------------------ python -m bot.channels.web


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_module_entry_point_prints_the_url_to_open() -> None:
    port = _free_port()
    env = {**os.environ, "CYBERGUIDE_GATEWAY_PORT": str(port), "CYBERGUIDE_RASA_URL": "http://127.0.0.1:9"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.channels.web"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line == f"cyberguide is ready: open http://127.0.0.1:{port}/"
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode == 0


# ------------------------------------------------------------------ the real Rasa stack


@pytest.mark.rasa
def test_real_rasa_answers_through_the_gateway(rasa_stack: Any) -> None:
    async def scenario() -> None:
        settings = dataclasses.replace(
            Settings(), rasa_url=rasa_stack.rasa_url, secret_key=SECRET, allowed_origins=(PARTNER,)
        )
        async with TestClient(TestServer(create_app(settings), host="127.0.0.1")) as client:
            token = await new_token(client)
            response = await say(client, token, "hello")
            assert response.status == 200
            messages = (await response.json())["messages"]
            assert messages and all(set(message) <= {"text", "buttons", "custom"} for message in messages)
            assert any(message.get("text") for message in messages)
            assert (await client.post("/api/session/end", headers=bearer(token))).status == 200
            assert (await say(client, token, "hello")).status == 401
            # Rasa's own API is not reachable through the gateway.
            assert (await client.post("/webhooks/rest/webhook", json={"sender": "a", "message": "hi"})).status == 404

    run(scenario)
