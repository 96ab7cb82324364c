"""Putting records right and keeping account of it: edit, archive reparse, review, delete,
trash, log. In the CLI whoever may write the archive folder (or the database) acts as its
admin; the web app asks for roles."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from docgen.cli.archive import archive_group
from docgen.cli.base import (
    _entry_line,
    _progress,
    archive_option,
    document_option,
    fail,
    main,
    open_archive,
)


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    sets = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep:
            fail(f"--set {value}: write FIELD=VALUE (e.g. --set date=26/04/2023)")
        sets[name.strip()] = text
    return sets


def _where(entry) -> str:
    r = entry.record
    return f"{r.code or entry.file_name}" + (f" ({r.date.year})" if r.date else "") + f" [id {entry.id}]"


@main.command("edit")
@document_option
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE",
              help="type, code, issuer, parent_issuer, place, date, subject, signer.authority, signer.title, "
                   "signer.name, recipients (separated by ;). Repeatable.")
@click.option("--add-reference", multiple=True, metavar="CODE[/YEAR]", help="A document it cites (CODE/YEAR, or "
                                                                            "'CODE DD/MM/YYYY').")
@click.option("--remove-reference", multiple=True, metavar="CODE", help="A reference the parser got wrong.")
@click.option("--add-deadline", multiple=True, metavar="DATE", help="A deadline (DD/MM/YYYY), with --task.")
@click.option("--task", help="What is due by --add-deadline.")
@click.option("--responsible", help="Who is responsible for --add-deadline.")
@click.option("--remove-deadline", multiple=True, metavar="DATE", help="A deadline the parser got wrong.")
@click.option("--json", "as_json", is_flag=True, help="Print the corrected record.")
@archive_option
def edit(code, year, doc_id, sets, add_reference, remove_reference, add_deadline, task, responsible, remove_deadline,
         as_json, archive_dir) -> None:
    """Correct what the parser read wrong: the corrected record is the record from then on
    (search, show, refs, missing, deadlines), kept through reindex and reparse, and logged."""
    from archive.corrections import shown, value_of

    with open_archive(archive_dir) as library:
        entry = library.find(code, year, doc_id)
        before = entry.record
        record = library.edit(entry, _pairs(sets), add_reference, remove_reference,
                              [(day, task, responsible) for day in add_deadline], remove_deadline)
        if as_json:
            click.echo(json.dumps(record.to_dict(), ensure_ascii=False, indent=1))
            return
        for c in library.corrections_of(entry.id):
            old, new = value_of(before, c.field), value_of(record, c.field)
            if old != new:
                click.echo(f"{c.field}: {shown(old)} → {shown(new)}")
        click.echo(f"corrected {_where(library.get(entry.id))}")


@archive_group.command("reparse")
@click.option("--json", "as_json", is_flag=True)
@archive_option
def reparse(as_json: bool, archive_dir: Path | None) -> None:
    """Read every original again with this docgen's parser; corrections people made are kept,
    and each field where the new parse now reads otherwise is reported."""
    with open_archive(archive_dir) as library:
        done = library.reparse(each=lambda entries: _progress(entries, "reparsing"))
    if as_json:
        click.echo(json.dumps([{"id": e.id, "code": e.record.code, "disagreements": d, "failed": f}
                               for e, d, f in done], ensure_ascii=False, indent=1))
    else:
        for entry, disagreements, failed in done:
            if failed:
                click.echo(f"skipped {_where(entry)}: {failed}", err=True)
            for line in disagreements:
                click.echo(f"{_where(entry)}: {line}")
        click.echo(f"reparsed {sum(1 for *_, f in done if not f)} documents; "
                   f"{sum(len(d) for _, d, _ in done)} corrections the parser now reads otherwise")
    sys.exit(1 if any(f for *_, f in done) else 0)


@main.group("review", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True)
@archive_option
@click.pass_context
def review(ctx: click.Context, as_json: bool, archive_dir: Path | None) -> None:
    """Documents with parser warnings nobody has reviewed, by issuer, oldest first."""
    if ctx.invoked_subcommand:
        return
    with open_archive(archive_dir) as library:
        entries = library.to_review()
    if as_json:
        click.echo(json.dumps([{"id": e.id, **e.record.to_dict()} for e in entries], ensure_ascii=False, indent=1))
        return
    for entry in entries:
        click.echo(f"{_entry_line(entry)}  [id {entry.id}]")
        for warning in entry.record.warnings:
            click.echo(f"            {warning}")
    click.echo(f"{len(entries)} documents to review")


@review.command("done")
@document_option
@archive_option
def review_done(code, year, doc_id, archive_dir) -> None:
    """Mark a document reviewed: its warnings were looked at (and corrected with edit)."""
    with open_archive(archive_dir) as library:
        entry = library.find(code, year, doc_id)
        library.reviewed(entry)
    click.echo(f"reviewed {_where(entry)}")


@main.command("delete")
@document_option
@archive_option
def delete(code, year, doc_id, archive_dir) -> None:
    """Move a document to the trash: gone from search, lists and cited-by, its original kept
    (docgen trash restore ID brings it back)."""
    with open_archive(archive_dir) as library:
        entry = library.delete(library.find(code, year, doc_id))
    click.echo(f"moved {_where(entry)} to the trash")


@main.group("trash")
def trash_group() -> None:
    """Deleted documents: list, restore, empty."""


@trash_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@archive_option
def trash_list(as_json: bool, archive_dir: Path | None) -> None:
    with open_archive(archive_dir) as library:
        items = library.trash()
    if as_json:
        click.echo(json.dumps([{"id": e.id, "deleted_by": by, "deleted_at": at, **e.record.to_dict()}
                               for e, by, at in items], ensure_ascii=False, indent=1))
        return
    for entry, by, at in items:
        click.echo(f"{entry.id:>6}  {_entry_line(entry)}  (deleted by {by or '?'}, {at[:16]})")
    click.echo(f"{len(items)} documents in the trash")


@trash_group.command("restore")
@click.argument("doc_id", type=int)
@archive_option
def trash_restore(doc_id: int, archive_dir: Path | None) -> None:
    with open_archive(archive_dir) as library:
        entry = library.restore(doc_id)
    click.echo(f"restored {_where(entry)}")


@trash_group.command("empty")
@click.option("--yes", is_flag=True, help="Do not ask.")
@archive_option
def trash_empty(yes: bool, archive_dir: Path | None) -> None:
    """Remove what is in the trash for good, with the originals no other record holds."""
    with open_archive(archive_dir) as library:
        count = len(library.trash())
        if count and not yes:
            click.confirm(f"remove {count} documents for good?", abort=True)
        gone = library.empty_trash()
    click.echo(f"removed {gone} documents for good")


@main.command("log")
@click.option("--document", "code", metavar="CODE", help="Only entries about this document.")
@click.option("--year", type=int, help="With --document: its year.")
@click.option("--user", help="Only what this person did.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="On or after YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--csv", "as_csv", is_flag=True)
@archive_option
def log_command(code, year, user, since, as_json, as_csv, archive_dir) -> None:
    """Who did what and when (append-only), newest first."""
    with open_archive(archive_dir) as library:
        entries = library.log(code, year, user, since.date() if since else None)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1))
        return
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["at", "by", "action", "doc_id", "code", "year", "detail"])
        for e in entries:
            writer.writerow([e.at, e.by_whom or "", e.action, e.doc_id or "", e.code or "", e.year or "",
                             json.dumps(e.detail, ensure_ascii=False) if e.detail else ""])
        click.echo(out.getvalue(), nl=False)
        return
    for e in entries:
        about = f"{e.code or ''}{f' ({e.year})' if e.year else ''}".strip()
        detail = ", ".join(f"{k}: {'; '.join(map(str, v)) if isinstance(v, list) else v}"
                           for k, v in e.detail.items() if v not in (None, [], ""))
        click.echo(f"{e.at[:19]}  {e.by_whom or '?':<12}  {e.action:<14}  {about:<22}  {detail}".rstrip())

