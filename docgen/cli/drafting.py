"""Drafting commands: templates, new, render, check, parse, report, verify-signature."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli.base import (
    _progress,
    fail,
    main,
    open_archive,
    templates_option,
)
from docgen.drafting import data as data_mod
from docgen.drafting.template_set import TemplateError, get_template, load_templates


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
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              envvar="DOCGEN_ARCHIVE", help="Where bases given by code (406/KH-UBND/2022) are looked up.")
@templates_option
def render(data_files: tuple[Path, ...], output: Path | None, out_dir: Path | None, pdf: bool,
           archive_dir: Path | None, templates_dir: Path | None) -> None:
    """Fill templates from DATA files (YAML or JSON) and write .docx (and PDF)."""
    from docgen.base.pdf import PdfError, convert_to_pdf
    from docgen.drafting.render import render_docx

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
        document.bases = _expanded_bases(path, document.bases, archive_dir)
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


def _expanded_bases(path: Path, bases: list[str], archive_dir: Path | None) -> list[str]:
    """Bases given by code are written out in full from the archive (opened only for them)."""
    from archive.crossref import BasisError, basis_by_code

    if not any(basis_by_code(b) for b in bases):
        return bases
    with open_archive(archive_dir) as library:
        try:
            return library.expand_bases(bases)
        except BasisError as exc:
            fail(f"{path}: field 'bases.{exc.index}': {exc} ({library.records_label})")


@main.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", is_flag=True, help="Print errors only, not warnings.")
def check(files: tuple[Path, ...], quiet: bool) -> None:
    """Check .docx files against the layout of Nghị định 30; exit 1 on errors."""
    from docgen.drafting.check import CheckError, check_docx

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
    for ref in record.references:
        click.echo(f"{'cites':<14}{ref.type or '–'} {ref.code} ({ref.date or 'no date'})"
                   + (f" of {ref.issuer}" if ref.issuer else ""))
    for d in record.deadlines:
        when = d.date or (f"every {d.month_day}" if d.recurrence == "yearly" else f"{d.month_day} of a year not given")
        click.echo(f"{'due':<14}{when} {d.relation}: {(d.task or '')[:80]}")
    for e in record.effective:
        click.echo(f"{'in force':<14}{e.date or 'date not stated'}" + (f" until {e.until}" if e.until else "")
                   + f": {e.text[:80]}")
    for warning in record.warnings:
        click.echo(f"{'warning':<14}{warning}")


@main.command("report")
@click.argument("form_id")
@click.option("--data", "data_file", required=True, type=click.Path(path_type=Path),
              help="YAML/JSON for one report; CSV/XLSX with one row per table row.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="OUT.pdf or OUT.docx (one report).")
@click.option("--per-unit", help="The sheet column that names the unit: one report per unit.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), help="Where --per-unit reports go.")
@click.option("--sign", "p12", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Sign with this PKCS#12 certificate (PAdES).")
@click.option("--passphrase", envvar="DOCGEN_P12_PASSPHRASE", help="The certificate's passphrase.")
@templates_option
def report_command(form_id: str, data_file: Path, output: Path | None, per_unit: str | None, out_dir: Path | None,
                   p12: Path | None, passphrase: str | None, templates_dir: Path | None) -> None:
    """Fill report form FORM_ID (bao-cao-tuyen-truyen, dang-ky-mo-hinh, or a document template such as
    bao-cao) from data: .docx and a PDF with an empty signature field over the signer's name."""
    from docgen.drafting import reports

    if per_unit and not out_dir:
        fail("--per-unit writes one report per unit: give --out-dir")
    if not per_unit and not output:
        fail("give -o OUT.pdf (or OUT.docx), or --per-unit COLUMN --out-dir DIR")
    if output and output.suffix.lower() not in (".pdf", ".docx"):
        fail(f"{output}: the output must be .pdf or .docx")
    secret = passphrase.encode() if passphrase else None
    if form_id in reports.FORMS:
        _report_from_form(form_id, data_file, output, per_unit, out_dir, p12, secret)
    else:
        _report_from_template(form_id, data_file, output, out_dir, p12, secret, templates_dir)


