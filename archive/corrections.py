"""What a clerk may correct in a record, how each value is checked, and how corrections are
laid over a parse: the rules, in Python, the same for the CLI, the web and every backend.

A correction is kept apart from the parser's record (catalog table `corrections`: field,
value, who, when), so that it outlasts a reindex, a new parser (`docgen archive reparse`
lays the corrections over the new parse and reports where the parser now disagrees) and a
move to another database. References and deadlines are corrected as whole lists.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from archive.record import Deadline, Record, Reference, Signer
from docgen.base import decree
from docgen.base.errors import DocgenError
from docgen.base.vntext import nfc, squash_spaces, typed_date

SCALAR_FIELDS = ("type", "code", "issuer", "parent_issuer", "place", "date", "subject", "signer.authority",
                 "signer.title", "signer.name", "recipients")
LIST_FIELDS = ("references", "deadlines")
FIELDS = SCALAR_FIELDS + LIST_FIELDS

# số/ký hiệu as documents write it: a number (66.9 in some resolutions), the year of a legal
# document, then the symbol's parts joined by "-" or "/" ("175/KH-UBND", "45/2020/NĐ-CP",
# "05-CTr/QU"); no spaces
_CODE = re.compile(r"^\d+(?:\.\d+)?(?:/\d{4})?[/-][^\s/-]+(?:[/-][^\s/-]+)*$")


class CorrectionError(DocgenError):
    """A value that cannot be set; str() names the field and says what is expected."""

    title = "Giá trị sửa chưa đúng"


@dataclass
class Correction:
    field: str
    value: object  # str, date, list[str], list[Reference] or list[Deadline]; None clears it
    by_whom: str | None = None
    at: str | None = None

    def to_json(self) -> str:
        return json.dumps(encode(self.field, self.value), ensure_ascii=False)


def checked(field: str, text: str | None):
    """The value a clerk typed for a field, checked and normalised; raises CorrectionError."""
    if field not in SCALAR_FIELDS:
        raise CorrectionError(f"field '{field}': not one a clerk sets (one of {', '.join(SCALAR_FIELDS)})")
    value = squash_spaces(nfc(text or "")).strip()
    if not value:
        if field in ("code", "date", "type"):
            raise CorrectionError(f"field '{field}': cannot be left empty")
        return [] if field == "recipients" else None
    if field == "code":
        code = decree.normalise_code(value)
        if not _CODE.match(code):
            raise CorrectionError(f"field 'code': '{value}' is not a số/ký hiệu (like 175/KH-UBND or 45/2020/NĐ-CP)")
        return code
    if field == "date":
        try:
            day = typed_date(value)
        except ValueError:
            raise CorrectionError(f"field 'date': '{value}' is not a date (write 25/04/2023)") from None
        if not 1945 <= day.year <= _dt.date.today().year + 1:
            raise CorrectionError(f"field 'date': {day.strftime('%d/%m/%Y')} is not a date a document can bear")
        return day
    if field == "type":
        if name := decree.type_name(value):
            return name
        raise CorrectionError(f"field 'type': '{value}' is not a tên loại (Kế hoạch, Công văn, Quyết định, "
                              "Luật, Nghị định, …)")
    if field == "signer.authority":
        try:
            return decree.normalise_authority(value)
        except ValueError:
            raise CorrectionError(f"field 'signer.authority': '{value}' is not one of "
                                  f"{', '.join(decree.AUTHORITY_PREFIXES)}") from None
    if field == "recipients":
        return [r.strip() for r in value.split(";") if r.strip()]
    return value


def reference_from_text(text: str) -> Reference:
    """A reference a clerk adds: CODE, CODE/YEAR or CODE with a date ("175/KH-UBND/2023",
    "175/KH-UBND 25/04/2023")."""
    parts = text.strip().split()
    date = None
    if len(parts) == 2:
        try:
            date = typed_date(parts[1])
        except ValueError:
            raise CorrectionError(f"reference '{text}': '{parts[1]}' is not a date (write 25/04/2023)") from None
    elif len(parts) != 1:
        raise CorrectionError(f"reference '{text}': write its số/ký hiệu, and its date or year")
    code = decree.normalise_code(parts[0])
    year_at_end = re.match(r"^(.*)/((?:19|20)\d{2})$", code)
    if year_at_end and _CODE.match(year_at_end.group(1)) and not re.match(r"^\d+(?:\.\d+)?/\d{4}$", code):
        code = year_at_end.group(1)
        date = date or _dt.date(int(year_at_end.group(2)), 1, 1)
    if not _CODE.match(code):
        raise CorrectionError(f"reference '{text}': '{code}' is not a số/ký hiệu (like 175/KH-UBND/2023)")
    abbreviation = re.split(r"[/-]", code.split("/", 1)[1])[0] if "/" in code else ""
    kind = decree.doc_type_by_abbr(abbreviation)
    return Reference(kind.name if kind else None, code, date, text=f"(thêm tay) {text.strip()}")


def references_edited(references: list[Reference], add: Iterable[str], remove: Iterable[str]) -> list[Reference]:
    """A record's references after a clerk removes some (by code) and adds others (CODE,
    CODE/YEAR, CODE DATE: reference_from_text); CorrectionError naming one it does not cite."""
    references = list(references)
    for text in remove:
        code = decree.code_key(text.strip())
        kept = [r for r in references if decree.code_key(r.code) != code]
        if len(kept) == len(references):
            raise CorrectionError(f"reference '{text}': the record does not cite it")
        references = kept
    return references + [reference_from_text(text) for text in add]


def deadlines_edited(deadlines: list[Deadline], add: Iterable[tuple[str, str | None, str | None]],
                     remove: Iterable[str]) -> list[Deadline]:
    """A record's deadlines after a clerk removes some (by date) and adds others ((date, task,
    responsible), typed as 31/12/2026), by date; CorrectionError naming a wrong one."""
    deadlines = list(deadlines)
    for text in remove:
        day = _deadline_day(text)
        kept = [d for d in deadlines if d.date != day]
        if len(kept) == len(deadlines):
            raise CorrectionError(f"deadline {day.strftime('%d/%m/%Y')}: the record has none on that day")
        deadlines = kept
    for text, task, responsible in add:
        deadlines.append(Deadline(_deadline_day(text), "before", task=task or None, responsible=responsible or None,
                                  text="(thêm tay)"))
    return sorted(deadlines, key=lambda d: d.date or _dt.date.max)


def _deadline_day(text: str) -> _dt.date:
    try:
        return typed_date(text)
    except ValueError:
        raise CorrectionError(f"deadline '{text}': not a date (write 31/12/2026)") from None


def encode(field: str, value) -> object:
    """A corrected value as JSON holds it."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if field in LIST_FIELDS:
        return [item.to_dict() for item in value]
    return value


