"""Originals kept byte for byte, addressed by their SHA-256.

objects/ab/abcdef…: adding the same file twice stores it once. A file is
written under a temporary name, flushed to disk and renamed into place, so a
crash leaves either the whole file or none of it. Beside each, abcdef….json
says what it was (its name, its type, when it came): with the catalog lost,
the originals can still be added again.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


class Store:
    def __init__(self, root: Path, name: str = "objects"):
        self.root = Path(root) / name

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, source: Path, sha256: str, name: str | None = None) -> Path:
        target = self.path_for(sha256)
        if target.exists():
            return target
        self._write_sidecar(sha256, name or source.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def remove(self, sha256: str) -> None:
        """Drop an object no record points to (a file another process archived meanwhile)."""
        self.path_for(sha256).unlink(missing_ok=True)
        self.sidecar_path(sha256).unlink(missing_ok=True)

    def sidecar_path(self, sha256: str) -> Path:
        return self.path_for(sha256).with_suffix(".json")

    def _write_sidecar(self, sha256: str, name: str) -> None:
        path = self.sidecar_path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"name": name, "type": Path(name).suffix.lower(),
                "added": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def sidecar(self, sha256: str) -> dict | None:
        try:
            return json.loads(self.sidecar_path(sha256).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def objects(self) -> Iterator[str]:
        """The hashes of every stored original (sidecars and files being written left out)."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir():
                for path in sorted(folder.iterdir()):
                    if not path.name.startswith(".") and path.suffix != ".json":
                        yield path.name

    def verify(self, sha256: str) -> bool:
        """Does the stored file still hash to its name?"""
        path = self.path_for(sha256)
        if not path.exists():
            return False
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest() == sha256
