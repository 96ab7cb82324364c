"""A copy of the archive to keep elsewhere, taken while others work, and its restore.

backup: the catalog (documents, references, deadlines, registers) and the accounts are
copied with SQLite's online backup, a consistent snapshot however many clerks are adding
meanwhile; then the originals that snapshot points to (they never change once stored, and
are stored before their record, so each is there), their sidecars, series.yaml; and last a
manifest with the hash of every file. A folder without its manifest is not a backup.

restore: every file is checked against the manifest before anything is written; then the
copy is put in place, the search index rebuilt, and the result verified.
The search index is not copied: it is rebuilt from the catalog.
"""

from __future__ import annotations

import datetime as _dt
import json
import shutil
import sqlite3
from pathlib import Path

from archive.parse import sha256_of
from docgen.base.errors import DocgenError

MANIFEST = "manifest.json"
DATABASES = ("catalog.sqlite", "accounts.sqlite")
SETTINGS = ("series.yaml",)


class BackupError(DocgenError):
    """str() is one line naming the folder and the problem."""

    title = "Sao lưu, phục hồi không thực hiện được"


def _empty_folder(path: Path, what: str) -> None:
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BackupError(f"{path}: {what} must be a new or empty folder")
    path.mkdir(parents=True, exist_ok=True)


def backup(location: Path, dest: Path) -> dict:
    """Copy the archive at `location` into `dest`; returns the manifest."""
    location, dest = Path(location), Path(dest)
    if not (location / "catalog.sqlite").exists():
        raise BackupError(f"{location}: no archive here (catalog.sqlite is missing)")
    _empty_folder(dest, "the backup")
    for name in DATABASES:
        if (location / name).exists():
            source, target = sqlite3.connect(location / name), sqlite3.connect(dest / name)
            try:
                source.backup(target)  # online: a consistent snapshot while others write
                target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                source.close()
                target.close()
    for name in SETTINGS:
        if (location / name).exists():
            shutil.copy2(location / name, dest / name)
    snapshot = sqlite3.connect(dest / "catalog.sqlite")
    try:
        hashes = [row[0] for row in snapshot.execute("SELECT sha256 FROM documents ORDER BY id")]
    finally:
        snapshot.close()
    for sha256 in hashes:
        for suffix in ("", ".json"):
            source = location / "objects" / sha256[:2] / f"{sha256}{suffix}"
            if source.exists():
                target = dest / "objects" / sha256[:2] / source.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
    files = {str(p.relative_to(dest)): sha256_of(p) for p in sorted(dest.rglob("*")) if p.is_file()}
    manifest = {"created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                "documents": len(hashes), "files": files}
    (dest / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def check_backup(src: Path) -> tuple[dict, list[str]]:
    """The manifest of a backup and what in the folder disagrees with it."""
    src = Path(src)
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{src}: not a docgen backup (no {MANIFEST}; an interrupted backup?)") from None
    except ValueError as exc:
        raise BackupError(f"{src}/{MANIFEST}: cannot be read ({exc})") from None
    problems = []
    for name, digest in manifest["files"].items():
        path = src / name
        if not path.exists():
            problems.append(f"{path}: missing from the backup")
        elif sha256_of(path) != digest:
            problems.append(f"{path}: changed since the backup was made")
    return manifest, problems


def restore(src: Path, target: Path) -> dict:
    """Put the backup at `src` in place as the archive `target` (a new or empty folder)."""
    src, target = Path(src), Path(target)
    manifest, problems = check_backup(src)
    if problems:
        raise BackupError(f"{src}: {len(problems)} files do not match the manifest, nothing restored; first: "
                          f"{problems[0]}")
    _empty_folder(target, "the archive to restore into")
    for name in manifest["files"]:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / name, destination)
    return manifest
