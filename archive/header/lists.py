"""The addressees of Kính gửi and the Nơi nhận list (ô 9a)."""

from __future__ import annotations

import re

from archive import patterns as P
from archive.header.lines import Header, Lines

# An item of Nơi nhận: "- ", "+ ", or the dash as OCR reads it ("~ ", ". — -") in a scan.
LIST_ITEM = re.compile(r"^(?:[-–+]|[.\s]*[—~]\s*-?)\s*")


# A Công điện names its addressees after "… điện:" (the sender's title and the verb), as a
# letter after "Kính gửi:". (folded)
WIRED_TO = re.compile(r"^[A-Z][A-Z ,]{5,}\s+dien\s*:")
# A Giấy mời names whom it invites after "… trân trọng kính mời:" (or "Kính mời:"), as a letter
# after "Kính gửi:". (folded)
INVITED = re.compile(r"\b(?:tran\s+trong\s+)?kinh\s+moi\s*:", re.IGNORECASE)
# Items run together on the label's line: "Kính gửi: - Sở Tài chính; - Sở Xây dựng."
_ITEMS_IN_A_LINE = re.compile(r"\s*;\s*[-–+]\s+")


def find_lists(lines: Lines, h: Header) -> int | None:
    """Kính gửi addressees and the Nơi nhận list; returns the line after Nơi nhận's list."""
    for i, folded in enumerate(lines.folded):
        m = P.KINH_GUI.match(folded) or WIRED_TO.match(folded) or _invited(folded)
        if m:
            rest = lines.text[i][m.end():].strip()
            item = LIST_ITEM.match(rest)
            if not rest or item:  # a list, its first item on the label's line or under it
                first = [part.rstrip(" ;.,") for part in _ITEMS_IN_A_LINE.split(rest[item.end():])] if rest else []
                h.recipients = first + _dash_list(lines, i + 1)[0]
            else:
                h.recipients = [rest.rstrip(";.")]
            break
    # Forms annexed to the document open with their own Quốc hiệu and may have their own
    # Nơi nhận: the document's is the last one before the first of them, when there is one.
    quoc_hieu = [i for i, folded in enumerate(lines.folded)
                 if (m := P.QUOC_HIEU.search(folded)) and lines.text[i][m.start(): m.end()].isupper()]
    ends = ([quoc_hieu[1]] if len(quoc_hieu) > 1 else []) + [len(lines)]
    for label, last in ((label, last) for last in ends for label in (P.NOI_NHAN, P.DAMAGED_NOI_NHAN)):
        for i in range(last - 1, -1, -1):
            m = label.match(lines.folded[i])
            if m and (label is P.NOI_NHAN or _list_follows(lines, i)):
                h.cc, end = _dash_list(lines, i + 1)
                beside = lines.text[i][m.end():].strip(" ,.;:=_|\\/")
                if beside:  # two columns flattened: the signature block's first line
                    h.beside_noi_nhan = beside
                return end
    return None


def _invited(folded: str) -> re.Match | None:
    """ "Kính mời:" opening a line, or "… trân trọng kính mời:" ending one."""
    if not folded.rstrip().endswith(":") and folded[:4].lower() != "kinh":
        return None  # (asked of every line until Kính gửi: a search only where one may be)
    m = INVITED.search(folded)
    return m if m and (m.start() == 0 or not folded[m.end():].strip()) else None


def _list_follows(lines: Lines, i: int) -> bool:
    """A label OCR damaged ("M. nhận:") is Nơi nhận only over a list of "- " items."""
    following = [t for t in lines.text[i + 1: i + 4] if t]
    return len(following) >= 2 and all(LIST_ITEM.match(t) for t in following[:2])


def _dash_list(lines: Lines, start: int) -> tuple[list[str], int]:
    """The items from `start`: each opens with a list mark; a line in lower case after an item
    that did not end with ";" or "." is that item's text wrapped ("- Chủ các công trình phải tổ
    chức quan trắc khí tượng" / "thuỷ văn chuyên dùng …;")."""
    items, i, open_item = [], start, False
    while i < len(lines):
        text = lines.text[i]
        if not text or (items and not re.search(r"[^\W\d_]{2,}", text)):
            i += 1  # a blank, or OCR debris of a seal between two items
            continue
        item = LIST_ITEM.match(text)
        if not item:
            if open_item and text[:1].islower():
                items[-1] = f"{items[-1]} {text.rstrip(' ;.,')}"
                open_item = not text.rstrip().endswith((";", "."))
                i += 1
                continue
            break
        items.append(text[item.end():].rstrip(" ;.,"))
        closes = lines.folded[i][item.end():].lstrip().lower().startswith("luu")
        i += 1
        if closes:
            break  # "- Lưu: VT, …" closes Nơi nhận (ô 9b)
        open_item = not text.rstrip().endswith((";", ".", ":"))
    return items, i

