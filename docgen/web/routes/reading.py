"""Reading: search, a document with its references, the original file, what is missing,
what is due."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from archive.crossref import lookup, missing
from docgen.web.html import highlighted, linked_text, page, user_date
from docgen.web.routes import open_archive, search_engine
from search.query import Filters
from search.service import SearchIndex

router = APIRouter()
PER_PAGE = 20  # hits a results page


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", type: str = "", issuer: str = "", year: str = "",
                date_from: str = Query("", alias="from"), date_to: str = Query("", alias="to"),
                page_number: int = Query(1, alias="trang", ge=1, le=500)):
    context = {"q": q, "type": type, "issuer": issuer, "year": year, "date_from": date_from, "date_to": date_to,
               "results": None, "error": None, "page_number": page_number, "per_page": PER_PAGE}
    if q.strip():
        try:
            filters = Filters(type=type or None, issuer=issuer or None, year=int(year) if year else None,
                              date_from=user_date(date_from), date_to=user_date(date_to))
        except ValueError:
            context["error"] = "Năm hoặc ngày không đúng (năm: 2023; ngày: 08/02/2023)."
        else:
            with open_archive(request) as archive:
                results = SearchIndex(archive, search_engine(request)).search(
                    q, filters, limit=PER_PAGE, offset=(page_number - 1) * PER_PAGE)
                context["results"] = results
                context["snippets"] = {h.entry.id: highlighted(h.snippet) for h in results.hits}
    return page(request, "search.html", context)


def _get_entry(archive, doc_id: int):
    entry = archive.catalog.get(doc_id)
    if entry is None:
        raise HTTPException(404, "Không có văn bản này trong kho lưu trữ")
    return entry


@router.get("/doc/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: int):
    with open_archive(request) as archive:
        catalog = archive.catalog
        entry = _get_entry(archive, doc_id)
        citations = catalog.citations_of(doc_id)
        targets = {i: c.target_id for i, c in enumerate(citations)}
        cited_by = []
        if entry.record.code:
            year = entry.record.date.year if entry.record.date else None
            cited_by = lookup(catalog, entry.record.code, year).cited_by.get(doc_id, [])
        context = {"entry": entry, "record": entry.record, "citations": citations, "cited_by": cited_by,
                   "text": linked_text(catalog.text(doc_id), entry.record.references, targets)}
        return page(request, "document.html", context)


@router.get("/doc/{doc_id}/original")
def original(request: Request, doc_id: int):
    with open_archive(request) as archive:
        entry = _get_entry(archive, doc_id)
        # the stored name is the SHA-256; the file name offered is the one it came with
        return FileResponse(archive.original(entry), filename=entry.file_name)


@router.get("/missing", response_class=HTMLResponse)
def missing_page(request: Request):
    with open_archive(request) as archive:
        return page(request, "missing.html", {"missing": missing(archive.catalog)})


def _deadline_rows(request: Request, responsible: str):
    with open_archive(request) as archive:
        return [(archive.catalog.get(doc_id), d)
                for doc_id, d in archive.catalog.deadlines(responsible=responsible or None)]


@router.get("/deadlines", response_class=HTMLResponse)
def deadlines_page(request: Request, responsible: str = ""):
    return page(request, "deadlines.html", {"rows": _deadline_rows(request, responsible),
                                            "today": dt.date.today().isoformat(), "responsible": responsible})


@router.get("/deadlines.ics")
def deadlines_ics(request: Request, responsible: str = ""):
    from archive.calendar import to_ics

    rows = [(entry.record.code or entry.file_name, d) for entry, d in _deadline_rows(request, responsible)]
    return Response(to_ics(rows), media_type="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="han-xu-ly.ics"'})
