"""The web interface for clerks: search, read, follow references, see what is missing
and what is due, upload, draft, make reports, manage accounts. A thin layer: every
answer comes from the library the CLI uses (search.service, archive.crossref, the
catalog, docgen.drafting.render, docgen.drafting.reports); nothing is decided here.

app.py puts it together; routes/ has one module a page area; html.py and security.py
hold what the pages share; templates/ and static/ are the pages themselves.
"""

from docgen.web.app import create_app

__all__ = ["create_app"]
