"""Originals kept byte for byte, addressed by their SHA-256.

objects/ab/abcdef…: adding the same file twice stores it once. A file is
written under a temporary name, flushed to disk and renamed into place, so a
crash leaves either the whole file or none of it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


class Store:
    def __init__(self, root: Path):
        self.root = Path(root) / "objects"

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, source: Path, sha256: str) -> Path:
        target = self.path_for(sha256)
        if target.exists():
            return target
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
