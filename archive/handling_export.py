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
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from docgen.base.docx_format import landscape_table

    doc, table = landscape_table(title(start, end), HEADERS, [8.0, 3.0, 3.3, 3.3, 3.6, 3.6], margin_mm=20, size_pt=13,
                                 centre_headers=True)
    for line in _with_total(rows):
        for n, (cell, value) in enumerate(zip(table.add_row().cells, line)):
            cell.paragraphs[0].add_run(str(value)).bold = line[0] == "Tổng cộng"
            if n:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.save(path)
    return path
