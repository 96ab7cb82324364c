import datetime as dt

import pytest

from docgen.base import capitals, decree


def test_type_table_abbreviations_keep_their_case():
    assert decree.doc_type("Kế hoạch").abbr == "KH"
    assert decree.doc_type("quyết định").abbr == "QĐ"
    assert decree.doc_type("To trinh").abbr == "TTr"
    assert decree.doc_type("Chương trình").abbr == "CTr"
    assert decree.doc_type("Quy định").abbr == "QyĐ"
    assert decree.doc_type("Giấy mời").abbr == "GM"
    assert decree.doc_type("Công văn").abbr is None


def test_abbreviation_lookup_accepts_d_for_d_bar():
    assert decree.doc_type_by_abbr("QD").name == "Quyết định"
    assert decree.doc_type_by_abbr("XYZ") is None


@pytest.mark.parametrize("typed, name", [
    ("ke hoach", "Kế hoạch"), ("QUYẾT ĐỊNH", "Quyết định"),  # Phụ lục III
    ("nghi dinh", "Nghị định"), ("Thông tư liên tịch", "Thông tư liên tịch"), ("LUẬT", "Luật"),  # the law's
    ("ban sao y", "Bản sao y"), ("Biên bản họp", None), ("Thông tư hướng dẫn", None),
])
def test_type_name_reads_either_kind(typed, name):
    assert decree.type_name(typed) == name


@pytest.mark.parametrize("name, code, codes", [
    ("Công văn", "303/UBND-NV", (1, 18)),  # Điều 7 of Nghị định 30: the 18th administrative type
    ("Kế hoạch", "175/KH-UBND", (1, 10)),
    ("Quyết định", "2336/QĐ-UBND", (1, 2)),  # an individual decision: no year in its code
    ("Quyết định", "16/2026/QĐ-UBND", (2, 8)),  # a legal normative one carries its year
    ("Nghị định", "24/2026/NĐ-CP", (2, 9)),
    ("Luật", "69/2025/QH15", (2, 3)),
    ("Thông tư liên tịch", None, (2, 11)),
    ("Bản sao y", "05/SY-UBND", (1, 0)),  # copies are not in either list
    ("Giấy phép", "428/GP-BCT", (1, 0)),  # a licence is neither: not normative, not in Điều 7
    ("Lệnh", "05/2025/L-CTN", (2, 7)),
    (None, None, (1, 0)),
])
def test_type_codes_for_the_exchange(name, code, codes):
    assert decree.type_code(name, code) == codes
    if codes[1]:
        assert decree.type_of_code(*codes) == name


def test_every_listed_type_is_a_type_the_decree_or_the_law_names():
    for name in decree.ADMINISTRATIVE_ORDER + decree.LEGAL_ORDER:
        assert decree.type_name(name) == name
    assert (decree.type_of_code(18, None), decree.type_of_code(18, 0)) == ("Công văn", "Công văn")
    assert decree.type_of_code(1, 0) is None and decree.type_of_code(2, 40) is None


def test_unknown_type_is_an_error():
    with pytest.raises(KeyError):
        decree.doc_type("Bản tin")


def test_compose_code_for_typed_document_and_cong_van():
    kh = decree.compose_symbol("KH", "UBND")
    assert decree.compose_code(175, kh) == "175/KH-UBND"
    cv = decree.compose_symbol(None, "UBND", "NV")
    assert decree.compose_code(303, cv) == "303/UBND-NV"


def test_numbers_below_ten_take_a_leading_zero_only():
    assert decree.format_number(5) == "05"
    assert decree.format_number(10) == "10"
    assert decree.format_number(1203) == "1203"
    with pytest.raises(ValueError):
        decree.format_number(0)


def test_cong_van_needs_a_unit():
    with pytest.raises(ValueError):
        decree.compose_symbol(None, "UBND")


def test_blank_number_leaves_room_for_the_e_office_system():
    assert decree.compose_code(None, "KH-SCT").strip() == "/KH-SCT"


@pytest.mark.parametrize("date, expected", [
    (dt.date(2023, 2, 8), "Quận 1, ngày 08 tháng 02 năm 2023"),
    (dt.date(2023, 4, 25), "Quận 1, ngày 25 tháng 4 năm 2023"),
    (dt.date(2020, 1, 5), "Quận 1, ngày 05 tháng 01 năm 2020"),
    (dt.date(2020, 3, 5), "Quận 1, ngày 05 tháng 3 năm 2020"),
    (dt.date(2019, 12, 10), "Quận 1, ngày 10 tháng 12 năm 2019"),
])
def test_date_line_padding(date, expected):
    assert decree.date_line("Quận 1", date) == expected


def test_date_line_problems_name_each_wrong_part():
    assert decree.date_line_problems("8", "2") == ['day "8" should read "08"', 'month "2" should read "02"']
    assert decree.date_line_problems("08", "03") == ['month "03" should read "3"']
    assert decree.date_line_problems("25", "4") == []


