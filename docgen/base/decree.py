"""The rules of Nghị định 30/2020/NĐ-CP that both drafting and parsing rely on.

One place for: the document types and their abbreviations (Phụ lục III),
composing and reading "số, ký hiệu" (Phụ lục I, II.3), the place-and-date
line (II.4), the signing authority prefixes (II.7, Điều 13), the fixed
strings of the header, and the layout figures of Phụ lục I.

See ../shared/spec/nd30-format.md for the source of every rule.
This module depends on nothing else in the project but vntext.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from docgen.base.capitals import title_casing
from docgen.base.vntext import edit_distance, fold, fold_key, nfc

# --- Fixed strings (§4.3) -------------------------------------------------

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
QUOC_HIEU_VARIANTS = (QUOC_HIEU, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
KINH_GUI = "Kính gửi:"
NOI_NHAN = "Nơi nhận:"
NHU_TREN = "Như trên"
END_MARK = "./."

# --- Document types (Phụ lục III, Điều 7) ---------------------------------


@dataclass(frozen=True)
class DocType:
    name: str  # "Kế hoạch"
    abbr: str | None  # "KH"; None for công văn and thư công

    @property
    def title(self) -> str:
        """The tên loại as printed in the header: "KẾ HOẠCH"."""
        return self.name.upper()


DOC_TYPES: tuple[DocType, ...] = (
    DocType("Nghị quyết", "NQ"),
    DocType("Quyết định", "QĐ"),
    DocType("Chỉ thị", "CT"),
    DocType("Quy chế", "QC"),
    DocType("Quy định", "QyĐ"),
    DocType("Thông cáo", "TC"),
    DocType("Thông báo", "TB"),
    DocType("Hướng dẫn", "HD"),
    DocType("Chương trình", "CTr"),
    DocType("Kế hoạch", "KH"),
    DocType("Phương án", "PA"),
    DocType("Đề án", "ĐA"),
    DocType("Dự án", "DA"),
    DocType("Báo cáo", "BC"),
    DocType("Biên bản", "BB"),
    DocType("Tờ trình", "TTr"),
    DocType("Hợp đồng", "HĐ"),
    DocType("Công điện", "CĐ"),
    DocType("Bản ghi nhớ", "BGN"),
    DocType("Bản thỏa thuận", "BTT"),
    DocType("Giấy ủy quyền", "GUQ"),
    DocType("Giấy mời", "GM"),
    DocType("Giấy giới thiệu", "GGT"),
    DocType("Giấy nghỉ phép", "GNP"),
    DocType("Phiếu gửi", "PG"),
    DocType("Phiếu chuyển", "PC"),
    DocType("Phiếu báo", "PB"),
    DocType("Công văn", None),
    DocType("Thư công", None),
)

# Legal normative documents (Luật Ban hành văn bản quy phạm pháp luật) and the papers
# an office receives besides those of Phụ lục III. Not drafted by docgen; the archive
# reads them. A law's or ordinance's code names its body ("69/2025/QH15").
LEGAL_TYPES: tuple[DocType, ...] = (
    DocType("Hiến pháp", None),
    DocType("Bộ luật", None),
    DocType("Luật", None),
    DocType("Pháp lệnh", None),
    DocType("Lệnh", None),
    DocType("Nghị quyết liên tịch", "NQLT"),
    DocType("Nghị định", "NĐ"),
    DocType("Thông tư liên tịch", "TTLT"),
    DocType("Thông tư", "TT"),
    DocType("Giấy phép", "GP"),
    DocType("Giấy chứng nhận", "GCN"),
    # a consolidated text (Pháp lệnh Hợp nhất văn bản QPPL 2012): "Số: 78/VBHN-VPQH"
    DocType("Văn bản hợp nhất", "VBHN"),
)

# Copies (bản sao) share one series of their own.
COPY_TYPES: tuple[DocType, ...] = (
    DocType("Bản sao y", "SY"),
    DocType("Bản trích sao", "TrS"),
    DocType("Bản sao lục", "SL"),
)

# The Party's own kinds beside those it shares with the decree (Hướng dẫn 36-HD/VPTW of the
# Văn phòng Trung ương Đảng). A Party số puts the kind between the number and the issuer:
# "75-KL/TW", "2449-CV/ĐU", "18-NQ/TW".
PARTY_TYPES: tuple[DocType, ...] = (
    DocType("Kết luận", "KL"),
    DocType("Quy định", "QĐi"),
    DocType("Thông tri", "TT"),
    DocType("Điều lệ", "ĐL"),
    DocType("Công văn", "CV"),
)
_BY_PARTY_ABBR = {fold_key(t.abbr): t for t in DOC_TYPES + PARTY_TYPES if t.abbr}
_PARTY_CODE = re.compile(r"^\d+-(?P<abbr>[^\W\d_]+)/")


def party_type_of_code(code: str | None) -> DocType | None:
    """The kind a Party số names ("75-KL/TW" → Kết luận), or None for any other số."""
    m = _PARTY_CODE.match(normalise_code(code or ""))
    return _BY_PARTY_ABBR.get(fold_key(m["abbr"])) if m else None


_BY_NAME = {fold_key(t.name): t for t in DOC_TYPES + COPY_TYPES}
_BY_ABBR = {fold_key(t.abbr): t for t in DOC_TYPES + COPY_TYPES + LEGAL_TYPES if t.abbr}


def doc_type(name: str) -> DocType:
    """Look a type up by its name, in any case, with or without diacritics."""
    try:
        return _BY_NAME[fold_key(name)]
    except KeyError:
        raise KeyError(f"unknown document type: {name!r}") from None


# every tên loại the decree, the law or the Party names, folded; an administrative name wins a tie
_ANY_NAME = {fold_key(t.name): t.name for t in PARTY_TYPES + LEGAL_TYPES + DOC_TYPES + COPY_TYPES}


def type_name(text: str) -> str | None:
    """The tên loại as written in the decree or the law, for a name of either kind (Kế hoạch,
    Nghị định, …) typed in any case, with or without diacritics; None when it is neither."""
    return _ANY_NAME.get(fold_key(text))


# --- Type codes for the exchange (edXML DocumentType) --------------------------
# An edXML package (QCVN 102:2016) names the kind of a document by Type (1 administrative,
# 2 legal normative), TypeDetail (which type of that kind) and TypeName. TypeDetail is the
# type's place in the list the governing text gives: Điều 7 of Nghị định 30 for the
# administrative ones (Công văn is 18th, the number exchange clients send for it), Điều 4 of
# the Luật Ban hành văn bản quy phạm pháp luật for the legal normative ones, in the order each
# name first appears there. 0 means "not stated".
ADMINISTRATIVE_ORDER: tuple[str, ...] = (
    "Nghị quyết", "Quyết định", "Chỉ thị", "Quy chế", "Quy định", "Thông cáo", "Thông báo",
    "Hướng dẫn", "Chương trình", "Kế hoạch", "Phương án", "Đề án", "Dự án", "Báo cáo", "Biên bản",
    "Tờ trình", "Hợp đồng", "Công văn", "Công điện", "Bản ghi nhớ", "Bản thỏa thuận",
    "Giấy ủy quyền", "Giấy mời", "Giấy giới thiệu", "Giấy nghỉ phép", "Phiếu gửi", "Phiếu chuyển",
    "Phiếu báo", "Thư công",
)
LEGAL_ORDER: tuple[str, ...] = (
    "Hiến pháp", "Bộ luật", "Luật", "Nghị quyết", "Pháp lệnh", "Nghị quyết liên tịch", "Lệnh",
    "Quyết định", "Nghị định", "Thông tư", "Thông tư liên tịch",
)
ADMINISTRATIVE, LEGAL_NORMATIVE = 1, 2

# The kinds only the law makes (Điều 4 of the Luật Ban hành văn bản quy phạm pháp luật); a
# Nghị quyết or Quyết định is normative when its số carries its year ("42/2025/QĐ-TTg",
# "66.9/2025/NQ-CP"), as the law numbers them; an administrative one's does not (175/KH-UBND).
NORMATIVE_TYPES = frozenset(LEGAL_ORDER) - {"Nghị quyết", "Quyết định"}
_CODE_WITH_YEAR = re.compile(r"^\d+(?:\.\d+)?/(?:19|20)\d{2}/")


def is_normative(code: str | None, type_name: str | None) -> bool:
    """A legal normative document, by its tên loại or its số."""
    return type_name in NORMATIVE_TYPES or bool(code and _CODE_WITH_YEAR.match(normalise_code(code)))


def type_code(name: str | None, code: str | None = None) -> tuple[int, int]:
    """(Type, TypeDetail) of a document for the exchange: legal normative or administrative
    (is_normative); TypeDetail 0 when the name is not in the list of its kind."""
    name = type_name(name or "") or ""
    legal = is_normative(code, name)
    order = LEGAL_ORDER if legal else ADMINISTRATIVE_ORDER
    detail = order.index(name) + 1 if name in order else 0
    return (LEGAL_NORMATIVE if legal else ADMINISTRATIVE), detail


def type_of_code(kind: int | None, detail: int | None) -> str | None:
    """The tên loại a (Type, TypeDetail) pair stands for, or None when it names none.
    A package whose Type is above 2 and has no TypeDetail gives the Điều 7 place in Type
    (some exchange clients write Công văn as Type 18): read that too."""
    if kind in (ADMINISTRATIVE, LEGAL_NORMATIVE) and detail:
        order = ADMINISTRATIVE_ORDER if kind == ADMINISTRATIVE else LEGAL_ORDER
        return order[detail - 1] if detail <= len(order) else None
    if kind and kind > LEGAL_NORMATIVE and not detail and kind <= len(ADMINISTRATIVE_ORDER):
        return ADMINISTRATIVE_ORDER[kind - 1]
    return None


def doc_type_by_abbr(abbr: str) -> DocType | None:
    """The type an abbreviation stands for ("QD" finds Quyết định), or None."""
    return _BY_ABBR.get(fold_key(abbr))


def type_named_by_code(code: str | None) -> DocType | None:
    """The type a số/ký hiệu names: a Party số's kind ("75-KL/TW" → Kết luận), else the first part of
    the ký hiệu ("12/2024/TT-BTC" → Thông tư, "45/QĐ-UBND" → Quyết định); None for a công văn's
    ("303/UBND-NV") or a code without a ký hiệu."""
    if not code:
        return None
    first = re.split(r"\s*-\s*", normalise_code(code).split("/")[-1])[0]
    return party_type_of_code(code) or doc_type_by_abbr(first)


# --- Số, ký hiệu (§4.2) ----------------------------------------------------

AUTHORITY_PREFIXES = ("TM.", "Q.", "KT.", "TL.", "TUQ.")


def format_number(number: int) -> str:
    """Numbers below 10 take a leading zero ("05"); no other padding."""
    if number < 1:
        raise ValueError("a document number starts at 1")
    return f"{number:02d}" if number < 10 else str(number)


def compose_symbol(type_abbr: str | None, issuer_abbr: str, unit_abbr: str | None = None) -> str:
    """The ký hiệu: TYPE-ISSUER, or ISSUER-UNIT for a công văn (no type abbreviation)."""
    if type_abbr:
        return f"{type_abbr}-{issuer_abbr}"
    if not unit_abbr:
        raise ValueError("a công văn's ký hiệu needs the drafting unit's abbreviation")
    return f"{issuer_abbr}-{unit_abbr}"


def compose_code(number: int | None, symbol: str) -> str:
    """"175/KH-UBND"; with no number yet, the blank the e-office system fills in."""
    if number is None:
        return f"{' ' * 6}/{symbol}"
    return f"{format_number(number)}/{symbol}"


# A well-formed administrative code: number, "/", groups joined by "-",
# no spaces. Legal documents carry a year: 45/2020/NĐ-CP.
CODE_FORM = re.compile(
    r"^(?P<number>0[1-9]|[1-9]\d+)(?:/(?P<year>\d{4}))?/(?P<symbol>[^\s/\-][^\s/]*(?:-[^\s/\-]+)*)$"
)


def normalise_code(code: str) -> str:
    """The code as written, with stray spaces removed ("16 - NQ/TU" → "16-NQ/TU")."""
    code = nfc(code).strip()
    return re.sub(r"\s*([/\-])\s*", r"\1", code)


_ABBR_BY_NAME = {fold_key(t.name): t.abbr for t in LEGAL_TYPES + DOC_TYPES if t.abbr}
_SYMBOL_WITHOUT_HYPHEN = re.compile(r"^(?P<head>\d+(?:\.\d+)?/(?:(?:19|20)\d{2}/)?)(?P<symbol>[^\W\d_][^\s/-]*)$")


def with_lost_hyphen(code: str, type_name: str | None) -> str:
    """A code whose text layer dropped the hyphen after the type's abbreviation ("1961/QĐUBND",
    "61/2018/NĐCP": Word's non-breaking hyphen, which some PDF writers leave out of the text)
    given it back, when the type named beside it (the tên loại, "Nghị định số …") has that
    abbreviation and the issuer's initials follow it; any other code is as written."""
    abbr = _ABBR_BY_NAME.get(fold_key(type_name or ""))
    m = _SYMBOL_WITHOUT_HYPHEN.match(code)
    if not (abbr and m and m["symbol"].startswith(abbr)):
        return code
    rest = m["symbol"][len(abbr):]
    return f"{m['head']}{abbr}-{rest}" if re.fullmatch(r"[A-ZĐ]{2,}\d{0,2}", rest) else code


