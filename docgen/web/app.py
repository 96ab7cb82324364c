"""The app: the archive it serves, the login check, the pages (routes/)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from archive.archive import Archive
from docgen.web.accounts import Accounts
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
            return RedirectResponse("/login", status_code=303)
        if not account.may(role_needed(request.method, request.url.path)):
            return HTMLResponse("Tài khoản của bạn không có quyền này", status_code=403)
        request.state.account = account
        return await call_next(request)

    # added after the check above, so that it runs before it and the session is there to read
    app.add_middleware(SessionMiddleware, secret_key=secret_key or session_secret(app.state.location),
                       same_site="strict", https_only=False)

    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    for module in (login, reading, upload, draft, reports, accounts):
        app.include_router(module.router)
    return app
