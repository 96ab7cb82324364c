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
from archive.record import HeaderFields
from archive.ocr_repair import damage, repair_if_damaged
from docgen import decree
from docgen.places import province_kind
from docgen.vntext import fold, nfc, squash_spaces

HEADER_LINES = 45  # the header never runs further (a cover page included)
SIGNATURE_LINES = 15
UNIT_WORDS = ("quận", "huyện", "tỉnh", "thành phố", "thị xã", "phường", "xã", "thị trấn")
_FOLDED_UNITS = {fold(u) for u in UNIT_WORDS}
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
        self.text = [squash_spaces(P.MARKUP.sub("", nfc(line))) for line in text.splitlines()]
        self.folded = [fold(line) for line in self.text]

    def __len__(self) -> int:
        return len(self.text)


# --- text helpers --------------------------------------------------------------

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
        unit = fold(word) in _FOLDED_UNITS or fold(" ".join(words[i: i + 2])) in _FOLDED_UNITS
        numbered = unit and i + 1 < len(words) and words[i + 1][:1].isdigit()
        capital = i == 0 or numbered or (in_place_name and not unit)
        out.append(word[:1].upper() + word[1:] if capital else word)
        if fold(word) in _FOLDED_UNITS or fold(" ".join(words[max(0, i - 1): i + 1])) in _FOLDED_UNITS:
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


_TITLES = {fold(t.title): t for t in decree.DOC_TYPES if t.abbr or t.name == "Công văn"}
_TITLES[fold("PHIẾU TRÌNH")] = decree.DocType("Phiếu trình", None)
_TITLES[fold("GIẤY PHÉP")] = decree.DocType("Giấy phép", "GP")


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
        if len(title) >= 8 and edit_distance(head, title) <= 1 and folded[len(title): len(title) + 1] in ("", " "):
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
            h.number = int(m["num"])
            h.code = f"{line[m.start('num'): m.end('num')]}{m['sep']}{symbol}"
        elif m["debris"] and m["debris"].strip():
            h.warnings.append(f"number unreadable ({m['debris'].strip()!r}, ký hiệu /{symbol})")
        else:
            h.warnings.append(f"number left blank (ký hiệu /{symbol})")
        return i, m.end()
    h.warnings.append("no số/ký hiệu line in the header")
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
        place = P.PLACE.search(before)
        if place:
            h.place = squash_spaces(lines.text[i][start + place.start("place"): start + place.end("place")])
        elif before.strip():
            continue  # words before "ngày" that are not a place: a citation, not the date line
        _set_date(h, m, lines.text[i])
        return i
    return None


def find_other_date(lines: Lines, h: Header) -> None:
    """No date line in the header: a line that is only a date (a signing date), or,
    for a Biên bản, the time the meeting began (Phụ lục III, Mẫu 1.9)."""
    for i, folded in enumerate(lines.folded):
        m = P.DATE_ONLY_LINE.match(folded)
        if m and m["d"] and m["m"]:
            _set_date(h, m, lines.text[i])
            h.warnings.append("date taken from a date line outside the header")
            return
    if h.type == "Biên bản":
        for i, folded in enumerate(lines.folded):
            if re.search(r"bat\s+dau", folded, re.IGNORECASE) and (m := P.DATE_PHRASE.search(folded)):
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
        part = text[:cut].strip(" -_*.,")
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


def _place_of(name: str) -> str | None:
    """ "Ủy ban nhân dân tỉnh Lào Cai" → "tỉnh Lào Cai"; "Sở Công Thương Lào Cai" → "tỉnh Lào Cai"."""
    words = name.split()
    for i, word in enumerate(words):
        pair = " ".join(words[i: i + 2])
        if fold(word).lower() in _FOLDED_UNITS or fold(pair).lower() in _FOLDED_UNITS:
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
    elif fold(h.issuer).lower().startswith("so ") and (place := _place_of(h.parent_issuer)):
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