def code_key(code: str) -> str:
    """Two codes are the same when equal after folding diacritics (Đ→D) and case."""
    return fold(normalise_code(code)).casefold()


def code_number(code: str) -> int | None:
    m = re.match(r"\s*(\d+)", code)
    return int(m.group(1)) if m else None


# --- Place and date line (§4.1) -------------------------------------------

def format_day(day: int) -> str:
    return f"{day:02d}"


def format_month(month: int) -> str:
    """Months 1 and 2 take a leading zero; 3 to 12 do not."""
    return f"{month:02d}" if month <= 2 else str(month)


def date_line(place: str, date: _dt.date | None, year: int | None = None) -> str:
    """ "Quận 1, ngày 08 tháng 02 năm 2023"; blanks where the date is not known yet."""
    if date is None:
        year_text = str(year) if year else "     "
        return f"{place}, ngày      tháng      năm {year_text}"
    return (
        f"{place}, ngày {format_day(date.day)} tháng {format_month(date.month)}"
        f" năm {date.year}"
    )


# What a correct date line looks like, for the checker.
DATE_LINE_FORM = re.compile(
    r"^(?P<place>[^,]+),\s+ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\s*$"
)


def date_line_problems(day_text: str, month_text: str) -> list[str]:
    """What is wrong with the padding of a written day and month, per §4.1."""
    problems = []
    day, month = int(day_text), int(month_text)
    if day_text != format_day(day):
        problems.append(f'day "{day_text}" should read "{format_day(day)}"')
    if month_text != format_month(month):
        problems.append(f'month "{month_text}" should read "{format_month(month)}"')
    return problems


