import datetime as dt

from docgen.base.vntext import find_dates, fold, fold_key, nfc, parse_date


def test_fold_strips_marks_and_maps_d_bar():
    assert fold("Cải cách hành chính") == "Cai cach hanh chinh"
    assert fold("Đất đai ĐÀ NẴNG") == "Dat dai DA NANG"


def test_fold_keeps_length_of_nfc_text_so_offsets_carry_over():
    text = nfc("Quận 1, ngày 25 tháng 4 năm 2023")
    assert len(fold(text)) == len(text)


def test_nfc_composes_decomposed_input():
    decomposed = "Vie\u0302\u0323t Nam"
    assert nfc(decomposed) == "Việt Nam"
    assert fold_key(decomposed) == "viet nam"


def test_fold_key_ignores_case_and_spacing():
    assert fold_key("  Ủy  ban NHÂN dân ") == fold_key("uy ban nhan dan")


def test_find_dates_in_words_and_digits_with_offsets():
    text = "Kế hoạch số 406/KH-UBND ngày 29 tháng 12 năm 2022 và Kế hoạch số 60/KH-UBND, ngày 29/02/2024"
    found = find_dates(text)
    assert [d.date for d in found] == [dt.date(2022, 12, 29), dt.date(2024, 2, 29)]
    assert text[found[0].start:found[0].end] == "ngày 29 tháng 12 năm 2022"
    assert found[1].text == "29/02/2024"


def test_find_dates_reads_ocr_text_that_lost_its_marks():
    assert parse_date("Qudn 1, ngay 20 thdng 4 ndm 2022") == dt.date(2022, 4, 20)


def test_impossible_dates_are_not_dates():
    assert find_dates("ngày 31 tháng 02 năm 2023 hoặc 45/13/2020") == []


def test_short_numeric_date_forms():
    assert parse_date("ban hành ngày 13/8/2021") == dt.date(2021, 8, 13)
