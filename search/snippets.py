"""A piece of the document's own text around the matched words, with their offsets,
for the terminal (colour) and for JSON (character offsets into the snippet).

The words are found on the text's folded lower-case twin (same offsets). The tantivy engine
keeps that twin in its index beside the text, so a snippet costs one regex over the text's
first SCAN characters and a str.find for a word not among them: real laws run past 100,000
characters, and folding (and reading) each hit's whole text for each query made search slow."""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass

from docgen.base.vntext import fold

WIDTH = 220
LEAD = 40  # characters shown before the first match
SCAN = 10_000  # characters the regex reads; further words are found by str.find


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
    cut at word boundaries. folded: the text's folded_twin when it is at hand.

    The regex reads the first SCAN characters; a word not among them is looked for further
    on with str.find (a word asked only on page 80 of a law), and the passage around it read."""
    if folded is None or len(folded) != len(text):
        folded = folded_twin(text)
    phrases = [p for p in phrases if p]
    if not phrases:
        return collapsed(text[:_word_end(text, 0, width)], [])
    pattern = _pattern(phrases)
    best, start = _densest(pattern, folded, 0, SCAN, width)
    if best[0] < len(phrases) and len(folded) > SCAN:
        for at in sorted(p for p in (_first_after(folded, phrase, SCAN) for phrase in phrases) if p is not None):
            found, there = _densest(pattern, folded, max(0, at - width), at + width, width)
            if found > best:
                best, start = found, there
    if not best[0]:
        return collapsed(text[:_word_end(text, 0, width)], [])
    lo = max(0, start - LEAD)
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi = _word_end(text, lo, width)
    marked = [(m.start() - lo, m.end() - lo) for m in pattern.finditer(folded, lo, hi)]
    return collapsed(text[lo:hi], marked)


def _densest(pattern: re.Pattern, folded: str, lo: int, hi: int, width: int) -> tuple[tuple[int, int], int]:
    """((words asked, matches), where it starts) of the densest window between lo and hi:
    a window slid over the matches, each match starting one."""
    window: deque[tuple[int, int, int]] = deque()  # the matches from the window's first
    inside: Counter[int] = Counter()
    best, start = (0, 0), 0
    for m in pattern.finditer(folded, lo, hi):
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
    return best, start


def _first_after(folded: str, phrase: list[str], start: int) -> int | None:
    """Where the phrase first stands at or after start, found by str.find (memchr speed), a
    candidate kept when it is a whole word."""
    whole = _pattern([phrase])
    while (at := folded.find(phrase[0], start)) >= 0:
        if whole.match(folded, at):
            return at
        start = at + 1
    return None


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
