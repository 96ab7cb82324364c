"""Issuing an outgoing document and receiving an incoming one: the văn thư's work,
where drafting, the archive and the registers meet. Used by the CLI and the web app."""

from __future__ import annotations

import datetime as _dt
import getpass
from dataclasses import dataclass
from pathlib import Path

from archive.archive import Archive, AddResult
from archive.register import RegisterError, Row
from docgen import data as data_mod
from docgen import decree
from docgen.render import check_requirements, code_text, render_docx
from docgen.template_set import get_template


def clerk() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "văn thư"


@dataclass
class Issued:
    row: Row
    docx: Path
    pdf: Path | None
    added: AddResult


def issue(data_path: Path, archive: Archive, output: Path | None = None, pdf: bool = False,
          by_whom: str | None = None, secret: bool = False, templates_dir: Path | None = None,
          today: _dt.date | None = None) -> Issued:
    """Number the document (the next of its series, or the number its data gives), render it,
    archive it and write its register row. Raises DataError or RegisterError with one line."""
    document = data_mod.load(data_path)
    spec = get_template(document.template, templates_dir)
    check_requirements(document, spec, data_path)
    today = today or _dt.date.today()
    document.date = document.date or today
    year = document.date.year
    register = archive.register
    series = register.series_for(document.issuer, spec.doc_type.name, secret or document.secret)
    by_whom = by_whom or clerk()
    if document.number is not None:
        row = _typed_number(archive, document, spec, series, year, by_whom)
    else:
        row = register.allocate("outgoing", series, year, by_whom)
        document.number = row.number
    output = output or data_path.with_name(f"{data_path.stem}-{decree.format_number(row.number)}.docx")
    try:
        docx = render_docx(document, spec, output, data_path=data_path)
        pdf_path = None
        if pdf:
            from docgen.pdf import convert_to_pdf

            (pdf_path,) = convert_to_pdf([docx])
    except Exception as exc:
        raise RegisterError(f"{data_path}: number {row.number_text} of {year} stays allocated in '{series}' "
                            f"({exc}); issue again with number: {row.number}, or cancel it") from None
    added = archive.add_file(docx, ocr=False)
    if added.status == "failed":
        raise RegisterError(f"{docx}: rendered, but not archived: {added.reason}")
    register.mark_issued(
        row, code=code_text(document, spec), issuer=document.issuer, doc_date=document.date.isoformat(),
        type=spec.doc_type.name, subject=document.subject, signer=document.signer.name,
        recipients="; ".join(document.recipients + document.cc), keep_copy=document.archive_copy,
        copies=document.copies, doc_id=added.entry.id,
    )
    return Issued(register.get("outgoing", series, year, row.number), docx, pdf_path, added)


def _typed_number(archive: Archive, document, spec, series: str, year: int, by_whom: str) -> Row:
    """A number typed in the data: refused if the register or the archive already has it."""
    code = code_text(document, spec)
    if twin := archive.same_document(code, year, document.issuer):
        raise RegisterError(f"{code} of {year} from {document.issuer} already exists: {twin.file_name}")
    return archive.register.reserve(series, year, document.number, by_whom)


INCOMING_SERIES = "đến"


def receive(path: Path, archive: Archive, arrival: _dt.date | None = None, by_whom: str | None = None) -> tuple[AddResult, Row | None]:
    """Archive an incoming document and give it the next số đến of the year."""
    arrival = arrival or _dt.date.today()
    added = archive.add_file(path)
    if added.status == "failed":
        return added, None
    entry = added.entry
    if already := archive.register.incoming_row(entry.id):
        return added, already
    r = entry.record
    row = archive.register.allocate(
        "incoming", INCOMING_SERIES, arrival.year, by_whom or clerk(), code=r.code, issuer=r.issuer,
        doc_date=r.date.isoformat() if r.date else None, arrival_date=arrival.isoformat(), type=r.type,
        subject=r.subject, doc_id=entry.id)
    return added, row
