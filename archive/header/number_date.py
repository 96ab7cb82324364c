"""The số/ký hiệu line and the place-and-date line (ô 3 and ô 4 of Nghị định 30), or
where a document without them states its date (a law's day of passage, a Biên bản's start).
"""

from __future__ import annotations

import datetime as _dt
import re

from archive import patterns as P
from archive.header.lines import HEADER_LINES, Header, Lines, is_unit
from docgen.base import decree
from docgen.base.places import province_kind
from docgen.base.vntext import fold, parse_date, squash_spaces


def _number_lines(lines: Lines, end: int) -> list[tuple[int, re.Match]]:
    """The header's số lines, a line that opens with "Số" (or with the issuer's capitals before it)
    first: one with words in lower case before "Số" is a sentence or a title naming the number
    ("Công văn Số: 2728/TCT-DNL V/v: …" above a copied header), taken only when no other is."""
    found = [(i, m) for i in range(end) if (m := P.NUMBER_LINE.search(lines.folded[i]))]
    return sorted(found, key=lambda im: any(c.islower() for c in lines.folded[im[0]][: im[1].start()]))


def find_code(lines: Lines, end: int, h: Header) -> tuple[int, int] | None:
    for i, m in _number_lines(lines, end):
        line = lines.text[i]
        symbol = decree.normalise_code(line[m.start("sym"): m.end("sym")])
        if re.match(r"(?:19|20)\d{2}[A-ZĐ]", symbol):
            # OCR lost the "/" between a legal document's year and its ký hiệu ("23/2024TT-BCT")
            symbol = f"{symbol[:4]}/{symbol[4:]}"
        stamped = re.fullmatch(r"\d(?: \d){1,5}", (m["debris"] or "").strip())
        if m["num"]:
            h.number = number_of(m["num"])
            h.code = f"{line[m.start('num'): m.end('num')]}{m['sep']}{symbol}"
        elif stamped:
            # a numbering stamp prints its digits spaced ("Số: 8 5 2 0/BCT-KHCN")
            digits = stamped.group(0).replace(" ", "")
            h.number, h.code = int(digits), f"{digits}{m['sep']}{symbol}"
            h.warnings.append(f"number read from spaced digits (a numbering stamp?): {digits}")
        elif m["debris"] and m["debris"].strip():
            h.warnings.append(f"number unreadable ({m['debris'].strip()!r}, ký hiệu /{symbol})")
        else:
            h.warnings.append(f"number left blank (ký hiệu {m['sep']}{symbol})")
            h.blank_symbol = f"{m['sep']}{symbol}"
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
        if codes and P.PLACE.search(lines.folded[i][codes[-1].end(): date.start()]):
            m = codes[-1]  # a code, a place, the date: not "Quyết định số 29/2007/QĐ-BXD ngày 31/12/2007"
            h.code = decree.normalise_code(lines.text[i][m.start(): m.end()])
            h.number = number_of(m["num"])
            h.warnings.append(f"số/ký hiệu read without its label from the date line: {h.code}")
            return i, m.end()
        return None
    return None


def set_date(h: Header, m: re.Match, line: str) -> None:
    day, month, year = P.date_parts(m)
    if day and month:
        try:
            h.date = _dt.date(int(year), int(month), int(day))
        except ValueError:
            h.warnings.append(f"impossible issue date in {line!r}")
    else:
        h.warnings.append("issue day left blank")
        h.blank_year = int(year) if not (day or month) else None


def _after_code(code_at: tuple[int, int] | None, i: int) -> int:
    """Where line i's date part may start: after the số when both share the line."""
    return code_at[1] if code_at and code_at[0] == i else 0


def _place_text(lines: Lines, i: int, start: int, place: re.Match) -> str:
    """The place as line i writes it, from a P.PLACE match on its folded text from `start`."""
    return squash_spaces(lines.text[i][start + place.start("place"): start + place.end("place")])


def find_place_and_date(lines: Lines, end: int, code_at: tuple[int, int] | None, h: Header) -> int | None:
    for i in range(end):
        folded = lines.folded[i]
        m = P.DATE_PHRASE.search(folded)
        if not m:
            continue
        start = _after_code(code_at, i)
        before = folded[start: m.start()]
        if P.TODAY.match(before) or len(re.findall(r"[A-Za-z]{2,}", folded[m.end():])) >= 3:
            continue  # "Hôm nay, ngày …" and the sentence it opens: a Biên bản's text, not its date line
        place = P.PLACE.search(before) or _known_place_without_comma(before)
        if place:
            h.place = _place_text(lines, i, start, place)
        elif before.strip():
            continue  # words before "ngày" that are not a place: a citation, not the date line
        set_date(h, m, lines.text[i])
        return i
    return place_of_unreadable_date(lines, end, code_at, h)


