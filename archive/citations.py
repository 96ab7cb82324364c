"""Text → the documents it cites: "Thực hiện Kế hoạch số 406/KH-UBND ngày 29 tháng
12 năm 2022 của Ủy ban nhân dân Quận 1 về …".

Steps, as in eyecite: find each mention (a type word, "số", a code), read the
date, issuer ("của …") and subject ("về …") that follow it, then merge repeated
mentions of one document, keeping every position. Matching runs on folded text
(OCR that lost its marks: "Quyét dinh s 4424/QD-UBND ngay 31 théng 12 nim 2021");
values are cut from the document's own text, with codes normalised.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator

from archive import patterns as P
from archive.record import Reference
from docgen.base import decree
from docgen.base.vntext import fold, nfc, squash_spaces

# The kinds of document that are cited, longest first so that "Chương trình hành
# động" wins over "Chương trình".
CITED_TYPES = (
    "Chương trình hành động", "Chương trình liên tịch", "Chương trình", "Kế hoạch liên tịch", "Kế hoạch",
    "Quyết định", "Chỉ thị", "Nghị quyết liên tịch", "Nghị quyết", "Nghị định", "Thông tư liên tịch",
    "Thông tư", "Công văn", "Công điện", "Thông báo", "Kết luận", "Hướng dẫn", "Quy định", "Quy chế",
    "Đề án", "Tờ trình", "Báo cáo", "Phiếu chuyển", "Phương án", "Giấy phép", "Luật", "Pháp lệnh",
    "Văn bản",
)
# The type a compound word is filed under ("Chương trình hành động" is a Chương trình), as the
# header reads the cited document's own title; a joint Thông tư or Nghị quyết is a kind of its own
# in the law (Luật Ban hành văn bản QPPL), and its header's type says so.
FILED_AS = {"Chương trình hành động": "Chương trình", "Chương trình liên tịch": "Chương trình",
            "Kế hoạch liên tịch": "Kế hoạch"}


def _loose(word: str) -> str:
    """A folded type word whose vowels OCR may have garbled: "Ke hoach" also finds "K& hoach"."""
    parts = []
    for token in fold(word).split():
        parts.append(re.sub(r"[aeiouy]+", lambda m: r"\S{1,%d}" % (len(m.group()) + 1), token))
    return r"\s+".join(parts)


def _by_first_letter(named: list[tuple[str | None, str]]) -> str:
    """(group name or None, pattern) pairs as an alternation grouped by first letter
    ("c(?:(?P<t0>h…)|…)|k(?:…)"): the same matches in the same order, but re tries a dozen
    letters at each word instead of every alternative (three times faster). Each pattern
    starts with a letter; a named group holds the rest of its word."""
    groups: dict[str, list[str]] = {}
    for name, pattern in named:
        group = f"(?P<{name}>" if name else "(?:"
        groups.setdefault(pattern[0].lower(), []).append(f"{group}{pattern[1:]})")
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


TYPE_WORD = re.compile(
    r"(?<![\w])(?P<type>" + _by_first_letter([(f"t{i}", _loose(t)) for i, t in enumerate(CITED_TYPES)]) + r")",
    re.IGNORECASE,
)
# "số", "số:", and what OCR makes of it: "s", "s6", "sb", "§6", "s§"; "số3556/QĐ-UBND" (glued) is "số" and
# 3556, not "s" + "ố3" and 556: a digit is OCR's "ố" only before a space.
NUMBER_WORD = r"(?:(?:s[^\s\d]{0,2}|s\d(?=\s)|§\S?)\s*:?\s*)?"
# 175/KH-UBND, 45/2020/NĐ-CP, 05-CTr/QU, 16 - NQ/TU, 46 /UBND-NV, 27/CTrLT-UBND-MTTQ&TCCT-XH,
# and a symbol cut by a line or page break after a hyphen ("190/NQ-" … "HĐND"); the Government's
# resolutions numbered within another ("66.13/2026/NQ-CP"), a year after them.
CODE = (
    r"(?P<code>\d{1,6}(?:\.\d{1,3}(?=\s*/\s*(?:19|20)\d{2}))?(?:\s*/\s*(?:19|20)\d{2})?\s*(?:/|\s*-\s*)\s*[A-Za-z][A-Za-z0-9&.]*"
    r"(?:(?<!\.)(?:\s*-\s*|-\s+)[A-Z0-9&][A-Za-z0-9&.]*|/[A-Za-z][A-Za-z0-9&.]*)*)"  # a full stop ends it ("NĐ-CP. - Á")
)
DATE = (
    r"(?P<date>,?\s*(?:(?:(?:duoc\s+)?ban\s+hanh|ky)\s+)?(?:ng\S{0,3}y\s*)(?:(?P<d>\d{1,2})\s*th\S{1,4}g\s*(?P<m>\d{1,2})\s*n\S{1,3}m\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4})))?"
)
# Words may stand between the type and "số" when they name the document ("Luật Đầu tư số
# 143/2025/QH15", "Giấy phép khai thác số 412/GP-UBND", "Báo cáo thẩm định số 62/BC-BQL"):
# up to fourteen plain words, none of them another type word, and then "số" itself. A law's
# name may hold commas ("Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ số 55/2024/QH15"); a comma
# in any other kind's words ends the name (_named_across_commas).
_NAME_WORDS = (r"(?:,?\s+(?!(?:" + _by_first_letter([(None, _loose(t)) for t in CITED_TYPES]) + r")\b)[^\W\d_]+){1,14}?"
               r"\s+s[o6]\s*:?\s*(?:so\s+)?")
NAMED_WITH_COMMAS = ("Luật", "Pháp lệnh")
MENTION = re.compile(TYPE_WORD.pattern + r"(?:" + _NAME_WORDS + r"|\s+" + NUMBER_WORD + r")" + CODE + DATE,
                     re.IGNORECASE)

# A line break inside the issuer's name where the text wrapped ("của Ủy ban nhân dân" / "tỉnh Lào
# Cai"): the next line goes on in lower case, which no new sentence does. (folded)
_WRAPPED = r"\n(?=(?-i:[a-z]))"
ISSUER = re.compile(
    r"^\s*(?:\([^()\n]{0,80}\)\s*)?(?:,\s*)?(?:c(?:ua|tia|ta|aa|la)\s+)?(?P<issuer>(?:Thu\s+tuong|Chu\s+tich|Bo\s+Chinh\s+tri|Ban\s+|"
    r"Uy\s+ban|UBND|Hoi\s+dong|HDND|Chinh\s+phu|Bo\s+|So\s+|Van\s+phong|Quan\s+uy|Thanh\s+uy|Tinh\s+uy|"
    r"Huyen\s+uy|Dang\s+uy|Cuc\s+|Tong\s+cuc|Thu\s+tuong)(?:[^;,.()\n“”\"]|" + _WRAPPED + r")*?)"
    r"(?=\s+(?:ve|V/v|ban\s+hanh|trien\s+khai|thuc\s+hien|to\s+chuc|phe\s+duyet|quy\s+dinh|huong\s+dan|"
    r"gan\s+voi|tren\s+dia\s+ban|ngay|khoa\s+[IVXL]+)\b|\s+va\s+(?:" + "|".join(_loose(t) for t in CITED_TYPES)
    + r")|\s*[;,.()“”\"]|\s*\n(?!(?-i:[a-z]))|$)",
    re.IGNORECASE,
)
SUBJECT = re.compile(r"^\s*,?\s*(?:ve\s+viec|ve|V/v)\s+(?P<subject>[^;\n]{3,300}?)(?=\s*[;]|\.\s|\.$|\n\n|$)",
                     re.IGNORECASE)


# National standards and technical regulations are cited by their own code, the year in it:
# "QCVN 01:2019/BCT", "QCVN 07-5:2016/BXD", "TCVN 5507:2002". (folded)
STANDARD = re.compile(r"\b(?P<kind>QCVN|TCVN)\s*(?P<num>\d{1,4}(?:-\d{1,4})*\s*:\s*(?:19|20)\d{2}(?:/[A-Z]+(?:-[A-Z]+)*)?)")
STANDARD_TYPES = {"QCVN": "Quy chuẩn kỹ thuật quốc gia", "TCVN": "Tiêu chuẩn quốc gia"}


def _type_of(m: re.Match) -> str:
    index = next(i for i, t in enumerate(CITED_TYPES) if m.group(f"t{i}"))
    name = CITED_TYPES[index]
    return FILED_AS.get(name, name)


def _named_by_symbol(folded: str, start: int, code: str, type_name: str) -> str:
    """ "Thông báo kết luận số 2927-TB/TU": the type word next to the number is what the document
    is about; the type is the one its symbol names, written just before it."""
    named = decree.type_named_by_code(code)
    if named and named.name != type_name and fold(named.name).lower() in folded[max(0, start - 12): start].lower():
        return named.name
    return type_name


def _date_of(m: re.Match) -> _dt.date | None:
    d, mo, y = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
    if not d:
        return None
    try:
        return _dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


# The legislature's number closes a National Assembly symbol ("QH15", "UBTVQH15"): two digits.
LEGISLATURE = re.compile(r"(?:UBTVQH|QH)(?P<term>\d{2})(?P<footnote>\d+)$")
# A symbol's part never ends in lower-case letters after its digits ("QH15", "CT05").
GLUED_WORD = re.compile(r"(?<=\d)[^\W\dA-ZĐ_]+$")
# Any other symbol of a legal normative document (with a year: "105/2025/NĐ-CP") ends in letters.
TRAILING_DIGITS = re.compile(r"(?<=[A-Za-zĐđ])\d+$")


def _clean_code(raw: str) -> str:
    """The code as written, spaces and a final full stop removed; a footnote number glued to
    the symbol of a legal normative document ("42/2024/QH151", "105/2025/NĐ-CP2") dropped."""
    code = decree.normalise_code(squash_spaces(raw)).rstrip(".")
    code = GLUED_WORD.sub("", code)  # "118/2025/QH15như": the next word, its space lost
    if re.match(r"^\d+(?:\.\d+)?/(?:19|20)\d{2}/", code):
        if m := LEGISLATURE.search(code):
            code = code[: m.start("footnote")]
        elif not re.search(r"(?:UBTVQH|QH)\d{1,2}$", code):
            code = TRAILING_DIGITS.sub("", code)
    return code


# What every mention's số starts with (CODE's head): the long MENTION pattern is tried only
# around these (patterns.windows_near).
# The digits taken whole (possessive: giving some back can never put a "/" or "-" after them),
# which halves the time of this scan over a text full of figures.
_CODE_HEAD = re.compile(r"\d{1,6}+(?:\s*/\s*(?:19|20)\d{2})?\s*(?:/|\s*-\s*)\s*[A-Za-z]")
_BEFORE_CODE, _AFTER_CODE = 300, 400  # a type word and up to fourteen words of name; the số and its date


def _mentions(folded: str, windows: list[tuple[int, int, int]]) -> Iterator[re.Match]:
    """MENTION's matches, as MENTION.finditer would give them: a mention opens with its type
    word before its code's head, so type words are looked for only up to the last head of
    each window (not in the 400 characters after it), and MENTION is tried where one is."""
    for lo, hi, last_head in windows:
        pos = lo
        while type_word := TYPE_WORD.search(folded, pos, last_head):
            if (m := MENTION.match(folded, type_word.start(), hi)) and _named_across_commas(m):
                yield m
                pos = m.end()
            else:
                pos = type_word.start() + 1


def _named_across_commas(m: re.Match) -> bool:
    """False for a mention whose name words run past a comma unless it is a law's ("Báo cáo kết
    quả kiểm tra, đề nghị số 12/TTr-SCT" is not the Báo cáo's number)."""
    return "," not in m.string[m.end("type"): m.start("code")] or _type_of(m) in NAMED_WITH_COMMAS


