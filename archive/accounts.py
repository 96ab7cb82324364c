"""Accounts for the web interface: readers read, clerks also upload and draft, admins
also manage accounts. Passwords are stored as Argon2 hashes (argon2-cffi), in
accounts.sqlite beside the catalog (or the shared PostgreSQL database), with the sessions (kept on the server, so that a
logout, an idle half hour or a removed account ends them whatever the browser keeps)
and the failed logins (to slow down and lock out password guessing)."""

from __future__ import annotations

import datetime as _dt
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from archive.audit import AuditLog
from archive.database import Database, SqliteDatabase
from docgen.base.errors import DocgenError

# each role may do what those before it may: a reader reads; an officer (chuyên viên) also
# reports on what is assigned to them; a clerk (văn thư) registers, uploads, drafts; a leader
# (lãnh đạo) assigns incoming documents; an admin manages accounts
ROLES = ("reader", "officer", "clerk", "leader", "admin")
RANK = {role: i for i, role in enumerate(ROLES)}
_hasher = PasswordHasher()

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, account TEXT NOT NULL, created {float} NOT NULL,
    last_seen {float} NOT NULL);
CREATE TABLE IF NOT EXISTS login_failures (name TEXT NOT NULL, address TEXT NOT NULL, at {float} NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_at ON login_failures (at)
"""


class AccountError(DocgenError):
    """str() is one line."""

    title = "Lỗi tài khoản"


@dataclass
class Account:
    name: str
    role: str

    def may(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]


class Accounts:
    """Accounts over a Database: a folder means its own accounts.sqlite (closed with this
    object); a Database (the shared PostgreSQL one) is used as it is and left open."""

    def __init__(self, where: Path | Database, audit: AuditLog | None = None):
        """audit: where account changes and failed logins are written (the catalog's log)."""
        self._owned = not isinstance(where, Database)
        self.db = SqliteDatabase(Path(where) / "accounts.sqlite") if self._owned else where
        if self.db.dialect == "sqlite":
            self.db.ddl(SCHEMA)
        self.audit = audit

    def _record(self, action: str, by_whom: str | None, **detail) -> None:
        if self.audit is not None:
            self.audit.write(action, by_whom, **detail)

    def add(self, name: str, password: str, role: str, by_whom: str | None = None) -> Account:
        if role not in ROLES:
            raise AccountError(f"role '{role}': one of {', '.join(ROLES)}")
        if len(password) < 8:
            raise AccountError("the password needs at least 8 characters")
        try:
            self.db.execute("INSERT INTO accounts VALUES (?, ?, ?, ?)", (name, _hasher.hash(password), role,
                            _dt.datetime.now().astimezone().isoformat(timespec="seconds")))
        except self.db.integrity_errors:
            raise AccountError(f"account '{name}' exists already") from None
        self._record("account add", by_whom, account=name, role=role)
        return Account(name, role)

    def remove(self, name: str, by_whom: str | None = None) -> None:
        if self.db.execute("DELETE FROM accounts WHERE name = ?", (name,)).rowcount == 0:
            raise AccountError(f"no account '{name}'")
        self.db.execute("DELETE FROM sessions WHERE account = ?", (name,))
        self._record("account remove", by_whom, account=name)

    def any(self) -> bool:
        return self.db.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None

    # --- sessions, kept here so that they can be ended ------------------------------------

    def start_session(self, name: str) -> str:
        session_id = secrets.token_urlsafe(32)
        now = time.time()
        self.db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)", (session_id, name, now, now))
        return session_id

    def session_account(self, session_id: str, idle: float, lifetime: float) -> Account | None:
        """The account of a live session; a session idle or older than allowed is ended."""
        now = time.time()
        row = self.db.execute("SELECT s.account, a.role, s.created, s.last_seen FROM sessions s JOIN accounts a"
                              " ON a.name = s.account WHERE s.id = ?", (session_id,)).fetchone()
        if row is None:
            return None
        name, role, created, last_seen = row
        if now - last_seen > idle or now - created > lifetime:
            self.end_session(session_id)
            return None
        if now - last_seen > 30:  # a write every half minute at most, not one a request
            self.db.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", (now, session_id))
        return Account(name, role)

    def end_session(self, session_id: str) -> None:
        self.db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def end_sessions(self, name: str, by_whom: str | None = None) -> int:
        """Log an account out everywhere; returns how many sessions were ended."""
        ended = self.db.execute("DELETE FROM sessions WHERE account = ?", (name,)).rowcount
        self._record("account logout", by_whom, account=name, sessions=ended)
        return ended

    # --- failed logins -----------------------------------------------------------------------

    def record_failure(self, name: str, address: str) -> None:
        self.db.execute("INSERT INTO login_failures VALUES (?, ?, ?)", (name, address, time.time()))
        self._record("login failed", None, account=name, address=address)

    def recent_failures(self, name: str, address: str, window: float) -> int:
        """Failures within the window, for this account or from this address, whichever is more."""
        since = time.time() - window
        self.db.execute("DELETE FROM login_failures WHERE at < ?", (since - window,))
        by_name = self.db.execute("SELECT count(*) FROM login_failures WHERE name = ? AND at >= ?",
                                  (name, since)).fetchone()[0]
        by_address = self.db.execute("SELECT count(*) FROM login_failures WHERE address = ? AND at >= ?",
                                     (address, since)).fetchone()[0]
        return max(by_name, by_address)

    def clear_failures(self, name: str, address: str) -> None:
        self.db.execute("DELETE FROM login_failures WHERE name = ? OR address = ?", (name, address))

    def stored(self) -> list[tuple[str, str, str, str]]:
        """(name, password hash, role, created) of every account: what an import copies."""
        return [tuple(r) for r in self.db.execute("SELECT name, password_hash, role, created_at FROM accounts"
                                                  " ORDER BY name")]

    def copy(self, name: str, password_hash: str, role: str, created_at: str) -> bool:
        """An account as another store keeps it (its hash, never a password); False if the name exists."""
        try:
            self.db.execute("INSERT INTO accounts VALUES (?, ?, ?, ?)", (name, password_hash, role, created_at))
        except self.db.integrity_errors:
            return False
        return True

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
        if self._owned:
            self.db.close()

    def __enter__(self) -> Accounts:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
