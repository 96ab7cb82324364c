"""The app: the archive it serves, the login check, the pages (routes/)."""

from __future__ import annotations

from pathlib import Path

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from archive.archive import Archive
from docgen.web.accounts import Accounts
from docgen.web.html import page
from docgen.web.routes import accounts, draft, login, reading, reports, upload
from docgen.web.security import role_needed, session_secret

OPEN_PATHS = ("/login", "/logout", "/static/")


def create_app(location: Path | str | None = None, engine: str | None = None, require_login: bool = False,
               secret_key: str | None = None) -> FastAPI:
    """require_login: every page asks for an account (serving beyond 127.0.0.1). Without it
    (127.0.0.1) whoever sits at this computer is its clerk and admin."""
    app = FastAPI(title="docgen", docs_url=None, redoc_url=None, openapi_url=None)
    with Archive(location) as archive:
        app.state.location = archive.location
    app.state.engine = engine
    app.state.require_login = require_login

    @app.middleware("http")
    async def login_required(request: Request, call_next):
        request.state.account = None
        if not require_login or request.url.path.startswith(OPEN_PATHS):
            return await call_next(request)
        name = request.session.get("account")
        with Accounts(app.state.location) as store:
            account = store.get(name) if name else None
        if account is None:
            wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/login" + (f"?next={quote(wanted)}" if wanted != "/" else ""), status_code=303)
        request.state.account = account
        if not account.may(role_needed(request.method, request.url.path)):
            return error_page(request, 403, f"Tài khoản {account.name} ({account.role}) không có quyền này")
        return await call_next(request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return error_page(request, exc.status_code, exc.detail if exc.status_code != 404 or exc.detail != "Not Found"
                          else "Không có trang này")

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        return error_page(request, 422, "Địa chỉ hoặc dữ liệu gửi lên không đúng")

    # added after the check above, so that it runs before it and the session is there to read
    app.add_middleware(SessionMiddleware, secret_key=secret_key or session_secret(app.state.location),
                       same_site="strict", https_only=False)

    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    for module in (login, reading, upload, draft, reports, accounts):
        app.include_router(module.router)
    return app


def error_page(request: Request, status_code: int, message: str):
    """What went wrong, as a page in Vietnamese (a browser, not a program, is asking)."""
    return page(request, "error.html", {"status_code": status_code, "message": message}, status_code=status_code)
