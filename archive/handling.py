"""The path of an incoming document (Nghị định 30, Điều 20-24): received with its số đến,
handed by a leader to a lead (chủ trì) with supporting people (phối hợp), a due date and
instructions (ý kiến chỉ đạo), followed up, and done: answered by an outgoing document or
closed with a note. Statuses carry the national exchange's codes (QCVN 102: 01 đã đến,
02 từ chối, 03 tiếp nhận, 04 phân công, 05 đang xử lý, 06 hoàn thành).

Each change is one transaction that rewrites the document's handling row whole and appends
its event (and its audit entry): two leaders assigning at once leave one of the two
assignments, never a mix. The rules are here, in Python; the SQL is plain, for both backends.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field

from archive.audit import AuditLog, now
from archive.database import Database
from archive.edxml import STATUS
from docgen.base.errors import DocgenError

RECEIVED, REFUSED, ACCEPTED, ASSIGNED, PROCESSING, DONE = "01", "02", "03", "04", "05", "06"  # the exchange's codes
STATUSES = {code: STATUS[code] for code in (RECEIVED, REFUSED, ACCEPTED, ASSIGNED, PROCESSING, DONE)}
NAMES = {"received": RECEIVED, "refused": REFUSED, "accepted": ACCEPTED, "assigned": ASSIGNED,
         "processing": PROCESSING, "done": DONE}
OPEN = (RECEIVED, ACCEPTED, ASSIGNED, PROCESSING)
WORKING_DAYS = 10  # the time allowed when the document sets none (an office changes it in handling.yaml)

SCHEMA = """
CREATE TABLE IF NOT EXISTS handling (
    doc_id INTEGER PRIMARY KEY,
    status TEXT NOT NULL,
    lead TEXT,
    support TEXT,
    unit TEXT,
    due TEXT,
    instructions TEXT,
    answer_id INTEGER,
    done_at TEXT,
    updated_by TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS handling_lead ON handling (lead);
CREATE INDEX IF NOT EXISTS handling_due ON handling (due);
CREATE TABLE IF NOT EXISTS handling_events (
    seq {id},
    doc_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    by_whom TEXT,
    status TEXT NOT NULL,
    note TEXT
);
CREATE INDEX IF NOT EXISTS handling_events_doc ON handling_events (doc_id)
"""


class HandlingError(DocgenError):
    """A handling step that cannot be done; str() is one line."""

    title = "Không thực hiện được bước xử lý"


class NotAssigned(HandlingError):
    """Someone who is neither the lead nor a supporting person (nor a leader) reporting a step."""


@dataclass
class Handling:
    doc_id: int
    status: str
    lead: str | None = None
    support: list[str] = field(default_factory=list)
    unit: str | None = None
    due: _dt.date | None = None
    instructions: str | None = None
    answer_id: int | None = None
    done_at: str | None = None
    updated_by: str | None = None
    updated_at: str | None = None

    @property
    def is_open(self) -> bool:
        """Still to be handled: received, accepted, assigned or in progress."""
        return self.status in OPEN

    @property
    def is_done(self) -> bool:
        return self.status == DONE

    @property
    def status_name(self) -> str:
        return STATUSES.get(self.status, self.status)

    def overdue(self, today: _dt.date) -> bool:
        return self.is_open and self.due is not None and self.due < today

    def late(self) -> bool:
        """Done after its due date."""
        return self.is_done and self.due is not None and bool(self.done_at) and self.done_at[:10] > \
            self.due.isoformat()

    def to_dict(self) -> dict:
        return {"doc_id": self.doc_id, "status": self.status, "status_name": self.status_name, "lead": self.lead,
                "support": self.support, "unit": self.unit, "due": self.due.isoformat() if self.due else None,
                "instructions": self.instructions, "answer_id": self.answer_id, "done_at": self.done_at,
                "updated_by": self.updated_by, "updated_at": self.updated_at}


def working_days_after(day: _dt.date, count: int) -> _dt.date:
    """count working days (Monday to Friday) after day."""
    while count > 0:
        day += _dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


COLUMNS = "doc_id, status, lead, support, unit, due, instructions, answer_id, done_at, updated_by, updated_at"


class HandlingStore:
    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit
        if db.dialect == "sqlite":
            db.ddl(SCHEMA)

    def _row(self, values) -> Handling:
        (doc_id, status, lead, support, unit, due, instructions, answer_id, done_at, by, at) = values
        return Handling(doc_id, status, lead, json.loads(support) if support else [], unit,
                        _dt.date.fromisoformat(due) if due else None, instructions, answer_id, done_at, by, at)

    def get(self, doc_id: int) -> Handling | None:
        row = self.db.one(f"SELECT {COLUMNS} FROM handling WHERE doc_id = ?", (doc_id,))
        return self._row(row) if row else None

    def _write(self, h: Handling, by_whom: str | None, note: str | None, code: str | None = None) -> Handling:
        """The row rewritten whole, its event and its audit entry: in the caller's transaction."""
        h.updated_by, h.updated_at = by_whom, now()
        values = (h.status, h.lead, json.dumps(h.support, ensure_ascii=False) if h.support else None, h.unit,
                  h.due.isoformat() if h.due else None, h.instructions, h.answer_id, h.done_at, h.updated_by,
                  h.updated_at)
        if self.db.value("SELECT 1 FROM handling WHERE doc_id = ?", (h.doc_id,)):
            self.db.execute("UPDATE handling SET status = ?, lead = ?, support = ?, unit = ?, due = ?, instructions = ?,"
                            " answer_id = ?, done_at = ?, updated_by = ?, updated_at = ? WHERE doc_id = ?",
                            (*values, h.doc_id))
        else:
            self.db.execute(f"INSERT INTO handling ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (h.doc_id, *values))
        self.db.execute("INSERT INTO handling_events (doc_id, at, by_whom, status, note) VALUES (?, ?, ?, ?, ?)",
                        (h.doc_id, h.updated_at, by_whom, h.status, note))
        self.audit.write("handling", by_whom, h.doc_id, code, None, status=f"{h.status} {h.status_name}",
                         lead=h.lead, due=h.due.isoformat() if h.due else None, note=note)
        return h

    def _locked(self, doc_id: int) -> Handling | None:
        """The row read under the write lock (FOR UPDATE on PostgreSQL; SQLite has one writer)."""
        row = self.db.one(f"SELECT {COLUMNS} FROM handling WHERE doc_id = ?{self.db.for_update}", (doc_id,))
        return self._row(row) if row else None

    def received(self, doc_id: int, by_whom: str | None, code: str | None = None) -> Handling:
        with self.db.transaction():
            if (current := self._locked(doc_id)) is not None:
                return current
            return self._write(Handling(doc_id, RECEIVED), by_whom, "vào sổ đến", code)

    def assign(self, doc_id: int, lead: str, due: _dt.date, by_whom: str | None, support: list[str] = (),
               instructions: str | None = None, unit: str | None = None, code: str | None = None) -> Handling:
        """A leader hands the document to a lead (again: a reassignment, on record)."""
        if not lead.strip():
            raise HandlingError("name the lead (chủ trì): --to USER")
        with self.db.transaction():
            current = self._locked(doc_id) or Handling(doc_id, RECEIVED)
            if current.is_done:
                raise HandlingError(f"document {doc_id} is already done ({current.done_at[:10]}); nothing to assign")
            note = "giao lại" if current.lead else "phân công"
            h = Handling(doc_id, ASSIGNED, lead.strip(), [s.strip() for s in support if s.strip()], unit or current.unit,
                         due, instructions or None)
            return self._write(h, by_whom, f"{note}: {lead.strip()}" + (f" ({instructions})" if instructions else ""),
                               code)

    def progress(self, doc_id: int, status: str, by_whom: str | None, note: str | None = None,
                 answer_id: int | None = None, acting_as_leader: bool = False, code: str | None = None,
                 done_on: _dt.date | None = None) -> Handling:
        """The lead or a supporting person reports (a leader may too): accepted, processing,
        refused (a reason needed), done (an answering document or a note needed). done_on: the
        day it was done, when not today (the date of the answering document)."""
        code_of = NAMES.get(status, status)
        if code_of not in (REFUSED, ACCEPTED, PROCESSING, DONE):
            raise HandlingError(f"status '{status}': one of accepted, processing, done, refused")
        with self.db.transaction():
            current = self._locked(doc_id)
            if current is None:
                raise HandlingError(f"document {doc_id} was not received (docgen receive) and has no handling")
            if not acting_as_leader and by_whom not in ([current.lead] + current.support):
                raise NotAssigned(f"document {doc_id} is assigned to {current.lead or 'nobody yet'}; "
                                    f"{by_whom or 'you'} cannot change its handling")
            if current.is_done and code_of != DONE:
                raise HandlingError(f"document {doc_id} is already done")
            if code_of == REFUSED and not note:
                raise HandlingError("a refusal needs its reason: --note")
            if code_of == DONE and not answer_id and not note:
                raise HandlingError("done without an answering document needs a note (--note), or issue the answer "
                                    "with docgen issue DATA --answers CODE/YEAR")
            current.status = code_of
            if code_of == DONE:
                current.answer_id = answer_id or current.answer_id
                current.done_at = done_on.isoformat() if done_on else now()
            return self._write(current, by_whom, note, code)

    def events(self, doc_id: int) -> list[tuple[str, str | None, str, str | None]]:
        """(at, by whom, status, note) of every step, oldest first."""
        return [tuple(r) for r in self.db.execute("SELECT at, by_whom, status, note FROM handling_events"
                                                  " WHERE doc_id = ? ORDER BY seq", (doc_id,))]

    def all(self) -> list[Handling]:
        return [self._row(r) for r in self.db.execute(f"SELECT {COLUMNS} FROM handling ORDER BY due, doc_id")]
