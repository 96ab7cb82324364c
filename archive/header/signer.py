"""The signature block (ô 7): authority marks (TM., KT., TL., TUQ., Q.), the signer's
title and name, wherever columns flattened by a PDF or OCR put them.
"""

from __future__ import annotations

import re

from archive import patterns as P
from archive.header.lines import Header, Lines, sentence_case
from archive.header.repair import SURNAMES
from archive.ocr_repair import damage, repair_if_damaged
from docgen.base import capitals, decree
from docgen.base.vntext import fold

SIGNATURE_LINES = 15


def read_authority(line: str, h: Header) -> str:
    m = P.AUTHORITY.match(fold(line))
    if not m:
        return line
    h.signer_authority = f"{re.sub(r'[^A-Z]', '', m['prefix'])}."  # the Party's "T/M" is the decree's "TM."
    rest = line[m.start("rest"):].strip()
    h.signer_for = sentence_case(rest).capitalize() if rest == rest.upper() else rest
    return rest


# The People's Police and Army print the signer's rank before the name ("Thượng tá Nguyễn Văn
# Hải"), institutes and hospitals a degree ("TS. Nguyễn Văn An", "PGS.TS.", "ThS.", "BS."): the
# name is the words after it. (folded)
RANK = re.compile(r"^(?:(?:Dai|Thuong|Trung|Thieu)\s+(?:tuong|ta|uy)\s+|(?:(?:GS|PGS|TSKH|TS|ThS|Ths|KS|BS|DS|CN)\.\s*)+)"
                  r"(?=[A-Z])")


# A digital signature's text over the name ("Người ký: Nguyễn Văn An", "Ký bởi: …"; a body signs
# too, "Ký bởi: Sở Công Thương", so the name must open with a surname), and a mark after the
# name ("Nguyễn Văn An (đã ký)"). (folded)
SIGNED_BY = re.compile(r"^(?:Nguoi\s+ky|Ky\s+boi)\s*:\s*", re.IGNORECASE)
SIGNED_AFTER = re.compile(r"\s*\((?:da\s+)?ky\)\s*$", re.IGNORECASE)


def name_of(text: str) -> str:
    """A name line as the name: without a digital signature's label, "(đã ký)", a rank or a degree
    around it; printed in capitals ("NGUYỄN VĂN AN", told from a title by its first word, a surname,
    and its three to five words: two in capitals are as often OCR's scraps of a seal) in the case
    names are written in."""
    folded = fold(text)  # one letter for one: its offsets are the text's
    if (m := SIGNED_BY.match(folded)) and (after := text[m.end():].split()) and after[0].lower() in SURNAMES:
        text, folded = text[m.end():], folded[m.end():]
    if m := SIGNED_AFTER.search(folded):
        text, folded = text[: m.start()], folded[: m.start()]
    if m := RANK.match(folded):
        text, folded = text[m.end():], folded[m.end():]
    words = text.split()
    if text == text.upper() and 3 <= len(words) <= 5 and words[0].lower() in SURNAMES \
            and not P.TITLE_WORD.search(folded):
        return " ".join(w.capitalize() for w in words)
    return text


def _two_names(text: str) -> bool:
    words = fold(text).split()
    return any(P.NAME.match(" ".join(words[:k])) and P.NAME.match(" ".join(words[k:]))
               for k in range(2, len(words) - 1)) and len(words) >= 5


