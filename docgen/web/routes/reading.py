"""Reading: search, a document with its references, the original file, what is missing,
what is due."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from docgen.web.html import highlighted, linked_text, page, user_date, vn_date
from docgen.web.routes import document, library
from search.query import Filters

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
            results = library(request).search(q, filters, limit=PER_PAGE, offset=(page_number - 1) * PER_PAGE)
            context["results"] = results
            context["snippets"] = {h.entry.id: highlighted(h.snippet) for h in results.hits}
    return page(request, "search.html", context)


TEXT_PART = 20_000  # characters of text a document page shows; a long law is read part by part


def text_parts(text: str) -> list[tuple[int, int]]:
    """(start, end) of each part, cut at a line end near every TEXT_PART characters."""
    parts, start = [], 0
    while start < len(text):
        end = min(start + TEXT_PART, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + TEXT_PART // 2, end)
            end = cut + 1 if cut > 0 else end
        parts.append((start, end))
        start = end
    return parts or [(0, 0)]


@router.get("/doc/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: int, part: int = Query(1, alias="phan", ge=1, le=10_000)):
    return render_document(request, doc_id, part)


def render_document(request: Request, doc_id: int, part: int = 1, error: str | None = None, status_code: int = 200,
                    values: dict | None = None) -> HTMLResponse:
    """A document's page; error and values: a correction refused, shown with what was typed."""
    from docgen.web.routes.handling import handling_context
    from docgen.web.routes.records import edit_context

    lib = library(request)
    entry = document(request, doc_id)
    citations = lib.citations_of(doc_id)
    targets = {i: c.target_id for i, c in enumerate(citations)}
    cited_by = []
    if entry.record.code:
        year = entry.record.year
        cited_by = lib.lookup(entry.record.code, year).cited_by.get(doc_id, [])
    text = lib.text(doc_id)
    parts = text_parts(text)
    part = min(part, len(parts))
    start, end = parts[part - 1]
    context = {"entry": entry, "record": entry.record, "citations": citations, "cited_by": cited_by,
               "text": linked_text(text[start:end], shifted(entry.record.references, start, end), targets),
               "part": part, "parts": len(parts),
               "has_picture": entry.file_name.lower().endswith(".pdf"),
               **edit_context(lib, entry), **handling_context(lib, entry), "error": error,
               "today_date": dt.date.today(),
               "corrected": request.query_params.get("da-sua") == "1"}
    if values:
        context["values"] = values
    return page(request, "document.html", context, status_code=status_code)


def shifted(references: list, start: int, end: int) -> list[list[tuple[int, int]]]:
    """Each reference's mentions as offsets into the part start:end (those outside it left out)."""
    return [[(a - start, b - start) for a, b in ref.spans if a >= start and b <= end] for ref in references]


@router.get("/doc/{doc_id}/trang-1.png")
def first_page(request: Request, doc_id: int):
    """The original's first page as a picture (PDFs), drawn by pdftoppm within limits."""
    import tempfile
    from pathlib import Path

    from docgen.base.limits import MB, LimitExceeded, Limits, run_limited

    entry = document(request, doc_id)
    source = library(request).original(entry)
    if not entry.file_name.lower().endswith(".pdf"):
        raise HTTPException(404, "Chỉ có hình trang đầu của tệp PDF")
    with tempfile.TemporaryDirectory(prefix="docgen-page-") as tmp:
        stem = Path(tmp) / "trang"
        try:
            run_limited(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(source), str(stem)],
                        Limits(seconds=30, memory=512 * MB))
        except LimitExceeded:
            raise HTTPException(503, "Không vẽ được trang đầu trong thời gian cho phép") from None
        picture = stem.with_suffix(".png")
        if not picture.exists():
            raise HTTPException(404, "Không vẽ được trang đầu của tệp này")
        return Response(picture.read_bytes(), media_type="image/png")


@router.get("/doc/{doc_id}/original")
def original(request: Request, doc_id: int):
    entry = document(request, doc_id)
    # the stored name is the SHA-256; the file name offered is the one it came with
    return FileResponse(library(request).original(entry), filename=entry.file_name)


MISSING_PAGE = 50  # cited documents a page


@router.get("/missing", response_class=HTMLResponse)
def missing_page(request: Request, page_number: int = Query(1, alias="trang", ge=1, le=10_000)):
    total, rows = library(request).missing((page_number - 1) * MISSING_PAGE, MISSING_PAGE)
    return page(request, "missing.html", {"missing": rows, "total": total,
                                          "page_number": page_number, "per_page": MISSING_PAGE})


def _deadline_rows(request: Request, responsible: str, start: dt.date | None = None, end: dt.date | None = None,
                   code: str = ""):
    """One row a deadline (the same task, date and document once), by date."""
    rows, seen = [], set()
    for entry, d in library(request).deadlines(start, end, responsible=responsible or None):
        if code and not _same_code(entry.record.code, code):
            continue
        key = (entry.id, d.date, d.relation, d.task)
        if key not in seen:
            seen.add(key)
            rows.append((entry, d))
    return rows


def _same_code(code: str | None, wanted: str) -> bool:
    from docgen.base.decree import code_key

    return bool(code) and code_key(code).startswith(code_key(wanted.strip()))


OVERDUE_SHOWN = 30  # days back the deadlines page opens on: what is overdue first, then what is due


@router.get("/deadlines", response_class=HTMLResponse)
def deadlines_page(request: Request, responsible: str = "", date_from: str = Query("", alias="from"),
                   date_to: str = Query("", alias="to"), code: str = ""):
    today = dt.date.today()
    error = None
    try:
        start = user_date(date_from) if date_from else today - dt.timedelta(days=OVERDUE_SHOWN)
        end = user_date(date_to)
    except ValueError:
        error = "Ngày không đúng (viết như 08/02/2023)."
        start, end = today - dt.timedelta(days=OVERDUE_SHOWN), None
    rows = _deadline_rows(request, responsible, start, end, code)
    return page(request, "deadlines.html", {"rows": rows, "today": today, "responsible": responsible,
                                            "date_from": date_from or vn_date(start), "date_to": date_to,
                                            "code": code, "error": error})


@router.get("/deadlines.ics")
def deadlines_ics(request: Request, responsible: str = ""):
    from archive.calendar import to_ics

    rows = [(entry.record.code or entry.file_name, d) for entry, d in _deadline_rows(request, responsible)]
    return Response(to_ics(rows), media_type="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="han-xu-ly.ics"'})
