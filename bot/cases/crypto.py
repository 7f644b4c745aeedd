"""Encryption at rest for what a person or a worker wrote (notes, accounts, summaries, reasons).

Fernet (AES-128-CBC with HMAC-SHA256, from the `cryptography` package) with keys from
`CYBERGUIDE_CASES_KEY`: comma-separated, the first encrypts and every one decrypts, so a key
can be rotated. With no key set, one is kept in var/cases.key (made on first use, readable by
its owner only) so a laptop works without configuration; a helpline sets the variable.
"""

from __future__ import annotations

import json
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy.types import Text, TypeDecorator

from bot.settings import REPO_ROOT, get_settings

log = logging.getLogger(__name__)

KEY_FILE = REPO_ROOT / "var" / "cases.key"


class CaseKeyError(RuntimeError):
    """The case key is missing, malformed, or does not open what is stored."""


def _key_file(path: Path = KEY_FILE) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(Fernet.generate_key().decode())
        log.warning("CYBERGUIDE_CASES_KEY is not set: made a case key in %s (set the variable in production)", path)
    return path.read_text(encoding="utf-8").strip()


def cipher_for(keys: str) -> MultiFernet:
    """A cipher from comma-separated Fernet keys (the first encrypts)."""
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()])
    except ValueError as error:  # a key that is not 32 url-safe base64 bytes, or none at all
        raise CaseKeyError(f"CYBERGUIDE_CASES_KEY is not valid: {error}") from None


@lru_cache(maxsize=1)
def get_cipher() -> MultiFernet:
    """The process's cipher, from the setting or, unset, the key file."""
    return cipher_for(get_settings().cases_key or _key_file())


def encrypt(text: str) -> str:
    return get_cipher().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return get_cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise CaseKeyError("a stored note cannot be opened with CYBERGUIDE_CASES_KEY (wrong key?)") from None


class EncryptedText(TypeDecorator):
    """A text column stored encrypted; reads back as the plain text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else decrypt(value)


class EncryptedJSON(TypeDecorator):
    """A JSON value stored encrypted (reasons quote the person's own words)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else encrypt(json.dumps(value, ensure_ascii=False))

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else json.loads(decrypt(value))