def find_signer(lines: Lines, after: int | None, h: Header, body: int = 0) -> None:
    """The signer under Nơi nhận (the two columns of Phụ lục I flattened), else the first
    signature block after the body starts (a law, a decree without Nơi nhận, joint
    documents signed block after block), else the last lines."""
    if after is None and signed_by_parties(lines, max(body, len(lines) - 3 * SIGNATURE_LINES), h):
        return
    if after is None and (block := first_signature_block(lines, body)):
        titles, name = block
        h.signer_name = name
        _apply_titles(h, titles)
        return
    # (never above the body: a text whose signature is only an image ends with its body)
    start = after if after is not None else max(len(lines) - SIGNATURE_LINES, body, 0)
    titles: list[str] = []
    names: list[str] = []
    for i in range(start, min(start + SIGNATURE_LINES, len(lines))):
        text = name_of(lines.text[i].strip(" \"'“”‘’.,;:*%\\/|"))
        folded = fold(text)
        if not text:
            continue
        if len(text) > 80 and not (text == text.upper() and P.TITLE_LINE.match(folded)):
            break  # prose: an annex or the next document (a chain of titles in capitals is not)
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
    if not names and after is not None and (label := _noi_nhan_above(lines, after)) is not None \
            and (block := first_signature_block(lines, max(body, label - SIGNATURE_LINES), end=label)):
        titles, name = block  # the signature column read before the Nơi nhận column
        names = [name]
    if names:
        h.signer_name = names[0]
    else:
        h.warnings.append("signer's name not found")
        titles = [t for t in titles if P.TITLE_WORD.search(fold(t))]
    beside = titles_beside_items(h)
    if h.beside_noi_nhan:
        run = re.search(r"(?:" + P.AUTHORITY_MARK + r"\s*)?[A-Z][A-Z .]{3,}$", fold(h.beside_noi_nhan))
        if run:
            beside.insert(0, h.beside_noi_nhan[run.start():].strip())
    _apply_titles(h, beside + titles)


def titles_beside_items(h: Header) -> list[str]:
    """Columns flattened line by line put the signature block's next title lines after the
    first items of Nơi nhận, past each item's ";" ("- Như Điều 5; KT. CHỦ TỊCH", "- Các PCT
    UBND tỉnh; PHÓ CHỦ TỊCH", "- Lưu: VT. PHÓ CHỦ TỊCH", a Party's "- Ban Bí thư, PHÓ BÍ THƯ"):
    they are taken off the items and returned, in order."""
    titles = []
    for index, item in enumerate(h.cc):
        # the "Lưu" item closes its list with a full stop ("- Lưu: VT. PHÓ CHỦ TỊCH"), which it keeps;
        # a Party document ends its items with a comma ("- Ban Bí thư Trung ương Đảng, PHÓ BÍ THƯ")
        for sep in (".", ";") if fold(item).lower().startswith("luu") else (";", ","):
            head, found, tail = item.rpartition(sep)
            tail = tail.strip(" =|\\/~_,")
            folded = fold(tail)
            if found and tail and tail == tail.upper() and P.TITLE_LINE.match(folded) \
                    and (P.TITLE_WORD.search(folded) or P.AUTHORITY.match(folded)):
                titles.append(tail)
                h.cc[index] = (head + (sep if sep == "." else "")).strip()
                break
    return titles


def signed_by_parties(lines: Lines, start: int, h: Header) -> bool:
    """A Biên bản or contract closes with a block per party, each headed "ĐẠI DIỆN …". When
    one party is a body of the state (the Sở that inspected, the Ủy ban that handed over),
    its representative signs for the record as the office files it; when all are companies
    there is no single signer. False when the closing has fewer than two parties."""
    parties: list[tuple[int, int, str]] = []  # (line, column, the party's name)
    for i in range(start, len(lines)):
        text, folded = lines.text[i], lines.folded[i]
        if text != text.upper():
            continue
        heads = list(P.PARTY.finditer(folded))
        for column, m in enumerate(heads):
            stop = heads[column + 1].start() if column + 1 < len(heads) else len(folded)
            name = folded[m.end(): stop].strip(" _-")
            if not name and i + 1 < len(lines):
                name = lines.folded[i + 1]  # "ĐẠI DIỆN" alone, the party's name under it
            parties.append((i, column, name))
    if len(parties) < 2:
        return False
    state = [p for p in parties if P.STATE_BODY.match(p[2])]
    if len(state) != 1:
        h.warnings.append(f"{len(parties)} parties sign: no single signer")
        return True
    line, column, _ = state[0]
    if not any(p[0] == line and p is not state[0] for p in parties):
        if block := first_signature_block(lines, line):  # blocks one under another
            h.signer_name = block[1]
            # the party's heading and name lines are not the signer's title ("ĐẠI DIỆN" / "SỞ …")
            _apply_titles(h, [t for t in block[0] if P.TITLE_WORD.search(fold(t)) and not P.PARTY.search(fold(t))])
            return True
    return _column_signer(lines, line, column, h)


