"""Fields OCR damaged: those of a text damaged as a whole, repaired (folded) by
archive.ocr_repair, and a signer's surname that lost or gained a letter."""

from __future__ import annotations

import re

from archive.header.lines import Header
from archive.ocr_repair import damage, repair_if_damaged
from docgen.base.vntext import edit_distance

_ENGLISH_WORDS = frozenset("the of and to in on for by with is are be this that shall".split())


def is_english(text: str) -> bool:
    """A translation, not a damaged Vietnamese text: English's commonest words make a tenth of it."""
    words = re.findall(r"[A-Za-z]+", text.lower())
    return len(words) > 20 and sum(w in _ENGLISH_WORDS for w in words) / len(words) > 0.1


OCR_DAMAGED_TEXT = 0.15  # share of non-words above which a text is taken as damaged OCR


def repair_fields(text: str, h: Header) -> None:
    """Fields that OCR damaged are repaired (folded), and the record says so.
    Only in a text that is damaged as a whole: a clean text's rare names stay."""
    if damage(text[:3000]) < OCR_DAMAGED_TEXT or is_english(text[:3000]):
        return
    for attr, context in (("subject", True), ("issuer", True), ("parent_issuer", True), ("signer_name", False)):
        value, repaired = repair_if_damaged(getattr(h, attr), context)
        if repaired:
            setattr(h, attr, value)
            h.warnings.append(f"{attr} repaired from OCR damage (without diacritics): {value!r}")



# Vietnamese surnames (họ), a closed list: the commonest and those of the ethnic minorities
# of the northern provinces, so that a rare one is not taken for a damaged common one.
SURNAMES = frozenset("""
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý trương đinh đoàn lâm mai
trịnh đào cao lương hà tạ tô lưu kiều quách chu văn thái triệu tăng từ vương doãn khúc khổng
lại giang hứa la lã lạc lục lò lường vi sầm nông bế hoàng giàng sùng thào mùa lầu vàng hầu ly
tòng quàng cầm khà điêu mạc ma phùng diệp nghiêm âu trình tống thân bạch cù châu đàm đồng kim
lộc mẫn ninh phí phó quan thạch thân tôn ung viên yên bạc biện cung đàm giáp hàn khương lam
lăng mạch ông quang tiêu ứng vy
""".split())


def repair_surname(h: Header) -> None:
    """A signer's surname OCR cut or padded by a letter ("Trươn Thanh Hoài") given back its
    own when exactly one surname is that close; a name whose first word is a surname, one
    too short to tell, or one a letter away from a surname in place of another, is left as read."""
    if not h.signer_name or len(h.signer_name.split()) < 2:
        return
    first, rest = h.signer_name.split(" ", 1)
    word = first.lower()
    if word in SURNAMES or len(word) < 4:
        return
    # a letter lost or gained, not one letter for another: Trầm and Trần are both names
    close = [s for s in SURNAMES if abs(len(s) - len(word)) == 1 and edit_distance(word, s) == 1]
    if len(close) == 1:
        h.signer_name = f"{close[0].capitalize()} {rest}"
        h.warnings.append(f"signer's surname {first!r} read as {close[0].capitalize()!r}")
