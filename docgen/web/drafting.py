"""Drafting in the browser: the form a template's data fields make, the same checks
as the command line (docgen.data), bases by code expanded from the archive."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from archive.crossref import BasisError
from docgen.drafting import data as data_mod
from docgen.drafting.render import check_requirements, render_docx

# (name in the form, label, kind): kind "line", "lines" (one item a line), "text", "date", "number"
FIELDS = [
    ("parent_issuer", "Cơ quan chủ quản", "line"), ("issuer", "Cơ quan ban hành", "line"),
    ("issuer_abbr", "Viết tắt cơ quan (ký hiệu)", "line"), ("unit_abbr", "Viết tắt đơn vị soạn thảo (công văn)", "line"),
    ("number", "Số (để trống: văn thư cấp)", "number"), ("place", "Địa danh", "line"),
    ("date", "Ngày ban hành", "date"), ("subject", "Trích yếu", "line"),
    ("recipients", "Kính gửi (mỗi dòng một nơi)", "lines"),
    ("bases", "Căn cứ (mỗi dòng một căn cứ; có thể ghi số/năm, ví dụ: Thực hiện 406/KH-UBND/2022)", "lines"),
    ("competent_authority", "Thẩm quyền ban hành (quyết định)", "line"), ("proposal", "Theo đề nghị của (quyết định)", "line"),
    ("invitation.invitee", "Kính mời (giấy mời)", "line"), ("invitation.event", "Tới dự", "line"),
    ("invitation.time", "Thời gian", "line"), ("invitation.venue", "Địa điểm", "line"), ("invitation.chair", "Chủ trì", "line"),
    ("body", "Nội dung (I., 1., 1.1., - gạch đầu dòng, bảng | … |)", "text"),
    ("cc", "Nơi nhận (mỗi dòng một nơi)", "lines"), ("archive_copy", "Lưu", "line"),
    ("signer.authority", "Quyền hạn ký", "authority"), ("signer.on_behalf_of", "Ký thay mặt / thay cho", "line"),
    ("signer.title", "Chức vụ người ký", "line"), ("signer.name", "Họ tên người ký", "line"),
]


@dataclass
class FormError:
    field: str | None
    message: str


@dataclass
class Rendered:
    content: bytes
    media_type: str
    filename: str


def values_from_data(raw: dict) -> dict[str, str]:
    """A data file's fields as the form's text values."""
    values = {}
    for name, _, kind in FIELDS:
        value = raw
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            values[name] = ""
        elif kind == "lines":
            values[name] = "\n".join(str(v) for v in value)
        else:
            values[name] = str(value)
    values["template"] = str(raw.get("template", ""))
    return values


def data_from_values(template_id: str, values: dict[str, str]) -> dict:
    raw: dict = {"template": template_id}
    for name, _, kind in FIELDS:
        text = (values.get(name) or "").strip()
        if not text:
            continue
        value = [line.strip() for line in text.splitlines() if line.strip()] if kind == "lines" else text
        target = raw
        *parents, last = name.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return raw


def render_from_form(spec, values: dict[str, str], library, want_pdf: bool = False) -> Rendered | FormError:
    raw = data_from_values(spec.id, values)
    try:
        document = data_mod.validate(raw, "biểu mẫu")
        check_requirements(document, spec, "biểu mẫu")
        document.bases = library.expand_bases(document.bases)
    except data_mod.DataError as exc:
        return FormError(exc.field, exc.problem)
    except BasisError as exc:
        return FormError("bases", str(exc))
    with tempfile.TemporaryDirectory(prefix="docgen-draft-") as tmp:
        docx = render_docx(document, spec, Path(tmp) / f"{spec.id}.docx")
        if not want_pdf:
            return Rendered(docx.read_bytes(),
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.name)
        from docgen.base.pdf import PdfError, convert_to_pdf

        try:
            (pdf,) = convert_to_pdf([docx])
        except PdfError as exc:
            return FormError(None, str(exc))
        return Rendered(pdf.read_bytes(), "application/pdf", pdf.name)
