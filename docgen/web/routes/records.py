"""Putting records right in the browser: the correction form on a document's page (clerks),
the documents the parser was unsure of ("Cần kiểm tra"), the trash and the audit log (admins).
The same library calls as `docgen edit`, `review`, `delete`, `trash`, `log`."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from archive.audit import ACTIONS
from archive.corrections import SCALAR_FIELDS, CorrectionError, shown, value_of
from docgen.web.html import page, user_date
from docgen.web.messages import FIELD_LABELS, correction_vi
from docgen.web.routes import account_name, document, library
from docgen.web.security import check_csrf

router = APIRouter()

def _form_values(record) -> dict[str, str]:
    values = {}
    for field in SCALAR_FIELDS:
        value = value_of(record, field)
        values[field] = "" if value in (None, []) else shown(value)
    return values


def edit_context(library_, entry) -> dict:
    """What the document page needs for its correction form and its history."""
    corrections = {c.field: c for c in library_.corrections_of(entry.id)}
    reviewed_by, reviewed_at = library_.catalog.review_state(entry.id)
    return {"fields": [(f, FIELD_LABELS[f]) for f in SCALAR_FIELDS], "values": _form_values(entry.record),
            "corrections": corrections, "reviewed": (reviewed_by, reviewed_at) if reviewed_at else None}


@router.post("/doc/{doc_id}/sua", response_class=HTMLResponse)
async def correct(request: Request, doc_id: int):
    """Only the fields whose value changed are set; one wrong value refuses them all, saying which."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    lib = library(request)
    entry = document(request, doc_id)
    current = _form_values(entry.record)
    sets = {f: str(form.get(f, "")) for f in SCALAR_FIELDS if str(form.get(f, "")).strip() != current[f]}
    add_reference = [r for r in [str(form.get("add_reference", "")).strip()] if r]
    deadline = str(form.get("deadline_date", "")).strip()
    deadlines = [(deadline, str(form.get("deadline_task", "")), str(form.get("deadline_responsible", "")))] \
        if deadline else []
    try:
        await run_in_threadpool(lib.edit, entry, sets, add_reference, [], deadlines, [], account_name(request))
    except CorrectionError as exc:
        from docgen.web.routes.reading import render_document

        return render_document(request, doc_id, error=f"Chưa sửa được: {correction_vi(str(exc))}", status_code=422,
                             values={**current, **{f: str(form.get(f, "")) for f in SCALAR_FIELDS}})
    return RedirectResponse(f"/doc/{doc_id}?da-sua=1", status_code=303)


@router.post("/doc/{doc_id}/da-kiem-tra")
def mark_reviewed(request: Request, doc_id: int, csrf: str = Form(""), next: str = Form("")):
    check_csrf(request, csrf)
    library(request).reviewed(document(request, doc_id), account_name(request))
    return RedirectResponse("/can-kiem-tra" if next == "review" else f"/doc/{doc_id}", status_code=303)


@router.post("/doc/{doc_id}/xoa")
def delete(request: Request, doc_id: int, csrf: str = Form("")):
    check_csrf(request, csrf)
    library(request).delete(document(request, doc_id), account_name(request))
    return RedirectResponse("/thung-rac", status_code=303)


@router.get("/doc/{doc_id}/edxml")
def export_edxml(request: Request, doc_id: int):
    """The document as an edXML package for the national exchange, this office as its sender
    (edxml.yaml in the archive folder; a page says so when it is missing)."""
    import tempfile
    from pathlib import Path

    from fastapi.responses import Response

    lib = library(request)
    entry = document(request, doc_id)
    with tempfile.TemporaryDirectory(prefix="docgen-edxml-") as tmp:
        package = lib.export_edxml(entry, Path(tmp) / "goi.edxml", lib.sender())
        data = package.read_bytes()
    name = (entry.record.code or f"van-ban-{doc_id}").replace("/", "-")
    return Response(data, media_type="application/xml",
                    headers={"Content-Disposition": f'attachment; filename="{name}.edxml"'})


@router.get("/can-kiem-tra", response_class=HTMLResponse)
def review_page(request: Request):
    entries = library(request).to_review()
    return page(request, "review.html", {"entries": entries})


@router.get("/thung-rac", response_class=HTMLResponse)
def trash_page(request: Request):
    return page(request, "trash.html", {"items": library(request).trash()})


@router.post("/thung-rac/khoi-phuc")
def restore(request: Request, doc_id: int = Form(...), csrf: str = Form("")):
    check_csrf(request, csrf)
    try:
        library(request).restore(doc_id, account_name(request))
    except CorrectionError as exc:
        raise HTTPException(409, f"Không khôi phục được: {exc}") from None
    return RedirectResponse(f"/doc/{doc_id}", status_code=303)


@router.get("/nhat-ky", response_class=HTMLResponse)
def log_page(request: Request, code: str = Query("", alias="so"), user: str = Query("", alias="nguoi"),
             since: str = Query("", alias="tu")):
    error = None
    try:
        start = user_date(since) if since else None
    except ValueError:
        error, start = "Ngày không đúng (viết như 08/02/2023).", None
    entries = library(request).log(code.strip() or None, None, user.strip() or None, start)[:500]
    return page(request, "log.html", {"entries": entries, "actions": ACTIONS, "code": code, "user": user,
                                      "since": since, "error": error, "today": dt.date.today()})
