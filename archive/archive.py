"""The archive: originals in the store, records in the catalog, numbers in the registers.

The node's own folder: --archive DIR, else $DOCGEN_ARCHIVE, else the user's data folder
($XDG_DATA_HOME/docgen/archive, ~/.local/share/docgen/archive). It holds the search index
and the settings, and, with no database named, catalog.sqlite and the originals (objects/).
With a database (--database postgresql://…, $DOCGEN_DATABASE) the catalog, registers and
accounts are there, shared by every node, and the originals are in the folder the nodes
share (--objects DIR, $DOCGEN_OBJECTS).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.catalog import Catalog, Entry, SameDocument, SqlCatalog
from archive.database import Database, DatabaseError, SqliteDatabase, open_database
from archive.extract import ExtractError, extract
from archive.handling import HandlingStore
from archive.parse import record_from_text, sha256_of
from archive.register import Register
from archive.store import Store

SUFFIXES = {".txt", ".md", ".docx", ".doc", ".pdf"}


def default_location() -> Path:
    if env := os.environ.get("DOCGEN_ARCHIVE"):
        return Path(env)
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "docgen" / "archive"


@dataclass
class AddResult:
    path: Path
    status: str  # "added", "already there", "failed"
    entry: Entry | None = None
    reason: str | None = None


def files_under(paths: Iterable[str | Path], follow_links: bool = False) -> list[Path]:
    """Files named, and the documents in folders named, recursively, in a stable order.
    Symbolic links inside folders are listed but not followed unless asked (add_file then
    refuses them): a link to /etc/passwd in a shared folder must not end up in the archive."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir() and (follow_links or not path.is_symlink()):
            for folder, dirs, names in os.walk(path, followlinks=follow_links):
                dirs.sort()
                for name in sorted(names):
                    candidate = Path(folder) / name
                    if candidate.suffix.lower() in SUFFIXES and not name.startswith((".", "~$")):
                        found.append(candidate)
                if not follow_links:  # a linked folder is named, so that the user hears it was skipped
                    found += [Path(folder) / d for d in dirs if (Path(folder) / d).is_symlink()]
        else:
            found.append(path)
    return found


def files_to_read(paths: Iterable[str | Path], follow_links: bool = False) -> list[tuple[Path, bool]]:
    """files_under, each with whether add_file may follow it when it is a symbolic link: a
    path the user named, yes (that file was asked for); one found inside a folder, only with
    follow_links. Every way into the archive (add, receive) reads files by this one rule."""
    paths = list(paths)
    named = {Path(p) for p in paths}
    return [(path, follow_links or path in named) for path in files_under(paths, follow_links)]


def file_kind_problem(path: Path, follow_links: bool) -> str | None:
    """Why this path is not a file to read, or None: a link not to be followed, a folder, a
    device, a pipe or a socket (opening a pipe would wait for ever)."""
    try:
        if path.is_symlink() and not follow_links:
            return "a symbolic link, not followed (--follow-links to read what it points to)"
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "file not found"
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISDIR(mode):
        return "a folder"
    if not stat.S_ISREG(mode):
        kind = "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a pipe" if stat.S_ISFIFO(mode) \
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
        return f"{kind}, not a file"
    return None


def shown_name(path: Path) -> str:
    """The file's name as the record keeps it: bytes that are not UTF-8 (a name from an old
    Windows share) become U+FFFD instead of breaking the record."""
    return os.fsencode(path.name).decode("utf-8", "replace")


def default_database() -> str | None:
    return os.environ.get("DOCGEN_DATABASE") or None


def default_objects() -> Path | None:
    return Path(os.environ["DOCGEN_OBJECTS"]) if os.environ.get("DOCGEN_OBJECTS") else None