def _column_signer(lines: Lines, heading: int, column: int, h: Header) -> bool:
    """The party's column of blocks flattened side by side: its title leads the line under the
    heading when it is the left column; its name is that column's half of the line of names."""
    for i in range(heading + 1, min(heading + 12, len(lines))):
        words = fold(lines.text[i]).strip(" =-_.,").split()
        for k in _name_splits(len(words)):
            if P.NAME.match(" ".join(words[:k])) and P.NAME.match(" ".join(words[k:])):
                original = lines.text[i].strip(" =-_.,").split()
                h.signer_name = " ".join(original[:k] if column == 0 else original[k:])
                if column == 0 and (title := P.LEADING_OWN_TITLE.match(lines.folded[heading + 1])):
                    h.signer_title = _spelled(title.group(0))
                return True
    h.warnings.append("several parties sign: the state body's signer not found")
    return True


# The words of the titles P.LEADING_OWN_TITLE reads, each with its one spelling: OCR that
# lost the marks ("PHO GIAM ĐỌC") still names a title the decree's forms spell out.
_TITLE_SPELLING = {"pho": "phó", "giam": "giám", "doc": "đốc", "chu": "chủ", "tich": "tịch", "truong": "trưởng",
                   "phong": "phòng", "ban": "ban", "doan": "đoàn", "chanh": "chánh", "thanh": "thanh", "tra": "tra",
                   "van": "văn", "cuc": "cục", "chi": "chi", "tong": "tổng", "thu": "thứ", "bo": "bộ"}


def _spelled(folded_title: str) -> str:
    words = [_TITLE_SPELLING.get(w.lower(), w.lower()) for w in folded_title.split()]
    return capitals.title_casing(" ".join(words))


def _name_splits(count: int) -> list[int]:
    """Where a line of two names may be cut, the most even cut first (names run 2-4 words)."""
    return sorted(range(2, count - 1), key=lambda k: abs(2 * k - count))


_DEPUTY_AFTER_HEAD = re.compile(r"^(?:KT|K/T)\.?\s+\S.*?\s(?=(?:PHO|THU\s+TRUONG)\b)")


_INNER_MARK = re.compile(r"\s(?=(?:TM|KT|TL|TUQ)\.\s)")
# "TM. HỘI ĐỒNG THÀNH VIÊN CHỦ TỊCH": the body a TM. line names and the head's title under it,
# joined; cut before a head's title that ends the line (folded).
_HEAD_AFTER_BODY = re.compile(r"^(?:TM|T/M)\.?\s+\S.*?\s(?=(?:PHO\s+)?(?:CHU\s+TICH|THU\s+TUONG|BI\s+THU|"
                              r"TRUONG\s+(?:BAN|DOAN)|(?:TONG\s+)?GIAM\s+DOC|CHU\s+NHIEM)$)")


def _deputy_apart(line: str) -> list[str]:
    """ "KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM": a KT. line and the deputy's own title under it,
    run together when a table cell's lines were joined, cut where the deputy's title starts; a
    chain joined the same way ("TL. BỘ TRƯỞNG KT. CỤC TRƯỞNG … PHÓ CỤC TRƯỞNG") cut at each mark; a
    TM. line and the head's title ("TM. HỘI ĐỒNG THÀNH VIÊN CHỦ TỊCH") cut before the title."""
    pieces = []
    for piece in _INNER_MARK.split(fold(line)):
        original, line = line[: len(piece)], line[len(piece):].lstrip()
        m = _DEPUTY_AFTER_HEAD.match(piece) or _HEAD_AFTER_BODY.match(piece)
        pieces += [original[: m.end()].strip(), original[m.end():].strip()] if m else [original.strip()]
    return pieces


# A title and the body it heads: "GIÁM ĐỐC SỞ TÀI CHÍNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …". (folded)
_TITLE_OF_BODY = re.compile(r"^(?:Q\.\s+|Pho\s+)?(?:Chu\s+tich|Giam\s+doc|Bo\s+truong|(?:Tong\s+|Chi\s+)?cuc\s+truong|"
                            r"Chanh\s+van\s+phong|Truong\s+phong|Truong\s+ban)\s+(?=" + P.ORG_START.pattern[1:] + ")",
                            re.IGNORECASE)


