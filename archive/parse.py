"""File → Record: extract the text, parse the header, say how the text was had."""

from __future__ import annotations

import hashlib
from pathlib import Path

from archive.citations import find_mentions, find_references
from archive.deadlines import find_deadlines
from archive.effective import find_effective
from archive.extract import Extracted, extract
from archive.header import parse_header
from archive.record import HEADER_FIELD_NAMES, Record, Signer
from docgen.base import decree


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record_from_text(name: str, extracted: Extracted, sha256: str | None = None, undated: bool = False) -> Record:
    """undated: also the duties with no date ("hàng quý", "kịp thời")."""
    h = parse_header(extracted.text)
    mentions = find_mentions(extracted.text)
    citation_spans = [(m.start, m.end) for m in mentions]  # before merging, which keeps them but adds to them
    references = find_references(extracted.text, h.code, h.date, mentions)
    effective = find_effective(extracted.text, h.date)
    deadlines = find_deadlines(extracted.text, h.date.year if h.date else None, h.date,
                               citation_spans + [(e.start, e.end) for e in effective],
                               undated=undated, normative=decree.is_normative(h.code, h.type), subject=h.subject)
    header = {name: getattr(h, name) for name in HEADER_FIELD_NAMES}
    header["warnings"] = extracted.warnings + h.warnings
    return Record(
        **header,
        file=name,
        sha256=sha256,
        signer=Signer(h.signer_authority, h.signer_title, h.signer_name),
        references=references,
        deadlines=deadlines,
        effective=effective,
        text_source=extracted.source,
        pages=extracted.pages,
    )


def parse_file(path: str | Path, ocr: bool = True, undated: bool = False) -> tuple[Record, str]:
    """The record of one file and its extracted text. Raises ExtractError."""
    path = Path(path)
    extracted = extract(path, ocr=ocr)
    return record_from_text(path.name, extracted, sha256_of(path), undated), extracted.text