def infer_issuer(lines: Lines, h: Header) -> None:
    """No header line: the operative sentence names who acts ("Ủy ban nhân dân Quận 1
    ban hành kế hoạch … như sau:"). It stands last before the first numbered heading;
    lines are joined, since a PDF wraps that sentence anywhere."""
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
    if h.code and _is_cong_van_symbol(h.code):
        # A công văn may print its trích yếu without "V/v", under the number.
        h.type = "Công văn"
        first = next((i for i in range(start, min(end, len(lines))) if not _skippable(lines, i)), None)
        if first is not None and not P.KINH_GUI.match(lines.folded[first]):
            h.subject, after = collect_subject(lines, first)
            return after
    return start


def subject_after_title(lines: Lines, i: int, doc_type: decree.DocType) -> tuple[str | None, int]:
    """The trích yếu under the tên loại. A title that runs on past the type
    ("BIÊN BẢN NGHIỆM THU …") is itself the subject unless a normal-case line follows."""
    title = re.sub(r"^[\W_]+|[\W_]+$", "", lines.text[i])
    extra = fold(title)[len(fold(doc_type.title)):].strip()
    if labelled := labelled_subject(lines, i + 1):
        return labelled
    subject, after = collect_subject(lines, i + 1)
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
                or (parts and P.BASIS.match(folded)) or (parts and len(text) > 110)):
            break
        if parts and text == text.upper() and " ".join(parts) != " ".join(parts).upper():
            break  # the thẩm quyền line of a Quyết định
        if P.DATE_PHRASE.search(folded) and P.PLACE.search(folded[: P.DATE_PHRASE.search(folded).start()]):
            i += 1
            continue  # the date line, in a header whose cells came out in another order
        parts.append(text)
        i += 1
    subject = squash_spaces(" ".join(parts)).rstrip(" .") if parts else None
    return subject or None, i


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
        if not text:
            i += 1
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


def find_signer(lines: Lines, after: int | None, h: Header) -> None:
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
    if names:
        h.signer_name = names[0]
    else:
        h.warnings.append("signer's name not found")
    if h.beside_noi_nhan:
        run = re.search(r"(?:(?:TM|KT|TL|TUQ|Q)\.\s*)?[A-Z][A-Z .]{3,}$", fold(h.beside_noi_nhan))
        if run:
            titles.insert(0, h.beside_noi_nhan[run.start():].strip())
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


def name_after_keep_copy(h: Header) -> None:
    """A scan may print the name on the "Lưu" line's level ("- Lưu: VT, NV. (sig) Lê Đức Thanh")."""
    if h.signer_name or not h.cc:
        return
    tail = re.search(r"((?:[A-ZĐÀ-Ỹ]\S*\s+){1,3}[A-ZĐÀ-Ỹ]\S*)\s*$", h.cc[-1])
    if not tail:
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


OCR_DAMAGED_TEXT = 0.15  # share of non-words above which a text is taken as damaged OCR


def repair_fields(text: str, h: Header) -> None:
    """Fields that OCR damaged are repaired (folded), and the record says so.
    Only in a text that is damaged as a whole: a clean text's rare names stay."""
    if damage(text[:5000]) < OCR_DAMAGED_TEXT:
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
    find_type_and_subject(lines, start, max(end, start + 12), h)
    if h.type is None and h.code:
        abbr = re.split(r"\s*-\s*", h.code.split("/")[-1])[0]
        if (doc_type := decree.doc_type_by_abbr(abbr)) is not None:
            h.type = doc_type.name
    if date_at is None and h.date is None:
        find_other_date(lines, h)
    if h.issuer is None:
        infer_issuer(lines, h)
    expand_acronyms(lines, h)
    complete_issuer(h)
    place_departments(lines, h)
    correct_place(h)
    find_signer(lines, find_lists(lines, h), h)
    name_after_keep_copy(h)
    labelled_signer(lines, h)
    title_from_directive(lines, h)
    repair_fields(text, h)
    return h
