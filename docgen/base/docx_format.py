"""Low-level .docx formatting that python-docx has no API for.

Fonts without theme indirection (LibreOffice maps theme fonts to DejaVu),
paragraph borders used as the short rules of the header, table grids that
LibreOffice honours, and the PAGE field in the header.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"

# Paragraph styles the body is written with; a clerk may restyle them in Word.
BODY_STYLE = "ND30 Nội dung"
PART_STYLE = "ND30 Phần"
HEADING_STYLE = "ND30 Đề mục"
BASIS_STYLE = "ND30 Căn cứ"
TABLE_TEXT_STYLE = "ND30 Bảng"
BODY_STYLES = (BODY_STYLE, PART_STYLE, HEADING_STYLE, BASIS_STYLE, TABLE_TEXT_STYLE)


def set_run_font(rpr_parent, name: str = FONT) -> None:
    """Write w:rFonts with the four slots set and no theme attributes."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if "Theme" in attr or "theme" in attr:
            del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def fix_style_fonts(document, size_pt: float = 14) -> None:
    """Every style and the document defaults in Times New Roman, no theme fonts."""
    styles_el = document.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        for fonts in defaults.iter(qn("w:rFonts")):
            for attr in list(fonts.attrib):
                del fonts.attrib[attr]
            for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(slot), FONT)
    for style in document.styles:
        element = style.element
        if element.find(qn("w:rPr")) is not None or style.name == "Normal":
            set_run_font(element)
    normal = document.styles["Normal"]
    normal.font.size = Pt(size_pt)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def ensure_body_styles(document) -> None:
    """Add the ND30 body styles when a template lacks them (a clerk's own file)."""
    from docx.enum.style import WD_STYLE_TYPE

    existing = {s.name for s in document.styles}
    for name in BODY_STYLES:
        if name in existing:
            continue
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        set_run_font(style.element)
        font, fmt = style.font, style.paragraph_format
        font.size = Pt(13 if name == TABLE_TEXT_STYLE else 14)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if name == TABLE_TEXT_STYLE:
            fmt.space_before = Pt(2)
            fmt.space_after = Pt(2)
            continue
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(1.27)
        fmt.space_before = Pt(6)
        fmt.space_after = Pt(0)
        if name in (PART_STYLE, HEADING_STYLE):
            font.bold = True
            fmt.keep_with_next = True
        if name == BASIS_STYLE:
            font.italic = True


def add_border(paragraph, side: str = "top", size_eighths: int = 6, color: str = "000000") -> None:
    """A solid rule on one side of a paragraph (the short lines of ô 1, 2 and 5a)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # pBdr must come before spacing/ind/jc in CT_PPr's sequence.
        anchor = None
        for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
            anchor = ppr.find(qn(tag))
            if anchor is not None:
                break
        if anchor is not None:
            anchor.addprevious(borders)
        else:
            ppr.append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def set_table_grid(table, widths_cm: list[float]) -> None:
    """Fixed column widths in w:tblGrid, which LibreOffice reads (it ignores w:tcW)."""
    table.autofit = False
    tbl = table._tbl
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for width in widths_cm:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(int(Cm(width).twips)))
        grid.append(col)
    for row in table.rows:
        for idx, cell in enumerate(row.cells):
            if idx < len(widths_cm):
                cell.width = Cm(widths_cm[idx])
    tblpr = tbl.tblPr
    layout = tblpr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tblpr.append(layout)
    layout.set(qn("w:type"), "fixed")


def set_table_borders(table, visible: bool) -> None:
    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tblpr.append(borders)


def add_page_field(paragraph) -> None:
    """A PAGE field, so LibreOffice and Word print the page number."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    number = OxmlElement("w:t")
    number.text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(separate)
    run._r.append(number)
    run._r.append(end)
    set_run_font(run._r)
    run.font.size = Pt(14)


def ensure_page_numbers(document) -> None:
    """Page numbers top centre from page 2 (Phụ lục I, I.7), in every section whose header has
    none (a report form made without them)."""
    for section in document.sections:
        if has_page_field(section.header._element):
            continue
        section.different_first_page_header_footer = True
        section.header.is_linked_to_previous = False
        paragraph = section.header.paragraphs[0] if section.header.paragraphs else section.header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_page_field(paragraph)


def has_page_field(part_element) -> bool:
    texts = [t.text or "" for t in part_element.iter(qn("w:instrText"))]
    simple = [f.get(qn("w:instr"), "") for f in part_element.iter(qn("w:fldSimple"))]
    return any("PAGE" in t.upper() for t in texts + simple)


def landscape_table(title: str, headers: list[str], widths_cm: list[float], margin_mm: float, size_pt: float,
                    centre_headers: bool = False):
    """(document, table): landscape A4 with a bold centred title over a bordered table whose
    first row holds the headers in bold: what the registers and the handling report print."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    doc = Document()
    fix_style_fonts(doc, size_pt=size_pt)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(margin_mm))
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold, run.font.size = True, Pt(14)
    table = doc.add_table(rows=1, cols=len(headers))
    set_table_borders(table, visible=True)
    set_table_grid(table, widths_cm)
    for cell, text in zip(table.rows[0].cells, headers):
        cell.paragraphs[0].add_run(text).bold = True
        if centre_headers:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc, table
