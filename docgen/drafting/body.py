"""The body of a document as structured text a person can write, read into blocks.

One line is one block. The forms, as officers already type them:

    I. MỤC ĐÍCH, YÊU CẦU          a part heading (Roman numeral): bold
    1. Mục đích                   a numbered heading: bold when it is a title
                                  (at most 15 words, not ending in "." or ";")
    1.1. Các tập thể ...          a numbered paragraph (a long sentence)
    - Tiếp tục ...                a bullet;  "+ ..." a sub-bullet
    a) ...                        a điểm
    Điều 1. ...                   an article: "Điều 1." is bold
    | STT | Nội dung |            a table: consecutive lines starting with "|";
    |---|---|                     a separator row marks the header row

Inline, **bold** and *italic* mark runs. Blank lines are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROMAN_HEADING = re.compile(r"^(?=[IVXLC]+\.)(?P<num>[IVXLC]+)\.\s+\S")
NUMBERED = re.compile(r"^(?P<num>\d+(?:\.\d+)*)\.\s+\S")
ARTICLE = re.compile(r"^(?P<label>Điều\s+\d+\.)\s*")
POINT = re.compile(r"^[a-zđ]\)\s")
BULLET = re.compile(r"^[-–]\s+")
SUB_BULLET = re.compile(r"^\+\s+")
TABLE_ROW = re.compile(r"^\|.*\|\s*$")
TABLE_SEPARATOR = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+\s*$")
INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\*(?P<italic>[^*\s][^*]*?)\*")

TITLE_MAX_WORDS = 15


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    """kind: "part" (I.), "heading" (1. as a title), "numbered", "bullet",
    "sub-bullet", "point", "article", or "plain"."""

    kind: str
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    header: list[str] | None
    rows: list[list[str]] = field(default_factory=list)

    @property
    def column_count(self) -> int:
        widths = [len(r) for r in self.rows] + ([len(self.header)] if self.header else [])
        return max(widths, default=0)


Block = Paragraph | Table


def parse_inline(text: str, bold: bool = False) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos : m.start()], bold=bold))
        if m["bold"] is not None:
            runs.append(Run(m["bold"], bold=True))
        else:
            runs.append(Run(m["italic"], bold=bold, italic=True))
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text[pos:], bold=bold))
    return runs or [Run("", bold=bold)]


def _is_title(text: str) -> bool:
    plain = INLINE.sub(lambda m: m["bold"] or m["italic"], text).strip()
    return len(plain.split()) <= TITLE_MAX_WORDS and not plain.endswith((".", ";"))


def _split_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _paragraph(line: str) -> Paragraph:
    if ROMAN_HEADING.match(line):
        return Paragraph("part", parse_inline(line, bold=True))
    if m := ARTICLE.match(line):
        rest = line[m.end():]
        # "Điều N." and the article's title are bold (Phụ lục I, II.6); an article that is one
        # sentence ("Điều 1. Phê duyệt … năm 2023.") keeps its text upright
        title = bool(rest.strip()) and _is_title(rest)
        return Paragraph("article", [Run(m["label"], bold=True), *parse_inline(" " + rest, bold=title)])
    if NUMBERED.match(line):
        if _is_title(line):
            return Paragraph("heading", parse_inline(line, bold=True))
        return Paragraph("numbered", parse_inline(line))
    if SUB_BULLET.match(line):
        return Paragraph("sub-bullet", parse_inline(line))
    if BULLET.match(line):
        return Paragraph("bullet", parse_inline(line))
    if POINT.match(line):
        return Paragraph("point", parse_inline(line))
    return Paragraph("plain", parse_inline(line))


def parse_body(text: str) -> list[Block]:
    blocks: list[Block] = []
    table_lines: list[str] = []

    def flush_table() -> None:
        if not table_lines:
            return
        header = None
        rows = [_split_cells(l) for l in table_lines if not TABLE_SEPARATOR.match(l)]
        if len(table_lines) > 1 and TABLE_SEPARATOR.match(table_lines[1]):
            header, rows = rows[0], rows[1:]
        blocks.append(Table(header, rows))
        table_lines.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if TABLE_ROW.match(line):
            table_lines.append(line)
            continue
        flush_table()
        if line:
            blocks.append(_paragraph(line))
    flush_table()
    return blocks
