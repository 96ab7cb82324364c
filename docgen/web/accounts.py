"""Accounts for the web interface: readers read, clerks also upload and draft, admins
also manage accounts. Passwords are stored as Argon2 hashes (argon2-cffi), in
accounts.sqlite beside the catalog."""

from __future__ import annotations

import datetime as _dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("reader", "clerk", "admin")
RANK = {role: i for i, role in enumerate(ROLES)}
_hasher = PasswordHasher()


class AccountError(Exception):
    """str() is one line."""


@dataclass
class Account:
    name: str
    role: str

    def may(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]


class Accounts:
    def __init__(self, location: Path):
        self.db = sqlite3.connect(Path(location) / "accounts.sqlite", timeout=30, isolation_level=None)
        self.db.execute("CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL,"
                        " role TEXT NOT NULL, created_at TEXT NOT NULL)")

    def add(self, name: str, password: str, role: str) -> Account:
        if role not in ROLES:
            raise AccountError(f"role '{role}': one of {', '.join(ROLES)}")
        if len(password) < 8:
            raise AccountError("the password needs at least 8 characters")
        try:
            self.db.execute("INSERT INTO accounts VALUES (?, ?, ?, ?)", (name, _hasher.hash(password), role,
                            _dt.datetime.now().astimezone().isoformat(timespec="seconds")))
        except sqlite3.IntegrityError:
            raise AccountError(f"account '{name}' exists already") from None
        return Account(name, role)

    def remove(self, name: str) -> None:
        if self.db.execute("DELETE FROM accounts WHERE name = ?", (name,)).rowcount == 0:
            raise AccountError(f"no account '{name}'")

    def list(self) -> list[Account]:
        return [Account(n, r) for n, r in self.db.execute("SELECT name, role FROM accounts ORDER BY name")]

    def get(self, name: str) -> Account | None:
        row = self.db.execute("SELECT name, role FROM accounts WHERE name = ?", (name,)).fetchone()
        return Account(*row) if row else None

    def check(self, name: str, password: str) -> Account | None:
        row = self.db.execute("SELECT password_hash, role FROM accounts WHERE name = ?", (name,)).fetchone()
        if row is None:
            _hasher.hash(password)  # the same time whether or not the name exists
            return None
        try:
            _hasher.verify(row[0], password)
        except (VerificationError, InvalidHashError):
            return None
        return Account(name, row[1])

    def has_admin(self) -> bool:
        return self.db.execute("SELECT 1 FROM accounts WHERE role = 'admin'").fetchone() is not None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Accounts:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
