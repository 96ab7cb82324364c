"""What keeps the web interface safe to put on an office network: known host names only
(against DNS rebinding), the Origin of every request that changes something, CSRF tokens
(double submit), response headers that forbid framing and foreign scripts, file names
that never become paths, the session key and its lifetime, who may do what, and the
pace of login attempts."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

LOOPBACK = ("127.0.0.1", "localhost", "::1")
MB = 1024 * 1024
MAX_UPLOAD_MB = 50  # a file, by default (docgen serve --max-upload-mb)
FILES_A_REQUEST = 4  # an upload of several files may weigh this many times the file limit
MAX_FILES = 20  # files an upload
MAX_FORM = 1 * MB  # any other request: forms, searches
SESSION_IDLE = 30 * 60  # seconds without a request before a session ends
SESSION_LIFETIME = 12 * 3600  # a working day; then log in again
LOGIN_WINDOW = 15 * 60  # failed logins counted over this many seconds
LOGIN_SLOWDOWN_AFTER = 3  # failures before each answer is slowed down
LOGIN_LOCKOUT_AFTER = 10  # failures before the account and the address are locked for the window
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def host_name(host_header: str) -> str:
    """ "docgen.ubnd.local:8000" → "docgen.ubnd.local"; "[::1]:8000" → "::1"."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_allowed(host_header: str, allowed: tuple[str, ...]) -> bool:
    """A request for a host name the server does not answer to is refused: a page on another
    site that resolves its own name to this machine (DNS rebinding) is not this site."""
    return host_name(host_header) in LOOPBACK + tuple(h.lower() for h in allowed)


def same_origin(request: Request) -> bool:
    """A request that changes something must come from a page of this site: its Origin (or,
    without one, its Referer) names the host it was sent to. Neither: not a browser, whose
    cookies a foreign page could use, so the CSRF token alone decides."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if source is None:
        return True
    if source == "null":
        return False
    parts = urlsplit(source)
    return bool(parts.netloc) and parts.netloc.lower() == request.headers.get("host", "").lower()
CSRF_COOKIE = "docgen_csrf"


def body_limit(path: str, max_upload: int) -> int:
    """Bytes a request to this path may send; reading stops there, whatever it says it holds."""
    if path == "/upload":
        return FILES_A_REQUEST * max_upload
    if path == "/reports":
        return max_upload + MAX_FORM
    return MAX_FORM


def csrf_token(request: Request) -> str:
    """The token of this browser: a cookie, and a hidden field in each form."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)


def check_csrf(request: Request, token: str) -> None:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not token or not secrets.compare_digest(cookie, token):
        raise HTTPException(403, "Phiên làm việc không hợp lệ: hãy tải lại trang và gửi lại")


def safe_file_name(name: str, limit: int = 200) -> str:
    """The uploaded name as a plain file name: never a path (separators, "..", control
    characters go), Vietnamese letters and spaces kept, and cut to `limit` bytes of UTF-8
    with its extension kept (a file system takes 255)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in base if c.isprintable()).strip(" .") or "tep"
    stem, dot, suffix = base.rpartition(".")
    if not dot or len(suffix) > 10:
        stem, suffix = base, ""
    ending = f".{suffix}" if suffix else ""
    while len((stem + ending).encode("utf-8")) > limit:
        stem = stem[:-1]
    return (stem.rstrip(" .") or "tep") + ending


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
    if path.startswith(("/accounts", "/nhat-ky", "/thung-rac")) or (path.startswith("/doc/") and path.endswith("/xoa")):
        return "admin"
    if method == "POST" and path.startswith("/doc/") and path.endswith("/giao"):
        return "leader"
    if method == "POST" and path.startswith("/doc/") and path.endswith("/xu-ly"):
        return "officer"  # and the handling itself checks that it is theirs
    if method == "POST" or path.startswith(("/upload", "/draft", "/reports")):
        return "clerk"
    return "reader"
