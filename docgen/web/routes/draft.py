"""Drafting in the browser: a template's form, the same checks as `docgen render`,
the .docx or PDF to download."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from docgen.base.decree import AUTHORITY_PREFIXES
from docgen.drafting import data as data_mod
from docgen.drafting.template_set import TemplateError, get_template, load_templates
from docgen.web import drafting
from docgen.web.html import page
from docgen.web.routes import library
from docgen.web.security import check_csrf

router = APIRouter()
AUTHORITIES = ["", *AUTHORITY_PREFIXES]  # "": signed in one's own name


def _template(template_id: str):
    try:
        return get_template(template_id)
    except TemplateError:
        raise HTTPException(404, "Không có mẫu này") from None


@router.get("/draft", response_class=HTMLResponse)
def draft_list(request: Request):
    return page(request, "draft_list.html", {"templates": list(load_templates().values())})


@router.get("/draft/{template_id}", response_class=HTMLResponse)
def draft_form(request: Request, template_id: str):
    spec = _template(template_id)
    raw = data_mod.read_data_file(spec.starter) if spec.starter else {"template": template_id}
    return draft_page(request, spec, drafting.values_from_data(raw), None)


@router.post("/draft/{template_id}")
async def draft_render(request: Request, template_id: str):
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    spec = _template(template_id)
    values = {k: str(v) for k, v in form.items() if k not in ("csrf", "format")}
    # a PDF takes a LibreOffice run: in a worker thread, not in the loop that serves everyone
    result = await run_in_threadpool(_render, request, spec, values, form.get("format") == "pdf")
    if isinstance(result, drafting.FormError):
        return draft_page(request, spec, values, result, status_code=422)
    return Response(result.content, media_type=result.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{result.filename}"'})


@router.get("/draft-codes")
def codes(request: Request, prefix: str = "") -> JSONResponse:
    """Archived codes starting with prefix, for the bases picker (under /draft: a clerk's)."""
    return JSONResponse(library(request).codes_with_years(prefix, limit=30))


def _render(request: Request, spec, values: dict, want_pdf: bool):
    return drafting.render_from_form(spec, values, library(request), want_pdf=want_pdf)


def draft_page(request: Request, spec, values: dict, error, status_code: int = 200) -> HTMLResponse:
    codes = library(request).codes_with_years(limit=30)
    return page(request, "draft.html", {"spec": spec, "fields": drafting.FIELDS, "values": values, "error": error,
                                        "codes": codes, "authorities": AUTHORITIES}, status_code=status_code)