def _known_place_without_comma(before: str) -> re.Match | None:
    """ "Hà Nội ngày 15 tháng 7 năm 2026": a date line whose comma was dropped, taken only when
    the words before "ngày" name a province or city, or start with a unit word ("Quận 1"), so
    that a citation's "Luật Đất đai ngày …" is never a place."""
    m = P.PLACE_NO_COMMA.search(before)
    if not m:
        return None
    words = m["place"].split()
    if province_kind(m["place"]) or is_unit(words[0]) or is_unit(" ".join(words[:2])):
        return m
    return None


def place_of_unreadable_date(lines: Lines, end: int, code_at: tuple[int, int] | None, h: Header) -> int | None:
    """A date line whose day, month or year OCR could not read (written by hand, under a
    stamp: "Hà Nội, ngàyO { tháng jj_ năn:202#") still gives its place."""
    for i in range(end):
        folded = lines.folded[i]
        m = P.UNREAD_DATE.search(folded)
        if not m:
            continue
        start = _after_code(code_at, i)
        place = P.PLACE.search(folded[start: m.start() + 1])
        if place and not P.TODAY.match(folded[start:]):
            h.place = _place_text(lines, i, start, place)
            h.warnings.append(f"issue date unreadable in {lines.text[i][start:].strip()!r}")
            return i
    return None


def find_other_date(lines: Lines, h: Header) -> None:
    """No date line in the header: for a law, an ordinance or a resolution of the National
    Assembly, the day of passage in its closing formula ("… Kỳ họp thứ 10 thông qua ngày 10
    tháng 12 năm 2025"); a line that is only a date (a signing date); or, for a Biên bản,
    the time the meeting began (Phụ lục III, Mẫu 1.9)."""
    for i, folded in enumerate(lines.folded[:HEADER_LINES]):
        if P.FIRST_ISSUE.match(folded) and (m := P.DATE_PHRASE.search(folded)):
            set_date(h, m, lines.text[i])
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
        if m and all(P.date_parts(m)):
            set_date(h, m, lines.text[i])
            h.warnings.append("date taken from a date line outside the header")
            return
    if h.type == "Biên bản":
        for i, folded in enumerate(lines.folded):
            if (P.TODAY.match(folded) or re.search(r"bat\s+dau", folded, re.IGNORECASE)) \
                    and (m := P.DATE_PHRASE.search(folded)):
                set_date(h, m, lines.text[i])
                h.warnings.append("date of a Biên bản taken from its start time")
                return
    h.warnings.append("no place-and-date line in the header")


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



# The number, day and month an e-office system stamps over the blanks of a signed PDF, as a text
# taken in content-stream order holds them: three lines that are each a number ("892" / "28" /
# "8"), or one line of three ("2496 06 4"), away from the header. (raw text)
_STAMPED = re.compile(r"^\s*(\d{1,5})\s*\n\s*(\d{1,2})\s*\n\s*(\d{1,2})\s*$|^\s*(\d{1,5}) +(\d{1,2}) +(\d{1,2})\s*$",
                      re.MULTILINE)
FIRST_PAGE = 6000  # characters: the stamp's text stands on the first page


def stamped_number_and_date(text: str, h: Header) -> None:
    """Both the số and the day and month left blank (the signed PDF of an e-office system, its
    text in stream order): the three numbers the system stamped, when the first page has them
    once and they make a date of the header's year."""
    if not (h.blank_symbol and h.blank_year) or h.code or h.date:
        return
    found = []
    first_page = text[:FIRST_PAGE]
    for m in _STAMPED.finditer(first_page):
        if _among_figures(first_page, m.start(), m.end()):
            continue  # a table's column of figures in stream order, not three stamped values
        digits, day, month = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
        try:
            found.append((digits, _dt.date(h.blank_year, int(month), int(day))))
        except ValueError:
            continue
    if len(found) != 1:
        return  # none, or several candidates: nothing says which
    digits, date = found[0]
    h.number, h.code, h.date = int(digits), f"{digits}{h.blank_symbol}", date
    h.warnings = [w for w in h.warnings if not w.startswith("number left blank") and w != "issue day left blank"]
    h.warnings.append(f"số and day read from the e-office stamp's text: {h.code}, {date.isoformat()}")


_FIGURES_ONLY = re.compile(r"^[\d\s.,/%-]+$")


def _among_figures(text: str, start: int, end: int) -> bool:
    """Whether the two lines before, or the two after, text[start:end] hold only figures too: a
    table's column read in stream order (a lone page number after the stamp is not one)."""
    before = [line.strip() for line in text[:start].split("\n") if line.strip()][-2:]
    after = [line.strip() for line in text[end:].split("\n") if line.strip()][:2]
    return any(len(side) == 2 and all(_FIGURES_ONLY.match(line) for line in side) for side in (before, after))
