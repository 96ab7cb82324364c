"""The catalog: one row per archived document, behind one small interface.

`Catalog` is what the rest of docgen uses; `SqlCatalog` implements it once in plain SQL
over a `Database` (archive.database): an SQLite file in the archive folder, or PostgreSQL
for an office with many users. The rules (what "the same document" is, which archived
document a reference points at) are Python here, not one backend's SQL. Each document goes
in as one transaction, with its line in the change log that app nodes index from: a crash
leaves complete records only.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archive import audit, handling
from archive.audit import AuditLog
from archive.corrections import Correction, CorrectionError, apply, decode, value_of
from archive.database import Database, SqliteDatabase
from archive.record import Deadline, Record
from docgen.base.decree import code_key, code_number
from docgen.base.vntext import fold_key

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id {id},
    sha256 TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    type TEXT,
    code TEXT,
    code_key TEXT,
    number INTEGER,
    year INTEGER,
    issue_date TEXT,
    issuer TEXT,
    subject TEXT,
    signer_name TEXT,
    text_source TEXT,
    record_json TEXT NOT NULL,
    body_text TEXT NOT NULL,
    added_at TEXT NOT NULL,
    identity TEXT,
    text_sha256 TEXT,
    type_key TEXT,
    issuer_key TEXT,
    reviewed_by TEXT,
    reviewed_at TEXT
);
CREATE INDEX IF NOT EXISTS documents_code ON documents (code_key, year);
CREATE INDEX IF NOT EXISTS documents_date ON documents (issue_date);
CREATE TABLE IF NOT EXISTS refs (
    doc_id INTEGER NOT NULL REFERENCES documents (id),
    ord INTEGER NOT NULL,
    type TEXT,
    code TEXT NOT NULL,
    code_key TEXT NOT NULL,
    number INTEGER,
    year INTEGER,
    ref_date TEXT,
    issuer TEXT,
    subject TEXT,
    target_id INTEGER REFERENCES documents (id),
    uncertain INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, ord)
);
CREATE INDEX IF NOT EXISTS refs_code ON refs (code_key, year);
CREATE TABLE IF NOT EXISTS deadlines (
    doc_id INTEGER NOT NULL REFERENCES documents (id),
    ord INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    relation TEXT NOT NULL,
    start_date TEXT,
    period TEXT,
    task TEXT,
    responsible TEXT,
    responsible_key TEXT,
    PRIMARY KEY (doc_id, ord)
);
CREATE INDEX IF NOT EXISTS deadlines_due ON deadlines (due_date);
CREATE INDEX IF NOT EXISTS refs_target ON refs (target_id);
CREATE INDEX IF NOT EXISTS refs_number ON refs (number);
CREATE INDEX IF NOT EXISTS documents_number ON documents (number);
CREATE TABLE IF NOT EXISTS changes (
    seq {id},
    doc_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS corrections (
    doc_id INTEGER NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    by_whom TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (doc_id, field)
);
CREATE TABLE IF NOT EXISTS trash (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    record_json TEXT NOT NULL,
    body_text TEXT NOT NULL,
    added_at TEXT,
    deleted_by TEXT,
    deleted_at TEXT NOT NULL
);
"""

COLUMNS = "id, sha256, file_name, record_json"


@dataclass
class Citation:
    """One reference of an archived document, and what it resolves to."""

    doc_id: int
    type: str | None
    code: str
    date: _dt.date | None
    issuer: str | None
    subject: str | None
    target_id: int | None
    uncertain: bool
    key: str = ""  # the code folded (decree.code_key), as the catalog keeps it

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


@dataclass
class Entry:
    """A catalogued document: its id, its record, and where its original is."""

    id: int
    sha256: str
    file_name: str
    record: Record


def record_to_json(record: Record) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False)


def record_from_json(text: str) -> Record:
    return Record.from_dict(json.loads(text))


@dataclass
class BriefRecord:
    """The columns a list shows of a record (no JSON parsed): what /missing names its citing
    documents by, thousands at a time."""

    code: str | None
    date: _dt.date | None
    type: str | None
    subject: str | None
    issuer: str | None


@dataclass
class Brief:
    """An archived document as a list shows it: shaped like an Entry for what lists read."""

    id: int
    file_name: str
    record: BriefRecord


@dataclass
class Change:
    """One line of the change log: a document added, changed or deleted."""

    seq: int
    doc_id: int
    kind: str  # "add", "change", "delete"


@dataclass
class StoredRow:
    id: int
    sha256: str
    file_name: str
    columns: dict  # code, number, year, issue_date, issuer, subject, as the row holds them
    record_json: str
    text_changed: bool = False  # the text no longer hashes to what was recorded when it was added


