"""What every `docgen` command shares: the group and its error handling (one line and an
exit code, never a traceback), the options that say where the archive is, and opening the
library on them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

USAGE_ERROR = 2


IO_ERROR = 3  # the machine refused: a full disk, a read-only folder, a damaged database


def fail(message: str, code: int = USAGE_ERROR) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


templates_option = click.option(
    "--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path),
    envvar="DOCGEN_TEMPLATES", help="A folder of templates to use instead of docgen's own.",
)


class Guarded(click.Group):
    """Errors of the machine that a user meets (a full disk, a read-only folder, a database
    another program damaged) end in one line and an exit code, never a traceback."""

    def invoke(self, ctx):
        import errno
        import sqlite3

        from docgen.base.errors import DocgenError

        try:
            return super().invoke(ctx)
        except DocgenError as exc:
            fail(str(exc), exc.exit_code)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                fail(f"no space left on the disk, writing {exc.filename or 'the archive'}: nothing more was written; "
                     "what was done before is kept. Make room and run the command again", IO_ERROR)
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                fail(f"{exc.filename or 'the archive'}: {exc.strerror.lower()}; nothing was written", IO_ERROR)
            raise
        except sqlite3.OperationalError as exc:
            if "full" in str(exc):
                fail("no space left on the disk, writing the catalog: the last change was rolled back; "
                     "make room and run the command again", IO_ERROR)
            if "readonly" in str(exc) or "read-only" in str(exc):
                fail(f"the catalog cannot be written ({exc}); nothing was changed", IO_ERROR)
            raise
        except sqlite3.DatabaseError as exc:
            fail(f"the catalog is damaged ({exc}): run docgen archive verify, or restore a backup", IO_ERROR)


@click.group(cls=Guarded)
@click.version_option(package_name="docgen")
def main() -> None:
    """Vietnamese administrative documents under Nghị định 30/2020/NĐ-CP."""


def _remember(ctx: click.Context, param: click.Parameter, value):
    if value is not None:
        ctx.meta[f"docgen.{param.name}"] = value
    return value


archive_option_only = click.option(
    "--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path), envvar="DOCGEN_ARCHIVE",
    help="This node's archive folder: its index and settings, and without --database everything "
         "(default: the user's data folder).",
)
database_option = click.option(
    "--database", envvar="DOCGEN_DATABASE", expose_value=False, callback=_remember, metavar="URL",
    help="A PostgreSQL database shared by several nodes (postgresql://user@host/db) for the catalog, "
         "registers and accounts.")
objects_option = click.option(
    "--objects", type=click.Path(file_okay=False, path_type=Path), envvar="DOCGEN_OBJECTS", expose_value=False,
    callback=_remember, help="The originals' folder the nodes share (default: objects/ in the archive folder).")


def options(*decorators):
    """Several options (and arguments) as one decorator, in the order --help lists them."""
    def apply(command):
        for decorator in reversed(decorators):
            command = decorator(command)
        return command
    return apply


# where a command finds the archive
archive_option = options(archive_option_only, database_option, objects_option)

# the one document a command is about: its số/ký hiệu (and year), or its id
document_option = options(
    click.argument("code", required=False),
    click.option("--year", type=int, help="The year of the document (numbers restart every year)."),
    click.option("--id", "doc_id", type=int, help="The document's id (as show --json and the web give it)."),
)


def days_within(text: str | None) -> int | None:
    """--due-within: "30d", "2w", "3m" as days (None when not given); a usage error otherwise."""
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d+)\s*([dwm]?)\s*", text.lower())
    if not m:
        fail(f"--due-within '{text}': write a number of days, weeks or months: 30d, 2w, 3m")
    return int(m.group(1)) * {"": 1, "d": 1, "w": 7, "m": 30}[m.group(2)]


def open_archive(archive_dir: Path | None, engine: str | None = None):
    """The library on the archive the options name (a DocgenError becomes one line)."""
    from docgen.library import Library

    meta = click.get_current_context().meta
    from docgen.issuing import clerk

    try:
        return Library(archive_dir, meta.get("docgen.database"), meta.get("docgen.objects"), engine, user=clerk())
    except OSError as exc:
        fail(f"{archive_dir}: cannot open the archive ({exc.strerror or exc})")


engine_option = click.option("--engine", type=click.Choice(["tantivy", "whoosh"]), envvar="DOCGEN_ENGINE",
                             help="Search engine (default tantivy; whoosh is pure Python).")


def _entry_line(entry) -> str:
    r = entry.record
    date = r.date.isoformat() if r.date else "–"
    subject = (r.subject or "")[:70] + ("…" if r.subject and len(r.subject) > 70 else "")
    return f"{date:<10}  {r.code or '–':<18}  {r.type or '–':<12}  {subject}"


by_option = click.option("--by", "by_whom", help="Who does it (default: the login name).")


def _progress(items, label, shown=None):
    with click.progressbar(items, label=label, file=sys.stderr, hidden=not sys.stderr.isatty(),
                           item_show_func=shown) as bar:
        yield from bar
