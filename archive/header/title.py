"""The tên loại and the trích yếu (ô 5): the type line in capitals and the subject under
it, or a công văn's "V/v" lines.
"""

from __future__ import annotations

import functools
import re

from archive import patterns as P
from archive.header.lines import Header, Lines, sentence_case
from docgen.base import decree
from docgen.base.vntext import edit_distance, fold, squash_spaces

# Tên loại lines, longest first ("NGHỊ QUYẾT LIÊN TỊCH" before "NGHỊ QUYẾT").
_TITLES = {fold(t.title): t for t in decree.PARTY_TYPES + decree.DOC_TYPES + decree.LEGAL_TYPES
           if t.abbr or t.name != "Thư công"}
_TITLES[fold("PHIẾU TRÌNH")] = decree.DocType("Phiếu trình", None)
_TITLES = dict(sorted(_TITLES.items(), key=lambda item: -len(item[0])))


def title_core(line: str) -> str:
    """A tên loại line without what OCR left around it: punctuation, "SN) GIÁY PHÉP",
    or a short lower-case scrap of a stamp or a margin ("nà GIẤY PHÉP")."""
    core = re.sub(r"^[\W_]+|[\W_]+$", "", line)
    core = re.sub(r"^\S{1,3}\)\s*", "", core)
    first, _, rest = core.partition(" ")
    if len(first) <= 3 and first != first.upper() and len(rest) >= 4 and rest == rest.upper():
        core = rest
    return core


@functools.lru_cache(maxsize=4096)  # asked of every header line, and an office's lines recur
def title_type(line: str) -> decree.DocType | None:
    """The type a tên loại line names ("KẾ HOẠCH", OCR'd "PHIÊU CHUYÊN"), or None."""
    core = title_core(line)
    if len(core) < 4 or core != core.upper():
        return None
    folded = fold(core)
    for title, doc_type in _TITLES.items():
        if folded == title or folded.startswith(title + " "):
            return doc_type
    if P.ORG_START.match(folded):
        return None  # an agency's name, one letter from a title: "HỘI ĐỒNG NHÂN DÂN" is not "HỢP ĐỒNG"
    for title, doc_type in _TITLES.items():  # one letter lost to OCR ("PHIÊU" for "PHIẾU" folds fine; "GIAY")
        head = folded[: len(title)]
        if len(title) >= 8 and folded[len(title): len(title) + 1] in ("", " ") and head[:1] == title[:1] \
                and edit_distance(head, title) <= 1:
            return doc_type
    return None


def _title_then_subject(text: str) -> tuple[decree.DocType, str] | None:
    """A line that opens with a tên loại in capitals and goes on in the case of a sentence."""
    words = text.split()
    k = next((k for k, w in enumerate(words) if w != w.upper()), 0)
    if k and words[k][:1].isupper() and (doc_type := title_type(" ".join(words[:k]))):
        return doc_type, " ".join(words[k:])
    return None


def _is_cong_van_symbol(code: str) -> bool:
    first = re.split(r"\s*-\s*", code.split("/")[-1])[0]
    return decree.doc_type_by_abbr(first) is None


