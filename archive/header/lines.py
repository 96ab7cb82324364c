"""The header's lines as the steps read them, the casing of names, and the fields found so far."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from archive import patterns as P
from archive.record import HeaderFields
from docgen.base.vntext import fold, latinise_lookalikes, nfc

HEADER_LINES = 45  # the header never runs further (a cover page included)
UNIT_WORDS = ("quận", "huyện", "tỉnh", "thành phố", "thị xã", "phường", "xã", "thị trấn")
_FOLDED_UNITS = {fold(u) for u in UNIT_WORDS}


def is_unit(words: str) -> bool:
    """ "tỉnh", "thành phố", and their folded forms in text that lost its marks; "quản" is
    not "quận" when the marks are there to tell them apart."""
    lowered = words.lower()
    return lowered in UNIT_WORDS or (lowered in _FOLDED_UNITS and fold(lowered) == lowered)


ISSUER_EXPANSIONS = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "ĐBQH": "Đại biểu Quốc hội",
                     "MTTQ": "Mặt trận Tổ quốc"}


@dataclass
class Header(HeaderFields):
    """The header fields, and what the parser needs on the way to the signer."""

    signer_authority: str | None = None
    signer_for: str | None = None  # whom an authority prefix signs for: "Chủ tịch"
    signer_title: str | None = None
    signer_name: str | None = None
    beside_noi_nhan: str | None = None  # the signature column's first line, when columns were flattened
    blank_symbol: str | None = None  # the ký hiệu of a số line whose number was left blank
    blank_year: int | None = None  # the year of a date line whose day and month were left blank


class Lines:
    """The document's lines, cleaned, with their folded twins for matching."""

    def __init__(self, text: str):
        cleaned = clean_lines(latinise_lookalikes(nfc(text)))
        folded = fold("\n".join(cleaned)).split("\n")  # one fold, not one a line
        self.text, self.folded = join_fragments(cleaned, folded)

    def __len__(self) -> int:
        return len(self.text)


def clean_lines(text: str) -> list[str]:
    """Every line with its markup stripped and its spaces squashed; a line that is only a
    rule ("__________") stays a rule ("---"), a converter's page mark is a blank; a Markdown table's row is its cells, each read
    as the lines it held (table_cells). The markup is taken off the whole text at once, not a
    line at a time (a law has thousands of lines), and only when it holds any."""
    lines = text.splitlines()
    if "|" in text:
        lines = [cell for line in lines for cell in table_cells(line)]
    joined = "\n".join(lines)
    if "*" in joined or "__" in joined or "#" in joined:
        joined = P.MARKUP.sub("", joined)
    cleaned = ["" if P.PAGE_MARK.match(raw) else "---" if P.RULE.match(raw) else " ".join(line.split())
               for raw, line in zip(lines, joined.split("\n"))]
    if "V/v" not in joined:
        return cleaned
    return [part for line in cleaned for part in _number_then_subject(line)]


# Ô 3 and ô 5b of a công văn share a cell, the V/v under the số: a table cell whose paragraphs a
# converter joined reads "Số: 3479/VPCP-NN V/v xây dựng Đề án …", two lines in one.
_NUMBER_THEN_VV = re.compile(r"^(S[ốo]\s*:?\s*\S{1,40})\s+(V/v\b.*)$")


def _number_then_subject(line: str) -> list[str]:
    m = _NUMBER_THEN_VV.match(line)
    return [m[1], m[2]] if m else [line]


_TABLE_SEPARATOR = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+(?:\s*:?-{3,}:?\s*)?$")
_WORDS = re.compile(r"[^\W\d_]{2,}")
_CELL_PARAGRAPHS = re.compile(r"\s{3,}|(?<=[;:.*])\s+(?=[-–+]\s)")