def identity(code: str | None, year: int | None, issuer: str | None) -> str | None:
    """What makes a document itself (Phụ lục VI, III.1.h): its số and ký hiệu in its year, from
    its issuer. None for a document that carries no number or date."""
    if not code or not year:
        return None
    return f"{code_key(code)}|{year}|{fold_key(issuer or '')}"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _readable_record(file_name: str, text: str) -> Record:
    """The record of a row; a row whose record cannot be read (a damaged page, a hand edit)
    stands in as a bare record saying so, so that listing the archive goes on."""
    try:
        return record_from_json(text)
    except (ValueError, TypeError, KeyError) as exc:
        return Record(file=file_name, warnings=[f"the record cannot be read ({type(exc).__name__}): "
                                                "run docgen archive verify"])


class SameDocument(Exception):
    """The catalog already holds this document from another file."""

    def __init__(self, entry: "Entry"):
        super().__init__(entry.file_name)
        self.entry = entry


class Catalog(ABC):
    @abstractmethod
    def add(self, record: Record, text: str, by_whom: str | None = None, logged: bool = True) -> tuple[int, bool]:
        """Store a record; (its id, True) if new, (the existing id, False) if its file is known."""

    @abstractmethod
    def get(self, doc_id: int) -> Entry | None: ...

    @abstractmethod
    def by_sha256(self, sha256: str) -> Entry | None: ...

    @abstractmethod
    def same_document(self, code: str | None, year: int | None, issuer: str | None) -> Entry | None:
        """An archived document with the same số, ký hiệu and issuer in the same year."""

    @abstractmethod
    def by_code(self, code: str, year: int | None = None) -> list[Entry]:
        """Every document with this code (folded, case-blind), newest first."""

    @abstractmethod
    def list(self, type: str | None = None, issuer: str | None = None, year: int | None = None) -> list[Entry]: ...

    @abstractmethod
    def text(self, doc_id: int) -> str: ...

    @abstractmethod
    def citations_of(self, doc_id: int) -> list[Citation]:
        """What a document cites, in order, each resolved to an archived document or not."""

    @abstractmethod
    def citing(self, code: str, year: int | None = None) -> list[Citation]:
        """The references, in any archived document, to this code (of this year)."""

    @abstractmethod
    def deadlines(self, start: _dt.date | None = None, end: _dt.date | None = None, issuer: str | None = None,
                  responsible: str | None = None) -> list[tuple[int, Deadline]]:
        """(document id, deadline) for every dated deadline in the range, by date."""

    @abstractmethod
    def unresolved(self) -> list[Citation]:
        """Every reference whose document is not in the archive."""

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def ids(self, after: int = 0) -> list[int]:
        """Document ids above `after`, in order."""

    @abstractmethod
    def last_change(self) -> int: ...

    @abstractmethod
    def changes(self, after: int = 0, limit: int = 1000) -> list[Change]:
        """The change log after seq `after`, in order: what an app node's index catches up from."""

    @abstractmethod
    def briefs(self, doc_ids: list[int]) -> dict[int, Brief]:
        """Many documents as lists show them, from their columns, a few queries for thousands."""

    @abstractmethod
    def correct(self, doc_id: int, corrections: list[Correction], by_whom: str | None) -> Record:
        """Set fields by hand; the corrected record from then on, each field kept and logged."""

    @abstractmethod
    def corrections_of(self, doc_id: int) -> list[Correction]: ...

    @abstractmethod
    def reparsed(self, doc_id: int, parsed: Record, text: str, by_whom: str | None) -> list[str]:
        """A new parse in place, corrections kept; where the parser now disagrees with them."""

    @abstractmethod
    def mark_reviewed(self, doc_id: int, by_whom: str | None) -> None: ...

    @abstractmethod
    def to_review(self) -> list[Entry]: ...

    @abstractmethod
    def delete(self, doc_id: int, by_whom: str | None) -> Entry:
        """To the trash, out of search, lists and cited-by."""

    @abstractmethod
    def trash(self) -> list[tuple[Entry, str | None, str]]: ...

    @abstractmethod
    def restore(self, doc_id: int, by_whom: str | None) -> Entry: ...

    @abstractmethod
    def purge(self, doc_id: int, by_whom: str | None) -> str: ...

    @abstractmethod
    def codes_with_number(self, number: int) -> list[str]:
        """Every code with this number, archived or only cited."""

    @abstractmethod
    def codes_with_years(self, prefix: str = "", limit: int = 50) -> list[str]:
        """'406/KH-UBND/2022' for archived documents whose code starts with prefix, newest first
        (what drafting offers for bases)."""

    @abstractmethod
    def integrity_problems(self) -> list[str]:
        """What the database's own check finds wrong (damaged pages, broken indexes); [] when sound."""

    @abstractmethod
    def stored_rows(self) -> Iterator[StoredRow]:
        """Every document row as stored: the indexed columns and the record they were made from,
        unparsed, so that a damaged row can be reported instead of breaking the reader."""

    @abstractmethod
    def close(self) -> None: ...



