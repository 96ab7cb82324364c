"""The regular expressions of the parser, kept together and named.

All of them run on *folded* text (diacritics stripped, đ→d; see
docgen.base.vntext.fold), so that OCR output that lost its marks matches too.
Folding keeps one character per character, so a match's offsets are valid
in the original text, and values are cut from there.
"""

import re
from collections.abc import Iterator


def windows_near(anchor: re.Pattern, folded: str, before: int, after: int) -> list[tuple[int, int, int]]:
    """The stretches from `before` characters before each match of anchor to `after` after it,
    overlapping ones merged, each with where its last match starts (lo, hi, last): where a long
    pattern that must hold such a match is tried, instead of at every word of a
    100,000-character law."""
    windows: list[tuple[int, int, int]] = []
    for m in anchor.finditer(folded):
        lo, hi = max(0, m.start() - before), min(len(folded), m.end() + after)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi, m.start())
        else:
            windows.append((lo, hi, m.start()))
    return windows


def words_in(pattern: re.Pattern, folded: str, windows: list[tuple[int, int, int]]) -> Iterator[re.Match]:
    """The matches of `\\b` + pattern inside the windows, in order, as pattern.finditer(folded, lo,
    hi) would give them (a match sees the text before its window). The boundary is checked here,
    not written in the pattern, where it would keep re from skipping to the first letters."""
    for lo, hi, _ in windows:
        pos = lo
        while pos <= hi and (m := pattern.search(folded, pos, hi)):
            if m.start() > 0 and (folded[m.start() - 1].isalnum() or folded[m.start() - 1] == "_"):
                pos = m.start() + 1  # inside a word: the next start may still begin one
                continue
            yield m
            pos = max(m.end(), m.start() + 1)

# "Số: 175/KH-UBND", OCR "S6: 292 /UBND-NV", blank "Số:      /KH-SCT",
# spaced "Số:   /TTr - SCT". The colon is required: "QĐ SỐ 2872/QĐ-SCT" in an
# issuer line is not this document's number.
# A handwritten number that OCR could not read leaves debris before the "/".
# Party documents join number and symbol with a hyphen: "Số: 18-NQ/TW", and their guide
# (Hướng dẫn 36-HD/VPTW) prints "Số 2449-CV/ĐU" without the colon, alone at the head of its line
# (its number left blank, "Số      -CTr/TU", when a digital signature stamps it).
NUMBER_LINE = re.compile(
    r"(?:(?:\bS|(?<=Luat )s|(?<=lenh )s|(?<=quyet )s)[o6§$0]\s*[:;]|^\W{0,3}So(?=\s+(?:\d{1,6}\s*)?-\s*[A-Za-z]+/))\s*"
    r"(?:(?P<num>\d{1,6}(?:\.\d{1,3})?)|(?P<debris>(?!-\s*[A-Za-z]+/)[^/\n]{1,12}?))?\s*(?P<sep>/|-(?=\s*[A-Za-z]+/))\s*"
    r"(?P<sym>[A-Za-z0-9&.]+(?:\s*[-/]\s*[A-Za-z0-9&.]+)*)"
)
# A law, an ordinance or a resolution of the National Assembly prints "Luật số: 69/2025/QH15";
# a decimal number ("66.9/2025/NQ-CP") is the Government's numbering of a resolution series.

# A number or date line that markup cut into pieces, one a line: "Số: 2" / "95" / "/2025/NĐ-CP",
# "Hà Nội, ngày 1" / "5" / "tháng" / "1" / "1" / "năm 2025". (folded text)
OPEN_NUMBER = re.compile(r"(?:^|\s)(?:S|(?<=Luat )s|(?<=lenh )s|(?<=quyet )s)o\s*:\s*[\d.\s]*$")
OPEN_DATE = re.compile(r"\bng[a-z]{0,2}y\b(?!.*\bnam\s*\d{4})", re.IGNORECASE)
FRAGMENT = re.compile(r"^(?:[\d.]{1,6}|/\S+(?:\s*-\s*\S+)*|nam(?:\s*\d{4})?\.?|ngay(?:\s*\d{1,2})?"
                      # the month and year on the line under the day ("Kon Tum, ngày 25" / "tháng 01 năm 2024")
                      r"|thang(?:\s*\d{1,2}(?:\s*,?\s*nam\s*\d{4})?)?\.?"
                      # the rest of the line whole, as a table cell's paragraphs give it: "Số:" / "123/UBND-VP",
                      # "Lào Cai, ngày" / "05 tháng 3 năm 2026"
                      r"|\d{1,6}(?:\.\d{1,3})?\s*(?:/\s*(?:19|20)\d{2}\s*)?[/-]\s*[A-Za-z]\S*(?:\s*-\s*\S+)*"
                      r"|\d{1,2}\s*thang\s*\d{1,2}(?:\s*nam\s*\d{4})?\.?)$",
                      re.IGNORECASE)
