"""Render each template's starter data and read the .docx layout back."""

from __future__ import annotations

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from docgen.drafting import data, template_set
from docgen.base import decree
from docgen.base.docx_format import has_page_field
from docgen.drafting.render import render_docx
from docx_layout import Layout
from conftest import FIXTURES, TEMPLATE_IDS, starter


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_page_setup_and_fonts(rendered, template_id):
    layout = Layout(rendered[template_id][1])
    assert layout.page_mm() == (210, 297)
    assert layout.margins_mm() == {"top": 25.0, "bottom": 20.0, "left": 35.0, "right": 20.0}
    assert layout.all_fonts() == {"Times New Roman"}


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_header_texts_and_their_formatting(rendered, template_id):
    document, path = rendered[template_id]
    layout = Layout(path)
    t = layout.header_table
    issuer = layout.cell_paragraph(t, 0, 0, document.issuer.upper())
    assert layout.style_of(issuer) == {"font": "Times New Roman", "size": 12, "bold": True, "italic": False}
    if document.parent_issuer:
        parent = layout.cell_paragraph(t, 0, 0, document.parent_issuer.upper())
        assert layout.style_of(parent)["bold"] is False
    quoc_hieu = layout.cell_paragraph(t, 0, 1, decree.QUOC_HIEU)
    assert layout.style_of(quoc_hieu)["bold"] and layout.style_of(quoc_hieu)["size"] == 12
    tieu_ngu = layout.cell_paragraph(t, 0, 1, decree.TIEU_NGU)
    assert layout.style_of(tieu_ngu)["bold"] and layout.style_of(tieu_ngu)["size"] == 13

    spec = template_set.get_template(template_id)
    symbol = decree.compose_symbol(spec.doc_type.abbr, document.issuer_abbr, document.unit_abbr)
    number = layout.cell_paragraph(t, 1, 0, f"Số: {decree.format_number(document.number)}/{symbol}")
    assert layout.style_of(number)["size"] == 13
    date_line = layout.cell_paragraph(t, 1, 1, decree.date_line(document.place, document.date))
    assert layout.style_of(date_line) == {"font": "Times New Roman", "size": 14, "bold": False, "italic": True}


@pytest.mark.parametrize("template_id", [t for t in TEMPLATE_IDS if t != "cong-van"])
def test_type_name_and_subject_centred_bold(rendered, template_id):
    document, path = rendered[template_id]
    layout = Layout(path)
    spec = template_set.get_template(template_id)
    for text in (spec.doc_type.title, document.subject):
        p = layout.body_paragraph(text)
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert layout.style_of(p)["bold"] and layout.style_of(p)["size"] == 14


def test_cong_van_has_v_v_under_the_number_and_kinh_gui(rendered):
    document, path = rendered["cong-van"]
    layout = Layout(path)
    v_v = layout.cell_paragraph(layout.header_table, 2, 0, f"V/v {document.subject}")
    assert layout.style_of(v_v)["size"] == 12 and not layout.style_of(v_v)["bold"]
    assert not any(p.text.strip() == "CÔNG VĂN" for p in layout.doc.paragraphs)
    texts = [p.text.strip() for p in layout.doc.paragraphs]
    assert "Kính gửi:" in texts
    first, last = f"- {document.recipients[0]};", f"- {document.recipients[-1]}."
    assert texts.index(first) == texts.index("Kính gửi:") + 1
    assert last in texts