# A type written as its abbreviation before the số, as reports and internal letters write it ("QĐ
# số 2336/QĐ-UBND", "NĐ 24/2026/NĐ-CP", "KH số 175/KH-UBND"): read only when the số's symbol
# names the same type, so that a stray "TT" or "CT" is no citation. (folded, the abbreviation's
# case checked apart)
ABBREVIATED_TYPES = ("QD", "ND", "TT", "KH", "TB", "NQ", "CT", "BC", "TTr", "CTr", "HD", "TTLT", "NQLT")
ABBREVIATED = re.compile(r"(?<![\w/-])(?P<abbr>" + "|".join(ABBREVIATED_TYPES) + r")\s+" + NUMBER_WORD + CODE + DATE,
                         re.IGNORECASE)


# A list of one type's documents names the type once: "các Nghị định của Chính phủ: số 78/2025/NĐ-CP
# ngày 01 tháng 4 năm 2025 …; số 187/2025/NĐ-CP ngày …", "các Quyết định của Bộ trưởng …: số
# 1724/QĐ-BNN-HTQT ngày 29/7/2013 …". "Số" with a code and its date is a document whose type its
# symbol names. (folded)
BY_SYMBOL = re.compile(r"(?<![\w/-])so\s*:?\s*(?=\d)" + CODE + DATE, re.IGNORECASE)