def _skippable(lines: Lines, i: int) -> bool:
    """Header furniture between the số line and the title: Quốc hiệu, Tiêu ngữ, the date line, rules."""
    folded = lines.folded[i]
    return (not lines.text[i] or bool(P.QUOC_HIEU.search(folded)) or bool(P.TIEU_NGU.search(folded))
            or bool(P.PARTY_HEADING.search(folded)) or lines.text[i].strip() == "*"
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
        if split := _title_then_subject(text):
            # the tên loại and the trích yếu on one line ("QUYẾT ĐỊNH Về việc thành lập …")
            h.type = split[0].name
            h.subject, after = collect_subject(lines, i, first=split[1])
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
    title = title_core(lines.text[i])
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


_BARE_V_V = re.compile(r"^\s*V/v\s*:?\s*$", re.IGNORECASE)

# "Ngày 21 tháng 5 năm 2026, Chính phủ ban hành …": a sentence of the body, never a trích yếu's
# line (which names a date inside, "ngày 21/5/2026 của Chính phủ", never opens with one). (folded)
BODY_OPENS_WITH_A_DATE = re.compile(r"^Ngay\s+\d{1,2}(?:\s*thang\s*\d{1,2}\s*nam\s*\d{4}|\s*/\s*\d{1,2}\s*/\s*\d{4})\s*,")


def collect_subject(lines: Lines, start: int, first: str | None = None) -> tuple[str | None, int]:
    parts = [first] if first else []
    i = start + (1 if first else 0)
    if first and _BARE_V_V.match(first):
        # "V/v" alone on its line, the trích yếu on the next ("V/v" / ": Thực hiện quy định …"): that
        # line is the subject whatever it opens with
        j = next((j for j in range(i, min(i + 3, len(lines))) if lines.text[j]), None)
        if j is not None:
            rest = lines.text[j]
            parts = [first.rstrip() + rest if rest.startswith(":") else f"{first.rstrip()} {rest}"]
            i = j + 1
    while i < len(lines) and len(parts) < 6:
        text, folded = lines.text[i], lines.folded[i]
        if not text:
            nxt = next((t for t in lines.text[i + 1: i + 3] if t), "")
            if parts and (not nxt or len(nxt) > 60 or nxt.startswith("(")):
                break
            i += 1
            continue
        if (text.startswith("(") or set(text) <= set("-_*.… ") or P.KINH_GUI.match(folded)
                or P.NOI_NHAN.match(folded) or (parts and text.endswith(":"))  # the body's lead-in ("… như sau:")
                or (parts and BODY_OPENS_WITH_A_DATE.match(folded))
                or P.HEADING.match(folded) or P.QUOC_HIEU.search(folded) or P.TIEU_NGU.search(folded)
                or (parts and P.BASIS.match(folded)) or P.TODAY.match(folded)
                or (parts and len(text) > 110 and not P.OPEN_ENDED.search(fold(parts[-1])))):
            break
        if parts and text == text.upper() and " ".join(parts) != " ".join(parts).upper():
            break  # the thẩm quyền line of a Quyết định
        if parts and text != text.upper() and " ".join(parts) == " ".join(parts).upper() and not first \
                and not text[:1].islower():
            break  # a subject in capitals (a Giấy phép, a Luật) and the body's first sentence (a
            # line in lower case goes on: "KẾT LUẬN HỘI NGHỊ LẦN THỨ BA …" / "về bảo vệ môi trường")
        if parts and P.AUTHORITY_LINE.match(folded.upper()) and next_is_basis(lines, i):
            break  # "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "CHỦ TỊCH NƯỚC …" over the Căn cứ lines
        if P.DATE_PHRASE.search(folded) and P.PLACE.search(folded[: P.DATE_PHRASE.search(folded).start()]):
            i += 1
            continue  # the date line, in a header whose cells came out in another order
        parts.append(text)
        i += 1
    subject = squash_spaces(" ".join(parts)).rstrip(" .") if parts else None
    return subject or None, i


def next_is_basis(lines: Lines, i: int) -> bool:
    """Whether the lines after i (a second authority line, say) open the Căn cứ."""
    for j in range(i + 1, min(i + 4, len(lines))):
        if lines.text[j]:
            if P.BASIS.match(lines.folded[j]):
                return True
            if not (P.TITLE_LINE.match(lines.folded[j]) or P.SESSION_LINE.match(lines.folded[j])):
                return False
    return False



# A Công báo title of old repeats the document's own number and date, and its issuer, before what
# it is about: "SỐ 15-BTC/TT NGÀY 16-3-1991 CỦA BỘ TÀI CHÍNH QUY ĐỊNH …", "CỦA BỘ TÀI CHÍNH SỐ
# 121/2004/TT-BTC NGÀY 16 THÁNG 12 NĂM 2004 HƯỚNG DẪN …". (folded, upper case)
_OWN_DATE = r"NGAY\s+\d{1,2}(?:\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}|\s+THANG\s+\d{1,2}\s*,?\s+NAM\s+\d{4})\s+"


def without_own_number(h: Header) -> None:
    """The trích yếu without the document's own number, date and issuer that an old title
    repeats before it (only when the number is the header's own)."""
    if not (h.subject and h.code):
        return
    folded = fold(h.subject).upper()
    if not folded.startswith(("SO", "CUA")):
        return
    code = r"\s*".join(re.escape(c) for c in fold(h.code).upper().replace(" ", ""))
    by = rf"CUA\s+{re.escape(fold(h.issuer).upper())}\s+" if h.issuer else r"(?!)"
    m = re.match(rf"(?:CUA\s+[^\d]{{3,80}}?\s+)?SO\s*:?\s*{code}\s+{_OWN_DATE}(?:{by})?", folded)
    if m and len(folded) - m.end() >= 10:
        h.subject = h.subject[m.end():]
