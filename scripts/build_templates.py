"""Write the .docx templates in templates/ from one skeleton.

The templates are ordinary Word files with docxtpl tags; clerks may edit them
in Word or LibreOffice. This script is how they were made, so that a change to
the shared layout (margins, header, signature block) is made once:

    .venv/bin/python scripts/build_templates.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.base import decree  # noqa: E402
from docgen.base.docx_format import (  # noqa: E402
    BASIS_STYLE,
    add_border,
    add_page_field,
    ensure_body_styles,
    fix_style_fonts,
    set_run_font,
    set_table_borders,
    set_table_grid,
)

# Header table: ô 2/3/5b on the left, ô 1/4 on the right (nd30-format.md §9).
HEADER_WIDTHS_CM = [7.0, 9.5]
SIGNATURE_WIDTHS_CM = [7.0, 8.5]
TIEU_NGU_WIDTH_CM = 6.2  # the rule under Tiêu ngữ is as long as Tiêu ngữ (13 pt bold)
ISSUER_RULE_CM = 2.4  # 1/3 to 1/2 of the issuer line
TITLE_RULE_CM = 4.0


@dataclass(frozen=True)
class Variant:
    id: str
    kinh_gui: str  # "always", "optional" or "never"
    title: bool = True  # công văn has no tên loại
    decision: bool = False  # Quyết định: thẩm quyền, căn cứ, "QUYẾT ĐỊNH:"
    invitation: bool = False  # Giấy mời: kính mời / tới dự / thời gian / địa điểm


VARIANTS = [
    Variant("ke-hoach", "never"),
    Variant("cong-van", "always", title=False),
    Variant("quyet-dinh", "never", decision=True),
    Variant("chi-thi", "never"),
    Variant("thong-bao", "never"),
    Variant("bao-cao", "optional"),
    Variant("to-trinh", "optional"),
    Variant("giay-moi", "never", invitation=True),
]


def para(container, text: str = "", *, size: float = 14, bold=False, italic=False,
         align=WD_ALIGN_PARAGRAPH.CENTER, space_before: float = 0, space_after: float = 0,
         style: str | None = None):
    p = container.add_paragraph(style=style) if style else container.add_paragraph()
    fmt = p.paragraph_format
    if align is not None:
        fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
    if text:
        run = p.add_run(text)
        set_run_font(run._r)
        run.font.size = Pt(size)
        run.bold, run.italic = bold or None, italic or None
    return p


def rule(container, width_cm: float, cell_width_cm: float):
    """An empty paragraph whose top border is the short rule, centred in the cell."""
    p = para(container, size=2, space_before=3)
    indent = max((cell_width_cm - width_cm) / 2, 0)
    p.paragraph_format.left_indent = Cm(indent)
    p.paragraph_format.right_indent = Cm(indent)
    p.paragraph_format.line_spacing = Pt(2)
    add_border(p, "top")
    return p


def first_cell_paragraph(cell):
    """A new cell holds one empty paragraph; reuse it for the first line."""
    p = cell.paragraphs[0]
    p._p.getparent().remove(p._p)
    return cell


def build_header(doc, v: Variant):
    left_w, right_w = HEADER_WIDTHS_CM
    table = doc.add_table(rows=2 if v.title else 3, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_grid(table, HEADER_WIDTHS_CM)
    set_table_borders(table, visible=False)

    left = first_cell_paragraph(table.cell(0, 0))
    para(left, "{%p if parent_issuer %}", size=12)
    para(left, "{{ parent_issuer|upper }}", size=12)
    para(left, "{%p endif %}", size=12)
    para(left, "{{ issuer|upper }}", size=12, bold=True)
    rule(left, ISSUER_RULE_CM, left_w)

    right = first_cell_paragraph(table.cell(0, 1))
    para(right, decree.QUOC_HIEU, size=12, bold=True)
    para(right, decree.TIEU_NGU, size=13, bold=True)
    rule(right, TIEU_NGU_WIDTH_CM, right_w)

    para(first_cell_paragraph(table.cell(1, 0)), "Số: {{ code }}", size=13, space_before=6)
    para(first_cell_paragraph(table.cell(1, 1)), "{{ date_line }}", size=14, italic=True, space_before=6)
    if not v.title:
        para(first_cell_paragraph(table.cell(2, 0)), "V/v {{ subject }}", size=12, space_before=6)
        para(first_cell_paragraph(table.cell(2, 1)), "", size=12)


def build_title(doc, v: Variant):
    para(doc, "", size=14)
    para(doc, "{{ type_title }}", size=14, bold=True, space_before=6)
    para(doc, "{{ subject }}", size=14, bold=True)
    rule(doc, TITLE_RULE_CM, 15.5)


def build_kinh_gui(doc, v: Variant):
    if v.kinh_gui == "never":
        return
    if v.kinh_gui == "optional":
        para(doc, "{%p if recipients %}", size=14)
    para(doc, "", size=14)
    para(doc, "{%p if recipients|length == 1 %}", size=14)
    p = para(doc, "Kính gửi: {{ recipients[0] }}", size=14, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.first_line_indent = Cm(3.5)
    para(doc, "{%p else %}", size=14)
    p = para(doc, "Kính gửi:", size=14, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.first_line_indent = Cm(3.5)
    para(doc, "{%p for line in recipient_lines %}", size=14)
    p = para(doc, "{{ line }}", size=14, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.left_indent = Cm(4.5)
    para(doc, "{%p endfor %}", size=14)
    para(doc, "{%p endif %}", size=14)
    if v.kinh_gui == "optional":
        para(doc, "{%p endif %}", size=14)


def build_bases(doc, v: Variant):
    if v.decision:
        para(doc, "{{ competent_authority }}", size=14, bold=True, space_before=12, space_after=6)
    para(doc, "{%p for line in basis_lines %}", size=14)
    para(doc, "{{ line }}", style=BASIS_STYLE, align=None)
    para(doc, "{%p endfor %}", size=14)
    if v.decision:
        para(doc, "{%p if proposal %}", size=14)
        para(doc, "{{ proposal }}", style=BASIS_STYLE, align=None)
        para(doc, "{%p endif %}", size=14)
        para(doc, "QUYẾT ĐỊNH:", size=14, bold=True, space_before=12, space_after=6)


def build_invitation(doc):
    def line(label: str, value: str):
        p = para(doc, style="ND30 Nội dung", align=None)
        run = p.add_run(label)
        run.bold = True
        p.add_run(value)

    line("", "{{ issuer }} trân trọng kính mời: {{ invitation.invitee }}")
    line("Tới dự: ", "{{ invitation.event }}")
    line("Thời gian: ", "{{ invitation.time }}")
    line("Địa điểm: ", "{{ invitation.venue }}")
    para(doc, "{%p if invitation.chair %}", size=14)
    line("Chủ trì: ", "{{ invitation.chair }}")
    para(doc, "{%p endif %}", size=14)


def build_signature(doc):
    para(doc, "", size=14)
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_grid(table, SIGNATURE_WIDTHS_CM)
    set_table_borders(table, visible=False)
    left = first_cell_paragraph(table.cell(0, 0))
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(left, "{%p for line in cc_lines %}", size=11)
    para(left, "{{ line }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(left, "{%p endfor %}", size=11)
    right = first_cell_paragraph(table.cell(0, 1))
    para(right, "{%p for line in signature_lines %}", size=14)
    para(right, "{{ line }}", size=14, bold=True)
    para(right, "{%p endfor %}", size=14)
    for _ in range(4):  # room for the signature and the seal (ô 7c, 8)
        para(right, "", size=14)
    para(right, "{{ signer.name }}", size=14, bold=True)


def set_page(doc):
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    margins = decree.DEFAULT_MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    # Page numbers: top centre, not on the first page (Phụ lục I, I.7).
    section.different_first_page_header_footer = True
    header_p = section.header.paragraphs[0]
    header_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(header_p)


def build(v: Variant) -> Document:
    doc = Document()
    fix_style_fonts(doc)
    ensure_body_styles(doc)
    doc.paragraphs[0]._p.getparent().remove(doc.paragraphs[0]._p) if doc.paragraphs else None
    set_page(doc)
    build_header(doc, v)
    if v.title:
        build_title(doc, v)
    build_kinh_gui(doc, v)
    build_bases(doc, v)
    if v.invitation:
        build_invitation(doc)
    para(doc, "{{p body }}", size=14)
    build_signature(doc)
    doc.core_properties.title = "{{ type_title }}"
    doc.core_properties.author = "docgen"
    return doc


def main(out_dir: Path = ROOT / "templates") -> None:
    out_dir.mkdir(exist_ok=True)
    for v in VARIANTS:
        path = out_dir / f"{v.id}.docx"
        build(v).save(path)
        print(f"wrote {path.relative_to(ROOT)}")




# --- report forms (mẫu báo cáo): fixed rows and columns here, the cells from data ----------

KH46_FOCUS = [
    "1. Tuyên truyền, phổ biến các quy định, các văn bản của Đảng và pháp luật của Nhà nước",
    "2. Tuyên truyền thực hiện Đề án Văn hóa công vụ, Văn hóa công sở; Quy tắc ứng xử, kỷ luật, kỷ cương hành chính; "
    "nguyên tắc “4 xin – 4 luôn”, Văn minh đô thị, Chính quyền điện tử - Đô thị thông minh",
    "3. Tuyên truyền, phổ biến chỉ số cải cách hành chính (PAR INDEX); nâng cao chất lượng phục vụ Nhân dân, "
    "mức độ hài lòng của người dân, doanh nghiệp",
    "4. Tuyên truyền công tác cải cách hành chính (06 nội dung)",
    "5. Tuyên truyền, vận động Nhân dân phát huy vai trò giám sát, đánh giá chất lượng phục vụ của các cơ quan hành "
    "chính, chất lượng cung ứng dịch vụ công",
]
KH46_COLUMNS = ["Trọng tâm", "Hình thức tuyên truyền", "Nội dung", "Số lượng/Số lượt", "Đối tượng tuyên truyền",
                "Lộ trình", "Đánh giá chất lượng, hiệu quả tuyên truyền"]
KH46_KEYS = ["hinh_thuc", "noi_dung", "so_luong", "doi_tuong", "lo_trinh", "danh_gia"]
REGISTRATION_COLUMNS = ["STT", "Đơn vị", "Tên mô hình, giải pháp, sáng kiến", "Lĩnh vực",
                        "Thời gian bắt đầu và hoàn thành", "Kết quả dự kiến", "Người phụ trách"]
REGISTRATION_KEYS = ["stt", "don_vi", "ten", "linh_vuc", "thoi_gian", "ket_qua", "phu_trach"]


def landscape(doc):
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(25), Mm(15)


def cell_text(cell, text: str, *, bold=False, italic=False, size=12, align=WD_ALIGN_PARAGRAPH.LEFT):
    p = cell.paragraphs[0]
    p.alignment = align
    run = p.add_run(text)
    set_run_font(run._r)
    run.font.size = Pt(size)
    run.bold, run.italic = bold or None, italic or None
    return p


def report_foot(doc, width_cm: float):
    """Người thực hiện on the left, the head of the unit on the right, signed and sealed."""
    para(doc, "", size=13)
    table = doc.add_table(rows=1, cols=2)
    set_table_grid(table, [width_cm / 2, width_cm / 2])
    set_table_borders(table, visible=False)
    left = first_cell_paragraph(table.cell(0, 0))
    para(left, "", size=13)
    para(left, "Người thực hiện", size=13, bold=True)
    para(left, "(Ký tên và ghi rõ họ tên)", size=13, italic=True)
    for _ in range(4):
        para(left, "", size=13)
    para(left, "{{ preparer }}", size=13, bold=True)
    right = first_cell_paragraph(table.cell(0, 1))
    para(right, "{{ date_line }}", size=13, italic=True)
    para(right, "{{ signer_title|upper }}", size=13, bold=True)
    para(right, "(Ký tên và đóng dấu)", size=13, italic=True)
    for _ in range(4):
        para(right, "", size=13)
    para(right, "{{ signer_name }}", size=13, bold=True)


def report_head(kind: str, title: str):
    """A landscape form: the unit, the kind and title, the "Kèm theo" line."""
    doc = Document()
    fix_style_fonts(doc, size_pt=13)
    doc.paragraphs[0]._p.getparent().remove(doc.paragraphs[0]._p) if doc.paragraphs else None
    landscape(doc)
    para(doc, "Tên đơn vị: {{ unit }}", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(doc, kind, size=14, bold=True, space_before=12)
    para(doc, title, size=14, bold=True)
    para(doc, "(Kèm theo {{ attached_to }})", size=13, italic=True, space_after=12)
    return doc


def build_kh46_form():
    doc = report_head("BÁO CÁO", "TÌNH HÌNH TỔ CHỨC THỰC HIỆN CÔNG TÁC TUYÊN TRUYỀN")
    table = doc.add_table(rows=1 + len(KH46_FOCUS), cols=len(KH46_COLUMNS))
    set_table_borders(table, visible=True)
    set_table_grid(table, [6.0, 3.2, 3.6, 2.4, 3.2, 2.6, 4.7])
    for cell, title in zip(table.rows[0].cells, KH46_COLUMNS):
        cell_text(cell, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for i, focus in enumerate(KH46_FOCUS):
        cells = table.rows[i + 1].cells
        cell_text(cells[0], focus)
        for cell, key in zip(cells[1:], KH46_KEYS):
            cell_text(cell, f"{{{{ rows[{i}].{key} }}}}")
    para(doc, "* Lưu ý: {{ note }}", size=12, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_before=6)
    report_foot(doc, 25.7)
    return doc


def build_registration_form():
    doc = report_head("BẢN ĐĂNG KÝ", "MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN THI ĐUA")
    # docxtpl repeats the middle row: the rows holding {%tr …%} are replaced by the tags
    table = doc.add_table(rows=4, cols=len(REGISTRATION_COLUMNS))
    set_table_borders(table, visible=True)
    set_table_grid(table, [1.2, 3.8, 6.0, 3.0, 3.6, 4.6, 3.5])
    for cell, title in zip(table.rows[0].cells, REGISTRATION_COLUMNS):
        cell_text(cell, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    cell_text(table.rows[1].cells[0], "{%tr for r in rows %}")
    cells = table.rows[2].cells
    cell_text(cells[0], "{{ loop.index }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    for cell, key in zip(cells[1:], REGISTRATION_KEYS[1:]):
        cell_text(cell, f"{{{{ r.{key} }}}}")
    cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    report_foot(doc, 25.7)
    return doc


REPORT_FORMS = {"bao-cao-tuyen-truyen": build_kh46_form, "dang-ky-mo-hinh": build_registration_form}


def build_reports(out_dir: Path = ROOT / "templates" / "reports") -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for form_id, build_form in REPORT_FORMS.items():
        path = out_dir / f"{form_id}.docx"
        build_form().save(path)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
    build_reports()
