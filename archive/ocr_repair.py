"""Repair words that OCR damaged ("diy manh trién khai" → "day manh trien khai").

A noisy-channel corrector over folded syllables: candidates within two edits
come from SymSpell (symspellpy), and the one that forms a dictionary word
with its neighbours wins ("nhiem vy" → "nhiem vu"), then the closest, then the
commonest. The dictionary is pyvi's Vietnamese word list (MIT; data/vi-words.txt).

The result is folded (no diacritics): OCR that lost the marks cannot be
trusted to say which ones, and matching and search work on folded text.
Only text that is visibly damaged is touched (see `damage`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docgen.base.vntext import fold, nfc

WORDS_FILE = Path(__file__).parent / "data" / "vi-words.txt"
# Terms of administrative and technical documents that pyvi's list lacks, one a line.
EXTRA_WORDS_FILE = Path(__file__).parent / "data" / "vi-words-extra.txt"


def _word_lines() -> list[str]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return lines + [l for l in EXTRA_WORDS_FILE.read_text(encoding="utf-8").splitlines()
                    if l.strip() and not l.startswith("#")]
TOKEN = re.compile(r"[^\W_]*[^\W\d_][^\W_]*")  # words, with the digits OCR puts in them ("s6")
# Characters OCR puts for Vietnamese letters: "s6" for "số", "§6" for "số".
OCR_LOOKALIKES = str.maketrans({"6": "o", "0": "o", "§": "s", "1": "l"})
MAX_EDITS = 2
DAMAGED = 0.2


# Letters OCR reads for others once the marks are gone: "ụ" read as "y" (nhiem vy),
# "ẩ" as "i" (diy manh), "ộ" as "d" (bd chi so), "á" as "é" (céc), "ư" as "ir" (Dirc).
CONFUSIONS = {("y", "u"), ("i", "a"), ("d", "o"), ("e", "a"), ("i", "u"), ("ir", "u"), ("tr", "u")}
CHEAP = 0.5


@lru_cache(maxsize=65536)  # the same damaged word meets the same candidates in every text it is in
def ocr_distance(word: str, candidate: str) -> float:
    """Edit distance in which the confusions above cost half an edit. (Written for speed: a
    damaged page asks it of thousands of candidates.)"""
    width = len(candidate)
    two_back: list[float] = []
    previous = [float(j) for j in range(width + 1)]
    for i in range(1, len(word) + 1):
        letter, pair = word[i - 1], word[i - 2: i] if i >= 2 else ""
        row = [float(i)]
        left = float(i)
        for j in range(1, width + 1):
            target = candidate[j - 1]
            cost = 0.0 if letter == target else (CHEAP if (letter, target) in CONFUSIONS else 1.0)
            best = previous[j] + 1
            if left + 1 < best:
                best = left + 1
            if previous[j - 1] + cost < best:
                best = previous[j - 1] + cost
            if pair and (pair, target) in CONFUSIONS and two_back[j - 1] + CHEAP < best:
                best = two_back[j - 1] + CHEAP
            row.append(best)
            left = best
        two_back, previous = previous, row
    return previous[-1]


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@lru_cache(maxsize=65536)  # a text's words are a few thousand syllables, most of them repeated
def tone_key(syllable: str) -> str:
    """The syllable with its tone mark moved to the end, so that old and new
    tone placement ("uỷ" / "ủy", "hoà" / "hòa") compare equal."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = "".join(c for c in decomposed if c in TONES)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES)) + tones


@dataclass
class Lexicon:
    marked: set[str]  # syllables as written, lower case: "triển"
    counts: dict[str, int]  # folded syllable → how many words it occurs in
    pairs: set[tuple[str, str]]  # folded syllable pairs that make a word: ("day", "manh")
    speller: object  # symspellpy.SymSpell over folded syllables


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    from symspellpy import SymSpell

    marked: set[str] = set()
    counts: dict[str, int] = {}
    pairs: set[tuple[str, str]] = set()
    for line in _word_lines():
        syllables = nfc(line.strip().lower()).split()
        folded = [fold(s) for s in syllables]
        marked.update(tone_key(s) for s in syllables)
        for f in folded:
            counts[f] = counts.get(f, 0) + 1
        pairs.update(zip(folded, folded[1:]))
    speller = SymSpell(max_dictionary_edit_distance=MAX_EDITS, prefix_length=7)
    for syllable, count in counts.items():
        speller.create_dictionary_entry(syllable, count)
    return Lexicon(marked, counts, pairs, speller)


