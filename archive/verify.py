"""Whether the archive holds what it says it holds, and what can be put right safely.

Checks, each problem one line:
- the catalog database's own integrity check (damaged pages, broken indexes);
- every record can be read, and the columns that search and lookups use (code, number,
  year, date, issuer, subject) agree with it and with the file it was read from;
- every record's original is stored and still hashes to its name; every stored original
  belongs to a record (an orphan is what a crash between the two steps leaves);
- the registers point only at archived documents.
The search index is checked by search.service (it knows the engines).

`repair` does only what cannot lose anything: an orphan original is added again under the
name its sidecar keeps; a record whose original is lost gets a warning saying so. A damaged
database or a changed original is reported, never "fixed": restore them from a backup.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archive.archive import Archive
from docgen.base.decree import code_key

LOST = "the original file is lost from the archive (found missing by docgen archive verify)"


@dataclass
class Problem:
    message: str
    repair: str | None = None  # "relink", "mark-lost", "reindex": what --repair may do
    subject: str | None = None  # the object hash or document id it concerns


def check(archive: Archive) -> list[Problem]:
    problems = [Problem(f"{archive.db.label}: database damaged: {line}")
                for line in archive.catalog.integrity_problems()]
    referenced: set[str] = set()
    try:
        rows = list(archive.catalog.stored_rows())
    except Exception as exc:  # a page so damaged the rows cannot be walked
        return problems + [Problem(f"{archive.db.label}: documents cannot be read ({exc})")]
    for row in rows:
        referenced.add(row.sha256)
        where = f"document {row.id} ({row.file_name})"
        try:
            record = json.loads(row.record_json)
        except ValueError as exc:
            problems.append(Problem(f"{where}: its record cannot be read ({exc.msg})"))
            continue
        problems += [Problem(f"{where}: {p}") for p in disagreements(row, record)]
        if row.text_changed:
            problems.append(Problem(f"{where}: its text was changed since it was added (the search index and "
                                    "references read it)"))
        path = archive.store.path_for(row.sha256)
        if not path.exists():
            marked = LOST in record.get("warnings", [])
            problems.append(Problem(f"{path}: missing (the original of {where})"
                                    + ("; marked lost" if marked else ""), None if marked else "mark-lost", str(row.id)))
        elif not archive.store.verify(row.sha256):
            problems.append(Problem(f"{path}: changed since it was stored (the original of {where})"))
    trashed = archive.catalog.trash()  # their originals are kept until the trash is emptied
    referenced |= {entry.sha256 for entry, _, _ in trashed}
    for sha256 in archive.store.objects():
        if sha256 not in referenced:
            side = archive.store.sidecar(sha256)
            name = side["name"] if side else None
            problems.append(Problem(f"{archive.store.path_for(sha256)}: stored, but no record points to it"
                                    + (f" (it was {name})" if name else " (its name is not known)"),
                                    "relink" if name else None, sha256))
    ids = {row.id for row in rows} | {entry.id for entry, _, _ in trashed}
    for direction, series, year, number, doc_id in archive.register.linked_documents():
        if doc_id not in ids:
            problems.append(Problem(f"register {direction} '{series}' {year} no. {number}: points to document "
                                    f"{doc_id}, which the catalog does not hold"))
    return problems


def disagreements(row, record: dict) -> list[str]:
    """Where the row's columns say something else than its record."""
    out = []
    if record.get("sha256") not in (None, row.sha256):
        out.append(f"record says file {record.get('sha256')[:12]}…, row says {row.sha256[:12]}…")
    date = record.get("date")
    expected = {"code": record.get("code"), "number": record.get("number"), "issue_date": date,
                "year": int(date[:4]) if date else None, "issuer": record.get("issuer"), "subject": record.get("subject")}
    for name, want in expected.items():
        got = row.columns.get(name)
        if name == "code":
            same = (got is None and want is None) or (got is not None and want is not None and
                                                       code_key(got) == code_key(want))
        else:
            same = str(got) == str(want) if (got is not None and want is not None) else got == want
        if not same:
            out.append(f"{name} is {got!r} in the catalog but {want!r} in its record")
    return out


def repair(archive: Archive, problems: list[Problem]) -> list[str]:
    """What was done, one line each."""
    done = []
    for problem in problems:
        if problem.repair == "relink":
            side = archive.store.sidecar(problem.subject)
            with tempfile.TemporaryDirectory(prefix="docgen-relink-") as tmp:
                copy = Path(tmp) / side["name"]
                shutil.copyfile(archive.store.path_for(problem.subject), copy)
                result = archive.add_file(copy)
            done.append(f"{side['name']}: added again ({result.status}"
                        + (f": {result.reason})" if result.reason else ")"))
        elif problem.repair == "mark-lost":
            archive.catalog.add_warning(int(problem.subject), LOST)
            done.append(f"document {problem.subject}: marked as having lost its original")
    return done