SCHEMA_VERSION = 6


def resolve_target(ref_date: str | None, candidates: list[tuple[int, str | None]]) -> tuple[int | None, bool]:
    """Which archived document (id, issue date) a reference with this code points at.

    With a date, the code and the date must agree (the same number in another year is
    another document). Without one, only a code that exactly one archived document has
    resolves, and the link is marked uncertain."""
    if ref_date:
        matches = [doc_id for doc_id, issue_date in candidates if issue_date == ref_date]
        return (matches[0] if len(matches) == 1 else None), False
    return (candidates[0][0], True) if len(candidates) == 1 else (None, False)


def prepare(db: Database, create: bool = True) -> None:
    """Make or upgrade the catalog's tables. Version 2: a document's identity (số, ký hiệu,
    year, issuer) as a unique key, so the database itself refuses a second copy of one
    document, whatever the file. Version 3: the hash of each document's text, so a text
    changed in place is seen. Version 4: the change log the search indexes follow, and the
    type, issuer and responsible unit folded (SQLite's LOWER knows only ASCII: "KẾ HOẠCH"
    must find "Kế hoạch", "NĐ" "nđ"), so that filters are the same on both backends.
    Version 5: corrections kept apart from the parse, the trash, the review mark, the audit log.
    Version 6: the handling of incoming documents (archive.handling)."""
    version = db.version()
    if version >= SCHEMA_VERSION or db.read_only:
        return
    if not create and version == 0:
        return
    db.ddl(SCHEMA)
    if db.read_only:
        return
    columns = db.columns("documents")
    with db.transaction(lock="catalog"):
        for column in ("identity", "text_sha256", "type_key", "issuer_key", "reviewed_by", "reviewed_at"):
            if column not in columns:
                db.execute(f"ALTER TABLE documents ADD COLUMN {column} TEXT")
        if "responsible_key" not in db.columns("deadlines"):
            db.execute("ALTER TABLE deadlines ADD COLUMN responsible_key TEXT")
        if version < 3:
            for doc_id, code, year, issuer, body in db.execute(
                    "SELECT id, code, year, issuer, body_text FROM documents").fetchall():
                db.execute("UPDATE documents SET identity = ?, text_sha256 = ? WHERE id = ?",
                           (identity(code, year, issuer), text_hash(body), doc_id))
        if version < 4:
            for doc_id, type_, issuer in db.execute("SELECT id, type, issuer FROM documents").fetchall():
                db.execute("UPDATE documents SET type_key = ?, issuer_key = ? WHERE id = ?",
                           (_key(type_), _key(issuer), doc_id))
            for doc_id, ord_, responsible in db.execute("SELECT doc_id, ord, responsible FROM deadlines").fetchall():
                db.execute("UPDATE deadlines SET responsible_key = ? WHERE doc_id = ? AND ord = ?",
                           (_key(responsible), doc_id, ord_))
        if version < 4 and not db.value("SELECT COUNT(*) FROM changes"):
            now = _now()
            for (doc_id,) in db.execute("SELECT id FROM documents ORDER BY id").fetchall():
                db.execute("INSERT INTO changes (doc_id, kind, at) VALUES (?, 'add', ?)", (doc_id, now))
        db.set_version(SCHEMA_VERSION)
    try:
        db.execute("CREATE UNIQUE INDEX IF NOT EXISTS documents_identity ON documents (identity)")
    except db.integrity_errors:
        pass  # an archive that already holds a document twice: verify names them, the rule still holds
    db.execute("CREATE INDEX IF NOT EXISTS changes_doc ON changes (doc_id)")
    db.ddl(audit.SCHEMA)
    db.ddl(handling.SCHEMA)


def _key(text: str | None) -> str | None:
    """What a filter compares: folded and case-blind (fold_key), kept beside the value."""
    return fold_key(text) if text else None


