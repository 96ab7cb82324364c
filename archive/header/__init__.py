"""Text → the header fields of a document: số/ký hiệu, type, issuer, place, date,
subject, Kính gửi, Nơi nhận and signer.

Matching runs on folded text (see archive.patterns) so that OCR output that
lost its marks is read too, while every value is cut from the document's own
text. What the document does not state stays None, with a warning saying why;
the date is never taken from a line that cites another document.

One module a step, in the order parse_header runs them (Phụ lục I of Nghị định 30
lays the header out in that order): the số line and the place-and-date line
(number_date), the issuer block above them (issuer), the tên loại and trích yếu
(title), the lists of Kính gửi and Nơi nhận (lists), the signature block (signer),
and the repair of fields OCR damaged (repair). lines holds what they share: the
cleaned lines with their folded twins, casing, and the fields found so far.
"""

from __future__ import annotations

from archive import patterns as P
from archive.header.issuer import (
    complete_issuer,
    correct_place,
    expand_acronyms,
    find_issuer,
    infer_issuer,
    joint_issuers,
    place_departments,
)
from archive.header.lines import Header, Lines, header_end
from archive.header.lists import find_lists
from archive.header.number_date import (
    attribute_table,
    find_code,
    find_other_date,
    find_place_and_date,
    stamped_number_and_date,
)
from archive.header.repair import repair_fields, repair_surname
from archive.header.signer import (
    find_signer,
    labelled_signer,
    name_after_keep_copy,
    title_from_directive,
)
from archive.header.title import english_title, find_type_and_subject, title_type, without_own_number
from docgen.base import decree
from docgen.base.vntext import fold


def parse_header(text: str) -> Header:
    h = Header()
    lines = Lines(text)
    end = header_end(lines)
    code_at = find_code(lines, end, h)
    date_at = find_place_and_date(lines, end, code_at, h)
    stamped_number_and_date(text, h)
    if code_at:
        anchor, start = code_at[0], code_at[0] + 1
    else:
        # No số line: the issuer stands over the date line, or over the title when the date
        # line comes below it (a Giấy phép dated above its signature).
        title_at = next((i for i in range(end) if title_type(lines.text[i])), None)
        anchor = min((i for i in (date_at, title_at) if i is not None), default=None)
        start = date_at + 1 if date_at is not None and anchor == date_at else (title_at or 0)
    find_issuer(lines, anchor, h)
    body = find_type_and_subject(lines, start, max(end, start + 12), h)
    if h.code and "-" not in h.code and P.lost_hyphens(fold(text[:20_000])):
        h.code = decree.with_lost_hyphen(h.code, h.type)
    if doc_type := decree.type_named_by_code(h.code):
        if h.type is None or doc_type.name == "Văn bản hợp nhất":
            # the ký hiệu names the type; a consolidated text's title is the consolidated law's
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
    without_own_number(h)
    place_departments(lines, h)
    correct_place(h)
    noi_nhan_end = find_lists(lines, h)
    labelled_signer(lines, h)
    if not h.signer_name:
        find_signer(lines, noi_nhan_end, h, body)
    name_after_keep_copy(h)
    title_from_directive(lines, h)
    repair_fields(text, h)
    repair_surname(h)
    return h

