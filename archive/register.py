"""The văn thư's registers: numbers for outgoing documents, số đến for incoming ones
(Nghị định 30, Điều 15, 22; Phụ lục IV).

A number is allocated in one transaction that also writes its register row, so two
clerks never get the same number and a crash leaves no unrecorded gap: a number is
either not taken, or taken with its row (allocated, issued or cancelled). A number
once allocated is never handed out again; withdrawing it marks it cancelled, with
who and when. Numbers restart at 1 on 1 January; series are set per issuing body
(one for all its documents, or one per type: Điều 15.1.c), and secret documents
have their own.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from archive.audit import AuditLog
from archive.database import Database
from docgen.base import decree
from docgen.base.errors import DocgenError
from docgen.base.vntext import fold_key

SCHEMA = """
CREATE TABLE IF NOT EXISTS register (
    id {id},
    direction TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    status TEXT NOT NULL,
    code TEXT,
    issuer TEXT,
    doc_date TEXT,
    arrival_date TEXT,
    type TEXT,
    subject TEXT,
    signer TEXT,
    recipients TEXT,
    keep_copy TEXT,
    copies INTEGER,
    doc_id INTEGER,
    by_whom TEXT,
    at TEXT NOT NULL,
    cancelled_by TEXT,
    cancelled_at TEXT,
    note TEXT,
    UNIQUE (direction, series, year, number)
);
CREATE TABLE IF NOT EXISTS counters (
    direction TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (direction, series, year)
);
"""

SERIES_FILE = "series.yaml"
SERIES_HELP = """# How the văn thư numbers outgoing documents (Nghị định 30, Điều 15.1.c), per issuing body:
#   shared:   one series for all the body's administrative documents
#   per-type: one series for each type (Kế hoạch, Quyết định, …)
# Secret documents always have a series of their own.
default: shared
bodies: {}
"""


class RegisterError(DocgenError):
    """A register action that cannot be done; str() is one line."""

    title = "Không cấp được số"


@dataclass
class Row:
    direction: str
    series: str
    year: int
    number: int
    status: str
    code: str | None = None
    issuer: str | None = None
    doc_date: str | None = None
    arrival_date: str | None = None
    type: str | None = None
    subject: str | None = None
    signer: str | None = None
    recipients: str | None = None
    keep_copy: str | None = None
    copies: int | None = None
    doc_id: int | None = None
    by_whom: str | None = None
    at: str | None = None
    cancelled_by: str | None = None
    cancelled_at: str | None = None
    note: str | None = None

    @property
    def number_text(self) -> str:
        return decree.format_number(self.number)


COLUMNS = [f for f in Row.__dataclass_fields__]


def now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


class Register:
    """The registers in plain SQL over the catalog's Database; series.yaml stays in the
    node's archive folder (how this office numbers is a setting, not a record)."""

    def __init__(self, db: Database, location: Path):
        self.db = db
        self.location = Path(location)
        if db.dialect == "sqlite":
            db.ddl(SCHEMA)  # read-only (a full disk): the register is read as it stands
        self.audit = AuditLog(db)

    # --- series -----------------------------------------------------------------------

    def series_config(self) -> dict:
        path = self.location / SERIES_FILE
        if not path.exists():
            path.write_text(SERIES_HELP, encoding="utf-8")
        try:
            config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise RegisterError(f"{path}: not valid YAML ({exc})") from None
        return config

    def series_for(self, issuer: str, type_name: str | None, secret: bool = False) -> str:
        """The series a document of this issuer and type is numbered in."""
        config = self.series_config()
        bodies = {fold_key(k): v for k, v in (config.get("bodies") or {}).items()}
        mode = bodies.get(fold_key(issuer), config.get("default", "shared"))
        if mode not in ("shared", "per-type"):
            raise RegisterError(f"{self.location / SERIES_FILE}: series mode '{mode}' for {issuer}: "
                                "expected shared or per-type")
        kind = "mật" if secret else (type_name or "Công văn") if mode == "per-type" else "chung"
        return f"{issuer} | {kind}"

    # --- numbers ----------------------------------------------------------------------

    def _take(self, direction: str, series: str, year: int, number: int | None, by_whom: str | None,
              **fields) -> Row:
        """Write the row of a number in one transaction: the next one when `number` is None.

        The series' counter row is locked for the transaction (FOR UPDATE on PostgreSQL; SQLite
        has one writer anyway), so two machines issuing at once get consecutive numbers; the
        unique key on (direction, series, year, number) refuses a number typed in or imported twice."""
        try:
            with self.db.transaction():
                self.db.execute("INSERT INTO counters (direction, series, year, last) VALUES (?, ?, ?, 0)"
                                " ON CONFLICT DO NOTHING", (direction, series, year))
                last = self.db.value("SELECT last FROM counters WHERE direction = ? AND series = ? AND year = ?"
                                     + self.db.for_update, (direction, series, year))
                highest = self.db.value("SELECT COALESCE(MAX(number), 0) FROM register WHERE direction = ?"
                                        " AND series = ? AND year = ?", (direction, series, year))
                if number is None:
                    number = max(last, highest) + 1
                row = Row(direction, series, year, number, "allocated" if direction == "outgoing" else "received",
                          by_whom=by_whom, at=now(), **fields)
                self._insert(row)
                self.db.execute("UPDATE counters SET last = ? WHERE direction = ? AND series = ? AND year = ?",
                                (max(last, highest, number), direction, series, year))
                self.audit.write("number" if direction == "outgoing" else "receive", by_whom, fields.get("doc_id"),
                                 fields.get("code"), year, series=series, number=number)
        except self.db.integrity_errors:
            taken = self.get(direction, series, year, number)
            raise RegisterError(f"number {taken.number_text} of {year} in '{series}' is already {taken.status}"
                                + (f" ({taken.code})" if taken.code else "")) from None
        return row

    def allocate(self, direction: str, series: str, year: int, by_whom: str | None, **fields) -> Row:
        """The next number of the series for the year, recorded with its row in one transaction."""
        return self._take(direction, series, year, None, by_whom, **fields)

    def reserve(self, series: str, year: int, number: int, by_whom: str | None) -> Row:
        """A number typed in by the clerk: recorded if free, refused if the register has it."""
        return self._take("outgoing", series, year, number, by_whom)

    def _insert(self, row: Row) -> None:
        values = [getattr(row, c) for c in COLUMNS]
        self.db.execute(f"INSERT INTO register ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                        values)

    def _update(self, row_key: tuple[str, str, int, int], **fields) -> None:
        assignments = ", ".join(f"{k} = ?" for k in fields)
        self.db.execute(f"UPDATE register SET {assignments} WHERE direction = ? AND series = ? AND year = ? AND number = ?",
                        (*fields.values(), *row_key))

    def get(self, direction: str, series: str, year: int, number: int) -> Row | None:
        found = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM register WHERE direction = ? AND series = ?"
                                " AND year = ? AND number = ?", (direction, series, year, number)).fetchone()
        return Row(*found) if found else None

    def linked_documents(self) -> list[tuple[str, str, int, int, int]]:
        """(direction, series, year, number, document id) of every row that names a document."""
        return [tuple(r) for r in self.db.execute(
            "SELECT direction, series, year, number, doc_id FROM register WHERE doc_id IS NOT NULL"
            " ORDER BY direction, series, year, number")]

    def incoming_row(self, doc_id: int) -> Row | None:
        """The số đến an archived document was given, if it was received."""
        found = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM register WHERE direction = 'incoming' AND doc_id = ?",
                                (doc_id,)).fetchone()
        return Row(*found) if found else None

    def mark_issued(self, row: Row, by_whom: str | None = None, **fields) -> None:
        with self.db.transaction():
            self._update((row.direction, row.series, row.year, row.number), status="issued", **fields)
            self.audit.write("issue", by_whom, fields.get("doc_id"), fields.get("code"), row.year, series=row.series,
                             number=row.number)

    def cancel(self, series: str, year: int, number: int, by_whom: str, reason: str | None = None,
               archived_check: bool = True) -> Row:
        """archived_check off: the number was never used for the archived document that has its
        ký hiệu (another series gave that ký hiệu first); cancelling it is the whole story."""
        row = self.get("outgoing", series, year, number)
        if row is None:
            raise RegisterError(f"number {decree.format_number(number)} of {year} was never allocated in series {series}")
        if archived_check and row.status == "allocated" and (linked := self.archived_with(row)):
            raise RegisterError(f"number {row.number_text} of {year} in series {series} belongs to {linked}, which "
                                "is archived: finish it with docgen number resume instead of cancelling")
        if row.status != "allocated":
            raise RegisterError(f"number {row.number_text} of {year} in series {series} is {row.status}, "
                                "not an allocated number waiting for its document")
        with self.db.transaction():
            self._update((row.direction, row.series, row.year, row.number), status="cancelled", cancelled_by=by_whom,
                         cancelled_at=now(), note=reason)
            self.audit.write("cancel", by_whom, None, None, year, series=series, number=number, reason=reason)
        return self.get("outgoing", series, year, number)

    def archived_with(self, row: Row) -> str | None:
        """The file of an archived document of this issuer that carries this allocated number
        and year (a stop after archiving, before the register was told)."""
        issuer = row.series.split(" | ")[0]
        for number, issue_date, issuer_name, file_name in self.db.execute(
                "SELECT number, issue_date, issuer, file_name FROM documents WHERE number = ? AND year = ?",
                (row.number, row.year)):
            if fold_key(issuer_name or "") == fold_key(issuer):
                return file_name
        return None

    def all_rows(self) -> list[Row]:
        """Every row of both registers, in order (what an import copies)."""
        return [Row(*r) for r in self.db.execute(
            f"SELECT {', '.join(COLUMNS)} FROM register ORDER BY direction, series, year, number")]

    def copy_row(self, row: Row) -> bool:
        """Write a row as it stands in another register (an import), its series' counter moved
        past it; False when this register has that number already (a rerun)."""
        try:
            with self.db.transaction():
                self._insert(row)
                self.db.execute("INSERT INTO counters (direction, series, year, last) VALUES (?, ?, ?, ?)"
                                " ON CONFLICT (direction, series, year) DO UPDATE SET last ="
                                " CASE WHEN counters.last > excluded.last THEN counters.last ELSE excluded.last END",
                                (row.direction, row.series, row.year, row.number))
        except self.db.integrity_errors:
            return False
        return True

    def rows(self, direction: str, year: int, series: str | None = None) -> list[Row]:
        sql = f"SELECT {', '.join(COLUMNS)} FROM register WHERE direction = ? AND year = ?"
        params: tuple = (direction, year)
        if series:
            sql += " AND series = ?"
            params += (series,)
        return [Row(*r) for r in self.db.execute(sql + " ORDER BY series, number", params)]
