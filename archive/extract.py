"""File → text, for every format the archive takes, saying which path the text took.

.txt/.md are read as UTF-8; .docx through its XML in reading order (tables
included, smart tags kept, line breaks as newlines); legacy .doc through
LibreOffice; PDFs through their text layer when it is plausible Vietnamese,
and through Tesseract OCR (`vie`) page by page when it is not (scans, or
fonts whose glyph codes have no Unicode map).
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docgen.base.errors import DocgenError
from docgen.base.limits import MB, LimitExceeded, Limits, ran_out_of_memory, run_limited
from docgen.base.vntext import fold, nfc

TEXT_SUFFIXES = {".txt", ".md"}
MAX_UNZIPPED = 200 * 1024 * 1024  # a .docx whose parts unpack to more is refused (a zip bomb)
MAX_RATIO = 200  # nor one whose parts compress better than this
MAX_OCR_PAGES = 40  # pages beyond this are not OCR'd (about a minute on 2 cores); the record says so
MAX_TEXT_FILE = 20 * 1024 * 1024  # a .txt past this is refused unread (real documents run to 1 MB)
MAX_TEXT_CHARS = 5_000_000  # text extracted past this is refused (the longest law runs to 400,000)
UNREADABLE = 0.3  # share of characters no supported encoding writes above which a text is refused
# A Vietnamese syllable, once folded: onset, one to three vowels, coda.
_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$")
_WORD = re.compile(r"[^\W\d_]{2,}")
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
# Every letter Vietnamese writes: a word with any other ("hoøa", "hoµ") is a legacy encoding.
VIETNAMESE_LETTERS = frozenset(
    "".join(unicodedata.normalize("NFC", v + t) for v in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
            for t in _TONE_MARKS) + "bcdđfghjklmnpqrstvwxz"
) | frozenset("".join(unicodedata.normalize("NFC", v + t).upper()
              for v in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y") for t in _TONE_MARKS)
              + "BCDĐFGHJKLMNPQRSTVWXZ")
MIN_WORDS = 12


class ExtractError(DocgenError):
    """A file whose text cannot be had; str() is one line naming it."""

    title = "Không đọc được tệp"


@dataclass
class Extracted:
    text: str
    source: str  # "text", "docx", "doc", "pdf-text", "ocr"
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


def plausibility(text: str) -> float:
    """How much this looks like Vietnamese text: 0 (glyph codes, noise) to 1.

    Two signs, multiplied: the share of words that are Vietnamese syllables
    (glyph codes such as "&Ӝ1*" are not), and whether words carry diacritics
    at all (an OCR layer that lost them reads "PHIEU TRiNH ... CONG VIPC").
    A page with fewer than a dozen words has nothing to judge: 0.
    """
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return 0.0
    folded = [fold(w).lower() for w in words]
    syllables = sum(bool(_SYLLABLE.match(f)) and set(w) <= VIETNAMESE_LETTERS
                    for f, w in zip(folded, words)) / len(words)
    marked = sum(f != w.lower() for f, w in zip(folded, words)) / len(words)
    return round(syllables * min(marked / 0.15, 1.0), 3)


PLAUSIBLE = 0.5


def unlegacy(extracted: Extracted) -> Extracted:
    """Text typed in TCVN3 or VNI, converted to Unicode; the record says so."""
    from archive.legacy_encoding import repair_legacy

    text, encoding = repair_legacy(extracted.text, plausibility)
    if encoding:
        extracted.text = text
        extracted.source += f"+{encoding.lower()}"
        extracted.warnings.append(f"text converted from the legacy {encoding} encoding")
    extracted.text = extracted.text.replace("\u00ad", "")  # soft hyphens (TCVN3 has read its ư by now)
    return extracted


def read_text_file(path: Path) -> Extracted:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractError(f"{path}: not UTF-8 text") from None
    return unlegacy(Extracted(nfc(text), "text"))


def read_docx(path: Path) -> Extracted:
    from docx import Document

    from docgen.base.docx_read import iter_paragraphs

    if not zipfile.is_zipfile(path):
        raise ExtractError(f"{path}: not a .docx file (not a zip archive)")
    check_zip(path)
    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for broken packages
        raise ExtractError(f"{path}: not a readable .docx ({type(exc).__name__})") from None
    lines = [para.text for para in iter_paragraphs(document)]
    return unlegacy(Extracted(nfc("\n".join(lines)), "docx"))


def check_zip(path: Path) -> None:
    """Refuse a zip that would unpack to far more than it weighs, before reading it."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ExtractError(f"{path}: damaged .docx ({exc})") from None
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_UNZIPPED or (unpacked > 10 * 1024 * 1024 and unpacked / packed > MAX_RATIO):
        raise ExtractError(f"{path}: refused: unpacks to {unpacked // (1024 * 1024)} MB "
                           f"from {packed // 1024} KB (a zip bomb?)")


