"""Documents in and out over the national exchange: an edXML package becomes an archived
record without guessing (the header's fields are the record; the attached file is stored as
the original and read only for its references and deadlines), and an archived document is
handed on as a package. Status messages (01 đã đến … 16) are written in the audit log against
the document they answer.

What edXML carries that the parser would guess: số/ký hiệu, date, issuer, type, signer, due
date. Where a field does not parse (the samples carry placeholders: a CodeNumber "74fass22",
a date 2014/02/30) the problem is reported field by field and the rest is kept.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from archive import edxml
from archive.archive import Archive
from archive.catalog import Entry, SameDocument
from archive.citations import find_references
from archive.deadlines import find_deadlines
from archive.extract import ExtractError, extract
from archive.parse import sha256_of
from archive.record import Deadline, Record, Reference, Signer
from docgen.base import decree
from docgen.base.vntext import nfc


@dataclass
class Imported:
    path: Path
    status: str  # "added", "already there", "updated", "revoked", "status", "failed"
    entry: Entry | None = None
    problems: list[str] = field(default_factory=list)  # "FIELD: what is wrong", the rest kept
    reason: str | None = None


def _code(message: edxml.Message, problems: list[str]) -> str | None:
    number = message.get("MessageHeader/Code/CodeNumber")
    notation = decree.normalise_code(message.get("MessageHeader/Code/CodeNotation"))
    from_id = edxml.document_id_parts(message.get("MessageHeader/DocumentId"))
    if re.fullmatch(r"\d+(?:\.\d+)?", number or ""):
        return f"{number}/{notation}"
    problems.append(f"Code/CodeNumber: '{number}' is not a number")
    if from_id and re.match(r"^\d+(?:\.\d+)?/", from_id[2]):
        problems.append(f"số/ký hiệu taken from DocumentId: {from_id[2]}")
        return nfc(from_id[2])
    return None


def _signer(message: edxml.Message) -> Signer:
    competence = message.get("MessageHeader/SignerInfo/Competence")
    authority = next((a for a in decree.AUTHORITY_PREFIXES if competence.upper().startswith(a)), None)
    return Signer(authority, message.get("MessageHeader/SignerInfo/Position") or None,
                  message.get("MessageHeader/SignerInfo/FullName") or None)


def _type_name(message: edxml.Message, problems: list[str]) -> str | None:
    """The tên loại: TypeName as the decree spells it (or as written when it names no type of
    the decree or the law), else what the Type/TypeDetail codes stand for."""
    written = message.get("MessageHeader/DocumentType/TypeName")
    if written:
        return decree.type_name(written) or written
    codes = []
    for name in ("Type", "TypeDetail"):
        value = message.get(f"MessageHeader/DocumentType/{name}").strip()
        if value and not value.isdigit():
            problems.append(f"DocumentType/{name}: '{value}' is not a number")
        codes.append(int(value) if value.isdigit() else None)
    named = decree.type_of_code(*codes)
    if named is None and any(codes):
        problems.append(f"DocumentType: Type {codes[0]}, TypeDetail {codes[1]} names no type")
    return named


def record_of(message: edxml.Message, file_name: str, sha256: str, text: str) -> Record:
    """The record a package states; references and deadlines read from the attached text, the
    DueDate a deadline of its own (hạn giải quyết), ResponseFor a reference to what it answers."""
    problems: list[str] = list(message.damage)
    code = _code(message, problems)
    day_text = message.get("MessageHeader/PromulgationInfo/PromulgationDate")
    date = edxml.date_of(day_text)
    if day_text and date is None:
        problems.append(f"PromulgationInfo/PromulgationDate: '{day_text}' is not a date")
    type_name = _type_name(message, problems)
    references = find_references(text, code, date) if text else []
    if answered := message.get("MessageHeader/ResponseFor/Code"):
        references.insert(0, Reference(None, decree.normalise_code(answered),
                                       edxml.date_of(message.get("MessageHeader/ResponseFor/PromulgationDate")),
                                       text="(edXML ResponseFor)"))
    deadlines = find_deadlines(text, date.year if date else None, date) if text else []
    due_text = message.get("MessageHeader/DueDate")
    due = edxml.date_of(due_text)
    if due_text and due is None:
        problems.append(f"DueDate: '{due_text}' is not a date")
    if due and all(d.date != due for d in deadlines):
        deadlines.append(Deadline(due, "before", task="Hạn giải quyết (edXML DueDate)", text="(edXML DueDate)"))
    issuer = message.get("MessageHeader/From/OrganName") or message.get("MessageHeader/From/OrganizationInCharge")
    return Record(type=type_name, code=code, number=decree.code_number(code) if code else None,
                  issuer=issuer or None, place=message.get("MessageHeader/PromulgationInfo/Place") or None,
                  date=date, subject=message.get("MessageHeader/Subject") or None,
                  recipients=message.lists.get("MessageHeader/ToPlaces/Place", []),
                  warnings=[f"edXML {p}" for p in problems], file=file_name, sha256=sha256, signer=_signer(message),
                  references=references, deadlines=deadlines, text_source="edxml")


def import_package(archive: Archive, path: Path, by_whom: str | None = None) -> Imported:
    """One package into the archive; never raises for a bad package (Imported 'failed', why)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="docgen-edxml-") as tmp:
        try:
            message = edxml.read(path, Path(tmp))
        except edxml.EdxmlError as exc:
            return Imported(path, "failed", reason=str(exc).removeprefix(f"{path}: "))
        if message.is_status:
            return _status(archive, path, message, by_whom)
        original = message.attachments[0] if message.attachments else None
        stored = Path(tmp) / "original"
        name = path.name
        if original is not None:
            name = Path(original.name).name or "attachment"
            shutil.copy(original.path, stored)
        else:
            shutil.copy(path, stored)
        sha256 = sha256_of(stored)
        text, read_problem = "", None
        if original is not None:
            try:
                text = extract(stored, kind=Path(name).suffix or ".pdf").text
            except ExtractError as exc:
                read_problem = f"attachment {name}: its text cannot be read ({str(exc).split(': ', 1)[-1]})"
        record = record_of(message, name, sha256, text)
        if read_problem:
            record.warnings.append(f"edXML {read_problem}")
        problems = [w.removeprefix("edXML ") for w in record.warnings]
        if message.business in ("update", "revocation") and (target := archive.catalog.same_document(record.code, None, record.issuer)):  # same số and issuer, any year
            return _apply(archive, path, message, record, target, problems, by_whom)
        if message.business == "revocation":
            return Imported(path, "failed", problems=problems,
                            reason=f"revocation of {record.code}: no such document from {record.issuer} archived")
        if message.business == "replacement":
            replaced = [p[2] for p in (edxml.document_id_parts(t) for t in
                                       message.lists.get("TraceHeaderList/Bussiness/ReplacementInfoList/"
                                                         "ReplacementInfo/DocumentId", [])) if p]
            record.warnings += [f"edXML: replaces {code}" for code in dict.fromkeys(replaced)]
        if existing := archive.catalog.by_sha256(sha256):
            return Imported(path, "already there", existing, problems)
        archive.store.put(stored, sha256, name)
        try:
            doc_id, new = archive.catalog.add(record, text, by_whom)
        except SameDocument as exc:
            if archive.catalog.by_sha256(sha256) is None:
                archive.store.remove(sha256)
            return Imported(path, "already there", exc.entry, problems,
                            reason=f"{record.code} of {record.date.year} is archived from {exc.entry.file_name}")
        return Imported(path, "added" if new else "already there", archive.catalog.get(doc_id), problems)


