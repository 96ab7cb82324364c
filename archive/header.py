"""Text → the header fields of a document: số/ký hiệu, type, issuer, place, date,
subject, Kính gửi, Nơi nhận and signer.

Matching is done on folded text (diacritics stripped, đ→d) with patterns loose
enough for OCR that lost its marks ("S6: 292 /UBND-NV", "ngay 20 thdng 4"),
while every value returned is cut from the document's own text. What the
document does not state stays None, with a warning saying why; a date is
never taken from a line that cites another document.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from docgen import decree
from docgen.vntext import fold, nfc, squash_spaces

# --- patterns, on folded text ----------------------------------------------

NUMBER_LINE = re.compile(
    r"\bS[o6§$0]\s*[:;.]\s*(?P<num>\d{1,6})?\s*/\s*"
    r"(?P<sym>[A-Za-z0-9&.]+(?:\s*-\s*[A-Za-z0-9&.]+)*)",
)
DATE_PHRASE = re.compile(
    r"ng\w{0,2}y\s*(?P<d>\d{1,2})?\s+th\w{1,3}g\s*(?P<m>\d{1,2})?\s+n\w{1,2}m\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
PLACE_BEFORE_DATE = re.compile(r"(?P<place>[A-Z][^,;:\n]{1,40}?)\s*,\s*$")
QUOC_HIEU = re.compile(r"C[O0]NG\s+H[O0]A\s+X[A4]\s+H[O0]I", re.IGNORECASE)
TIEU_NGU = re.compile(r"l[a4]p\s*-\s*T\w\s+do\s*-\s*H[a4]nh", re.IGNORECASE)
KINH_GUI = re.compile(r"^\s*K\w{2,3}\s+g\w{1,4}\s*:?", re.IGNORECASE)
NOI_NHAN = re.compile(r"^\s*N\w{1,2}i\s+nh\w{1,3}\s*:", re.IGNORECASE)
V_V = re.compile(r"^\s*V/v\b\.?\s*", re.IGNORECASE)
BODY_START = re.compile(
    r"^\s*(Can\s+c\w{1,2}|Thuc\s+hien|Th\w{1,3}c\s+h\w{1,3}n|Theo\s+de\s+nghi|Nham|Ngay\s+\d|Trien\s+khai)\b",
    re.IGNORECASE,
)
AUTHORITY = re.compile(r"^\s*(TM|KT|TL|TUQ|Q)\s*\.\s*(?P<rest>.+)$")
MARKUP = re.compile(r"\*\*|__|^#+\s*")
ISSUER_EXPANSIONS = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}
UNIT_WORDS = ("quận", "huyện", "tỉnh", "thành phố", "thị xã", "phường", "xã", "thị trấn")
_FOLDED_UNITS = {fold(u) for u in UNIT_WORDS}


@dataclass
class Header:
    type: str | None = None
    code: str | None = None
    number: int | None = None
    issuer: str | None = None
    parent_issuer: str | None = None
    place: str | None = None
    date: _dt.date | None = None
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    signer_authority: str | None = None
    signer_title: str | None = None
    signer_for: str | None = None  # whom an authority prefix signs for: "Chủ tịch"
    signer_name: str | None = None
    warnings: list[str] = field(default_factory=list)


def clean_lines(text: str) -> list[str]:
    """Lines without markdown markers, NFC, trimmed; blank lines kept as ""."""
    return [squash_spaces(MARKUP.sub("", nfc(line))) for line in text.splitlines()]


def _sentence_case(upper: str) -> str:
    """ "ỦY BAN NHÂN DÂN QUẬN 1" → "Ủy ban nhân dân Quận 1": capitals kept after unit words."""
    if not upper.isupper():
        return upper
    words = upper.lower().split()
    out = []
    capital_next = True
    for i, word in enumerate(words):
        named_by_number = fold(word) in _FOLDED_UNITS and i + 1 < len(words) and words[i + 1][:1].isdigit()
        out.append(word[:1].upper() + word[1:] if capital_next or named_by_number else word)
        tail = " ".join(words[max(0, i - 1): i + 1])
        capital_next = fold(word) in _FOLDED_UNITS or fold(tail) in _FOLDED_UNITS
    return " ".join(out)


def _expand(name: str) -> str:
    for short, full in ISSUER_EXPANSIONS.items():
        name = re.sub(rf"\b{short}\b", full, name)
    return name


# --- the steps ---------------------------------------------------------------

def header_zone(lines: list[str]) -> int:
    """Index of the first body line: the header is what comes before it."""
    for i, line in enumerate(lines[:60]):
        if BODY_START.match(fold(line)) or KINH_GUI.match(fold(line)):
            return i
    return min(len(lines), 30)


def find_code(lines: list[str], end: int, h: Header) -> tuple[int, int] | None:
    for i, line in enumerate(lines[:end]):
        m = NUMBER_LINE.search(fold(line))
        if not m:
            continue
        symbol = decree.normalise_code(line[m.start("sym"): m.end("sym")])
        if m["num"]:
            h.number = int(m["num"])
            h.code = f"{line[m.start('num'): m.end('num')]}/{symbol}"
        else:
            h.warnings.append(f"number left blank (ký hiệu /{symbol})")
        return i, m.end()
    h.warnings.append("no số/ký hiệu line in the header")
    return None


def find_place_and_date(lines: list[str], end: int, code_at: tuple[int, int] | None, h: Header) -> int | None:
    for i, line in enumerate(lines[:end]):
        folded = fold(line)
        m = DATE_PHRASE.search(folded)
        if not m or "/" in folded[max(0, m.start() - 30): m.start()] and not (code_at and code_at[0] == i):
            continue
        start = code_at[1] if code_at and code_at[0] == i else 0
        before = line[start: m.start()]
        place = PLACE_BEFORE_DATE.search(fold(before))
        if place:
            h.place = squash_spaces(before[place.start("place"): place.end("place")])
        elif before.strip():
            continue  # text before "ngày" that is not a place: a citation, not the date line
        if m["d"] and m["m"]:
            try:
                h.date = _dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                h.warnings.append(f"impossible issue date in {line!r}")
        else:
            h.warnings.append("issue day left blank")
        return i
    h.warnings.append("no place-and-date line in the header")
    return None


def find_issuer(lines: list[str], code_line: int | None, h: Header) -> None:
    """The upper-case lines left of the Quốc hiệu, above the số line."""
    stop = code_line if code_line is not None else min(len(lines), 8)
    names = []
    for line in lines[:stop]:
        if not line:
            continue
        folded = fold(line)
        m = QUOC_HIEU.search(folded)
        part = line[: m.start()] if m else line
        t = TIEU_NGU.search(fold(part))
        if t:
            part = part[: max(t.start() - 4, 0)]
        part = squash_spaces(part.strip(" -_*"))
        if part and part.upper() == part and len(part) > 2 and _title_type(part) is None:
            names.append(part)
    if not names:
        return
    issuer = _expand(names[-1])
    parent = _sentence_case(_expand(" ".join(names[:-1]))) if len(names) > 1 else None
    issuer = _sentence_case(issuer)
    if parent and fold(issuer).lower() in ("van phong",):
        issuer = f"{issuer} {parent}"
    h.issuer, h.parent_issuer = issuer, parent


def infer_issuer(lines: list[str], h: Header) -> None:
    """No header line: the body names who acts ("Ủy ban nhân dân Quận 1 ban hành …")."""
    text = "\n".join(l for l in lines if not BODY_START.match(fold(l)))
    m = re.search(r"(?:Chủ tịch\s+)?(Ủy ban nhân dân [^\n,;:.]*?)\s+(?:ban hành|đề nghị|phát động|yêu cầu|chỉ đạo)",
                  text)
    if not m:
        h.warnings.append("issuer not stated")
        return
    issuer = m.group(1)
    unit = issuer.removeprefix("Ủy ban nhân dân ").strip()
    if unit.lower() in UNIT_WORDS and h.subject:
        named = re.search(rf"(?i:{unit})\s+[A-ZĐÀ-Ỹ]\w*(?:\s+[A-ZĐÀ-Ỹ]\w*)*", h.subject)
        if named:
            issuer = f"Ủy ban nhân dân {named.group(0)}"
    h.issuer = issuer
    h.warnings.append("issuer inferred from the body (no header line)")


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def correct_place(h: Header) -> None:
    """OCR damage in the place ("Qudn 1"): the issuer's name usually ends with it."""
    if not h.place or not h.issuer:
        return
    place, words = fold(h.place).lower(), h.issuer.split()
    tail = " ".join(words[-len(h.place.split()):])
    if place != fold(tail).lower() and _edit_distance(place, fold(tail).lower()) <= 2:
        h.warnings.append(f"place {h.place!r} read as {tail!r}, as in the issuer's name")
        h.place = tail


