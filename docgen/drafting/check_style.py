"""The style rules of Phụ lục I a .docx is checked against, beyond page, fonts and texts:
the Quốc hiệu bold, the date line italic, Nơi nhận at 12 pt (its list at 11 pt), the body
justified with a first-line indent, line spacing from single to 1.5 lines. Each reads the
effective formatting (the paragraph, its style chain, the document defaults, theme fonts)."""

from __future__ import annotations

from docx.oxml.ns import qn

from docgen.base import decree
from docgen.base.docx_read import StyleResolver, text_runs
from docgen.base.vntext import squash_spaces

LINE_SPACING_MAX = 1.5  # lines (Phụ lục I, I.5: "từ 1 dòng đến 1,5 dòng")


def _runs_all(resolver, para, test) -> bool:
    runs = text_runs(para.element)
    return bool(runs) and all(test(run, para.element) for run in runs)


def _where(n: int, para) -> str:
    text = squash_spaces(para.text.replace("\n", " "))
    return f"paragraph {n} ({text[:39] + '…' if len(text) > 40 else text})"


def check_styles(document, paragraphs, problem) -> list:
    """problem(severity, where, message) makes the caller's Problem."""
    resolver = StyleResolver(document)
    found = []
    for n, para in enumerate(paragraphs, start=1):
        lines = [squash_spaces(line) for line in para.text.split("\n")]
        if any(line in decree.QUOC_HIEU_VARIANTS for line in lines):
            if not _runs_all(resolver, para, resolver.bold):
                found.append(problem("error", _where(n, para), "the Quốc hiệu is not bold"))
            break
    for n, para in enumerate(paragraphs, start=1):
        text = squash_spaces(para.text)
        if ", ngày" in text and "năm" in text and para.table is not None:
            if not _runs_all(resolver, para, resolver.italic):
                found.append(problem("error", _where(n, para), "the place and date line is set upright; "
                                                                 "the decree has it italic"))
            break
    label = next(((n, p) for n, p in enumerate(paragraphs, start=1) if p.text.strip().startswith("Nơi nhận")), None)
    if label:
        n, para = label
        sizes = {resolver.size_pt(r, para.element) for r in text_runs(para.element)}
        if sizes and max(sizes) > 12:
            found.append(problem("error", _where(n, para), f'"Nơi nhận:" at {max(sizes):g} pt, expected 12 pt'))
        fonts = {resolver.font(r, para.element) for r in text_runs(para.element)} - {decree.PAGE.font, None}
        if fonts:
            found.append(problem("error", _where(n, para), f'"Nơi nhận:" in {", ".join(sorted(fonts))}, '
                                                            f"expected {decree.PAGE.font}"))
        listed = [(m, p) for m, p in enumerate(paragraphs, start=1)
                  if m > n and p.table == para.table and p.cell == para.cell and p.text.strip()]
        big = [(m, p) for m, p in listed if any(resolver.size_pt(r, p.element) > 12 for r in text_runs(p.element))]
        if big:
            m, p = big[0]
            size = max(resolver.size_pt(r, p.element) for r in text_runs(p.element))
            found.append(problem("error", _where(m, p), f"the Nơi nhận list at {size:g} pt, expected 11 pt"))
    found += _body_layout(resolver, paragraphs, label[0] if label else len(paragraphs) + 1, problem)
    return found


def _body_layout(resolver, paragraphs, end: int, problem) -> list:
    """The body (paragraphs outside tables, of some length, before Nơi nhận): justified, a
    first-line indent, line spacing 1 to 1.5 lines."""
    body = [(n, p) for n, p in enumerate(paragraphs, start=1)
            if p.table is None and n < end and len(p.text.strip()) > 80]
    if not body:
        return []
    found = []
    unjustified = [(n, p) for n, p in body if _alignment(resolver, p) not in ("both", "distribute")]
    if len(unjustified) * 2 > len(body):
        n, p = unjustified[0]
        found.append(problem("error", _where(n, p), f"{len(unjustified)} of {len(body)} body paragraphs are not "
                                                     "justified (căn đều hai lề)"))
    unindented = [(n, p) for n, p in body if _first_line_cm(resolver, p) < 0.5]
    if len(unindented) * 2 > len(body):
        n, p = unindented[0]
        found.append(problem("warning", _where(n, p), f"{len(unindented)} of {len(body)} body paragraphs have no "
                                                       "first-line indent (1 to 1.27 cm)"))
    for n, p in body:
        lines = _line_spacing(resolver, p)
        if lines is not None and lines > LINE_SPACING_MAX + 0.01:
            found.append(problem("error", _where(n, p), f"line spacing {lines:g} lines, expected 1 to 1.5"))
            break
    return found


def _alignment(resolver, para) -> str:
    jc = resolver.paragraph_property(para.element, "w:jc")
    return jc.get(qn("w:val")) if jc is not None else "left"


def _first_line_cm(resolver, para) -> float:
    ind = resolver.paragraph_property(para.element, "w:ind")
    if ind is None:
        return 0.0
    twips = ind.get(qn("w:firstLine")) or ind.get(qn("w:firstLineChars")) and "567"
    return int(twips) / 567 if twips else 0.0


def _line_spacing(resolver, para) -> float | None:
    """Lines, for spacing set as a multiple ("auto"); None for an exact or at-least height."""
    spacing = resolver.paragraph_property(para.element, "w:spacing")
    if spacing is None or spacing.get(qn("w:line")) is None:
        return None
    if spacing.get(qn("w:lineRule"), "auto") != "auto":
        return None
    return int(spacing.get(qn("w:line"))) / 240
