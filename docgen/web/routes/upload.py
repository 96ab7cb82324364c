"""Upload: several files at once, a result for each (added, already there, or why it was
refused). A bad file is reported and the others go in, as with `docgen archive add`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from docgen.web.html import page
from docgen.web.routes import open_archive, search_engine
from docgen.web.security import MAX_UPLOAD, check_csrf, safe_file_name
from search.service import SearchIndex

router = APIRouter()
LABELS = {"added": "đã thêm", "already there": "đã có", "failed": "không nhận"}


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request):
    return page(request, "upload.html", {"results": None})


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request, files: list[UploadFile] = File(...), csrf: str = Form("")):
    check_csrf(request, csrf)
    with tempfile.TemporaryDirectory(prefix="docgen-upload-") as tmp:
        received = []  # (name as sent, saved path or None, why it was refused)
        for number, upload_file in enumerate(files):
            data = await upload_file.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                received.append((upload_file.filename, None, f"lớn hơn {MAX_UPLOAD // 2**20} MB"))
                continue
            # each file in a folder of its own, under a name made safe: never a path from the browser
            folder = Path(tmp) / str(number)
            folder.mkdir()
            path = folder / safe_file_name(upload_file.filename)
            path.write_bytes(data)
            received.append((upload_file.filename, path, ""))
        # reading, OCR and indexing take seconds to minutes: in a worker thread, so that the
        # server goes on answering everyone else meanwhile
        results = await run_in_threadpool(_add_to_archive, request, received)
    return page(request, "upload.html", {"results": results})


def _add_to_archive(request: Request, received: list) -> list[tuple]:
    results = []  # (name as sent, label, reason, document id)
    with open_archive(request) as archive:
        for name, path, refused in received:
            if path is None:
                results.append((name, LABELS["failed"], refused, None))
                continue
            result = archive.add_file(path)
            link = result.entry.id if result.entry and result.status != "failed" else None
            results.append((name, LABELS[result.status], result.reason or "", link))
        SearchIndex(archive, search_engine(request)).sync()
    return results
