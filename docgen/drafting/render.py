"""Fill a template with checked data and write the .docx.

The template (docxtpl) holds the fixed layout of Nghị định 30; this module
computes the texts the decree prescribes (số/ký hiệu, the date line, the
signature lines, Nơi nhận) and builds the body from structured text.
Values are XML-escaped by Jinja's autoescape, so "MTTQ&TCCT-XH" or "<" in a
field cannot break the file, and "{{ }}" in a value is printed as written.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate

from docgen.base import decree
from docgen.base.docx_format import (
    BODY_STYLE,
    HEADING_STYLE,
    PART_STYLE,
    TABLE_TEXT_STYLE,
    add_border,
    ensure_body_styles,
    set_run_font,
    set_table_borders,
    set_table_grid,
)
from docgen.drafting.body import Paragraph, Run, Table, parse_body, parse_inline
from docgen.drafting.data import DataError, DocumentData
from docgen.drafting.template_set import TemplateSpec

TEXT_WIDTH_CM = 21.0 - (decree.DEFAULT_MARGINS_MM["left"] + decree.DEFAULT_MARGINS_MM["right"]) / 10
_STYLE_FOR_KIND = {"part": PART_STYLE, "heading": HEADING_STYLE}


def check_requirements(data: DocumentData, spec: TemplateSpec, path: str | Path) -> None:
    """Fields this document type cannot do without (templates.yaml `requires`)."""
    for name in spec.requires:
        if not getattr(data, name):
            raise DataError(path, name, f"required for a {spec.doc_type.name}")


def _with_end(items: list[str], middle: str, last: str) -> list[str]:
    """Each line ends with `middle`, the last with `last` (Kính gửi, căn cứ, Nơi nhận)."""
    out = []
    for i, item in enumerate(items):
        text = item.rstrip(" ;.,")
        out.append(text + (last if i == len(items) - 1 else middle))
    return out


def code_text(data: DocumentData, spec: TemplateSpec) -> str:
    symbol = decree.compose_symbol(spec.doc_type.abbr, data.issuer_abbr, data.unit_abbr)
    return decree.compose_code(data.number, symbol)


def cc_lines(data: DocumentData) -> list[str]:
    """Nơi nhận: "- Như trên;" first when there is a Kính gửi, "- Lưu: …." last."""
    items = list(data.cc)
    if data.recipients and not any(decree.NHU_TREN.lower() in i.lower() for i in items[:1]):
        items.insert(0, decree.NHU_TREN)
    lines = [f"- {i.rstrip(' ;.')};" for i in items]
    return lines + [decree.keep_copy_line(data.archive_copy)]


def build_context(data: DocumentData, spec: TemplateSpec, body) -> dict:
    doc_type = spec.doc_type if data.type is None else decree.doc_type(data.type)
    return {
        "parent_issuer": decree.header_name(data.parent_issuer) if data.parent_issuer else data.parent_issuer,
        "issuer": decree.header_name(data.issuer_header or data.issuer),
        "code": code_text(data, spec),
        "date_line": decree.date_line(data.place, data.date, data.year),
        "type_title": doc_type.title,
        "subject": data.subject,
        "recipients": data.recipients,
        "recipient_lines": _with_end([f"- {r}" for r in data.recipients], ";", "."),
        # every căn cứ ends with ";", the last line before "QUYẾT ĐỊNH:" with "." (Phụ lục III,
        # mẫu 1.4): the proposal when there is one, else the last căn cứ
        "basis_lines": _with_end(data.bases, ";", ";" if data.proposal else "."),
        "competent_authority": (data.competent_authority or "").upper(),
        "proposal": data.proposal.strip().rstrip(" ;.,") + "." if data.proposal else None,
        "invitation": data.invitation,
        "body": body,
        "cc_lines": cc_lines(data),
        "signature_lines": data.signer.lines,
        "signer": data.signer,
    }


# --- body -----------------------------------------------------------------

def _add_runs(paragraph, runs, size: float | None = None) -> None:
    for r in runs:
        run = paragraph.add_run(r.text)
        if r.bold:
            run.bold = True
        if r.italic:
            run.italic = True
        if size:
            run.font.size = Pt(size)


def _ends_document(blocks) -> None:
    """The body ends with "./." (every model of Phụ lục III): after its last paragraph, or on a
    line of its own when the body ends with a table (not on the heading above the table)."""
    if blocks and isinstance(blocks[-1], Table):
        blocks.append(Paragraph("plain", [Run(decree.END_MARK)]))
        return
    for block in reversed(blocks):
        if isinstance(block, Paragraph):
            last = block.runs[-1]
            if not block.text.rstrip().endswith(decree.END_MARK):
                last.text = last.text.rstrip().rstrip(".") + decree.END_MARK
            return


CM_PER_CHAR = 0.22  # a lower-case letter of 13 pt Times New Roman, on average, in a table cell
CM_PER_CAPITAL = 0.32  # a capital or a digit, bold (headers are)
CELL_PADDING_CM = 0.45  # the cell's own margins, both sides


def _word_cm(word: str) -> float:
    return sum(CM_PER_CAPITAL if ch.isupper() or ch.isdigit() else CM_PER_CHAR for ch in word)


def column_widths(rows: list[list[str]], columns: int, total_cm: float) -> list[float]:
    """Widths in proportion to each column's longest cell, within bounds, so that "STT" stays
    narrow and "Nội dung" gets the room; but never narrower than the column's longest word
    ("STT" printed one letter a line, "S/T/T", is a table sent back)."""
    weights, floors = [], []
    for c in range(columns):
        cells = [r[c] for r in rows if c < len(r)]
        longest = max((len(text) for text in cells), default=0)
        word = max((_word_cm(w) for text in cells for w in text.split()), default=CM_PER_CHAR)
        weights.append(min(max(longest, 4), 40))
        floors.append(word + CELL_PADDING_CM)
    scale = total_cm / sum(weights)
    widths = [w * scale for w in weights]
    short = [i for i, (w, f) in enumerate(zip(widths, floors)) if w < f]
    if short and sum(floors) <= total_cm:
        taken = sum(floors[i] for i in short)
        rest = [i for i in range(columns) if i not in short]
        spare = total_cm - taken
        rest_total = sum(widths[i] for i in rest) or 1
        widths = [floors[i] if i in short else widths[i] * spare / rest_total for i in range(columns)]
    return widths


NUMBER = re.compile(r"^[+-]?\d[\d.,\s]*%?$")


def _cell_alignment(text: str, is_header: bool):
    """Headers centred; a short whole number (STT, a count) centred; other numbers right-aligned
    so that their digits line up; text as the style has it."""
    if is_header:
        return WD_ALIGN_PARAGRAPH.CENTER
    value = text.strip()
    if NUMBER.match(value):
        return WD_ALIGN_PARAGRAPH.CENTER if value.isdigit() and len(value) <= 3 else WD_ALIGN_PARAGRAPH.RIGHT
    return None


def _add_table(subdoc, table: Table) -> None:
    columns = max(table.column_count, 1)
    rows = ([table.header] if table.header else []) + table.rows
    docx_table = subdoc.add_table(rows=len(rows), cols=columns)
    set_table_borders(docx_table, visible=True)
    set_table_grid(docx_table, column_widths(rows, columns, TEXT_WIDTH_CM))
    for r, values in enumerate(rows):
        for c in range(columns):
            cell = docx_table.cell(r, c)
            paragraph = cell.paragraphs[0]
            paragraph.style = TABLE_TEXT_STYLE
            is_header = table.header is not None and r == 0
            text = values[c] if c < len(values) else ""
            paragraph.alignment = _cell_alignment(text, is_header)
            _add_runs(paragraph, parse_inline(text, bold=is_header))


def build_body(tpl: DocxTemplate, text: str):
    blocks = parse_body(text)
    _ends_document(blocks)
    subdoc = tpl.new_subdoc()
    previous = None
    for block in blocks:
        if isinstance(block, Table):
            if previous is not None:  # a little room between the text and the table
                previous.paragraph_format.space_after = Pt(6)
            _add_table(subdoc, block)
            previous = None
            continue
        paragraph = subdoc.add_paragraph(style=_STYLE_FOR_KIND.get(block.kind, BODY_STYLE))
        _add_runs(paragraph, block.runs)
        previous = paragraph
    return subdoc


CELL_MARGINS_CM = 0.38  # a table cell's default left and right margins (0.19 cm each)
RULE_SHARE = 0.42  # a short rule is a third to a half of the line above it (Phụ lục I, ô 2 and 5a)
CM_PER_CAPITAL_12 = 0.30  # an upper-case letter of 12-14 pt bold Times New Roman, on average


def _line_cm(text: str, per_capital: float) -> float:
    return sum(per_capital * (0.45 if ch == " " else 1.0 if ch.isupper() or ch.isdigit() else 0.72) for ch in text)


def _has_top_rule(paragraph) -> bool:
    borders = paragraph._p.pPr.find(qn("w:pBdr")) if paragraph._p.pPr is not None else None
    return borders is not None and borders.find(qn("w:top")) is not None and not paragraph.text.strip()


def _fit_rule(rule, line_above: str, room_cm: float, per_capital: float) -> None:
    """Indent a rule paragraph so that the rule is RULE_SHARE of the line above it, centred."""
    line = min(_line_cm(line_above, per_capital), room_cm)
    indent = max((room_cm - line * RULE_SHARE) / 2, 0)
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Mm(indent * 10)


def fit_rules(document) -> None:
    """The short rules under the issuer's name (ô 2) and under the trích yếu of a titled
    document (ô 5a) sized to the text above them, whatever its length, instead of the
    template's fixed length: a rule longer than the name, or a stub under a long one, is a
    layout sent back. The rule under the Tiêu ngữ spans it and is left as it is."""
    if document.tables:
        issuer_cell = document.tables[0].cell(0, 0)
        paragraphs = issuer_cell.paragraphs
        for i, paragraph in enumerate(paragraphs):
            if i and _has_top_rule(paragraph) and paragraphs[i - 1].text.strip():
                line_above = max(paragraphs[i - 1].text.split("\n"), key=len)  # the name's longer line
                room = (issuer_cell.width or Mm(70)) / Mm(10) - CELL_MARGINS_CM  # the paragraph's own width
                _fit_rule(paragraph, line_above, room, CM_PER_CAPITAL_12)
    body = document.paragraphs
    for i, paragraph in enumerate(body[:40]):  # the titled documents' rule sits under the trích yếu
        if i and _has_top_rule(paragraph) and body[i - 1].text.strip():
            _fit_rule(paragraph, body[i - 1].text, TEXT_WIDTH_CM, CM_PER_CAPITAL_12 * 0.9)
            break


def add_marks(document, data: DocumentData) -> None:
    """The secrecy (ô 10a) and urgency (ô 10b) marks under the số, ký hiệu and trích yếu in the
    header's left column: each its words in a single-line frame of the decree's width, UPPER,
    bold, bright red."""
    marks = [decree.mark(kind, value) for kind, value in (("secrecy", data.secrecy), ("urgency", data.urgency))
             if value]
    tables = document.tables
    if not marks or not tables:
        return
    header = tables[0]
    column = [row.cells[0] for row in header.rows]
    cell = column[-1] if any(p.text.strip() for p in column[-1].paragraphs) else column[-2]
    cell_width_cm = (cell.width or Mm(70)) / Mm(10)
    for words, width_mm in marks:
        paragraph = cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        format_ = paragraph.paragraph_format
        format_.space_before = Pt(6)
        indent = max((cell_width_cm - width_mm / 10) / 2, 0)
        format_.left_indent = format_.right_indent = Mm(indent * 10)
        run = paragraph.add_run(words)
        run.bold = True
        run.font.size = Pt(13)
        run.font.color.rgb = RGBColor(0xFF, 0x00, 0x00)
        set_run_font(run._r)
        for side in ("top", "left", "bottom", "right"):
            add_border(paragraph, side, size_eighths=6, color="FF0000")


def keep_signature_with_text(document, lines_before: int = 2) -> None:
    """The signature block (the last table: Nơi nhận beside thẩm quyền, chức vụ and name) never
    splits across pages, and goes with the last lines of the text: a name alone at the top of a
    page, its title at the foot of the one before, gets a document sent back. The table's rows
    cannot split; the paragraphs just before it (the text's last lines, the spacer) keep with
    it. Done at render time, so that it holds for a template a clerk edited."""
    body = document.element.body
    tables = body.findall(qn("w:tbl"))
    if not tables:
        return
    signature = tables[-1]
    for row in signature.findall(qn("w:tr")):
        properties = row.find(qn("w:trPr"))
        if properties is None:
            properties = OxmlElement("w:trPr")
            row.insert(0, properties)
        if properties.find(qn("w:cantSplit")) is None:
            properties.append(OxmlElement("w:cantSplit"))
    kept = 0
    element = signature.getprevious()
    while element is not None and element.tag == qn("w:p") and kept < lines_before:
        DocxParagraph(element, None).paragraph_format.keep_with_next = True
        if "".join(t.text or "" for t in element.iter(qn("w:t"))).strip():
            kept += 1
        element = element.getprevious()


def render_docx(data: DocumentData, spec: TemplateSpec, out_path: str | Path,
                data_path: str | Path = "<data>") -> Path:
    check_requirements(data, spec, data_path)
    out_path = Path(out_path)
    tpl = DocxTemplate(str(spec.docx))
    tpl.init_docx()
    ensure_body_styles(tpl.get_docx())
    context = build_context(data, spec, build_body(tpl, data.body))
    tpl.render(context, autoescape=True)
    keep_signature_with_text(tpl.docx)  # not get_docx(): after render it reloads the template
    add_marks(tpl.docx, data)
    fit_rules(tpl.docx)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(str(out_path))
    return out_path