# Each external program runs within limits (docgen.base.limits): a stuck or bloated one is killed.
# (OCR's own, pdftoppm's and tesseract's, are in archive.ocr.)
DOC_LIMITS = Limits(seconds=120, memory=1536 * MB)


def read_doc(path: Path) -> Extracted:
    """Legacy Word 97-2003: LibreOffice converts it to .docx first, in a profile of its own
    (a LibreOffice started on the drafting profile would take over, or wait for, the
    drafting conversions) and within DOC_LIMITS."""
    from docgen.base.pdf import find_soffice

    with tempfile.TemporaryDirectory(prefix="docgen-doc-") as tmp:
        profile = Path(tmp) / "profile"
        try:
            result = run_limited(
                [find_soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                 "--convert-to", "docx", "--outdir", tmp, str(path)], DOC_LIMITS)
        except LimitExceeded as exc:
            raise ExtractError(f"{path}: LibreOffice {exc} reading this .doc file; refused") from None
        converted = Path(tmp) / f"{path.stem}.docx"
        if not converted.exists():
            why = " (it ran out of memory)" if ran_out_of_memory(result) else ""
            raise ExtractError(f"{path}: LibreOffice could not read this .doc file{why}")
        extracted = read_docx(converted)
    extracted.source = extracted.source.replace("docx", "doc")
    return extracted


def _flattened(document, index: int, page):
    """The page with its annotations (stamps, signature widgets) drawn into it. The form
    environment this needs is set up at the first page that has any: most PDFs have none."""
    import pypdfium2

    try:
        if document.formenv is None:
            page.close()
            document.init_forms()
            page = document[index]
        page.flatten()
        page.close()
        return document[index]
    except (pypdfium2.PdfiumError, RuntimeError):
        return document[index]  # annotations left as they are


def scanned_page(page) -> bool:
    """A page that is one picture: an image object covering most of it."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) > 0.5 * width * height:
            return True
    return False


# A scanned page whose only text is a signature box or a stamp ("Người ký: … Thời gian ký: …")
# has too few words to be the page's text: it is read by OCR all the same.
SPARSE_WORDS = 80


def _text_layer(path: Path) -> tuple[list[str], list[str], set[int]]:
    """Each page's text layer through PDFium, in reading order, what went wrong, and which
    pages are scans with too few words to be their text (one image over most of the page).

    Annotations are flattened first: an e-office system stamps the number and the day
    as the appearance of a signature widget. A page whose stream order is not its
    reading order (two columns, text laid over it later) is rebuilt from character
    boxes (archive.pdf_layout); other pages keep PDFium's text as it comes (about
    1.5 ms a page; pdfplumber takes 100 times longer, which matters for a 500-page
    plan or an archive of thousands)."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    from archive.pdf_layout import Unusable, needs_layout, page_text, rotated

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        reason = "encrypted PDF (a password is needed)" if "password" in str(exc).lower() else \
            f"not a readable PDF ({exc})"
        raise ExtractError(f"{path}: {reason}") from None
    pages, warnings, scans = [], [], set()
    try:
        for index in range(len(document)):
            page = document[index]
            if pdfium_c.FPDFPage_GetAnnotCount(page.raw) > 0:
                page = _flattened(document, index, page)
            textpage = page.get_textpage()
            stream = textpage.get_text_range()
            text = stream
            if needs_layout(textpage, stream):
                try:
                    if rotated(textpage):
                        raise Unusable("rotated text")
                    text = page_text(textpage)
                except Unusable as exc:
                    warnings.append(f"page {index + 1}: text kept in stream order ({exc})")
            if len(_WORD.findall(text)) < SPARSE_WORDS and scanned_page(page):
                scans.add(index)  # only a page with few words can be a scan under a signature box
            pages.append(nfc(text.replace("\r\n", "\n").replace("\r", "\n")))
            textpage.close()
            page.close()
        return pages, warnings, scans
    finally:
        document.close()