def _report_from_form(form_id: str, data_file: Path, output: Path | None, per_unit: str | None,
                      out_dir: Path | None, p12: Path | None, secret: bytes | None) -> None:
    from docgen.base.pdf import PdfError
    from docgen.drafting import reports
    from docgen.drafting.signing import SigningError

    try:
        form = reports.get_form(form_id)
        batch = reports.load(data_file, form, per_unit)
    except data_mod.DataError as exc:
        fail(str(exc))
    for problem in batch.problems:
        click.echo(f"skipped {problem}", err=True)
    _warn_if_another_holder(p12, secret, [data.signer_name for _, data in batch.reports])
    want_pdf = not (output and output.suffix.lower() == ".docx")
    try:
        made = reports.produce(form, batch, out_dir or output.parent,
                               stem=output.with_suffix("") if output and not per_unit else None,
                               sheets=data_file.suffix.lower() in (".csv", ".xlsx"), pdf=want_pdf,
                               p12=p12, passphrase=secret, progress=_progress)
    except (PdfError, SigningError) as exc:
        fail(str(exc), code=1)
    except OSError as exc:
        fail(f"{exc.filename or out_dir or output}: cannot write ({exc.strerror or exc})", code=1)
    for produced in made:
        click.echo(f"wrote {produced.pdf or produced.docx}" + (" (signed)" if p12 and produced.pdf else ""))
    sheets = sum(1 for p in made if p.xlsx)
    click.echo(f"{len(made)} reports" + (f", {sheets} sheets" if sheets else ""))


def _warn_if_another_holder(p12: Path | None, secret: bytes | None, signers: list[str]) -> None:
    from docgen.drafting.signing import SigningError, holder_mismatch

    if not p12:
        return
    try:
        warning = holder_mismatch(p12, secret, signers)
    except SigningError as exc:
        fail(str(exc))
    if warning:
        click.echo(f"warning: {warning}", err=True)


def _report_from_template(template_id: str, data_file: Path, output: Path | None, out_dir: Path | None,
                          p12: Path | None, secret: bytes | None, templates_dir: Path | None) -> None:
    """A report drafted with a document template (bao-cao): body and tables from the data file."""
    from docgen.base.pdf import PdfError, convert_to_pdf
    from docgen.drafting import reports
    from docgen.drafting.render import render_docx
    from docgen.drafting.signing import SigningError

    try:
        spec = get_template(template_id, templates_dir)
        document = data_mod.load(data_file)
    except (data_mod.DataError, TemplateError) as exc:
        fail(str(exc))
    target = (output or out_dir / f"{data_file.stem}.pdf").with_suffix(".docx")
    docx = render_docx(document, spec, target, data_path=data_file)
    if output and output.suffix.lower() == ".docx":
        click.echo(f"wrote {docx}")
        return
    _warn_if_another_holder(p12, secret, [document.signer.name])
    try:
        (pdf,) = convert_to_pdf([docx])
        reports.finish_pdf(pdf, document.signer.name, p12, secret)
    except (PdfError, SigningError) as exc:
        fail(str(exc), code=1)
    click.echo(f"wrote {pdf}" + (" (signed)" if p12 else ""))
    click.echo("1 reports")


@main.command("verify-signature")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--trust", "trust_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="CERT.pem", help="A root or intermediate certificate to trust (the CA of the signers); repeatable.")
def verify_signature(pdf: Path, trust_files: tuple[Path, ...]) -> None:
    """Who signed the PDF, whether it changed since, and whether the signer's certificate
    chains to a trusted root: one line a signature, never a traceback."""
    from docgen.drafting.signing import SigningError, load_trust_roots, verify

    try:
        empty, signatures = verify(pdf, load_trust_roots(trust_files) if trust_files else None)
    except SigningError as exc:
        fail(str(exc))
    for name in empty:
        click.echo(f"{name}: empty signature field (not signed yet)")
    for s in signatures:
        state = "intact, covers the whole file" if s.intact and s.covers_whole_file else (
            "intact, but the file was changed after signing" if s.intact else "BROKEN: the signed content changed")
        trust = ("trusted" if s.valid else "NOT trusted by the given certificates") if trust_files else \
            "trust not checked (give --trust CA.pem)"
        click.echo(f"{s.field}: signed by {s.signer} at {s.signed_at or '?'}: {state}; {trust}")
    if trust_files and not all(s.valid for s in signatures):
        sys.exit(1)
    sys.exit(0 if signatures and all(s.intact and s.covers_whole_file for s in signatures) else 1)
