"""Read the layout of a rendered .docx back with python-docx, for the tests."""

from __future__ import annotations

from docx import Document
from docx.shared import Mm

from docgen.base.docx_read import StyleResolver, paragraph_text, text_runs


class Layout:
    def __init__(self, path):
        self.doc = Document(str(path))
        self.resolver = StyleResolver(self.doc)
        self.header_table = self.doc.tables[0]
        self.signature_table = self.doc.tables[-1]

    def margins_mm(self) -> dict[str, float]:
        s = self.doc.sections[0]
        return {side: round(getattr(s, f"{side}_margin") / Mm(1), 1) for side in ("top", "bottom", "left", "right")}

    def page_mm(self) -> tuple[float, float]:
        s = self.doc.sections[0]
        return round(s.page_width / Mm(1)), round(s.page_height / Mm(1))

    @staticmethod
    def lines(cell) -> list[str]:
        return [paragraph_text(p._p) for p in cell.paragraphs if paragraph_text(p._p).strip()]

    def cell_paragraph(self, table, row, col, text):
        for p in table.cell(row, col).paragraphs:
            if paragraph_text(p._p).strip() == text:
                return p
        raise AssertionError(f"{text!r} not in cell ({row}, {col}): {self.lines(table.cell(row, col))}")

    def body_paragraph(self, text):
        for p in self.doc.paragraphs:
            if paragraph_text(p._p).strip() == text:
                return p
        raise AssertionError(f"no paragraph {text!r}")

    def style_of(self, paragraph) -> dict:
        """Font, size, bold and italic of the paragraph's text runs (all must agree)."""
        runs = text_runs(paragraph._p)
        assert runs, f"no text in {paragraph_text(paragraph._p)!r}"
        looks = {
            (self.resolver.font(r, paragraph._p), self.resolver.size_pt(r, paragraph._p),
             self.resolver.bold(r, paragraph._p), self.resolver.italic(r, paragraph._p))
            for r in runs
        }
        assert len(looks) == 1, looks
        font, size, bold, italic = looks.pop()
        return {"font": font, "size": size, "bold": bold, "italic": italic}

    def all_fonts(self) -> set[str]:
        fonts = set()
        for container in [self.doc] + [c for t in self.doc.tables for row in t.rows for c in row.cells]:
            for p in container.paragraphs:
                for r in text_runs(p._p):
                    fonts.add(self.resolver.font(r, p._p))
        return fonts
