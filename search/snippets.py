"""A piece of the document's own text around the matched words, with their offsets,
for the terminal (colour) and for JSON (character offsets into the snippet). The tantivy
engine cuts its snippets from its index (collapsed() puts them in this form); this module
cuts them from a whole text, for the Whoosh engine."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from docgen.base.vntext import fold

WIDTH = 220
LEAD = 40  # characters shown before the first match


@dataclass
class Snippet:
    text: str
    highlights: list[tuple[int, int]]  # (start, end) in text


def _matches(text: str, phrases: list[list[str]]) -> list[tuple[int, int, int]]:
    """Where the phrases stand in the text (start, end, which phrase), found on its folded
    lower-case twin (same offsets)."""
    folded = fold(text).lower()
    found = []
    for n, phrase in enumerate(phrases):
        pattern = r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in phrase) + r"(?![^\W_])"
        found += [(m.start(), m.end(), n) for m in re.finditer(pattern, folded)]
    return sorted(found)


def make_snippet(text: str, phrases: list[list[str]], width: int = WIDTH) -> Snippet:
    """The window of `width` characters holding the most of the (folded) words and phrases
    asked for, then the most matches, cut at word boundaries."""
    matches = _matches(text, phrases)
    if not matches:
        end = min(len(text), width)
        return Snippet(" ".join(text[:end].split()), [])
    # slide a window over the matches: each match starts one, the next ones join while they end inside
    best_start, best = matches[0][0], (0, 0)
    inside: Counter[int] = Counter()
    last = 0  # matches[i:last] are inside the window starting at matches[i]
    for i, (start, _, _) in enumerate(matches):
        while last < len(matches) and matches[last][1] <= start + width - LEAD:
            inside[matches[last][2]] += 1
            last += 1
        if (found := (len(inside), last - i)) > best:
            best_start, best = start, found
        if last > i:
            inside[matches[i][2]] -= 1
            if not inside[matches[i][2]]:
                del inside[matches[i][2]]
    lo = max(0, best_start - LEAD)
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi = min(len(text), lo + width)
    if hi < len(text) and (cut := text.rfind(" ", lo, hi)) > lo:
        hi = cut
    return collapsed(text[lo:hi], [(s - lo, e - lo) for s, e, _ in matches if lo <= s and e <= hi])


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