def test_signature_lines_for_each_authority():
    assert decree.signature_lines("TM.", "Ủy ban nhân dân", "Chủ tịch") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert decree.signature_lines("kt", "Chủ tịch", "Phó Chủ tịch") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert decree.signature_lines("TL.", "Chủ tịch", "Chánh Văn phòng") == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]
    assert decree.signature_lines("TUQ.", "Bộ trưởng", "Vụ trưởng") == ["TUQ. BỘ TRƯỞNG", "VỤ TRƯỞNG"]
    assert decree.signature_lines("Q.", None, "Chủ tịch") == ["Q. CHỦ TỊCH"]
    assert decree.signature_lines(None, None, "Chủ tịch") == ["CHỦ TỊCH"]
    with pytest.raises(ValueError):
        decree.signature_lines("XX.", "A", "B")
    with pytest.raises(ValueError):
        decree.signature_lines("KT.", None, "Phó Chủ tịch")


def test_keep_copy_line():
    assert decree.keep_copy_line("VT, NV, B.Th(5b)") == "- Lưu: VT, NV, B.Th(5b)."
    assert decree.keep_copy_line("Lưu: VT.") == "- Lưu: VT."


@pytest.mark.parametrize("written, normal", [
    ("46 /KH-UBND", "46/KH-UBND"),
    ("16 - NQ/TU", "16-NQ/TU"),
    ("05-Ctr/QU", "05-Ctr/QU"),
    ("27/CTrLT-UBND-MTTQ&TCCT-XH", "27/CTrLT-UBND-MTTQ&TCCT-XH"),
])
def test_normalise_code_removes_stray_spaces(written, normal):
    assert decree.normalise_code(written) == normal


def test_codes_compare_folded_and_case_blind():
    assert decree.code_key("05-CTr/QU") == decree.code_key("05-Ctr/QU")
    assert decree.code_key("4424/QĐ-UBND") == decree.code_key("4424/QD-UBND")
    assert decree.code_key("175/KH-UBND") != decree.code_key("175/KH-UBDN")


def test_code_form_accepts_administrative_and_legal_codes():
    for code in ("175/KH-UBND", "303/UBND-NV", "05/BNV-VP", "45/2020/NĐ-CP"):
        assert decree.CODE_FORM.match(code), code
    for code in ("5/KH-UBND", "46 /KH-UBND", "175/KH UBND", "/KH-UBND"):
        assert not decree.CODE_FORM.match(code), code


@pytest.mark.parametrize("head, deputy", [
    ("Bộ trưởng", "Thứ trưởng"),  # a minister's deputies
    ("BỘ TRƯỞNG", "Thứ trưởng"),
    ("Chủ tịch", "Phó Chủ tịch"),
    ("Thủ tướng", "Phó Thủ tướng"),
    ("Giám đốc", "Phó Giám đốc"),
    ("Cục trưởng", "Phó Cục trưởng"),
])
def test_the_deputy_who_signs_kt_for_a_head(head, deputy):
    assert decree.deputy_title(head) == deputy


@pytest.mark.parametrize("title, cased", [
    ("Phó chủ tịch", "Phó Chủ tịch"),  # the head's title keeps its capital after "Phó"
    ("Q. tổng cục trưởng", "Q. Tổng cục trưởng"),
    ("Phó chánh văn phòng", "Phó Chánh Văn phòng"),
    ("Tổng giám đốc", "Tổng Giám đốc"),
    ("Chủ tịch quốc hội", "Chủ tịch Quốc hội"),
    ("Phó thủ tướng chính phủ", "Phó Thủ tướng Chính phủ"),
    ("Chủ tịch nước cộng hòa xã hội chủ nghĩa việt nam", "Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Trưởng đoàn", "Trưởng đoàn"),
])
def test_titles_cased_as_the_decree_writes_them(title, cased):
    assert capitals.title_casing(title) == cased


@pytest.mark.parametrize("code, type_name, restored", [
    ("1961/QĐUBND", "Quyết định", "1961/QĐ-UBND"),
    ("61/2018/NĐCP", "Nghị định", "61/2018/NĐ-CP"),
    ("5/CTrUBND", "Chương trình", "5/CTr-UBND"),
    ("15/TTCP", "Công văn", "15/TTCP"),  # a công văn's symbol names no type
    ("15/TTCP", None, "15/TTCP"),
    ("12/KHĐT", "Quyết định", "12/KHĐT"),  # not the named type's abbreviation
    ("123/QĐ-UBND", "Quyết định", "123/QĐ-UBND"),
    ("123/QĐg", "Quyết định", "123/QĐg"),
])
def test_a_hyphen_lost_after_the_type_s_abbreviation(code, type_name, restored):
    assert decree.with_lost_hyphen(code, type_name) == restored


