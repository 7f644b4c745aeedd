"""ForgetfulTrackerStore: forgets on restart and when idle (on its own), and stays small."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, Restarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_addons.tracker_store import ForgetfulTrackerStore

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))


def run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


def conversation(sender: str, turns: int, account_chars: int = 0) -> DialogueStateTracker:
    """`turns` turns of a person writing more of the account, the form asking questions."""
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen"))
    account = ""
    for turn in range(turns):
        words = f"message {turn} " + "x" * account_chars
        account = (account + "\n" + words)[-20_000:]
        tracker.update_with_events(
            [
                UserUttered(words, {"name": "describe_situation", "confidence": 1.0}),
                ActionExecuted("action_take_account"),
                SlotSet("account", account),
                SlotSet("who", "ex_partner" if turn % 2 else "stranger"),
                ActionExecuted("situation_form"),
                ActiveLoop("situation_form"),
                SlotSet("requested_slot", "jurisdiction"),
                BotUttered(f"question {turn}"),
                ActionExecuted("action_listen"),
            ],
            DOMAIN,
        )
    return tracker


def test_the_account_is_stored_once_not_again_with_every_message() -> None:
    store = ForgetfulTrackerStore(DOMAIN)
    tracker = conversation("a", turns=30, account_chars=2_000)
    run(store.save(tracker))
    kept = run(store.retrieve("a"))
    account_sets = [e for e in kept.events if isinstance(e, SlotSet) and e.key == "account"]
    assert len(account_sets) == 1
    assert kept.get_slot("account") == tracker.get_slot("account")
    # The messages (30 x 2 KB, each twice: the text and what the NLU read) and the account once
    # (20 KB): about 175 KB. Storing the account with every message added another 500 KB.
    assert len(store.store["a"]) < 200_000, len(store.store["a"])


def test_events_are_capped_and_the_conversation_goes_on_where_it_was() -> None:
    store = ForgetfulTrackerStore(DOMAIN, max_events=60)
    tracker = conversation("b", turns=40)
    assert len(tracker.events) > 300
    run(store.save(tracker))
    kept = run(store.retrieve("b"))
    assert len(kept.events) <= 60 + len(DOMAIN.slots) + 1
    assert kept.current_slot_values() == tracker.current_slot_values()
    assert kept.active_loop_name == "situation_form"
    assert kept.latest_message.text == tracker.latest_message.text
    assert kept.latest_action_name == "action_listen"
    assert isinstance(kept.events[-1], ActionExecuted)
    # It stays capped as the conversation goes on.
    kept.update_with_events([UserUttered("more"), ActionExecuted("action_listen")], DOMAIN)
    run(store.save(kept))
    assert len(run(store.retrieve("b")).events) <= 60 + len(DOMAIN.slots) + 1


def test_a_restart_forgets_everything_before_it() -> None:
    store = ForgetfulTrackerStore(DOMAIN)
    tracker = conversation("c", turns=3)
    tracker.update(Restarted())
    run(store.save(tracker))
    kept = run(store.retrieve("c"))
    assert not any(isinstance(e, UserUttered) for e in kept.events)
    assert kept.get_slot("account") is None


def test_idle_conversations_expire_on_their_own() -> None:
    async def scenario() -> None:
        store = ForgetfulTrackerStore(DOMAIN, ttl_minutes=0.2 / 60, sweep_seconds=0.05)
        await store.save(conversation("idle", turns=1))
        assert "idle" in store.store
        deadline = time.monotonic() + 5
        while "idle" in store.store and time.monotonic() < deadline:
            await asyncio.sleep(0.05)  # nothing touches the store meanwhile
        assert "idle" not in store.store and "idle" not in store.last_seen

    run(scenario())


@pytest.mark.parametrize("ttl_minutes", [0.2 / 60])
def test_an_idle_conversation_is_not_read_back(ttl_minutes: float) -> None:
    async def scenario() -> None:
        store = ForgetfulTrackerStore(DOMAIN, ttl_minutes=ttl_minutes, sweep_seconds=3600)
        await store.save(conversation("late", turns=1))
        await asyncio.sleep(0.3)
        assert await store.retrieve("late") is None

    run(scenario())
