"""The issuing body (ô 2): the capitals left of the Quốc hiệu, its parent above it, joint
issuers of a liên tịch document, and the completions a header leaves to its reader
(the province of a Sở, an acronym the text spells out).
"""

from __future__ import annotations

import re

from archive import patterns as P
from archive.header.lines import (
    HEADER_LINES,
    UNIT_WORDS,
    Header,
    Lines,
    expand,
    is_abbreviation,
    is_unit,
    sentence_case,
)
from archive.header.title import next_is_basis, title_type
from docgen.base import capitals
from docgen.base.places import province_ending_cased, province_kind, province_spelled, provinces_cased
from docgen.base.vntext import edit_distance, fold


def _name_parts(lines: Lines, anchor: int) -> list[str]:
    """The upper-case texts left of the Quốc hiệu, in the block just above the anchor line."""
    parts: list[str] = []
    for i in range(anchor - 1, -1, -1):
        text, folded = lines.text[i], lines.folded[i]
        if not text:
            continue
        if (date := P.DATE_PHRASE.search(folded)) and (place := P.PLACE.search(folded[: date.start()])) \
                and place.start() == 0:
            continue  # the right column's date line, flattened between the issuer and its số (a Party header)
        cut = len(text)
        for pattern in (P.QUOC_HIEU, P.TIEU_NGU, P.PARTY_HEADING):
            if m := pattern.search(folded):
                cut = min(cut, m.start())
        part = text[:cut].strip(" -_*.,—–=")
        if not re.search(r"[^\W\d_]", part):
            if re.search(r"\d", part):
                break  # a digital signature's time ("28-07-2026 09:58:36 +07:00") above the header
            continue  # an ornament under the name ("*+")
        if part != part.upper() or title_type(part) or len(part) < 3:
            break
        parts[:0] = _parent_and_unit(part)
        if len(parts) >= 5:
            break
    return parts


# The parent body and its unit on one line, as a text layer joins the lines of one column ("UBND
# TỈNH LÀO CAI SỞ CÔNG THƯƠNG"): cut where a unit's word follows a place's name. Only the words
# with their marks, which no place's name begins with ("BẢN" is a village, "TRƯỜNG SƠN" a ward).
_PARENT_AND_UNIT = re.compile(
    r"^(?P<parent>.*?\b(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG)\s+\S+(?:\s+\S+){0,3}?)"
    r"\s+(?P<unit>(?:SỞ|PHÒNG|VĂN PHÒNG|CHI CỤC|CỤC|BAN QUẢN LÝ|TRUNG TÂM|BỆNH VIỆN)(?:\s.*)?)$")


def _parent_and_unit(part: str) -> list[str]:
    m = _PARENT_AND_UNIT.match(part)
    return [m["parent"], m["unit"]] if m else [part]


def _join_names(parts: list[str]) -> list[str]:
    """Lines that continue a name ("TỈNH LÀO CAI" after "ỦY BAN NHÂN DÂN") are joined to it."""
    names: list[str] = []
    for part in parts:
        if names and not P.ORG_START.match(fold(part)):
            names[-1] = f"{names[-1]} {part}"
        else:
            names.append(part)
    return names


# The words of an agency's name that have one spelling, for a header printed without marks
# ("UY BAN NHAN DAN QUAN 1", OCR or a typewriter's text): longest first. (folded → spelled)
AGENCY_WORDS = {"uy ban nhan dan": "ủy ban nhân dân", "hoi dong nhan dan": "hội đồng nhân dân",
                "van phong": "văn phòng", "thanh pho": "thành phố", "thi xa": "thị xã", "thi tran": "thị trấn",
                "chi cuc": "chi cục", "quan": "quận", "huyen": "huyện", "tinh": "tỉnh", "phuong": "phường",
                "xa": "xã", "cuc": "cục", "so": "sở", "phong": "phòng", "bo": "bộ"}
_AGENCY_WORDS = re.compile(r"\b(" + "|".join(k.replace(" ", r"\s+") for k in AGENCY_WORDS) + r")\b", re.IGNORECASE)


def with_marks(name: str) -> str:
    """A name with no mark at all ("Uy ban nhan dan Quan 1") given the marks of its agency
    words and of a province it names ("Ủy ban nhân dân Quận 1"); a name with any mark is
    as printed. The other words (a ward's own name) stay as they are: nothing says which."""
    if fold(name) != name:
        return name

    def spelled(m: re.Match) -> str:
        word = AGENCY_WORDS[" ".join(m.group(0).lower().split())]
        return word[:1].upper() + word[1:] if m.group(0)[:1].isupper() else word

    name = _AGENCY_WORDS.sub(spelled, name)
    return province_spelled(name)


def cased(name: str) -> str:
    """A body's name from the header's capitals as the decree writes it: sentence case, UBND
    spelled out, marks of a header printed without them, a Bộ's or Sở's field, a province."""
    return province_ending_cased(provinces_cased(capitals.agency_casing(with_marks(expand(sentence_case(name))))))