def test_single_recipient_sits_on_the_kinh_gui_line(rendered):
    document, path = rendered["bao-cao"]
    assert len(document.recipients) == 1
    Layout(path).body_paragraph(f"Kính gửi: {document.recipients[0]}")


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_noi_nhan_and_signature_block(rendered, template_id):
    document, path = rendered[template_id]
    layout = Layout(path)
    t = layout.signature_table
    left = layout.lines(t.cell(0, 0))
    assert left[0] == "Nơi nhận:"
    assert layout.style_of(t.cell(0, 0).paragraphs[0]) == {
        "font": "Times New Roman", "size": 12, "bold": True, "italic": True}
    assert left[-1] == decree.keep_copy_line(document.archive_copy)
    assert all(line.startswith("- ") and line.endswith((";", ".")) for line in left[1:])
    for p in t.cell(0, 0).paragraphs[1:]:
        if p.text.strip():
            assert layout.style_of(p)["size"] == 11
    right = layout.lines(t.cell(0, 1))
    assert right == document.signer.lines + [document.signer.name]
    for text in right:
        p = layout.cell_paragraph(t, 0, 1, text)
        assert layout.style_of(p)["bold"] and p.alignment == WD_ALIGN_PARAGRAPH.CENTER


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_page_number_in_header_not_on_first_page(rendered, template_id):
    layout = Layout(rendered[template_id][1])
    section = layout.doc.sections[0]
    assert section.different_first_page_header_footer
    assert has_page_field(section.header._element)
    assert not has_page_field(section.first_page_header._element)


def test_body_paragraph_rules(rendered):
    document, path = rendered["ke-hoach"]
    layout = Layout(path)
    p = layout.body_paragraph("- Tiếp tục nâng cao nhận thức về vị trí, vai trò và ý nghĩa của công tác cải cách hành chính.")
    fmt = p.style.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(fmt.first_line_indent.cm, 2) == 1.27
    assert fmt.space_before.pt >= 6
    heading = layout.body_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    assert layout.style_of(heading)["bold"]
    # the body ends with the end mark
    texts = [p.text.strip() for p in layout.doc.paragraphs if p.text.strip()]
    assert texts[-1].endswith("./.")


def test_bases_end_with_semicolons_and_a_full_stop():
    document = data.load(FIXTURES / "kh-175-ubnd-2023.yaml")
    from docgen.drafting.render import build_context

    lines = build_context(document, template_set.get_template("ke-hoach"), None)["basis_lines"]
    assert all(line.endswith(";") for line in lines[:-1]) and lines[-1].endswith(".")


