"""The registers in the browser (Phụ lục IV): the sổ văn bản đi and đến of a year with their
columns, an .xlsx of either, and the next number of a series for a document signed on paper
(`docgen number next` does the same)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from archive import register_export as export
from archive.register import RegisterError
from docgen.base.decree import DOC_TYPES
from docgen.web.html import page, user_date
from docgen.web.routes import account_name, library
from docgen.web.security import check_csrf

router = APIRouter()
DIRECTIONS = {"di": "outgoing", "den": "incoming"}


class Filters:
    """What the register page is asked for: which register, the year, a series, a date range."""

    def __init__(self, which: str = Query("di", alias="so", pattern="^(di|den)$"),
                 year: int = Query(0, alias="nam", ge=0, le=9999), series: str = Query("", alias="so_dang_ky"),
                 date_from: str = Query("", alias="tu"), date_to: str = Query("", alias="den")):
        self.which, self.year, self.series = which, year or dt.date.today().year, series
        self.date_from, self.date_to, self.error = date_from, date_to, None
        try:
            self.start, self.end = user_date(date_from), user_date(date_to)
        except ValueError:
            self.start = self.end = None
            self.error = "Ngày không đúng (viết như 08/02/2023)."

    @property
    def direction(self) -> str:
        return DIRECTIONS[self.which]

    def query(self) -> str:
        return urlencode({"so": self.which, "nam": self.year, "so_dang_ky": self.series, "tu": self.date_from,
                          "den": self.date_to})


def _register_page(request: Request, wanted: Filters, message: str | None = None, error: str | None = None,
                   status_code: int = 200) -> HTMLResponse:
    lib = library(request)
    rows = lib.register_rows(wanted.direction, wanted.year, wanted.series, wanted.start, wanted.end)
    all_series = sorted({r.series for r in lib.register_rows(wanted.direction, wanted.year)})
    return page(request, "registers.html", {
        "which": wanted.which, "year": wanted.year, "title": export.TITLES[wanted.direction].capitalize(),
        "headers": export.headers(wanted.direction), "rows": [export.cells(wanted.direction, row) for row in rows],
        "types": [t.name for t in DOC_TYPES], "all_series": all_series, "wanted": wanted, "query": wanted.query(),
        "message": message, "error": error or wanted.error}, status_code=status_code)


@router.get("/so-van-ban", response_class=HTMLResponse)
def register_page(request: Request, wanted: Filters = Depends()):
    return _register_page(request, wanted)


FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}


@router.get("/so-van-ban.{kind}")
async def register_file(request: Request, kind: str, wanted: Filters = Depends()):
    """The register as shown, as .xlsx or as PDF (Phụ lục IV's columns, landscape); the PDF is
    made by LibreOffice in a worker thread, within its limits."""
    if kind not in FORMATS:
        raise HTTPException(404, "Không có định dạng này (xlsx hoặc pdf)")

    def made() -> bytes:
        with tempfile.TemporaryDirectory(prefix="docgen-so-") as tmp:
            path = Path(tmp) / f"so.{kind}"
            library(request).export_register(wanted.direction, wanted.year, series=wanted.series, start=wanted.start,
                                             end=wanted.end, **{kind: path})
            return path.read_bytes()

    name = f"so-van-ban-{wanted.which}-{wanted.year}.{kind}"
    return Response(await run_in_threadpool(made), media_type=FORMATS[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/so-van-ban/cap-so", response_class=HTMLResponse)
async def take_number(request: Request, issuer: str = Form(""), type_name: str = Form("Công văn"),
                      csrf: str = Form("")):
    """The next number of the issuer's series this year, recorded with who took it."""
    check_csrf(request, csrf)
    year = dt.date.today().year
    if not issuer.strip():
        return _register_page(request, Filters("di", year, "", "", ""), error="Chưa nhập cơ quan ban hành",
                              status_code=422)
    try:
        series, row = await run_in_threadpool(library(request).next_number, issuer.strip(), type_name, False, year,
                                              account_name(request))
    except RegisterError as exc:
        return _register_page(request, Filters("di", year, "", "", ""), error=f"Không cấp được số: {exc}",
                              status_code=422)
    return _register_page(request, Filters("di", year, "", "", ""),
                          message=f"Đã cấp số {row.number_text} năm {year} ({series})")
