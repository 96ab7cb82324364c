"""A piece of the document's own text around the matched words, with their offsets,
for the terminal (colour) and for JSON (character offsets into the snippet).

The words are found on the text's folded lower-case twin (same offsets). The tantivy engine
keeps that twin in its index beside the text, so a snippet costs one pass of one regex over
the text (over its first SCAN characters when they hold every word asked): real laws run past
100,000 characters, and folding them again for each hit of each query made search slow."""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass

from docgen.base.vntext import fold

WIDTH = 220
LEAD = 40  # characters shown before the first match
SCAN = 50_000  # past this, the first window holding every word asked will do


@dataclass
class Snippet:
    text: str
    highlights: list[tuple[int, int]]  # (start, end) in text


def folded_twin(text: str) -> str:
    """The text folded (no marks, đ→d) and lower-cased, character for character."""
    twin = fold(text).lower()
    if len(twin) == len(text):
        return twin
    return "".join((fold(ch).lower() or " ")[0] for ch in text)  # a mark standing alone, "İ": one for one


def _pattern(phrases: list[list[str]]) -> re.Pattern:
    """One regex for every word and phrase asked; the group that matched says which."""
    parts = []
    for n, phrase in enumerate(phrases):
        parts.append(f"(?P<p{n}>" + r"[\W_]+".join(re.escape(w) for w in phrase) + ")")
    return re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + r")(?![^\W_])")


def make_snippet(text: str, phrases: list[list[str]], width: int = WIDTH, folded: str | None = None) -> Snippet:
    """The window of `width` characters that holds the most of the words and phrases asked,
    then the most matches (the densest passage, not the title the result already shows),
    cut at word boundaries. folded: the text's folded_twin when it is at hand."""
    if folded is None or len(folded) != len(text):
        folded = folded_twin(text)
    phrases = [p for p in phrases if p]
    if not phrases:
        return collapsed(text[:_word_end(text, 0, width)], [])
    window: deque[tuple[int, int, int]] = deque()  # the matches from the window's first
    inside: Counter[int] = Counter()
    best, start = (0, 0), 0
    pattern = _pattern(phrases)
    for m in pattern.finditer(folded):
        match = (m.start(), m.end(), int(m.lastgroup[1:]))
        window.append(match)
        inside[match[2]] += 1
        while match[1] > window[0][0] + width - LEAD:
            first = window.popleft()
            inside[first[2]] -= 1
            if not inside[first[2]]:
                del inside[first[2]]
        if (found := (len(inside), len(window))) > best:
            best, start = found, window[0][0]
        if match[0] > SCAN and best[0] == len(phrases):
            break  # far enough into a long text, and a window with every word asked found
    if not best[0]:
        return collapsed(text[:_word_end(text, 0, width)], [])
    lo = max(0, start - LEAD)
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi = _word_end(text, lo, width)
    marked = [(m.start() - lo, m.end() - lo) for m in pattern.finditer(folded, lo, hi)]
    return collapsed(text[lo:hi], marked)


def _word_end(text: str, lo: int, width: int) -> int:
    """Where a piece starting at lo ends: `width` characters on, at the last space before."""
    hi = min(len(text), lo + width)
    if hi < len(text) and (cut := text.rfind(" ", lo, hi)) > lo:
        hi = cut
    return hi


def collapsed(piece: str, highlights: list[tuple[int, int]]) -> Snippet:
    """A piece of text on one line (trimmed, runs of white space one space), its highlights
    (start, end in the piece) carried along."""
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    out, mapping = [], []
    previous_space = False
    for i, ch in enumerate(piece):
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        mapping.append(i)
        out.append(ch)
    position = {original: new for new, original in enumerate(mapping)}
    kept = []
    for start, end in highlights:
        start, end = start - lead, end - lead
        if start in position and (end - 1) in position:
            kept.append((position[start], position[end - 1] + 1))
    return Snippet("".join(out), kept)
