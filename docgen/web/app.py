"""Routes and pages (FastAPI, Jinja2 with autoescape: document text is always shown as text)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import re
import secrets
import tempfile

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from archive.archive import Archive
from archive.crossref import lookup, missing
from search.query import Filters
from docgen.web import drafting
from search.service import SearchIndex

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_UPLOAD = 50 * 1024 * 1024  # bytes a file
CSRF_COOKIE = "docgen_csrf"


def csrf_token(request: Request) -> str:
    """The token of this browser (double-submit: a cookie, and a hidden field in each form)."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)


def check_csrf(request: Request, token: str) -> None:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not token or not secrets.compare_digest(cookie, token):
        raise HTTPException(403, "Phiên làm việc không hợp lệ: hãy tải lại trang và gửi lại")


def page(request: Request, template: str, context: dict) -> HTMLResponse:
    token = csrf_token(request)
    response = TEMPLATES.TemplateResponse(request, template, {**context, "csrf": token})
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


def safe_file_name(name: str) -> str:
    """The uploaded name as a plain file name: never a path, nothing but letters, digits, . - _"""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\-]+", "_", base).strip("._") or "tep"
    return base[:120]


def highlighted(snippet) -> Markup:
    """The snippet as HTML: every character escaped, the matched words in <mark>."""
    out, pos = [], 0
    for start, end in snippet.highlights:
        out.append(escape(snippet.text[pos:start]))
        out.append(Markup("<mark>") + escape(snippet.text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(snippet.text[pos:]))
    return Markup("").join(out)


def linked_text(text: str, references: list[dict], targets: dict[int, int | None]) -> Markup:
    """The document's text with each reference marked: a link to its archived document,
    or a note that the archive lacks it. Everything else is escaped."""
    spans = []
    for index, ref in enumerate(references):
        for start, end in ref.get("positions") or [[ref["start"], ref["end"]]]:
            spans.append((start, end, index))
    spans.sort()
    out, pos = [], 0
    for start, end, index in spans:
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        piece = escape(text[start:end])
        target = targets.get(index)
        if target:
            out.append(Markup(f'<a class="ref" href="/doc/{target}">') + piece + Markup("</a>"))
        else:
            out.append(Markup('<span class="ref missing" title="Chưa có trong kho lưu trữ">') + piece + Markup("</span>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def session_secret(open_archive) -> str:
    """The key that signs session cookies, kept (mode 600) in the archive folder so that
    logins survive a restart."""
    with open_archive() as archive:
        path = archive.location / "web-secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def create_app(location: Path | str | None = None, engine: str | None = None, require_login: bool = False,
               secret_key: str | None = None) -> FastAPI:
    """require_login: every page asks for an account (serving beyond 127.0.0.1); reading needs
    a reader, uploading and drafting a clerk, managing accounts an admin."""
    from starlette.middleware.sessions import SessionMiddleware
    from starlette.responses import RedirectResponse

    from docgen.web.accounts import Accounts

    app = FastAPI(title="docgen", docs_url=None, redoc_url=None)
    app.state.location = location

    def open_archive() -> Archive:
        return Archive(app.state.location)

    def accounts() -> Accounts:
        with open_archive() as archive:
            return Accounts(archive.location)

    def role_needed(request: Request) -> str:
        if request.method == "POST" or request.url.path.startswith(("/upload", "/draft")):
            return "clerk"
        return "reader"

    @app.middleware("http")
    async def login_required(request: Request, call_next):
        if not require_login or request.url.path in ("/login", "/logout"):
            return await call_next(request)
        name = request.session.get("account")
        store = accounts()
        account = store.get(name) if name else None
        store.close()
        if account is None:
            return RedirectResponse("/login", status_code=303)
        if not account.may(role_needed(request)):
            return HTMLResponse("Tài khoản của bạn không có quyền này", status_code=403)
        return await call_next(request)

    # added after the check above, so that it runs before it and the session is there to read
    app.add_middleware(SessionMiddleware, secret_key=secret_key or session_secret(open_archive),
                       same_site="strict", https_only=False)

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request):
        return page(request, "login.html", {"error": None})

    @app.post("/login", response_class=HTMLResponse)
    async def login(request: Request, name: str = Form(""), password: str = Form(""), csrf: str = Form("")):
        check_csrf(request, csrf)
        store = accounts()
        account = store.check(name, password)
        store.close()
        if account is None:
            return page(request, "login.html", {"error": "Sai tên đăng nhập hoặc mật khẩu"})
        request.session["account"] = account.name
        return RedirectResponse("/", status_code=303)

    @app.get("/logout")
    def logout(request: Request):
        request.session.clear()
        return RedirectResponse("/login", status_code=303)


    @app.get("/", response_class=HTMLResponse)
    def search_page(request: Request, q: str = "", type: str = "", issuer: str = "", year: str = "",
                    date_from: str = Query("", alias="from"), date_to: str = Query("", alias="to")):
        context = {"q": q, "type": type, "issuer": issuer, "year": year, "date_from": date_from, "date_to": date_to,
                   "results": None, "error": None}
        if q.strip():
            try:
                filters = Filters(type=type or None, issuer=issuer or None, year=int(year) if year else None,
                                  date_from=dt.date.fromisoformat(date_from) if date_from else None,
                                  date_to=dt.date.fromisoformat(date_to) if date_to else None)
            except ValueError:
                context["error"] = "Năm hoặc ngày không đúng (năm: 2023; ngày: 2023-02-08)."
            else:
                with open_archive() as archive:
                    results = SearchIndex(archive, engine).search(q, filters, limit=50)
                    context["results"] = results
                    context["snippets"] = {h.entry.id: highlighted(h.snippet) for h in results.hits}
        return TEMPLATES.TemplateResponse(request, "search.html", context)

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def document_page(request: Request, doc_id: int):
        with open_archive() as archive:
            catalog = archive.catalog
            entry = catalog.get(doc_id)
            if entry is None:
                raise HTTPException(404, "Không có văn bản này trong kho lưu trữ")
            citations = catalog.citations_of(doc_id)
            targets = {i: c.target_id for i, c in enumerate(citations)}
            cited_by = []
            if entry.record.code:
                year = entry.record.date.year if entry.record.date else None
                cited_by = lookup(catalog, entry.record.code, year).cited_by.get(doc_id, [])
            context = {"entry": entry, "record": entry.record, "citations": citations, "cited_by": cited_by,
                       "text": linked_text(catalog.text(doc_id), entry.record.references, targets)}
            return TEMPLATES.TemplateResponse(request, "document.html", context)

    @app.get("/doc/{doc_id}/original")
    def original(doc_id: int):
        with open_archive() as archive:
            entry = archive.catalog.get(doc_id)
            if entry is None:
                raise HTTPException(404, "Không có văn bản này trong kho lưu trữ")
            # the stored name is the SHA-256; the file name offered is the one it came with
            return FileResponse(archive.original(entry), filename=entry.file_name)

    @app.get("/upload", response_class=HTMLResponse)
    def upload_form(request: Request):
        return page(request, "upload.html", {"results": None})

    @app.post("/upload", response_class=HTMLResponse)
    async def upload(request: Request, files: list[UploadFile] = File(...), csrf: str = Form("")):
        check_csrf(request, csrf)
        results = []
        with tempfile.TemporaryDirectory(prefix="docgen-upload-") as tmp, open_archive() as archive:
            for number, upload_file in enumerate(files):
                name = safe_file_name(upload_file.filename)
                data = await upload_file.read(MAX_UPLOAD + 1)
                if len(data) > MAX_UPLOAD:
                    results.append((upload_file.filename, "refused", f"lớn hơn {MAX_UPLOAD // 2**20} MB"))
                    continue
                folder = Path(tmp) / str(number)
                folder.mkdir()
                path = folder / name
                path.write_bytes(data)
                result = archive.add_file(path)
                label = {"added": "đã thêm", "already there": "đã có", "failed": "không nhận"}[result.status]
                link = result.entry.id if result.entry and result.status != "failed" else None
                results.append((upload_file.filename, label, result.reason or "", link))
            SearchIndex(archive, engine).sync()
        results = [r if len(r) == 4 else (*r, None) for r in results]
        return page(request, "upload.html", {"results": results})

    @app.get("/draft", response_class=HTMLResponse)
    def draft_list(request: Request):
        from docgen.template_set import load_templates

        return page(request, "draft_list.html", {"templates": list(load_templates().values())})

    @app.get("/draft/{template_id}", response_class=HTMLResponse)
    def draft_form(request: Request, template_id: str):
        from docgen import data as data_mod
        from docgen.template_set import TemplateError, get_template

        try:
            spec = get_template(template_id)
        except TemplateError:
            raise HTTPException(404, "Không có mẫu này") from None
        raw = data_mod.read_data_file(spec.starter) if spec.starter else {"template": template_id}
        return draft_page(request, spec, drafting.values_from_data(raw), None)

    @app.post("/draft/{template_id}")
    async def draft_render(request: Request, template_id: str):
        from docgen.template_set import TemplateError, get_template

        form = await request.form()
        check_csrf(request, str(form.get("csrf", "")))
        try:
            spec = get_template(template_id)
        except TemplateError:
            raise HTTPException(404, "Không có mẫu này") from None
        values = {k: str(v) for k, v in form.items() if k not in ("csrf", "format")}
        with open_archive() as archive:
            result = drafting.render_from_form(spec, values, archive.catalog, want_pdf=form.get("format") == "pdf")
        if isinstance(result, drafting.FormError):
            return draft_page(request, spec, values, result)
        return Response(result.content, media_type=result.media_type,
                        headers={"Content-Disposition": f'attachment; filename="{result.filename}"'})

    def draft_page(request: Request, spec, values: dict, error) -> HTMLResponse:
        with open_archive() as archive:
            codes = sorted({f"{e.record.code}/{e.record.date.year}" for e in archive.catalog.list()
                            if e.record.code and e.record.date})
        return page(request, "draft.html", {"spec": spec, "fields": drafting.FIELDS, "values": values,
                                            "error": error, "codes": codes,
                                            "authorities": ["", "TM.", "KT.", "TL.", "TUQ.", "Q."]})

    @app.get("/missing", response_class=HTMLResponse)
    def missing_page(request: Request):
        with open_archive() as archive:
            return TEMPLATES.TemplateResponse(request, "missing.html", {"missing": missing(archive.catalog)})

    @app.get("/deadlines", response_class=HTMLResponse)
    def deadlines_page(request: Request, responsible: str = ""):
        today = dt.date.today()
        with open_archive() as archive:
            rows = [(archive.catalog.get(doc_id), d) for doc_id, d in
                    archive.catalog.deadlines(responsible=responsible or None)]
        return TEMPLATES.TemplateResponse(request, "deadlines.html", {
            "rows": rows, "today": today.isoformat(), "responsible": responsible})

    @app.get("/deadlines.ics")
    def deadlines_ics(responsible: str = ""):
        from archive.calendar import to_ics

        with open_archive() as archive:
            entries = [(archive.catalog.get(doc_id), d)
                       for doc_id, d in archive.catalog.deadlines(responsible=responsible or None)]
            rows = [(entry.record.code or entry.file_name, d) for entry, d in entries]
        return Response(to_ics(rows), media_type="text/calendar",
                        headers={"Content-Disposition": 'attachment; filename="han-xu-ly.ics"'})

    return app