# --- Signature block (§6.1) -----------------------------------------------

def signature_lines(authority: str | None, on_behalf_of: str | None, title: str) -> list[str]:
    """The upper-case lines of ô 7a, e.g. ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"].

    TM., KT., TL. and TUQ. name the collective or the head on whose behalf
    the signer signs on a line of their own; Q. prefixes the signer's title.
    """
    title_line = title.upper()
    if not authority:
        return [title_line]
    authority = normalise_authority(authority)
    if authority == "Q.":
        return [f"Q. {title_line}"]
    if not on_behalf_of:
        raise ValueError(f"{authority} needs the collective or head signed for")
    return [f"{authority} {on_behalf_of.upper()}", title_line]


def chain_lines(chain: list[str], title: str) -> list[str]:
    """The lines of ô 7a for a chain of authority, one level a line, then the signer's title:
    ["TM. Ủy ban nhân dân", "KT. Chủ tịch"] + "Phó Chủ tịch" → TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH /
    PHÓ CHỦ TỊCH (how most documents of a People's Committee are signed); "TUQ. Bộ trưởng" +
    "Q. Tổng cục trưởng" → TUQ. BỘ TRƯỞNG / Q. TỔNG CỤC TRƯỞNG (Q. prefixes the title itself)."""
    lines = []
    for item in chain:
        prefix, _, principal = item.strip().partition(" ")
        authority = normalise_authority(prefix)
        if authority == "Q.":
            raise ValueError(f"'{item}': Q. prefixes the signer's own title (title: 'Q. Tổng cục trưởng'), "
                             "not a level of the chain")
        if not principal.strip():
            raise ValueError(f"'{item}': name the collective or head after {authority}")
        lines.append(f"{authority} {principal.strip().upper()}")
    title_line = title.strip()
    if title_line[:2].upper() == "Q.":
        title_line = "Q. " + title_line[2:].strip()
    return lines + [title_line.upper()]


