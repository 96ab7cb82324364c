"""Issuing an outgoing document and receiving an incoming one: the văn thư's work,
where drafting, the archive and the registers meet. Used by the CLI and the web app."""

from __future__ import annotations

import datetime as _dt
import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from archive.archive import AddResult, Archive
from archive.catalog import Entry
from archive.register import RegisterError, Row
from docgen.base import decree
from docgen.base.vntext import fold_key
from docgen.drafting import data as data_mod
from docgen.drafting.render import check_requirements, code_text, render_docx
from docgen.drafting.template_set import get_template


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
          today: _dt.date | None = None, number: int | None = None) -> Issued:
    """Number the document (the next of its series, or the number its data gives), render it,
    archive it and write its register row. Raises DataError or RegisterError with one line.

    Recoverable at every step: the number is committed with its row first ("allocated"); the
    .docx is written under a temporary name and renamed; the archive decides "same document"
    in its own transaction; the row is marked issued last. Run again with the number in the
    data (or `docgen number resume N --data DATA`), an allocated number is resumed where it
    stopped: rendered if it was not, linked to its archived document if it was. number: the
    number to give it when its data gives none or the same one (a number resumed)."""
    document = data_mod.load(data_path)
    if number is not None:
        if document.number not in (None, number):
            raise RegisterError(f"{data_path}: its number is {document.number}, not {number}")
        document.number = number
    spec = get_template(document.template, templates_dir)
    check_requirements(document, spec, data_path)
    today = today or _dt.date.today()
    document.date = document.date or today
    year = document.date.year
    register = archive.register
    series = register.series_for(document.issuer, spec.doc_type.name, secret or document.secret)
    by_whom = by_whom or clerk()
    resumed = False  # an allocated number taken up again after a stop
    if document.number is not None:
        row, resumed = _typed_number(archive, document, spec, series, year, by_whom)
    else:
        row = register.allocate("outgoing", series, year, by_whom)
        document.number = row.number
    code = code_text(document, spec)
    if twin := archive.same_document(code, year, document.issuer):
        if not resumed:
            # a new number whose ký hiệu another series already gave (a secret document numbered
            # apart, with per-type series): nothing is written, and the number taken is cancelled
            # with the reason, so that the register shows no unexplained gap
            register.cancel(series, year, row.number, by_whom, f"{code} đã có: {twin.file_name}",
                            archived_check=False)
            raise RegisterError(f"{code} of {year} from {document.issuer} is already in the archive "
                                f"({twin.file_name}): number {row.number_text} of '{series}' was cancelled and "
                                "nothing was written; a document numbered in another series needs a ký hiệu "
                                "of its own")
        _mark(register, row, document, spec, twin.id, by_whom)  # archived before a stop: link it
        return Issued(register.get("outgoing", series, year, row.number), archive.original(twin), None,
                      AddResult(archive.original(twin), "already there", twin))
    output = output or data_path.with_name(f"{data_path.stem}-{decree.format_number(row.number)}.docx")
    advice = (f"number {row.number_text} of {year} stays allocated in '{series}'; to finish, run the same command "
              f"with 'number: {row.number}' in {data_path.name} (or docgen number resume {row.number} --issuer "
              f"\"{document.issuer}\" --type \"{spec.doc_type.name}\" --year {year} --data {data_path}), or cancel it "
              f"with docgen number cancel {row.number}")
    try:
        docx = _render_atomically(document, spec, output, data_path)
        pdf_path = None
        if pdf:
            from docgen.base.pdf import convert_to_pdf

            (pdf_path,) = convert_to_pdf([docx])
    except Exception as exc:
        raise RegisterError(f"{output}: not written ({_reason(exc)}); {advice}") from None
    added = archive.add_file(docx, ocr=False, by_whom=by_whom)
    if added.status == "failed":
        raise RegisterError(f"{docx}: rendered, but not archived ({added.reason}); {advice}")
    _mark(register, row, document, spec, added.entry.id, by_whom)
    return Issued(register.get("outgoing", series, year, row.number), docx, pdf_path, added)


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


