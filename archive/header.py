"""Text → the header fields of a document: số/ký hiệu, type, issuer, place, date,
subject, Kính gửi, Nơi nhận and signer.

Matching runs on folded text (see archive.patterns) so that OCR output that
lost its marks is read too, while every value is cut from the document's own
text. What the document does not state stays None, with a warning saying why;
the date is never taken from a line that cites another document.

Steps, in order: the số line, the place-and-date line, the issuer block above
them, the tên loại and trích yếu, the lists (Kính gửi, Nơi nhận), the signer.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from archive import patterns as P
from archive.ocr_repair import damage, repair_if_damaged
from archive.record import HeaderFields
from docgen.base import decree
from docgen.base.places import province_kind
from docgen.base.vntext import fold, latinise_lookalikes, nfc, parse_date, squash_spaces

HEADER_LINES = 45  # the header never runs further (a cover page included)
SIGNATURE_LINES = 15
UNIT_WORDS = ("quận", "huyện", "tỉnh", "thành phố", "thị xã", "phường", "xã", "thị trấn")
_FOLDED_UNITS = {fold(u) for u in UNIT_WORDS}


def _is_unit(words: str) -> bool:
    """ "tỉnh", "thành phố", and their folded forms in text that lost its marks; "quản" is
    not "quận" when the marks are there to tell them apart."""
    lowered = words.lower()
    return lowered in UNIT_WORDS or (fold(lowered) == lowered and lowered in _FOLDED_UNITS)
ISSUER_EXPANSIONS = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}


@dataclass
class Header(HeaderFields):
    """The header fields, and what the parser needs on the way to the signer."""

    signer_authority: str | None = None
    signer_for: str | None = None  # whom an authority prefix signs for: "Chủ tịch"
    signer_title: str | None = None
    signer_name: str | None = None
    beside_noi_nhan: str | None = None  # the signature column's first line, when columns were flattened


class Lines:
    """The document's lines, cleaned, with their folded twins for matching."""

    def __init__(self, text: str):
        text = latinise_lookalikes(nfc(text))
        self.text = join_fragments(clean_lines(text))
        self.folded = fold("\n".join(self.text)).split("\n")  # one fold, not one a line

    def __len__(self) -> int:
        return len(self.text)


# --- text helpers --------------------------------------------------------------

_SPACES_IN_LINE = re.compile(r"[^\S\n]+")


def clean_lines(text: str) -> list[str]:
    """Every line with its markup stripped and its spaces squashed; a line that is only a
    rule ("__________") stays a rule ("---"). Done on the whole text at once, not a line at
    a time: a law has thousands of lines."""
    lines = text.splitlines()
    cleaned = _SPACES_IN_LINE.sub(" ", P.MARKUP.sub("", "\n".join(lines))).split("\n")
    return ["---" if P.RULE.match(raw) else line.strip() for raw, line in zip(lines, cleaned)]


def _glue(a: str, b: str) -> str:
    """Two pieces of one line: digits cut apart ("ngày 1" + "5") join without a space."""
    return a + b if a[-1:].isdigit() and b[:1].isdigit() else f"{a} {b}"