def damage(text: str) -> float:
    """Share of words that are not Vietnamese syllables as written (0 for clean text)."""
    verdicts = [v for v in map(_unknown, TOKEN.findall(nfc(text))) if v is not None]
    return sum(verdicts) / len(verdicts) if verdicts else 0.0


@lru_cache(maxsize=65536)  # every document's header is read: its words are mostly the same few
def _unknown(word: str) -> bool | None:
    """Whether a word is not a syllable as written; None for an acronym, which is not counted."""
    if word.isupper() and len(word) > 1 and not _vowel(word):
        return None
    return tone_key(word.lower()) not in lexicon().marked


def _vowel(word: str) -> bool:
    return bool(re.search(r"[aeiouy]", fold(word).lower()))


@lru_cache(maxsize=16384)  # a damaged text repeats its words, and each is asked again as a neighbour
def _candidates(word: str) -> tuple[tuple[str, int], ...]:
    from symspellpy import Verbosity

    found = lexicon().speller.lookup(word, Verbosity.ALL, max_edit_distance=MAX_EDITS)
    return tuple((s.term, s.distance) for s in found) or ((word, 0),)


def _choose(word: str, previous: str | None, following: str | None) -> str:
    """The folded syllable for one word, given its free neighbours (None: no context)."""
    lex = lexicon()

    def joins(candidate: str) -> int:
        return ((previous, candidate) in lex.pairs) + ((candidate, following) in lex.pairs)

    if word in lex.counts:
        # A real syllable stays, unless one OCR confusion away lies one that makes
        # a word with a neighbour where it makes none ("nhiem vy" → "nhiem vu").
        if joins(word):
            return word
        better = [c for c, _ in _candidates(word) if ocr_distance(word, c) <= CHEAP and joins(c)]
        return max(better, key=lambda c: (joins(c), lex.counts.get(c, 0))) if better else word

    def score(candidate: str) -> float:
        return (-2.0 * ocr_distance(word, candidate) + 3.0 * joins(candidate)
                + math.log(lex.counts.get(candidate, 1)) / 10)

    return max((c for c, _ in _candidates(word)), key=score)


def repair(text: str, context: bool = True) -> str:
    """The text with each damaged word replaced by its likeliest folded syllable.

    With context, a candidate that makes a word with a neighbour is preferred;
    a neighbour already bound into a word on its other side is not free.
    Names (context=False) have no such help: "Dirc" is the nearest, "Duc".
    """
    text = nfc(text)
    tokens = list(TOKEN.finditer(text))
    folded = [fold(t.group()).lower().translate(OCR_LOOKALIKES) for t in tokens]
    lex = lexicon()
    keep = [(t.group().isupper() and len(t.group()) > 1 and not _vowel(t.group())) or len(t.group()) == 1
            for t in tokens]  # abbreviations (UBND, NV) and single letters (V/v) stay
    # Words that are syllables already settle first; damaged ones are chosen between them.
    settled = [f if (k or f in lex.counts) else None for f, k in zip(folded, keep)]
    adjacent = [not text[a.end(): b.start()].strip() for a, b in zip(tokens, tokens[1:])] + [False]

    def touching(a: int, b: int) -> bool:
        return 0 <= min(a, b) and max(a, b) < len(tokens) and adjacent[min(a, b)]

    def neighbour(i: int, j: int) -> str | None:
        """Word j's form, if it is free to make a word with word i (j = i ± 1)."""
        if not context or not touching(i, j):
            return None
        form = settled[j] or _candidates(folded[j])[0][0]
        k = j + (j - i)  # the word beyond j
        if touching(j, k) and settled[k]:
            pair = (settled[k], form) if k < j else (form, settled[k])
            if pair in lex.pairs:
                return None  # already bound into a word on its other side
        return form

    for i in range(len(tokens)):
        if not keep[i]:
            settled[i] = _choose(folded[i], neighbour(i, i - 1), neighbour(i, i + 1))
    out, pos = [], 0
    for token, fixed, k in zip(tokens, settled, keep):
        word = token.group()
        out.append(text[pos: token.start()])
        if k:
            fixed = word
        elif word.isupper() and len(word) > 1:
            fixed = fixed.upper()
        elif word[:1].isupper():
            fixed = fixed[:1].upper() + fixed[1:]
        out.append(fixed)
        pos = token.end()
    out.append(text[pos:])
    return "".join(out)


