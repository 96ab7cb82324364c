"""File → Record: extract the text, parse the header, say how the text was had."""

from __future__ import annotations

import hashlib
from pathlib import Path

from archive.citations import find_references
from archive.extract import Extracted, extract
from archive.header import parse_header
from archive.record import Record, Signer


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record_from_text(name: str, extracted: Extracted, sha256: str | None = None) -> Record:
    h = parse_header(extracted.text)
    references = [r.to_dict() for r in find_references(extracted.text, h.code, h.date)]
    return Record(
        file=name,
        sha256=sha256,
        type=h.type,
        code=h.code,
        number=h.number,
        issuer=h.issuer,
        parent_issuer=h.parent_issuer,
        place=h.place,
        date=h.date,
        subject=h.subject,
        recipients=h.recipients,
        cc=h.cc,
        signer=Signer(h.signer_authority, h.signer_title, h.signer_name),
        references=references,
        text_source=extracted.source,
        pages=extracted.pages,
        warnings=extracted.warnings + h.warnings,
    )


def parse_file(path: str | Path, ocr: bool = True) -> tuple[Record, str]:
    """The record of one file and its extracted text. Raises ExtractError."""
    path = Path(path)
    extracted = extract(path, ocr=ocr)
    return record_from_text(path.name, extracted, sha256_of(path)), extracted.text
