"""End to end over real HTTP: the real action server and Rasa server, a whole conversation."""

from __future__ import annotations

import json
import secrets
import urllib.request

import pytest

pytestmark = pytest.mark.rasa


class Chat:
    def __init__(self, rasa_url: str) -> None:
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.sender = secrets.token_hex(12)
        self.transcript: list[str] = []

    def say(self, text: str) -> list[dict]:
        request = urllib.request.Request(
            self.url,
            data=json.dumps({"sender": self.sender, "message": text}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            replies = json.loads(response.read())
        self.transcript += [f"> {text}"] + [r.get("text", "") for r in replies]
        return replies

    def answer_until(self, replies: list[dict], marker: str, pick, limit: int = 14) -> list[dict]:
        """Answer each question (tapping a button chosen by `pick`) until `marker` appears."""
        seen: list[dict] = list(replies)
        for _ in range(limit):
            if any(marker in (r.get("text") or "") for r in seen):
                return seen
            buttons = [b for r in replies for b in r.get("buttons") or []]
            assert buttons, "a question without buttons:\n" + "\n".join(self.transcript[-6:])
            replies = self.say(pick(replies, buttons))
            seen += replies
        raise AssertionError(f"never reached {marker!r}:\n" + "\n".join(self.transcript))


def skip_everything(replies: list[dict], buttons: list[dict]) -> str:
    """Tap the button that skips the question (its payload, as the terminal client sends it)."""
    for wanted in ("Skip", "I don't know", "Not sure", "No"):
        for button in buttons:
            if button["title"].lower() == wanted.lower():
                return button["payload"]
    return buttons[-1]["payload"]


def test_whole_conversation_reaches_assessment_laws_steps_and_contacts(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    greeting = " ".join(r.get("text", "") for r in chat.say("hello"))
    assert "legal information, not legal advice" in greeting and "emergency" in greeting

    replies = chat.say("my ex keeps messaging me every day from new accounts after I blocked him. I live in Texas")
    texts = " ".join(r.get("text", "") for r in replies)
    assert "not your fault" in texts
    assert "Where do you live" not in texts and "Who is doing this" not in texts  # already told

    seen = chat.answer_until(replies, "Who can help", skip_everything)
    everything = "\n".join(r.get("text", "") for r in seen)
    assert "cyberstalking" in everything
    assert "Laws that may apply in Texas" in everything and "Tex. Penal Code" in everything
    assert "Next steps" in everything and "911" in everything

    # A correction updates the place and the laws.
    corrected = "\n".join(r.get("text", "") for r in chat.say("actually I'm in Ohio"))
    assert "Laws that may apply in Ohio" in corrected


def test_emergency_override_in_the_middle_of_the_questions(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    chat.say("someone keeps sending me horrible messages")
    replies = chat.say("he is outside my house right now")
    assert replies[0]["text"].startswith("If you are in danger right now, call")
    # The questions go on afterwards.
    assert any(r.get("buttons") for r in replies)


def test_self_harm_gets_a_crisis_line_first(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    replies = chat.say("I want to kill myself")
    assert "988" in replies[0]["text"] or "crisis" in replies[0]["text"].lower() or "Samaritans" in replies[0]["text"]


def test_help_stop_and_out_of_scope(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    assert "start over" in chat.say("what can you do")[0]["text"]
    assert "can't help with that" in chat.say("what's the weather going to be like tomorrow")[0]["text"]
    chat.say("my coworker keeps commenting on my posts")
    stopped = chat.say("stop")
    assert "stop here" in stopped[0]["text"] and "cleared what you told me" in stopped[0]["text"]
    # A real restart: the same account is heard afresh, as at the start.
    again = " ".join(r.get("text", "") for r in chat.say("my coworker keeps commenting on my posts"))
    assert "Thank you for telling me" in again


def test_bad_input_gets_a_kind_answer(rasa_stack) -> None:
    chat = Chat(rasa_stack.rasa_url)
    for text in ["<script>alert(1)</script>", "'; DROP TABLE users; --", "😢😢😢", "x" * 5000]:
        replies = chat.say(text)
        assert replies and all(r.get("text") for r in replies)
