"""The registers in the browser (Phụ lục IV): the sổ văn bản đi and đến of a year with their
columns, an .xlsx of either, and the next number of a series for a document signed on paper
(`docgen number next` does the same)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from archive import register_export as export
from archive.register import RegisterError
from docgen.base.decree import DOC_TYPES
from docgen.web.html import page
from docgen.web.routes import library
from docgen.web.security import check_csrf

router = APIRouter()
DIRECTIONS = {"di": "outgoing", "den": "incoming"}


def _register_page(request: Request, which: str, year: int, message: str | None = None, error: str | None = None,
                   status_code: int = 200) -> HTMLResponse:
    direction = DIRECTIONS[which]
    rows = library(request).register_rows(direction, year)
    return page(request, "registers.html", {
        "which": which, "year": year, "title": export.TITLES[direction].capitalize(), "headers": export.headers(direction),
        "rows": [export.cells(direction, row) for row in rows], "types": [t.name for t in DOC_TYPES],
        "message": message, "error": error}, status_code=status_code)


@router.get("/so-van-ban", response_class=HTMLResponse)
def register_page(request: Request, which: str = Query("di", alias="so", pattern="^(di|den)$"),
                  year: int = Query(0, alias="nam", ge=0, le=9999)):
    return _register_page(request, which, year or dt.date.today().year)


@router.get("/so-van-ban.xlsx")
def register_xlsx(request: Request, which: str = Query("di", alias="so", pattern="^(di|den)$"),
                  year: int = Query(0, alias="nam", ge=0, le=9999)):
    year = year or dt.date.today().year

    def made() -> bytes:
        with tempfile.TemporaryDirectory(prefix="docgen-so-") as tmp:
            path = Path(tmp) / "so.xlsx"
            library(request).export_register(DIRECTIONS[which], year, xlsx=path)
            return path.read_bytes()

    name = f"so-van-ban-{which}-{year}.xlsx"
    return Response(made(),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/so-van-ban/cap-so", response_class=HTMLResponse)
async def take_number(request: Request, issuer: str = Form(""), type_name: str = Form("Công văn"),
                      csrf: str = Form("")):
    """The next number of the issuer's series this year, recorded with who took it."""
    check_csrf(request, csrf)
    year = dt.date.today().year
    if not issuer.strip():
        return _register_page(request, "di", year, error="Chưa nhập cơ quan ban hành", status_code=422)
    account = getattr(request.state, "account", None)
    try:
        series, row = await run_in_threadpool(library(request).next_number, issuer.strip(), type_name, False, year,
                                              account.name if account else None)
    except RegisterError as exc:
        return _register_page(request, "di", year, error=f"Không cấp được số: {exc}", status_code=422)
    return _register_page(request, "di", year, message=f"Đã cấp số {row.number_text} năm {year} ({series})")
