"""Report forms (mẫu báo cáo) filled from data, many at a time, ready for the signer.

A form's fixed rows and columns live in its template (templates/reports/); the cells,
the unit and the signer come from data: a YAML/JSON file for one report, or a sheet
(CSV, XLSX) with one row per table row, grouped into one report per unit.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from docxtpl import DocxTemplate
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from docgen.base import decree
from docgen.base.docx_format import ensure_page_numbers
from docgen.base.vntext import fold_key, nfc
from docgen.drafting.data import DataError
from docgen.drafting.template_set import default_folder


@dataclass(frozen=True)
class Form:
    id: str
    title: str
    columns: tuple[str, ...]  # the data keys of a table row
    headers: tuple[str, ...]  # their column titles, for the sheet written beside the PDF
    fixed_rows: int | None = None  # the form's rows are fixed (kh-46: five focus areas)
    index_column: str | None = None  # which fixed row a sheet row fills
    attached_to: str = ""
    note: str = ""

    @property
    def docx(self) -> Path:
        return default_folder() / "reports" / f"{self.id}.docx"


FORMS = {
    "bao-cao-tuyen-truyen": Form(
        "bao-cao-tuyen-truyen", "Báo cáo tình hình tổ chức thực hiện công tác tuyên truyền",
        ("hinh_thuc", "noi_dung", "so_luong", "doi_tuong", "lo_trinh", "danh_gia"),
        ("Hình thức tuyên truyền", "Nội dung", "Số lượng/Số lượt", "Đối tượng tuyên truyền", "Lộ trình",
         "Đánh giá chất lượng, hiệu quả tuyên truyền"),
        fixed_rows=5, index_column="trong_tam",
        attached_to="Kế hoạch số 46/KH-UBND ngày 08 tháng 02 năm 2023 của Ủy ban nhân dân Quận 1",
        note="Các cơ quan, đơn vị có thể chọn 01 trong các nội dung để thực hiện sản phẩm tuyên truyền; gửi báo cáo "
             "về Ủy ban nhân dân Quận 1 (qua Phòng Nội vụ) kèm theo báo cáo thi đua công tác cải cách hành chính hàng năm.",
    ),
    "dang-ky-mo-hinh": Form(
        "dang-ky-mo-hinh", "Bản đăng ký mô hình, giải pháp, sáng kiến thi đua",
        ("don_vi", "ten", "linh_vuc", "thoi_gian", "ket_qua", "phu_trach"),
        ("Đơn vị", "Tên mô hình, giải pháp, sáng kiến", "Lĩnh vực", "Thời gian bắt đầu và hoàn thành",
         "Kết quả dự kiến", "Người phụ trách"),
        attached_to="Kế hoạch số 175/KH-UBND ngày 25 tháng 4 năm 2023 của Ủy ban nhân dân Quận 1",
    ),
}

# Sheet headings people write, to the keys above ("Người ký" → signer_name).
ALIASES = {
    "don vi": "unit", "ten don vi": "unit", "unit": "unit",
    "nguoi ky": "signer_name", "thu truong": "signer_name", "signer_name": "signer_name",
    "chuc vu": "signer_title", "signer_title": "signer_title",
    "nguoi thuc hien": "preparer", "preparer": "preparer",
    "dia danh": "place", "place": "place", "ngay": "date", "date": "date",
    "trong tam": "trong_tam", "stt trong tam": "trong_tam",
    "hinh thuc tuyen truyen": "hinh_thuc", "noi dung": "noi_dung", "so luong/so luot": "so_luong",
    "doi tuong tuyen truyen": "doi_tuong", "lo trinh": "lo_trinh",
    "danh gia chat luong, hieu qua tuyen truyen": "danh_gia",
    "ten mo hinh, giai phap, sang kien": "ten", "linh vuc": "linh_vuc",
    "thoi gian bat dau va hoan thanh": "thoi_gian", "ket qua du kien": "ket_qua", "nguoi phu trach": "phu_trach",
}


class ReportData(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    unit: str = Field(description="tên đơn vị")
    place: str = Field(description="địa danh")
    date: _dt.date | None = None
    preparer: str = Field("", description="người thực hiện")
    signer_title: str = Field("Thủ trưởng đơn vị", description="the head's title")
    signer_name: str = Field(description="the head of the unit, who signs")
    attached_to: str | None = None
    note: str | None = None
    rows: list[dict[str, str]] = Field(default_factory=list)


@dataclass
class Produced:
    name: str
    docx: Path
    signer_name: str
    pdf: Path | None = None
    xlsx: Path | None = None


@dataclass
class Batch:
    reports: list[tuple[str, ReportData]] = field(default_factory=list)  # (name, data)
    problems: list[str] = field(default_factory=list)  # "FILE: row N: …"


def get_form(form_id: str) -> Form:
    try:
        return FORMS[form_id]
    except KeyError:
        raise DataError(form_id, None, f"unknown report form (known: {', '.join(FORMS)})") from None


# --- reading data ------------------------------------------------------------------------

def _key(header: str) -> str:
    folded = fold_key(str(header or ""))
    return ALIASES.get(folded, folded.replace(" ", "_"))


def read_sheet(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as the clerk sees it, {key: text}) for each data row of a CSV or XLSX."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            with open(path, encoding="utf-8-sig", newline="") as f:
                reader = csv.reader(f)
                headers = [_key(h) for h in next(reader, [])]
                for number, values in enumerate(reader, start=2):
                    if any(v.strip() for v in values):
                        yield number, {h: nfc(v.strip()) for h, v in zip(headers, values) if h}
        except UnicodeDecodeError:
            raise DataError(path, None, "not UTF-8 text") from None
        return
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).active
    except Exception as exc:
        raise DataError(path, None, f"not a readable .xlsx ({type(exc).__name__})") from None
    rows = sheet.iter_rows(values_only=True)
    headers = [_key(h) for h in next(rows, [])]
    for number, values in enumerate(rows, start=2):
        if values and any(v not in (None, "") for v in values):
            yield number, {h: _cell(v) for h, v in zip(headers, values) if h}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value).strip())


HEADER_KEYS = ("unit", "place", "date", "preparer", "signer_title", "signer_name", "attached_to", "note")


def from_sheet(path: Path, form: Form, per_unit: str | None) -> Batch:
    """One report per unit (grouped by the --per-unit column), or one for the whole sheet."""
    group_key = _key(per_unit) if per_unit else None
    batch = Batch()
    groups: dict[str, dict] = {}
    for number, row in read_sheet(path):
        name = row.get(group_key, "") if group_key else "report"
        if group_key and not name:
            batch.problems.append(f"{path}: row {number}: no '{per_unit}'")
            continue
        group = groups.setdefault(name, {k: row[k] for k in HEADER_KEYS if row.get(k)} | {"rows": {}, "order": []})
        if group_key and group_key in ("unit", "don_vi"):
            group.setdefault("unit", name)
        missing = [c for c in form.columns if c not in row]
        if missing and not any(row.get(c) for c in form.columns):
            batch.problems.append(f"{path}: row {number}: no cells for the table ({', '.join(missing)})")
            continue
        cells = {c: row.get(c) or (row.get("unit", "") if c == "don_vi" else "") for c in form.columns}
        if form.fixed_rows:
            index = row.get(form.index_column or "", "")
            if not index.isdigit() or not 1 <= int(index) <= form.fixed_rows:
                batch.problems.append(f"{path}: row {number}: '{form.index_column}' must be 1 to {form.fixed_rows}, "
                                      f"not '{index}'")
                continue
            group["rows"][int(index)] = cells
        else:
            group["order"].append(cells)
    for name, group in groups.items():
        raw = {k: v for k, v in group.items() if k not in ("rows", "order")}
        if form.fixed_rows:
            raw["rows"] = [group["rows"].get(i, {}) for i in range(1, form.fixed_rows + 1)]
        else:
            raw["rows"] = group["order"]
        try:
            batch.reports.append((name, ReportData.model_validate(raw)))
        except ValidationError as exc:
            error = exc.errors()[0]
            batch.problems.append(f"{path}: unit '{name}': field '{'.'.join(map(str, error['loc']))}': "
                                  f"{'required but missing' if error['type'] == 'missing' else error['msg']}")
    return batch


def load(path: Path, form: Form, per_unit: str | None = None) -> Batch:
    path = Path(path)
    if not path.is_file():
        raise DataError(path, None, "file not found")
    if path.suffix.lower() in (".csv", ".xlsx"):
        return from_sheet(path, form, per_unit)
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise DataError(path, None, f"not valid data ({type(exc).__name__})") from None
    if not isinstance(raw, dict):
        raise DataError(path, None, "expected a mapping of fields at the top level")
    raw.pop("form", None)
    try:
        data = ReportData.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise DataError(path, ".".join(map(str, error["loc"])),
                        "required but missing" if error["type"] == "missing" else error["msg"]) from None
    if form.fixed_rows and len(data.rows) > form.fixed_rows:
        raise DataError(path, "rows", f"this form has {form.fixed_rows} fixed rows")
    return Batch([(data.unit, data)])


# --- writing -------------------------------------------------------------------------------

def context(form: Form, data: ReportData) -> dict:
    rows = list(data.rows)
    if form.fixed_rows:
        rows += [{}] * (form.fixed_rows - len(rows))
    rows = [{c: r.get(c, "") for c in form.columns} for r in rows]
    return {
        "unit": data.unit, "attached_to": data.attached_to or form.attached_to, "note": data.note or form.note,
        "rows": rows, "preparer": data.preparer, "signer_title": data.signer_title, "signer_name": data.signer_name,
        "date_line": decree.date_line(data.place, data.date, data.date.year if data.date else _dt.date.today().year),
    }


def render(form: Form, data: ReportData, out: Path) -> Path:
    template = DocxTemplate(str(form.docx))
    template.render(context(form, data), autoescape=True)
    ensure_page_numbers(template.docx)  # a report of two pages or more is numbered from page 2
    out.parent.mkdir(parents=True, exist_ok=True)
    template.save(str(out))
    return out


def write_sheet(form: Form, data: ReportData, out: Path) -> Path:
    """The table's data as .xlsx, for the receiving office."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Đơn vị", *form.headers])
    for row in context(form, data)["rows"]:
        sheet.append([data.unit, *[row.get(c, "") for c in form.columns]])
    book.save(out)
    return out


