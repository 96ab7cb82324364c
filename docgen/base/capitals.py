"""Capitals as Phụ lục II of Nghị định 30/2020/NĐ-CP writes them (viết hoa): the names of bodies
("Bộ Công Thương", "Cục Hóa chất", "Ủy ban Thường vụ Quốc hội") and the titles of their people
("Phó Chủ tịch", "Chánh Văn phòng"), given back to a header or a signature printed in capitals.

Depends on nothing else in the project but vntext.
"""

from __future__ import annotations

import re

from docgen.base.vntext import fold_key

# The fields that name a Bộ, the Sở of a province and the Phòng of a district after it, written
# as Phụ lục II of the decree capitalises them (each field's first word; "Công Thương" is two fields in one):
# a header printed in capitals ("BỘ CÔNG THƯƠNG") is given this casing back.
FIELDS = (
    "Công Thương", "Tài chính", "Nông nghiệp và Môi trường", "Xây dựng", "Văn hóa, Thể thao và Du lịch",
    "Khoa học và Công nghệ", "Giáo dục và Đào tạo", "Y tế", "Dân tộc và Tôn giáo", "Nội vụ", "Tư pháp",
    "Ngoại giao", "Quốc phòng", "Công an", "Kế hoạch và Đầu tư", "Giao thông vận tải", "Tài nguyên và Môi trường",
    "Lao động - Thương binh và Xã hội", "Thông tin và Truyền thông", "Nông nghiệp và Phát triển nông thôn",
    "Văn hóa và Thể thao", "Du lịch", "Ngoại vụ",
    # the Phòng of a district (Nghị định 37/2014/NĐ-CP and its successors)
    "Tài chính - Kế hoạch", "Kinh tế và Hạ tầng", "Kinh tế - Hạ tầng", "Quản lý đô thị", "Văn hóa - Thông tin",
    "Văn hóa và Thông tin", "Kinh tế",
)
_FIELDS = {fold_key(f): f for f in FIELDS}
_FIELD_KEYS = sorted(_FIELDS, key=len, reverse=True)  # "van hoa, the thao va du lich" before "van hoa"


# Bodies whose name keeps its capital wherever it stands in another name ("Văn phòng Chính phủ",
# "Đảng ủy Ủy ban nhân dân tỉnh"), as Phụ lục II of the decree writes them.
PROPER_BODIES = ("Ủy ban nhân dân", "Uỷ ban nhân dân", "Hội đồng nhân dân", "Chính phủ", "Quốc hội",
                 "Tòa án nhân dân", "Viện kiểm sát nhân dân", "Kiểm toán nhà nước")
_BODY_INSIDE = re.compile(r"(?<=\S )(" + "|".join(b.lower() for b in PROPER_BODIES) + r")\b")
_COUNTRY = re.compile(r"\b[Vv]iệt [Nn]am\b")  # the country's name, in any name ("… chứng khoán Việt Nam")


def agency_casing(name: str) -> str:
    """ "Bộ công thương" → "Bộ Công Thương", "Sở khoa học và công nghệ tỉnh Lào Cai" → "Sở Khoa học
    và Công nghệ tỉnh Lào Cai": a Bộ's or Sở's field as the decree writes it; a body of
    PROPER_BODIES named inside another name keeps its capital ("Đảng ủy Ủy ban nhân dân tỉnh",
    "Văn phòng Chính phủ"), and so does the country's name; other names as given."""
    name = _BODY_INSIDE.sub(lambda m: m.group(1)[:1].upper() + m.group(1)[1:], name)
    name = _COUNTRY.sub("Việt Nam", name)
    name = re.sub(r"\b([Cc]hấp hành) trung ương", r"\1 Trung ương", name)  # the Party's Central Committee
    name = re.sub(r"\b[Mm]ặt trận tổ quốc", "Mặt trận Tổ quốc", name)
    name = re.sub(r"\b([Đđ]oàn) chủ tịch\b", r"\1 Chủ tịch", name)
    name = re.sub(r"(?<=\S )[ủu]y ban trung ương\b", "Ủy ban Trung ương", name)  # the Mặt trận's central committee
    head, _, rest = " ".join(name.split()).partition(" ")
    if fold_key(head) in ("bo", "so", "phong") and rest:
        # a field joined to the next by a dash starts that one with a capital, as FIELDS write them
        # ("Tài chính - Kế hoạch"; "GIÁO DỤC-ĐÀO TẠO" → "Giáo dục-Đào tạo")
        rest = _AFTER_DASH.sub(lambda m: m[1] + m[2].upper(), rest)
        if (cased := _field_cased(rest)) != rest:
            return f"{head} {cased}"
        name = f"{head} {rest}"
    if m := _KIND_OF_BODY.match(name):
        # "Cục hóa chất" → "Cục Hóa chất", "Ban thường vụ …", "Ngân hàng nhà nước": what the body does
        return m[1] + m[2][:1].upper() + m[2][1:] + name[m.end():]
    return name