def find_issuer(lines: Lines, anchor: int | None, h: Header) -> None:
    if anchor is None:
        return
    names = [cased(n) for n in _join_names(_name_parts(lines, anchor))]
    if not names:
        return
    h.issuer = names[-1]
    h.parent_issuer = " ".join(names[:-1]) or None


def joint_issuers(lines: Lines, anchor: int | None, h: Header) -> None:
    """A joint document (liên tịch) is issued by every body in its header, none the parent
    of another. Its ký hiệu names them in order ("NQLT-UBTVQH15-CP-ĐCTUBTWMTQVN"), so the
    header's words are cut where each abbreviation's initials end."""
    symbol_parts = re.split(r"-", (h.code or "").split("/")[-1]) if h.code else []
    joint = (h.type or "").endswith("liên tịch") or (symbol_parts and symbol_parts[0].upper().endswith("LT"))
    if not joint or anchor is None:
        return
    parts = _name_parts(lines, anchor)
    words = [w for w in " ".join(parts).split() if w not in ("-", "–")]
    names = split_by_initials(words, symbol_parts[1:]) if len(symbol_parts) > 2 else None
    if names is None:
        names = _join_names(parts)
    h.issuer = " - ".join(cased(n) for n in names)
    h.parent_issuer = None


def split_by_initials(words: list[str], abbrs: list[str]) -> list[str] | None:
    """Words cut into one name per abbreviation: each name's initials hold its abbreviation's
    letters in order, starting and ending with them ("UBTVQH15" ↔ Ủy ban Thường vụ Quốc hội);
    the last name takes the rest. None when they do not line up."""
    names, k = [], 0
    for index, abbr in enumerate(abbrs):
        letters = fold(re.sub(r"\d+", "", abbr)).upper().replace("TW", "TU")  # TW: Trung ương
        if not letters or k >= len(words) or fold(words[k])[:1].upper() != letters[0]:
            return None
        if index == len(abbrs) - 1:
            names.append(" ".join(words[k:]))
            return names
        start, matched = k, 0
        while k < len(words) and matched < len(letters):
            if fold(words[k])[:1].upper() == letters[matched]:
                matched += 1
            k += 1
        if matched < len(letters):
            return None
        names.append(" ".join(words[start:k]))
    return names if k == len(words) else None


def place_of(name: str) -> str | None:
    """ "Ủy ban nhân dân tỉnh Lào Cai" → "tỉnh Lào Cai"; "Sở Công Thương Lào Cai" → "tỉnh Lào Cai"."""
    words = name.split()
    for i, word in enumerate(words):
        pair = " ".join(words[i: i + 2])
        if is_unit(word) or is_unit(pair):
            return " ".join(words[i:])
    for size in (3, 2):
        tail = " ".join(words[-size:])
        if len(words) > size and (kind := province_kind(tail)):
            return provinces_cased(f"{kind} {tail}")
    return None


def complete_issuer(h: Header) -> None:
    """Header names drop what the parent says: "SỞ CÔNG THƯƠNG" under "UBND TỈNH LÀO CAI"
    is the Sở Công Thương tỉnh Lào Cai; "VĂN PHÒNG" is the parent's own office."""
    for attr in ("parent_issuer", "issuer"):
        name = getattr(h, attr)
        # (a body of the state: "Trường Đại học Sư phạm Hà Nội" names a school, not the city's unit)
        if name and (place := place_of(name)) and not name.endswith(place) and P.STATE_BODY.match(fold(name)):
            named = re.sub(r"^(?:tỉnh|thành phố) ", "", place)  # the province's own words, after place_of's kind
            setattr(h, attr, name[: len(name) - len(named)].strip() + " " + place)
    if not h.issuer or not h.parent_issuer or place_of(h.issuer):
        return
    if fold(h.issuer).lower() in ("van phong", "thuong truc"):
        h.issuer = f"{h.issuer} {h.parent_issuer}"  # the parent's own office, its council's standing committee
    elif fold(h.issuer).lower().startswith(("so ", "ban ")) and (place := place_of(h.parent_issuer)):
        # a Sở, or a Ban of the province (Ban Quản lý Khu kinh tế), is the province's own
        h.issuer = f"{h.issuer} {place}"


def expand_acronyms(lines: Lines, h: Header) -> None:
    """ "Phòng QLCN" → "Phòng Quản lý Công nghiệp", "Công ty CP …" → "Công ty Cổ phần …",
    when the text spells the name out after the same words (in any case: the thẩm quyền
    line of a decision prints it in capitals). A two-letter acronym needs two words
    before it to be sure of the name."""
    text = "\n".join(lines.text)
    for attr in ("issuer", "parent_issuer"):
        name = getattr(h, attr)
        if not name or len(name.split()) < 2:
            continue
        words = name.split()
        for i in range(1, len(words)):
            word = words[i]
            if not (word.isupper() and len(word) >= (3 if i == 1 else 2) and is_abbreviation(word)):
                continue
            letters = fold(word)
            prefix = r"\s+".join(re.escape(w) for w in words[:i])
            pattern = rf"(?i:{prefix})\s+((?:[^\W\d_]+\s+){{{len(letters) - 1}}}[^\W\d_]+)"
            for m in re.finditer(pattern, text):
                if "".join(fold(w)[0] for w in m.group(1).split()).upper() == letters:
                    spelled = m.group(1)
                    if spelled == spelled.upper():
                        spelled = spelled.capitalize() if len(spelled.split()) == 1 else \
                            " ".join([spelled.split()[0].capitalize(), *spelled.lower().split()[1:]])
                    words[i] = spelled
                    setattr(h, attr, " ".join(words))
                    h.warnings.append(f"{word} spelled out as in the text: {spelled}")
                    break


