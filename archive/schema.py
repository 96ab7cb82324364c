"""The schema of a shared PostgreSQL database: made by `docgen db init`, brought up to date
by `docgen db upgrade`, checked on every opening. (An archive folder's SQLite files make
and upgrade themselves when opened: one machine, nothing to set up.)"""

from __future__ import annotations

from archive import accounts, catalog, register
from archive.database import Database, DatabaseError


def init(db: Database) -> int:
    """Make every table of the catalog, the registers and the accounts; returns the version."""
    if db.version():
        raise DatabaseError(f"{db.label}: already initialised (schema version {db.version()}); "
                            "docgen db upgrade brings an older one up to date")
    return upgrade(db)


def upgrade(db: Database) -> int:
    """Bring the schema to this docgen's version (idempotent); returns the version."""
    db.ddl(register.SCHEMA)
    db.ddl(accounts.SCHEMA)
    catalog.prepare(db)
    return db.version()


def check(db: Database) -> None:
    """Refuse a database docgen cannot use as it stands, saying what to run."""
    version = db.version()
    if version == 0:
        raise DatabaseError(f"{db.label}: no docgen tables yet; run docgen db init first")
    if version < catalog.SCHEMA_VERSION:
        raise DatabaseError(f"{db.label}: schema version {version}, this docgen needs {catalog.SCHEMA_VERSION}; "
                            "run docgen db upgrade")
    if version > catalog.SCHEMA_VERSION:
        raise DatabaseError(f"{db.label}: schema version {version} is from a newer docgen than this one "
                            f"({catalog.SCHEMA_VERSION}); upgrade docgen on this machine")
