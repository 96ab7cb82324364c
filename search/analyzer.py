"""Words as the index cuts them: Unicode letters and digits, lower case; each word is
indexed as written and folded (diacritics stripped, đ→d), so "cai cach" finds
"cải cách" while a query with diacritics ranks exact matches first. Both engines
and the query side use these same rules."""

from __future__ import annotations

import re

from docgen.vntext import fold, nfc

WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-case words as written (NFC)."""
    return [w.lower() for w in WORD.findall(nfc(text))]


def folded_words(text: str) -> list[str]:
    return [fold(w) for w in words(text)]
