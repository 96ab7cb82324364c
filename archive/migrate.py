"""Moving an archive folder (SQLite) into a shared PostgreSQL database: `docgen db import`.

Document by document: the original copied into the shared objects folder and checked by
its hash, the record and text added through the catalog (so references resolve by the
same rules), then read back and compared. The registers' rows and the accounts follow as
they stand. A rerun skips what is already in, so an import stopped midway (a restart of
the server) is finished by running it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive.accounts import Accounts
from archive.archive import Archive
from archive.catalog import SameDocument, record_from_json, record_to_json, text_hash
from archive.database import DatabaseError
from archive.parse import sha256_of


@dataclass
class ImportReport:
    documents: int = 0  # copied now
    already: int = 0  # there from an earlier run
    register_rows: int = 0
    accounts: int = 0
    problems: list[str] = field(default_factory=list)  # one line each, naming the document


def _source_documents(source: Archive) -> Iterator[tuple[int, str, str, str]]:
    """(id, file name, record JSON, text) of every document of the source, in id order."""
    after = 0
    while rows := source.db.execute("SELECT id, file_name, record_json, body_text FROM documents WHERE id > ?"
                                    " ORDER BY id LIMIT 200", (after,)).fetchall():
        yield from rows
        after = rows[-1][0]


def import_archive(folder: Path, target: Archive, each: Callable | None = None) -> ImportReport:
    """Copy the SQLite archive in `folder` into `target` (an Archive on a shared database)."""
    report = ImportReport()
    if not (Path(folder) / "catalog.sqlite").exists():
        raise DatabaseError(f"{folder}: no catalog.sqlite here, not an archive folder")
    with Archive(folder, database="", objects=Path(folder) / "objects") as source:  # the folder as it is
        ids: dict[int, int] = {}
        documents = list(_source_documents(source))
        for old_id, file_name, record_json, text in each(documents) if each else documents:
            where = f"{folder}: document {old_id} ({file_name})"
            try:
                record = record_from_json(record_json)
                original = source.store.path_for(record.sha256)
                if sha256_of(original) != record.sha256:
                    report.problems.append(f"{where}: its original does not match its hash; not imported "
                                           "(run docgen archive verify on the source)")
                    continue
                target.store.put(original, record.sha256, record.file)
                new_id, new = target.catalog.add(record, text, logged=False)
            except SameDocument as exc:
                report.problems.append(f"{where}: the same document as {exc.entry.file_name}, already imported")
                continue
            except (OSError, ValueError, KeyError, TypeError) as exc:
                report.problems.append(f"{where}: {getattr(exc, 'strerror', None) or exc}")
                continue
            ids[old_id] = new_id
            if new:  # what people corrected stays a correction: a reparse on the new backend keeps it
                target.catalog.copy_corrections(new_id, source.catalog.corrections_of(old_id))
            back = target.catalog.get(new_id)
            if record_to_json(back.record) != record_to_json(record) or \
                    text_hash(target.catalog.text(new_id)) != text_hash(text):
                report.problems.append(f"{where}: read back different from the source")
            report.documents += new
            report.already += not new
        for row in source.register.all_rows():
            if row.doc_id is not None:
                row.doc_id = ids.get(row.doc_id)
            report.register_rows += target.register.copy_row(row)
        already = any(e.detail.get("source") == str(Path(folder).resolve())
                      for e in target.catalog.audit.entries(by_whom=None) if e.action == "import")
        if not already:  # the history comes along once, then the import itself is on record
            for entry in reversed(source.catalog.audit.entries()):
                target.catalog.audit.copy(entry, ids.get(entry.doc_id) if entry.doc_id else None)
            target.catalog.audit.write("import", None, source=str(Path(folder).resolve()),
                                       documents=report.documents)
        if (Path(folder) / "accounts.sqlite").exists():
            with Accounts(Path(folder)) as old, Accounts(target.db) as new:
                for account in old.stored():
                    report.accounts += new.copy(*account)
    return report
