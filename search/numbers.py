"""A number as people type it: "406/KH-UBND", "406/kh-ubnd", "406 KH UBND", "số 406/KH",
"QD" for "QĐ", "công văn 303 năm ngoái", with or without the year."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from docgen.base import decree
from docgen.base.vntext import fold, nfc

TYPE_WORDS = sorted({fold(t.name).lower() for t in decree.DOC_TYPES + decree.LEGAL_TYPES}, key=len, reverse=True)
NUMBER = re.compile(
    r"^(?:(?P<type>" + "|".join(re.escape(t) for t in TYPE_WORDS) + r")\s+)?(?:so\s*:?\s*)?"
    r"(?P<num>\d{1,6})"
    r"(?:\s*(?:/|-|\s)\s*(?P<year1>(?:19|20)\d{2})(?=\s*[/-]|\s+[a-z]))?"  # a law's year, before its ký hiệu
    r"(?P<symbol>(?:\s*[/\s-]\s*(?!nam\b)[a-z][a-z0-9&.]*)*)"
    r"(?:\s*(?:/|nam|,)?\s*(?P<year>(?:19|20)\d{2})|\s+(?P<relative>nam\s+(?:nay|ngoai|truoc)))?\s*$"
)


@dataclass
class NumberQuery:
    number: int
    parts: list[str]  # symbol parts, folded lower: ["kh", "ubnd"]
    year: int | None
    type: str | None  # folded type word typed before the number ("cong van")

    def matches(self, code: str) -> bool:
        """Does a code have this number and these symbol parts, in order, each a prefix?"""
        key = decree.code_key(code)
        if decree.code_number(key) != self.number:
            return False
        code_parts = [p for p in re.split(r"[/\-\s]+", key)[1:] if not re.fullmatch(r"(?:19|20)\d{2}", p)]
        position = 0
        for part in self.parts:
            while position < len(code_parts) and not code_parts[position].startswith(part):
                position += 1
            if position == len(code_parts):
                return False
            position += 1
        return True

    def type_matches(self, type_name: str | None) -> bool:
        return self.type is None or (type_name is not None and fold(type_name).lower() == self.type)


def _has_marks(text: str) -> bool:
    """A ký hiệu is made of initials: it carries no tone or vowel mark (Đ is a letter of its own)."""
    return fold(text.replace("đ", "d")) != text.replace("đ", "d")


def parse_number(text: str, today: _dt.date | None = None) -> NumberQuery | None:
    """The number query the text is, or None when it is words to search."""
    written = nfc(text).lower().strip()
    folded = fold(written)
    m = NUMBER.match(folded)
    if not m:
        return None
    if len(folded) == len(written) and _has_marks(written[m.start("symbol"):m.end("symbol")]):
        return None  # "đề án 08 phát triển …": words after a number, not the parts of a ký hiệu
    parts = [p for p in re.split(r"[/\s-]+", m["symbol"]) if p]
    if not parts and not m["type"] and (m["year"] or m["relative"]):
        return None  # "303 2023" is too little to be sure
    year = int(m["year"] or m["year1"]) if (m["year"] or m["year1"]) else None
    if m["relative"]:
        today = today or _dt.date.today()
        year = today.year if m["relative"].endswith("nay") else today.year - 1
    return NumberQuery(int(m["num"]), parts, year, m["type"])
