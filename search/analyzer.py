"""Words as the index cuts them: Unicode letters and digits, lower case, the tone of an
open oa/oe/uy on one vowel ("hóa" and "hoá" are one word); each word is indexed as
written and folded (diacritics stripped, đ→d), so "cai cach" finds "cải cách" while a
query with diacritics ranks exact matches first. Both engines and the query side use
these same rules; ANALYZER_VERSION names them, and an index made by other rules is
rebuilt."""

from __future__ import annotations

import re

from docgen.base.vntext import canonical_tones, fold, nfc

ANALYZER_VERSION = 5  # 2: one tone placement in oa, oe, uy; 3: texts kept for snippets; 4: word pairs; 5: heads only
WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-case words as written (NFC), the tone of an open oa/oe/uy on its second vowel."""
    return [canonical_tones(w.lower()) for w in WORD.findall(nfc(text))]


def folded_words(text: str) -> list[str]:
    return [fold(w) for w in words(text)]


def word_pairs(folded: str) -> str:
    """Each two neighbouring words of a folded lower-case text joined by "_" ("cai_cach
    cach_hanh hanh_chinh"): a phrase is found as the pairs of its words, one term each, which
    an index answers as fast as single words; checking word positions in every long document
    that holds all the words made a common phrase ten times slower."""
    found = WORD.findall(folded)
    return " ".join(map("_".join, zip(found, found[1:])))