class Archive:
    def __init__(self, location: str | Path | None = None, database: str | Database | None = None,
                 objects: str | Path | None = None):
        self.location = Path(location) if location else default_location()
        self.location.mkdir(parents=True, exist_ok=True)
        objects = Path(objects) if objects else default_objects()
        self.store = Store(objects.parent if objects else self.location, objects.name if objects else "objects")
        database = database if database is not None else default_database()
        if isinstance(database, Database):
            self.db, self._owned = database, False
        elif database:
            from archive import schema

            self.db, self._owned = open_database(database), True
            try:
                schema.check(self.db)
            except DatabaseError:
                self.db.close()
                raise
        else:
            self.db, self._owned = SqliteDatabase(self.location / "catalog.sqlite"), True
        self.catalog: Catalog = SqlCatalog(self.db)
        self.register = Register(self.db, self.location)
        self.handling = HandlingStore(self.db, self.catalog.audit)

    @property
    def shared(self) -> bool:
        """True when the records are in a database other nodes share."""
        return self.db.dialect != "sqlite"

    def close(self) -> None:
        if self._owned:
            self.db.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add_file(self, path: Path, ocr: bool = True, isolated: bool = False, follow_links: bool = True,
                 by_whom: str | None = None) -> AddResult:
        """Parse and store one file; a file that cannot be read is reported, never raised.
        isolated: read it in a child process within limits (a file from the network).
        follow_links: read a symbolic link's target (a file the user named is read; one found
        in a folder is not, see files_under)."""
        try:
            if problem := file_kind_problem(path, follow_links):
                return AddResult(path, "failed", reason=problem)
            sha256 = sha256_of(path)
            if entry := self.catalog.by_sha256(sha256):
                return AddResult(path, "already there", entry)
            if isolated:
                from archive.isolated import extract_isolated

                extracted = extract_isolated(path, ocr=ocr)
            else:
                extracted = extract(path, ocr=ocr)
            record = record_from_text(shown_name(path), extracted, sha256)
            if record.date and (twin := self.same_document(record.code, record.date.year, record.issuer)):
                return AddResult(path, "failed", twin, reason=self._twin_reason(record, twin))
            self.store.put(path, sha256, record.file)  # the original first: a record never points at nothing
            try:
                doc_id, new = self._catalogued(record, extracted.text, by_whom)
            except SameDocument as exc:  # another process archived it meanwhile, from another file
                if self.catalog.by_sha256(sha256) is None:
                    self.store.remove(sha256)
                return AddResult(path, "failed", exc.entry, reason=self._twin_reason(record, exc.entry))
            return AddResult(path, "added" if new else "already there", self.catalog.get(doc_id))
        except ExtractError as exc:
            return AddResult(path, "failed", reason=str(exc).removeprefix(f"{path}: "))
        except OSError as exc:
            return AddResult(path, "failed", reason=exc.strerror or str(exc))
        except sqlite3.OperationalError as exc:  # the catalog's transaction was rolled back
            reason = "no space left on the disk for the catalog" if "full" in str(exc) else f"catalog: {exc}"
            return AddResult(path, "failed", reason=reason)
        except DatabaseError as exc:  # the server went away: this file is not in, a rerun adds it
            return AddResult(path, "failed", reason=str(exc))
        except Exception as exc:  # a parser bug must not stop a batch of thousands
            return AddResult(path, "failed", reason=f"could not be read ({type(exc).__name__}: {exc})")

    def _catalogued(self, record, text: str, by_whom: str | None) -> tuple[int, bool]:
        """catalog.add, tried once more when the database dropped the connection midway (a
        server restart): the transaction was rolled back, and adding is idempotent by hash."""
        try:
            return self.catalog.add(record, text, by_whom)
        except DatabaseError:
            if not self.shared:
                raise
            return self.catalog.add(record, text, by_whom)

    @staticmethod
    def _twin_reason(record, twin: Entry) -> str:
        return (f"{record.code} of {record.date.year} from {record.issuer or 'the same issuer'} is already "
                f"in the archive: {twin.file_name} (another file)")

    def same_document(self, code: str | None, year: int, issuer: str | None) -> Entry | None:
        """The archived copy of this document, from whatever file (the catalog's rule)."""
        return self.catalog.same_document(code, year, issuer)

    def add(self, paths: Iterable[str | Path], ocr: bool = True, follow_links: bool = False,
            by_whom: str | None = None, isolated: bool = False,
            each: Callable[[list], Iterable[tuple[Path, bool]]] | None = None) -> Iterator[AddResult]:
        """Files and folders (recursively), one result a file (files_to_read's rule for links).
        each: wraps the list of (file, may follow) pairs (a progress bar)."""
        files = files_to_read(paths, follow_links)
        for path, follow in each(files) if each else files:
            yield self.add_file(path, ocr=ocr, isolated=isolated, follow_links=follow, by_whom=by_whom)

    def original(self, entry: Entry) -> Path:
        return self.store.path_for(entry.sha256)
