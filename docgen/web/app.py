"""The app: the archive it serves, the guards every request passes, the pages (routes/).

Guards, outermost first: the Host must be a name this server answers to; a request that
changes something must come from a page of this site (Origin); every answer carries
headers that forbid framing and foreign scripts; the session cookie names a session kept
on the server; and whenever accounts exist (or beyond 127.0.0.1) every page needs one.
"""

from __future__ import annotations

import gc
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from archive.database import DatabaseError
from docgen.base.errors import DocgenError
from docgen.library import Library
from docgen.web.html import ROLE_NAMES, page
from docgen.web.routes import (
    accounts,
    draft,
    handling,
    login,
    reading,
    records,
    registers,
    reports,
    upload,
)
from docgen.web.security import (
    MAX_UPLOAD_MB,
    MB,
    SECURITY_HEADERS,
    SESSION_IDLE,
    SESSION_LIFETIME,
    UNSAFE_METHODS,
    body_limit,
    host_allowed,
    role_needed,
    same_origin,
    session_secret,
)

OPEN_PATHS = ("/login", "/logout", "/static/")


# A page of 600 deadlines builds tens of thousands of short-lived objects, and Python's default
# collector (700, 10, 10) then walks every object of the process many times a request: /deadlines
# at 10,000 documents had a p95 of 160 ms against a p50 of 27 (37 ms with these). Young
# collections less often; the long-lived ones as often as before, relative to them.
SERVER_GC = (10_000, 10, 10)


def create_app(where: Library | Path | str | None = None, engine: str | None = None, require_login: bool = False,
               secret_key: str | None = None, allowed_hosts: tuple[str, ...] = (), no_login: bool = False,
               login_delay: float = 1.0, behind_https: bool = False, max_upload_mb: int = MAX_UPLOAD_MB) -> FastAPI:
    """where: the Library to serve (the CLI opens it on its options), or an archive folder
    opened here and closed at shutdown.
    require_login: every page asks for an account even before one exists (serving beyond
    127.0.0.1). Otherwise a login is asked for as soon as any account exists, unless
    no_login (loopback only: whoever sits at this computer is its clerk and admin).
    allowed_hosts: the names this server answers to besides the loopback ones.
    login_delay: seconds added to each answer after a few failed logins, growing with them.
    behind_https: the session cookie is sent over HTTPS only (behind the office's proxy).
    max_upload_mb: the largest file accepted; a request stops being read past a few of them."""
    gc.set_threshold(*SERVER_GC)
    app = FastAPI(title="docgen", docs_url=None, redoc_url=None, openapi_url=None)
    library = where if isinstance(where, Library) else Library(where, engine=engine)
    if not isinstance(where, Library):
        app.router.on_shutdown.append(library.close)
    app.state.library = library
    app.state.location = library.location
    app.state.require_login = require_login
    app.state.no_login = no_login
    app.state.login_delay = login_delay
    app.state.max_upload = max_upload_mb * MB

    def login_needed() -> bool:
        if require_login:
            return True
        if no_login:
            return False
        with library.accounts() as store:
            return store.any()

    @app.middleware("http")
    async def login_required(request: Request, call_next):
        request.state.account = None
        request.state.login_needed = needed = login_needed()
        if not needed or request.url.path.startswith(OPEN_PATHS):
            return await call_next(request)
        session_id = request.session.get("sid")
        with library.accounts() as store:
            account = store.session_account(session_id, SESSION_IDLE, SESSION_LIFETIME) if session_id else None
        if account is None:
            request.session.clear()
            wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/login" + (f"?next={quote(wanted)}" if wanted != "/" else ""), status_code=303)
        request.state.account = account
        if not account.may(role_needed(request.method, request.url.path)):
            return error_page(request, 403, f"Tài khoản {account.name} ({ROLE_NAMES[account.role]}) không có quyền này")
        return await call_next(request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return error_page(request, exc.status_code, exc.detail if exc.status_code != 404 or exc.detail != "Not Found"
                          else "Không có trang này")

    @app.exception_handler(DocgenError)
    async def library_error(request: Request, exc: DocgenError):
        """An error of the library the user can act on: its Vietnamese title, then its line."""
        return error_page(request, 503 if isinstance(exc, DatabaseError) else 422, f"{exc.title}: {exc}")

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        return error_page(request, 422, "Địa chỉ hoặc dữ liệu gửi lên không đúng")

    # added after the check above, so that it runs before it and the session is there to read
    app.add_middleware(SessionMiddleware, secret_key=secret_key or session_secret(app.state.location),
                       same_site="strict", https_only=behind_https, max_age=SESSION_LIFETIME,
                       session_cookie="docgen_session")

    @app.middleware("http")
    async def guard(request: Request, call_next):
        """Added last, so it runs first: nothing else sees a request for a foreign host or a
        cross-site write."""
        if not host_allowed(request.headers.get("host", ""), allowed_hosts):
            response = plain_error(400, "Máy chủ không phục vụ tên miền này.")
        elif request.method in UNSAFE_METHODS and not same_origin(request):
            response = plain_error(403, "Yêu cầu gửi từ một trang web khác bị từ chối.")
        else:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.add_middleware(BodyLimit)  # outermost: the body is counted as it arrives, before anything reads it

    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    for module in (login, reading, records, handling, upload, draft, reports, registers, accounts):
        app.include_router(module.router)
    return app


class BodyLimit:
    """Stops reading a request's body past its limit (security.body_limit): a declared length
    over it is answered 413 at once; a body sent without one is counted as it arrives, and
    the reader gets a 413 when it passes the limit."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = body_limit(scope["path"], scope["app"].state.max_upload)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            response = plain_error(413, f"Gửi quá nhiều: tối đa {limit // MB or 1} MB một lần.")
            return await response(scope, receive, send)
        seen, exceeded = 0, False

        async def counted():
            nonlocal seen, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:  # the reader is told the client went away, and stops
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def answer(message):
            if not exceeded:  # the app's own answer to a body cut off is replaced by ours
                await send(message)

        try:
            await self.app(scope, counted, answer)
        except Exception:
            if not exceeded:
                raise
        if exceeded:
            await plain_error(413, f"Gửi quá nhiều: tối đa {limit // MB or 1} MB một lần.")(scope, receive, send)


def error_page(request: Request, status_code: int, message: str):
    """What went wrong, as a page in Vietnamese (a browser, not a program, is asking)."""
    return page(request, "error.html", {"status_code": status_code, "message": message}, status_code=status_code)


def plain_error(status_code: int, message: str):
    """A refusal before any session or page machinery has run: a bare page, nothing of ours in it."""
    from fastapi.responses import HTMLResponse

    return HTMLResponse(f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>Lỗi {status_code}</title>'
                        f"<p>{message}</p></html>", status_code=status_code)