def decode(field: str, data) -> object:
    if field == "date":
        return _dt.date.fromisoformat(data) if data else None
    if field == "references":
        return [Reference.from_dict(r) for r in data]
    if field == "deadlines":
        return [Deadline.from_dict(d) for d in data]
    return data


def apply(record: Record, corrections: list[Correction]) -> Record:
    """The record with the corrections laid over it (a new Record; number and year follow the code
    and the date)."""
    fields: dict = {}
    signer = record.signer
    for c in corrections:
        if c.field.startswith("signer."):
            signer = replace(signer, **{c.field.split(".", 1)[1]: c.value})
        else:
            fields[c.field] = c.value
    if "code" in fields:
        fields["number"] = decree.code_number(fields["code"])
    corrected = replace(record, signer=Signer(signer.authority, signer.title, signer.name), **fields)
    return corrected


def value_of(record: Record, field: str):
    if field.startswith("signer."):
        return getattr(record.signer, field.split(".", 1)[1])
    return getattr(record, field)


def shown(value) -> str:
    """A value as a message or the log shows it."""
    if value is None or value == []:
        return "–"
    if isinstance(value, _dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):
        return "; ".join(getattr(v, "code", None) or (v.date.isoformat() if getattr(v, "date", None) else str(v))
                         for v in value)
    return str(value)
