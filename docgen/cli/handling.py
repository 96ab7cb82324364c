"""Văn bản đến from receipt to done: inbox, assign, progress, handling report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from docgen.cli.base import archive_option, days_within, document_option, fail, main, open_archive


def _day(text: str | None) -> dt.date | None:
    from docgen.base.vntext import typed_date

    if not text:
        return None
    try:
        return typed_date(text)
    except ValueError:
        fail(f"'{text}': not a date (write 31/12/2026)")


def _line(brief, h, today: dt.date) -> str:
    due = h.due.strftime("%d/%m/%Y") if h.due else "–"
    flag = "  QUÁ HẠN" if h.overdue(today) else ""
    support = f" (+ {', '.join(h.support)})" if h.support else ""
    return (f"{due:<10}  {h.status} {h.status_name:<11}  {brief.record.code or brief.file_name:<18}  "
            f"{h.lead or '–'}{support}{flag}")


@main.command("inbox")
@click.option("--user", help="Only what this person leads or supports.")
@click.option("--unit", help="Only this unit's.")
@click.option("--due-within", help="Due from today within 7d, 2w, 1m.")
@click.option("--overdue", is_flag=True, help="Only what is past its due date.")
@click.option("--all", "everything", is_flag=True, help="Done and refused ones too.")
@click.option("--json", "as_json", is_flag=True)
@archive_option
def inbox(user, unit, due_within, overdue, everything, as_json, archive_dir) -> None:
    """Incoming documents being handled: whose, by when, overdue first in red on the web."""
    days = days_within(due_within)
    today = dt.date.today()
    with open_archive(archive_dir) as library:
        rows = library.inbox(user, unit, days, overdue, not everything, today)
    if as_json:
        click.echo(json.dumps([{"code": b.record.code, "file": b.file_name, **h.to_dict(),
                                "overdue": h.overdue(today)} for b, h in rows], ensure_ascii=False, indent=1))
        return
    for brief, h in rows:
        click.echo(_line(brief, h, today))
    click.echo(f"{len(rows)} documents" + (f", {sum(h.overdue(today) for _, h in rows)} overdue" if rows else ""))


@main.command("assign")
@document_option
@click.option("--to", "lead", required=True, help="The lead (chủ trì): an account name.")
@click.option("--support", multiple=True, help="A supporting person (phối hợp); repeatable.")
@click.option("--due", help="DD/MM/YYYY (default: the document's own deadline, else handling.yaml's working days).")
@click.option("--unit", help="The unit that handles it (for the report).")
@click.option("--note", help="Ý kiến chỉ đạo: the leader's instructions.")
@archive_option
def assign(code, year, doc_id, lead, support, due, unit, note, archive_dir) -> None:
    """A leader hands an incoming document to a lead, with a due date; again: reassigned."""
    with open_archive(archive_dir) as library:
        entry = library.find(code, year, doc_id)
        h = library.assign(entry, lead, _day(due), list(support), note, unit)
    click.echo(f"{entry.record.code or entry.file_name}: assigned to {h.lead}"
               + (f" (+ {', '.join(h.support)})" if h.support else "") + f", due {h.due.strftime('%d/%m/%Y')}")


@main.command("progress")
@document_option
@click.option("--status", required=True, type=click.Choice(["accepted", "processing", "done", "refused"]))
@click.option("--note", help="What was done, or why refused (needed for refused, and for done without an answer).")
@click.option("--as-leader", is_flag=True, help="A leader acting for the lead.")
@archive_option
def progress(code, year, doc_id, status, note, as_leader, archive_dir) -> None:
    """The lead or a supporting person reports a step of the handling."""
    with open_archive(archive_dir) as library:
        entry = library.find(code, year, doc_id)
        h = library.progress(entry, status, note, leader=as_leader)
    click.echo(f"{entry.record.code or entry.file_name}: {h.status} {h.status_name}")


@main.command("handling-report")
@click.option("--from", "start", required=True, help="Received from DD/MM/YYYY.")
@click.option("--to", "end", required=True, help="Received until DD/MM/YYYY.")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@archive_option
def handling_report(start, end, xlsx_path, pdf_path, as_json, archive_dir) -> None:
    """Handling of the documents received in a period, by unit: received, done on time, done
    late, overdue, open; printed, or written as .xlsx and/or PDF."""
    from archive import handling_export as export

    first, last = _day(start), _day(end)
    with open_archive(archive_dir) as library:
        if xlsx_path or pdf_path:
            for written in library.export_handling_report(first, last, xlsx_path, pdf_path):
                click.echo(f"wrote {written}")
            return
        rows = library.handling_report(first, last)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    click.echo("\t".join(export.HEADERS))
    for row in rows:
        click.echo("\t".join(str(row[k]) for k in export.KEYS))