def find_type_and_subject(lines: list[str], after: int, body: int, h: Header) -> None:
    for i in range(after, min(body, len(lines))):
        line = lines[i]
        if not line:
            continue
        if V_V.match(fold(line)):
            h.type = "Công văn"
            h.subject = _collect_subject(lines, i, body, first=line)
            return
        match = _title_type(line)
        if match:
            h.type = match.name
            h.subject = _collect_subject(lines, i + 1, body)
            return
    # A công văn may print its trích yếu without "V/v".
    if h.code and _is_cong_van_symbol(h.code):
        h.type = "Công văn"
        start = next((i for i in range(after, body) if lines[i]), None)
        if start is not None:
            h.subject = _collect_subject(lines, start, body)


_TITLES = {fold(t.title): t for t in decree.DOC_TYPES}


def _title_type(line: str) -> decree.DocType | None:
    """The type a tên loại line names ("KẾ HOẠCH", OCR'd "PHIÊU CHUYÊN"), or None."""
    core = line.strip(" _-*.")
    if not core or core != core.upper():
        return None
    folded = fold(core)
    return next((t for title, t in _TITLES.items() if folded == title or folded.startswith(title + " ")), None)


def _is_cong_van_symbol(code: str) -> bool:
    symbol = code.split("/")[-1]
    first = re.split(r"\s*-\s*", symbol)[0]
    return decree.doc_type_by_abbr(first) is None


