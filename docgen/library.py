"""The library API: one object opened on a location, with every operation the CLI and the web
app offer. They only call it and present its answers; the rules live below it (archive/,
search/, docgen/drafting/), the storage behind the interfaces of archive.database.

    with Library("~/vanthu") as library:                         # one machine: SQLite in the folder
        library.add(["incoming/"])
        library.search("cải cách hành chính")
    Library("node1", database="postgresql://docgen@db/vanthu",   # several nodes, one database
            objects="/srv/docgen/objects")

Adding a document is one call whatever asks (store, catalog, index); every node's index
catches up from the catalog's change log. Errors a user can cause are DocgenError
(docgen.base.errors): one line, an exit code, a Vietnamese title.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive import crossref
from archive.accounts import Accounts
from archive.archive import AddResult, Archive, files_to_read
from archive.catalog import Catalog, Citation, Entry
from archive.database import Database, SqliteDatabase
from archive.register import Register, RegisterError, Row
from docgen.base import decree
from search.query import Filters
from search.service import Results, SearchIndex


@dataclass
class AddReport:
    """What a batch of files came to: a result per file, and whether the index kept up."""

    results: list[AddResult] = field(default_factory=list)
    index_problem: str | None = None  # the documents are in the catalog; the index said this

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[AddResult]:
        return [r for r in self.results if r.status == "failed"]


class Library:
    def __init__(self, location: str | Path | None = None, database: str | Database | None = None,
                 objects: str | Path | None = None, engine: str | None = None, user: str | None = None):
        """location: this node's folder (its index, its settings; with no database, everything).
        database: a PostgreSQL URL shared by the nodes (default $DOCGEN_DATABASE, else SQLite
        in the folder). objects: the originals' folder the nodes share (default $DOCGEN_OBJECTS,
        else objects/ in the folder). engine: tantivy or whoosh."""
        self.archive = Archive(location, database, objects)
        self.engine = engine
        self.user = user  # who the audit log names when a call does not say (the CLI: the login name)
        self._indexes = threading.local()
        self._missing: tuple[int, list] | None = None  # (change seq, ranked rows): see missing()
        self._accounts: Accounts | None = None

    # --- where ---------------------------------------------------------------------------

    @property
    def location(self) -> Path:
        return self.archive.location

    @property
    def catalog(self) -> Catalog:
        return self.archive.catalog

    @property
    def register(self) -> Register:
        return self.archive.register

    @property
    def records_label(self) -> str:
        """Where the records are, as a message may say it (never a password)."""
        return self.archive.db.label if self.archive.shared else str(self.location)

    @property
    def index(self) -> SearchIndex:
        """This node's search index; one object a thread (the web app answers from a pool),
        their writes kept one at a time by the index's own lock."""
        index = getattr(self._indexes, "index", None)
        if index is None:
            index = self._indexes.index = SearchIndex(self.archive, self.engine)
        return index

    def close(self) -> None:
        if self._accounts is not None and not self.archive.shared:
            self._accounts.db.close()
        self.archive.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- documents in --------------------------------------------------------------------

    def add(self, paths: Iterable[str | Path], ocr: bool = True, follow_links: bool = False, isolated: bool = False,
            each: Callable[[list], Iterable[tuple[Path, bool]]] | None = None, by_whom: str | None = None) -> AddReport:
        """Files and folders (recursively) into the archive, then into this node's index. A file
        that cannot be read is reported and skipped; the rest go in. each: wraps the list of
        (file, may follow) pairs (a progress bar)."""
        report = AddReport(list(self.archive.add(paths, ocr, follow_links, by_whom or self.user, isolated, each)))
        if report.count("added"):
            report.index_problem = self.catch_up()
        return report

    def catch_up(self) -> str | None:
        """Bring this node's index up to the catalog's change log; the problem, if it could not."""
        try:
            self.index.sync()
        except OSError as exc:
            return (f"search index not brought up to date ({exc.strerror or exc}): the documents are in the "
                    "catalog; run docgen archive reindex once there is room")
        return None

    def reindex(self, progress: Callable[[int], None] | None = None) -> int:
        return self.index.reindex(progress)

    # --- reading -------------------------------------------------------------------------

    def documents(self, type: str | None = None, issuer: str | None = None, year: int | None = None) -> list[Entry]:
        return self.catalog.list(type=type, issuer=issuer, year=year)

    def get(self, doc_id: int) -> Entry | None:
        return self.catalog.get(doc_id)

    def original(self, entry: Entry) -> Path:
        return self.archive.original(entry)

    def text(self, doc_id: int) -> str:
        return self.catalog.text(doc_id)

    def lookup(self, code: str, year: int | None = None) -> crossref.Lookup:
        """The documents with this số/ký hiệu (every year's unless one is given), what cites
        each, and the years only cited."""
        return crossref.lookup(self.catalog, code, year)

    def citations_of(self, doc_id: int) -> list[Citation]:
        return self.catalog.citations_of(doc_id)

    def missing(self, offset: int = 0, limit: int | None = None) -> tuple[int, list[crossref.Missing]]:
        """(how many cited documents the archive lacks, the rows from offset, their citing
        documents loaded), most cited first."""
        # ranked once per state of the catalog: every write that can change a citation's
        # target moves the change log, so its last number says when to rank again
        seq = self.catalog.last_change()
        cached = self._missing
        if cached is None or cached[0] != seq:
            cached = self._missing = (seq, crossref.missing(self.catalog))
        rows = cached[1]
        page = [dataclasses.replace(m, citing=[]) for m in rows[offset: None if limit is None else offset + limit]]
        return len(rows), crossref.fill_citing(self.catalog, page)

    def graph(self, around: str | None = None, year: int | None = None):
        """(nodes, edges) of the citation graph, the whole archive or around one document;
        None when that document is not archived."""
        entries = None
        if around:
            entries = self.catalog.by_code(around, year)
            if not entries:
                return None
        return crossref.graph(self.catalog, entries)

    def deadlines(self, start: _dt.date | None = None, end: _dt.date | None = None, issuer: str | None = None,
                  responsible: str | None = None) -> list[tuple]:
        """(document as lists show it, deadline) for every dated deadline in the range, by date;
        the documents read as their list columns (Catalog.briefs), never a whole record."""
        found = self.catalog.deadlines(start, end, issuer, responsible)
        briefs = self.catalog.briefs([doc_id for doc_id, _ in found])
        return [(briefs[doc_id], deadline) for doc_id, deadline in found if doc_id in briefs]

    def search(self, text: str, filters: Filters | None = None, limit: int = 20, sort: str = "relevance",
               offset: int = 0) -> Results:
        """A number looked up in the catalog (every year's, and what cites it), or words in this
        node's index, caught up first with what other nodes added."""
        return self.index.search(text, filters, limit, sort, offset)

    def expand_bases(self, bases: list[str]) -> list[str]:
        """A draft's bases given by code and year written out in full (raises BasisError)."""
        if not any(crossref.basis_by_code(b) for b in bases):
            return bases
        return crossref.expand_bases(bases, self.catalog)

    def codes_with_years(self, prefix: str = "", limit: int = 50) -> list[str]:
        return self.catalog.codes_with_years(prefix, limit)

    # --- corrections, review, trash, the log ------------------------------------------------

    def find(self, code: str | None = None, year: int | None = None, doc_id: int | None = None) -> Entry:
        """The one document a clerk means: by id, or by số/ký hiệu (and year when several years
        have that code). Raises CorrectionError saying what is missing."""
        from archive.corrections import CorrectionError

        if doc_id is not None:
            entry = self.catalog.get(doc_id)
            if entry is None:
                raise CorrectionError(f"document {doc_id}: not in the archive ({self.records_label})")
            return entry
        if not code:
            raise CorrectionError("name the document: its số/ký hiệu (with --year), or --id N")
        found = self.catalog.by_code(code, year)
        if not found:
            raise CorrectionError(f"{code}{f' of {year}' if year else ''}: not in the archive ({self.records_label})")
        if len(found) > 1:
            choices = ", ".join(f"{e.record.date.year if e.record.date else '?'} (--id {e.id})" for e in found)
            raise CorrectionError(f"{code}: {len(found)} documents have this code: {choices}; say which")
        return found[0]

    def edit(self, entry: Entry, sets: dict[str, str] | None = None, add_references: Iterable[str] = (),
             remove_references: Iterable[str] = (), add_deadlines: Iterable[tuple[str, str, str | None]] = (),
             remove_deadlines: Iterable[str] = (), by_whom: str | None = None):
        """Correct a record: fields typed as a clerk types them (checked; one message naming the
        field), references added (CODE, CODE/YEAR, CODE DATE) or removed (by code), deadlines
        added (date, task, responsible) or removed (by date). Nothing changes if any is wrong.
        Returns the corrected record; search, show, refs, missing and deadlines use it at once."""
        from archive import corrections as C

        wanted: list[C.Correction] = [C.Correction(name, C.checked(name, value)) for name, value in (sets or {}).items()]
        add_references, remove_references = list(add_references), list(remove_references)
        if add_references or remove_references:
            wanted.append(C.Correction("references", C.references_edited(entry.record.references, add_references,
                                                                          remove_references)))
        add_deadlines, remove_deadlines = list(add_deadlines), list(remove_deadlines)
        if add_deadlines or remove_deadlines:
            wanted.append(C.Correction("deadlines", C.deadlines_edited(entry.record.deadlines, add_deadlines,
                                                                        remove_deadlines)))
        if not wanted:
            raise C.CorrectionError("nothing to change: give --set FIELD=VALUE, or a reference or deadline to add or remove")
        record = self.catalog.correct(entry.id, wanted, by_whom or self.user)
        self.catch_up()
        return record

    def corrections_of(self, doc_id: int):
        return self.catalog.corrections_of(doc_id)

    def reparse(self, each: Callable | None = None, by_whom: str | None = None) -> list[tuple[Entry, list[str], str | None]]:
        """Read every original again with this parser, keeping the corrections people made:
        (document, fields where the new parse disagrees with a correction, why it could not be
        read or None)."""
        from archive.extract import ExtractError, extract
        from archive.parse import record_from_text

        done = []
        entries = self.catalog.list()
        for entry in each(entries) if each else entries:
            try:
                extracted = extract(self.original(entry), kind=Path(entry.file_name).suffix)
                parsed = record_from_text(entry.file_name, extracted, entry.sha256)
                done.append((entry, self.catalog.reparsed(entry.id, parsed, extracted.text, by_whom or self.user), None))
            except (ExtractError, OSError) as exc:
                done.append((entry, [], str(exc)))
        self.catch_up()
        return done

    def to_review(self) -> list[Entry]:
        """Documents with parser warnings nobody has looked at, oldest first, by issuer."""
        return sorted(self.catalog.to_review(), key=lambda e: (e.record.issuer or "~"))

    def reviewed(self, entry: Entry, by_whom: str | None = None) -> None:
        self.catalog.mark_reviewed(entry.id, by_whom or self.user)

    def delete(self, entry: Entry, by_whom: str | None = None) -> Entry:
        """To the trash: gone from search, lists and cited-by; its original kept."""
        done = self.catalog.delete(entry.id, by_whom or self.user)
        self.catch_up()
        return done

    def trash(self):
        return self.catalog.trash()

    def restore(self, doc_id: int, by_whom: str | None = None) -> Entry:
        entry = self.catalog.restore(doc_id, by_whom or self.user)
        self.catch_up()
        return entry

    def empty_trash(self, by_whom: str | None = None) -> int:
        """Remove what is in the trash for good, originals too unless another record holds them."""
        gone = 0
        for entry, _, _ in self.catalog.trash():
            sha256 = self.catalog.purge(entry.id, by_whom or self.user)
            if self.catalog.by_sha256(sha256) is None:
                self.archive.store.remove(sha256)
            gone += 1
        return gone

    def log(self, code: str | None = None, year: int | None = None, user: str | None = None,
            since: _dt.date | None = None):
        """The audit log, newest first: everything, or about one document, or one person's."""
        doc_ids = None
        if code:
            doc_ids = [e.id for e in self.catalog.by_code(code, year)] + [
                e.id for e, _, _ in self.catalog.trash() if e.record.code and decree.code_key(e.record.code)
                == decree.code_key(code) and (year is None or (e.record.date and e.record.date.year == year))]
        return self.catalog.audit.entries(doc_ids, user, since)

    # --- văn bản đến: who handles it, by when, what answered it ------------------------------

    def _settings(self, name: str, error: type[Exception]) -> dict:
        """An optional settings file of this node's folder ({} when absent); error, naming the
        file, when it is not valid YAML."""
        import yaml

        path = self.location / name
        if not path.exists():
            return {}
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise error(f"{path}: not valid YAML ({exc})") from None

    def handling_settings(self) -> dict:
        """handling.yaml in the archive folder: working_days (the time allowed when a document
        sets none)."""
        from archive.handling import HandlingError

        return self._settings("handling.yaml", HandlingError)

    def default_due(self, entry: Entry, today: _dt.date | None = None) -> _dt.date:
        """The deadline the document sets (its first dated one from today on), else the
        office's working days (handling.yaml, 10 by default) from today."""
        from archive.handling import WORKING_DAYS, working_days_after

        today = today or _dt.date.today()
        own = sorted(d.date for d in entry.record.deadlines if d.date and d.date >= today)
        if own:
            return own[0]
        return working_days_after(today, int(self.handling_settings().get("working_days", WORKING_DAYS)))

    def assign(self, entry: Entry, lead: str, due: _dt.date | None = None, support: list[str] = (),
               instructions: str | None = None, unit: str | None = None, by_whom: str | None = None):
        """A leader gives an incoming document to a lead, with supporting people, a due date (the
        document's own deadline by default) and instructions; again, a reassignment."""
        return self.archive.handling.assign(entry.id, lead, due or self.default_due(entry), by_whom or self.user,
                                            list(support), instructions, unit, entry.record.code)

    def progress(self, entry: Entry, status: str, note: str | None = None, answer_id: int | None = None,
                 by_whom: str | None = None, leader: bool = False):
        """The lead or a supporting person reports a step (a leader may act for them)."""
        return self.archive.handling.progress(entry.id, status, by_whom or self.user, note, answer_id, leader,
                                              entry.record.code)

    def inbox(self, user: str | None = None, unit: str | None = None, due_within: int | None = None,
              overdue: bool = False, open_only: bool = True, today: _dt.date | None = None) -> list[tuple]:
        """(document, handling) of incoming documents: a person's (lead or supporting), a
        unit's, due within N days, overdue; by due date."""
        today = today or _dt.date.today()
        rows = []
        for h in self.archive.handling.all():
            if open_only and not h.is_open:
                continue
            if user and user != h.lead and user not in h.support:
                continue
            if unit and (h.unit or "").casefold() != unit.casefold():
                continue
            if overdue and not h.overdue(today):
                continue
            if due_within is not None and (h.due is None or h.due > today + _dt.timedelta(days=due_within)):
                continue
            rows.append(h)
        briefs = self.catalog.briefs([h.doc_id for h in rows])
        return [(briefs[h.doc_id], h) for h in rows if h.doc_id in briefs]

    def handling_report(self, start: _dt.date, end: _dt.date, today: _dt.date | None = None) -> list[dict]:
        """By unit: received, done on time, done late, open and overdue, open not yet due, for
        the documents received from start to end."""
        today = today or _dt.date.today()
        received = {r.doc_id: r for r in self.register.all_rows() if r.direction == "incoming" and r.doc_id
                    and r.arrival_date and start.isoformat() <= r.arrival_date <= end.isoformat()}
        by_unit: dict[str, dict] = {}
        for h in self.archive.handling.all():
            if h.doc_id not in received:
                continue
            unit = h.unit or "(chưa giao đơn vị)"
            row = by_unit.setdefault(unit, {"unit": unit, "received": 0, "on_time": 0, "late": 0, "overdue": 0,
                                            "open": 0})
            row["received"] += 1
            if h.is_done:
                row["late" if h.late() else "on_time"] += 1
            elif h.is_open:
                row["overdue" if h.overdue(today) else "open"] += 1
        return sorted(by_unit.values(), key=lambda r: r["unit"])

    def export_handling_report(self, start: _dt.date, end: _dt.date, xlsx: Path | None = None,
                               pdf: Path | None = None, today: _dt.date | None = None) -> list[Path]:
        """The handling report as .xlsx and/or PDF (a landscape table through LibreOffice)."""

        from archive import handling_export as export

        rows = self.handling_report(start, end, today)
        written = []
        if xlsx:
            written.append(export.to_xlsx(rows, start, end, xlsx))
        if pdf:
            written.append(_as_pdf(pdf, lambda path: export.to_docx(rows, start, end, path)))
        return written

    # --- the national exchange (edXML) ----------------------------------------------------

    def import_edxml(self, paths: Iterable[str | Path], by_whom: str | None = None) -> list:
        """edXML packages into the archive (archive.exchange): their header is the record, their
        attachment the original; a status message goes into the log. One result a file."""
        from archive.exchange import import_package

        done = [import_package(self.archive, Path(p), by_whom or self.user) for p in paths]
        if any(d.status in ("added", "updated", "revoked") for d in done):
            self.catch_up()
        return done

    def sender(self, **given) -> dict:
        """This office as an edXML package names it: OrganId, OrganName, … from the arguments,
        else from edxml.yaml in the archive folder. EdxmlError when OrganId is set nowhere."""
        from archive.edxml import EdxmlError, SenderNotSet

        settings = self._settings("edxml.yaml", EdxmlError)
        names = {"organ_id": "OrganId", "organ_name": "OrganName", "organization_in_charge": "OrganizationInCharge",
                 "address": "OrganAdd", "email": "Email", "telephone": "Telephone", "fax": "Fax", "website": "Website"}
        sender = {edxml_name: given.get(key) or settings.get(key) for key, edxml_name in names.items()}
        if not sender["OrganId"]:
            raise SenderNotSet(f"the office's OrganId (mã định danh) is not set: give --organ-id, or write "
                             f"organ_id and organ_name in {self.location / 'edxml.yaml'}")
        return {k: str(v) for k, v in sender.items() if v}

    def export_edxml(self, entry: Entry, out: Path, sender: dict, to: dict | None = None) -> Path:
        from archive.exchange import export_package

        return export_package(self.archive, entry, out, sender, to)

    # --- registers -----------------------------------------------------------------------

    def series_for(self, issuer: str, type_name: str, secret: bool = False) -> str:
        """The series a document of this issuer and type is numbered in (RegisterError when
        the type is unknown or series.yaml is wrong)."""
        try:
            name = decree.doc_type(type_name).name
        except KeyError as exc:
            raise RegisterError(str(exc.args[0])) from None
        return self.register.series_for(issuer, name, secret)

    def next_number(self, issuer: str, type_name: str, secret: bool = False, year: int | None = None,
                    by_whom: str | None = None) -> tuple[str, Row]:
        from docgen.issuing import clerk

        series = self.series_for(issuer, type_name, secret)
        return series, self.register.allocate("outgoing", series, year or _dt.date.today().year, by_whom or clerk())

    def cancel_number(self, number: int, issuer: str, type_name: str, secret: bool = False, year: int | None = None,
                      by_whom: str | None = None, reason: str | None = None) -> tuple[str, Row]:
        from docgen.issuing import clerk

        series = self.series_for(issuer, type_name, secret)
        return series, self.register.cancel(series, year or _dt.date.today().year, number, by_whom or clerk(), reason)

    def resume_number(self, number: int, issuer: str, type_name: str, secret: bool = False, year: int | None = None,
                      data: Path | None = None, **issue_options) -> str:
        from docgen.issuing import resume

        series = self.series_for(issuer, type_name, secret)
        done = resume(self.archive, series, year or _dt.date.today().year, number, issuer, data, secret=secret,
                      **issue_options)
        self.catch_up()
        return done

    def issue(self, data: Path, output: Path | None = None, pdf: bool = False, by_whom: str | None = None,
              secret: bool = False, templates_dir: Path | None = None, answers: str | None = None):
        """Number, render, archive and register a document (docgen.issuing.issue). answers:
        "CODE/YEAR" of the incoming document it answers, whose handling it closes."""
        from archive.corrections import reference_from_text
        from docgen.issuing import issue

        answered = None
        if answers:  # found before anything is numbered: a wrong code stops here
            wanted = reference_from_text(answers)
            answered = self.find(wanted.code, wanted.year)
        issued = issue(data, self.archive, output, pdf, by_whom, secret, templates_dir)
        if answered is not None and issued.added.entry is not None:
            answer = issued.added.entry.record
            self.archive.handling.progress(answered.id, "done", by_whom or self.user,
                                           f"trả lời bằng {issued.row.code}", issued.added.entry.id, True,
                                           answered.record.code, done_on=answer.date)
        self.catch_up()
        return issued

    def receive(self, paths: Iterable[str | Path], arrival: _dt.date | None = None,
                by_whom: str | None = None) -> Iterator[tuple[Path, AddResult, Row | None]]:
        """Archive incoming documents, each with the next số đến (row None: not received, why in
        the result). The index catches up when the last is in."""
        from docgen.issuing import receive

        try:
            for path, follow in files_to_read(paths):
                added, row = receive(path, self.archive, arrival, by_whom, follow_links=follow)
                yield path, added, row
        finally:
            self.catch_up()

    def register_rows(self, direction: str, year: int, series: str | None = None, start: _dt.date | None = None,
                      end: _dt.date | None = None) -> list[Row]:
        """A register's rows of a year; series: one series only; start, end: the document's date
        (an outgoing one) or its arrival (an incoming one) within them."""
        rows = self.register.rows(direction, year, series or None)
        if start or end:
            def day(row: Row) -> str:
                return (row.arrival_date if direction == "incoming" else row.doc_date) or (row.at or "")[:10]
            rows = [r for r in rows if (not start or day(r) >= start.isoformat()) and
                    (not end or day(r)[:10] <= end.isoformat())]
        return rows

    def export_register(self, direction: str, year: int, xlsx: Path | None = None, docx: Path | None = None,
                        pdf: Path | None = None, series: str | None = None, start: _dt.date | None = None,
                        end: _dt.date | None = None) -> list[Path]:
        """The register of Phụ lục IV written as .xlsx, .docx and/or PDF; returns what was written."""

        from archive import register_export as export

        rows = self.register_rows(direction, year, series, start, end)
        written = []
        if xlsx:
            export.to_xlsx(direction, year, rows, xlsx)
            written.append(xlsx)
        if docx:
            written.append(export.to_docx(direction, year, rows, docx))
        if pdf:
            written.append(_as_pdf(pdf, lambda path: export.to_docx(direction, year, rows, path)))
        return written

    def import_archive(self, folder: Path, each: Callable | None = None):
        """Copy an archive folder (SQLite) into this library's shared database and objects
        folder, verified document by document (archive.migrate)."""
        from archive.database import DatabaseError
        from archive.migrate import import_archive

        if not self.archive.shared:
            raise DatabaseError("docgen db import copies an archive folder into a PostgreSQL database: "
                                "give --database URL (or DOCGEN_DATABASE)")
        report = import_archive(folder, self.archive, each)
        self.catch_up()
        return report

    # --- accounts and upkeep -------------------------------------------------------------

    def accounts(self) -> Accounts:
        """The web app's accounts: in the shared database, or accounts.sqlite in the folder.
        Opened once for the library (the web asks on every request; its tables are made once),
        closed with it: `with library.accounts() as store` leaves it open."""
        if self._accounts is None:
            db = self.archive.db if self.archive.shared else SqliteDatabase(self.location / "accounts.sqlite")
            self._accounts = Accounts(db, self.catalog.audit)
        return self._accounts

    def verify(self) -> tuple[list, list[str]]:
        """(problems of the catalog, originals and registers; problems of this node's index, once
        it has caught up with the change log: what is left is what the log did not bring)."""
        from archive import verify

        self.catch_up()
        return verify.check(self.archive), self.index.verify()

    def repair(self, problems: list) -> list[str]:
        from archive import verify

        done = verify.repair(self.archive, problems)
        if self.index.verify() or any(p.repair == "relink" for p in problems):
            self.index.reindex()
            done.append(f"search index rebuilt ({self.catalog.count()} documents)")
        return done