# A date line's place alone on its line ("Lào Cai,"), its "ngày …" on the next. (folded)
OPEN_PLACE = re.compile(r"^[A-Z][^,;:\n/\d]{1,40},\s*$")
DATE_START = re.compile(r"^ng\w{0,2}y\s*\d", re.IGNORECASE)

# A code standing alone, as the header prints it: "19/2026/NQ-CP", "2336/QĐ-UBND", "18-NQ/TW". (folded)
BARE_CODE = re.compile(
    r"(?<![\w/])(?P<num>\d{1,5}(?:\.\d{1,3})?)\s*(?:/\s*(?:19|20)\d{2}\s*)?/\s*[A-Z][A-Za-z]*(?:\s*-\s*[A-Z][A-Za-z0-9]*)+"
    r"|(?<![\w/])(?P<pnum>\d{1,5})-[A-Z][A-Za-z]*/[A-Z][A-Za-z]*"
)

# A receipt stamp's words at the start of a line ("ĐẾN Ngày...0.4.15..1..0.26.. NGHỊ QUYẾT"):
# what follows its digits may be the title. (folded)
RECEIPT_STAMP = re.compile(r"^.{0,12}\bDEN\b[^A-Z]{0,6}(?:Ngay|So|Chuyen)?[^A-Z]{2,}(?=[A-Z]{2,})", re.IGNORECASE)

# "ngày 08 tháng 02 năm 2023", OCR "ngay 20 thdng 4 ndm 2022", blanks "ngày   tháng 6 năm 2026"
# (handwritten day or month that OCR garbled: a few characters of debris)
DATE_PHRASE = re.compile(
    r"ng\w{0,2}y\s*(?:(?:(?P<d>\d{1,2})|[^\s\d]{1,4}|\S{1,3})?\s*th\w{1,3}g\s*"
    r"(?:(?P<m>\d{1,2})\s*,?|[^\s\d]{1,3}|\S{1,3})?\s+n\w{1,2}m\s*(?P<y>\d{4})"
    # the date in figures, as many offices and companies write it: "ngày 05/3/2026", "ngày 05-3-2026"
    r"|(?P<dn>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<mn>\d{1,2})\s*(?P=sep)\s*(?P<yn>\d{4})\b)",
    re.IGNORECASE,
)


# A ký hiệu with its hyphen: "QĐ-UBND", "NĐ-CP". A text with none has lost them all (a text layer
# without Word's non-breaking hyphen: "1961/QĐUBND", "giai đoạn 20112020"). (folded)
HYPHENATED_SYMBOL = re.compile(r"\d/(?:\d{4}/)?[A-Z][A-Za-z]*-[A-Z]")


def lost_hyphens(folded: str) -> bool:
    return HYPHENATED_SYMBOL.search(folded) is None


def date_parts(m: re.Match) -> tuple[str | None, str | None, str]:
    """Day, month and year of a DATE_PHRASE match, in words or in figures (day and month None
    when left blank)."""
    return m["d"] or m["dn"], m["m"] or m["mn"], m["y"] or m["yn"]


# What may stand before ", ngày": a place name, nothing else.
# A place starts a word and holds no ký hiệu ("BCT-KHCN" before it on a line OCR ran together).
PLACE = re.compile(r"(?<!\S)(?P<place>[A-Z](?:(?!\S-\S)[^,;:\n/]){1,40}?)\s*,\s*$")
PLACE_NO_COMMA = re.compile(r"(?P<place>[A-Z][^,;:\n/]{1,40}?)\s+$")  # checked against the places it may name
# ", ngày … tháng" of a date line whose digits did not come through (handwriting, a stamp). (folded)
UNREAD_DATE = re.compile(r",\s*ng\w{0,2}y.{0,8}?th\w{1,3}g\b", re.IGNORECASE)
# A Biên bản opens with when it was drawn up: "Hôm nay, ngày 31 tháng 03 năm 2026, …". (folded)
TODAY = re.compile(r"^\W{0,3}(?:Hom\s+nay|Vao\s+(?:hoi|luc))\b", re.IGNORECASE)
# A line that is nothing but a date: "Ngày 20 tháng 5 năm 2026" (a signing date).
DATE_ONLY_LINE = re.compile(r"^\s*" + DATE_PHRASE.pattern + r"\s*$", re.IGNORECASE)