# A body whose kind is followed by what it does, that word capitalised (Phụ lục II: "Cục Hóa chất",
# "Tổng cục Thuế", "Ban Chỉ đạo", "Ủy ban Thường vụ Quốc hội", "Trung tâm Phục vụ hành chính công");
# not a unit word ("Cục Thuế tỉnh …"), not "Ủy ban nhân dân".
_KIND_OF_BODY = re.compile(r"^((?:Tổng cục|Chi cục|Cục|Vụ|Ban|Ủy ban|Uỷ ban|Ngân hàng|Trung tâm|Văn phòng|Phòng|Sở|Bộ|Trường|Công ty|Tổng công ty) )"
                           r"(?!nhân dân|tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)([a-zđà-ỹ]\w*)")


_AFTER_DASH = re.compile(r"(?<=[^\W\d_])(\s*-\s*)([a-zđà-ỹ])")


def _field_cased(rest: str) -> str:
    """The field a Bộ's or Sở's name opens with, as FIELDS writes it; its dashes may be lost
    ("LAO ĐỘNG THƯƠNG BINH VÀ XÃ HỘI", the words of a joint header cut at its initials)."""
    tokens = rest.split()
    words = [fold_key(t) for t in tokens]
    for key in _FIELD_KEYS:
        field_words = [w for w in key.split() if w != "-"]
        taken, k = 0, 0
        while k < len(tokens) and taken < len(field_words):
            if words[k] not in ("-", "–"):
                if words[k] != field_words[taken]:
                    break
                taken += 1
            k += 1
        if taken == len(field_words):
            return " ".join([_FIELDS[key], *tokens[k:]])
    return rest


# A title as Phụ lục II of the decree writes it (viết hoa chức vụ, chức danh): its first letter,
# the head's title after "Phó" or an acting "Q." ("Phó Chủ tịch", "Q. Tổng cục trưởng"), the body a
# title names in itself ("Chánh Văn phòng", "Tổng Giám đốc", "Tổng Thanh tra"), and a body of
# PROPER_BODIES after it ("Chủ tịch Quốc hội", "Phó Thủ tướng Chính phủ").
_AFTER_DEPUTY = re.compile(r"^((?:Q\.\s*)?(?:Phó\s+)?)(\w)")
_TITLE_WITH_BODY = re.compile(r"\b(Chánh|Tổng)\s+(văn phòng|thanh tra|giám đốc)\b", re.IGNORECASE)
_BODY_IN_TITLE = re.compile(r"\b(quốc hội|chính phủ|(?<=nước )cộng hòa|(?<=nước )cộng hoà)\b")


def title_casing(title: str) -> str:
    title = " ".join(title.split())
    title = title[:1].upper() + title[1:]
    title = _AFTER_DEPUTY.sub(lambda m: m[1] + m[2].upper(), title)
    title = _TITLE_WITH_BODY.sub(lambda m: f"{m[1][:1].upper()}{m[1][1:].lower()} {m[2][:1].upper()}{m[2][1:].lower()}",
                                 title)
    return _COUNTRY.sub("Việt Nam", _BODY_IN_TITLE.sub(lambda m: m[1][:1].upper() + m[1][1:], title))
