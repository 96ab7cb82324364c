"""Vietnam's provinces and centrally-run cities, before and after the 2025 merger.

Used to complete a name the header shortens ("SỞ CÔNG THƯƠNG LÀO CAI" is the
Sở of tỉnh Lào Cai) and to recognise a place. Depends on nothing else in the project.
"""

from __future__ import annotations

from collections.abc import Callable

from docgen.base.vntext import fold_key

CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")

PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh",
    "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh",
    "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)

_KIND = {fold_key(name): "tỉnh" for name in PROVINCES} | {fold_key(name): "thành phố" for name in CITIES}


def province_kind(name: str) -> str | None:
    """ "tỉnh" or "thành phố" for a province-level name, else None."""
    return _KIND.get(fold_key(name))


_SPELLED = {fold_key(name): name for name in PROVINCES + CITIES}
_LONGEST = max(len(name.split()) for name in PROVINCES + CITIES)


def _province_at(words: list[str], i: int, written: Callable[[str, str], bool]) -> str | None:
    """The longest province or city name that words[i:] begin with, as the list spells it,
    when written(as_in_text, as_listed) accepts the way the text wrote it."""
    for size in range(min(_LONGEST, len(words) - i), 0, -1):
        in_text = " ".join(words[i: i + size])
        spelled = _SPELLED.get(fold_key(in_text))
        if spelled and written(in_text, spelled):
            return spelled
    return None


def province_spelled(text: str) -> str:
    """Province and city names written without marks ("tinh Lao Cai") given their marks."""
    words = text.split()
    out, i = [], 0
    while i < len(words):
        spelled = _province_at(words, i, lambda in_text, listed: " " in listed
                               and in_text == fold_key(listed).title())
        out.append(spelled or words[i])
        i += len(spelled.split()) if spelled else 1
    return " ".join(out)


def provinces_cased(text: str) -> str:
    """A province or city named after its unit word, written as the list writes it
    ("tỉnh lào cai" → "tỉnh Lào Cai", "thành phố hà nội" → "thành phố Hà Nội")."""
    words = text.split()
    for i, word in enumerate(words):
        unit = fold_key(word) == "tinh" or (fold_key(word) == "pho" and i and fold_key(words[i - 1]) == "thanh")
        spelled = unit and _province_at(words, i + 1, lambda in_text, listed: in_text.lower() == listed.lower())
        if spelled:
            words[i + 1: i + 1 + len(spelled.split())] = spelled.split()
    return " ".join(words) if words else text


def province_ending_cased(name: str) -> str:
    """A name that ends with a province's or city's name, as the list writes it, its marks as
    written ("Trường đại học sư phạm hà nội" → "… Hà Nội"): a body named after its province."""
    words = name.split()
    for size in (3, 2):
        tail = " ".join(words[-size:])
        spelled = _SPELLED.get(fold_key(tail))
        if len(words) > size and spelled and tail.lower() == spelled.lower():
            return " ".join(words[:-size] + spelled.split())
    return name