def title_cased(title: str) -> str:
    """A title printed in capitals as a sentence writes it, the body it heads as the decree
    writes that body ("Giám đốc Sở Tài chính", "Chủ tịch Ủy ban nhân dân tỉnh Lào Cai")."""
    cased = capitals.title_casing(sentence_case(title) if title == title.upper() else title)
    if m := _TITLE_OF_BODY.match(fold(cased)):
        body = cased[m.end():]
        cased = cased[: m.end()] + capitals.agency_casing(body[:1].upper() + body[1:])
    elif m := _HEAD_OF_PHONG.match(fold(cased)):
        # "TRƯỞNG PHÒNG TÀI CHÍNH - KẾ HOẠCH": the Phòng's field as a Phòng's name writes it
        phong = capitals.agency_casing("Phòng " + cased[m.end():])
        cased = cased[: m.end()] + phong[len("Phòng "):]
    return cased


_HEAD_OF_PHONG = re.compile(r"^(?:Pho\s+)?Truong\s+phong\s+(?=\w)", re.IGNORECASE)


def _apply_titles(h: Header, titles: list[str]) -> None:
    """Authority prefixes and the signer's own title from the lines over the name."""
    titles = [t for t in titles if not fold(t).startswith("NOI NHAN") and not P.HEADING.match(fold(t))]
    titles = [part for t in titles for part in _deputy_apart(t)]
    signs_for_head = None  # the head a KT. line of the chain names
    acting_as = None  # the office a Q. line names
    for t in list(titles):
        if not (m := P.AUTHORITY.match(fold(t))):
            continue
        outermost = h.signer_authority is None
        if outermost:
            read_authority(t, h)  # the first prefix of a chain (TL. CHỦ TỊCH, then KT. …) is the authority
        if m["prefix"].startswith("K"):
            signs_for_head = t[m.start("rest"):].strip()
        elif m["prefix"].startswith("Q"):
            # acting ("Q. GIÁM ĐỐC") in the office the line names: the authority when it opens the
            # chain, else part of the signer's own title ("TUQ. BỘ TRƯỞNG" / "Q. TỔNG CỤC TRƯỞNG")
            acting_as = t[m.start("rest"):].strip() if outermost else t.strip()
        titles.remove(t)
    if titles:
        h.signer_title = title_cased(" ".join(titles))
    elif acting_as and not signs_for_head:
        h.signer_title = title_cased(acting_as)
    elif signs_for_head:
        # ký thay: a deputy signs for the head, so the title is the head's with "Phó" (the line
        # of the deputy's own title lost under a seal, or never printed)
        head = decree.head_title(signs_for_head) or sentence_case(signs_for_head).capitalize()
        h.signer_title = decree.deputy_title(head)
        h.warnings.append("signer's title inferred from the KT. line")


def _noi_nhan_above(lines: Lines, after: int) -> int | None:
    """The line of the "Nơi nhận:" label whose list ends at `after`."""
    return next((i for i in range(after - 1, max(after - 40, -1), -1) if P.NOI_NHAN.match(lines.folded[i])), None)


def first_signature_block(lines: Lines, start: int, end: int | None = None) -> tuple[list[str], str] | None:
    """Title lines in capitals ("TM. CHÍNH PHỦ" / "KT. THỦ TƯỚNG" / "PHÓ THỦ TƯỚNG",
    "CHỦ TỊCH QUỐC HỘI"), at most a "(Đã ký)" mark or a blank, then the signer's name:
    the first such block from `start` (and before `end`), in reading order."""
    stop = len(lines) if end is None else end
    i = start
    while i < stop:
        if not (P.TITLE_LINE.match(lines.folded[i]) and len(lines.text[i]) <= 90):
            i += 1
            continue
        titles, j = [], i
        while j < stop and P.TITLE_LINE.match(lines.folded[j]) and len(titles) < 5:
            titles.append(lines.text[j])
            j += 1
        while j < stop and (not lines.text[j] or P.SIGNED_MARK.match(lines.folded[j])) and j - i < 8:
            j += 1
        name = name_of(lines.text[j].strip(" .")) if j < stop else ""
        if name and P.NAME.match(fold(name)) \
                and any(P.TITLE_WORD.search(lines.folded[k]) for k in range(i, i + len(titles))):
            return titles, name
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
        tail = tail.strip(" +*=|\\/~_.,'\"")  # a seal's debris around the name
        if sep and tail and P.NAME.match(fold(tail)) and len(tail.split()) >= 3:
            h.signer_name = tail
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

