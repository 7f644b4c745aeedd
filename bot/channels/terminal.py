"""`python -m bot.channels.terminal`: a terminal chat with a running cyberguide (Rasa's REST channel on loopback)."""
from __future__ import annotations

import json
import secrets
import sys
import urllib.error
import urllib.request

from bot.settings import get_settings


def send(text: str, sender: str, rasa_url: str) -> list[dict]:
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def main() -> int:
    rasa_url = get_settings().rasa_url
    sender = secrets.token_hex(16)
    print("cyberguide terminal chat. Type your message; Ctrl-D or 'exit' to leave.\n")
    buttons: list[dict] = []
    for reply in send("hello", sender, rasa_url):
        print(f"bot: {reply.get('text', '')}\n")
    while True:
        try:
            text = input("you: ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            break
        if text.lower() in {"exit", "quit"}:
            break
        if text.isdigit() and buttons and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            replies = send(text.lstrip("/"), sender, rasa_url)
        except (urllib.error.URLError, OSError):
            print("cyberguide is not running: start it with `make run`.", file=sys.stderr)
            return 1
        buttons = []
        for reply in replies:
            print(f"bot: {reply.get('text', '')}")
            for button in reply.get("buttons") or []:
                buttons.append(button)
                print(f"     [{len(buttons)}] {button['title']}")
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
