"""The national exchange: edxml import and export (QCVN 102:2016/BTTTT packages)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli.base import archive_option, document_option, main, open_archive


@main.group("edxml")
def edxml_group() -> None:
    """edXML packages of the national document exchange."""


@edxml_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@archive_option
def edxml_import(files: tuple[Path, ...], archive_dir: Path | None) -> None:
    """Archive documents received as edXML: their header is the record (nothing guessed), the
    attachment the original; status messages go into the log. Bad packages are reported and
    skipped; exit 1 if any."""
    with open_archive(archive_dir) as library:
        results = library.import_edxml(files)
    for result in results:
        if result.status == "failed":
            click.echo(f"skipped {result.path}: {result.reason}", err=True)
            continue
        about = result.entry.record.code if result.entry else ""
        click.echo(f"{result.path}: {result.status} {about}".rstrip() + (f" ({result.reason})" if result.reason else ""))
        for problem in result.problems:
            click.echo(f"    {problem}")
    sys.exit(1 if any(r.status == "failed" for r in results) else 0)


@edxml_group.command("export")
@document_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--organ-id", help="This office's mã định danh (else organ_id in ARCHIVE/edxml.yaml).")
@click.option("--organ-name", help="This office's name (else organ_name in ARCHIVE/edxml.yaml).")
@click.option("--to-organ-id", help="The receiving office's mã định danh.")
@click.option("--to-organ-name", help="The receiving office's name.")
@archive_option
def edxml_export(code, year, doc_id, output, organ_id, organ_name, to_organ_id, to_organ_name, archive_dir) -> None:
    """Write an archived document as an edXML package, its original attached."""
    with open_archive(archive_dir) as library:
        entry = library.find(code, year, doc_id)
        sender = library.sender(organ_id=organ_id, organ_name=organ_name)
        to = {"OrganId": to_organ_id, "OrganName": to_organ_name} if to_organ_id else None
        written = library.export_edxml(entry, output, sender, to)
    click.echo(f"wrote {written} ({entry.record.code or entry.file_name})")
