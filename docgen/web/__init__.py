"""The web interface for clerks: search, read, follow references, see what is missing
and what is due. A thin layer: every answer comes from the library the CLI uses
(search.service, archive.crossref, the catalog); nothing is decided here.

This first part is read-only and serves on 127.0.0.1 only: uploads, drafting,
reports and accounts (login, roles, CSRF) come before it may listen elsewhere.
"""

from docgen.web.app import create_app

__all__ = ["create_app"]
