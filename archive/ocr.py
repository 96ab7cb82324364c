"""Tesseract, for the pages of a PDF that have no usable text: each page rasterised by
pdftoppm and read with the `vie` model, each program within its limits
(docgen.base.limits), one tesseract process per core.

Tried and left out: reading a số that OCR could not make out a second time, digits only,
from its own place on the page. The crop had to come from the words' boxes, and a box a
few pixels short gave a confident wrong number ("2" for a handwritten "23", confidence 97):
worse than no number, which a clerk fills in from the review queue.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from docgen.base.errors import DocgenError
from docgen.base.limits import MB, LimitExceeded, Limits, run_limited
from docgen.base.vntext import nfc

OCR_DPI = 300
RASTER_LIMITS = Limits(seconds=120, memory=1024 * MB)
OCR_LIMITS = Limits(seconds=300, memory=1024 * MB)
# One thread per tesseract: its own threading is 5-7 times slower on 2 cores.
_ENV = dict(os.environ, OMP_THREAD_LIMIT="1")


class OcrError(DocgenError):
    """A page that could not be rasterised or read; str() is one line naming the file."""

    title = "Không đọc được tệp"


def ocr_pages(path: Path, pages: list[int]) -> dict[int, str]:
    """The text of the given pages read by OCR, one tesseract process per core."""
    if shutil.which("tesseract") is None or shutil.which("pdftoppm") is None:
        raise OcrError(f"{path}: OCR needs tesseract and pdftoppm; "
                       "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils")
    from concurrent.futures import ThreadPoolExecutor

    with tempfile.TemporaryDirectory(prefix="docgen-ocr-") as tmp, \
            ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        texts = pool.map(lambda page: _ocr_page(path, page, Path(tmp)), pages)
        return dict(zip(pages, texts))


def _ocr_page(path: Path, page: int, tmp: Path) -> str:
    stem = tmp / f"p{page}"
    try:
        run_limited(["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-f", str(page + 1), "-l", str(page + 1),
                     "-singlefile", str(path), str(stem)], RASTER_LIMITS)
    except LimitExceeded as exc:
        raise OcrError(f"{path}: page {page + 1} could not be rasterised for OCR ({exc})") from None
    image = stem.with_suffix(".png")
    if not image.exists():
        raise OcrError(f"{path}: page {page + 1} could not be rasterised for OCR")
    try:
        result = run_limited(["tesseract", str(image), "stdout", "-l", "vie", "--psm", "6"], OCR_LIMITS, env=_ENV)
    except LimitExceeded as exc:
        raise OcrError(f"{path}: tesseract {exc} on page {page + 1}") from None
    if result.returncode != 0:
        raise OcrError(f"{path}: tesseract failed on page {page + 1}")
    image.unlink()
    return nfc(result.stdout.decode("utf-8", "replace"))
