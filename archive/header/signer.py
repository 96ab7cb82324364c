"""The signature block (ô 7): authority marks (TM., KT., TL., TUQ., Q.), the signer's
title and name, wherever columns flattened by a PDF or OCR put them.
"""

from __future__ import annotations

import re

from archive import patterns as P
from archive.header.lines import Header, Lines, sentence_case
from archive.ocr_repair import damage, repair_if_damaged
from docgen.base.vntext import fold

SIGNATURE_LINES = 15


def read_authority(line: str, h: Header) -> str:
    m = P.AUTHORITY.match(fold(line))
    if not m:
        return line
    h.signer_authority = f"{m['prefix']}."
    rest = line[m.start("rest"):].strip()
    h.signer_for = sentence_case(rest).capitalize() if rest == rest.upper() else rest
    return rest


def _two_names(text: str) -> bool:
    words = fold(text).split()
    return any(P.NAME.match(" ".join(words[:k])) and P.NAME.match(" ".join(words[k:]))
               for k in range(2, len(words) - 1)) and len(words) >= 5


def find_signer(lines: Lines, after: int | None, h: Header, body: int = 0) -> None:
    """The signer under Nơi nhận (the two columns of Phụ lục I flattened), else the first
    signature block after the body starts (a law, a decree without Nơi nhận, joint
    documents signed block after block), else the last lines."""
    if after is None and (block := first_signature_block(lines, body)):
        titles, name = block
        h.signer_name = name
        _apply_titles(h, titles)
        return
    start = after if after is not None else max(len(lines) - SIGNATURE_LINES, 0)
    titles: list[str] = []
    names: list[str] = []
    for i in range(start, min(start + SIGNATURE_LINES, len(lines))):
        text = lines.text[i].strip(" \"'“”‘’.,;:*%\\/|")
        folded = fold(text)
        if not text:
            continue
        if len(text) > 80:
            break  # prose: an annex or the next document
        if P.NAME.match(folded):
            names.append(text)
        elif _two_names(text):
            names.extend(["?", "?"])
        elif P.TITLE_LINE.match(folded) and not names:
            titles.append(text)
    if len(names) > 1:
        h.warnings.append(f"{len(names)} signers: no single signer")
        return
    if not names and (block := first_signature_block(lines, start)):
        titles, name = block  # the list of Nơi nhận ran on in lines that do not start with "-"
        names = [name]
    if names:
        h.signer_name = names[0]
    else:
        h.warnings.append("signer's name not found")
        titles = [t for t in titles if P.TITLE_WORD.search(fold(t))]
    if h.beside_noi_nhan:
        run = re.search(r"(?:(?:TM|KT|TL|TUQ|Q)\.\s*)?[A-Z][A-Z .]{3,}$", fold(h.beside_noi_nhan))
        if run:
            titles.insert(0, h.beside_noi_nhan[run.start():].strip())
    _apply_titles(h, titles)


def _apply_titles(h: Header, titles: list[str]) -> None:
    """Authority prefixes and the signer's own title from the lines over the name."""
    titles = [t for t in titles if not fold(t).startswith("NOI NHAN") and not P.HEADING.match(fold(t))]
    for t in [t for t in titles if P.AUTHORITY.match(fold(t))]:
        if h.signer_authority is None:
            read_authority(t, h)  # the first prefix of a chain (TL. CHỦ TỊCH, then KT. …) is the authority
        titles.remove(t)
    if titles:
        title = " ".join(titles)
        h.signer_title = sentence_case(title) if title == title.upper() else title
        h.signer_title = h.signer_title[:1].upper() + h.signer_title[1:]
    elif h.signer_authority == "KT." and h.signer_for:
        # ký thay: a deputy signs for the head, so the title is the head's with "Phó"
        h.signer_title = f"Phó {h.signer_for[:1].lower()}{h.signer_for[1:]}"
        h.warnings.append("signer's title inferred from the KT. line")


