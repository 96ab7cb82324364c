"""The archive folder: originals in the store, records in the catalog.

Where it lives: --archive DIR, else $DOCGEN_ARCHIVE, else the user's data
folder ($XDG_DATA_HOME/docgen/archive, ~/.local/share/docgen/archive).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.catalog import Catalog, Entry, SqliteCatalog
from archive.extract import ExtractError, extract
from archive.parse import record_from_text, sha256_of
from archive.register import Register
from archive.store import Store
from docgen.vntext import fold_key

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


def files_under(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the documents in folders named, recursively, in a stable order."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                            and not p.name.startswith((".", "~$")))
        else:
            found.append(path)
    return found


class Archive:
    def __init__(self, location: str | Path | None = None, catalog: Catalog | None = None):
        self.location = Path(location) if location else default_location()
        self.location.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.location)
        self.catalog = catalog or SqliteCatalog(self.location / "catalog.sqlite")
        self.register = Register(self.catalog.db, self.location)

    def close(self) -> None:
        self.catalog.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add_file(self, path: Path, ocr: bool = True, isolated: bool = False) -> AddResult:
        """Parse and store one file; a file that cannot be read is reported, never raised.
        isolated: read it in a child process within limits (a file from the network)."""
        try:
            if not path.is_file():
                return AddResult(path, "failed", reason="file not found")
            sha256 = sha256_of(path)
            if entry := self.catalog.by_sha256(sha256):
                return AddResult(path, "already there", entry)
            if isolated:
                from archive.isolated import extract_isolated

                extracted = extract_isolated(path, ocr=ocr)
            else:
                extracted = extract(path, ocr=ocr)
            record = record_from_text(path.name, extracted, sha256)
            if record.date and (twin := self.same_document(record.code, record.date.year, record.issuer)):
                return AddResult(path, "failed", twin, reason=(
                    f"{record.code} of {record.date.year} from {record.issuer or 'the same issuer'} is already "
                    f"in the archive: {twin.file_name} (another file)"))
            self.store.put(path, sha256)  # the original first: a record never points at nothing
            doc_id, _ = self.catalog.add(record, extracted.text)
            return AddResult(path, "added", self.catalog.get(doc_id))
        except ExtractError as exc:
            return AddResult(path, "failed", reason=str(exc).removeprefix(f"{path}: "))
        except OSError as exc:
            return AddResult(path, "failed", reason=exc.strerror or str(exc))
        except Exception as exc:  # a parser bug must not stop a batch of thousands
            return AddResult(path, "failed", reason=f"could not be read ({type(exc).__name__}: {exc})")

    def same_document(self, code: str | None, year: int, issuer: str | None) -> Entry | None:
        """An archived document with the same số, ký hiệu and issuer in the same year
        (Phụ lục VI, III.1.h): the same document, whatever the file."""
        if not code:
            return None
        for entry in self.catalog.by_code(code, year):
            if fold_key(entry.record.issuer or "") == fold_key(issuer or ""):
                return entry
        return None

    def add(self, paths: Iterable[str | Path], ocr: bool = True) -> Iterator[AddResult]:
        for path in files_under(paths):
            yield self.add_file(path, ocr=ocr)

    def original(self, entry: Entry) -> Path:
        return self.store.path_for(entry.sha256)