def _apply(archive: Archive, path: Path, message, record: Record, target: Entry, problems, by_whom) -> Imported:
    """An update sets the fields it changes, as corrections made by the exchange; a revocation
    marks the document revoked."""
    from archive.corrections import Correction, value_of

    who = by_whom or f"edXML {message.get('MessageHeader/From/OrganId')}"
    if message.business == "revocation":
        warning = (f"edXML: revoked by its issuer ({message.get('TraceHeaderList/TraceHeader/Timestamp') or 'no date'}"
                   f": {message.get('TraceHeaderList/Bussiness/BussinessDocReason') or 'thu hồi'})")
        archive.catalog.add_warning(target.id, warning)
        archive.catalog.audit.write("edxml revocation", who, target.id, target.record.code,
                                    target.record.year, file=path.name)
        return Imported(path, "revoked", archive.catalog.get(target.id), problems)
    changes = [Correction(f, value_of(record, f)) for f in ("type", "issuer", "place", "date", "subject",
                                                           "signer.authority", "signer.title", "signer.name",
                                                           "recipients")
               if value_of(record, f) not in (None, []) and value_of(record, f) != value_of(target.record, f)]
    if changes:
        archive.catalog.correct(target.id, changes, who)
    return Imported(path, "updated", archive.catalog.get(target.id), problems + [f"{c.field} updated" for c in changes])


