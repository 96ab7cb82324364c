"""The văn thư's registers: issue, receive, number next/cancel/resume, register."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli.base import (
    archive_option,
    by_option,
    fail,
    main,
    open_archive,
    options,
    templates_option,
)


@main.command("issue")
@click.argument("data_file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The .docx to write.")
@click.option("--pdf", is_flag=True, help="Also write the PDF beside it.")
@click.option("--secret", is_flag=True, help="A secret document: its own number series.")
@click.option("--answers", metavar="CODE/YEAR", help="The incoming document this one answers: its handling is done.")
@by_option
@templates_option
@archive_option
def issue_command(data_file: Path, output: Path | None, pdf: bool, secret: bool, answers: str | None,
                  by_whom: str | None,
                  templates_dir: Path | None, archive_dir: Path | None) -> None:
    """Give DATA's document the next number of its series, render it, archive it, register it."""
    with open_archive(archive_dir) as library:
        issued = library.issue(data_file, output, pdf, by_whom, secret, templates_dir, answers=answers)
        click.echo(f"issued {issued.row.code} ({issued.row.series}, {issued.row.year}): wrote {issued.docx}"
                   + (f" and {issued.pdf}" if issued.pdf else "") + (f"; {answers} is answered" if answers else ""))


@main.command("receive")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date", "arrival", type=click.DateTime(["%Y-%m-%d"]), help="Arrival date (default today).")
@by_option
@archive_option
def receive_command(paths: tuple[Path, ...], arrival, by_whom: str | None, archive_dir: Path | None) -> None:
    """Archive incoming documents and give each its số đến."""
    failed = 0
    with open_archive(archive_dir) as library:
        for path, added, row in library.receive(paths, arrival.date() if arrival else None, by_whom):
            if row is None:
                failed += 1
                click.echo(f"skipped {path}: {added.reason}", err=True)
                continue
            r = added.entry.record
            click.echo(f"số đến {row.number_text}/{row.year}  {r.code or '–':<18}  {path.name}"
                       + ("  (already received)" if added.status == "already there" else ""))
    sys.exit(1 if failed else 0)


# which series a number is of: the issuer's, for its type (and secrecy), in a year
series_options = options(
    click.option("--issuer", required=True, help="The issuing body, as in the document."),
    click.option("--type", "type_name", default="Công văn", show_default=True),
    click.option("--secret", is_flag=True, help="A secret document: its own number series."),
    click.option("--year", type=int, help="Default: this year."),
)


@main.group("number")
def number_group() -> None:
    """Numbers for outgoing documents signed on paper."""


@number_group.command("next")
@series_options
@click.option("--json", "as_json", is_flag=True)
@by_option
@archive_option
def number_next(issuer: str, type_name: str, secret: bool, year: int | None, as_json: bool, by_whom: str | None,
                archive_dir: Path | None) -> None:
    """Allocate the next number of the series and print it."""
    import json

    with open_archive(archive_dir) as library:
        series, row = library.next_number(issuer, type_name, secret, year, by_whom)
        if as_json:
            click.echo(json.dumps({"number": row.number, "number_text": row.number_text, "series": series,
                                   "year": row.year, "status": row.status, "by": row.by_whom, "at": row.at},
                                  ensure_ascii=False, indent=1))
            return
        click.echo(f"{row.number_text}  ({series}, {row.year})")


@number_group.command("cancel")
@click.argument("number", type=int)
@series_options
@click.option("--reason", help="Why the document was withdrawn.")
@by_option
@archive_option
def number_cancel(number: int, issuer: str, type_name: str, secret: bool, year: int | None, reason: str | None,
                  by_whom: str | None, archive_dir: Path | None) -> None:
    """Mark an allocated number as cancelled (its document was withdrawn before issue)."""
    with open_archive(archive_dir) as library:
        series, row = library.cancel_number(number, issuer, type_name, secret, year, by_whom, reason)
        click.echo(f"cancelled {row.number_text} of {row.year} in '{series}' ({row.cancelled_by}, {row.cancelled_at})")


@number_group.command("resume")
@click.argument("number", type=int)
@series_options
@click.option("--data", "data_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The document's data, when it was not archived before the stop.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The .docx to write.")
@by_option
@templates_option
@archive_option
def number_resume(number: int, issuer: str, type_name: str, secret: bool, year: int | None, data_file: Path | None,
                  output: Path | None, by_whom: str | None, templates_dir: Path | None,
                  archive_dir: Path | None) -> None:
    """Finish an allocated number whose issue stopped midway: link the document archived with
    it, or render, archive and register its data with that number."""
    with open_archive(archive_dir) as library:
        click.echo(library.resume_number(number, issuer, type_name, secret, year, data_file, output=output,
                                         by_whom=by_whom, templates_dir=templates_dir))


@main.command("register")
@click.argument("direction", type=click.Choice(["outgoing", "incoming"]))
@click.option("--year", type=int, required=True)
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Every row with all its fields.")
@archive_option
def register_command(direction: str, year: int, xlsx_path, docx_path, pdf_path, as_json: bool,
                     archive_dir: Path | None) -> None:
    """Print the register of outgoing or incoming documents (Phụ lục IV columns)."""
    import dataclasses
    import json

    from archive import register_export as export

    with open_archive(archive_dir) as library:
        if as_json:
            click.echo(json.dumps([{**dataclasses.asdict(r), "number_text": r.number_text}
                                   for r in library.register_rows(direction, year)], ensure_ascii=False, indent=1))
            return
        if xlsx_path or docx_path or pdf_path:
            rows = len(library.register_rows(direction, year))
            try:
                for written in library.export_register(direction, year, xlsx_path, docx_path, pdf_path):
                    click.echo(f"wrote {written} ({rows} rows)")
            except OSError as exc:
                fail(f"{exc.filename or xlsx_path or docx_path or pdf_path}: cannot write ({exc.strerror or exc})")
            return
        click.echo("\t".join(export.headers(direction)))
        for row in library.register_rows(direction, year):
            click.echo("\t".join(str(c) for c in export.cells(direction, row)))
