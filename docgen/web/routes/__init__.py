"""The pages, one module an area: login, reading (search, documents, missing, deadlines),
upload, drafting, reports, accounts. Each is a FastAPI router; app.py puts them together."""

from fastapi import HTTPException, Request

from archive.catalog import Entry
from docgen.library import Library


def library(request: Request) -> Library:
    """The library the app serves: one for the process, opened at start (its database
    connections are per thread, or a pool)."""
    return request.app.state.library


def account_name(request: Request) -> str | None:
    """Who is acting, as the audit log names them (None without a login, on loopback)."""
    account = getattr(request.state, "account", None)
    return account.name if account else None


def document(request: Request, doc_id: int) -> Entry:
    """The archived document a page is about; a 404 page when the archive has none."""
    entry = library(request).catalog.get(doc_id)
    if entry is None:
        raise HTTPException(404, "Không có văn bản này trong kho lưu trữ")
    return entry