@pytest.mark.parametrize("name, cased", [
    ("Bộ công thương", "Bộ Công Thương"),
    ("Sở khoa học và công nghệ tỉnh Lào Cai", "Sở Khoa học và Công nghệ tỉnh Lào Cai"),
    ("Bộ văn hóa, thể thao và du lịch", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("Sở Xây dựng", "Sở Xây dựng"),
    ("Ủy ban nhân dân tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),  # not a Bộ or Sở: as given
    ("Sở thông tin", "Sở Thông tin"),  # a field not in the list: its first word capitalised
    ("Đảng ủy ủy ban nhân dân tỉnh", "Đảng ủy Ủy ban nhân dân tỉnh"),  # a body named inside a name
    ("Văn phòng hội đồng nhân dân tỉnh", "Văn phòng Hội đồng nhân dân tỉnh"),
    ("Bộ lao động thương binh và xã hội", "Bộ Lao động - Thương binh và Xã hội"),  # its dash lost
    # a body's kind, then what it does
    ("Tổng cục thuế", "Tổng cục Thuế"),
    ("Cục hóa chất", "Cục Hóa chất"),
    ("Cục thuế tỉnh Đắk Nông", "Cục Thuế tỉnh Đắk Nông"),
    ("Ủy ban thường vụ Quốc hội", "Ủy ban Thường vụ Quốc hội"),
    ("Ngân hàng nhà nước Việt Nam", "Ngân hàng Nhà nước Việt Nam"),
    ("Ban chấp hành trung ương", "Ban Chấp hành Trung ương"),
    ("Văn phòng tỉnh ủy", "Văn phòng tỉnh ủy"),  # a unit word: not what the body does
    ("Phòng tài chính - kế hoạch", "Phòng Tài chính - Kế hoạch"),  # a district's Phòng
    ("Phòng giáo dục-đào tạo", "Phòng Giáo dục-Đào tạo"),  # fields joined by a dash, its spacing kept
    ("Đoàn chủ tịch ủy ban trung ương mặt trận tổ quốc Việt Nam",
     "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
    ("Công ty điện lực Lào Cai", "Công ty Điện lực Lào Cai"),
    ("Đoàn kiểm tra liên ngành", "Đoàn kiểm tra liên ngành"),  # a team, not a body with a field
])
def test_a_ministrys_or_departments_field_cased_as_the_decree_writes_it(name, cased):
    assert capitals.agency_casing(name) == cased


@pytest.mark.parametrize("text, cased", [
    ("Sở Công Thương tỉnh lào cai", "Sở Công Thương tỉnh Lào Cai"),
    ("Ủy ban nhân dân thành phố hà nội", "Ủy ban nhân dân thành phố Hà Nội"),
    ("tỉnh lao cai", "tỉnh lao cai"),  # without its marks: another word, left (province_spelled's case)
    ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
])
def test_a_province_after_its_unit_word_is_cased_as_the_list_writes_it(text, cased):
    from docgen.base.places import provinces_cased

    assert provinces_cased(text) == cased


def test_unmarked_province_names_get_their_marks():
    from docgen.base.places import province_spelled

    assert province_spelled("Uy ban nhan dan tinh Lao Cai") == "Uy ban nhan dan tinh Lào Cai"
    assert province_spelled("tinh Ha Noi moi") == "tinh Hà Nội moi"


@pytest.mark.parametrize("text, head", [
    ("THỦ TƯỚNG", "Thủ tướng"), ("THỦ TƯỚN", "Thủ tướng"), ("Cục trưởn", "Cục trưởng"), ("GIÁM ĐÔC", "Giám đốc"),
    ("Giám đốc sở", None), ("Chủ tịch Quốc hội", None), ("Bí th", None),  # short: one letter is another word
])
def test_head_title_within_one_letter(text, head):
    assert decree.head_title(text) == head


@pytest.mark.parametrize("code, name", [
    ("75-KL/TW", "Kết luận"), ("2449-CV/ĐU", "Công văn"), ("18-NQ/TW", "Nghị quyết"), ("05-CTr/QU", "Chương trình"),
    ("12-QĐi/TW", "Quy định"), ("175/KH-UBND", None), ("19/2026/NQ-CP", None),  # not a Party số
])
def test_party_type_of_code(code, name):
    found = decree.party_type_of_code(code)
    assert (found.name if found else None) == name


@pytest.mark.parametrize("code, name", [
    ("75-KL/TW", "Kết luận"),  # a Party số names its kind between number and issuer
    ("12/2024/TT-BTC", "Thông tư"),
    ("45/QĐ-UBND", "Quyết định"),
    ("45 / QĐ - UBND", "Quyết định"),
    ("303/UBND-NV", None),  # a công văn's ký hiệu names no type
    (None, None),
])
def test_the_type_a_code_names(code, name):
    found = decree.type_named_by_code(code)
    assert (found.name if found else None) == name