# (not after "nước": "Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam" names the state in a
# trích yếu or a treaty's title, it is not the heading)
QUOC_HIEU = re.compile(r"(?<!nuoc\s)C[O0]NG\s+H[O0]A\s+X[A4]\s+H[O0]I", re.IGNORECASE)
# A Party document's heading in the Quốc hiệu's place, on the right of its issuer. (folded)
PARTY_HEADING = re.compile(r"DANG\s+CONG\s+SAN\s+VIET\s+NAM", re.IGNORECASE)
TIEU_NGU = re.compile(
    r"\w{0,3}c\s+[l1I][a4]p\s*[-–]\s*T\w{1,2}\s+d[o0]\s*[-–]\s*H\w{1,2}nh\s+ph\w{1,2}c", re.IGNORECASE
)

# (its second word "gửi" however OCR marks it, or any short word before the colon, OCR's "gtri:";
# not the "Giang" of "Kiên Giang, ngày …")
KINH_GUI = re.compile(r"^\s*K\w{2,3}\s+g(?:[uư]\w{0,2}\b\s*:?|\w{1,4}\s*:)", re.IGNORECASE)
NOI_NHAN = re.compile(r"^\W{0,2}[NV]\w{1,2}i\s+nh\w{1,3}\s*:", re.IGNORECASE)  # OCR: "/Vơi nhận:"
# Its first word lost to OCR ("M. nhận:"); read as Nơi nhận only over a list. (folded)
DAMAGED_NOI_NHAN = re.compile(r"^\W{0,2}(?!xac\b)\S{1,3}\s+nh[a-z]{1,3}\s*:", re.IGNORECASE)
V_V = re.compile(r"^\s*V/v\b\.?\s*", re.IGNORECASE)

# Where the body starts: căn cứ, thực hiện, and the like.
BASIS = re.compile(
    r"^[\s_|.,:;'`\"-]{0,4}(Can\s+c\w{1,2}|Th\w{1,3}c\s+h\w{1,3}n|Theo\s+de\s+nghi|Nham|Trien\s+khai)\b",
    re.IGNORECASE,
)
HEADING = re.compile(r"^\s*(?:[IVX]+|\d+)\.\s")

# Authority marks before a signer's title: the decree's "TM.", "KT.", "TL.", "TUQ.", "Q.", and the
# Party's "T/M", "K/T", "T/L" (Hướng dẫn 36-HD/VPTW). (folded)
AUTHORITY_MARK = r"(?:(?:TM|KT|TL|TUQ|Q)\s*\.|[TK]/[MTL]\.?)"
# A line may also open with the mark whose dot OCR lost ("KT THỦ TƯỚNG"), before a word in capitals.
AUTHORITY = re.compile(r"^\s*(?P<prefix>" + AUTHORITY_MARK + r"|(?:TM|KT|TL|TUQ)(?=\s+[A-Z]{2}))\s*(?P<rest>.+)$")

# The start of a new organisation's name in the header (anything else continues a name).
ORG_START = re.compile(
    r"^(UY\s+BAN|UBND|HOI\s+DONG|HDND|SO\b|PHONG\b|VAN\s+PHONG|CUC\b|CHI\s+CUC|TONG\s+CUC|BO\b|BAN\b|"
    r"DOAN\b|CONG\s+TY|TRUNG\s+TAM|VIEN\b|VU\b|THANH\s+UY|TINH\s+UY|HUYEN\s+UY|QUAN\s+UY|DANG\s+UY|"
    r"MAT\s+TRAN|TRUONG\b|BENH\s+VIEN|CHINH\s+PHU|THANH\s+TRA|KHO\s+BAC|CONG\s+AN|BO\s+CHI\s+HUY|"
    r"THUONG\s+TRUC\b)",  # a council's standing committee under the council ("HĐND TỈNH …" / "THƯỜNG TRỰC")
    re.IGNORECASE,
)

# A party's heading over its signature in a record or contract signed by several parties
# ("ĐẠI DIỆN SỞ CÔNG THƯƠNG", "ĐẠI DIỆN BÊN A"), columns side by side or block after block. (folded)
PARTY = re.compile(r"\bDAI\s+DIEN\b")
# A body of the state (as opposed to a company) at the start of a party's name. (folded)
STATE_BODY = re.compile(
    r"^(UY\s+BAN|UBND|HOI\s+DONG\s+NHAN|HDND|SO\b|PHONG\b|VAN\s+PHONG|CUC\b|CHI\s+CUC|TONG\s+CUC|BO\b|"
    r"THANH\s+TRA|DOAN\s+(KIEM\s+TRA|THANH\s+TRA|CONG\s+TAC)|CONG\s+AN|BAN\s+QUAN\s+LY|KHO\s+BAC)",
    re.IGNORECASE,
)
# A signer's own title at the start of a line whose other column holds something else. (folded)
LEADING_OWN_TITLE = re.compile(
    r"^(?:PHO\s+)?(?:GIAM\s+DOC|CHU\s+TICH|TRUONG\s+PHONG|TRUONG\s+BAN|TRUONG\s+DOAN|CHANH\s+THANH\s+TRA|"
    r"CHANH\s+VAN\s+PHONG|(?:CHI\s+|TONG\s+)?CUC\s+TRUONG|THU\s+TRUONG|BO\s+TRUONG)\b",
    re.IGNORECASE,
)

