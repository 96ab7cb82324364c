"""Fields of a text that OCR damaged as a whole, repaired (folded) by archive.ocr_repair."""

from __future__ import annotations

import re

from archive.header.lines import Header
from archive.ocr_repair import damage, repair_if_damaged

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

