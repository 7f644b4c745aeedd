"""Staff accounts: argon2id password hashes (argon2-cffi), roles (staff; admins also see the audit log)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.tables import Staff

_hasher = PasswordHasher()
# Compared against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password anyone has")
MIN_PASSWORD_CHARS = 12


class StaffError(ValueError):
    """An account that cannot be made (a taken name, a short password)."""


def add_staff(session: Session, name: str, password: str, *, admin: bool = False) -> Staff:
    name = name.strip()
    if not name or len(name) > 80:
        raise StaffError("a name of 1 to 80 characters is needed")
    if len(password) < MIN_PASSWORD_CHARS:
        raise StaffError(f"the password needs at least {MIN_PASSWORD_CHARS} characters")
    if session.scalar(select(Staff).where(Staff.name == name)):
        raise StaffError(f"there is already an account named {name!r}")
    staff = Staff(name=name, password_hash=_hasher.hash(password), is_admin=admin, active=True)
    session.add(staff)
    session.flush()
    return staff


def authenticate(session: Session, name: str, password: str) -> Staff | None:
    """The active account with this name and password, or None; rehashes when argon2's parameters changed."""
    staff = session.scalar(select(Staff).where(Staff.name == name.strip()))
    try:
        _hasher.verify(staff.password_hash if staff else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if staff is None or not staff.active:
        return None
    if _hasher.check_needs_rehash(staff.password_hash):
        staff.password_hash = _hasher.hash(password)
    return staff
