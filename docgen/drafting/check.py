"""Check any .docx, rendered or written by hand, against the layout of Nghị định 30.

One Problem per fault, each saying where it is, so a clerk can fix the file
before it goes up for signature. Errors break the decree; warnings are
things worth a look (a number left blank for the e-office system).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from docgen.base import decree
from docgen.base.docx_format import has_page_field
from docgen.base.docx_read import StyleResolver, iter_paragraphs, text_runs
from docgen.base.errors import DocgenError
from docgen.base.vntext import fold_key, squash_spaces

TOLERANCE_MM = 0.6
# "Times New Roman Bold" names a face of Times New Roman (some programs write it so), not another font
FACE_SUFFIX = re.compile(r"\s+(?:Bold Italic|Bold|Italic)$", re.IGNORECASE)
NUMBER_LINE = re.compile(r"^\s*Số\s*:\s*(?P<code>.*)$")
DATE_WORDS = re.compile(r",\s*ngày\s+\S")
BLANK_DAY_LINE = re.compile(r"^[^,]+,\s+ngày\s+tháng(?:\s+\d{1,2})?\s+năm\s+\d{4}$")
NAME_LINE = re.compile(r"^(?:[A-ZÀ-Ỹ][\wÀ-ỹ]*\s+){1,5}[A-ZÀ-Ỹ][\wÀ-ỹ]*$")


@dataclass
class Problem:
    severity: str  # "error" or "warning"
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}"


class CheckError(DocgenError):
    """The file cannot be checked at all (not a .docx); str() is one line."""

    title = "Không kiểm tra được văn bản"


def _mm(length) -> float:
    return length / Mm(1)


def _in_range(value: float, low: float, high: float) -> bool:
    return low - TOLERANCE_MM <= value <= high + TOLERANCE_MM


def check_page(document) -> list[Problem]:
    problems = []
    rules = decree.PAGE
    for i, section in enumerate(document.sections, start=1):
        where = f"section {i}" if len(document.sections) > 1 else "page setup"
        if section.page_width is None or section.page_height is None:  # no <w:pgSz>: Word's own default
            problems.append(Problem("error", where, "no paper size set (the printer's default applies), expected A4 "
                                                    "(210 × 297 mm)"))
        else:
            w, h = _mm(section.page_width), _mm(section.page_height)
            short, long_ = sorted((w, h))
            if abs(short - rules.width_mm) > 1 or abs(long_ - rules.height_mm) > 1:
                problems.append(Problem("error", where, f"paper {w:.0f} × {h:.0f} mm, expected A4 (210 × 297 mm)"))
        wrong = []
        for side, value, (low, high) in (
            ("top", section.top_margin, rules.top_mm),
            ("bottom", section.bottom_margin, rules.bottom_mm),
            ("left", section.left_margin, rules.left_mm),
            ("right", section.right_margin, rules.right_mm),
        ):
            if value is None:
                wrong.append(f"{side} not set")
                continue
            mm = _mm(value)
            if not _in_range(mm, low, high):
                wrong.append(f"{side} {mm:.1f} mm (expected {low:g}–{high:g})")
        if wrong:
            problems.append(Problem("error", where, "margins: " + ", ".join(wrong)))
    return problems


def check_fonts(document, paragraphs) -> list[Problem]:
    """Body paragraphs (outside tables) in Times New Roman, 13–14 pt."""
    resolver = StyleResolver(document)
    fonts: Counter[str] = Counter()
    sizes: Counter[float] = Counter()
    first_bad_font = first_bad_size = None
    low, high = decree.PAGE.body_size_pt
    for n, para in enumerate(paragraphs, start=1):
        if para.table is not None or not para.text.strip():
            continue
        for run in text_runs(para.element):
            font = FACE_SUFFIX.sub("", resolver.font(run, para.element) or "(no font set)")
            size = resolver.size_pt(run, para.element)
            if font != decree.PAGE.font:
                fonts[font] += 1
                first_bad_font = first_bad_font or (n, para.text)
            if not low <= size <= high:
                sizes[size] += 1
                first_bad_size = first_bad_size or (n, para.text)
    problems = []
    if fonts:
        names = ", ".join(f for f, _ in fonts.most_common())
        n, text = first_bad_font
        problems.append(Problem("error", f"paragraph {n} ({_short(text)})",
                                f"font {names}, expected {decree.PAGE.font}"))
    if sizes:
        found = ", ".join(f"{s:g} pt" for s, _ in sizes.most_common())
        n, text = first_bad_size
        problems.append(Problem("error", f"paragraph {n} ({_short(text)})",
                                f"body text in {found}, expected {low:g}–{high:g} pt"))
    return problems


def _short(text: str, limit: int = 40) -> str:
    text = squash_spaces(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _find(paragraphs, predicate):
    """(number, paragraph) of the first paragraph with a line (lines split at Word's line breaks)
    the predicate accepts."""
    for n, para in enumerate(paragraphs, start=1):
        if any(predicate(line) for line in _lines(para)):
            return n, para
    return None, None


def _lines(para) -> list[str]:
    """A paragraph's lines: Quốc hiệu and Tiêu ngữ, a signature block or Nơi nhận are often one
    paragraph whose lines are separated by line breaks (Shift+Enter), not several paragraphs."""
    return [squash_spaces(line) for line in para.text.split("\n") if line.strip()] or [""]


def _all_lines(paragraphs) -> list[str]:
    return [line for para in paragraphs for line in _lines(para)]


def check_national_header(paragraphs) -> list[Problem]:
    problems = []
    lines = _all_lines(paragraphs)
    if not any(line in decree.QUOC_HIEU_VARIANTS for line in lines):
        near = next((l for l in lines if fold_key(l).startswith("cong hoa xa hoi")), None)
        message = f'Quốc hiệu reads "{near}"' if near else "Quốc hiệu not found"
        problems.append(Problem("error", "header", f'{message}; expected "{decree.QUOC_HIEU}"'))
    if decree.TIEU_NGU not in lines:
        near = next((l for l in lines if fold_key(l).startswith("doc lap")), None)
        message = f'Tiêu ngữ reads "{near}"' if near else "Tiêu ngữ not found"
        problems.append(Problem("error", "header", f'{message}; expected "{decree.TIEU_NGU}"'))
    return problems


def check_number(paragraphs) -> list[Problem]:
    n, para = _find(paragraphs, lambda t: NUMBER_LINE.match(t) is not None)
    if para is None:
        return [Problem("error", "header", 'số, ký hiệu not found ("Số: 175/KH-UBND")')]
    where = f"paragraph {n} ({_short(para.text)})"
    line = next(line for line in _lines(para) if NUMBER_LINE.match(line))
    code = NUMBER_LINE.match(line)["code"].strip()
    if code.startswith("/"):
        # the number is filled in at issue (an e-office draft), but the ký hiệu is there to check
        symbol = code[1:].strip()
        fixed = decree.normalise_code(symbol)
        if fixed != symbol:
            return [Problem("error", where, f'ký hiệu "/{symbol}" has spaces; write "/{fixed}"')]
        return [Problem("warning", where, "the number is blank (to be filled in at issue)")]
    if not decree.CODE_FORM.match(code):
        fixed = decree.normalise_code(code)
        if decree.CODE_FORM.match(fixed):
            return [Problem("error", where, f'"{code}" has spaces; write "{fixed}"')]
        number = decree.code_number(code)
        if number is not None and number < 10 and not code.startswith("0"):
            return [Problem("error", where, f'number below 10 takes a leading zero: "{number:02d}"')]
        return [Problem("error", where, f'"{code}" is not of the form NUMBER/TYPE-ISSUER')]
    return []


def check_date_line(paragraphs) -> list[Problem]:
    n, para = _find(paragraphs, lambda t: DATE_WORDS.search(t) is not None and "năm" in t)
    if para is None:
        return [Problem("error", "header", 'place and date line not found ("Quận 1, ngày 08 tháng 02 năm 2023")')]
    where = f"paragraph {n} ({_short(para.text)})"
    text = next(line for line in _lines(para) if DATE_WORDS.search(line) and "năm" in line)
    m = decree.DATE_LINE_FORM.match(text)
    if m is None:
        if re.search(r"ngày\s+tháng", text):
            # the day is filled in at issue; what is written must still be spaced as the decree has it
            if not BLANK_DAY_LINE.match(text):
                return [Problem("error", where, f'"{text}": write "<place>, ngày    tháng MM năm YYYY", each '
                                                "word apart from its number")]
            return [Problem("warning", where, "the day is blank (to be filled in at issue)")]
        return [Problem("error", where, 'expected "<place>, ngày DD tháng MM năm YYYY"')]
    faults = decree.date_line_problems(m["d"], m["m"])
    if faults:
        return [Problem("error", where, "date line: " + "; ".join(faults))]
    return []


def check_recipients(paragraphs) -> list[Problem]:
    n, para = _find(paragraphs, lambda t: t.startswith("Nơi nhận"))
    if para is None:
        return [Problem("error", "end", '"Nơi nhận:" not found')]
    after = _all_lines([p for p in paragraphs[n - 1:] if p.table == para.table and p.cell == para.cell])
    if not any(fold_key(line).lstrip("- ").startswith("luu") for line in after):
        return [Problem("warning", f"paragraph {n}", 'Nơi nhận has no "- Lưu: VT, …" line')]
    return []


def check_signature(paragraphs) -> list[Problem]:
    """An upper-case title line followed later by a name, beside or after Nơi nhận."""
    n, noi_nhan = _find(paragraphs, lambda t: t.startswith("Nơi nhận"))
    if noi_nhan is not None and noi_nhan.table is not None:
        block = [p for p in paragraphs if p.table == noi_nhan.table and p.cell != noi_nhan.cell]
    else:
        block = paragraphs[(n or 0):]
    lines = [line for line in _all_lines(block) if line]
    title = next((i for i, l in enumerate(lines) if l.isupper() and len(l) > 3), None)
    if title is None:
        return [Problem("error", "signature block", "no title line (e.g. \"TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH\")")]
    if not any(NAME_LINE.match(l) for l in lines[title + 1:]):
        return [Problem("error", "signature block", "no signer's name under the title")]
    return []


def page_count(path: Path) -> int | None:
    """The pages Word counted when it last saved the file (docProps/app.xml), if it did."""
    try:
        with zipfile.ZipFile(path) as package:
            app = package.read("docProps/app.xml").decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return None
    found = re.search(r"<Pages>(\d+)</Pages>", app)
    counted = re.search(r"<Words>([1-9]\d*)</Words>", app)  # python-docx's own package says 1 page, 0 words
    return int(found.group(1)) if found and counted else None


ONE_PAGE_CHARS = 1800  # without Word's page count, a text this short fits on one A4 page


def check_page_numbers(document, pages: int | None = None, text_length: int = 0) -> list[Problem]:
    """Page numbers from page 2 (Phụ lục I, I.7): none is asked of a one-page document."""
    if pages == 1 or (pages is None and text_length < ONE_PAGE_CHARS):
        return []
    problems = []
    for i, section in enumerate(document.sections, start=1):
        where = f"section {i} header" if len(document.sections) > 1 else "header"
        header = section.header
        if header.is_linked_to_previous and i > 1:
            continue
        if not has_page_field(header._element):
            problems.append(Problem("error", where, "no page number (PAGE field, top centre, from page 2)"))
            continue
        if i == 1 and not section.different_first_page_header_footer:
            problems.append(Problem("error", where, "page number is shown on the first page"))
        aligned = [p.alignment for p in header.paragraphs if has_page_field(p._p)]
        if aligned and aligned[0] != WD_ALIGN_PARAGRAPH.CENTER:
            problems.append(Problem("warning", where, "page number is not centred"))
    return problems


def open_docx(path: str | Path):
    path = Path(path)
    if not path.is_file():
        raise CheckError(f"{path}: file not found")
    if not zipfile.is_zipfile(path):
        raise CheckError(f"{path}: not a .docx file (not a zip archive)")
    try:
        return Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for broken packages
        raise CheckError(f"{path}: not a readable .docx ({type(exc).__name__})") from None


def first_document(paragraphs) -> tuple[list, int | None]:
    """The paragraphs of the file's first document, and where a second one starts (a phiếu trình
    saved after the công văn it presents): its own Quốc hiệu after a Nơi nhận or a signature."""
    seen_end = False
    for n, para in enumerate(paragraphs):
        lines = _lines(para)
        if any(line.startswith("Nơi nhận") for line in lines):
            seen_end = True
        elif seen_end and any(line in decree.QUOC_HIEU_VARIANTS for line in lines):
            start = n
            while start > 0 and paragraphs[start - 1].table is not None and paragraphs[start - 1].table == para.table:
                start -= 1
            return paragraphs[:start], start + 1
    return paragraphs, None


LEGAL_TITLES = {fold_key(t.name) for t in decree.LEGAL_TYPES} | {"nghi dinh", "thong tu", "thong tu lien tich"}
CODE_WITH_YEAR = re.compile(r"^\s*Số\s*:\s*\d+(?:\.\d+)?/(?:19|20)\d{2}/")


def legal_type(paragraphs) -> str | None:
    """The kind of a legal normative document (Luật, Nghị định, Thông tư, …, or any whose số
    carries its year): Luật Ban hành văn bản quy phạm pháp luật lays them out, not Phụ lục I."""
    for para in paragraphs[:40]:
        for line in _lines(para):
            if fold_key(line) in LEGAL_TITLES:
                return line.capitalize()
            if CODE_WITH_YEAR.match(line):
                return "văn bản quy phạm pháp luật"
    return None


def check_docx(path: str | Path) -> list[Problem]:
    """Every check of Phụ lục I over one file. A check the file defeats (a structure python-docx
    does not expect) is one warning saying so; the others still run: never a traceback."""
    from docgen.drafting.check_style import check_styles

    path = Path(path)
    if path.suffix.lower() == ".doc":
        return _check_doc(path)
    document = open_docx(path)
    paragraphs, second = first_document(iter_paragraphs(document))
    notes = [Problem("warning", f"paragraph {second}", "a second document starts here; only the first was "
                                                        "checked")] if second else []
    if kind := legal_type(paragraphs):
        return notes + [Problem("warning", "document", f"{kind}: a legal normative document, laid out by the law on "
                                                       "legal documents, not by Phụ lục I of Nghị định 30; not checked")]
    text_length = sum(len(p.text) for p in paragraphs)
    checks = [("page setup", lambda: check_page(document)), ("fonts", lambda: check_fonts(document, paragraphs)),
              ("national header", lambda: check_national_header(paragraphs)),
              ("số, ký hiệu", lambda: check_number(paragraphs)), ("date line", lambda: check_date_line(paragraphs)),
              ("recipients", lambda: check_recipients(paragraphs)), ("signature", lambda: check_signature(paragraphs)),
              ("page numbers", lambda: check_page_numbers(document, page_count(path), text_length)),
              ("styles", lambda: check_styles(document, paragraphs, Problem))]
    problems: list[Problem] = notes
    for name, run in checks:
        try:
            problems += run()
        except Exception as exc:  # noqa: BLE001 - one check's failure must not hide the others
            problems.append(Problem("warning", name, f"not checked: the file's structure defeated it "
                                                     f"({type(exc).__name__})"))
    return problems


def _check_doc(path: Path) -> list[Problem]:
    """A .doc (Word 97-2003) is read through LibreOffice as the archive reads it, then checked."""
    import tempfile

    from docgen.base.pdf import PdfError, convert_with_soffice

    with tempfile.TemporaryDirectory(prefix="docgen-check-") as tmp:
        try:
            converted = convert_with_soffice(path, Path(tmp), "docx")
        except PdfError as exc:
            raise CheckError(f"{path}: a .doc LibreOffice could not read ({exc})") from None
        return check_docx(converted)
