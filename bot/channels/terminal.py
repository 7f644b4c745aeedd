"""`python -m bot.channels.terminal`: a terminal chat with a running cyberguide (Rasa's REST channel on loopback)."""

from __future__ import annotations

import json
import secrets
import sys
import urllib.error
import urllib.request

from bot.settings import get_settings, settings_or_exit


def send(text: str, sender: str, rasa_url: str) -> list[dict]:
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text, "input_channel": "terminal"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=get_settings().terminal_timeout) as response:
        return json.loads(response.read())


def main() -> int:
    rasa_url = settings_or_exit().rasa_url
    sender = secrets.token_hex(16)
    print("cyberguide terminal chat. Type your message, or the number of a choice; Ctrl-D or 'exit' to leave.\n")
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
            message = buttons[int(text) - 1]["payload"]  # a tap sets exactly the answer it shows
        else:
            message = text.lstrip("/")  # typed words never trigger an intent directly
        try:
            replies = send(message, sender, rasa_url)
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
