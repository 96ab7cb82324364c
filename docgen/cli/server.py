"""Serving and sharing: serve, the shared database (db init/upgrade/import), accounts."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli.base import (
    _progress,
    archive_option,
    archive_option_only,
    database_option,
    engine_option,
    fail,
    main,
    open_archive,
)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A name clerks type to reach this server (repeatable); loopback names always work.")
@click.option("--no-login", is_flag=True, help="On 127.0.0.1 only: no login even when accounts exist.")
@click.option("--https", "behind_https", is_flag=True, help="Served behind an HTTPS proxy: cookies only over HTTPS.")
@click.option("--login-delay", type=float, default=1.0, show_default=True, metavar="SECONDS",
              help="Added to the answer for each failed login after the third (at most five times).")
@click.option("--max-upload-mb", type=click.IntRange(1, 1024), default=50, show_default=True,
              help="The largest file accepted; an upload stops being read past four of them.")
@engine_option
@archive_option
def serve(host: str, port: int, allowed_hosts: tuple[str, ...], no_login: bool, behind_https: bool,
          login_delay: float, max_upload_mb: int, engine: str | None, archive_dir: Path | None) -> None:
    """The web interface for clerks (search, documents, missing, deadlines)."""
    try:
        import uvicorn

        from docgen.web import create_app
        from docgen.web.security import LOOPBACK
    except ImportError:
        fail("the web interface needs its packages: pip install 'docgen[web]'")
    require_login = host not in LOOPBACK
    if no_login and require_login:
        fail(f"--no-login: only on 127.0.0.1; beyond it every page needs a login (--host {host})")
    library = open_archive(archive_dir, engine)
    with library.accounts() as store:
        has_admin, has_accounts = store.has_admin(), store.any()
    location = library.location
    if require_login and not has_admin:
        fail(f"--host {host}: beyond 127.0.0.1 every page needs a login; create an account first: "
             "docgen account add NAME --role admin")
    names = tuple(allowed_hosts) + ((host,) if host not in ("0.0.0.0", "::") else ())
    login = require_login or (has_accounts and not no_login)
    click.echo(f"docgen: http://{host}:{port}/ (archive {location}"
               + (f", records in {library.records_label}" if library.archive.shared else "") + ")"
               + (", login required" if login else ""))
    try:
        uvicorn.run(create_app(library, require_login=require_login, allowed_hosts=names, no_login=no_login,
                               behind_https=behind_https, login_delay=login_delay, max_upload_mb=max_upload_mb),
                    host=host, port=port, log_level="warning")
    finally:
        library.close()


@main.group("db")
def db_group() -> None:
    """The shared PostgreSQL database (several clerks and app nodes): make it, upgrade it,
    move an archive folder into it."""


def _database_url() -> str:
    url = click.get_current_context().meta.get("docgen.database")
    if not url:
        fail("give the database: --database postgresql://user@host/db (or DOCGEN_DATABASE)")
    return url


@db_group.command("init")
@database_option
def db_init() -> None:
    """Make docgen's tables in an empty database."""
    from archive.database import where
    from docgen.library import init_database

    url = _database_url()
    version = init_database(url)
    click.echo(f"initialised the {where(url)} (schema version {version})")


@db_group.command("upgrade")
@database_option
@archive_option_only
def db_upgrade(archive_dir: Path | None) -> None:
    """Bring the tables to this docgen's version (safe to run again): the --database, or else
    the archive folder's catalog.sqlite."""
    from docgen.library import upgrade_database

    which, before, after = upgrade_database(click.get_current_context().meta.get("docgen.database"), archive_dir)
    click.echo(f"{which}: schema version {before} → {after}" if before != after
               else f"{which}: schema version {after}, up to date")


@db_group.command("import")
@click.argument("source", type=click.Path(file_okay=False, exists=True, path_type=Path))
@archive_option
def db_import(source: Path, archive_dir: Path | None) -> None:
    """Copy the archive folder SOURCE (SQLite) into the database: documents with their originals
    (into --objects), registers, accounts; each document read back and compared. Run again to
    finish an import that stopped."""
    _database_url()
    with open_archive(archive_dir) as library:
        report = library.import_archive(source, each=lambda docs: _progress(docs, "importing"))
        for problem in report.problems:
            click.echo(f"skipped {problem}", err=True)
        click.echo(f"imported {report.documents} documents ({report.already} already there), "
                   f"{report.register_rows} register rows, {report.accounts} accounts into {library.records_label}; "
                   f"{len(report.problems)} problems")
    sys.exit(1 if report.problems else 0)


@main.group("account")
def account_group() -> None:
    """Accounts of the web interface: reader, clerk (upload, draft), admin."""


@account_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reader", "officer", "clerk", "leader", "admin"]), required=True,
              help="reader; officer (reports on what is assigned); clerk (registers, uploads, drafts); leader "
                   "(assigns incoming documents); admin (accounts).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@archive_option
def account_add(name: str, role: str, password_stdin: bool, archive_dir: Path | None) -> None:
    """Create an account; the password is asked for (or read with --password-stdin)."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else click.prompt(
        "Mật khẩu", hide_input=True, confirmation_prompt=True)
    with open_archive(archive_dir) as library, library.accounts() as store:
        store.add(name, password, role)
    click.echo(f"account {name} ({role}) created")


@account_group.command("list")
@archive_option
def account_list(archive_dir: Path | None) -> None:
    with open_archive(archive_dir) as library, library.accounts() as store:
        for account in store.list():
            click.echo(f"{account.name:<20} {account.role}")


@account_group.command("remove")
@click.argument("name")
@archive_option
def account_remove(name: str, archive_dir: Path | None) -> None:
    with open_archive(archive_dir) as library, library.accounts() as store:
        store.remove(name)
    click.echo(f"account {name} removed")


@account_group.command("logout")
@click.argument("name")
@archive_option
def account_logout(name: str, archive_dir: Path | None) -> None:
    """End every session of an account in the web interface (a lost laptop, a shared computer)."""
    with open_archive(archive_dir) as library, library.accounts() as store:
        if store.get(name) is None:
            fail(f"no account '{name}'")
        ended = store.end_sessions(name)
    click.echo(f"account {name}: {ended} session(s) ended")