def test_report_table_is_rendered_with_grid_widths(rendered):
    layout = Layout(rendered["bao-cao"][1])
    table = layout.doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Nội dung", "Kết quả"]
    assert table.rows[2].cells[2].text == "98,5%"
    widths = [int(col.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w"))
              for col in table._tbl.tblGrid]
    assert widths[1] > widths[0]  # "Nội dung" gets more room than "STT"


def test_values_with_markup_characters_render_literally(tmp_path):
    raw = data.read_data_file(template_set.get_template("cong-van").starter)
    tricky = 'Chương trình 27/CTrLT-UBND-MTTQ&TCCT-XH <b>"trích" \'dẫn\'</b> {{ subject }} {% if x %}'
    raw.update(issuer="Ủy ban MTTQ&TCCT-XH <Quận 1>", subject=tricky, body=f"Nội dung: {tricky}")
    raw["recipients"] = ["Ban A & B", "<Phòng> {{ C }}"]
    document = data.validate(raw)
    out = render_docx(document, template_set.get_template("cong-van"), tmp_path / "tricky.docx")
    layout = Layout(out)
    assert layout.lines(layout.header_table.cell(0, 0))[0] == "ỦY BAN MTTQ&TCCT-XH <QUẬN 1>"
    layout.cell_paragraph(layout.header_table, 2, 0, f"V/v {tricky}")
    texts = [p.text for p in layout.doc.paragraphs]
    assert f"Nội dung: {tricky}./." in texts
    assert "- <Phòng> {{ C }}." in texts


def test_blank_number_and_day_for_the_e_office_system(tmp_path):
    raw = data.read_data_file(template_set.get_template("ke-hoach").starter)
    raw.update(number=None, date=None, year=2026)
    out = render_docx(data.validate(raw), template_set.get_template("ke-hoach"), tmp_path / "blank.docx")
    layout = Layout(out)
    number = layout.lines(layout.header_table.cell(1, 0))[0]
    assert number.replace(" ", "") == "Số:/KH-UBND"
    assert layout.lines(layout.header_table.cell(1, 1))[0].startswith("Quận 1, ngày ")
    assert layout.lines(layout.header_table.cell(1, 1))[0].endswith("năm 2026")


def test_missing_required_field_for_the_type(tmp_path):
    raw = data.read_data_file(template_set.get_template("cong-van").starter)
    raw.pop("unit_abbr")
    with pytest.raises(data.DataError) as err:
        render_docx(data.validate(raw, "cv.yaml"), template_set.get_template("cong-van"), tmp_path / "x.docx",
                    data_path="cv.yaml")
    assert str(err.value) == "cv.yaml: field 'unit_abbr': required for a Công văn"


def test_clerk_template_folder_without_body_styles(tmp_path):
    """A clerk's own template, made in Word without docgen's styles, still renders."""
    from docx import Document

    folder = tmp_path / "mine"
    folder.mkdir()
    doc = Document()
    doc.add_paragraph("{{ issuer|upper }} – {{ code }}")
    doc.add_paragraph("{{p body }}")
    doc.save(folder / "thu-moi.docx")
    (folder / "templates.yaml").write_text("thu-moi: {type: Giấy mời}\n", encoding="utf-8")
    spec = template_set.get_template("thu-moi", folder)
    raw = data.read_data_file(template_set.get_template("ke-hoach").starter)
    raw["template"] = "thu-moi"
    out = render_docx(data.validate(raw), spec, tmp_path / "out.docx")
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert texts[0] == "ỦY BAN NHÂN DÂN QUẬN 1 – 175/GM-UBND"
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts


@pytest.mark.slow
@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice is not installed")
def test_the_signature_block_stays_whole_and_with_the_last_lines_of_the_text(tmp_path):
    """Rendered to PDF and read page by page, for bodies of 10 to 40 lines: the thẩm quyền, the
    chức vụ and the name are on one page, with the text's last line (without the rule, bodies of
    20-23 lines left "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" at the foot of page 1 and the name on page 2)."""
    import unicodedata

    import pdfplumber
    import yaml

    from docgen.base.pdf import convert_to_pdf

    raw = yaml.safe_load((template_set.default_folder() / "cong-van.yaml").read_text(encoding="utf-8"))
    made = []
    for lines in (10, 15, *range(18, 27), 30, 35, 40):
        raw["body"] = "\n".join(f"{i}. Nội dung thứ {i} của công văn, một dòng vừa phải để đếm dòng." for i in
                                range(1, lines + 1))
        path = tmp_path / f"cv-{lines}.yaml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        document = data.load(path)
        made.append((lines, render_docx(document, template_set.get_template("cong-van"), tmp_path / f"cv-{lines}.docx",
                                        data_path=path)))
    pdfs = convert_to_pdf([docx for _, docx in made])
    for (lines, _), pdf in zip(made, pdfs):
        with pdfplumber.open(pdf) as opened:
            pages = [unicodedata.normalize("NFC", page.extract_text() or "") for page in opened.pages]
        where = {mark: [i for i, text in enumerate(pages) if mark in text]
                 for mark in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A", f"{lines}. Nội dung thứ {lines}")}
        assert all(len(found) == 1 for found in where.values()), (lines, where)
        assert len({found[0] for found in where.values()}) == 1, (lines, len(pages), where)


@pytest.mark.parametrize("change, check", [
    ({"cc": None}, lambda layout_text: "- Như trên;" in layout_text and "- Lưu: VT, NV." in layout_text),
    ({"archive_copy": ""}, lambda layout_text: "- Lưu: VT." in layout_text and "- Lưu: ." not in layout_text),
])
def test_empty_nơi_nhận_fields_print_what_the_decree_expects(tmp_path, change, check):
    """`cc:` with nothing after it is no extra recipient; an empty Lưu line still names the văn thư."""
    import yaml
    from docx import Document

    raw = {**yaml.safe_load((template_set.default_folder() / "cong-van.yaml").read_text(encoding="utf-8")), **change}
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    out = render_docx(data.load(path), template_set.get_template("cong-van"), tmp_path / "cv.docx", data_path=path)
    text = "\n".join(p.text for t in Document(out).tables for row in t.rows for c in row.cells for p in c.paragraphs)
    assert check(text), text


def test_an_empty_body_is_refused_naming_the_field(tmp_path):
    import yaml

    raw = {**yaml.safe_load((template_set.default_folder() / "cong-van.yaml").read_text(encoding="utf-8")), "body": "  "}
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(data.DataError, match="field 'body': the document has no text"):
        data.load(path)


@pytest.mark.parametrize("chain, title, lines", [
    (["TM. Ủy ban nhân dân", "KT. Chủ tịch"], "Phó Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (["TL. Chủ tịch", "KT. Chánh Văn phòng"], "Phó Chánh Văn phòng",
     ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]),
    (["TUQ. Bộ trưởng"], "Q. Tổng cục trưởng", ["TUQ. BỘ TRƯỞNG", "Q. TỔNG CỤC TRƯỞNG"]),
])
def test_a_chain_of_authority_is_printed_one_level_a_line(tmp_path, chain, title, lines):
    import yaml
    from docx import Document

    raw = yaml.safe_load((template_set.default_folder() / "cong-van.yaml").read_text(encoding="utf-8"))
    raw["signer"] = {"chain": chain, "title": title, "name": "Nguyễn Văn A"}
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    out = render_docx(data.load(path), template_set.get_template("cong-van"), tmp_path / "cv.docx", data_path=path)
    signature = Document(out).tables[-1].cell(0, 1)
    printed = [p.text for p in signature.paragraphs if p.text.strip()]
    assert printed == lines + ["Nguyễn Văn A"]
    assert all(r.bold for p in signature.paragraphs if p.text.strip() for r in p.runs if r.text.strip())


@pytest.mark.parametrize("signer, message", [
    ({"chain": ["TM. Ủy ban nhân dân"], "authority": "KT.", "on_behalf_of": "Chủ tịch"}, "either chain"),
    ({"chain": ["XX. Ủy ban nhân dân"]}, "unknown signing authority"),
    ({"chain": ["KT."]}, "name the collective or head after KT."),
    ({"chain": ["Q. Tổng cục trưởng"]}, "Q. prefixes the signer's own title"),
])
def test_a_wrong_chain_is_refused_with_the_level_named(tmp_path, signer, message):
    import yaml

    raw = yaml.safe_load((template_set.default_folder() / "cong-van.yaml").read_text(encoding="utf-8"))
    raw["signer"] = {**signer, "title": "Phó Chủ tịch", "name": "Nguyễn Văn A"}
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(data.DataError, match=message):
        data.load(path)


def test_a_decision_ends_its_căn_cứ_with_semicolons_and_the_proposal_with_a_full_stop(tmp_path):
    from docx import Document

    document = starter("quyet-dinh")
    assert document.proposal and len(document.bases) >= 2
    out = render_docx(document, template_set.get_template("quyet-dinh"), tmp_path / "qd.docx")
    texts = [p.text.strip() for p in Document(out).paragraphs if p.text.strip()]
    decide = texts.index("QUYẾT ĐỊNH:")
    before = texts[decide - len(document.bases) - 1: decide]
    assert all(line.endswith(";") for line in before[:-1]), before
    assert before[-1].startswith("Theo đề nghị") and before[-1].endswith(".") and not before[-1].endswith(".."), before


@pytest.mark.parametrize("issuer, lines", [
    ("Ủy ban nhân dân tỉnh Lào Cai", ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"]),
    ("Ủy ban nhân dân thành phố Hồ Chí Minh", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]),
    ("Ủy ban nhân dân Quận 1", ["ỦY BAN NHÂN DÂN QUẬN 1"]),  # fits on one line
    ("Sở Nông nghiệp và Môi trường\ntỉnh Lào Cai", ["SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "TỈNH LÀO CAI"]),
])
def test_a_long_issuer_name_breaks_before_its_place(tmp_path, issuer, lines):
    import yaml
    from docx import Document

    raw = yaml.safe_load((template_set.default_folder() / "cong-van.yaml").read_text(encoding="utf-8"))
    raw["issuer"] = issuer
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    document = data.load(path)
    assert "\n" not in document.issuer  # the register and the archive get one line
    out = render_docx(document, template_set.get_template("cong-van"), tmp_path / "cv.docx", data_path=path)
    cell = Document(out).tables[0].cell(0, 0)
    printed = [p.text for p in cell.paragraphs if p.text.strip()][-1]
    assert printed.split("\n") == lines


@pytest.mark.parametrize("template_id", ["cong-van", "ke-hoach"])
def test_urgency_and_secrecy_marks_print_where_the_decree_puts_them(tmp_path, template_id):
    """ô 10a and 10b: under the số and trích yếu in the header's left column, each in a frame,
    bold, bright red; a secret document is numbered in the secret series."""
    import yaml
    from docx import Document
    from docx.oxml.ns import qn

    raw = yaml.safe_load((template_set.default_folder() / f"{template_id}.yaml").read_text(encoding="utf-8"))
    raw.update(urgency="Thượng khẩn", secrecy="mật")
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    document = data.load(path)
    assert document.secret
    out = render_docx(document, template_set.get_template(template_id), tmp_path / "doc.docx", data_path=path)
    header = Document(out).tables[0]
    left = [p for row in header.rows for p in row.cells[0].paragraphs]
    marks = [p for p in left if p.text in ("MẬT", "THƯỢNG KHẨN")]
    assert [p.text for p in marks] == ["MẬT", "THƯỢNG KHẨN"]
    number_line = next(i for i, p in enumerate(left) if p.text.startswith("Số:"))
    assert all(left.index(p) > number_line for p in marks)
    for p in marks:
        (run,) = p.runs
        assert run.bold and str(run.font.color.rgb) == "FF0000" and run.font.size.pt == 13
        sides = {b.tag.split("}")[1] for b in p._p.pPr.find(qn("w:pBdr"))}
        assert sides == {"top", "left", "bottom", "right"}


def test_an_unknown_urgency_is_refused_with_the_levels(tmp_path):
    import yaml

    raw = yaml.safe_load((template_set.default_folder() / "cong-van.yaml").read_text(encoding="utf-8"))
    raw["urgency"] = "gấp"
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(data.DataError, match="field 'urgency': 'gấp': one of Khẩn, Thượng khẩn, Hỏa tốc"):
        data.load(path)


@pytest.mark.slow
@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice is not installed")
def test_a_body_ending_with_a_table_prints_stt_whole_numbers_aligned_and_the_end_mark_after_it(tmp_path):
    import unicodedata

    import pdfplumber
    import yaml
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH as ALIGN

    from docgen.base.pdf import convert_to_pdf

    raw = yaml.safe_load((template_set.default_folder() / "bao-cao.yaml").read_text(encoding="utf-8"))
    raw["body"] = ("I. KẾT QUẢ THỰC HIỆN\n| STT | Nội dung công việc đã triển khai trong kỳ báo cáo | Số lượng | Kinh phí (đồng) |\n|---|---|---|---|\n"
                   + "\n".join(f"| {i} | Rà soát thủ tục hành chính lĩnh vực số {i} | {i * 7} | {i * 1250000:,} |"
                               .replace(",", ".") for i in range(1, 13)))
    path = tmp_path / "bc.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    out = render_docx(data.load(path), template_set.get_template("bao-cao"), tmp_path / "bc.docx", data_path=path)
    document = Document(out)
    body_table = document.tables[1]
    assert body_table.cell(1, 0).paragraphs[0].alignment == ALIGN.CENTER  # STT
    assert body_table.cell(1, 3).paragraphs[0].alignment == ALIGN.RIGHT  # an amount
    texts = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    assert texts[-1] == "./." and "KẾT QUẢ THỰC HIỆN" in texts[-2] and "./." not in texts[-2]
    (pdf,) = convert_to_pdf([out])
    with pdfplumber.open(pdf) as opened:
        words = [unicodedata.normalize("NFC", w["text"]) for page in opened.pages for w in page.extract_words()]
    assert "STT" in words  # not "S", "T", "T" one a line


@pytest.mark.slow
@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice is not installed")
def test_the_short_rules_are_a_third_to_a_half_of_the_line_above(tmp_path):
    """Phụ lục I: the rule under the issuer's name and under a titled document's trích yếu is a
    third to a half of the line above it, whatever the name's length. Read from the PDF: each
    rule drawn, and the words of the line just above it."""
    import pdfplumber
    import yaml

    from docgen.base.pdf import convert_to_pdf

    cases = [("cong-van", "Ủy ban nhân dân Quận 1", None), ("cong-van", "Phòng Nội vụ", None),
             ("ke-hoach", "Ủy ban nhân dân tỉnh Lào Cai", "Thực hiện công tác cải cách hành chính năm 2023"),
             ("ke-hoach", "Sở Tư pháp", "Thi đua"), ("quyet-dinh", "Ủy ban nhân dân huyện Bảo Thắng", None)]
    made = []
    for n, (template_id, issuer, subject) in enumerate(cases):
        raw = yaml.safe_load((template_set.default_folder() / f"{template_id}.yaml").read_text(encoding="utf-8"))
        raw["issuer"] = issuer
        if subject:
            raw["subject"] = subject
        path = tmp_path / f"doc-{n}.yaml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        made.append(render_docx(data.load(path), template_set.get_template(template_id), path.with_suffix(".docx"),
                                data_path=path))
    for (template_id, issuer, _), pdf in zip(cases, convert_to_pdf(made)):
        with pdfplumber.open(pdf) as opened:
            page = opened.pages[0]
            words = page.extract_words(extra_attrs=["fontname"])
            rules = {(round(e["x0"]), round(e["x1"]), round(e["top"])) for e in page.lines + page.rects
                     if e["x1"] - e["x0"] > 5 and e["top"] < 260}
        checked = 0
        for x0, x1, top in rules:
            in_left_column = x1 < 290  # the header's left column: not the Quốc hiệu beside it
            # the bold block just above the rule (the issuer's name, the trích yếu), line by line
            above = [w for w in words if top - 60 < w["bottom"] <= top + 1 and "Bold" in w["fontname"]
                     and (not in_left_column or w["x1"] < 290)]
            if not above or any(w["text"] == "phúc" for w in above):  # the Tiêu ngữ's rule spans it
                continue
            lines: dict[int, list] = {}
            for w in above:
                lines.setdefault(round(w["top"] / 4), []).append(w)
            if not in_left_column:  # the trích yếu's lines, not the tên loại (KẾ HOẠCH) above them
                lines = {k: line for k, line in lines.items() if not all(w["text"].isupper() for w in line)}
            width = max(max(w["x1"] for w in line) - min(w["x0"] for w in line) for line in lines.values())
            assert 1 / 3 - 0.02 <= (x1 - x0) / width <= 1 / 2 + 0.02, (issuer, x1 - x0, width,
                                                                     [w["text"] for w in above])
            checked += 1
        assert checked == (1 if template_id == "cong-van" else 2), (issuer, rules)  # a titled one has two
