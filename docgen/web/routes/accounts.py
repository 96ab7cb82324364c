"""Managing accounts in the browser (admins only; `docgen account` does the same)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from archive.accounts import ROLES, AccountError, Accounts
from docgen.web.html import ROLE_NAMES, page
from docgen.web.routes import library
from docgen.web.security import check_csrf

router = APIRouter()


def _accounts_page(request: Request, store: Accounts, message: str | None = None, error: str | None = None,
                   status_code: int = 200) -> HTMLResponse:
    return page(request, "accounts.html", {"accounts": store.list(), "roles": ROLES, "message": message,
                                           "error": error}, status_code=status_code)


@router.get("/accounts", response_class=HTMLResponse)
def accounts_page(request: Request):
    with library(request).accounts() as store:
        return _accounts_page(request, store)


@router.post("/accounts/add", response_class=HTMLResponse)
def add_account(request: Request, name: str = Form(""), role: str = Form(""), password: str = Form(""),
                csrf: str = Form("")):
    check_csrf(request, csrf)
    with library(request).accounts() as store:
        try:
            store.add(name.strip(), password, role)
        except AccountError as exc:
            return _accounts_page(request, store, error=str(exc), status_code=422)
        return _accounts_page(request, store, message=f"Đã tạo tài khoản {name.strip()} ({ROLE_NAMES[role]})")


@router.post("/accounts/remove", response_class=HTMLResponse)
def remove_account(request: Request, name: str = Form(""), csrf: str = Form("")):
    check_csrf(request, csrf)
    with library(request).accounts() as store:
        current = getattr(request.state, "account", None)
        if current is not None and current.name == name:
            return _accounts_page(request, store, error="Không thể xóa tài khoản đang đăng nhập", status_code=422)
        try:
            store.remove(name)
        except AccountError as exc:
            return _accounts_page(request, store, error=str(exc), status_code=422)
        return _accounts_page(request, store, message=f"Đã xóa tài khoản {name}")