def join_fragments(lines: list[str], limit: int = 2 * HEADER_LINES) -> list[str]:
    """A số or date line that markup cut into one piece a line ("Số: 2" / "95" /
    "/2025/NĐ-CP"; "ngày 1" / "5" / "tháng" / "1" / "1" / "năm 2025") made whole again.
    Only in the header, and only pieces that cannot stand alone (digits, "/symbol",
    "tháng", "năm 2025")."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if len(out) < limit and line and len(line) < 80:
            opens = P.OPEN_NUMBER.search(fold(line)) or P.OPEN_DATE.search(fold(line))
            while opens and i < len(lines) and lines[i] and P.FRAGMENT.match(fold(lines[i])):
                line = _glue(line, lines[i])
                i += 1
                opens = P.OPEN_NUMBER.search(fold(line)) or P.OPEN_DATE.search(fold(line))
        out.append(line)
    return out


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
        if _is_abbreviation(originals[i]):
            out.append(originals[i])
            continue
        unit = _is_unit(word) or _is_unit(" ".join(words[i: i + 2]))
        numbered = unit and i + 1 < len(words) and words[i + 1][:1].isdigit()
        capital = i == 0 or numbered or (in_place_name and not unit)
        out.append(word[:1].upper() + word[1:] if capital else word)
        if _is_unit(word) or _is_unit(" ".join(words[max(0, i - 1): i + 1])):
            in_place_name = True
    return " ".join(out)


_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$")


def _is_abbreviation(word: str) -> bool:
    """ "QĐ", "TNHH", "2872/QĐ-SCT": not a syllable, so its capitals are kept."""
    core = word.strip("(),.;:")
    return bool(core) and (any(c.isdigit() or c in "/-&" for c in core)
                           or not _SYLLABLE.match(fold(core).lower()))


def expand(name: str) -> str:
    for short, full in ISSUER_EXPANSIONS.items():
        name = re.sub(rf"\b{short}\b", full, name)
    return name


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# Tên loại lines, longest first ("NGHỊ QUYẾT LIÊN TỊCH" before "NGHỊ QUYẾT").
_TITLES = {fold(t.title): t for t in decree.DOC_TYPES + decree.LEGAL_TYPES if t.abbr or t.name != "Thư công"}
_TITLES[fold("PHIẾU TRÌNH")] = decree.DocType("Phiếu trình", None)
_TITLES = dict(sorted(_TITLES.items(), key=lambda item: -len(item[0])))


def title_type(line: str) -> decree.DocType | None:
    """The type a tên loại line names ("KẾ HOẠCH", OCR'd "PHIÊU CHUYÊN"), or None."""
    core = re.sub(r"^[\W_]+|[\W_]+$", "", line)
    core = re.sub(r"^\S{1,3}\)\s*", "", core)  # OCR debris before the title: "SN) GIÁY PHÉP"
    if len(core) < 4 or core != core.upper():
        return None
    folded = fold(core)
    for title, doc_type in _TITLES.items():
        if folded == title or folded.startswith(title + " "):
            return doc_type
    for title, doc_type in _TITLES.items():  # one letter lost to OCR ("PHIÊU" for "PHIẾU" folds fine; "GIAY")
        head = folded[: len(title)]
        if len(title) >= 8 and folded[len(title): len(title) + 1] in ("", " ") and head[:1] == title[:1] \
                and edit_distance(head, title) <= 1:
            return doc_type
    return None


# --- the steps ---------------------------------------------------------------

def header_end(lines: Lines) -> int:
    for i, folded in enumerate(lines.folded[:HEADER_LINES]):
        if P.KINH_GUI.match(folded) or P.HEADING.match(folded) or (P.BASIS.match(folded) and len(folded) > 100):
            return i
    return min(len(lines), HEADER_LINES)


def find_code(lines: Lines, end: int, h: Header) -> tuple[int, int] | None:
    for i in range(end):
        m = P.NUMBER_LINE.search(lines.folded[i])
        if not m:
            continue
        line = lines.text[i]
        symbol = decree.normalise_code(line[m.start("sym"): m.end("sym")])
        if m["num"]:
            h.number = number_of(m["num"])
            h.code = f"{line[m.start('num'): m.end('num')]}{m['sep']}{symbol}"
        elif m["debris"] and m["debris"].strip():
            h.warnings.append(f"number unreadable ({m['debris'].strip()!r}, ký hiệu /{symbol})")
        else:
            h.warnings.append(f"number left blank (ký hiệu /{symbol})")
        return i, m.end()
    if found := code_beside_date(lines, end, h):
        return found
    h.warnings.append("no số/ký hiệu line in the header")
    return None


def number_of(digits: str) -> int | str:
    """The number of a số: an integer, or as written when it has a decimal part ("66.9")."""
    return int(digits) if digits.isdigit() else digits


def code_beside_date(lines: Lines, end: int, h: Header) -> tuple[int, int] | None:
    """OCR that garbled the "Số:" label ("ó; 19/2026/NQ-CP Hà Nội, ngày 29 …") still leaves
    the code where the header puts it: on the date line's row, left of the place."""
    for i in range(end):
        date = P.DATE_PHRASE.search(lines.folded[i])
        if not date:
            continue
        codes = list(P.BARE_CODE.finditer(lines.folded[i][: date.start()]))
        if codes:
            m = codes[-1]
            h.code = decree.normalise_code(lines.text[i][m.start(): m.end()])
            h.number = number_of(m["num"])
            h.warnings.append(f"số/ký hiệu read without its label from the date line: {h.code}")
            return i, m.end()
        return None
    return None


def _set_date(h: Header, m: re.Match, line: str) -> None:
    if m["d"] and m["m"]:
        try:
            h.date = _dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            h.warnings.append(f"impossible issue date in {line!r}")
    else:
        h.warnings.append("issue day left blank")


def find_place_and_date(lines: Lines, end: int, code_at: tuple[int, int] | None, h: Header) -> int | None:
    for i in range(end):
        folded = lines.folded[i]
        m = P.DATE_PHRASE.search(folded)
        if not m:
            continue
        start = code_at[1] if code_at and code_at[0] == i else 0
        before = folded[start: m.start()]
        if P.TODAY.match(before) or len(re.findall(r"[A-Za-z]{2,}", folded[m.end():])) >= 3:
            continue  # "Hôm nay, ngày …" and the sentence it opens: a Biên bản's text, not its date line
        place = P.PLACE.search(before)
        if place:
            h.place = squash_spaces(lines.text[i][start + place.start("place"): start + place.end("place")])
        elif before.strip():
            continue  # words before "ngày" that are not a place: a citation, not the date line
        _set_date(h, m, lines.text[i])
        return i
    return None


def find_other_date(lines: Lines, h: Header) -> None:
    """No date line in the header: for a law, an ordinance or a resolution of the National
    Assembly, the day of passage in its closing formula ("… Kỳ họp thứ 10 thông qua ngày 10
    tháng 12 năm 2025"); a line that is only a date (a signing date); or, for a Biên bản,
    the time the meeting began (Phụ lục III, Mẫu 1.9)."""
    for i, folded in enumerate(lines.folded[:HEADER_LINES]):
        if P.FIRST_ISSUE.match(folded) and (m := P.DATE_PHRASE.search(folded)):
            _set_date(h, m, lines.text[i])
            h.warnings.append("date of first issue taken from a certificate's label line")
            return
    passed = list(P.PASSED_ON.finditer(" ".join(lines.folded[-60:])))
    if passed:
        m = passed[-1]
        try:
            h.date = _dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            h.warnings.append("date of passage taken from the closing formula")
            return
        except ValueError:
            pass
    for i, folded in enumerate(lines.folded):
        m = P.DATE_ONLY_LINE.match(folded)
        if m and m["d"] and m["m"]:
            _set_date(h, m, lines.text[i])
            h.warnings.append("date taken from a date line outside the header")
            return
    if h.type == "Biên bản":
        for i, folded in enumerate(lines.folded):
            if (P.TODAY.match(folded) or re.search(r"bat\s+dau", folded, re.IGNORECASE)) \
                    and (m := P.DATE_PHRASE.search(folded)):
                _set_date(h, m, lines.text[i])
                h.warnings.append("date of a Biên bản taken from its start time")
                return
    h.warnings.append("no place-and-date line in the header")


def _name_parts(lines: Lines, anchor: int) -> list[str]:
    """The upper-case texts left of the Quốc hiệu, in the block just above the anchor line."""
    parts: list[str] = []
    for i in range(anchor - 1, -1, -1):
        text, folded = lines.text[i], lines.folded[i]
        if not text:
            continue
        cut = len(text)
        for pattern in (P.QUOC_HIEU, P.TIEU_NGU):
            if m := pattern.search(folded):
                cut = min(cut, m.start())
        part = text[:cut].strip(" -_*.,—–=")
        if not part:
            continue
        if part != part.upper() or title_type(part) or len(part) < 3:
            break
        parts.insert(0, part)
        if len(parts) >= 5:
            break
    return parts


def _join_names(parts: list[str]) -> list[str]:
    """Lines that continue a name ("TỈNH LÀO CAI" after "ỦY BAN NHÂN DÂN") are joined to it."""
    names: list[str] = []
    for part in parts:
        if names and not P.ORG_START.match(fold(part)):
            names[-1] = f"{names[-1]} {part}"
        else:
            names.append(part)
    return names


def find_issuer(lines: Lines, anchor: int | None, h: Header) -> None:
    if anchor is None:
        return
    names = [expand(sentence_case(n)) for n in _join_names(_name_parts(lines, anchor))]
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
    h.issuer = " - ".join(expand(sentence_case(n)) for n in names)
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


# The attribute table of a legal database's page ("Số hiệu" / "523/QĐ-TTg", "Loại văn bản" /
# "Quyết định", …): label line, then value line. (folded labels)
ATTRIBUTE_LABELS = {"so hieu": "code", "loai van ban": "type", "ngay ban hanh": "date",
                    "co quan ban hanh": "issuer", "chuc danh": "signer_title", "nguoi ky": "signer_name"}


def attribute_table(lines: Lines, h: Header) -> bool:
    """A page that carries only a document's attributes, not its text: read them."""
    values: dict[str, str] = {}
    for i, folded in enumerate(lines.folded[:-1]):
        field_name = ATTRIBUTE_LABELS.get(folded.strip().lower())
        if field_name and field_name not in values and lines.text[i + 1]:
            values[field_name] = lines.text[i + 1]
    if "code" not in values or len(values) < 3:
        return False
    code = decree.normalise_code(values["code"])
    if m := re.match(r"^(\d+)(?:\.\d+)?/", code):
        h.code, h.number = code, int(m.group(1))
    h.type = values.get("type")
    if date := parse_date(values.get("date", "")):
        h.date = date
    h.issuer = values.get("issuer")
    h.signer_title = values.get("signer_title")
    h.signer_name = values.get("signer_name")
    for text in lines.text:  # the title line: "Quyết định số 523/QĐ-TTg Phê duyệt …"
        at = text.find(values["code"])
        if at > 0 and fold(text[:at]).lower().rstrip().endswith("so"):
            h.subject = text[at + len(values["code"]):].strip() or None
            break
    h.warnings.append("fields read from an attribute table: the page carries no document text")
    return True


def _place_of(name: str) -> str | None:
    """ "Ủy ban nhân dân tỉnh Lào Cai" → "tỉnh Lào Cai"; "Sở Công Thương Lào Cai" → "tỉnh Lào Cai"."""
    words = name.split()
    for i, word in enumerate(words):
        pair = " ".join(words[i: i + 2])
        if _is_unit(word) or _is_unit(pair):
            return " ".join(words[i:])
    for size in (3, 2):
        tail = " ".join(words[-size:])
        if len(words) > size and (kind := province_kind(tail)):
            return f"{kind} {tail}"
    return None


def complete_issuer(h: Header) -> None:
    """Header names drop what the parent says: "SỞ CÔNG THƯƠNG" under "UBND TỈNH LÀO CAI"
    is the Sở Công Thương tỉnh Lào Cai; "VĂN PHÒNG" is the parent's own office."""
    for attr in ("parent_issuer", "issuer"):
        name = getattr(h, attr)
        if name and (place := _place_of(name)) and not name.endswith(place):
            setattr(h, attr, name[: len(name) - len(place.split(" ", 1)[1])].strip() + " " + place)
    if not h.issuer or not h.parent_issuer or _place_of(h.issuer):
        return
    if fold(h.issuer).lower() == "van phong":
        h.issuer = f"{h.issuer} {h.parent_issuer}"
    elif fold(h.issuer).lower().startswith(("so ", "ban ")) and (place := _place_of(h.parent_issuer)):
        # a Sở, or a Ban of the province (Ban Quản lý Khu kinh tế), is the province's own
        h.issuer = f"{h.issuer} {place}"


def expand_acronyms(lines: Lines, h: Header) -> None:
    """ "Phòng QLCN" → "Phòng Quản lý Công nghiệp", when the text spells the name out."""
    text = "\n".join(lines.text)
    for attr in ("issuer", "parent_issuer"):
        name = getattr(h, attr)
        if not name or len(name.split()) < 2:
            return
        head, *rest = name.split()
        for i, word in enumerate(rest):
            if not (word.isupper() and len(word) >= 3 and _is_abbreviation(word)):
                continue
            letters = fold(word)
            pattern = rf"{head}\s+((?:[^\W\d_]+\s+){{{len(letters) - 1}}}[^\W\d_]+)"
            for m in re.finditer(pattern, text):
                if "".join(fold(w)[0] for w in m.group(1).split()).upper() == letters:
                    rest[i] = m.group(1)
                    setattr(h, attr, " ".join([head, *rest]))
                    h.warnings.append(f"{word} spelled out as in the text: {m.group(1)}")
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
        if name and fold(name).lower().startswith("so ") and not _place_of(name):
            if province := province_of_text(lines):
                setattr(h, attr, f"{name} {province}")
                h.warnings.append(f"{attr} completed with the province the text names: {province}")


ACTING = re.compile(r"(Ủy ban nhân dân [^,;:.()]*?)\s+(?:ban hành|đề nghị|phát động|yêu cầu|chỉ đạo)")


def issuer_from_authority_line(lines: Lines, h: Header) -> bool:
    """No agency header, but the deciding authority over the Căn cứ names it:
    "Bộ trưởng Bộ Xây dựng" → Bộ Xây dựng; "THỦ TƯỚNG CHÍNH PHỦ" → Chính phủ."""
    for i in range(min(len(lines), HEADER_LINES)):
        folded = lines.folded[i].upper()
        if lines.text[i] and len(lines.text[i]) < 90 and P.AUTHORITY_LINE.match(folded) \
                and _next_is_basis(lines, i):
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
    """OCR damage in the place ("Qudn 1"): the issuer's name usually ends with it."""
    if not h.place or not h.issuer:
        return
    place, words = fold(h.place).lower(), h.issuer.split()
    tail = " ".join(words[-len(h.place.split()):])
    if place != fold(tail).lower() and edit_distance(place, fold(tail).lower()) <= 2:
        h.warnings.append(f"place {h.place!r} read as {tail!r}, as in the issuer's name")
        h.place = tail


def _is_cong_van_symbol(code: str) -> bool:
    first = re.split(r"\s*-\s*", code.split("/")[-1])[0]
    return decree.doc_type_by_abbr(first) is None


def _skippable(lines: Lines, i: int) -> bool:
    """Header furniture between the số line and the title: Quốc hiệu, Tiêu ngữ, the date line, rules."""
    folded = lines.folded[i]
    return (not lines.text[i] or bool(P.QUOC_HIEU.search(folded)) or bool(P.TIEU_NGU.search(folded))
            or bool(P.DATE_PHRASE.search(folded)) or set(lines.text[i]) <= set("-_*.… "))


def find_type_and_subject(lines: Lines, start: int, end: int, h: Header) -> int:
    """Returns the line where the body starts."""
    for i in range(start, min(end, len(lines))):
        if _skippable(lines, i):
            continue
        text = lines.text[i]
        if P.V_V.match(lines.folded[i]):
            h.type = "Công văn"
            h.subject, after = collect_subject(lines, i, first=text)
            return after
        if doc_type := title_type(text):
            h.type = doc_type.name
            h.subject, after = subject_after_title(lines, i, doc_type)
            return after
        if (stamp := P.RECEIPT_STAMP.match(lines.folded[i])) and (doc_type := title_type(text[stamp.end():])):
            # a receipt stamp ("ĐẾN Ngày … Số …") landed on the title's row
            h.type = doc_type.name
            lines.text[i] = text[stamp.end():]
            h.subject, after = subject_after_title(lines, i, doc_type)
            return after
    if h.code and _is_cong_van_symbol(h.code):
        # A công văn may print its trích yếu without "V/v", under the number.
        h.type = "Công văn"
        first = next((i for i in range(start, min(end, len(lines))) if not _skippable(lines, i)), None)
        if first is not None and not P.KINH_GUI.match(lines.folded[first]):
            h.subject, after = collect_subject(lines, first)
            return after
    return start


# The titles of vbpl.vn's English translations, for the type a reader files them under.
ENGLISH_TITLES = {"JOINT CIRCULAR": "Thông tư liên tịch", "CIRCULAR": "Thông tư", "DECREE": "Nghị định",
                  "LAW": "Luật", "DECISION": "Quyết định", "JOINT RESOLUTION": "Nghị quyết liên tịch",
                  "RESOLUTION": "Nghị quyết", "ORDINANCE": "Pháp lệnh", "DIRECTIVE": "Chỉ thị"}


def english_title(lines: Lines, h: Header) -> None:
    """An English translation opens with its kind in capitals ("JOINT CIRCULAR") and the
    subject under it."""
    for i in range(min(len(lines), 6)):
        if lines.text[i] in ENGLISH_TITLES:
            h.type = ENGLISH_TITLES[lines.text[i]]
            nxt = next((t for t in lines.text[i + 1: i + 3] if t), None)
            if nxt and not re.match(r"(?i)pursuant|based on|chapter|article", nxt):
                h.subject = nxt.rstrip(" .")
            h.warnings.append("an English translation: type read from its English title")
            return


NAMED_BY_TITLE = ("Giấy phép", "Giấy chứng nhận")  # a licence or certificate: its title says what of


def subject_after_title(lines: Lines, i: int, doc_type: decree.DocType) -> tuple[str | None, int]:
    """The trích yếu under the tên loại. A title that runs on past the type
    ("BIÊN BẢN NGHIỆM THU …") is itself the subject unless a normal-case line follows."""
    title = re.sub(r"^[\W_]+|[\W_]+$", "", lines.text[i])
    extra = fold(title)[len(fold(doc_type.title)):].strip()
    if labelled := labelled_subject(lines, i + 1):
        return labelled
    subject, after = collect_subject(lines, i + 1)
    if extra and doc_type.name in NAMED_BY_TITLE and (subject is None or P.FIELD_LINE.match(subject)):
        # "GIẤY CHỨNG NHẬN ĐĂNG KÝ ĐẦU TƯ" over "Mã số dự án: …": what it certifies is the subject
        return title[len(doc_type.title):].strip(), i + 1
    if extra and (subject is None or subject == subject.upper()):
        whole = " ".join(p for p in (title, subject) if p)
        return sentence_case(whole).capitalize(), after
    return subject, after


SUBJECT_LABEL = re.compile(r"^\s*(Noi\s+dung\s+trinh|Trich\s+yeu)\s*:\s*", re.IGNORECASE)
FIELD_LABEL = re.compile(r"^[^\W\d_][^:]{2,40}:")


def labelled_subject(lines: Lines, start: int) -> tuple[str, int] | None:
    """Forms that label their trích yếu ("Nội dung trình: …", a phiếu trình)."""
    for i in range(start, min(start + 6, len(lines))):
        m = SUBJECT_LABEL.match(lines.folded[i])
        if not m:
            continue
        parts, j = [lines.text[i][m.end():]], i + 1
        while j < len(lines) and lines.text[j] and not FIELD_LABEL.match(lines.text[j]) and len(parts) < 8:
            parts.append(lines.text[j])
            j += 1
        return squash_spaces(" ".join(parts)).rstrip(" ."), j
    return None


def collect_subject(lines: Lines, start: int, first: str | None = None) -> tuple[str | None, int]:
    parts = [first] if first else []
    i = start + (1 if first else 0)
    while i < len(lines) and len(parts) < 6:
        text, folded = lines.text[i], lines.folded[i]
        if not text:
            nxt = next((t for t in lines.text[i + 1: i + 3] if t), "")
            if parts and (not nxt or len(nxt) > 60 or nxt.startswith("(")):
                break
            i += 1
            continue
        if (text.startswith("(") or set(text) <= set("-_*.… ") or P.KINH_GUI.match(folded)
                or P.HEADING.match(folded) or P.QUOC_HIEU.search(folded) or P.TIEU_NGU.search(folded)
                or (parts and P.BASIS.match(folded)) or P.TODAY.match(folded)
                or (parts and len(text) > 110 and not P.OPEN_ENDED.search(fold(parts[-1])))):
            break
        if parts and text == text.upper() and " ".join(parts) != " ".join(parts).upper():
            break  # the thẩm quyền line of a Quyết định
        if parts and P.AUTHORITY_LINE.match(folded.upper()) and _next_is_basis(lines, i):
            break  # "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "CHỦ TỊCH NƯỚC …" over the Căn cứ lines
        if P.DATE_PHRASE.search(folded) and P.PLACE.search(folded[: P.DATE_PHRASE.search(folded).start()]):
            i += 1
            continue  # the date line, in a header whose cells came out in another order
        parts.append(text)
        i += 1
    subject = squash_spaces(" ".join(parts)).rstrip(" .") if parts else None
    return subject or None, i


def _next_is_basis(lines: Lines, i: int) -> bool:
    """Whether the lines after i (a second authority line, say) open the Căn cứ."""
    for j in range(i + 1, min(i + 4, len(lines))):
        if lines.text[j]:
            if P.BASIS.match(lines.folded[j]):
                return True
            if not P.TITLE_LINE.match(lines.folded[j]):
                return False
    return False


def find_lists(lines: Lines, h: Header) -> int | None:
    """Kính gửi addressees and the Nơi nhận list; returns the line after Nơi nhận's list."""
    for i, folded in enumerate(lines.folded):
        m = P.KINH_GUI.match(folded)
        if m:
            rest = lines.text[i][m.end():].strip()
            h.recipients = [rest.rstrip(";.")] if rest else _dash_list(lines, i + 1)[0]
            break
    for i in range(len(lines) - 1, -1, -1):
        m = P.NOI_NHAN.match(lines.folded[i])
        if m:
            h.cc, end = _dash_list(lines, i + 1)
            beside = lines.text[i][m.end():].strip()
            if beside:  # two columns flattened: the signature block's first line
                h.beside_noi_nhan = beside
            return end
    return None


def _dash_list(lines: Lines, start: int) -> tuple[list[str], int]:
    items, i = [], start
    while i < len(lines):
        text = lines.text[i]
        if not text or (items and not re.search(r"[^\W\d_]{2,}", text)):
            i += 1  # a blank, or OCR debris of a seal between two items
            continue
        if not text.startswith(("-", "–", "+")):
            break
        items.append(text.lstrip("-–+ ").rstrip(" ;."))
        i += 1
    return items, i


def read_authority(line: str, h: Header) -> str:
    m = P.AUTHORITY.match(fold(line))
    if not m:
        return line
    h.signer_authority = f"{m['prefix']}."
    rest = line[m.start("rest"):].strip()
    h.signer_for = sentence_case(rest).capitalize() if rest == rest.upper() else rest
    return rest


def _two_names(text: str) -> bool:
    words = fold(text).split()
    return any(P.NAME.match(" ".join(words[:k])) and P.NAME.match(" ".join(words[k:]))
               for k in range(2, len(words) - 1)) and len(words) >= 5


def find_signer(lines: Lines, after: int | None, h: Header, body: int = 0) -> None:
    """The signer under Nơi nhận (the two columns of Phụ lục I flattened), else the first
    signature block after the body starts (a law, a decree without Nơi nhận, joint
    documents signed block after block), else the last lines."""
    if after is None and (block := first_signature_block(lines, body)):
        titles, name = block
        h.signer_name = name
        _apply_titles(h, titles)
        return
    start = after if after is not None else max(len(lines) - SIGNATURE_LINES, 0)
    titles: list[str] = []
    names: list[str] = []
    for i in range(start, min(start + SIGNATURE_LINES, len(lines))):
        text = lines.text[i].strip(" \"'“”‘’.,;:*%\\/|")
        folded = fold(text)
        if not text:
            continue
        if len(text) > 80:
            break  # prose: an annex or the next document
        if P.NAME.match(folded):
            names.append(text)
        elif _two_names(text):
            names.extend(["?", "?"])
        elif P.TITLE_LINE.match(folded) and not names:
            titles.append(text)
    if len(names) > 1:
        h.warnings.append(f"{len(names)} signers: no single signer")
        return
    if not names and (block := first_signature_block(lines, start)):
        titles, name = block  # the list of Nơi nhận ran on in lines that do not start with "-"
        names = [name]
    if names:
        h.signer_name = names[0]
    else:
        h.warnings.append("signer's name not found")
        titles = [t for t in titles if P.TITLE_WORD.search(fold(t))]
    if h.beside_noi_nhan:
        run = re.search(r"(?:(?:TM|KT|TL|TUQ|Q)\.\s*)?[A-Z][A-Z .]{3,}$", fold(h.beside_noi_nhan))
        if run:
            titles.insert(0, h.beside_noi_nhan[run.start():].strip())
    _apply_titles(h, titles)


def _apply_titles(h: Header, titles: list[str]) -> None:
    """Authority prefixes and the signer's own title from the lines over the name."""
    titles = [t for t in titles if not fold(t).startswith("NOI NHAN") and not P.HEADING.match(fold(t))]
    for t in [t for t in titles if P.AUTHORITY.match(fold(t))]:
        if h.signer_authority is None:
            read_authority(t, h)  # the first prefix of a chain (TL. CHỦ TỊCH, then KT. …) is the authority
        titles.remove(t)
    if titles:
        title = " ".join(titles)
        h.signer_title = sentence_case(title) if title == title.upper() else title
        h.signer_title = h.signer_title[:1].upper() + h.signer_title[1:]
    elif h.signer_authority == "KT." and h.signer_for:
        # ký thay: a deputy signs for the head, so the title is the head's with "Phó"
        h.signer_title = f"Phó {h.signer_for[:1].lower()}{h.signer_for[1:]}"
        h.warnings.append("signer's title inferred from the KT. line")


def first_signature_block(lines: Lines, start: int) -> tuple[list[str], str] | None:
    """Title lines in capitals ("TM. CHÍNH PHỦ" / "KT. THỦ TƯỚNG" / "PHÓ THỦ TƯỚNG",
    "CHỦ TỊCH QUỐC HỘI"), at most a "(Đã ký)" mark or a blank, then the signer's name:
    the first such block from `start`, in reading order."""
    i = start
    while i < len(lines):
        if not (P.TITLE_LINE.match(lines.folded[i]) and len(lines.text[i]) <= 90):
            i += 1
            continue
        titles, j = [], i
        while j < len(lines) and P.TITLE_LINE.match(lines.folded[j]) and len(titles) < 5:
            titles.append(lines.text[j])
            j += 1
        while j < len(lines) and (not lines.text[j] or P.SIGNED_MARK.match(lines.folded[j])) and j - i < 8:
            j += 1
        if j < len(lines) and P.NAME.match(lines.folded[j].strip(" .")) \
                and any(P.TITLE_WORD.search(lines.folded[k]) for k in range(i, i + len(titles))):
            return titles, lines.text[j].strip(" .")
        i = max(j, i + 1)
    return None


def name_after_keep_copy(h: Header) -> None:
    """A scan may print the name on the "Lưu" line's level ("- Lưu: VT, NV. (sig) Lê Đức Thanh")."""
    if h.signer_name or not h.cc:
        return
    tail = re.search(r"((?:[A-ZĐÀ-Ỹ]\S*\s+){1,3}[A-ZĐÀ-Ỹ]\S*)\s*$", h.cc[-1])
    if not tail:
        name_beside_noi_nhan(h)
        return
    words = [re.sub(r"[^\w]", "", w) for w in tail.group(1).split()]
    candidate = " ".join(words)
    if damage(candidate) > 0:
        candidate, _ = repair_if_damaged(candidate, context=False)
    if candidate and P.NAME.match(fold(candidate)) and not fold(candidate).upper().startswith(("VT", "LUU")):
        h.signer_name = candidate
        h.cc[-1] = h.cc[-1][: tail.start()].rstrip(" ,;(\"“")
        h.warnings = [w for w in h.warnings if w != "signer's name not found"]
        h.warnings.append("signer's name read from the end of the Lưu line")
        return
    name_beside_noi_nhan(h)


def name_beside_noi_nhan(h: Header) -> None:
    """Columns flattened by OCR put the signer's name after an item of Nơi nhận, past the
    item's own ";" ("- Kiểm toán nhà nước; Phạm Thị Thanh Trà"): it belongs to the other column."""
    for index, item in enumerate(h.cc):
        head, sep, tail = item.rpartition(";")
        if sep and tail.strip() and P.NAME.match(fold(tail.strip())) and len(tail.split()) >= 3:
            h.signer_name = tail.strip()
            h.cc[index] = head.strip()
            h.warnings = [w for w in h.warnings if w != "signer's name not found"]
            h.warnings.append("signer's name read beside the Nơi nhận list (columns flattened)")
            return


DIRECTIVE = re.compile(r"\bChu\s+tich\s+(?P<body>[^:\n]{5,60}?)\s+(?:chi\s+dao|yeu\s+cau|chi\s+thi)\s*:", re.IGNORECASE)


def title_from_directive(lines: Lines, h: Header) -> None:
    """No title over the name, but the text speaks as the Chủ tịch ("Chủ tịch … chỉ đạo:")."""
    if h.signer_title or not h.signer_name:
        return
    for text, folded in zip(lines.text, lines.folded):
        if m := DIRECTIVE.search(folded):
            h.signer_title = "Chủ tịch"
            h.warnings.append(f"signer's title taken from the text: {text[m.start(): m.end()]!r}")
            return


_ENGLISH_WORDS = frozenset("the of and to in on for by with is are be this that shall".split())


def is_english(text: str) -> bool:
    """A translation, not a damaged Vietnamese text: English's commonest words make a tenth of it."""
    words = re.findall(r"[A-Za-z]+", text.lower())
    return len(words) > 20 and sum(w in _ENGLISH_WORDS for w in words) / len(words) > 0.1


OCR_DAMAGED_TEXT = 0.15  # share of non-words above which a text is taken as damaged OCR


def repair_fields(text: str, h: Header) -> None:
    """Fields that OCR damaged are repaired (folded), and the record says so.
    Only in a text that is damaged as a whole: a clean text's rare names stay."""
    if damage(text[:3000]) < OCR_DAMAGED_TEXT or is_english(text[:3000]):
        return
    for attr, context in (("subject", True), ("issuer", True), ("parent_issuer", True), ("signer_name", False)):
        value, repaired = repair_if_damaged(getattr(h, attr), context)
        if repaired:
            setattr(h, attr, value)
            h.warnings.append(f"{attr} repaired from OCR damage (without diacritics): {value!r}")


# Forms whose signer is named by a labelled line rather than under a title:
# type → (the box label that is the signer's title, the label of the line with the name).
LABELLED_SIGNERS = {
    "Phiếu trình": ("NGƯỜI LẬP PHIẾU TRÌNH", "Họ và tên chuyên viên trình"),
}


def labelled_signer(lines: Lines, h: Header) -> None:
    """A phiếu trình is signed by the officer who drew it up: the box "NGƯỜI LẬP
    PHIẾU TRÌNH", whose name the form states on its "Họ và tên chuyên viên trình:" line."""
    if h.type not in LABELLED_SIGNERS or h.signer_name:
        return
    box, label = LABELLED_SIGNERS[h.type]
    if not any(fold(box) in f for f in lines.folded):
        return
    for text, folded in zip(lines.text, lines.folded):
        if folded.lower().startswith(fold(label).lower()) and ":" in text:
            name = text.split(":", 1)[1].strip(" .")
            if P.NAME.match(fold(name)):
                h.signer_title, h.signer_name = sentence_case(box).capitalize(), name
                h.warnings = [w for w in h.warnings if w != "signer's name not found"]
                return


def parse_header(text: str) -> Header:
    h = Header()
    lines = Lines(text)
    end = header_end(lines)
    code_at = find_code(lines, end, h)
    date_at = find_place_and_date(lines, end, code_at, h)
    anchor = code_at[0] if code_at else date_at
    if anchor is None:
        anchor = next((i for i in range(end) if title_type(lines.text[i])), None)
    find_issuer(lines, anchor, h)
    start = (code_at[0] + 1) if code_at else (date_at + 1 if date_at is not None else 0)
    body = find_type_and_subject(lines, start, max(end, start + 12), h)
    if h.type is None and h.code:
        abbr = re.split(r"\s*-\s*", h.code.split("/")[-1])[0]
        if (doc_type := decree.doc_type_by_abbr(abbr)) is not None:
            h.type = doc_type.name
    joint_issuers(lines, anchor, h)
    if code_at is None and date_at is None and h.type is None and attribute_table(lines, h):
        return h
    if h.type is None:
        english_title(lines, h)
    if date_at is None and h.date is None:
        find_other_date(lines, h)
    if h.issuer is None:
        infer_issuer(lines, h)
    expand_acronyms(lines, h)
    complete_issuer(h)
    place_departments(lines, h)
    correct_place(h)
    noi_nhan_end = find_lists(lines, h)
    labelled_signer(lines, h)
    if not h.signer_name:
        find_signer(lines, noi_nhan_end, h, body)
    name_after_keep_copy(h)
    title_from_directive(lines, h)
    repair_fields(text, h)
    return h