def repair_if_damaged(text: str | None, context: bool = True) -> tuple[str | None, bool]:
    if not text or damage(text) < DAMAGED:
        return text, False
    return repair(text, context), True


# --- marks that OCR misread -----------------------------------------------------

@dataclass
class MarkIndex:
    variants: dict[str, list[str]]  # folded syllable → its written forms, commonest first
    pairs: set[tuple[str, str]]  # pairs of tone keys that make a word


@lru_cache(maxsize=1)
def mark_index() -> MarkIndex:
    counts: dict[str, int] = {}
    written: dict[str, str] = {}
    pairs: set[tuple[str, str]] = set()
    for line in _word_lines():
        syllables = nfc(line.strip().lower()).split()
        keys = [tone_key(s) for s in syllables]
        for s, k in zip(syllables, keys):
            counts[k] = counts.get(k, 0) + 1
            written.setdefault(k, s)
        pairs.update(zip(keys, keys[1:]))
    variants: dict[str, list[str]] = {}
    for key in sorted(counts, key=counts.get, reverse=True):
        variants.setdefault(fold(written[key]), []).append(written[key])
    return MarkIndex(variants, pairs)


HOOK, TILDE, GRAVE, ACUTE = "\u0309", "\u0303", "\u0300", "\u0301"
ABOVE = {HOOK, TILDE, GRAVE, ACUTE}  # small tone marks above a letter, which OCR mixes up


def _marks(word: str) -> set[tuple[int, str]]:
    """(letter position, combining mark) pairs of a word."""
    marks, position = set(), -1
    for c in unicodedata.normalize("NFD", word):
        if unicodedata.category(c) == "Mn":
            marks.add((position, c))
        else:
            position += 1
    return marks


def _misreads(read: str, meant: str) -> bool:
    """Could OCR have read `meant` as `read`? It drops marks (đồng → đông, chấp → cháp)
    and mixes up the small tone marks above a letter (nổ → nỗ, trưởng → trường);
    it does not invent a dot below or a vowel's quality mark."""
    have = _marks(meant)
    for position, mark in _marks(read):
        if (position, mark) in have:
            continue
        if mark in ABOVE and any((position, other) in have for other in ABOVE):
            continue
        return False
    return True


def _marks_changed(a: str, b: str) -> int:
    da, db = unicodedata.normalize("NFD", a), unicodedata.normalize("NFD", b)
    return sum(x != y for x, y in zip(da, db)) + abs(len(da) - len(db))


def restore_marks(text: str) -> str:
    """Put right the marks OCR misread, where the dictionary says so: a syllable
    that makes no word with its neighbours is replaced by a form with the same
    letters that does ("đông thời" → "đồng thời", "thâm định" → "thẩm định")."""
    index = mark_index()
    out_lines = []
    for line in nfc(text).split("\n"):
        tokens = list(re.finditer(r"[^\W\d_]+", line))
        words = [t.group().lower() for t in tokens]
        adjacent = [line[a.end(): b.start()] == " " for a, b in zip(tokens, tokens[1:])] + [False]
        for i, word in enumerate(words):
            prev = tone_key(words[i - 1]) if i and adjacent[i - 1] else None
            nxt = tone_key(words[i + 1]) if i + 1 < len(words) and adjacent[i] else None
            key = tone_key(word)
            if fold(word) == "so" and re.match(r"\s*:?\s*\d", line[tokens[i].end():]):
                words[i] = "số"  # "số" before a number, as in every citation ("Công văn số 01/…")
                continue
            if (prev, key) in index.pairs or (key, nxt) in index.pairs:
                continue
            options = [v for v in index.variants.get(fold(word), [])
                       if ((prev, tone_key(v)) in index.pairs or (tone_key(v), nxt) in index.pairs)
                       and _misreads(word, v)]
            if options:
                words[i] = min(options, key=lambda v: _marks_changed(v, word))
        pieces, pos = [], 0
        for token, word in zip(tokens, words):
            original = token.group()
            pieces.append(line[pos: token.start()])
            if word != original.lower():
                original = word.upper() if original.isupper() and len(original) > 1 else (
                    word[:1].upper() + word[1:] if original[:1].isupper() else word)
            pieces.append(original)
            pos = token.end()
        pieces.append(line[pos:])
        out_lines.append("".join(pieces))
    return "\n".join(out_lines)
