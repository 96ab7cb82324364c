"""The `docgen` command: a thin layer over the library.

Every error a user can cause is printed as one line naming the file and the
problem (exit code 2 for bad input, 1 for a failed check); no tracebacks.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen import data as data_mod
from docgen.template_set import TemplateError, get_template, load_templates

USAGE_ERROR = 2


def fail(message: str, code: int = USAGE_ERROR) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


templates_option = click.option(
    "--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path),
    envvar="DOCGEN_TEMPLATES", help="A folder of templates to use instead of docgen's own.",
)


@click.group()
@click.version_option(package_name="docgen")
def main() -> None:
    """Vietnamese administrative documents under Nghị định 30/2020/NĐ-CP."""


@main.command("templates")
@templates_option
def list_templates(templates_dir: Path | None) -> None:
    """List the templates: id, tên loại, abbreviation."""
    try:
        specs = load_templates(templates_dir)
    except TemplateError as exc:
        fail(str(exc))
    for spec in specs.values():
        abbr = spec.doc_type.abbr or "–"
        click.echo(f"{spec.id:<12} {spec.doc_type.name:<12} {abbr}")


@main.command("new")
@click.argument("template_id")
@templates_option
def new(template_id: str, templates_dir: Path | None) -> None:
    """Print a commented starter data file for TEMPLATE_ID."""
    try:
        spec = get_template(template_id, templates_dir)
    except TemplateError as exc:
        fail(str(exc))
    if spec.starter is None:
        fail(f"{spec.docx.with_suffix('.yaml')}: template '{template_id}' has no starter data file")
    click.echo(spec.starter.read_text(encoding="utf-8"), nl=False)


@main.command("render")
@click.argument("data_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The .docx to write (one data file).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write NAME.docx here for each DATA file.")
@click.option("--pdf", is_flag=True, help="Also write the PDF beside each .docx.")
@templates_option
def render(data_files: tuple[Path, ...], output: Path | None, out_dir: Path | None, pdf: bool,
           templates_dir: Path | None) -> None:
    """Fill templates from DATA files (YAML or JSON) and write .docx (and PDF)."""
    from docgen.pdf import PdfError, convert_to_pdf
    from docgen.render import render_docx

    if output and len(data_files) > 1:
        fail("-o names one output; use --out-dir for several data files")
    if output and output.suffix.lower() != ".docx":
        fail(f"{output}: the output must be a .docx file")
    jobs = []
    for path in data_files:
        try:
            document = data_mod.load(path)
            spec = get_template(document.template, templates_dir)
        except data_mod.DataError as exc:
            fail(str(exc))
        except TemplateError as exc:
            fail(f"{path}: field 'template': {exc}")
        target = output or (out_dir or path.parent) / f"{path.stem}.docx"
        jobs.append((path, document, spec, target))
    written = []
    for path, document, spec, target in jobs:
        try:
            written.append(render_docx(document, spec, target, data_path=path))
        except data_mod.DataError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"{target}: cannot write ({exc.strerror or exc})")
        click.echo(f"wrote {target}")
    if pdf:
        try:
            for pdf_path in convert_to_pdf(written):
                click.echo(f"wrote {pdf_path}")
        except PdfError as exc:
            fail(str(exc), code=1)


@main.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", is_flag=True, help="Print errors only, not warnings.")
def check(files: tuple[Path, ...], quiet: bool) -> None:
    """Check .docx files against the layout of Nghị định 30; exit 1 on errors."""
    from docgen.check import CheckError, check_docx

    errors = 0
    for path in files:
        try:
            problems = check_docx(path)
        except CheckError as exc:
            click.echo(f"error: {exc}", err=True)
            errors += 1
            continue
        for problem in problems:
            if problem.severity == "error" or not quiet:
                click.echo(f"{path}: {problem}")
        count = sum(p.severity == "error" for p in problems)
        errors += count
        if not count:
            click.echo(f"{path}: ok" + (f" ({len(problems)} warnings)" if problems else ""))
    sys.exit(1 if errors else 0)


@main.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON (spec/record.md).")
@click.option("--no-ocr", is_flag=True, help="Never run OCR; report pages without text instead.")
def parse(file: Path, as_json: bool, no_ocr: bool) -> None:
    """Read a document (.txt, .md, .docx, .doc, .pdf) and print its record."""
    import json

    from archive.extract import ExtractError
    from archive.parse import parse_file

    try:
        record, _ = parse_file(file, ocr=not no_ocr)
    except ExtractError as exc:
        fail(str(exc))
    data = record.to_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    signer = record.signer
    rows = [
        ("file", record.file), ("type", record.type), ("code", record.code),
        ("issuer", record.issuer), ("parent issuer", record.parent_issuer), ("place", record.place),
        ("date", data["date"]), ("subject", record.subject),
        ("signer", " ".join(p for p in (signer.authority, signer.title, signer.name) if p) or None),
        ("recipients", "; ".join(record.recipients) or None), ("nơi nhận", "; ".join(record.cc) or None),
        ("text from", f"{record.text_source}" + (f", {record.pages} pages" if record.pages else "")),
    ]
    for label, value in rows:
        click.echo(f"{label:<14}{value if value is not None else '–'}")
    for warning in record.warnings:
        click.echo(f"{'warning':<14}{warning}")


if __name__ == "__main__":  # pragma: no cover
    main()