def province_of_text(lines: Lines) -> str | None:
    """The province the text names most ("tỉnh Lào Cai"), for a Sở whose header omits it."""
    counts: dict[str, int] = {}
    for m in re.finditer(r"tỉnh\s+([A-ZĐÀ-Ỹ][^\W\d_]*(?:\s+[A-ZĐÀ-Ỹ][^\W\d_]*){0,2})", "\n".join(lines.text)):
        words = m.group(1).split()
        for size in (3, 2, 1):
            name = " ".join(words[:size])
            if len(words) >= size and province_kind(name) == "tỉnh":
                counts[name] = counts.get(name, 0) + 1
                break
    return f"tỉnh {max(counts, key=counts.get)}" if counts else None


def place_departments(lines: Lines, h: Header) -> None:
    for attr in ("parent_issuer", "issuer"):
        name = getattr(h, attr)
        if name and fold(name).lower().startswith("so ") and not place_of(name):
            if province := province_of_text(lines):
                setattr(h, attr, f"{name} {province}")
                h.warnings.append(f"{attr} completed with the province the text names: {province}")


ACTING = re.compile(r"(Ủy ban nhân dân (?:(?!về\b)[^,;:.()])*?)\s+(?:về việc\s+)?(?:ban hành|đề nghị|phát động|yêu cầu|chỉ đạo)")


def issuer_from_authority_line(lines: Lines, h: Header) -> bool:
    """No agency header, but the deciding authority over the Căn cứ names it:
    "Bộ trưởng Bộ Xây dựng" → Bộ Xây dựng; "THỦ TƯỚNG CHÍNH PHỦ" → Chính phủ."""
    for i in range(min(len(lines), HEADER_LINES)):
        folded = lines.folded[i].upper()
        if lines.text[i] and len(lines.text[i]) < 90 and P.AUTHORITY_LINE.match(folded) \
                and next_is_basis(lines, i):
            title = P.LEADING_TITLE.match(folded)
            org = lines.text[i][title.end():] if title else lines.text[i]
            if org.strip():
                h.issuer = expand(sentence_case(org.strip()))
                h.warnings.append(f"issuer read from the authority line {lines.text[i]!r}")
                return True
    return False


def infer_issuer(lines: Lines, h: Header) -> None:
    """No header line: the operative sentence names who acts ("Ủy ban nhân dân Quận 1
    ban hành kế hoạch … như sau:"). It stands last before the first numbered heading;
    lines are joined, since a PDF wraps that sentence anywhere."""
    if issuer_from_authority_line(lines, h):
        return
    first_heading = next((i for i, f in enumerate(lines.folded) if P.HEADING.match(f)), len(lines))
    preamble = " ".join(t for t, f in zip(lines.text[:first_heading], lines.folded) if not P.BASIS.match(f))
    matches = list(ACTING.finditer(preamble)) or list(ACTING.finditer(" ".join(lines.text)))
    if not matches:
        h.warnings.append("issuer not stated")
        return
    issuer = matches[-1].group(1)
    unit = issuer.removeprefix("Ủy ban nhân dân ").strip()
    if unit.lower() in UNIT_WORDS and h.subject:
        if named := re.search(rf"(?i:{unit})\s+[A-ZĐÀ-Ỹ]\w*(?:\s+[A-ZĐÀ-Ỹ]\w*)*", h.subject):
            issuer = f"Ủy ban nhân dân {named.group(0)}"
    h.issuer = issuer
    h.warnings.append("issuer inferred from the body (no header line)")


def correct_place(h: Header) -> None:
    """OCR damage in the place ("Qudn 1"): the issuer's name usually ends with it. A place
    printed without marks ("Quan 1") gets those of its unit word, as the issuer does."""
    if h.place:
        h.place = with_marks(h.place)
    if not h.place or not h.issuer or (province_kind(h.place) and fold(h.place) != h.place):
        return  # a province's name as the list spells it is no OCR damage ("Hà Nội" is not "xã hội")
    place, words = fold(h.place).lower(), h.issuer.split()
    tail = " ".join(words[-len(h.place.split()):])
    if place != fold(tail).lower() and edit_distance(place, fold(tail).lower()) <= 2:
        h.warnings.append(f"place {h.place!r} read as {tail!r}, as in the issuer's name")
        h.place = tail