def _as_pdf(pdf: Path, write_docx: Callable[[Path], Path]) -> Path:
    """pdf made by LibreOffice from the .docx write_docx writes, in a folder removed afterwards."""
    import tempfile

    from docgen.base.pdf import convert_to_pdf

    with tempfile.TemporaryDirectory(prefix="docgen-export-") as tmp:
        (made,) = convert_to_pdf([write_docx(Path(tmp) / f"{pdf.stem}.docx")], pdf.parent)
        made.replace(pdf)
    return pdf


def init_database(url: str) -> int:
    """Make docgen's tables in an empty PostgreSQL database; returns the schema version."""
    from archive import schema
    from archive.database import open_database

    db = open_database(url)
    try:
        return schema.init(db)
    finally:
        db.close()


def upgrade_database(url: str | None = None, location: str | Path | None = None) -> tuple[str, int, int]:
    """Bring a database's tables to this docgen's version: (which, version before, after).
    A PostgreSQL URL, or else the archive folder's catalog.sqlite (which opening upgrades)."""
    from archive import schema
    from archive.archive import default_location
    from archive.database import SqliteDatabase, open_database, where

    if url:
        db = open_database(url)
        try:
            before = db.version()
            return f"the {where(url)}", before, schema.upgrade(db)
        finally:
            db.close()
    path = Path(location or default_location()) / "catalog.sqlite"
    before = SqliteDatabase(path).version() if path.exists() else 0
    with Library(location, database="", objects=Path(location or default_location()) / "objects") as library:
        return str(path), before, library.archive.db.version()
