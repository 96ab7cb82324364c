"""The pages, one module an area: login, reading (search, documents, missing, deadlines),
upload, drafting, reports, accounts. Each is a FastAPI router; app.py puts them together."""

import contextlib

from fastapi import Request

from docgen.library import Library


def library(request: Request) -> Library:
    """The library the app serves: one for the process, opened at start (its database
    connections are per thread, or a pool)."""
    return request.app.state.library


def open_archive(request: Request) -> contextlib.AbstractContextManager[Library]:
    """The library as a `with` block (it stays open: the app closes it at shutdown)."""
    return contextlib.nullcontext(library(request))
