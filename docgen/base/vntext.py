"""Vietnamese text helpers: normalise, fold, and read dates written the Vietnamese way.

Everything in docgen keeps text in Unicode NFC. Matching and search use the
*folded* form: diacritics stripped and đ/Đ mapped to d/D, because plain NFD
decomposition leaves đ alone and OCR often loses the marks entirely.

This module depends on nothing else in the project.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata

__all__ = [
    "nfc",
    "fold",
    "fold_key",
    "squash_spaces",
    "edit_distance",
    "parse_date",
    "find_dates",
    "DateMatch",
]

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


# Every precomposed Latin letter with marks (U+00C0–U+024F, U+1E00–U+1EFF) to its base
# letter, so that folding is one str.translate: archives of 100,000 documents fold fast.
_FOLD_TABLE = {cp: _fold_slow(chr(cp)) for cp in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
               if len(_fold_slow(chr(cp))) == 1 and _fold_slow(chr(cp)) != chr(cp)}
_FOLD_TABLE.update({ord("đ"): "d", ord("Đ"): "D"})
# The same as a tuple indexed by code point (a letter past its end raises IndexError, which
# str.translate reads as "keep it"): indexing a tuple is about four times faster than hashing
# into a dict, and the parser folds a hundred short lines a document.
_FOLD_TUPLE = tuple(_FOLD_TABLE.get(cp, chr(cp)) for cp in range(0x1F00))
_MARKS = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Strip diacritics and map đ/Đ to d/D; case and spacing are kept. One character
    stays one character for NFC text, so offsets carry over."""
    return _fold_kept(text) if len(text) > _LONG else _fold(text)


def _fold(text: str) -> str:
    folded = text.translate(_FOLD_TUPLE)
    return _fold_slow(folded) if _MARKS.search(folded) else folded


# A whole document is folded by each step of the parser (header, citations, deadlines, entry
# into force): once is enough, so the last few long texts are kept with their folds.
_LONG = 4096
_fold_kept = functools.lru_cache(maxsize=4)(_fold)


# Cyrillic letters drawn like Latin ones, as they slip into a ký hiệu typed on a Russian
# keyboard layout ("TT-BTС" with U+0421). One character for one, so offsets hold.
_LOOKALIKES = str.maketrans("АВЕКМНОРСТХаеорсху", "ABEKMHOPCTXaeopcxy")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_CYRILLIC_LETTER = re.compile("[А-я]")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-") | frozenset(
    chr(c) for c in range(ord("А"), ord("я") + 1))


def latinise_lookalikes(text: str) -> str:
    """Cyrillic look-alike letters in a word otherwise written in Latin letters or digits,
    made Latin; a word wholly in Cyrillic is left as it is. A word here is a run of Latin
    and Cyrillic letters, digits, "/" and "-" ("TT-BTС"), found from each Cyrillic letter
    outwards: a regex that tries every position of a long text took milliseconds."""
    if not _CYRILLIC.search(text):
        return text
    parts, done = [], 0
    for m in _CYRILLIC_LETTER.finditer(text):
        if m.start() < done:
            continue
        lo, hi = m.start(), m.end()
        while lo > done and text[lo - 1] in _WORD_CHARS:
            lo -= 1
        while hi < len(text) and text[hi] in _WORD_CHARS:
            hi += 1
        word = text[lo:hi]
        parts += [text[done:lo], word.translate(_LOOKALIKES) if re.search(r"[A-Za-z0-9]", word) else word]
        done = hi
    return "".join(parts) + text[done:]


# Two accepted placements of one tone in an open oa, oe, uy: "hóa"/"hoá", "khỏe"/"khoẻ",
# "thủy"/"thuỷ", "Ủy"/"Uỷ". Decomposed, the mark follows its vowel: o + mark + a at the end of a
# syllable has the mark moved onto the a, so both spellings are one word to search.
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
_OPEN_PAIR = re.compile(r"([oOuU])([" + _TONE_MARKS + r"])([aAeEyY])(?![^\W\d_])")


def canonical_tones(text: str) -> str:
    """The tone of an open oa, oe, uy on its second vowel ("hóa" → "hoá", "thủy" → "thuỷ");
    other syllables, whose placement is fixed, are left as written."""
    decomposed = unicodedata.normalize("NFD", text)
    if not _OPEN_PAIR.search(decomposed):
        return text
    return unicodedata.normalize("NFC", _OPEN_PAIR.sub(r"\1\3\2", decomposed))


def squash_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def edit_distance(a: str, b: str) -> int:
    """Letters added, dropped or changed to make a into b (Levenshtein): how far OCR's reading
    of a word is from the word."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def fold_key(text: str) -> str:
    """A comparison key: folded, case-folded, single-spaced."""
    return squash_spaces(fold(nfc(text)).casefold())


# "ngày 08 tháng 02 năm 2023", also written without diacritics by OCR
# ("ngay 20 thdng 4 ndm 2022"): the words are matched loosely on folded text.
_WORDY_DATE = re.compile(
    r"ng\w{0,2}y\s*(?P<d>\d{1,2})\s+th\w{1,3}g\s*(?P<m>\d{1,2})\s+n\w{1,2}m\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
# "08/02/2023", "13/8/2021", "29-02-2024", "05.01.2024"
_NUMERIC_DATE = re.compile(r"(?<![\d/])(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})(?!\d)")


class DateMatch:
    """A date found in text, with where it was written."""

    __slots__ = ("date", "start", "end", "text")

    def __init__(self, date: _dt.date, start: int, end: int, text: str):
        self.date, self.start, self.end, self.text = date, start, end, text

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"DateMatch({self.date.isoformat()}, {self.start}, {self.end}, {self.text!r})"


def _make_date(y: str, m: str, d: str) -> _dt.date | None:
    try:
        return _dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every date written in words or digits, in order of appearance.

    Offsets refer to ``text`` itself: folding keeps one character per
    precomposed character, so positions found on the folded copy are valid.
    """
    folded = fold(text)
    found: list[DateMatch] = []
    for pattern in (_WORDY_DATE, _NUMERIC_DATE):
        for m in pattern.finditer(folded):
            date = _make_date(m["y"], m["m"], m["d"])
            if date is not None:
                found.append(DateMatch(date, m.start(), m.end(), text[m.start() : m.end()]))
    found.sort(key=lambda dm: dm.start)
    # A numeric date inside a wordy one cannot happen; overlapping matches are dropped.
    result: list[DateMatch] = []
    for dm in found:
        if result and dm.start < result[-1].end:
            continue
        result.append(dm)
    return result


def typed_date(text: str) -> _dt.date:
    """A date as a clerk types it: 08/02/2023 (as pages show dates), 8/2/2023 or 2023-02-08.
    Raises ValueError for anything else."""
    text = text.strip()
    if "/" in text:
        day, month, year = text.split("/")
        return _dt.date(int(year), int(month), int(day))
    return _dt.date.fromisoformat(text)


def parse_date(text: str) -> _dt.date | None:
    """The first date written in ``text``, or None."""
    dates = find_dates(text)
    return dates[0].date if dates else None