def _collect_subject(lines: list[str], start: int, body: int, first: str | None = None) -> str | None:
    parts = [first] if first else []
    i = start + (1 if first else 0)
    while i < min(body, len(lines)):
        line = lines[i]
        if not line:
            nxt = next((l for l in lines[i + 1: body] if l), "")
            if parts and (not nxt or len(nxt) > 60 or nxt.startswith("(")):
                break
        elif line.startswith("(") or set(line) <= set("-_*. "):
            break
        else:
            parts.append(line)
        i += 1
    subject = squash_spaces(" ".join(parts)).rstrip(".") if parts else None
    return subject or None


def find_lists(lines: list[str], h: Header) -> int | None:
    """Kính gửi addressees and the Nơi nhận list; returns the line after Nơi nhận's list."""
    for i, line in enumerate(lines):
        m = KINH_GUI.match(fold(line))
        if m and not h.recipients:
            rest = line[m.end():].strip()
            h.recipients = [rest.rstrip(";.")] if rest else _dash_list(lines, i + 1)[0]
    for i in range(len(lines) - 1, -1, -1):
        m = NOI_NHAN.match(fold(lines[i]))
        if m:
            h.cc, end = _dash_list(lines, i + 1)
            beside = lines[i][m.end():].strip()
            if beside:  # two columns flattened: the signature block's first line
                _read_authority(beside, h)
            return end
    return None


def _read_authority(line: str, h: Header) -> str:
    m = AUTHORITY.match(line)
    if not m:
        return line
    h.signer_authority = f"{m.group(1)}."
    h.signer_for = _sentence_case(m["rest"]).capitalize() if m["rest"].isupper() else m["rest"]
    return m["rest"]


def _dash_list(lines: list[str], start: int) -> tuple[list[str], int]:
    items, i = [], start
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        if not line.startswith(("-", "–")):
            break
        items.append(line.lstrip("-– ").rstrip(" ;."))
        i += 1
    return items, i


CLEAN_UPPER = re.compile(r"^(?:TM|KT|TL|TUQ|Q)?\.?\s*[A-ZĐÀ-Ỹ ]{3,}$")
NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+$")


def find_signer(lines: list[str], after: int | None, h: Header) -> None:
    start = after if after is not None else max(len(lines) - 15, 0)
    block = [l.strip(" \"'“”‘’.,;:") for l in lines[start: start + 15]]
    uppers: list[str] = []
    for line in block:
        if not line:
            continue
        if NAME.match(line):
            h.signer_name = line
            break
        if len(line) > 80:
            break  # prose: an annex or the next document
        if line.isupper():
            uppers.append(line)
    uppers = [u for u in uppers if CLEAN_UPPER.match(u)]
    if uppers:
        if AUTHORITY.match(uppers[0]):
            _read_authority(uppers[0], h)
            uppers = uppers[1:]
        if uppers:
            h.signer_title = _sentence_case(uppers[-1]).capitalize() if uppers[-1].isupper() else uppers[-1]
    if h.signer_title is None and h.signer_authority == "KT." and h.signer_for:
        # ký thay: a deputy signs for the head, so the title is the head's with "Phó"
        h.signer_title = f"Phó {h.signer_for}"
        h.warnings.append("signer's title inferred from the KT. line")
    if h.signer_name is None:
        h.warnings.append("signer's name not found")


def parse_header(text: str) -> Header:
    h = Header()
    lines = clean_lines(text)
    body = header_zone(lines)
    code_at = find_code(lines, body, h)
    date_line = find_place_and_date(lines, body, code_at, h)
    find_issuer(lines, code_at[0] if code_at else date_line, h)
    after = max([i for i in (code_at[0] if code_at else None, date_line) if i is not None], default=-1) + 1
    find_type_and_subject(lines, after, max(body, after), h)
    if h.type is None and h.code:
        abbr = re.split(r"\s*-\s*", h.code.split("/")[-1])[0]
        if (t := decree.doc_type_by_abbr(abbr)) is not None:
            h.type = t.name
    if h.issuer is None:
        infer_issuer(lines, h)
    correct_place(h)
    cc_end = find_lists(lines, h)
    find_signer(lines, cc_end, h)
    return h
