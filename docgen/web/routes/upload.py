"""Upload: several files at once, a result for each (added, already there, or why it was
refused). A bad file is reported and the others go in, as with `docgen archive add`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile as StarletteUploadFile

from docgen.web.html import page
from docgen.web.routes import account_name, library
from docgen.web.security import MAX_FILES, check_csrf, safe_file_name

router = APIRouter()
LABELS = {"added": "đã thêm", "already there": "đã có", "failed": "không nhận"}


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request):
    return page(request, "upload.html", {"results": None})


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request, csrf: str = ""):
    """The token travels in the address (?csrf=…), so that it is checked before a byte of the
    body is read; the body is read up to the app's request limit and no further (app.BodyLimit)."""
    check_csrf(request, csrf)
    limit = request.app.state.max_upload
    form = await request.form(max_files=MAX_FILES)
    files = [f for f in form.getlist("files") if isinstance(f, StarletteUploadFile)]
    if not files:
        raise HTTPException(422, "Chưa chọn tệp nào để tải lên")
    with tempfile.TemporaryDirectory(prefix="docgen-upload-") as tmp:
        received = []  # (name as sent, saved path or None, why it was refused)
        for number, upload_file in enumerate(files):
            data = await upload_file.read(limit + 1)
            if len(data) > limit:
                received.append((upload_file.filename, None, f"lớn hơn {limit // 2**20} MB"))
                continue
            # each file in a folder of its own, under a name made safe: never a path from the browser
            folder = Path(tmp) / str(number)
            folder.mkdir()
            path = folder / safe_file_name(upload_file.filename)
            path.write_bytes(data)
            received.append((upload_file.filename, path, ""))
        await form.close()
        # reading, OCR and indexing take seconds to minutes: in a worker thread, so that the
        # server goes on answering everyone else meanwhile
        results = await run_in_threadpool(_add_to_archive, request, received)
    return page(request, "upload.html", {"results": results})


def _add_to_archive(request: Request, received: list) -> list[tuple]:
    """Each saved file through the library's one add (store, catalog, index), read within
    limits in a child process: a file from the network. An edXML package is imported by its
    header (the national exchange), its attachment the original."""
    lib = library(request)
    by_whom = account_name(request)
    packages = [path for _, path, _ in received if path is not None and path.suffix.lower() == ".edxml"]
    saved = [path for _, path, _ in received if path is not None and path.suffix.lower() != ".edxml"]
    imported = {r.path: r for r in lib.import_edxml(packages, by_whom)} if packages else {}
    added = iter(lib.add(saved, isolated=True, by_whom=by_whom).results) if saved else iter(())
    results = []  # (name as sent, label, reason, document id, warnings)
    for name, path, refused in received:
        if path is None:
            results.append((name, LABELS["failed"], refused, None, []))
            continue
        if path in imported:
            done = imported[path]
            status = {"updated": "added", "revoked": "added", "status": "already there"}.get(done.status, done.status)
            results.append((name, LABELS[status], done.reason or "", done.entry.id if done.entry else None,
                            done.problems))
            continue
        result = next(added)
        link = result.entry.id if result.entry and result.status != "failed" else None
        warnings = result.entry.record.warnings if result.status == "added" and result.entry else []
        results.append((name, LABELS[result.status], result.reason or "", link, warnings))
    return results
