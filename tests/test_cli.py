"""The triage CLI's JSON-lines contract, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bot.settings import REPO_ROOT

FIELDS = {
    "id",
    "classification",
    "risk",
    "flags",
    "reasons",
    "jurisdiction",
    "needs_safety_check",
    "laws",
    "referrals",
    "next_steps",
}


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, cwd=REPO_ROOT, env=env, timeout=300
    )


def test_jsonl_contract_in_order_with_errors_that_do_not_stop_the_run() -> None:
    lines = [
        {"id": "a", "text": "my ex keeps texting me every day even after I blocked him", "jurisdiction": "US-CA"},
        "this is { not json",
        {"id": "c", "text": 42},
        {"id": "d", "text": "someone posted my address online, I'm in Glasgow", "jurisdiction": None},
        [1, 2, 3],
        {"id": "f", "text": "", "answers": {"under_18": "yes"}},
    ]
    stdin = (
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines).encode()
        + b"\n\xff\xfe broken bytes\n"
    )
    result = run_cli("triage", stdin=stdin)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(out) == 7
    assert [o.get("id") for o in out] == ["a", None, "c", "d", None, "f", None]
    assert "error" in out[1] and "error" in out[2] and "error" in out[4] and "error" in out[6]
    first = out[0]
    assert set(first) >= FIELDS
    assert first["classification"] == "cyberstalking" and first["jurisdiction"] == "US-CA"
    assert first["laws"] and {"citation", "title", "jurisdiction", "url", "summary", "verified", "last_checked"} <= set(
        first["laws"][0]
    )
    assert {law["jurisdiction"] for law in first["laws"]} >= {"US-CA", "US"}
    assert first["referrals"] and {"name", "phone", "sms", "url", "hours", "jurisdiction", "why"} <= set(
        first["referrals"][0]
    )
    assert first["next_steps"] and all(isinstance(step, str) for step in first["next_steps"])
    assert out[3]["jurisdiction"] == "GB-SCT" and "doxxing" in out[3]["flags"]
    assert out[5]["classification"] == "unclear" and "minor_involved" in out[5]["flags"]


def test_readable_text_mode() -> None:
    result = run_cli(
        "triage", "--text", "he keeps showing up at my work and says he'll hurt me", "--jurisdiction", "GB-ENG"
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    text = result.stdout.decode()
    assert "Classification:" in text and "Risk:           high" in text
    assert "Laws that may apply" in text and "Who can help" in text and "999" in text


def test_kb_check_command() -> None:
    result = run_cli("kb", "check")
    assert result.returncode == 0, result.stdout.decode()[-2000:]
    assert "kb check: ok" in result.stdout.decode()