def _contains(text: str) -> str:
    """A LIKE pattern for 'contains this', the folded text's own % and _ taken literally."""
    escaped = fold_key(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _jsonable(value):
    from archive.corrections import encode

    return encode("references" if isinstance(value, list) and value and hasattr(value[0], "code") else
                  "deadlines" if isinstance(value, list) and value and hasattr(value[0], "relation") else "", value)


def _shown(value) -> str:
    from archive.corrections import shown

    return shown(value)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


class SqlCatalog(Catalog):
    """The catalog in plain SQL over a Database (SQLite or PostgreSQL)."""

    def __init__(self, db: Database):
        self.db = db
        if db.dialect == "sqlite":  # zero set-up: the archive folder's file is made or upgraded on opening
            prepare(db)
        self.audit = AuditLog(db)

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    def _entries(self, sql: str, params: tuple = ()) -> list[Entry]:
        rows = self.db.execute(sql, params).fetchall()
        return [Entry(r[0], r[1], r[2], _readable_record(r[2], r[3])) for r in rows]

    def add_warning(self, doc_id: int, warning: str) -> None:
        """A note on a record that something about it was found wrong (its original lost)."""
        with self.db.transaction(lock="catalog"):
            row = self.db.one("SELECT record_json FROM documents WHERE id = ?", (doc_id,))
            data = json.loads(row[0])
            if warning not in data.setdefault("warnings", []):
                data["warnings"].append(warning)
                self.db.execute("UPDATE documents SET record_json = ? WHERE id = ?",
                                (json.dumps(data, ensure_ascii=False), doc_id))
                self._log(doc_id, "change")

    def _log(self, doc_id: int, kind: str) -> None:
        """A line in the change log, inside the write's transaction (under the catalog lock, so
        lines are committed in the order of their numbers and no reader skips one)."""
        self.db.execute("INSERT INTO changes (doc_id, kind, at) VALUES (?, ?, ?)", (doc_id, kind, _now()))

    def add(self, record: Record, text: str, by_whom: str | None = None, logged: bool = True) -> tuple[int, bool]:
        """logged: write the audit entry (an import copies the source's own instead)."""
        existing = self.db.value("SELECT id FROM documents WHERE sha256 = ?", (record.sha256,))
        if existing:
            return existing, False
        with self.db.transaction(lock="catalog"):
            existing = self.db.value("SELECT id FROM documents WHERE sha256 = ?", (record.sha256,))
            if existing:
                return existing, False
            if record.date and (twin := self.same_document(record.code, record.date.year, record.issuer)):
                raise SameDocument(twin)  # decided under the write lock: two adds at once store one
            doc_id = self._insert(record, text)
            self._log(doc_id, "add")
            if logged:
                self.audit.write("add", by_whom, doc_id, record.code, record.year,
                                 file=record.file)
        return doc_id, True

    def same_document(self, code: str | None, year: int | None, issuer: str | None) -> Entry | None:
        """An archived document with the same số, ký hiệu and issuer in the same year
        (Phụ lục VI, III.1.h): the same document, whatever the file. year None: in any year
        (the document an edXML update names), the newest."""
        if not code:
            return None
        for entry in self.by_code(code, year):
            if fold_key(entry.record.issuer or "") == fold_key(issuer or ""):
                return entry
        return None

    def _insert(self, record: Record, text: str, kept: tuple | None = None) -> int:
        """A document's row, its references and deadlines, and every reference to its code or
        by it resolved again, in the caller's transaction; its id. kept: (id, sha256, file name,
        record JSON, added at) as the trash kept them, for a document restored as it was."""
        doc_id, sha256, file_name, record_json, added_at = kept or (
            None, record.sha256, record.file, record_to_json(record), _now())
        year = record.year
        columns = {} if doc_id is None else {"id": doc_id}
        columns |= {
            "sha256": sha256, "file_name": file_name, "type": record.type, "code": record.code,
            "code_key": code_key(record.code) if record.code else None,
            "number": record.number if isinstance(record.number, int) else None, "year": year,
            "issue_date": record.date.isoformat() if record.date else None, "issuer": record.issuer,
            "subject": record.subject, "signer_name": record.signer.name, "text_source": record.text_source,
            "record_json": record_json, "body_text": text, "added_at": added_at,
            "identity": identity(record.code, year, record.issuer), "text_sha256": text_hash(text),
            "type_key": _key(record.type), "issuer_key": _key(record.issuer)}
        doc_id = self.db.value(f"INSERT INTO documents ({', '.join(columns)}) VALUES "
                               f"({', '.join('?' * len(columns))}) RETURNING id", tuple(columns.values()))
        self._insert_refs(doc_id, record)
        self._insert_deadlines(doc_id, record)
        self._resolve({code_key(r.code) for r in record.references} | (
            {code_key(record.code)} if record.code else set()))
        return doc_id

    def _insert_refs(self, doc_id: int, record: Record) -> None:
        for ord_, ref in enumerate(record.references):
            self.db.execute(
                "INSERT INTO refs (doc_id, ord, type, code, code_key, number, year, ref_date, issuer, subject)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, ord_, ref.type, ref.code, code_key(ref.code), code_number(ref.code),
                 ref.year, ref.date.isoformat() if ref.date else None,
                 ref.issuer, ref.subject),
            )

    def _insert_deadlines(self, doc_id: int, record: Record) -> None:
        for ord_, d in enumerate(x for x in record.deadlines if x.date):
            self.db.execute(
                "INSERT INTO deadlines (doc_id, ord, due_date, relation, start_date, period, task, responsible,"
                " responsible_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, ord_, d.date.isoformat(), d.relation, d.start_date.isoformat() if d.start_date else None,
                 d.period, d.task, d.responsible, _key(d.responsible)),
            )

    def _resolve(self, keys: set[str]) -> None:
        """Point each reference with one of these codes at its archived document (resolve_target)."""
        for key in sorted(keys):
            documents = self.db.execute("SELECT id, issue_date FROM documents WHERE code_key = ? ORDER BY id",
                                        (key,)).fetchall()
            refs = self.db.execute("SELECT doc_id, ord, ref_date, target_id, uncertain FROM refs WHERE code_key = ?",
                                   (key,)).fetchall()
            for doc_id, ord_, ref_date, old_target, old_uncertain in refs:
                target, uncertain = resolve_target(ref_date, [d for d in documents if d[0] != doc_id])
                if (target, int(uncertain)) != (old_target, old_uncertain):
                    self.db.execute("UPDATE refs SET target_id = ?, uncertain = ? WHERE doc_id = ? AND ord = ?",
                                    (target, int(uncertain), doc_id, ord_))

    # --- corrections, review, trash ------------------------------------------------------

    def corrections_of(self, doc_id: int) -> list[Correction]:
        """The fields a person set on this record, with who and when."""
        return [Correction(f, decode(f, json.loads(v) if v is not None else None), by, at) for f, v, by, at in
                self.db.execute("SELECT field, value, by_whom, at FROM corrections WHERE doc_id = ? ORDER BY field",
                                (doc_id,))]

    def correct(self, doc_id: int, corrections: list[Correction], by_whom: str | None) -> Record:
        """Set fields of a record by hand: the record from then on (its columns, references and
        deadlines rewritten, citations of its old and new code resolved again), each field kept
        as a correction and written in the audit log with its old and new value."""
        with self.db.transaction(lock="catalog"):
            entry = self._entry_or_fail(doc_id)
            old = entry.record
            new = apply(old, corrections)
            year = new.year
            twin = self.same_document(new.code, year, new.issuer) if year else None
            if twin and twin.id != doc_id:
                raise CorrectionError(f"{new.code} of {year} from {new.issuer} is already in the archive: "
                                      f"{twin.file_name} (document {twin.id})")
            at = _now()
            for c in corrections:
                self.db.execute("INSERT INTO corrections (doc_id, field, value, by_whom, at) VALUES (?, ?, ?, ?, ?)"
                                " ON CONFLICT (doc_id, field) DO UPDATE SET value = excluded.value,"
                                " by_whom = excluded.by_whom, at = excluded.at", (doc_id, c.field, c.to_json(), by_whom, at))
                self.audit.write("edit", by_whom, doc_id, new.code, year, field=c.field,
                                 old=_jsonable(value_of(old, c.field)), new=_jsonable(c.value))
            self._rewrite(doc_id, old, new)
        return new

    def reparsed(self, doc_id: int, parsed: Record, text: str, by_whom: str | None) -> list[str]:
        """Put a new parse of the original in place, the corrections laid over it; returns, for
        each corrected field where the new parse now reads something else, one line saying so."""
        with self.db.transaction(lock="catalog"):
            entry = self._entry_or_fail(doc_id)
            corrections = self.corrections_of(doc_id)
            new = apply(parsed, corrections)
            disagreements = [f"{c.field}: the parser now reads {_shown(value_of(parsed, c.field))}, "
                             f"the correction ({c.by_whom or '?'}, {c.at[:10]}) keeps {_shown(c.value)}"
                             for c in corrections if value_of(parsed, c.field) != c.value]
            self._rewrite(doc_id, entry.record, new, text)
            self.audit.write("reparse", by_whom, doc_id, new.code, new.year,
                             kept=[c.field for c in corrections], disagreements=disagreements or None)
        return disagreements

    def copy_corrections(self, doc_id: int, corrections: list[Correction]) -> None:
        """Corrections as another catalog kept them (an import: the record is already corrected)."""
        for c in corrections:
            self.db.execute("INSERT INTO corrections (doc_id, field, value, by_whom, at) VALUES (?, ?, ?, ?, ?)"
                            " ON CONFLICT (doc_id, field) DO NOTHING", (doc_id, c.field, c.to_json(), c.by_whom, c.at))

    def _entry_or_fail(self, doc_id: int) -> Entry:
        entry = self.get(doc_id)
        if entry is None:
            raise CorrectionError(f"document {doc_id}: not in the archive")
        return entry

    def _rewrite(self, doc_id: int, old: Record, new: Record, text: str | None = None) -> None:
        """A record's row, references and deadlines made to say what `new` says (in the caller's
        transaction); every reference to its old or new code, and its old and new references,
        resolved again."""
        year = new.year
        self.db.execute(
            "UPDATE documents SET type = ?, code = ?, code_key = ?, number = ?, year = ?, issue_date = ?, issuer = ?,"
            " subject = ?, signer_name = ?, record_json = ?, identity = ?, type_key = ?, issuer_key = ? WHERE id = ?",
            (new.type, new.code, code_key(new.code) if new.code else None,
             new.number if isinstance(new.number, int) else None, year, new.date.isoformat() if new.date else None,
             new.issuer, new.subject, new.signer.name, record_to_json(new), identity(new.code, year, new.issuer),
             _key(new.type), _key(new.issuer), doc_id))
        if text is not None:
            self.db.execute("UPDATE documents SET body_text = ?, text_sha256 = ? WHERE id = ?",
                            (text, text_hash(text), doc_id))
        self.db.execute("DELETE FROM refs WHERE doc_id = ?", (doc_id,))
        self.db.execute("DELETE FROM deadlines WHERE doc_id = ?", (doc_id,))
        self._insert_refs(doc_id, new)
        self._insert_deadlines(doc_id, new)
        keys = {code_key(r.code) for r in old.references + new.references}
        keys |= {code_key(c) for c in (old.code, new.code) if c}
        self._resolve(keys)
        self._log(doc_id, "change")

    def mark_reviewed(self, doc_id: int, by_whom: str | None) -> None:
        """A person has looked at what the parser was unsure of."""
        with self.db.transaction(lock="catalog"):
            entry = self._entry_or_fail(doc_id)
            self.db.execute("UPDATE documents SET reviewed_by = ?, reviewed_at = ? WHERE id = ?",
                            (by_whom, _now(), doc_id))
            self.audit.write("review", by_whom, doc_id, entry.record.code,
                             entry.record.year)

    def review_state(self, doc_id: int) -> tuple[str | None, str | None]:
        """(who, when) it was marked reviewed, or (None, None)."""
        row = self.db.one("SELECT reviewed_by, reviewed_at FROM documents WHERE id = ?", (doc_id,))
        return (row[0], row[1]) if row else (None, None)

    def to_review(self) -> list[Entry]:
        """Documents with parser warnings nobody has reviewed yet, oldest first."""
        found = self._entries(f"SELECT {COLUMNS} FROM documents WHERE reviewed_at IS NULL"
                              " AND record_json NOT LIKE ? ORDER BY added_at, id", ('%"warnings": []}',))
        return [e for e in found if e.record.warnings]

    def delete(self, doc_id: int, by_whom: str | None) -> Entry:
        """Move a document to the trash: gone from search, lists and cited-by (its original and its
        corrections are kept; restore brings it back under the same id)."""
        with self.db.transaction(lock="catalog"):
            entry = self._entry_or_fail(doc_id)
            self.db.execute("INSERT INTO trash (id, sha256, file_name, record_json, body_text, added_at, deleted_by,"
                            " deleted_at) SELECT id, sha256, file_name, record_json, body_text, added_at, ?, ?"
                            " FROM documents WHERE id = ?", (by_whom, _now(), doc_id))
            self.db.execute("DELETE FROM refs WHERE doc_id = ?", (doc_id,))
            self.db.execute("DELETE FROM deadlines WHERE doc_id = ?", (doc_id,))
            self.db.execute("UPDATE refs SET target_id = NULL, uncertain = 0 WHERE target_id = ?", (doc_id,))
            self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            record = entry.record
            self._resolve({code_key(record.code)} if record.code else set())
            self._log(doc_id, "delete")
            self.audit.write("delete", by_whom, doc_id, record.code, record.year,
                             file=entry.file_name)
        return entry

    def trash(self) -> list[tuple[Entry, str | None, str]]:
        """(document, who deleted it, when) for everything in the trash, newest deletion first."""
        rows = self.db.execute("SELECT id, sha256, file_name, record_json, deleted_by, deleted_at FROM trash"
                               " ORDER BY deleted_at DESC, id DESC").fetchall()
        return [(Entry(r[0], r[1], r[2], _readable_record(r[2], r[3])), r[4], r[5]) for r in rows]

    def restore(self, doc_id: int, by_whom: str | None) -> Entry:
        """A document back from the trash under its own id, its citations resolved again."""
        with self.db.transaction(lock="catalog"):
            row = self.db.one("SELECT id, sha256, file_name, record_json, body_text, added_at FROM trash WHERE id = ?",
                              (doc_id,))
            if row is None:
                raise CorrectionError(f"document {doc_id}: not in the trash")
            record = _readable_record(row[2], row[3])
            if self.by_sha256(row[1]):
                raise CorrectionError(f"document {doc_id} ({row[2]}): the same file was archived again meanwhile")
            year = record.year
            if year and (twin := self.same_document(record.code, year, record.issuer)):
                raise CorrectionError(f"document {doc_id}: {record.code} of {year} was archived again meanwhile "
                                      f"({twin.file_name})")
            self._insert(record, row[4], kept=(row[0], row[1], row[2], row[3], row[5]))
            self.db.execute("DELETE FROM trash WHERE id = ?", (doc_id,))
            self._log(doc_id, "add")
            self.audit.write("restore", by_whom, doc_id, record.code, year, file=row[2])
        return self.get(doc_id)

    def purge(self, doc_id: int, by_whom: str | None) -> str:
        """Remove a document from the trash for good; returns its sha256 (its original may go
        too, when no other record holds it)."""
        with self.db.transaction(lock="catalog"):
            row = self.db.one("SELECT sha256, file_name, record_json FROM trash WHERE id = ?", (doc_id,))
            if row is None:
                raise CorrectionError(f"document {doc_id}: not in the trash")
            record = _readable_record(row[1], row[2])
            self.db.execute("DELETE FROM trash WHERE id = ?", (doc_id,))
            self.db.execute("DELETE FROM corrections WHERE doc_id = ?", (doc_id,))
            self.audit.write("purge", by_whom, doc_id, record.code, record.year,
                             file=row[1])
        return row[0]

    def briefs(self, doc_ids: list[int], batch: int = 500) -> dict[int, Brief]:
        found: dict[int, Brief] = {}
        wanted = sorted(set(doc_ids))
        for start in range(0, len(wanted), batch):
            part = wanted[start:start + batch]
            for doc_id, file_name, code, day, type_, subject, issuer in self.db.execute(
                    "SELECT id, file_name, code, issue_date, type, subject, issuer FROM documents"
                    f" WHERE id IN ({', '.join('?' * len(part))})", part):
                found[doc_id] = Brief(doc_id, file_name, BriefRecord(
                    code, _dt.date.fromisoformat(day) if day else None, type_, subject, issuer))
        return found

    def get(self, doc_id: int) -> Entry | None:
        found = self._entries(f"SELECT {COLUMNS} FROM documents WHERE id = ?", (doc_id,))
        return found[0] if found else None

    def by_sha256(self, sha256: str) -> Entry | None:
        found = self._entries(f"SELECT {COLUMNS} FROM documents WHERE sha256 = ?", (sha256,))
        return found[0] if found else None

    def by_code(self, code: str, year: int | None = None) -> list[Entry]:
        sql = f"SELECT {COLUMNS} FROM documents WHERE code_key = ?"
        params: tuple = (code_key(code),)
        if year is not None:
            sql += " AND year = ?"
            params += (year,)
        return self._entries(sql + " ORDER BY issue_date DESC, id DESC", params)

    def list(self, type: str | None = None, issuer: str | None = None, year: int | None = None) -> list[Entry]:
        clauses, params = [], []
        if type:
            clauses.append("type_key = ?")
            params.append(_key(type))
        if issuer:
            clauses.append("issuer_key LIKE ? ESCAPE '\\'")
            params.append(_contains(issuer))
        if year:
            clauses.append("year = ?")
            params.append(year)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return self._entries(f"SELECT {COLUMNS} FROM documents{where} ORDER BY issue_date DESC, id DESC",
                             tuple(params))

    def text(self, doc_id: int) -> str:
        return self.db.value("SELECT body_text FROM documents WHERE id = ?", (doc_id,)) or ""

    def _citations(self, where: str, params: tuple) -> list[Citation]:
        rows = self.db.execute(
            "SELECT doc_id, type, code, ref_date, issuer, subject, target_id, uncertain, code_key FROM refs"
            f" WHERE {where} ORDER BY doc_id, ord", params).fetchall()
        return [Citation(r[0], r[1], r[2], _dt.date.fromisoformat(r[3]) if r[3] else None, r[4], r[5], r[6],
                         bool(r[7]), r[8]) for r in rows]

    def citations_of(self, doc_id: int) -> list[Citation]:
        return self._citations("doc_id = ?", (doc_id,))

    def citing(self, code: str, year: int | None = None) -> list[Citation]:
        if year is None:
            return self._citations("code_key = ?", (code_key(code),))
        return self._citations("code_key = ? AND (year = ? OR year IS NULL)", (code_key(code), year))

    def unresolved(self) -> list[Citation]:
        return self._citations("target_id IS NULL", ())

    def deadlines(self, start: _dt.date | None = None, end: _dt.date | None = None, issuer: str | None = None,
                  responsible: str | None = None) -> list[tuple[int, Deadline]]:
        clauses, params = ["1 = 1"], []
        if start:
            clauses.append("d.due_date >= ?")
            params.append(start.isoformat())
        if end:
            clauses.append("d.due_date <= ?")
            params.append(end.isoformat())
        if issuer:
            clauses.append("doc.issuer_key LIKE ? ESCAPE '\\'")
            params.append(_contains(issuer))
        if responsible:
            clauses.append("d.responsible_key LIKE ? ESCAPE '\\'")
            params.append(_contains(responsible))
        rows = self.db.execute(
            "SELECT d.doc_id, d.due_date, d.relation, d.start_date, d.period, d.task, d.responsible"
            " FROM deadlines d JOIN documents doc ON doc.id = d.doc_id"
            f" WHERE {' AND '.join(clauses)} ORDER BY d.due_date, d.doc_id, d.ord", tuple(params)).fetchall()
        return [(r[0], Deadline(_dt.date.fromisoformat(r[1]), r[2], _dt.date.fromisoformat(r[3]) if r[3] else None,
                                r[4], r[5], r[6])) for r in rows]

    def count(self) -> int:
        return self.db.value("SELECT COUNT(*) FROM documents")

    def ids(self, after: int = 0) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents WHERE id > ? ORDER BY id", (after,))]

    def last_change(self) -> int:
        """The change log's last number: what has changed in the catalog since, if it moved."""
        return self.db.value("SELECT MAX(seq) FROM changes") or 0

    def changes(self, after: int = 0, limit: int = 1000) -> list[Change]:
        return [Change(*r) for r in self.db.execute(
            "SELECT seq, doc_id, kind FROM changes WHERE seq > ? ORDER BY seq LIMIT ?", (after, limit))]

    def integrity_problems(self) -> list[str]:
        return self.db.integrity_problems()

    def stored_rows(self, batch: int = 500) -> Iterator[StoredRow]:
        after = 0
        while True:
            rows = self.db.execute(
                "SELECT id, sha256, file_name, code, number, year, issue_date, issuer, subject,"
                " record_json, text_sha256, body_text FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                (after, batch)).fetchall()
            for row in rows:
                yield StoredRow(row[0], row[1], row[2], dict(zip(("code", "number", "year", "issue_date", "issuer",
                                                                  "subject"), row[3:9])), row[9],
                                text_changed=row[10] is not None and row[10] != text_hash(row[11] or ""))
            if len(rows) < batch:
                return
            after = rows[-1][0]

    def codes_with_number(self, number: int) -> list[str]:
        rows = self.db.execute("SELECT code FROM documents WHERE number = ? UNION SELECT code FROM refs WHERE number = ?",
                               (number, number)).fetchall()
        return [r[0] for r in rows if r[0]]

    def codes_with_years(self, prefix: str = "", limit: int = 50) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT code, year FROM documents WHERE code IS NOT NULL AND year IS NOT NULL"
            " AND code_key LIKE ? ORDER BY year DESC, code LIMIT ?",
            (code_key(prefix).replace("%", "").replace("_", "") + "%", limit)).fetchall()
        return [code if f"/{year}/" in code else f"{code}/{year}" for code, year in rows]  # the year once

    def integrity_ok(self) -> bool:
        return not self.integrity_problems()

    def close(self) -> None:
        self.db.close()


def SqliteCatalog(path: Path) -> SqlCatalog:
    """The embedded catalog: one SQLite file (catalog.sqlite in the archive folder)."""
    return SqlCatalog(SqliteDatabase(path))