def first_signature_block(lines: Lines, start: int) -> tuple[list[str], str] | None:
    """Title lines in capitals ("TM. CHÍNH PHỦ" / "KT. THỦ TƯỚNG" / "PHÓ THỦ TƯỚNG",
    "CHỦ TỊCH QUỐC HỘI"), at most a "(Đã ký)" mark or a blank, then the signer's name:
    the first such block from `start`, in reading order."""
    i = start
    while i < len(lines):
        if not (P.TITLE_LINE.match(lines.folded[i]) and len(lines.text[i]) <= 90):
            i += 1
            continue
        titles, j = [], i
        while j < len(lines) and P.TITLE_LINE.match(lines.folded[j]) and len(titles) < 5:
            titles.append(lines.text[j])
            j += 1
        while j < len(lines) and (not lines.text[j] or P.SIGNED_MARK.match(lines.folded[j])) and j - i < 8:
            j += 1
        if j < len(lines) and P.NAME.match(lines.folded[j].strip(" .")) \
                and any(P.TITLE_WORD.search(lines.folded[k]) for k in range(i, i + len(titles))):
            return titles, lines.text[j].strip(" .")
        i = max(j, i + 1)
    return None


def name_after_keep_copy(h: Header) -> None:
    """A scan may print the name on the "Lưu" line's level ("- Lưu: VT, NV. (sig) Lê Đức Thanh")."""
    if h.signer_name or not h.cc:
        return
    tail = re.search(r"((?:[A-ZĐÀ-Ỹ]\S*\s+){1,3}[A-ZĐÀ-Ỹ]\S*)\s*$", h.cc[-1])
    if not tail:
        name_beside_noi_nhan(h)
        return
    words = [re.sub(r"[^\w]", "", w) for w in tail.group(1).split()]
    candidate = " ".join(words)
    if damage(candidate) > 0:
        candidate, _ = repair_if_damaged(candidate, context=False)
    if candidate and P.NAME.match(fold(candidate)) and not fold(candidate).upper().startswith(("VT", "LUU")):
        h.signer_name = candidate
        h.cc[-1] = h.cc[-1][: tail.start()].rstrip(" ,;(\"“")
        h.warnings = [w for w in h.warnings if w != "signer's name not found"]
        h.warnings.append("signer's name read from the end of the Lưu line")
        return
    name_beside_noi_nhan(h)


def name_beside_noi_nhan(h: Header) -> None:
    """Columns flattened by OCR put the signer's name after an item of Nơi nhận, past the
    item's own ";" ("- Kiểm toán nhà nước; Phạm Thị Thanh Trà"): it belongs to the other column."""
    for index, item in enumerate(h.cc):
        head, sep, tail = item.rpartition(";")
        if sep and tail.strip() and P.NAME.match(fold(tail.strip())) and len(tail.split()) >= 3:
            h.signer_name = tail.strip()
            h.cc[index] = head.strip()
            h.warnings = [w for w in h.warnings if w != "signer's name not found"]
            h.warnings.append("signer's name read beside the Nơi nhận list (columns flattened)")
            return


DIRECTIVE = re.compile(r"\bChu\s+tich\s+(?P<body>[^:\n]{5,60}?)\s+(?:chi\s+dao|yeu\s+cau|chi\s+thi)\s*:", re.IGNORECASE)


def title_from_directive(lines: Lines, h: Header) -> None:
    """No title over the name, but the text speaks as the Chủ tịch ("Chủ tịch … chỉ đạo:")."""
    if h.signer_title or not h.signer_name:
        return
    for text, folded in zip(lines.text, lines.folded):
        if m := DIRECTIVE.search(folded):
            h.signer_title = "Chủ tịch"
            h.warnings.append(f"signer's title taken from the text: {text[m.start(): m.end()]!r}")
            return


# Forms whose signer is named by a labelled line rather than under a title:
# type → (the box label that is the signer's title, the label of the line with the name).
LABELLED_SIGNERS = {
    "Phiếu trình": ("NGƯỜI LẬP PHIẾU TRÌNH", "Họ và tên chuyên viên trình"),
}


def labelled_signer(lines: Lines, h: Header) -> None:
    """A phiếu trình is signed by the officer who drew it up: the box "NGƯỜI LẬP
    PHIẾU TRÌNH", whose name the form states on its "Họ và tên chuyên viên trình:" line."""
    if h.type not in LABELLED_SIGNERS or h.signer_name:
        return
    box, label = LABELLED_SIGNERS[h.type]
    if not any(fold(box) in f for f in lines.folded):
        return
    for text, folded in zip(lines.text, lines.folded):
        if folded.lower().startswith(fold(label).lower()) and ":" in text:
            name = text.split(":", 1)[1].strip(" .")
            if P.NAME.match(fold(name)):
                h.signer_title, h.signer_name = sentence_case(box).capitalize(), name
                h.warnings = [w for w in h.warnings if w != "signer's name not found"]
                return

