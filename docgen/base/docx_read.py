"""Reading a .docx as a sequence of paragraphs, tables included, in reading order.

python-docx's Paragraph.text loses text inside w:smartTag and other wrappers
and joins w:br lines; here every w:t counts, w:br becomes a newline and w:tab
a tab. Also resolves a run's effective font and size through styles and
document defaults, as Word and LibreOffice do.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn

W_P, W_TBL, W_TC, W_R = qn("w:p"), qn("w:tbl"), qn("w:tc"), qn("w:r")


@dataclass
class Para:
    element: object  # the w:p element
    text: str
    table: int | None  # index of the top-level table it sits in, or None
    cell: int | None  # column of the cell it sits in


def paragraph_text(p_element) -> str:
    parts: list[str] = []
    for el in p_element.iter(qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab"), qn("w:delText")):
        if el.tag == qn("w:t"):
            parts.append(el.text or "")
        elif el.tag == qn("w:tab"):
            # a w:tab inside w:tabs (pPr) is a tab stop, not text
            if el.getparent().tag != qn("w:tabs"):
                parts.append("\t")
        elif el.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts)


def iter_paragraphs(document) -> list[Para]:
    """Every paragraph of the body in order, those in tables marked with their table."""
    out: list[Para] = []
    table_index = -1
    for child in document.element.body.iterchildren():
        if child.tag == W_P:
            out.append(Para(child, paragraph_text(child), None, None))
        elif child.tag == W_TBL:
            table_index += 1
            for row in child.iter(qn("w:tr")):
                for col, tc in enumerate(row.iterchildren(W_TC)):
                    for p in tc.iter(W_P):
                        out.append(Para(p, paragraph_text(p), table_index, col))
    return out


# --- effective formatting --------------------------------------------------

class StyleResolver:
    """The font name and size a run really gets, through the style chain."""

    def __init__(self, document):
        self.document = document
        styles = document.styles.element
        self._by_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
        self._defaults = styles.find(qn("w:docDefaults"))
        self._default_para = next(
            (s for s in styles.iter(qn("w:style"))
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")),
            None,
        )
        self._theme_fonts = self._read_theme_fonts()

    def _read_theme_fonts(self) -> dict[str, str]:
        fonts: dict[str, str] = {}
        try:
            part = self.document.part.part_related_by(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
            )
        except KeyError:
            return fonts
        from lxml import etree

        root = etree.fromstring(part.blob)
        ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
        for kind in ("major", "minor"):
            latin = root.find(f".//a:{kind}Font/a:latin", ns)
            if latin is not None:
                fonts[kind] = latin.get("typeface")
        return fonts

    def _style_chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._by_id.get(style_id)
            if style is None:
                return
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def _rpr_sources(self, run_el, p_el):
        yield run_el.find(qn("w:rPr"))
        rpr = run_el.find(qn("w:rPr"))
        if rpr is not None and (rstyle := rpr.find(qn("w:rStyle"))) is not None:
            for style in self._style_chain(rstyle.get(qn("w:val"))):
                yield style.find(qn("w:rPr"))
        ppr = p_el.find(qn("w:pPr"))
        pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
        if pstyle is not None:
            chain = self._style_chain(pstyle.get(qn("w:val")))
        elif self._default_para is not None:
            chain = self._style_chain(self._default_para.get(qn("w:styleId")))
        else:
            chain = iter(())
        for style in chain:
            yield style.find(qn("w:rPr"))
        if self._defaults is not None:
            yield self._defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))

    def font(self, run_el, p_el) -> str | None:
        for rpr in self._rpr_sources(run_el, p_el):
            fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
            if fonts is None:
                continue
            if name := fonts.get(qn("w:ascii")):
                return name
            if theme := fonts.get(qn("w:asciiTheme")):
                kind = "major" if theme.startswith("major") else "minor"
                return self._theme_fonts.get(kind, f"theme font {theme}")
        return None

    def size_pt(self, run_el, p_el) -> float:
        for rpr in self._rpr_sources(run_el, p_el):
            size = rpr.find(qn("w:sz")) if rpr is not None else None
            if size is not None and size.get(qn("w:val")):
                return int(size.get(qn("w:val"))) / 2
        return 10.0  # the OOXML default when nothing sets w:sz

    def _toggle(self, run_el, p_el, tag: str) -> bool:
        """An on/off property (w:b, w:i): the nearest source that sets it wins."""
        for rpr in self._rpr_sources(run_el, p_el):
            element = rpr.find(qn(tag)) if rpr is not None else None
            if element is not None:
                return element.get(qn("w:val"), "true") not in ("0", "false")
        return False

    def paragraph_property(self, p_el, tag: str):
        """The element (w:jc, w:ind, w:spacing) that sets a paragraph property, from the
        paragraph, its style chain or the document defaults; None when nothing does."""
        ppr = p_el.find(qn("w:pPr"))
        sources = [ppr]
        pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = pstyle.get(qn("w:val")) if pstyle is not None else (
            self._default_para.get(qn("w:styleId")) if self._default_para is not None else None)
        sources += [style.find(qn("w:pPr")) for style in self._style_chain(style_id)]
        if self._defaults is not None:
            sources.append(self._defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr")))
        for source in sources:
            if source is not None and (found := source.find(qn(tag))) is not None:
                return found
        return None

    def bold(self, run_el, p_el) -> bool:
        return self._toggle(run_el, p_el, "w:b")

    def italic(self, run_el, p_el) -> bool:
        return self._toggle(run_el, p_el, "w:i")


def text_runs(p_element):
    """The runs of a paragraph that carry visible text (smart tags and hyperlinks included)."""
    return [r for r in p_element.iter(W_R) if any((t.text or "").strip() for t in r.iter(qn("w:t")))]