def table_cells(line: str) -> list[str]:
    """A row of a Markdown table ("| VĂN PHÒNG CHÍNH PHỦ | CỘNG HÒA … |", as converters write a
    document's header and signature tables) as the lines its cells held, left cell first, the
    way a .docx's table is read: a cell's paragraphs were joined with wide gaps, and the items
    of its Nơi nhận with " - " after the ";" of the one before. A separator row is a blank;
    a line of cells joined by " | " (another extraction's table) is its cells; any other line
    is itself."""
    stripped = line.strip()
    if not stripped.strip("|"):
        return [""]  # a web page's cell boundary on its own line, between a table's cells one a line
    if stripped.endswith(" |") and not stripped.startswith("|"):
        line = stripped[:-2]  # a row's last cell closed ("ỦY BAN NHÂN DÂN |", a web page's table)
    if not (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1):
        # a table's cells joined with " | " by an extraction ("Số: 19/2025/NQ-HĐND | Lào Cai, ngày …"),
        # each cell words or a rule: not a scan's border read as "|" between scraps ("Ï | Ị Ì/")
        cells = [cell.strip() for cell in line.split(" | ")] if " | " in line else [line]
        if len(cells) > 1 and all(_WORDS.search(c) or P.RULE.match(c) for c in cells):
            return cells
        return [line]
    if _TABLE_SEPARATOR.match(stripped):
        return [""]
    return [paragraph for cell in stripped[1:-1].split("|") for paragraph in _CELL_PARAGRAPHS.split(cell.strip())]


def _glue(a: str, b: str) -> str:
    """Two pieces of one line: digits cut apart ("ngày 1" + "5") join without a space."""
    return a + b if a[-1:].isdigit() and b[:1].isdigit() else f"{a} {b}"


# The Quốc hiệu and the tiêu ngữ as their letters, to find them cut over two lines. (folded)
_HEADINGS = ("CONGHOAXAHOICHUNGHIAVIETNAM", "DOCLAPTUDOHANHPHUC")
_ONE_WORD = re.compile(r"^[A-Z][a-z]{1,7}$|^[A-Z]{2,7}$")  # (folded)
_PLACE_THEN_DATE = re.compile(r"^[A-Za-z][^,;:/\d]{0,30},\s*ng\w{0,2}y\b", re.IGNORECASE)  # (folded)


# A word a web page's cell cut in two ("KH" / "ÓA XVIII, KỲ HỌP THỨ 4"): capitals with no vowel,
# which no Vietnamese syllable is, before a line opening with a vowel. (folded)
_CONSONANTS = re.compile(r"^[BCDGHKLMNPQRSTVX]{1,3}$")
_VOWEL_FIRST = re.compile(r"^[AEIOUY][A-Z]*\b")


_NOT_LETTERS = re.compile(r"[^A-Za-z]+")


def _letters(folded: str) -> str:
    return _NOT_LETTERS.sub("", folded).upper()


def _heading_goes_on(a: str, b: str) -> bool:
    """Whether letters a begin the Quốc hiệu or the tiêu ngữ, and b go on with it."""
    return len(a) >= 4 and any(h != a and h.startswith(a) and (h.startswith(a + b) or (a + b).startswith(h))
                               for h in _HEADINGS)


def _wrapped(fline: str, next_fline: str, opens_block: bool) -> bool:
    """Whether a header line goes on on the next one, where a web page's table cell wrapped it
    (thuvienphapluat.vn's text of a header: "ỦY" / "BAN NHÂN DÂN", "CỘNG" / "HÒA XÃ HỘI CHỦ
    NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM", "Cà" / "Mau, ngày 21 tháng …"):
    the Quốc hiệu or the tiêu ngữ cut anywhere; a cell's first word alone on its line, when
    with the next line it opens a body's name or a date line's place."""
    if fline[:1] in "CcDd" and _heading_goes_on(_letters(fline), _letters(next_fline)):
        return True
    if not (opens_block and _ONE_WORD.match(fline)):
        return False
    if fline.isupper():
        return next_fline.isupper() and bool(P.ORG_START.match(f"{fline} {next_fline}"))
    return bool(_PLACE_THEN_DATE.match(next_fline))


def join_fragments(lines: list[str], folded: list[str], limit: int = 2 * HEADER_LINES
                   ) -> tuple[list[str], list[str]]:
    """A số or date line that markup cut into one piece a line ("Số: 2" / "95" /
    "/2025/NĐ-CP"; "ngày 1" / "5" / "tháng" / "1" / "1" / "năm 2025"; "Lào Cai," / "ngày 05 …") made whole again,
    in the lines and their folded twins alike. Only in the header, and only pieces that
    cannot stand alone (digits, "/symbol", "tháng", "năm 2025")."""
    out: list[str] = []
    out_folded: list[str] = []
    i = 0
    while i < len(lines):
        line, fline = lines[i], folded[i]
        i += 1
        if len(out) < limit and line and len(line) < 80:
            opens_block = not out or not out[-1] or P.RULE.match(out[-1])
            if _CONSONANTS.match(fline) and i < len(lines) and _VOWEL_FIRST.match(folded[i]):
                line, fline = line + lines[i], fline + folded[i]  # "KH" / "ÓA XVIII": a word cut in two
                i += 1
            while i < len(lines) and lines[i] and _wrapped(fline, folded[i], opens_block):
                line, fline = f"{line} {lines[i]}", f"{fline} {folded[i]}"
                i += 1
            if P.OPEN_PLACE.match(fline) and i < len(lines) and P.DATE_START.match(folded[i]):
                line, fline = _glue(line, lines[i]), _glue(fline, folded[i])  # "Lào Cai," / "ngày 05 …"
                i += 1
            opens = P.OPEN_NUMBER.search(fline) or P.OPEN_DATE.search(fline)
            while opens and i < len(lines) and lines[i] and P.FRAGMENT.match(folded[i]):
                line, fline = _glue(line, lines[i]), _glue(fline, folded[i])
                i += 1
                opens = P.OPEN_NUMBER.search(fline) or P.OPEN_DATE.search(fline)
        out.append(line)
        out_folded.append(fline)
    return out, out_folded