def _render_atomically(document, spec, output: Path, data_path: Path) -> Path:
    """The .docx written under a temporary name beside its place, then renamed: a stop or a
    full disk midway leaves no half-written file under the real name."""
    temporary = output.with_name(f".{output.stem}.partial{output.suffix}")
    try:
        render_docx(document, spec, temporary, data_path=data_path)
        os.replace(temporary, output)
    finally:
        temporary.unlink(missing_ok=True)
    return output


def _mark(register, row: Row, document, spec, doc_id: int, by_whom: str | None = None) -> None:
    register.mark_issued(
        row, by_whom, code=code_text(document, spec), issuer=document.issuer, doc_date=document.date.isoformat(),
        type=spec.doc_type.name, subject=document.subject, signer=document.signer.name,
        recipients="; ".join(document.recipients + document.cc), keep_copy=document.archive_copy,
        copies=document.copies, doc_id=doc_id,
    )


def _typed_number(archive: Archive, document, spec, series: str, year: int, by_whom: str) -> tuple[Row, bool]:
    """A number typed in the data: (its row, True) for an allocated number waiting for its
    document, resumed; otherwise reserved, (row, False), or refused if the register or the
    archive already has it."""
    waiting = archive.register.get("outgoing", series, year, document.number)
    if waiting is not None and waiting.status == "allocated":
        return waiting, True
    code = code_text(document, spec)
    if twin := archive.same_document(code, year, document.issuer):
        raise RegisterError(f"{code} of {year} from {document.issuer} already exists: {twin.file_name}")
    return archive.register.reserve(series, year, document.number, by_whom), False


def archived_for_number(archive: Archive, row: Row, issuer: str) -> Entry | None:
    """The archived document that took this allocated number (a stop after archiving)."""
    for entry in archive.catalog.list(issuer=None, year=row.year):
        record = entry.record
        if record.number == row.number and record.date and record.date.year == row.year \
                and fold_key(record.issuer or "") == fold_key(issuer) \
                and archive.register.incoming_row(entry.id) is None:
            return entry
    return None


def resume(archive: Archive, series: str, year: int, number: int, issuer: str,
           data_path: Path | None = None, **issue_options) -> str:
    """Finish an allocated number: link the document already archived with it, or issue its
    data with that number. Returns what was done, one line; raises RegisterError."""
    row = archive.register.get("outgoing", series, year, number)
    if row is None:
        raise RegisterError(f"number {decree.format_number(number)} of {year} was never allocated in '{series}'")
    if row.status != "allocated":
        return f"number {row.number_text} of {year} in '{series}' is already {row.status}" + (
            f" ({row.code})" if row.code else "")
    if entry := archived_for_number(archive, row, issuer):
        archive.register.mark_issued(
            row, issue_options.get("by_whom") or clerk(), code=entry.record.code, issuer=entry.record.issuer, doc_date=entry.record.date.isoformat(),
            type=entry.record.type, subject=entry.record.subject, signer=entry.record.signer.name, doc_id=entry.id)
        return f"number {row.number_text} of {year}: linked to {entry.record.code} ({entry.file_name}), now issued"
    if data_path is None:
        raise RegisterError(f"number {row.number_text} of {year} in '{series}' waits for its document and none is "
                            f"archived; give its data (--data DATA.yaml) or cancel it")
    issued = issue(data_path, archive, number=number, **issue_options)
    return f"number {row.number_text} of {year}: issued as {issued.row.code}, wrote {issued.docx}"


INCOMING_SERIES = "đến"


def receive(path: Path, archive: Archive, arrival: _dt.date | None = None, by_whom: str | None = None,
            follow_links: bool = True) -> tuple[AddResult, Row | None]:
    """Archive an incoming document and give it the next số đến of the year. follow_links: read
    a symbolic link's target (archive.files_to_read says which)."""
    arrival = arrival or _dt.date.today()
    added = archive.add_file(path, follow_links=follow_links, by_whom=by_whom or clerk())
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
    archive.handling.received(entry.id, by_whom or clerk(), r.code)  # 01 đã đến: waits for a leader
    return added, row