def _status(archive: Archive, path: Path, message: edxml.Message, by_whom: str | None) -> Imported:
    code_text = message.get("MessageHeader/ResponseFor/Code")
    day = edxml.date_of(message.get("MessageHeader/ResponseFor/PromulgationDate"))
    status = message.get("MessageHeader/StatusCode")
    meaning = edxml.STATUS.get(status, "không rõ")
    entries = archive.catalog.by_code(code_text, day.year if day else None) if code_text else []
    target = entries[0] if entries else None
    archive.catalog.audit.write("edxml status", by_whom or message.get("MessageHeader/StaffInfo/Staff") or None,
                                target.id if target else None, decree.normalise_code(code_text) if code_text else None,
                                day.year if day else None, status=f"{status} {meaning}",
                                organ=message.get("MessageHeader/From/OrganName"),
                                description=message.get("MessageHeader/Description"),
                                at=message.get("MessageHeader/Timestamp"))
    return Imported(path, "status", target, reason=f"status {status} ({meaning}) for {code_text or '?'}"
                    + ("" if target else ", not archived here"))


# --- export ----------------------------------------------------------------------------

def header_of(entry: Entry, sender: dict, to: dict | None = None) -> list[tuple[str, object]]:
    """The MessageHeader of an archived document. sender/to: OrganId, OrganName, … of the
    offices (the sender from the archive's settings). DocumentType: the codes of
    decree.type_code (Type 1 administrative, 2 legal normative; TypeDetail the type's place in
    the list of the decree or the law) and TypeName the tên loại."""
    r = entry.record
    number, _, notation = (r.code or "").partition("/")
    day = r.date.strftime("%Y/%m/%d") if r.date else ""
    sender = {"OrganId": sender.get("OrganId"), "OrganName": sender.get("OrganName") or r.issuer,
              **{k: v for k, v in sender.items() if k not in ("OrganId", "OrganName")}}
    organ = [(k, v) for k, v in sender.items() if v]
    header: list[tuple[str, object]] = [("From", organ)]
    if to:
        header.append(("To", [(k, v) for k, v in to.items() if v]))
    kind, detail = decree.type_code(r.type, r.code)
    header += [
        ("DocumentId", f"{sender.get('OrganId', '')},{day},{r.code or ''}"),
        ("Code", [("CodeNumber", number), ("CodeNotation", notation)]),
        ("PromulgationInfo", [("Place", r.place or ""), ("PromulgationDate", day)]),
        ("DocumentType", [("Type", str(kind)), ("TypeDetail", str(detail)), ("TypeName", r.type or "")]),
        ("Subject", r.subject or ""),
        ("Content", r.subject or ""),
        ("SignerInfo", [("Competence", r.signer.authority or ""), ("Position", r.signer.title or ""),
                        ("FullName", r.signer.name or "")]),
    ]
    due = next((d.date for d in r.deadlines if d.date and d.text == "(edXML DueDate)"), None) or \
        min((d.date for d in r.deadlines if d.date), default=None)
    if due:
        header.append(("DueDate", due.strftime("%Y/%m/%d")))
    header.append(("OtherInfo", [("Priority", "0"), ("PageAmount", str(r.pages or 1))]))
    if r.recipients:
        header.append(("ToPlaces", [("Place", p) for p in r.recipients]))
    return header


CONTENT_TYPES = {".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-officedocument."
                 "wordprocessingml.document", ".doc": "application/msword", ".txt": "text/plain"}


def export_package(archive: Archive, entry: Entry, out: Path, sender: dict, to: dict | None = None) -> Path:
    suffix = Path(entry.file_name).suffix.lower()
    return edxml.write(out, header_of(entry, sender, to), archive.original(entry), entry.file_name,
                       CONTENT_TYPES.get(suffix, "application/octet-stream"))