_COMMITTEE_OF = ("tỉnh", "thành", "huyện", "quận", "thị")


@functools.lru_cache(maxsize=4096)  # an office's header lines recur from document to document
def sentence_case(text: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH LÀO CAI" → "Ủy ban nhân dân tỉnh Lào Cai"; mixed case is kept.

    The words after a unit word are a place name, each capitalised; a unit named
    by a number ("Quận 1") keeps its own capital; abbreviations stay as written.
    """
    if text != text.upper():
        return text
    originals = text.split()
    words = text.lower().split()
    out, in_place_name = [], False
    for i, word in enumerate(words):
        if is_abbreviation(originals[i]):
            out.append(originals[i])
            in_place_name = in_place_name or originals[i] in _UNIT_ABBREVIATIONS  # "UBND TX. ĐỒNG XOÀI"
            continue
        society = word in ("xã", "xa") and words[i + 1: i + 2] in (["hội"], ["hoi"])  # "xã hội" names no commune
        unit = not society and (is_unit(word) or is_unit(" ".join(words[i: i + 2])))
        numbered = unit and i + 1 < len(words) and words[i + 1][:1].isdigit()
        # the Party's committee of a province, city or district ("Tỉnh ủy Lào Cai", "Thành ủy Hà Nội")
        committee = word in ("ủy", "uỷ") and i > 0 and words[i - 1] in _COMMITTEE_OF
        capital = i == 0 or numbered or (in_place_name and not unit and not committee)
        in_place_name = in_place_name or committee
        out.append(word[:1].upper() + word[1:] if capital else word)
        if not society and (is_unit(word) or is_unit(" ".join(words[max(0, i - 1): i + 1]))):
            in_place_name = True
    return " ".join(out)


_UNIT_ABBREVIATIONS = ("TP.", "TX.")  # thành phố, thị xã before a place's name ("TT." is also Thường trực)
_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$")


@functools.lru_cache(maxsize=8192)
def is_abbreviation(word: str) -> bool:
    """ "QĐ", "TNHH", "2872/QĐ-SCT": not a syllable, so its capitals are kept."""
    core = word.strip("(),.;:")
    if "-" in core and not any(c.isdigit() or c in "/&" for c in core):
        # words joined by a hyphen are words ("GIÁO DỤC-ĐÀO TẠO"); initials are not ("KH-CN")
        return any(is_abbreviation(part) for part in core.split("-") if part)
    return bool(core) and (any(c.isdigit() or c in "/-&" for c in core)
                           or not _SYLLABLE.match(fold(core).lower()))


def expand(name: str) -> str:
    for short, full in ISSUER_EXPANSIONS.items():
        name = re.sub(rf"\b{short}\b", full, name)
    return _UNIT_ABBREVIATED.sub(lambda m: _UNIT_SPELLED[m[1]] + " ", name)


# "UBND TP. HỒ CHÍ MINH", "UBND TX. ĐỒNG XOÀI": the unit spelled out before a capitalised name
_UNIT_SPELLED = {"TP": "thành phố", "TX": "thị xã"}
_UNIT_ABBREVIATED = re.compile(r"(?<=\w )(TP|TX)\.\s*(?=[A-ZĐÀ-Ỹ])")


def header_end(lines: Lines) -> int:
    for i, folded in enumerate(lines.folded[:HEADER_LINES]):
        if P.KINH_GUI.match(folded) or P.HEADING.match(folded) or (P.BASIS.match(folded) and len(folded) > 100):
            return i
    return min(len(lines), HEADER_LINES)