def read_pdf(path: Path, ocr: bool = True) -> Extracted:
    from archive.legacy_encoding import repair_legacy

    layer, warnings, scans = _text_layer(path)
    if not layer:
        raise ExtractError(f"{path}: a PDF with no pages")
    legacy = set()
    scores = [plausibility(text) for text in layer]
    for i, text in enumerate(layer):
        if scores[i] < PLAUSIBLE:
            layer[i], encoding = repair_legacy(text, plausibility)
            if encoding:
                legacy.add(encoding)
                scores[i] = plausibility(layer[i])
    if legacy:
        warnings.append(f"text converted from the legacy {', '.join(sorted(legacy))} encoding")
    bad = [i for i in range(len(layer)) if scores[i] < PLAUSIBLE or i in scans]
    if len(bad) > MAX_OCR_PAGES and ocr:
        warnings.append(f"only the first {MAX_OCR_PAGES} of {len(bad)} pages without text were OCR'd")
        bad = bad[:MAX_OCR_PAGES]
    source = "pdf-text" + "".join(f"+{e.lower()}" for e in sorted(legacy))
    if bad and ocr:
        from archive.ocr import OcrError, ocr_pages
        from archive.ocr_repair import restore_marks

        try:
            read = ocr_pages(path, bad)
        except OcrError as exc:
            raise ExtractError(str(exc)) from None
        for page, text in read.items():
            layer[page] = restore_marks(text)
        source = "ocr"
        warnings.append(f"text of {len(bad)} of {len(layer)} pages read by OCR")
    elif bad:
        warnings.append(f"{len(bad)} of {len(layer)} pages have no plausible text layer")
    return Extracted("\n".join(layer), source, pages=len(layer), warnings=warnings)


def extract(path: str | Path, ocr: bool = True, kind: str | None = None) -> Extracted:
    """The text of a file, read by its format. kind: the suffix to read it as (".pdf"), for a
    file whose own name has none (an original in the store, named by its hash)."""
    path = Path(path)
    if not path.is_file():
        raise ExtractError(f"{path}: file not found")
    size = path.stat().st_size
    if size == 0:
        raise ExtractError(f"{path}: empty file")
    suffix = (kind or path.suffix).lower()
    if suffix in TEXT_SUFFIXES:
        if size > MAX_TEXT_FILE:
            raise ExtractError(f"{path}: refused: {size // 2**20} MB of text (at most {MAX_TEXT_FILE // 2**20} MB)")
        return checked(path, read_text_file(path))
    if suffix == ".docx":
        return checked(path, read_docx(path))
    if suffix == ".doc":
        return checked(path, read_doc(path))
    if suffix == ".pdf":
        return checked(path, read_pdf(path, ocr=ocr))
    raise ExtractError(f"{path}: unsupported file type '{suffix}' (.txt, .md, .docx, .doc, .pdf)")


def unreadable_share(text: str) -> float:
    """The share of a text's characters that no document docgen reads is written in: CJK,
    control and private-use characters, U+FFFD (what random bytes become once decoded)."""
    sample = "".join(text[:20000].split())
    if not sample:
        return 0.0
    odd = sum(1 for c in sample if unicodedata.category(c) in ("Cc", "Co", "Cs", "Cn") or c == "\ufffd"
              or "\u2e80" <= c <= "\ufaff" or "\uac00" <= c <= "\ud7af")
    return odd / len(sample)


def checked(path: Path, extracted: Extracted) -> Extracted:
    """A text too long to be a document, or one that is mostly characters no document is
    written in (random bytes renamed .doc), is refused with the reason."""
    if len(extracted.text) > MAX_TEXT_CHARS:
        raise ExtractError(f"{path}: refused: {len(extracted.text):,} characters of text (at most {MAX_TEXT_CHARS:,})")
    share = unreadable_share(extracted.text)
    if share > UNREADABLE and extracted.source != "ocr":
        raise ExtractError(f"{path}: refused: {share:.0%} of its text is in no encoding docgen reads "
                           "(a damaged or mislabelled file?)")
    return extracted