def _by_symbol(folded: str, windows: list[tuple[int, int, int]]) -> Iterator[tuple[re.Match, str]]:
    """BY_SYMBOL's dated matches in the windows, each with the type its symbol names."""
    for lo, hi, _ in windows:
        for m in BY_SYMBOL.finditer(folded, lo, hi):
            if not m["date"] or not (m["d"] or m["d2"]):
                continue
            if doc_type := decree.type_named_by_code(m["code"]):
                yield m, doc_type.name


def _abbreviated(folded: str, windows: list[tuple[int, int, int]]) -> Iterator[tuple[re.Match, str]]:
    """ABBREVIATED's matches in the windows, each with the type its abbreviation names."""
    for lo, hi, _ in windows:
        for m in ABBREVIATED.finditer(folded, lo, hi):
            symbol = re.split(r"\s*[-/]\s*", re.sub(r"^[\d.\s/]+(?:(?:19|20)\d{2}\s*/)?", "", m["code"]))
            if m["abbr"] in ABBREVIATED_TYPES and m["abbr"].upper() in (part.upper() for part in symbol):
                doc_type = decree.party_type_of_code(m["code"]) or decree.doc_type_by_abbr(m["abbr"])
                if doc_type is not None:
                    yield m, doc_type.name


def find_mentions(text: str) -> list[Reference]:
    text = nfc(text)
    folded = fold(text)
    found = []
    windows = P.windows_near(_CODE_HEAD, folded, _BEFORE_CODE, _AFTER_CODE)
    typed = [(m, _type_of(m)) for m in _mentions(folded, windows)]
    spans = [(m.start("code"), m.end("code")) for m, _ in typed]
    for extra in (_abbreviated, _by_symbol):
        found_here = [(m, name) for m, name in extra(folded, windows)
                      if all(m.end("code") <= a or m.start("code") >= b for a, b in spans)]
        typed += found_here
        spans += [(m.start("code"), m.end("code")) for m, _ in found_here]
    # (the whole text looked at only when a code lacks its hyphen)
    lost_hyphens = any("-" not in folded[m.start("code"): m.end("code")] for m, _ in typed) and P.lost_hyphens(folded)
    for m, type_name in typed:
        code = _clean_code(text[m.start("code"): m.end("code")])
        type_name = _named_by_symbol(folded, m.start(), code, type_name)
        if lost_hyphens:
            code = decree.with_lost_hyphen(code, type_name)
        reference = Reference(type=type_name, code=code, date=_date_of(m), start=m.start(), end=m.end())
        tail_start = m.end()
        if issuer := ISSUER.match(folded[tail_start: tail_start + 200]):
            reference.issuer = squash_spaces(text[tail_start + issuer.start("issuer"): tail_start + issuer.end("issuer")])
            tail_start += issuer.end()
        if subject := SUBJECT.match(folded[tail_start: tail_start + 400]):
            reference.subject = squash_spaces(
                text[tail_start + subject.start("subject"): tail_start + subject.end("subject")]).rstrip(" .,")
            tail_start += subject.end()
        reference.end = tail_start
        reference.text = squash_spaces(text[reference.start: reference.end])
        found.append(reference)
    for m in STANDARD.finditer(folded):
        number = "".join(text[m.start("num"): m.end("num")].split())
        code = f"{m['kind']} {number}"
        found.append(Reference(type=STANDARD_TYPES[m["kind"]], code=code, date=None, text=text[m.start(): m.end()],
                               start=m.start(), end=m.end()))
    found.sort(key=lambda r: r.start)
    return found


