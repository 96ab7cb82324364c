"""Văn bản đến in the browser: the incoming documents with their handling (Văn bản đến), one's
own (Việc của tôi, what falls due soon marked), the assignment form for leaders and the
progress form for the people assigned, on a document's page. The same library calls as
`docgen inbox`, `assign`, `progress`."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from archive.handling import STATUSES, HandlingError, NotAssigned
from docgen.web.html import page, user_date
from docgen.web.routes import account_name, document, library
from docgen.web.security import check_csrf

router = APIRouter()
SOON_DAYS = 3  # what falls due within these days is marked on "Việc của tôi"


@router.get("/van-ban-den", response_class=HTMLResponse)
def incoming(request: Request, everything: bool = Query(False, alias="tat-ca")):
    today = dt.date.today()
    rows = library(request).inbox(open_only=not everything, today=today)
    return page(request, "handling.html", {"title": "Văn bản đến", "rows": rows, "today": today, "everything": everything,
                                           "soon": today + dt.timedelta(days=SOON_DAYS), "mine": False})


@router.get("/viec-cua-toi", response_class=HTMLResponse)
def mine(request: Request):
    today = dt.date.today()
    who = account_name(request)
    rows = library(request).inbox(user=who, today=today) if who else []
    return page(request, "handling.html", {"title": "Việc của tôi", "rows": rows, "today": today, "everything": False,
                                           "soon": today + dt.timedelta(days=SOON_DAYS), "mine": True,
                                           "nobody": who is None})


async def _form(request: Request) -> dict:
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    return {k: str(v).strip() for k, v in form.items()}


@router.post("/doc/{doc_id}/giao")
async def assign(request: Request, doc_id: int):
    """A leader's assignment: lead, supporting people (separated by commas), due date, unit,
    instructions."""
    form = await _form(request)
    entry = document(request, doc_id)
    try:
        due = user_date(form.get("due", ""))
        support = [s for s in form.get("support", "").split(",") if s.strip()]
        await run_in_threadpool(library(request).assign, entry, form.get("lead", ""), due, support,
                                form.get("note") or None, form.get("unit") or None, account_name(request))
    except ValueError:
        raise HTTPException(422, "Hạn xử lý không đúng (viết như 28/02/2026)") from None
    except HandlingError as exc:
        raise HTTPException(422, f"Không giao được: {exc}") from None
    return RedirectResponse(f"/doc/{doc_id}", status_code=303)


@router.post("/doc/{doc_id}/xu-ly")
async def progress(request: Request, doc_id: int):
    form = await _form(request)
    entry = document(request, doc_id)
    account = getattr(request.state, "account", None)
    leader = account is None or account.may("leader")
    try:
        await run_in_threadpool(library(request).progress, entry, form.get("status", ""), form.get("note") or None,
                                None, account_name(request), leader)
    except NotAssigned as exc:
        raise HTTPException(403, f"Không cập nhật được: {exc}") from None
    except HandlingError as exc:
        raise HTTPException(422, f"Không cập nhật được: {exc}") from None
    return RedirectResponse(f"/doc/{doc_id}", status_code=303)


def handling_context(lib, entry) -> dict:
    """What a document's page shows of its handling."""
    h = lib.archive.handling.get(entry.id)
    return {"handling": h, "handling_events": lib.archive.handling.events(entry.id) if h else [],
            "statuses": STATUSES}
