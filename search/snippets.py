"""A piece of the document's own text around the matched words, with their offsets,
for the terminal (colour) and for JSON (character offsets into the snippet).

The words are found on the text's folded lower-case twin (same offsets), each by str.find.
The tantivy engine keeps the head of each text (its first HEAD characters) and the head's twin,
and cuts a hit's snippet from them (snippet_from_head); a text is read and folded whole only when
a word asked is not in its head. Real laws run past 100,000 characters: folding and reading each
hit's whole text for each query made search slow."""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter, deque
from dataclasses import dataclass

from docgen.base.vntext import fold

WIDTH = 220
LEAD = 40  # characters shown before the first match
SCAN = 10_000  # characters read for the densest passage; a word further on is looked for alone
HEAD = SCAN + WIDTH  # what an index keeps of a text for its snippets


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


def _pattern(phrase: tuple[str, ...]) -> re.Pattern:
    """A word or phrase standing as whole words (folded, lower case)."""
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in phrase) + r"(?![^\W_])")


@functools.lru_cache(maxsize=64)
def _patterns(phrases: tuple[tuple[str, ...], ...]) -> tuple[re.Pattern, ...]:
    return tuple(_pattern(p) for p in phrases)


def _matches(folded: str, phrases: tuple[tuple[str, ...], ...], lo: int, hi: int) -> list[tuple[int, int, int]]:
    """(start, end, which phrase) of every phrase asked that starts between lo and hi, in
    order. Each is found by str.find on its first word and kept when the whole phrase stands
    there as words: str.find runs at memchr speed, a regex read over the text twenty times slower."""
    found = []
    for n, (phrase, whole) in enumerate(zip(phrases, _patterns(phrases))):
        start = lo
        while (at := folded.find(phrase[0], start, hi)) >= 0:
            if m := whole.match(folded, at):
                found.append((at, m.end(), n))
            start = at + 1
    return sorted(found)


def _apart(matches: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The spans to mark, none inside another: a word asked twice ("chỉ thị thi đua") or a word
    of a phrase also asked alone is marked once."""
    marked: list[tuple[int, int]] = []
    for start, end, _ in matches:
        if marked and start < marked[-1][1]:
            if end > marked[-1][1]:
                marked[-1] = (marked[-1][0], end)
            continue
        marked.append((start, end))
    return marked


def make_snippet(text: str, phrases: list[list[str]], width: int = WIDTH, folded: str | None = None) -> Snippet:
    """The window of `width` characters that holds the most of the words and phrases asked,
    then the most matches (the densest passage, not the title the result already shows),
    cut at word boundaries. folded: the text's folded_twin when it is at hand.

    The first SCAN characters are read; a word not among them is looked for further on (a
    word asked only on page 80 of a law), and the passage around it read."""
    asked = tuple(dict.fromkeys(tuple(p) for p in phrases if p))  # each word or phrase once
    if not asked:
        return collapsed(text[:_word_end(text, 0, width)], [])
    if folded is None or len(folded) != len(text):  # folded as far as needed: most words are early on
        folded = folded_twin(text[:SCAN])
    best, start = _densest(_matches(folded, asked, 0, SCAN), width)
    if best[0] < len(asked) and len(text) > SCAN:
        if len(folded) != len(text):
            folded = folded_twin(text)
        for n in range(len(asked)):
            if (later := _matches(folded, asked[n:n + 1], SCAN, len(folded))[:1]):
                at = later[0][0]
                found, there = _densest(_matches(folded, asked, max(0, at - width), at + width), width)
                if found > best:
                    best, start = found, there
    if not best[0]:
        return collapsed(text[:_word_end(text, 0, width)], [])
    lo = max(0, start - LEAD)
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi = _word_end(text, lo, width)
    piece = folded[lo:hi] if len(folded) >= hi else folded_twin(text[lo:hi])
    return collapsed(text[lo:hi], _apart(_matches(piece, asked, 0, hi - lo)))


def snippet_from_head(head: str, folded: str, phrases: list[list[str]], length: int) -> Snippet | None:
    """The snippet cut from the head an index keeps of a text `length` characters long
    (its first HEAD characters and their folded twin); None when a word asked is not in the
    head of a longer text: the caller cuts that one from the whole text. (The head is read
    twice, to know and then to cut: by str.find, a few tens of microseconds.)"""
    asked = tuple(dict.fromkeys(tuple(p) for p in phrases if p))
    if length > len(head) and asked:
        found = {n for _, _, n in _matches(folded, asked, 0, len(folded))}
        if len(found) < len(asked):
            return None
    return make_snippet(head, phrases, folded=folded)


def _densest(matches: list[tuple[int, int, int]], width: int) -> tuple[tuple[int, int], int]:
    """((words asked, matches), where it starts) of the densest window: a window slid over
    the matches, each match starting one."""
    window: deque[tuple[int, int, int]] = deque()  # the matches from the window's first
    inside: Counter[int] = Counter()
    best, start = (0, 0), 0
    for match in matches:
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


def _word_end(text: str, lo: int, width: int) -> int:
    """Where a piece starting at lo ends: `width` characters on, at the last space before."""
    hi = min(len(text), lo + width)
    if hi < len(text) and (cut := text.rfind(" ", lo, hi)) > lo:
        hi = cut
    return hi


_SPACE_RUN = re.compile(r"\s+")


def collapsed(piece: str, highlights: list[tuple[int, int]]) -> Snippet:
    """A piece of text on one line (trimmed, runs of white space one space), its highlights
    (start, end in the piece, on word boundaries) carried along."""
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    parts, last = [], 0
    run_ends, removed = [], [0]  # a run ending at run_ends[k] had removed[k + 1] characters removed by its end
    for m in _SPACE_RUN.finditer(piece):
        if m.group() == " ":
            continue
        parts += [piece[last:m.start()], " "]
        last = m.end()
        run_ends.append(m.end())
        removed.append(removed[-1] + len(m.group()) - 1)
    parts.append(piece[last:])
    text = "".join(parts)

    def moved(position: int) -> int:
        return position - removed[bisect.bisect_right(run_ends, position)]

    kept = [(moved(a - lead), moved(b - lead)) for a, b in highlights if 0 <= a - lead < b - lead <= len(piece)]
    return Snippet(text, kept)
