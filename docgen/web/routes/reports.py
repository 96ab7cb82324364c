"""Reports from a sheet: one PDF a unit, ready for its signer, handed back as a zip."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from docgen.base.pdf import PdfError
from docgen.drafting import reports
from docgen.drafting.data import DataError
from docgen.drafting.signing import SigningError
from docgen.web.html import page
from docgen.web.security import check_csrf, safe_file_name

router = APIRouter()
SHEETS = (".csv", ".xlsx")


def _form_page(request: Request, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    return page(request, "reports.html", {"forms": list(reports.FORMS.values()), "error": error},
                status_code=status_code)


@router.get("/reports", response_class=HTMLResponse)
def reports_form(request: Request):
    return _form_page(request)


@router.post("/reports")
async def reports_zip(request: Request, form_id: str = Form(...), per_unit: str = Form("Đơn vị"),
                      sheet: UploadFile = File(...), csrf: str = Form("")):
    check_csrf(request, csrf)
    shown_name = sheet.filename or "bảng tính"
    if Path(shown_name).suffix.lower() not in SHEETS:
        return _form_page(request, f"{shown_name}: cần một bảng tính .xlsx hoặc .csv", 422)
    limit = request.app.state.max_upload
    data = await sheet.read(limit + 1)
    if len(data) > limit:
        return _form_page(request, f"{shown_name}: lớn hơn {limit // 2**20} MB", 413)
    # reading the sheet and a LibreOffice run for the PDFs: in a worker thread, so that the
    # server goes on answering everyone else meanwhile
    outcome = await run_in_threadpool(_make_zip, form_id, per_unit, shown_name, data)
    if isinstance(outcome, tuple):
        message, status = outcome
        return _form_page(request, message, status)
    return Response(outcome, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{form_id}.zip"'})


def _make_zip(form_id: str, per_unit: str, shown_name: str, data: bytes) -> bytes | tuple[str, int]:
    """The zip, or (what went wrong, HTTP status)."""
    with tempfile.TemporaryDirectory(prefix="docgen-reports-") as tmp:
        path = Path(tmp) / safe_file_name(shown_name)
        path.write_bytes(data)
        try:
            form = reports.get_form(form_id)
            batch = reports.load(path, form, per_unit.strip() or None)
        except DataError as exc:
            return str(exc).replace(str(path), shown_name), 422
        problems = [p.replace(str(path), shown_name) for p in batch.problems]
        if not batch.reports:
            return "; ".join(problems) or f"{shown_name}: không có dòng nào", 422
        try:
            made = reports.produce(form, batch, Path(tmp) / "out")
        except (PdfError, SigningError) as exc:
            return str(exc), 500
        return _zip(made, problems)


def _zip(made: list[reports.Produced], problems: list[str]) -> bytes:
    """One PDF a unit; the rows that were skipped, if any, in a note beside them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for produced in made:
            archive.write(produced.pdf, produced.pdf.name)
        if problems:
            archive.writestr("dong-bo-qua.txt", "Các dòng không dùng được:\n" + "\n".join(problems) + "\n")
    return buffer.getvalue()
