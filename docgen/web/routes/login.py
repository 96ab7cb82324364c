"""Login and logout. Wrong passwords are counted per account and per address: after a few
each answer comes more slowly, after LOGIN_LOCKOUT_AFTER both are locked for the window,
and each failure is logged. A login starts a session kept on the server; logout ends it."""

from __future__ import annotations

import asyncio
import logging
import math

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from docgen.web.html import page
from docgen.web.routes import library
from docgen.web.security import (
    LOGIN_LOCKOUT_AFTER,
    LOGIN_SLOWDOWN_AFTER,
    LOGIN_WINDOW,
    check_csrf,
)

router = APIRouter()
log = logging.getLogger("docgen.web")


def local_path(next_page: str) -> str:
    """Where to go after logging in: a path on this site only (never //other.host or http://…)."""
    if next_page.startswith("/") and not next_page.startswith(("//", "/\\")):
        return next_page
    return "/"


def client_address(request: Request) -> str:
    return request.client.host if request.client else "?"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/"):
    return page(request, "login.html", {"error": None, "next": local_path(next)})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, name: str = Form(""), password: str = Form(""), csrf: str = Form(""),
                next: str = Form("/")):
    check_csrf(request, csrf)
    address = client_address(request)
    def attempt():
        with library(request).accounts() as store:
            failures = store.recent_failures(name, address, LOGIN_WINDOW)
            if failures >= LOGIN_LOCKOUT_AFTER:
                return None, failures, True
            account = store.check(name, password)
            if account is None:
                store.record_failure(name, address)
                return None, failures + 1, False
            store.clear_failures(name, address)
            request.session.clear()
            request.session["sid"] = store.start_session(account.name)
            return account, 0, False

    account, failures, locked = await run_in_threadpool(attempt)
    if locked:
        log.warning("login refused (locked after %d failures): account %r from %s", failures, name, address)
        minutes = math.ceil(LOGIN_WINDOW / 60)
        return page(request, "login.html", {"error": f"Đăng nhập bị tạm khóa vì nhập sai mật khẩu nhiều lần. "
                                                     f"Hãy thử lại sau {minutes} phút.", "next": local_path(next)},
                    status_code=429)
    if account is None:
        log.warning("login failed: account %r from %s (%d in %d min)", name, address, failures, LOGIN_WINDOW // 60)
        if failures > LOGIN_SLOWDOWN_AFTER:  # each further guess costs more time
            await asyncio.sleep(request.app.state.login_delay * min(failures - LOGIN_SLOWDOWN_AFTER, 5))
        return page(request, "login.html", {"error": "Sai tên đăng nhập hoặc mật khẩu", "next": local_path(next)},
                    status_code=401)
    return RedirectResponse(local_path(next), status_code=303)


@router.get("/logout")
def logout(request: Request):
    if session_id := request.session.get("sid"):
        with library(request).accounts() as store:
            store.end_session(session_id)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
