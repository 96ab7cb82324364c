"""The parsed record of one document, and what the parser finds in it: plain typed classes
(a reference, a deadline, an entry into force). Field names fixed by spec/record.md; dicts
only at the JSON edge (to_dict, from_dict)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field, fields

from docgen.base import decree


def _iso(day: _dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(text) if text else None


@dataclass
class Reference:
    """A document cited in the text ("Kế hoạch số 175/KH-UBND ngày 25/4/2023 của …")."""

    type: str | None
    code: str
    date: _dt.date | None
    issuer: str | None = None
    subject: str | None = None
    text: str = ""
    start: int = 0
    end: int = 0
    positions: list[tuple[int, int]] = field(default_factory=list)  # every mention, merged into this one

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def key(self) -> tuple[str, int | None]:
        return decree.code_key(self.code), self.year

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Where the text mentions it: every merged mention, else its own span."""
        return [tuple(p) for p in self.positions] or ([(self.start, self.end)] if self.end else [])

    def to_dict(self) -> dict:
        return {"type": self.type, "code": self.code, "date": _iso(self.date), "issuer": self.issuer,
                "subject": self.subject, "text": self.text, "start": self.start, "end": self.end,
                "positions": [list(p) for p in self.positions]}

    @classmethod
    def from_dict(cls, data: dict) -> Reference:
        return cls(data.get("type"), data["code"], _day(data.get("date")), data.get("issuer"), data.get("subject"),
                   data.get("text") or "", data.get("start") or 0, data.get("end") or 0,
                   [tuple(p) for p in data.get("positions") or []])


@dataclass
class Deadline:
    """A date by which something is due ("báo cáo trước ngày 15/12/2023"), or a duty with none."""

    date: _dt.date | None
    relation: str  # no-later-than, before, until, within, on, undated
    start_date: _dt.date | None = None
    period: str | None = None  # "2023-12", "2024-Q1", "2024-H1"
    task: str | None = None
    responsible: str | None = None
    text: str = ""
    start: int = 0
    end: int = 0
    year_implied: bool = False
    month_day: str | None = None  # "02-15" for a duty that recurs, or counts from a year not given
    recurrence: str | None = None  # "yearly" ("trước ngày 15 tháng 02 hằng năm")

    def to_dict(self) -> dict:
        data = {"date": _iso(self.date), "relation": self.relation, "start_date": _iso(self.start_date),
                "period": self.period, "task": self.task, "responsible": self.responsible, "text": self.text,
                "start": self.start, "end": self.end, "year_implied": self.year_implied}
        if self.month_day:
            data["month_day"] = self.month_day
            data["recurrence"] = self.recurrence
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Deadline:
        return cls(_day(data.get("date")), data["relation"], _day(data.get("start_date")), data.get("period"),
                   data.get("task"), data.get("responsible"), data.get("text") or "", data.get("start") or 0,
                   data.get("end") or 0, bool(data.get("year_implied")), data.get("month_day"), data.get("recurrence"))


@dataclass
class Effective:
    """The document's own entry into force ("có hiệu lực kể từ ngày …"), and its end if stated."""

    date: _dt.date | None
    text: str
    start: int
    end: int
    until: _dt.date | None = None  # "… đến hết ngày 28 tháng 02 năm 2027": the end of its validity

    def to_dict(self) -> dict:
        return {"date": _iso(self.date), "text": self.text, "until": _iso(self.until), "start": self.start,
                "end": self.end}

    @classmethod
    def from_dict(cls, data: dict) -> Effective:
        return cls(_day(data.get("date")), data.get("text") or "", data.get("start") or 0, data.get("end") or 0,
                   _day(data.get("until")))

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

    @property
    def year(self) -> int | None:
        """The year of its date: the year its number belongs to (numbers restart every year)."""
        return self.date.year if self.date else None


HEADER_FIELD_NAMES = tuple(f.name for f in fields(HeaderFields))


@dataclass(kw_only=True)
class Record(HeaderFields):
    file: str
    sha256: str | None = None
    signer: Signer = field(default_factory=Signer)
    references: list[Reference] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    effective: list[Effective] = field(default_factory=list)  # the document's own entry into force
    text_source: str | None = None  # "text", "docx", "doc", "pdf-text", "ocr", with "+tcvn3" / "+vni"
    pages: int | None = None

    def to_dict(self) -> dict:
        """The record as JSON holds it (spec/record.md), fields in their order."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["signer"] = asdict(self.signer)
        data["date"] = _iso(self.date)
        for name in ("references", "deadlines", "effective"):
            data[name] = [item.to_dict() for item in data[name]]
        return {name: data[name] for name in FIELD_ORDER}

    @classmethod
    def from_dict(cls, data: dict) -> Record:
        data = dict(data)
        data["signer"] = Signer(**data.get("signer") or {})
        data["date"] = _day(data.get("date"))
        data["references"] = [Reference.from_dict(r) for r in data.get("references") or []]
        data["deadlines"] = [Deadline.from_dict(d) for d in data.get("deadlines") or []]
        data["effective"] = [Effective.from_dict(e) for e in data.get("effective") or []]
        return cls(**data)
