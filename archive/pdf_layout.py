"""A PDF page's text in the order a reader sees it, built from character boxes.

Why: an e-office system stamps the number and the day into a signed PDF at
issue, as separate text objects (often the appearance of a signature widget)
laid over the blanks of "Số:      /UBND-KT" and "ngày    tháng 12 năm 2025".
In content-stream order (PDFium's page text, `pdftotext -raw`) the header reads
"Số: /UBND-KT … ngày tháng 12 năm 2025" and "3298 10" turn up at the end of
the page. Placed by position they sit where they are printed.

Steps: annotations are flattened into the page (so stamps are text like any
other, archive.extract does it); each run of letters gets its box from the
boxes PDFium gives its two ends (letter by letter only where they jump); words
make visual lines (by vertical overlap, then by x); a wide gap splits a
line into segments; consecutive lines whose segments keep to either side of
one gutter form a two-column block (the header table, Nơi nhận beside the
signature), read left column first, then right. A page whose stream order is
already the reading order (most body pages) keeps PDFium's own text, which is
faster. Where positions are unusable (rotated or overlapping text) the stream
order is kept and the caller is told.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium_c

_RUN = re.compile(r"\S+")
COLUMN_GAP = 3.0  # a gap wider than this many letter heights (the page's median) splits a line
BLOCK_GAP = 1.8  # a vertical gap of this many line heights ends a two-column block
OVERLAP_LIMIT = 0.2  # share of words lying on top of others beyond which positions are unusable


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    height: float = 0.0  # max(top - bottom, 1), set once: read over and over when lines are made
    middle: float = 0.0

    def __post_init__(self) -> None:
        self.height = max(self.top - self.bottom, 1.0)
        self.middle = (self.top + self.bottom) / 2


class Unusable(Exception):
    """Positions that cannot be trusted: keep the stream order."""


def page_words(textpage: pypdfium2.PdfTextPage) -> list[Word]:
    """The page's words with their boxes. A box is read for the first and the last letter of
    each run without white space: a run whose two ends lie on one line, left to right, is one
    word; only another (letters placed apart, a stamp glued to a label) is read letter by
    letter and cut where the letters jump. Two calls into PDFium a word, not one a letter."""
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    text = textpage.get_text_range(0, count) if count > 0 else ""
    if len(text) != count:  # characters outside the BMP: one code point each, read one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i)) for i in range(count))
    if any("\ud800" <= c <= "\udfff" for c in text):  # halves of a pair PDFium counts apart
        text = "".join(" " if "\ud800" <= c <= "\udfff" else c for c in text)
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()

    def box(i: int) -> tuple[float, float, float, float]:
        pdfium_c.FPDFText_GetCharBox(handle, i, left, right, bottom, top)
        return left.value, right.value, bottom.value, top.value

    words: list[Word] = []
    get_box = pdfium_c.FPDFText_GetCharBox
    for run in _RUN.finditer(text):
        a, b = run.start(), run.end() - 1
        get_box(handle, a, left, right, bottom, top)
        l0, r0, b0, t0 = left.value, right.value, bottom.value, top.value
        get_box(handle, b, left, right, bottom, top)
        l1, r1, b1, t1 = left.value, right.value, bottom.value, top.value
        height = max(t0 - b0, t1 - b1, 4.0)
        if abs(b0 + t0 - b1 - t1) < height * 1.2 and l0 <= l1 + 0.5 and l1 - r0 <= max(b - a, 1) * height:
            words.append(Word(run.group(), l0, r0 if r0 > r1 else r1, b0 if b0 < b1 else b1, t0 if t0 > t1 else t1))
        else:
            words += words_of(run.group(), [box(k) for k in range(a, b + 1)])
    return words


def words_of(text: str, boxes: list[tuple[float, float, float, float]]) -> list[Word]:
    """Runs of characters without white space that go on rightwards on one line."""
    words: list[Word] = []
    current: list[int] = []

    def close() -> None:
        if current:
            xs0 = [boxes[i][0] for i in current]
            xs1 = [boxes[i][1] for i in current]
            bottoms = [boxes[i][2] for i in current]
            tops = [boxes[i][3] for i in current]
            words.append(Word("".join(text[i] for i in current), min(xs0), max(xs1), min(bottoms), max(tops)))
            current.clear()

    for i, char in enumerate(text):
        if char.isspace():
            close()
            continue
        if current:
            prev = boxes[current[-1]]
            # the word's tallest letter, not the previous glyph's ink: a hyphen is a point high
            height = max(max(boxes[j][3] - boxes[j][2] for j in current[-3:]), 4.0)
            same_line = abs((boxes[i][2] + boxes[i][3]) / 2 - (prev[2] + prev[3]) / 2) < height * 0.6
            if not same_line or boxes[i][0] < prev[0] - height * 0.2 or boxes[i][0] - prev[1] > height * 0.6:
                close()
        current.append(i)
    close()
    return words


def visual_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines by vertical overlap, top to bottom, each left to right."""
    lines: list[list[Word]] = []
    spans: list[tuple[float, float]] = []  # (bottom, top) of each line
    for word in sorted(words, key=lambda w: -w.top):
        for index in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
            bottom, top = spans[index]
            if bottom <= word.middle <= top or (word.bottom <= (bottom + top) / 2 <= word.top):
                lines[index].append(word)
                spans[index] = (min(bottom, word.bottom), max(top, word.top))
                break
        else:
            lines.append([word])
            spans.append((word.bottom, word.top))
    order = sorted(range(len(lines)), key=lambda i: -(spans[i][0] + spans[i][1]) / 2)
    return [sorted(lines[i], key=lambda w: w.x0) for i in order]