def _fuller(kept: str | None, other: str | None) -> str | None:
    """The detail to keep of two mentions': the first, unless it is in capitals (a title's
    "CỦA BAN BÍ THƯ") and the other is written as a sentence writes it ("của Ban Bí thư")."""
    if kept is None or (other and kept.isupper() and not other.isupper()):
        return other
    return kept


def merge(mentions: list[Reference]) -> list[Reference]:
    """One reference per cited document: a mention without a date joins the dated one
    with its code; repeated mentions keep every position, and the fullest details."""
    merged: dict[tuple[str, int | None], Reference] = {}
    for mention in mentions:
        code_key = decree.code_key(mention.code)
        key = mention.key
        if mention.date is None:
            key = next((k for k in merged if k[0] == code_key), key)
        target = merged.get(key)
        if target is None:
            mention.positions = [(mention.start, mention.end)]
            merged[key] = mention
            continue
        target.positions.append((mention.start, mention.end))
        if target.code.isupper() and not mention.code.isupper():
            target.code = mention.code  # a title in capitals wrote "13/CT-TTG"; the text writes "13/CT-TTg"
        target.issuer = _fuller(target.issuer, mention.issuer)
        target.subject = _fuller(target.subject, mention.subject)
        if target.date is None and mention.date is not None:
            target.date = mention.date
    # A mention without a date that came before the dated one joins it, when only one
    # dated document has that code.
    result = list(merged.values())
    for undated in [r for r in result if r.date is None]:
        dated = [r for r in result if r.date is not None and decree.code_key(r.code) == decree.code_key(undated.code)]
        if len(dated) == 1:
            dated[0].positions = sorted(dated[0].positions + undated.positions)
            dated[0].issuer = _fuller(dated[0].issuer, undated.issuer)
            dated[0].subject = _fuller(dated[0].subject, undated.subject)
            result.remove(undated)
    return result


def find_references(text: str, own_code: str | None = None, own_date: _dt.date | None = None,
                    mentions: list[Reference] | None = None) -> list[Reference]:
    """Every document the text cites, once each, in order of first mention; the document
    itself ("Kèm theo Kế hoạch số 46 … ngày 08 tháng 02 năm 2023") is left out.
    `mentions`: find_mentions(text), when the caller has them already."""
    references = merge(mentions if mentions is not None else find_mentions(text))
    own_number = decree.code_number(own_code) if own_code else None

    def is_self(r: Reference) -> bool:
        if own_code and decree.code_key(r.code) == decree.code_key(own_code):
            return r.date is None or r.date == own_date
        return own_number is not None and own_date is not None and r.date == own_date \
            and decree.code_number(r.code) == own_number

    return [r for r in references if not is_self(r)]