# ô 10a and 10b (Phụ lục I): the marks of secrecy and urgency, each in a single-line frame,
# UPPER, bold, bright red; the frames of the urgency stamps are 30, 40 and 20 mm wide (in the
# order the decree lists HỎA TỐC, THƯỢNG KHẨN, KHẨN); secrecy follows the state-secrets law
URGENCY_MARKS = {"khan": ("KHẨN", 20), "thuong khan": ("THƯỢNG KHẨN", 40), "hoa toc": ("HỎA TỐC", 30)}
SECRECY_MARKS = {"mat": ("MẬT", 20), "toi mat": ("TỐI MẬT", 30), "tuyet mat": ("TUYỆT MẬT", 35)}


def mark(kind: str, value: str) -> tuple[str, int]:
    """(the words printed, the frame's width in mm) of an urgency or secrecy level; KeyError
    naming the levels for anything else."""
    table = URGENCY_MARKS if kind == "urgency" else SECRECY_MARKS
    found = table.get(fold_key(value))
    if found is None:
        raise KeyError(f"'{value}': one of {', '.join(w.capitalize() for w, _ in table.values())}")
    return found


# the words that begin a place's name in an issuer's name: a long name breaks before them
PLACE_UNITS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "phường", "xã", "đặc khu")
HEADER_LINE_CHARS = 26  # what the left header column (7 cm) holds of upper-case 12-13 pt bold Times