def _check_overlaps(line: list[Word]) -> int:
    return sum(1 for a, b in zip(line, line[1:]) if b.x0 < a.x1 - 0.5 * min(a.x1 - a.x0, b.x1 - b.x0))


def segments(line: list[Word], height: float) -> list[list[Word]]:
    """A line cut where the gap between two words is wider than a column gap."""
    out = [[line[0]]]
    for word in line[1:]:
        if word.x0 - out[-1][-1].x1 > COLUMN_GAP * height:
            out.append([word])
        else:
            out[-1].append(word)
    return out


def _text(segment: list[Word]) -> str:
    return " ".join(w.text for w in segment)


def reading_order(lines: list[list[Word]]) -> list[str]:
    """Lines as text; a run of lines that keep to either side of one gutter (two columns)
    is read left column first, then right. The gutter is the open interval between the
    left column's rightmost end and the right column's leftmost start, narrowed line by line."""
    out: list[str] = []
    block_left: list[str] = []
    block_right: list[str] = []
    gutter: tuple[float, float] | None = None

    def flush() -> None:
        nonlocal gutter
        out.extend(block_left)
        out.extend(block_right)
        block_left.clear()
        block_right.clear()
        gutter = None

    heights = sorted(w.height for line in lines for w in line)
    height = heights[len(heights) // 2] if heights else 10.0
    previous_bottom: float | None = None
    for line in lines:
        parts = segments(line, height)
        top = max(w.top for w in line)
        if gutter is not None and previous_bottom is not None and previous_bottom - top > BLOCK_GAP * height:
            flush()  # a blank band across the page ends the two columns (the header table's end)
        previous_bottom = min(w.bottom for w in line)
        if gutter is not None:
            left_end, right_start = gutter
            lefts = [s for s in parts if s[-1].x1 < right_start and s[0].x0 < left_end]
            rights = [s for s in parts if s not in lefts and s[0].x0 > left_end]
            narrowed = (max([left_end] + [s[-1].x1 for s in lefts]), min([right_start] + [s[0].x0 for s in rights]))
            if len(lefts) + len(rights) == len(parts) and len(lefts) <= 1 and len(rights) <= 1 \
                    and narrowed[0] < narrowed[1]:
                gutter = narrowed
                block_left.extend(_text(s) for s in lefts)
                block_right.extend(_text(s) for s in rights)
                continue
        flush()
        if len(parts) == 2:
            gutter = (parts[0][-1].x1, parts[1][0].x0)
            block_left.append(_text(parts[0]))
            block_right.append(_text(parts[1]))
        else:
            out.append(" ".join(_text(s) for s in parts))
    flush()
    return out


def needs_layout(textpage: pypdfium2.PdfTextPage, stream: str) -> bool:
    """Whether the stream order differs from the reading order: some line of PDFium's text
    starts higher on the page than the line before it (a second column, text laid over the
    page later). Reads one box a line, so a plain body page costs next to nothing."""
    handle = textpage.raw
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    previous = None
    index = 0
    for line in stream.split("\r\n"):
        first = next((i for i, c in enumerate(line) if not c.isspace()), None)
        if first is not None and pdfium_c.FPDFText_GetCharBox(handle, index + first, left, right, bottom, top):
            if previous is not None and bottom.value > previous + max(top.value - bottom.value, 6.0):
                return True
            previous = bottom.value
        index += len(line) + 2
    return False


def page_text(textpage: pypdfium2.PdfTextPage) -> str:
    """The page's text by position. Raises Unusable where positions cannot be trusted."""
    words = page_words(textpage)
    if not words:
        return ""
    lines = visual_lines(words)
    overlapping = sum(_check_overlaps(line) for line in lines)
    if overlapping > OVERLAP_LIMIT * len(words):
        raise Unusable(f"{overlapping} of {len(words)} words lie on top of others")
    return "\n".join(reading_order(lines))


def rotated(textpage: pypdfium2.PdfTextPage) -> bool:
    """Text set at an angle (a page turned sideways, a stamp): positions do not make lines."""
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    step = max(count // 50, 1)
    angles = [pdfium_c.FPDFText_GetCharAngle(handle, i) for i in range(0, count, step)]
    turned = sum(1 for a in angles if 0.05 < a < 6.23)
    return bool(angles) and turned > len(angles) / 2
