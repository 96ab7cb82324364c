"""Small PDFs whose text objects are placed, in content-stream order, where a test says:
the way an e-office system stamps a number over the blank of "Số:      /UBND-KT" after
the page was laid out. Built with PDFium itself and a Liberation Serif font (Vietnamese)."""

from __future__ import annotations

import ctypes
import math
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")


def make_pdf(path: Path, pages: list[list[tuple[float, float, str]]], size: float = 13,
             angle: float = 0.0) -> Path:
    """Each page: (x, y, text) items, written in this order (y from the bottom of an A4 page).
    `angle` (degrees) turns every text object, as on a page printed sideways."""
    document = pypdfium2.PdfDocument.new()
    data = FONT.read_bytes()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = pdfium_c.FPDFText_LoadFont(document.raw, buffer, len(data), pdfium_c.FPDF_FONT_TRUETYPE, True)
    for items in pages:
        page = document.new_page(595, 842)
        for x, y, text in items:
            obj = pdfium_c.FPDFPageObj_CreateTextObj(document.raw, font, size)
            wide = (text + "\0").encode("utf-16-le")
            pdfium_c.FPDFText_SetText(obj, ctypes.cast(ctypes.create_string_buffer(wide), pdfium_c.FPDF_WIDESTRING))
            a = math.radians(angle)
            pdfium_c.FPDFPageObj_Transform(obj, math.cos(a), math.sin(a), -math.sin(a), math.cos(a), x, y)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
        page.close()
    document.save(str(path))
    document.close()
    return path
