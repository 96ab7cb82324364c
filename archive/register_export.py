"""The registers printed with the columns of Phụ lục IV: as .xlsx, .docx (landscape) or PDF."""

from __future__ import annotations

from pathlib import Path

from archive.register import Row

OUTGOING = ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản", "Người ký",
            "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú"]
INCOMING = ["Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung",
            "Đơn vị hoặc người nhận", "Ký nhận", "Ghi chú"]
TITLES = {"outgoing": "SỔ ĐĂNG KÝ VĂN BẢN ĐI", "incoming": "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"}


def _day(iso: str | None) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else ""


def _note(row: Row) -> str:
    secret = "Mật" if row.series.endswith("| mật") else ""
    note = _status_note(row)
    return "; ".join(n for n in (secret, note) if n)


def _status_note(row: Row) -> str:
    if row.status == "cancelled":
        return f"Số đã hủy ({row.cancelled_by}, {_day(row.cancelled_at[:10])})" + (f": {row.note}" if row.note else "")
    if row.status == "allocated":
        return "Đã cấp số, chưa ban hành"
    return row.note or ""


def cells(direction: str, row: Row) -> list:
    if direction == "outgoing":
        code = row.code or f"{row.number_text}/…"
        summary = " – ".join(p for p in (row.type, row.subject) if p)
        return [code, _day(row.doc_date), summary, row.signer or "", row.recipients or "", row.keep_copy or "",
                row.copies if row.copies is not None else "", "", "", _note(row)]
    summary = " – ".join(p for p in (row.type, row.subject) if p)
    return [_day(row.arrival_date), row.number_text, row.issuer or "", row.code or "", _day(row.doc_date), summary,
            "", "", _note(row)]


def headers(direction: str) -> list[str]:
    return OUTGOING if direction == "outgoing" else INCOMING


def to_xlsx(direction: str, year: int, rows: list[Row], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}"
    sheet.append([f"{TITLES[direction]} NĂM {year}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(headers(direction))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in rows:
        sheet.append(cells(direction, row))
    for column, width in zip("ABCDEFGHIJ", (18, 12, 50, 20, 35, 20, 10, 12, 12, 25)):
        sheet.column_dimensions[column].width = width
    book.save(path)


def to_docx(direction: str, year: int, rows: list[Row], path: Path) -> Path:
    from docx.shared import Pt

    from docgen.base.docx_format import landscape_table

    widths = [2.6, 2.0, 6.0, 2.6, 3.9, 2.6, 1.5, 1.8, 1.8, 1.9] if direction == "outgoing" else \
        [2.0, 1.5, 3.5, 2.6, 2.0, 7.0, 3.0, 2.0, 3.1]
    doc, table = landscape_table(f"{TITLES[direction]} NĂM {year}", headers(direction), widths, margin_mm=15,
                                 size_pt=12)
    for row in rows:
        for cell, value in zip(table.add_row().cells, cells(direction, row)):
            cell.paragraphs[0].add_run(str(value))
    for table_row in table.rows:
        for cell in table_row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(10)
    doc.save(path)
    return path
