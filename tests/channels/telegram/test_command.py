"""`make telegram` (python -m bot.channels.telegram) as its own process, and when `make run` starts it."""

from __future__ import annotations

import asyncio
import dataclasses
import signal
import sys

from bot.settings import REPO_ROOT, Settings
from bot.supervisor import service_env, telegram_by_polling
from tests.channels.telegram.fake_api import TOKEN, FakeTelegram
from tests.channels.telegram.support import StandInRasa
from tests.conftest import free_port

USER = 7_005_550_123


def _env(**more: str) -> dict[str, str]:
    env = {k: v for k, v in service_env().items() if not k.startswith("TELEGRAM_")}
    env.update(more)
    return env


async def test_the_command_polls_answers_and_stops_cleanly_on_sigterm(telegram: FakeTelegram) -> None:
    rasa = await StandInRasa().start()
    env = _env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=telegram.url, CYBERGUIDE_RASA_URL=rasa.url)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.channels.telegram", cwd=REPO_ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        await telegram.wait_for(lambda: telegram.called("getUpdates"), timeout=60, what="polling to start")
        telegram.user_says(USER, "hello there")
        replies = await telegram.replies_after(USER, 0, timeout=20)
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await rasa.stop()
    assert [r.text for r in replies] == ["I read: hello there"]
    assert process.returncode == 0
    printed = output.decode()
    assert "hello there" not in printed and str(USER) not in printed and TOKEN not in printed


async def test_the_command_needs_a_token_and_leaves_webhook_mode_to_the_gateway() -> None:
    for env, expected in (
        (_env(), "Set TELEGRAM_BOT_TOKEN"),
        (_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_WEBHOOK_URL="https://chat.example.org/telegram/webhook"), "gateway"),
    ):
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.channels.telegram", cwd=REPO_ROOT, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        output, _ = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 2
        assert expected in output.decode()


def test_make_run_starts_the_bot_by_polling_only_with_a_token_and_no_webhook_url() -> None:
    base = Settings()
    assert not telegram_by_polling(dataclasses.replace(base, telegram_bot_token=""))
    assert telegram_by_polling(dataclasses.replace(base, telegram_bot_token=TOKEN, telegram_webhook_url=""))
    assert not telegram_by_polling(
        dataclasses.replace(base, telegram_bot_token=TOKEN, telegram_webhook_url="https://chat.example.org/tg")
    )


async def _bot_process(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.channels.telegram", cwd=REPO_ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip


async def test_a_token_telegram_refuses_ends_the_command_with_a_plain_message(telegram: FakeTelegram) -> None:
    process = await _bot_process(_env(TELEGRAM_BOT_TOKEN="999:not-this-bot", TELEGRAM_API_URL=telegram.url))
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 1
    assert "Telegram refused TELEGRAM_BOT_TOKEN" in output.decode()
    assert "not-this-bot" not in output.decode(), "the token is never printed"


async def test_the_command_waits_for_telegram_when_it_cannot_be_reached_at_start() -> None:
    port = free_port()  # Telegram is not there yet
    rasa = await StandInRasa().start()
    telegram = FakeTelegram()
    env = _env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=f"http://127.0.0.1:{port}", CYBERGUIDE_RASA_URL=rasa.url)
    process = await _bot_process(env)
    try:
        await asyncio.sleep(3)
        assert process.returncode is None, "still running, trying again"
        await telegram.start(port)
        await telegram.wait_for(lambda: telegram.called("getUpdates"), timeout=60, what="polling to start")
        telegram.user_says(USER, "are you there")
        replies = await telegram.replies_after(USER, 0, timeout=20)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.communicate(), 30)
        await telegram.stop()
        await rasa.stop()
    assert [r.text for r in replies] == ["I read: are you there"]