# A person's name: two to five capitalised words.
NAME = re.compile(r"^(?:[A-Z][a-z]+\s+){1,4}[A-Z][a-z]+$")
# A clean upper-case title line of the signature block ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH").
TITLE_LINE = re.compile(r"^(?:" + AUTHORITY_MARK + r"\s*)?[A-Z][A-Z .,-]{2,}$")  # "BỘ TRƯỞNG, CHỦ NHIỆM", "TRƯỞNG PHÒNG TÀI CHÍNH - KẾ HOẠCH"

# A word a signer's title holds ("PHÓ THỦ TƯỚNG", "CHỦ TỊCH", "GIÁM ĐỐC", "THỐNG ĐỐC", "CHÁNH ÁN"). (folded)
TITLE_WORD = re.compile(r"\b(?:TRUONG|TUONG|TICH|DOC|CHANH|PHO|TONG|DAI\s+DIEN|UY\s+VIEN)\b", re.IGNORECASE)
# "(Đã ký)", "(đã ký)", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)" between a title and a name. (folded)
SIGNED_MARK = re.compile(r"^\(?\s*(?:da\s+ky|ky\b)[^)]{0,40}\)?\.?$", re.IGNORECASE)

# A line drawn under the issuer or the title: "-------", "__________", "———".
RULE = re.compile(r"^\s*[-_=—–.*]{3,}\s*$")
# A converter's page mark between the pages of a text ("===== TRANG 2 =====", "--- Page 2 ---").
PAGE_MARK = re.compile(r"^\s*[=\-–—*#]{2,}\s*(?:TRANG|Trang|trang|PAGE|Page|page)\s+\d+\s*[=\-–—*#]{2,}\s*$")
# The closing formula of a law, an ordinance, a National Assembly resolution. (folded)
PASSED_ON = re.compile(r"thong\s+qua\s+ngay\s+(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})\s+nam\s+(?P<y>\d{4})",
                       re.IGNORECASE)
# An authority line in capitals over the Căn cứ of a decision: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …",
# "BỘ TRƯỞNG BỘ …", "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "QUỐC HỘI", "CHÍNH PHỦ". (folded)
AUTHORITY_LINE = re.compile(
    r"^(?:CHU\s+TICH|BO\s+TRUONG|THU\s+TUONG|GIAM\s+DOC|TONG\s+GIAM\s+DOC|CUC\s+TRUONG|THONG\s+DOC|"
    r"UY\s+BAN|QUOC\s+HOI|CHINH\s+PHU|HOI\s+DONG|BAN\s+QUAN\s+LY|NUOC\s+CONG\s+HOA)\b[A-Z .,-]*$")
# A council's term and session under its authority line: "KHÓA XVIII, KỲ HỌP THỨ 4". (folded)
SESSION_LINE = re.compile(r"^(?:KHOA\s+[IVXLC]+\b|KY\s+HOP\b)", re.IGNORECASE)
# The title that opens an authority line, before the body it heads. (folded, upper case)
LEADING_TITLE = re.compile(r"^(?:CHU\s+TICH|BO\s+TRUONG|THU\s+TUONG|TONG\s+GIAM\s+DOC|GIAM\s+DOC|CUC\s+TRUONG|"
                           r"THONG\s+DOC)\s+")
# A "label: value" line of a form ("Mã số dự án: 4275604886").
FIELD_LINE = re.compile(r"^[^\W\d_][^:]{2,40}:\s*\S")
# A certificate's own date: "Chứng nhận lần đầu: ngày 30 tháng 6 năm 2026", "Cấp lần đầu: Ngày …". (folded)
FIRST_ISSUE = re.compile(r"^\(?\s*(?:Chung\s+nhan|Cap)\s+lan\s+dau\s*:", re.IGNORECASE)
# A line that cannot end a phrase: the trích yếu goes on, however long the next line. (folded)
OPEN_ENDED = re.compile(r"(?:\b(?:cua|ve|va|cho|tai|theo|so|voi|trong|nhu|la)|[,(])\s*$", re.IGNORECASE)

# Markdown left in a text: bold, underline, a heading's #s (at the start of any line of a text), and an
# italic's single * (one touching a word on one side only: "*Hà Nội, ngày 02 tháng* *5 năm 2024*")
MARKUP = re.compile(r"\*\*|__|^#+[^\S\n]*|(?<=\S)\*(?!\S)|(?<!\S)\*(?=\S)", re.MULTILINE)
