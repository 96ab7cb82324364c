"""Login and logout (only asked for when serving beyond 127.0.0.1)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from docgen.web.accounts import Accounts
from docgen.web.html import page
from docgen.web.security import check_csrf

router = APIRouter()


def local_path(next_page: str) -> str:
    """Where to go after logging in: a path on this site only (never //other.host or http://…)."""
    if next_page.startswith("/") and not next_page.startswith(("//", "/\\")):
        return next_page
    return "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/"):
    return page(request, "login.html", {"error": None, "next": local_path(next)})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, name: str = Form(""), password: str = Form(""), csrf: str = Form(""),
          next: str = Form("/")):
    check_csrf(request, csrf)
    with Accounts(request.app.state.location) as store:
        account = store.check(name, password)
    if account is None:
        return page(request, "login.html", {"error": "Sai tên đăng nhập hoặc mật khẩu", "next": local_path(next)},
                    status_code=401)
    request.session["account"] = account.name
    return RedirectResponse(local_path(next), status_code=303)


@router.get("/logout")
def logout(request: Request):
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
