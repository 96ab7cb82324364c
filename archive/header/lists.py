"""The addressees of Kính gửi and the Nơi nhận list (ô 9a)."""

from __future__ import annotations

import re

from archive import patterns as P
from archive.header.lines import Header, Lines


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