def header_name(name: str) -> str:
    """An issuer's name as the header prints it on two lines when it does not fit on one, broken
    before its place ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI", not "ỦY BAN NHÂN DÂN TỈNH LÀO\nCAI");
    a name written with its own line break keeps it."""
    if "\n" in name or len(name) <= HEADER_LINE_CHARS:
        return name
    words = name.split()
    folded = [fold_key(w) for w in words]
    for i in range(1, len(words)):
        for unit in PLACE_UNITS:
            unit_words = fold_key(unit).split()
            if folded[i:i + len(unit_words)] == unit_words:
                return " ".join(words[:i]) + "\n" + " ".join(words[i:])
    return name


def normalise_authority(authority: str) -> str:
    text = authority.strip().upper().rstrip(".") + "."
    if text not in AUTHORITY_PREFIXES:
        raise ValueError(f"unknown signing authority {authority!r}; one of {', '.join(AUTHORITY_PREFIXES)}")
    return text


# The titles of the heads for whom a deputy signs KT. or a body's head signs TM. (the bodies of
# Điều 5 of the decree, their units, the Party's committees).
HEAD_TITLES = ("Thủ tướng", "Chủ tịch", "Bộ trưởng", "Thống đốc", "Tổng Kiểm toán nhà nước", "Chủ nhiệm",
               "Chánh án", "Viện trưởng", "Tổng cục trưởng", "Cục trưởng", "Chi cục trưởng", "Vụ trưởng",
               "Giám đốc", "Tổng Giám đốc", "Chánh Văn phòng", "Chánh Thanh tra", "Tổng Thanh tra",
               "Trưởng ban", "Trưởng phòng", "Hiệu trưởng", "Bí thư")
_HEAD_KEYS = {fold_key(t): t for t in HEAD_TITLES}


def head_title(text: str) -> str | None:
    """The head's title a KT. line names, also when OCR lost or changed one letter of it ("THỦ
    TƯỚN" under a seal); None for anything else, and for short words, where one letter is a
    different word."""
    key = fold_key(text)
    if key in _HEAD_KEYS:
        return _HEAD_KEYS[key]
    near = [t for k, t in _HEAD_KEYS.items() if len(key) >= 6 and edit_distance(k, key) <= 1]
    return near[0] if len(near) == 1 else None


# The deputy who signs KT. for a head holds the head's title with "Phó", except a minister's:
# a Bộ trưởng's deputies are Thứ trưởng (Luật Tổ chức Chính phủ, Điều 34).
DEPUTY_TITLES = {"bo truong": "Thứ trưởng"}


def deputy_title(head: str) -> str:
    """The title of whoever signs KT. (ký thay) for `head`: "Chủ tịch" → "Phó Chủ tịch",
    "Bộ trưởng" → "Thứ trưởng"."""
    head = " ".join(head.split())
    return DEPUTY_TITLES.get(fold_key(head), title_casing(f"Phó {head}"))


def keep_copy_line(archive_copy: str) -> str:
    """The last line of Nơi nhận: "- Lưu: VT, NV." (§3.9)."""
    text = archive_copy.strip().rstrip(".;")
    if not fold_key(text).startswith("luu"):
        text = f"Lưu: {text}"
    return f"- {text}."


# --- Layout figures (Phụ lục I; §1, §3) -----------------------------------

@dataclass(frozen=True)
class PageRules:
    width_mm: float = 210.0
    height_mm: float = 297.0
    top_mm: tuple[float, float] = (20.0, 25.0)
    bottom_mm: tuple[float, float] = (20.0, 25.0)
    left_mm: tuple[float, float] = (30.0, 35.0)
    right_mm: tuple[float, float] = (15.0, 20.0)
    body_size_pt: tuple[float, float] = (13.0, 14.0)
    font: str = "Times New Roman"
    first_line_indent_cm: tuple[float, ...] = (1.0, 1.27)
    min_paragraph_spacing_pt: float = 6.0


PAGE = PageRules()

# The margins docgen writes: those of the decree's own files (§1).
DEFAULT_MARGINS_MM = {"top": 25.0, "bottom": 20.0, "left": 35.0, "right": 20.0}
