"""The report of handling (tình hình xử lý văn bản đến) of a period, by unit, as .xlsx or as a
.docx table (landscape) for PDF."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

HEADERS = ["Đơn vị", "Đã nhận", "Xong đúng hạn", "Xong quá hạn", "Quá hạn chưa xong", "Đang trong hạn"]
KEYS = ["unit", "received", "on_time", "late", "overdue", "open"]


def title(start: _dt.date, end: _dt.date) -> str:
    return f"TÌNH HÌNH XỬ LÝ VĂN BẢN ĐẾN TỪ NGÀY {start:%d/%m/%Y} ĐẾN NGÀY {end:%d/%m/%Y}"


def _with_total(rows: list[dict]) -> list[list]:
    lines = [[row[k] for k in KEYS] for row in rows]
    if rows:
        lines.append(["Tổng cộng", *[sum(row[k] for row in rows) for k in KEYS[1:]]])
    return lines


def to_xlsx(rows: list[dict], start: _dt.date, end: _dt.date, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.append([title(start, end)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in _with_total(rows):
        sheet.append(line)
    sheet.column_dimensions["A"].width = 32
    book.save(path)
    return path


def to_docx(rows: list[dict], start: _dt.date, end: _dt.date, path: Path) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from docgen.base.docx_format import fix_style_fonts, set_table_borders, set_table_grid

    doc = Document()
    fix_style_fonts(doc, size_pt=13)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title(start, end))
    run.bold, run.font.size = True, Pt(14)
    table = doc.add_table(rows=1, cols=len(HEADERS))
    set_table_borders(table, visible=True)
    set_table_grid(table, [8.0, 3.0, 3.3, 3.3, 3.6, 3.6])
    for cell, text in zip(table.rows[0].cells, HEADERS):
        cell.paragraphs[0].add_run(text).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in _with_total(rows):
        for n, (cell, value) in enumerate(zip(table.add_row().cells, line)):
            cell.paragraphs[0].add_run(str(value)).bold = line[0] == "Tổng cộng"
            if n:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.save(path)
    return path
