"""What keeps the web interface safe to put on an office network: CSRF tokens (double
submit), file names that never become paths, the session key, who may do what."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from fastapi import HTTPException, Request

LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_UPLOAD = 50 * 1024 * 1024  # bytes a file
CSRF_COOKIE = "docgen_csrf"


def csrf_token(request: Request) -> str:
    """The token of this browser: a cookie, and a hidden field in each form."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)


def check_csrf(request: Request, token: str) -> None:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not token or not secrets.compare_digest(cookie, token):
        raise HTTPException(403, "Phiên làm việc không hợp lệ: hãy tải lại trang và gửi lại")


def safe_file_name(name: str) -> str:
    """The uploaded name as a plain file name: never a path, nothing but letters, digits, . - _"""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\-]+", "_", base).strip("._") or "tep"
    return base[:120]


def session_secret(location: Path) -> str:
    """The key that signs session cookies, kept (mode 600) in the archive folder so that
    logins survive a restart."""
    path = Path(location) / "web-secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def role_needed(method: str, path: str) -> str:
    """Reading needs a reader; changing anything, uploading, drafting and reports a clerk;
    accounts an admin."""
    if path.startswith("/accounts"):
        return "admin"
    if method == "POST" or path.startswith(("/upload", "/draft", "/reports")):
        return "clerk"
    return "reader"
