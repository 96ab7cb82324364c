"""The pages, one module an area: login, reading (search, documents, missing, deadlines),
upload, drafting, reports, accounts. Each is a FastAPI router; app.py puts them together."""

from fastapi import Request

from archive.archive import Archive


def open_archive(request: Request) -> Archive:
    """The archive the app serves (a new connection per request: SQLite connections are per thread)."""
    return Archive(request.app.state.location)


def search_engine(request: Request) -> str | None:
    return request.app.state.engine