def safe_name(name: str) -> str:
    """A unit's name as a file name: folded, no separators."""
    import re

    return re.sub(r"[^A-Za-z0-9]+", "-", fold_key(name)).strip("-") or "report"


def finish_pdf(pdf: Path, signer_name: str, p12: Path | None = None, passphrase: bytes | None = None) -> Path:
    """The empty signature field over the signer's area; signed at once with --sign."""
    from docgen.drafting.signing import add_signature_field, sign, signer_box

    add_signature_field(pdf, signer_box(pdf, signer_name))
    if p12:
        sign(pdf, p12, passphrase)
    return pdf


def _unique_stems(names: list[str], out_dir: Path) -> list[Path]:
    """One file stem a unit; two units whose names fold alike ("Phòng Nội vụ", "Phong Noi vu")
    get -2, -3 rather than overwrite each other."""
    seen: dict[str, int] = {}
    stems = []
    for name in names:
        base = safe_name(name)
        seen[base] = seen.get(base, 0) + 1
        stems.append(out_dir / (base if seen[base] == 1 else f"{base}-{seen[base]}"))
    return stems


def _each(items, label):
    return items


def produce(form: Form, batch: Batch, out_dir: Path, *, stem: Path | None = None, sheets: bool = False,
            pdf: bool = True, p12: Path | None = None, passphrase: bytes | None = None,
            progress=_each) -> list[Produced]:
    """Every report of the batch as .docx (and its table as .xlsx with sheets), then as PDFs
    through one LibreOffice, each with the empty signature field (signed with p12).
    stem names a single report's files; progress(items, label) may wrap the loops in a bar."""
    from docgen.base.pdf import convert_to_pdf

    names = [name for name, _ in batch.reports]
    stems = [stem] if stem and len(names) == 1 else _unique_stems(names, Path(out_dir))
    made = []
    for (name, data), file_stem in progress(list(zip(batch.reports, stems)), "rendering"):
        produced = Produced(name, render(form, data, file_stem.with_suffix(".docx")), data.signer_name)
        if sheets:
            produced.xlsx = write_sheet(form, data, file_stem.with_suffix(".xlsx"))
        made.append(produced)
    if pdf and made:
        pdfs = convert_to_pdf([p.docx for p in made])
        for produced, path in progress(list(zip(made, pdfs)), "signature fields"):
            produced.pdf = finish_pdf(path, produced.signer_name, p12, passphrase)
    return made
