"""The parsed record of one document: field names fixed by spec/record.md."""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field, fields

FIELD_ORDER = ("file", "sha256", "type", "code", "number", "issuer", "parent_issuer", "place", "date",
               "subject", "recipients", "cc", "signer", "references", "deadlines", "effective", "text_source", "pages",
               "warnings")


@dataclass
class Signer:
    authority: str | None = None  # TM., KT., TL., TUQ., Q.
    title: str | None = None  # "Chủ tịch"
    name: str | None = None


@dataclass
class HeaderFields:
    """What the header of a document states; the parser fills these, the record keeps them."""

    type: str | None = None
    code: str | None = None
    number: int | str | None = None  # a string when it has a decimal part: "66.9"
    issuer: str | None = None
    parent_issuer: str | None = None
    place: str | None = None
    date: _dt.date | None = None
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


HEADER_FIELD_NAMES = tuple(f.name for f in fields(HeaderFields))


@dataclass(kw_only=True)
class Record(HeaderFields):
    file: str
    sha256: str | None = None
    signer: Signer = field(default_factory=Signer)
    references: list[dict] = field(default_factory=list)
    deadlines: list[dict] = field(default_factory=list)
    effective: list[dict] = field(default_factory=list)  # the document's own entry into force
    text_source: str | None = None  # "text", "docx", "doc", "pdf-text", "ocr", with "+tcvn3" / "+vni"
    pages: int | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return {name: data[name] for name in FIELD_ORDER}
