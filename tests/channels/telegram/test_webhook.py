"""Webhook mode: the web gateway takes Telegram's calls, checks the secret token, and feeds the channel."""

from __future__ import annotations

import asyncio
import dataclasses

from aiohttp.test_utils import TestClient, TestServer

from bot.channels.telegram.webhook import SECRET_HEADER
from bot.channels.web.app import create_app
from tests.channels.telegram.fake_api import FakeTelegram
from tests.channels.telegram.support import StandInRasa, conversation_of, settings_for

USER = 7_009_876_543
URL = "https://chat.example.org/telegram/webhook"
SECRET = "the-right-secret_0123456789"


async def test_the_webhook_refuses_a_wrong_or_missing_secret_and_takes_the_right_one(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa().start()
    settings = settings_for(telegram, rasa.url, telegram_webhook_url=URL, telegram_webhook_secret=SECRET)
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    try:
        # Registered with Telegram on start-up, with the secret it must send back.
        await telegram.wait_for(lambda: telegram.webhook, what="setWebhook")
        await asyncio.sleep(0.1)
        assert telegram.webhook["url"] == URL and telegram.webhook["secret_token"] == SECRET
        assert set(telegram.webhook["allowed_updates"]) == {
            "message", "edited_message", "callback_query", "my_chat_member", "channel_post"
        }  # fmt: skip
        assert [c["command"] for c in telegram.commands][:2] == ["start", "help"]

        update = telegram.user_says(USER, "someone is following me online")
        for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET[:-1]}, {SECRET_HEADER: SECRET + "x"}):
            response = await client.post("/telegram/webhook", json=update, headers=headers)
            assert response.status == 403
        await asyncio.sleep(0.3)
        assert rasa.received == [], "a refused call is never processed"
        assert telegram.chat(USER).bot_messages() == []

        response = await client.post("/telegram/webhook", json=update, headers={SECRET_HEADER: SECRET})
        assert response.status == 200
        await telegram.wait_for(lambda: telegram.chat(USER).bot_messages(), what="the reply")
        bad = await client.post("/telegram/webhook", data=b"{not json", headers={SECRET_HEADER: SECRET})
        assert bad.status == 400
    finally:
        await client.close()
        await rasa.stop()
    assert rasa.received == [
        {"sender": conversation_of(USER), "message": "someone is following me online", "input_channel": "telegram"}
    ]
    assert telegram.chat(USER).bot_texts() == ["I read: someone is following me online"]
    assert not telegram.called("getUpdates"), "webhook mode never polls"


async def test_without_a_webhook_url_the_gateway_has_no_telegram_route(telegram: FakeTelegram) -> None:
    settings = dataclasses.replace(settings_for(telegram, "http://127.0.0.1:9"), telegram_webhook_url="")
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    try:
        response = await client.post("/telegram/webhook", json={"update_id": 1}, headers={SECRET_HEADER: "x"})
        assert response.status in (404, 405)
    finally:
        await client.close()
    assert telegram.calls == []


async def test_the_gateway_starts_while_telegram_is_down_and_registers_once_it_is_back(telegram: FakeTelegram) -> None:
    import bot.channels.telegram.webhook as webhook

    telegram.fail_next["setWebhook"] = [(502, {"description": "Bad Gateway"})] * 4  # every retry of one attempt
    settings = settings_for(telegram, "http://127.0.0.1:9", telegram_webhook_url=URL, telegram_webhook_secret=SECRET)
    original, webhook.RETRY_START = webhook.RETRY_START, 0.2
    client = TestClient(TestServer(create_app(settings)))
    try:
        await client.start_server()
        assert (await client.get("/healthz")).status == 200, "the web chat is up meanwhile"
        await telegram.wait_for(lambda: not telegram.fail_next["setWebhook"], what="the failed attempts")
        await telegram.wait_for(lambda: telegram.webhook.get("url") == URL, what="the webhook registered")
    finally:
        webhook.RETRY_START = original
        await client.close()
    assert len(telegram.called("setWebhook")) >= 5
