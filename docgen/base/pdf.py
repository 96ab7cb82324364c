"""PDF through LibreOffice headless: one soffice process for a whole batch.

A cold `soffice --convert-to pdf` costs about 0.8 s a document, nearly all of
it start-up; one process given the whole batch converts each further document
in about 0.1 s. So callers hand over every document at once. Conversions are
serialised on a per-user profile (a second instance on 2 cores gains nothing,
and two instances cannot share a profile), guarded by a file lock.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from docgen.base.errors import DocgenError
from docgen.base.limits import MB, LimitExceeded, Limits, run_limited

STARTUP_SECONDS = 30  # LibreOffice's start, on top of the time allowed each document
SOFFICE_MEMORY = 2048 * MB  # LibreOffice's address space: a document that needs more is refused
SOFFICE_NAMES = ("soffice", "libreoffice")
INSTALL_HINT = "install it with: apt-get install libreoffice-writer-nogui fonts-liberation2"


class PdfError(DocgenError):
    """A conversion that failed; str() is one line naming the file."""

    exit_code = 1
    title = "Không chuyển được sang PDF"


def find_soffice() -> str:
    for name in SOFFICE_NAMES:
        if path := shutil.which(name):
            return path
    raise PdfError(f"LibreOffice (soffice) not found; {INSTALL_HINT}")


def _profile_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "docgen"
    base.mkdir(parents=True, exist_ok=True)
    return base / "libreoffice-profile"


# One soffice call was seen to stop silently, exit code 0, after about 250 documents:
# batches are capped, and a document left without a PDF is tried once more on its own.
MAX_BATCH = 50


def _batches(paths: list[Path]) -> list[list[Path]]:
    """Split so that no two files of a batch share a name (their PDFs would collide)."""
    batches: list[list[Path]] = []
    for path in paths:
        for batch in batches:
            if len(batch) < MAX_BATCH and all(p.stem != path.stem for p in batch):
                batch.append(path)
                break
        else:
            batches.append([path])
    return batches


def _run_soffice(batch: list[Path], out_dir: Path, timeout: float, input_filter: str | None = None,
                 target: str = "pdf:writer_pdf_Export") -> None:
    profile = _profile_dir()
    command = [
        find_soffice(),
        "--headless", "--norestore", "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
        *([f"--infilter={input_filter}"] if input_filter else []),
        "--convert-to", target,
        "--outdir", str(out_dir),
        *[str(p) for p in batch],
    ]
    with open(profile.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            # a stuck LibreOffice is killed with everything it started, so the next conversion
            # finds the profile free
            run_limited(command, Limits(seconds=timeout, memory=SOFFICE_MEMORY))
        except LimitExceeded:
            raise PdfError(f"{batch[0]}: LibreOffice did not finish within {timeout:.0f} s; it was stopped") from None


# Plain text is read as UTF-8 with a serif font (LibreOffice's text filter options).
UTF8_TEXT = "Text (encoded):UTF8,LF,Liberation Serif,vi"


def convert_with_soffice(path: Path, out_dir: Path, kind: str = "docx", timeout: float = 60.0) -> Path:
    """One document converted to another format (a .doc to .docx, to check it); PdfError naming it."""
    path = Path(path).resolve()
    if not path.is_file():
        raise PdfError(f"{path}: file not found")
    _run_soffice([path], out_dir, timeout=STARTUP_SECONDS + timeout, target=kind)
    produced = out_dir / f"{path.stem}.{kind}"
    if not produced.exists() or produced.stat().st_size == 0:
        raise PdfError(f"{path}: LibreOffice produced no .{kind}")
    return produced


def convert_to_pdf(docx_paths: Iterable[str | Path], out_dir: str | Path | None = None,
                   timeout_per_doc: float = 20.0, input_filter: str | None = None) -> list[Path]:
    """Write NAME.pdf for each document, beside it or into out_dir; return the PDFs.

    Raises PdfError naming the first document that produced no PDF.
    """
    given = [Path(p) for p in docx_paths]
    paths = [p.resolve() for p in given]
    for path in paths:
        if not path.is_file():
            raise PdfError(f"{path}: file not found")
    results: dict[Path, Path] = {}
    for batch in _batches(paths):
        with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
            _run_soffice(batch, Path(tmp), timeout=STARTUP_SECONDS + timeout_per_doc * len(batch), input_filter=input_filter)
            for path in batch:
                produced = Path(tmp) / f"{path.stem}.pdf"
                if not produced.exists() or produced.stat().st_size == 0:
                    _run_soffice([path], Path(tmp), timeout=STARTUP_SECONDS + timeout_per_doc, input_filter=input_filter)
                if not produced.exists() or produced.stat().st_size == 0:
                    raise PdfError(f"{path}: LibreOffice produced no PDF (is it a valid document?)")
                target_dir = Path(out_dir) if out_dir else given[paths.index(path)].parent
                target_dir.mkdir(parents=True, exist_ok=True)
                target = target_dir / produced.name
                shutil.move(str(produced), target)
                results[path] = target
    return [results[p] for p in paths]
