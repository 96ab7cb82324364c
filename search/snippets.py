"""A piece of the document's own text around the matched words, with their offsets,
for the terminal (colour) and for JSON (character offsets into the snippet)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.base.vntext import fold

WIDTH = 220


@dataclass
class Snippet:
    text: str
    highlights: list[tuple[int, int]]  # (start, end) in text


def _matches(text: str, phrases: list[list[str]]) -> list[tuple[int, int]]:
    """Where the phrases stand in the text, found on its folded lower-case twin (same offsets)."""
    folded = fold(text).lower()
    found = []
    for phrase in phrases:
        pattern = r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in phrase) + r"(?![^\W_])"
        found += [(m.start(), m.end()) for m in re.finditer(pattern, folded)]
    return sorted(found)


def make_snippet(text: str, phrases: list[list[str]], width: int = WIDTH) -> Snippet:
    """The window of `width` characters holding the most matches of the (folded) words
    and phrases, cut at word boundaries."""
    matches = _matches(text, phrases)
    if not matches:
        end = min(len(text), width)
        return Snippet(" ".join(text[:end].split()), [])
    best_start, best_count = matches[0][0], 0
    ends = [e for _, e in matches]
    for i, (start, _) in enumerate(matches[:200]):
        count = sum(1 for e in ends[i:] if e <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    lo = max(0, best_start - 40)
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi = min(len(text), lo + width)
    if hi < len(text) and (cut := text.rfind(" ", lo, hi)) > lo:
        hi = cut
    piece = text[lo:hi]
    # collapse whitespace, carrying the offsets along
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
    highlights = []
    for s, e in matches:
        if lo <= s and e <= hi and (s - lo) in position and (e - 1 - lo) in position:
            highlights.append((position[s - lo], position[e - 1 - lo] + 1))
    return Snippet("".join(out), highlights)
