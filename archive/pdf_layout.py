"""A PDF page's text in the order a reader sees it, built from character boxes.

Why: an e-office system stamps the number and the day into a signed PDF at
issue, as separate text objects (often the appearance of a signature widget)
laid over the blanks of "Số:      /UBND-KT" and "ngày    tháng 12 năm 2025".
In content-stream order (PDFium's page text, `pdftotext -raw`) the header reads
"Số: /UBND-KT … ngày tháng 12 năm 2025" and "3298 10" turn up at the end of
the page. Placed by position they sit where they are printed.

Steps: annotations are flattened into the page (so stamps are text like any
other); each character's box is read from PDFium; characters make words,
words make visual lines (by vertical overlap, then by x); a wide gap splits a
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

COLUMN_GAP = 3.0  # a gap wider than this many letter heights (the page's median) splits a line
BLOCK_GAP = 1.8  # a vertical gap of this many line heights ends a two-column block
OVERLAP_LIMIT = 0.2  # share of words lying on top of others beyond which positions are unusable


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    bottom: float
    top: float

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


class Unusable(Exception):
    """Positions that cannot be trusted: keep the stream order."""


def _chars(textpage: pypdfium2.PdfTextPage) -> tuple[str, list[tuple[float, float, float, float]]]:
    """The page's characters and their boxes. A box is read for the first and the last letter
    of each run without white space, and the run's letters between are spread over them; only
    a run whose two ends do not lie on one line left to right is read letter by letter. That
    halves the calls into PDFium on an ordinary page."""
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

    boxes: list[tuple[float, float, float, float]] = [(0.0, 0.0, 0.0, 0.0)] * count
    for run in re.finditer(r"\S+", text):
        a, b = run.start(), run.end() - 1
        first, last = box(a), box(b)
        height = max(first[3] - first[2], last[3] - last[2], 4.0)
        in_line = abs((first[2] + first[3]) / 2 - (last[2] + last[3]) / 2) < height * 0.6
        if b - a > 1 and in_line and first[0] <= last[0] and last[0] - first[1] <= (b - a) * height:
            step = (last[0] - first[0]) / (b - a)
            for k in range(a + 1, b):  # evenly between the two ends: enough to join words and lines
                x = first[0] + step * (k - a)
                boxes[k] = (x, x + step, min(first[2], last[2]), max(first[3], last[3]))
            boxes[a], boxes[b] = first, last
        else:
            for k in range(a, b + 1):
                boxes[k] = box(k)
    return text, boxes


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
    text, boxes = _chars(textpage)
    words = words_of(text, boxes)
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
