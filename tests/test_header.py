"""parse_header on the forms of real headers and signatures, one test a trap: legal normative
documents, scans and OCR, and the forms documents outside the samples showed (Party documents,
tables as converters write them, stamps, columns flattened into Nơi nhận)."""

from __future__ import annotations

import pytest

from archive.header import parse_header


# --- legal normative documents, one test a trap ---------------------------------------------

def test_a_number_and_a_date_cut_into_pieces_by_markup():
    h = parse_header("CHÍNH PHỦ\n_______\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                     "Số: 2\n95\n/2025/NĐ-CP\nHà Nội, ngày 1\n5\ntháng\n1\n1\nnăm 2025\nNGHỊ ĐỊNH\n"
                     "Quy định chi tiết thi hành Luật Viễn thông\nCăn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\n")
    assert (h.code, h.number, h.date.isoformat(), h.place) == ("295/2025/NĐ-CP", 295, "2025-11-15", "Hà Nội")
    assert (h.type, h.issuer, h.subject) == ("Nghị định", "Chính phủ", "Quy định chi tiết thi hành Luật Viễn thông")


def test_a_law_takes_the_day_of_passage_and_its_president_signs():
    h = parse_header("QUỐC HỘI\nLuật số:\n116\n/2025/QH15\nCỘNG HÒA XÃ HỘI CHỦ\nNGHĨA VIỆT NAM\n"
                     "Độc lập - Tự do - Hạnh phúc\nLUẬT\nAN NINH MẠNG\nCăn cứ Hiến pháp;\nĐiều 1. Phạm vi\n"
                     + "Nội dung điều luật rất dài. " * 20 + "\nLuật này được Quốc hội khóa XV, Kỳ họp thứ 10 "
                     "thông qua ngày 10 tháng 12 năm 2025.\nCHỦ TỊCH QUỐC HỘI\nTrần Thanh Mẫn\n")
    assert (h.type, h.code, h.issuer, h.subject) == ("Luật", "116/2025/QH15", "Quốc hội", "AN NINH MẠNG")
    assert h.date.isoformat() == "2025-12-10" and "date of passage taken from the closing formula" in h.warnings
    assert (h.signer_authority, h.signer_title, h.signer_name) == (None, "Chủ tịch Quốc hội", "Trần Thanh Mẫn")


def test_a_chain_of_authority_without_noi_nhan():
    h = parse_header("CHÍNH PHỦ\nSố: 28/2026/NĐ-CP\nHà Nội, ngày 19 tháng 01 năm 2026\nNGHỊ ĐỊNH\nVề việc thử\n"
                     "Căn cứ Luật;\n" + "Điều khoản dài của nghị định về nhiều việc khác nhau. " * 5 + "/.\n"
                     "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n(Đã ký)\nNguyễn Chí Dũng\n")
    assert (h.signer_authority, h.signer_title, h.signer_name) == ("TM.", "Phó Thủ tướng", "Nguyễn Chí Dũng")


def test_a_joint_resolution_has_every_issuer_and_the_first_signer():
    h = parse_header("ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCHÍNH PHỦ - ĐOÀN CHỦ TỊCH\nỦY BAN TRUNG ƯƠNG\n"
                     "MẶT TRẬN TỔ QUỐC VIỆT NAM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                     "Số: 102/2025/NQLT - UBTVQH15 - CP - ĐCTUBTWMTQVN\nHà Nội, ngày 26 tháng 9 năm 2025\n"
                     "NGHỊ QUYẾT LIÊN TỊCH\nHướng dẫn quy trình hiệp thương\nCăn cứ Hiến pháp;\n"
                     "TM.ĐOÀN CHỦ TỊCH UB TW MẶT TRẬN TỔ QUỐC VIỆT NAM\nCHỦ TỊCH\n(Đã ký)\nĐỗ Văn Chiến\n"
                     "TM. CHÍNH PHỦ\nTHỦ TƯỚNG\n(Đã ký)\nPhạm Minh Chính\n")
    assert h.type == "Nghị quyết liên tịch" and h.code == "102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTQVN"
    assert h.issuer.casefold() == ("ủy ban thường vụ quốc hội - chính phủ - đoàn chủ tịch ủy ban trung ương "
                                   "mặt trận tổ quốc việt nam") and h.parent_issuer is None
    assert (h.signer_authority, h.signer_name) == ("TM.", "Đỗ Văn Chiến")


@pytest.mark.parametrize("line, code, number", [
    ("Số: 143/2025/TT-BTС", "143/2025/TT-BTC", 143),  # a Cyrillic С in the symbol
    ("Số: 66.9/2025/NQ-CP", "66.9/2025/NQ-CP", "66.9"),  # a decimal number
    ("Pháp lệnh số: 09/2025/UBTVQH15", "09/2025/UBTVQH15", 9),
    ("Số: /2025/TT-BNNMT", None, None),  # left blank
    ("Số: 23/2024TT-BCT", "23/2024/TT-BCT", 23),  # OCR lost the "/" after the year
    ("Số:8 5 2 0/BCT-KHCN", "8520/BCT-KHCN", 8520),  # a numbering stamp's spaced digits
    ("Số: 45 26 /QĐ-UBND", None, None),  # handwriting OCR split: not a stamp, left unread
])
def test_number_lines_of_legal_documents(line, code, number):
    h = parse_header(f"BỘ TÀI CHÍNH\n{line}\nHà Nội, ngày 31 tháng 12 năm 2025\nTHÔNG TƯ\nHướng dẫn\n")
    assert (h.code, h.number) == (code, number)


def test_an_annex_form_never_overrides_the_documents_header():
    annex = ("PHỤ LỤC\nMẫu số 01\nTÊN CƠ QUAN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
             "Số: ..../....\n......, ngày ... tháng ... năm ...\nĐƠN ĐỀ NGHỊ\n")
    h = parse_header("CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                     "Số: 178/2026/NĐ-CP\nHà Nội, ngày 21 tháng 5 năm 2026\nNGHỊ ĐỊNH\nQUY ĐỊNH VIỆC QUẢN LÝ\n"
                     "Căn cứ Luật;\n" + "Điều khoản. " * 400 + "\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\nPhạm Minh Chính\n" + annex)
    assert (h.code, h.date.isoformat(), h.type, h.subject) == ("178/2026/NĐ-CP", "2026-05-21", "Nghị định",
                                                               "QUY ĐỊNH VIỆC QUẢN LÝ")
    assert (h.signer_authority, h.signer_name) == ("TM.", "Phạm Minh Chính")


def test_an_attribute_page_and_an_english_translation():
    h = parse_header("Số hiệu\n523/QĐ-TTg\nLoại văn bản\nQuyết định\nNgày ban hành\n01/04/2021\n"
                     "Cơ quan ban hành\nChính phủ\nChức danh\nThủ tướng\nNgười ký\nNguyễn Xuân Phúc\n"
                     "Quyết định số 523/QĐ-TTg Phê duyệt Chiến lược phát triển lâm nghiệp\n")
    assert (h.code, h.type, h.date.isoformat(), h.issuer, h.signer_title, h.signer_name, h.subject) == (
        "523/QĐ-TTg", "Quyết định", "2021-04-01", "Chính phủ", "Thủ tướng", "Nguyễn Xuân Phúc",
        "Phê duyệt Chiến lược phát triển lâm nghiệp")
    h = parse_header("JOINT CIRCULAR\nGuiding the application of the Law on Legal Assistance\n"
                     "Pursuant to the Law on Legal Assistance; the Ministry of Justice and the Court jointly provide:\n"
                     + "Article 1. The scope of the circular is the assistance given in the civil domain. " * 5)
    assert (h.type, h.subject, h.code) == ("Thông tư liên tịch", "Guiding the application of the Law on Legal "
                                           "Assistance", None)


@pytest.mark.parametrize("text", ["", "\n\n\n", "chỉ một dòng không có tiêu đề", "x" * 200_000,
                                  "Số:\n" * 500, "ngày\n1\n" * 300])
def test_a_text_with_no_header_gives_warnings_not_a_crash(text):
    h = parse_header(text)
    assert h.code is None and h.warnings


# --- scans and OCR: one test a trap ----------------------------------------------------------

def test_a_header_printed_without_marks_gets_its_agency_words_and_place_spelled():
    h = parse_header("UY BAN NHAN DAN QUAN 1 CONG HOA XA HOI CHU NGHIA VIET NAM\nDoc lap - Tu do - Hanh phuc\n"
                     "So: 292 /UBND-NV Quan 1, ngay 20 thang 4 nam 2022\nV/v day manh cai cach hanh chinh\n")
    assert (h.issuer, h.place, h.code) == ("Ủy ban nhân dân Quận 1", "Quận 1", "292/UBND-NV")
    h = parse_header("UY BAN NHAN DAN\nTINH LAO CAI\nSo: 12/UBND-VX\nLao Cai, ngay 2 thang 3 nam 2026\nV/v thu\n")
    assert h.issuer == "Ủy ban nhân dân tỉnh Lào Cai"


_RECORD = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBIÊN BẢN KIỂM TRA\n"
           "Hôm nay, ngày 31 tháng 3 năm 2026, tại kho vật liệu nổ, chúng tôi gồm các bên dưới đây.\n"
           + "Các bên thống nhất nội dung kiểm tra như trên và ký tên dưới đây. " * 3 + "\n")


@pytest.mark.parametrize("closing, authority_title, name", [
    # companies only: nobody signs for the record as a whole
    ("ĐẠI DIỆN\nCÔNG TY TNHH TƯ VẤN THỊNH HƯNG\nGIÁM ĐỐC\nĐẠI DIỆN\nCÔNG TY CP XÂY DỰNG HẠ TẦNG\n"
     "PHÓ TỔNG GIÁM ĐỐC\nLương Văn Thắng\nPhạm Xuân Phường\n", None, None),
    # a Sở and a company, blocks side by side as OCR flattens them: the Sở's officer signs
    ("ĐẠI DIỆN SỞ CÔNG THƯƠNG __ ĐẠI DIỆN CÔNG TY CP ĐẦU TƯ\nPHO GIAM ĐỌC XAYD Ạ TẦNG CƠ SỞ\n€3 ` KC\n"
     "==Hoàng Văn Thuân Phạm Xuân Phường\n", "Phó Giám đốc", "Hoàng Văn Thuân"),
    # a Sở and a company, one block under the other
    ("ĐẠI DIỆN CÔNG TY TNHH SƠN THÁI\nGIÁM ĐỐC\nTrần Chí Dũng\nĐẠI DIỆN SỞ CÔNG THƯƠNG\nTRƯỞNG ĐOÀN\n"
     "Hoàng Văn Thuân\n", "Trưởng đoàn", "Hoàng Văn Thuân"),
    # ... the heading alone on its line, the body's name under it
    ("ĐẠI DIỆN\nCÔNG TY TNHH SƠN THÁI\nGIÁM ĐỐC\nTrần Chí Dũng\nĐẠI DIỆN\nSỞ CÔNG THƯƠNG\nPHÓ GIÁM ĐỐC\n"
     "Hoàng Văn Thuân\n", "Phó Giám đốc", "Hoàng Văn Thuân"),
])
def test_a_record_signed_by_parties(closing, authority_title, name):
    h = parse_header(_RECORD + closing)
    assert (h.signer_title, h.signer_name) == (authority_title, name)
    if name is None:
        assert "2 parties sign: no single signer" in h.warnings


def test_an_acronym_in_a_company_header_spelled_out_as_its_decision_prints_it():
    h = parse_header("CÔNG TY CP ĐẦU TƯ XÂY DỰNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHẠ TẦNG VÀ GIAO THÔNG\n"
                     "Số: 89 /2026/QĐ-CT Hà Nội, ngày 08 tháng 5 năm 2026\nQUYẾT ĐỊNH\nPhê duyệt thiết kế\n"
                     "CÔNG TY CỔ PHẦN ĐẦU TƯ XÂY DỰNG HẠ TẦNG VÀ GIAO THÔNG\nCăn cứ Luật Xây dựng;\n")
    assert h.issuer == "Công ty Cổ phần đầu tư xây dựng hạ tầng và giao thông"
    h = parse_header("CÔNG TY CP ABC\nSố: 1/QĐ-CT\nHà Nội, ngày 08 tháng 5 năm 2026\nQUYẾT ĐỊNH\nVề việc thử\n")
    assert h.issuer == "Công ty CP ABC"  # the text never spells it out: left as printed


def test_a_handwritten_date_leaves_its_place_and_the_signer_beside_a_damaged_noi_nhan():
    annex = ("PHỤ LỤC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐƠN ĐỀ NGHỊ\n"
             "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nNGƯỜI ĐỀ NGHỊ\n(Ký, ghi rõ họ tên)\n")
    h = parse_header("BỘ CÔNG THƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                     "Số: ^ 3/2024TT-BCT Hà Nội, ngàyO { tháng jj_ năn:202#\nTHÔNG TƯ\nQuy định về vật liệu nổ\n"
                     "Căn cứ Luật;\n" + "Điều khoản của thông tư. " * 40 + "\n"
                     "M. nhận: , . KT. BỘ TRƯỞNG =\n- Ủy ban Thường vụ Quốc hội; : cất tr 3\n"
                     "~ Thủ tướng và các Phó Thủ tướng Chính phủ, - Gà ° 4 S\n"
                     "- HĐND, UBND các tỉnh, thành phố trực thuộc TW; Trươn Thanh Hoài +\n- Lưu: VT, ATMT.\n" + annex)
    assert (h.place, h.date, h.code) == ("Hà Nội", None, None)
    assert any(w.startswith("issue date unreadable") for w in h.warnings)
    assert (h.signer_authority, h.signer_title, h.signer_name) == ("KT.", "Thứ trưởng", "Trương Thanh Hoài")


def test_a_licence_dated_above_its_signature_with_a_scrap_before_its_title():
    h = parse_header("BỘ CÔNG THƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                     "nà GIẤY PHÉP\nVẬN CHUYỂN HÀNG HÓA NGUY HIỂM\n\nBộ Công Thương cho phép:\n"
                     "Tên tổ chức: Công ty TNHH Vận tải Quý Châu.\nHà Nội, ngày 30 tháng 5 năm 2025\n"
                     "Nơi nhận: KT. BỘ TRƯỞNG\n- Công ty TNHH Vận tải; THỨ TRƯỞNG\n- Lưu: VT, HC.\nTrương Thanh Hoài\n")
    assert (h.type, h.subject, h.issuer, h.date.isoformat()) == (
        "Giấy phép", "VẬN CHUYỂN HÀNG HÓA NGUY HIỂM", "Bộ Công Thương", "2025-05-30")


@pytest.mark.parametrize("name, read", [
    ("Trươn Thanh Hoài", "Trương Thanh Hoài"),  # a letter lost
    ("Nguyễnn Văn An", "Nguyễn Văn An"),  # a letter gained
    ("Vi Văn Huynh", "Vi Văn Huynh"),  # a surname of the north's minorities stays
    ("Trầm Văn Bình", "Trầm Văn Bình"),  # a letter for another: a name of its own, not Trần
])
def test_a_signers_surname_cut_by_ocr(name, read):
    h = parse_header("SỞ XÂY DỰNG\nSố: 5/SXD-QH\nHà Nội, ngày 2 tháng 3 năm 2026\nV/v thử\n"
                     f"Nội dung.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nGIÁM ĐỐC\n{name}\n")
    assert h.signer_name == read


def test_a_chain_of_titles_beside_the_items_of_noi_nhan():
    # a text taken from a PDF by layout: the signature column's lines end the lines of Nơi nhận
    h = parse_header("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÀO CAI Độc lập - Tự do - Hạnh phúc\n"
                     "Số: 904 /QĐ-UBND Lào Cai, ngày 26 tháng 8 năm 2025\nQUYẾT ĐỊNH\nVề việc ủy quyền\n"
                     "Căn cứ Luật;\nĐiều 1. Ủy quyền cho Giám đốc Sở.\nQuyết định này./.\n"
                     " Nơi nhận:                                    TM. ỦY BAN NHÂN DÂN\n"
                     "- Như Điều 5;                                     KT. CHỦ TỊCH\n- Chủ tịch UBND tỉnh;\n"
                     "- Các PCT UBND tỉnh;                              PHÓ CHỦ TỊCH\n- Lưu: VT, KT.\n\n\n"
                     "                                                   Ngô Hạnh Phúc\n")
    assert (h.signer_authority, h.signer_title, h.signer_name) == ("TM.", "Phó Chủ tịch", "Ngô Hạnh Phúc")
    assert h.cc == ["Như Điều 5", "Chủ tịch UBND tỉnh", "Các PCT UBND tỉnh", "Lưu: VT, KT"]


def test_titles_beside_the_items_when_noi_nhan_stands_alone_on_its_line():
    h = parse_header("ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÀO CAI Độc lập - Tự do - Hạnh phúc\n"
                     "Số: 9387 /UBND-KT Lào Cai, ngày 15 tháng 9 năm 2026\nV/v triển khai thực hiện\n"
                     "Kính gửi: Các Sở, ban, ngành thuộc tỉnh.\nNội dung công văn./.\nNơi nhận:\n"
                     "- Như trên;                                                KT. CHỦ TỊCH\n"
                     "- Chủ tịch UBND tỉnh (b/c);                                PHÓ CHỦ TỊCH\n"
                     "- Lưu: VT, KTThủy.\n\n\n                                                Phan Trung Bá\n")
    assert (h.signer_authority, h.signer_title, h.signer_name) == ("KT.", "Phó Chủ tịch", "Phan Trung Bá")


def test_a_party_document():
    # Hướng dẫn 36-HD/VPTW: the Party's heading for the Quốc hiệu, "Số 2449-CV/ĐU" without a colon,
    # the date line between the issuer and its số once columns are flattened, "T/M" for "TM."
    h = parse_header("     ĐẢNG BỘ TỈNH LÀO CAI                             ĐẢNG CỘNG SẢN VIỆT NAM\n"
                     " ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH\n"
                     "                                                      Lào Cai, ngày 07 tháng 9 năm 2026\n"
                     "               *\n         Số 2449 -CV/ĐU\nvề việc triển khai thực hiện Chương trình hành động\n"
                     "số 104-CTr/TU ngày 30/8/2026 của Tỉnh ủy Lào Cai\n\n\n"
                     "                  Kính gửi: - Ủy ban nhân dân tỉnh,\n"
                     "                            - Các chi bộ, đảng bộ cơ sở.\n\n\n"
                     "Thực hiện Chương trình hành động số 104-CTr/TU, Đảng ủy đề nghị như sau./.\n"
                     "Nơi nhận:                                    T/M BAN THƯỜNG VỤ\n"
                     "- Như trên (t/h);                                 PHÓ BÍ THƯ\n- Lưu Văn phòng Đảng ủy.\n\n\n"
                     "                                                Nguyễn Hữu Long\n")
    assert (h.code, h.number, h.type, h.date.isoformat(), h.place) == ("2449-CV/ĐU", 2449, "Công văn", "2026-09-07",
                                                                      "Lào Cai")
    assert (h.issuer, h.parent_issuer) == ("Đảng ủy Ủy ban nhân dân tỉnh", "Đảng bộ tỉnh Lào Cai")
    assert h.subject.startswith("về việc triển khai thực hiện Chương trình hành động số 104-CTr/TU")
    assert h.recipients == ["Ủy ban nhân dân tỉnh", "Các chi bộ, đảng bộ cơ sở"]
    assert (h.signer_authority, h.signer_title, h.signer_name) == ("TM.", "Phó Bí thư", "Nguyễn Hữu Long")


def test_a_text_whose_header_and_signature_are_markdown_tables():
    # as converters write a .docx's tables: a row's cells in pipes, a cell's paragraphs run together
    h = parse_header("| VĂN PHÒNG CHÍNH PHỦ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
                     " --------------- |\n| --- | --- |\n"
                     "| Số: 467/TB-VPCP | *Hà Nội, ngày 14 tháng 10 năm 2024 * |\nTHÔNG BÁO\n"
                     "KẾT LUẬN CUỘC HỌP VỀ ĐỀ ÁN PHÁT TRIỂN THỊ TRƯỜNG CÁC-BON TẠI VIỆT NAM\n"
                     "Ngày 07 tháng 10 năm 2024, tại trụ sở Chính phủ, Phó Thủ tướng chủ trì cuộc họp.\n"
                     "Văn phòng Chính phủ thông báo để các Bộ, cơ quan liên quan biết, thực hiện./.\n"
                     "| *Nơi nhận:* - Thủ tướng Chính phủ; - Các Bộ: CA, TC, TNMT. - Lưu: VT, NN (2)NXT. "
                     "| KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM     Nguyễn Sỹ Hiệp |\n| --- | --- |\n")
    assert (h.code, h.type, h.issuer, h.date.isoformat(), h.place) == (
        "467/TB-VPCP", "Thông báo", "Văn phòng Chính phủ", "2024-10-14", "Hà Nội")
    assert h.subject == "KẾT LUẬN CUỘC HỌP VỀ ĐỀ ÁN PHÁT TRIỂN THỊ TRƯỜNG CÁC-BON TẠI VIỆT NAM"
    assert h.cc == ["Thủ tướng Chính phủ", "Các Bộ: CA, TC, TNMT", "Lưu: VT, NN (2)NXT"]
    assert (h.signer_authority, h.signer_title, h.signer_name) == ("KT.", "Phó Chủ nhiệm", "Nguyễn Sỹ Hiệp")


def test_list_items_wrapped_over_lines_and_lưu_closing_noi_nhan():
    h = parse_header("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "Số: 3320 /SNNMT-CCMT Lào Cai, ngày 23 tháng 4 năm 2026\nV/v triển khai thực hiện\n"
                     "Kính gửi:\n - Công an tỉnh;\n - Chủ các công trình phải tổ chức quan trắc khí tượng\n"
                     " thuỷ văn chuyên dùng trên địa bàn tỉnh Lào Cai;\n - Chủ dự án/cơ sở phải thực hiện kiểm kê.\n"
                     "Nội dung công văn./.\nNơi nhận:                  KT. GIÁM ĐỐC\n- Như trên;\n"
                     "- Cổng thông tin điện tử tỉnh (đăng tải trên Website của\ntỉnh);\n- Lưu: VT, CCMT. œ\n"
                     "tộ\n                   PHÓ GIÁM ĐỐC\n                   Hà Mạnh Cường\n")
    assert h.recipients == ["Công an tỉnh", "Chủ các công trình phải tổ chức quan trắc khí tượng thuỷ văn chuyên "
                            "dùng trên địa bàn tỉnh Lào Cai", "Chủ dự án/cơ sở phải thực hiện kiểm kê"]
    assert h.cc == ["Như trên", "Cổng thông tin điện tử tỉnh (đăng tải trên Website của tỉnh)", "Lưu: VT, CCMT. œ"]
    assert (h.signer_authority, h.signer_title, h.signer_name) == ("KT.", "Phó Giám đốc", "Hà Mạnh Cường")


def test_an_italic_date_line_split_by_markdown_asterisks():
    h = parse_header("| THỦ TƯỚNG CHÍNH PHỦ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |\n"
                     "| --- | --- |\n| Số: 13/CT-TTg | *Hà Nội, ngày 02 tháng* *5 năm 2024* |\nCHỈ THỊ\n"
                     "VỀ TĂNG CƯỜNG CÔNG TÁC QUẢN LÝ TÍN CHỈ CÁC-BON\nThực hiện cam kết về giảm phát thải.\n"
                     "| *Nơi nhận:* - Ban Bí thư Trung ương Đảng; - Lưu: VT, NN (2)NXT. | THỦ TƯỚNG     Phạm Minh Chính |\n")
    assert (h.code, h.type, h.issuer, h.place, h.date.isoformat()) == (
        "13/CT-TTg", "Chỉ thị", "Thủ tướng Chính phủ", "Hà Nội", "2024-05-02")
    assert (h.signer_title, h.signer_name) == ("Thủ tướng", "Phạm Minh Chính")


_E_OFFICE_HEADER = ("===== TRANG 1 =====\nỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\n"
                    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố:         /BC-SNNMT\n"
                    "Lào Cai, ngày        tháng      năm 2026\nBÁO CÁO\nTình hình thực hiện kế hoạch năm 2026\n"
                    "Thực hiện Công văn số 3318/BTNMT-KHTC ngày 07/4/2026 của Bộ, Sở báo cáo như sau:\n"
                    "1. Kết quả thực hiện trong năm 2026 của các đơn vị.\n")


@pytest.mark.parametrize("stamp, code, date", [
    ("892\n28\n8\n", "892/BC-SNNMT", "2026-08-28"),  # three lines, where stream order put them
    ("2496 06 4\n", "2496/BC-SNNMT", "2026-04-06"),  # one line of three
    ("892\n31\n2\n", None, None),  # no such day: not the stamp
    ("892\n28\n8\n\n12\n3\n5\n", None, None),  # two candidates: nothing says which
    ("Bảng số liệu:\n150\n12\n5\n38\n41\n", None, None),  # a table's figures in stream order
    ("892\n28\n8\n\f2\nviệc rà soát các chuyên đề\n", "892/BC-SNNMT", "2026-08-28"),  # then page 2's number
])
def test_an_e_office_stamp_in_stream_order_fills_the_blank_number_and_day(stamp, code, date):
    h = parse_header(_E_OFFICE_HEADER + stamp + "\n===== TRANG 2 =====\n2\nTiếp theo.\n")
    assert (h.code, h.date.isoformat() if h.date else None) == (code, date)
    assert h.parent_issuer == "Ủy ban nhân dân tỉnh Lào Cai"  # the page mark is not part of the header


def test_cells_joined_by_pipes_and_a_council_named_one_letter_from_a_title():
    # a .docx's tables as another extraction writes them: cells joined with " | "; "HỘI ĐỒNG NHÂN DÂN"
    # is an issuer, not OCR's "HỢP ĐỒNG"
    h = parse_header("HỘI ĐỒNG NHÂN DÂN\nTỈNH LÀO CAI\n------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "Độc lập - Tự do - Hạnh phúc \n---------------\n"
                     "Số: 19/2025/NQ-HĐND | Lào Cai, ngày 09 tháng 12 năm 2025\n\nNGHỊ QUYẾT\n"
                     "BAN HÀNH BẢNG GIÁ ĐẤT TRÊN ĐỊA BÀN TỈNH LÀO CAI\nCăn cứ Luật Đất đai số 31/2024/QH15;\n"
                     "Điều 1. Phạm vi điều chỉnh.\nNơi nhận:\n- Chính phủ;\n- Lưu: VT. | CHỦ TỊCH\n\n\nVũ Xuân Cường\n")
    assert (h.type, h.code, h.issuer, h.place, h.date.isoformat()) == (
        "Nghị quyết", "19/2025/NQ-HĐND", "Hội đồng nhân dân tỉnh Lào Cai", "Lào Cai", "2025-12-09")
    assert (h.signer_title, h.signer_name) == ("Chủ tịch", "Vũ Xuân Cường")


def test_an_issuer_read_from_the_acting_sentence_stops_before_ve_viec():
    h = parse_header("KẾ HOẠCH\nThi đua năm 2026\nỦy ban nhân dân tỉnh Lào Cai về việc ban hành Kế hoạch thi đua "
                     "như sau:\n1. Mục đích.\n")
    assert h.issuer == "Ủy ban nhân dân tỉnh Lào Cai"


@pytest.mark.parametrize("line, place, date", [
    ("  Số: 283/2026/NĐ-CP      Hà Nội ngày 15 tháng 7 năm 2026", "Hà Nội", "2026-07-15"),  # the comma dropped
    ("Số: 12/UBND-VP   Quận 1 ngày 2 tháng 3 năm 2026", "Quận 1", "2026-03-02"),
    ("Số: 12/UBND-VP   Luật Đất đai ngày 18 tháng 1 năm 2024", None, None),  # a citation, not a place
])
def test_a_date_line_without_its_comma(line, place, date):
    h = parse_header(f"CHÍNH PHỦ\n{line}\nNGHỊ ĐỊNH\nQuy định xử phạt\nCăn cứ Luật;\n")
    assert (h.place, h.date.isoformat() if h.date else None) == (place, date)


def test_a_consolidated_text_is_a_van_ban_hop_nhat_whatever_its_title():
    h = parse_header("VĂN PHÒNG QUỐC HỘI\n-------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                     "Số: 78/VBHN-VPQH | Hà Nội, ngày 26 tháng 3 năm 2026\n\nLUẬT\n"
                     "QUẢN LÝ, SỬ DỤNG VŨ KHÍ, VẬT LIỆU NỔ VÀ CÔNG CỤ HỖ TRỢ\nCăn cứ Hiến pháp;\n")
    assert (h.type, h.code, h.issuer, h.date.isoformat()) == (
        "Văn bản hợp nhất", "78/VBHN-VPQH", "Văn phòng Quốc hội", "2026-03-26")
    assert h.subject == "QUẢN LÝ, SỬ DỤNG VŨ KHÍ, VẬT LIỆU NỔ VÀ CÔNG CỤ HỖ TRỢ"


# --- Markdown tables whose cells hold a whole column ----------------------------------------

_MD_HEAD = ("| {issuer} ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc  --------------- |\n"
            "| --- | --- |\n| Số: {code}{vv} | *Hà Nội, ngày 19 tháng 01 năm 2026* |\n")


def test_a_v_v_in_the_number_s_cell():
    h = parse_header(_MD_HEAD.format(issuer="BỘ TÀI CHÍNH", code="683/BTC-CST",
                                     vv=" *V/v chính sách thuế giá trị gia tăng đối với tín chỉ các-bon*")
                     + "Kính gửi: Công ty cổ phần năng lượng BIM.\nBộ Tài chính có ý kiến như sau:\n")
    assert (h.type, h.code, h.date.isoformat()) == ("Công văn", "683/BTC-CST", "2026-01-19")
    assert h.subject == "V/v chính sách thuế giá trị gia tăng đối với tín chỉ các-bon"


@pytest.mark.parametrize("cell, authority, title, name", [
    # a chain whose cell is longer than a line of prose
    ("TL. BỘ TRƯỞNG KT. CỤC TRƯỞNG CỤC QUẢN LÝ, GIÁM SÁT CHÍNH SÁCH THUẾ, PHÍ VÀ LỆ PHÍ PHÓ CỤC TRƯỞNG     "
     "Lưu Đức Huy", "TL.", "Phó Cục trưởng", "Lưu Đức Huy"),
    ("TM. HỘI ĐỒNG THÀNH VIÊN CHỦ TỊCH     Nguyễn Sơn", "TM.", "Chủ tịch", "Nguyễn Sơn"),
    ("TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG     Phạm Gia Túc", "TM.", "Phó Thủ tướng", "Phạm Gia Túc"),
    ("TM. ỦY BAN NHÂN DÂN     Nguyễn Văn An", "TM.", None, "Nguyễn Văn An"),  # no title: none made up
])
def test_a_signature_cell_s_lines_joined(cell, authority, title, name):
    h = parse_header(_MD_HEAD.format(issuer="BỘ TÀI CHÍNH", code="683/BTC-CST", vv="")
                     + "Kính gửi: Công ty BIM.\nBộ Tài chính trả lời Công ty để biết./.\n"
                     f"| *Nơi nhận:* - Như trên; - Lưu VT, CST (04b). | {cell} |\n| --- | --- |\n")
    assert (h.signer_authority, h.signer_title, h.signer_name) == (authority, title, name)


def test_the_state_named_in_a_subject_is_not_the_quoc_hieu():
    h = parse_header(_MD_HEAD.format(issuer="CHÍNH PHỦ", code="235/NQ-CP", vv="") + "NGHỊ QUYẾT\n"
                     "VỀ VIỆC PHÊ DUYỆT THỎA THUẬN GIỮA CHÍNH PHỦ NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM VÀ "
                     "CHÍNH PHỦ NƯỚC CỘNG HÒA SINGAPORE\nCHÍNH PHỦ\n*Căn cứ Luật Tổ chức Chính phủ;*\n")
    assert h.subject.endswith("VIỆT NAM VÀ CHÍNH PHỦ NƯỚC CỘNG HÒA SINGAPORE")


def test_the_country_s_name_keeps_its_capitals_in_an_issuer():
    h = parse_header(_MD_HEAD.format(issuer="TỔNG CÔNG TY LƯU KÝ VÀ BÙ TRỪ CHỨNG KHOÁN VIỆT NAM",
                                     code="17/QĐ-HĐTV", vv="") + "QUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ\n")
    assert h.issuer == "Tổng công ty Lưu ký và bù trừ chứng khoán Việt Nam"


@pytest.mark.parametrize("beside, title", [
    ("KT THỦ TƯỚN \\", "Phó Thủ tướng"),  # OCR under a seal: the dot lost, one letter lost
    ("KT. BỘ TRƯỞNG", "Thứ trưởng"),
    ("KT. CHỦ TỊCH", "Phó Chủ tịch"),
])
def test_a_deputy_s_title_lost_under_the_seal_is_the_kt_line_s_head_s(beside, title):
    """TM. over KT. over the deputy's own title, the last unreadable: the deputy of the head the
    KT. line names signs (a chain's KT. line, not only a chain that starts with KT.)."""
    h = parse_header("CHÍNH PHỦ\nSố: 19/2026/NQ-CP\nHà Nội, ngày 3 tháng 2 năm 2026\nNGHỊ QUYẾT\nVề việc thử\n"
                     "Căn cứ Luật;\nĐiều 1. Nội dung.\nNơi nhận: TM. CHÍNH PHỦ\n"
                     f"- Ban Bí thư Trung ương Đảng; {beside}\n- Thủ tướng, các Phó Thủ tướng Chính phủ; — nu ƯỚNG\n"
                     "- Kiểm toán nhà nước; Phạm Thị Thanh Trà\n- Lưu: VT, CĐĐS (2b).\n")
    assert (h.signer_authority, h.signer_title, h.signer_name) == ("TM.", title, "Phạm Thị Thanh Trà")
    assert h.cc[0] == "Ban Bí thư Trung ương Đảng"


def test_the_place_of_an_unreadable_date_line_holds_no_ky_hieu():
    """OCR ran the số and the date line together and read neither: the place is the words before
    ", ngày", not the damaged ký hiệu before them."""
    h = parse_header("BỘ CÔNG THƯƠNG CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n—— Độc lập - Tự do - Hạnh phúc\n"
                     "số: 34ÚŸ  mCT-KHCN Hà Nội, ngày/Í0. tháng ƒnăm 2018\nKính gửi: Sở Công Thương các tỉnh\n")
    assert (h.issuer, h.place, h.date) == ("Bộ Công Thương", "Hà Nội", None)


def test_a_party_conclusion_scanned_with_its_digital_signature_stamp():
    """Hướng dẫn 36-HD/VPTW: "Số 75-KL/TW" names a Kết luận between its number and issuer; OCR put
    the e-signature's stamp (name, time) above the header and an ornament under the issuer; the
    trích yếu's last lines, in lower case, go on from its lines in capitals."""
    h = parse_header("BẠN CHẬP HÀNH TRUNG ƯƠNG ĐẢNG\n28-07-2026 09:58:36 +07:00\n\n"
                     "BAN CHẤP HÀNH TRUNG ƯƠNG ĐÁNG CỘNG SẢN VIỆT NAM\n*+\n\n"
                     "Số 75-KL/TW Hà Nội, ngày 28 tháng 7 năm 2026\n\nKÉT LUẬN\nHỘI NGHỊ LẦN THỨ BA\n"
                     "về bảo vệ môi trường và chủ động ứng phó\ntrong thời kỳ mới\n\nI- BỐI CẢNH, TÌNH HÌNH\n"
                     "Sau hơn 13 năm thực hiện Nghị quyết số 24-NQ/TW, công tác đã đạt nhiều kết quả.\n")
    assert (h.type, h.code, h.place, h.date.isoformat()) == ("Kết luận", "75-KL/TW", "Hà Nội", "2026-07-28")
    assert h.issuer == "Ban Chấp hành Trung ương"
    assert h.subject == "HỘI NGHỊ LẦN THỨ BA về bảo vệ môi trường và chủ động ứng phó trong thời kỳ mới"


def test_a_party_number_left_blank_for_the_digital_signature():
    """A Party số whose number the digital signature stamps: "Số      -CTr/TU" (no colon, no
    number) is the số line, so the issuer above it is read."""
    h = parse_header("TỈNH UỶ LÀO CAI\n*\nSố         -CTr/TU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
                     "Lào Cai, ngày        tháng 8 năm 2026\n\nCHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Kết luận số 75-KL/TW\n"
                     "-----\n\nThực hiện Kết luận số 75-KL/TW, Tỉnh ủy ban hành Chương trình hành động.\n")
    assert (h.type, h.code, h.issuer, h.place, h.date) == ("Chương trình", None, "Tỉnh uỷ Lào Cai", "Lào Cai", None)
    assert "number left blank (ký hiệu -CTr/TU)" in h.warnings


@pytest.mark.parametrize("printed, cased", [
    ("TỈNH ỦY LÀO CAI", "Tỉnh ủy Lào Cai"), ("THÀNH ỦY HÀ NỘI", "Thành ủy Hà Nội"),
    ("HUYỆN ỦY BẢO THẮNG", "Huyện ủy Bảo Thắng"), ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Ủy ban nhân dân tỉnh Lào Cai"),
])
def test_a_party_committee_s_name_in_capitals_cased(printed, cased):
    from archive.header.lines import sentence_case
    assert sentence_case(printed) == cased


_WARD_HEAD = ("ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "PHƯỜNG CAM ĐƯỜNG                 Độc lập - Tự do - Hạnh phúc\n"
              "Số: 45/TB-UBND                   Cam Đường, ngày 12 tháng 10 năm 2026\nTHÔNG BÁO\n")


@pytest.mark.parametrize("body, subject", [
    # no blank line between the trích yếu and the body: the body's lead-in ends with a colon,
    ("Lịch tiếp công dân tháng 11 năm 2026\nỦy ban nhân dân phường thông báo lịch tiếp công dân như sau:\n"
     "1. Chủ tịch tiếp công dân ngày 05/11/2026.\n", "Lịch tiếp công dân tháng 11 năm 2026"),
    # or opens with a date; a date inside a trích yếu's line does not open it
    ("Kết luận của Chủ tịch Ủy ban nhân dân phường\ntại cuộc họp giao ban tháng 10 năm 2026\n"
     "Ngày 10/10/2026, Chủ tịch chủ trì họp giao ban với các ban, ngành.\n",
     "Kết luận của Chủ tịch Ủy ban nhân dân phường tại cuộc họp giao ban tháng 10 năm 2026"),
    ("Triển khai Nghị định số 180/2026/NĐ-CP\nngày 21/5/2026 của Chính phủ\n\nThực hiện Nghị định, Ủy ban thông báo.\n",
     "Triển khai Nghị định số 180/2026/NĐ-CP ngày 21/5/2026 của Chính phủ"),
])
def test_the_trich_yeu_ends_where_the_body_starts_without_a_blank_line(body, subject):
    assert parse_header(_WARD_HEAD + body).subject == subject


def test_the_deputy_s_title_beside_the_luu_item():
    h = parse_header("ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "XÃ BẢO THẮNG                     Độc lập - Tự do - Hạnh phúc\n"
                     "Số: 88/KH-UBND                   Bảo Thắng, ngày 03 tháng 12 năm 2026\nKẾ HOẠCH\n"
                     "Tổ chức các hoạt động mừng Xuân năm 2027\nI. MỤC ĐÍCH, YÊU CẦU\n"
                     "Nơi nhận:                                TM. ỦY BAN NHÂN DÂN\n"
                     "- Thường trực Đảng ủy xã;                KT. CHỦ TỊCH\n"
                     "- Lưu: VT.                               PHÓ CHỦ TỊCH\n\n"
                     "                                         Phạm Thị Hoa\n")
    assert (h.signer_authority, h.signer_title, h.signer_name) == ("TM.", "Phó Chủ tịch", "Phạm Thị Hoa")
    assert h.cc == ["Thường trực Đảng ủy xã", "Lưu: VT."] and not h.warnings


@pytest.mark.parametrize("name_line", ["Thượng tá Nguyễn Văn Hải", "Đại tá Nguyễn Văn Hải", "Nguyễn Văn Hải"])
def test_a_police_or_army_signer_s_rank_before_the_name(name_line):
    h = parse_header("CÔNG AN TỈNH LÀO CAI            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "PHÒNG CẢNH SÁT PCCC VÀ CNCH      Độc lập - Tự do - Hạnh phúc\n"
                     "Số: 1520/PC07-P2                 Lào Cai, ngày 18 tháng 11 năm 2026\nV/v kiểm tra an toàn PCCC\n"
                     "Kính gửi: Công ty CP Apatit Việt Nam.\nPhòng thông báo lịch kiểm tra.\n"
                     "Nơi nhận:                                 KT. TRƯỞNG PHÒNG\n"
                     "- Như trên;                               PHÓ TRƯỞNG PHÒNG\n- Lưu: VT, P2.\n"
                     f"                                          {name_line}\n")
    assert (h.signer_authority, h.signer_title, h.signer_name) == ("KT.", "Phó Trưởng phòng", "Nguyễn Văn Hải")


@pytest.mark.parametrize("number, date", [
    ("Số:\n123/UBND-VP", "Lào Cai, ngày\n05 tháng 3 năm 2026"),  # a table cell's paragraphs, one a line
    ("Số: 123/UBND-VP", "Lào Cai,\nngày 05 tháng 3 năm 2026"),
    ("Số:\n123/UBND-VP", "Lào Cai, ngày 05 tháng 3 năm 2026"),
])
def test_a_number_or_date_line_split_where_a_cell_s_paragraphs_end(number, date):
    h = parse_header(f"ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\n{number}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     f"Độc lập - Tự do - Hạnh phúc\n{date}\nV/v báo cáo tình hình\nKính gửi: Các sở.\n")
    assert (h.code, h.issuer, h.place, h.date.isoformat()) == (
        "123/UBND-VP", "Ủy ban nhân dân tỉnh Lào Cai", "Lào Cai", "2026-03-05")


@pytest.mark.parametrize("name_line, name", [
    ("TS. Nguyễn Văn An", "Nguyễn Văn An"), ("PGS.TS. Nguyễn Văn An", "Nguyễn Văn An"),
    ("ThS. Nguyễn Văn An", "Nguyễn Văn An"), ("NGUYỄN VĂN AN", "Nguyễn Văn An"),
    ("VI NHÀ", None),  # two words in capitals: as often a seal's scrap as a name
])
def test_a_signer_s_degree_or_a_name_in_capitals(name_line, name):
    h = parse_header("SỞ KHOA HỌC VÀ CÔNG NGHỆ          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "TỈNH LÀO CAI                        Độc lập - Tự do - Hạnh phúc\n"
                     "Số: 77/SKHCN-QLKH                   Lào Cai, ngày 05 tháng 3 năm 2026\nV/v góp ý đề tài\n"
                     "Kính gửi: Các đơn vị.\nSở đề nghị các đơn vị góp ý.\n"
                     "Nơi nhận:                                   GIÁM ĐỐC\n- Như trên;\n- Lưu: VT.\n"
                     f"                                            (Đã ký)\n                                            {name_line}\n")
    assert (h.signer_title, h.signer_name) == ("Giám đốc", name)


@pytest.mark.parametrize("line, place, date", [
    ("Lào Cai, ngày 05/3/2026", "Lào Cai", "2026-03-05"),  # in figures, as many offices write it
    ("Lào Cai, ngày 05-3-2026", "Lào Cai", "2026-03-05"),
    ("Lào Cai, ngày 05.03.2026", "Lào Cai", "2026-03-05"),
    ("Lào Cai, ngày 5 tháng 3, năm 2026", "Lào Cai", "2026-03-05"),  # a comma before "năm"
    ("Lào Cai, ngày   tháng   năm 2026", "Lào Cai", None),  # left blank
])
def test_the_forms_of_the_date_line(line, place, date):
    h = parse_header("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 123/UBND-VP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     f"Độc lập - Tự do - Hạnh phúc\n{line}\nV/v báo cáo tình hình\nKính gửi: Các sở.\n")
    assert (h.place, h.date.isoformat() if h.date else None) == (place, date)


def test_a_cited_code_and_date_in_the_subject_are_not_the_header_s():
    h = parse_header("QUYẾT ĐỊNH\nV/v: Đính chính Quyết định số 29/2007/QĐ-BXD ngày 31/12/2007 của\n"
                     "Bộ trưởng Bộ Xây dựng về việc ban hành Chương trình khung\nBộ trưởng Bộ Xây dựng\n"
                     "Căn cứ Luật ban hành văn bản quy phạm pháp luật ngày 12/11/1996;\n")
    assert (h.code, h.date) == (None, None)


def test_a_cong_dien_s_addressees_and_items_run_together_on_the_label_s_line():
    h = parse_header("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 05/CĐ-UBND\nLào Cai, ngày 20 tháng 7 năm 2026\nCÔNG ĐIỆN\n"
                     "Về việc chủ động ứng phó với mưa lũ, sạt lở đất\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:\n"
                     "- Giám đốc các sở, ban, ngành;\n- Chủ tịch UBND các xã, phường.\nTrong những ngày qua, mưa lớn.\n")
    assert (h.type, h.subject) == ("Công điện", "Về việc chủ động ứng phó với mưa lũ, sạt lở đất")
    assert h.recipients == ["Giám đốc các sở, ban, ngành", "Chủ tịch UBND các xã, phường"]
    h = parse_header("SỞ CÔNG THƯƠNG\nSố: 25/GM-SCT\nLào Cai, ngày 01 tháng 12 năm 2026\nGIẤY MỜI\nDự Hội nghị\n"
                     "Kính gửi: - Sở Tài chính; - Sở Xây dựng.\nSở trân trọng kính mời.\n")
    assert h.recipients == ["Sở Tài chính", "Sở Xây dựng"]


@pytest.mark.parametrize("line, issuer, parent", [
    # the parent and its unit on one line, as a text layer joins one column's lines
    ("UBND TỈNH LÀO CAI SỞ CÔNG THƯƠNG", "Sở Công Thương tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),
    ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI VĂN PHÒNG", "Văn phòng Ủy ban nhân dân tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),
    ("SỞ CÔNG THƯƠNG TỈNH LÀO CAI PHÒNG QUẢN LÝ CÔNG NGHIỆP", "Phòng Quản lý công nghiệp", "Sở Công Thương tỉnh Lào Cai"),
    # a place's name that a unit's word (without its marks) begins is not cut
    ("ỦY BAN NHÂN DÂN XÃ BẢN LẦU", "Ủy ban nhân dân xã Bản Lầu", None),
    ("ỦY BAN NHÂN DÂN XÃ TRƯỜNG SƠN", "Ủy ban nhân dân xã Trường Sơn", None),
])
def test_a_parent_and_its_unit_on_one_line(line, issuer, parent):
    h = parse_header(f"{line}   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                     "Số: 123/SCT-VP                 Lào Cai, ngày 05 tháng 3 năm 2026\nV/v báo cáo\nKính gửi: Các sở.\n")
    assert (h.issuer, h.parent_issuer) == (issuer, parent)


# A Sở's letter up to its last sentence, for the tests of what its signature column holds.
_SCT_LETTER = ("SỞ CÔNG THƯƠNG\nTỈNH LÀO CAI\nSố: 123/SCT-VP\nLào Cai, ngày 05 tháng 3 năm 2026\nV/v báo cáo\n"
               "Kính gửi: Các sở.\nSở Công Thương đề nghị các đơn vị thực hiện./.\n")


def test_the_signature_column_read_before_the_noi_nhan_column():
    h = parse_header(_SCT_LETTER + "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNguyễn Văn An\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n")
    assert (h.signer_authority, h.signer_title, h.signer_name, h.cc) == (
        "KT.", "Phó Giám đốc", "Nguyễn Văn An", ["Như trên", "Lưu: VT"])


@pytest.mark.parametrize("line, doc_type, subject", [
    ("QUYẾT ĐỊNH Về việc thành lập Tổ công tác kiểm tra", "Quyết định", "Về việc thành lập Tổ công tác kiểm tra"),
    ("KẾ HOẠCH Triển khai công tác năm 2027", "Kế hoạch", "Triển khai công tác năm 2027"),
])
def test_the_ten_loai_and_the_trich_yeu_on_one_line(line, doc_type, subject):
    h = parse_header(f"SỞ CÔNG THƯƠNG\nTỈNH LÀO CAI\nSố: 123/QĐ-SCT\nLào Cai, ngày 05 tháng 3 năm 2026\n{line}\n"
                     "GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH LÀO CAI\nCăn cứ Quyết định số 10/QĐ-UBND;\n")
    assert (h.type, h.subject) == (doc_type, subject)


def test_a_party_document_s_items_end_with_a_comma_beside_the_signature():
    h = parse_header("TỈNH UỶ LÀO CAI\n*\nSố 104-CTr/TU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nLào Cai, ngày 30 tháng 8 năm 2026\n\n"
                     "CHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Kết luận số 75-KL/TW\n-----\nNội dung.\n"
                     "Nơi nhận:                              T/M BAN THƯỜNG VỤ\n"
                     "- Ban Bí thư Trung ương Đảng,          PHÓ BÍ THƯ THƯỜNG TRỰC\n- Lưu Văn phòng Tỉnh ủy.\n\n"
                     "                                       Hoàng Giang\n")
    assert (h.signer_authority, h.signer_title, h.signer_name) == ("TM.", "Phó Bí thư thường trực", "Hoàng Giang")
    assert h.cc == ["Ban Bí thư Trung ương Đảng", "Lưu Văn phòng Tỉnh ủy"]


@pytest.mark.parametrize("name_lines, name", [
    ("Người ký: Nguyễn Văn An\nEmail: annv@laocai.gov.vn\nThời gian ký: 05.03.2026 10:20:11 +07:00", "Nguyễn Văn An"),
    ("Ký bởi: Nguyễn Văn An\nNgày ký: 05-03-2026 10:20", "Nguyễn Văn An"),  # a digital signature's text
    ("Nguyễn Văn An (đã ký)", "Nguyễn Văn An"),
    ("Ký bởi: Sở Công Thương\nNgày ký: 05-03-2026", None),  # the body signs: no person's name
])
def test_a_digital_signature_s_text_over_the_name(name_lines, name):
    h = parse_header(_SCT_LETTER + f"Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n{name_lines}\n")
    assert (h.signer_title, h.signer_name) == ("Phó Giám đốc", name)


# --- a web page's text of a header table (thuvienphapluat.vn and the like) -----------------------
# Each cell one a line between lines holding only "|", its words wrapped where the page's column
# was narrow: a cell's first word alone, the Quốc hiệu or the tiêu ngữ cut anywhere, a word cut in two.

@pytest.mark.parametrize("issuer_lines, quoc_hieu, number, date_lines", [
    ("ỦY\nBAN NHÂN DÂN\nTỈNH HÀ GIANG", "CỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số:\n12/KH-UBND",
     "Hà\nGiang, ngày 05 tháng 3 năm 2024"),
    ("UỶ BAN NHÂN\nDÂN\nTỈNH HÀ GIANG", "CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/KH-UBND",
     "Hà Giang,\nngày 05 tháng 3 năm 2024"),
    ("ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG", "CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM", "Số:\n12/KH-UBND",
     "Hà Giang, ngày 05\ntháng 3 năm 2024"),
    ("ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/KH-UBND",
     "Hà\nGiang, ngày 05 tháng 3\nnăm 2024"),
])
def test_a_web_page_s_header_table_one_cell_a_line_its_words_wrapped(issuer_lines, quoc_hieu, number, date_lines):
    h = parse_header(f"{issuer_lines}\n-------\n|\n{quoc_hieu}\nĐộc lập - Tự do - Hạnh phúc\n---------------\n|\n"
                     f"{number}\n|\n{date_lines}\n|\nKẾ HOẠCH\nTRIỂN KHAI CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI NĂM 2024\n"
                     "Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013;\nI. MỤC ĐÍCH, YÊU CẦU\n")
    assert (h.type, h.code, h.issuer, h.place, h.date.isoformat()) == (
        "Kế hoạch", "12/KH-UBND", "Ủy ban nhân dân tỉnh Hà Giang"
        if issuer_lines.startswith("Ủ") else "Uỷ ban nhân dân tỉnh Hà Giang", "Hà Giang", "2024-03-05")
    assert h.subject == "TRIỂN KHAI CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI NĂM 2024"


def test_a_ministry_s_one_word_line_and_a_council_s_session_cut_inside_a_word():
    h = parse_header("BỘ\nXÂY DỰNG\n-------\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do -\nHạnh phúc\n"
                     "|\nSố: 07/2024/TT-BXD\n|\nHà Nội, ngày 02 tháng 8 năm 2024\n|\nTHÔNG TƯ\n"
                     "HƯỚNG DẪN MỘT SỐ NỘI DUNG VỀ NHÀ Ở XÃ HỘI\nCăn cứ Luật Nhà ở ngày 27 tháng 11 năm 2023;\n")
    assert (h.type, h.issuer, h.subject) == ("Thông tư", "Bộ Xây dựng", "HƯỚNG DẪN MỘT SỐ NỘI DUNG VỀ NHÀ Ở XÃ HỘI")
    h = parse_header("HỘI ĐỒNG NHÂN DÂN\nTỈNH HÀ GIANG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
                     "Số: 30/NQ-HĐND\n\nHà Giang, ngày 10 tháng 12 năm 2024\n\nNGHỊ QUYẾT\n\n"
                     "VỀ KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2025\n\nHỘI ĐỒNG NHÂN DÂN TỈNH HÀ GIANG\nKH\nÓA XVIII, KỲ HỌP THỨ 20\n\n"
                     "Căn cứ Luật Đầu tư công ngày 13 tháng 6 năm 2019;\n")
    assert (h.type, h.issuer, h.subject) == ("Nghị quyết", "Hội đồng nhân dân tỉnh Hà Giang",
                                             "VỀ KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2025")


def test_a_row_s_closing_pipe_and_a_place_that_looks_like_kinh_gui():
    # "Kiên Giang, ngày …" is a date line: "Giang" is not OCR's "gửi"; a row's cells closed with " |"
    h = parse_header("ỦY BAN NHÂN DÂN |\nTỈNH KIÊN GIANG |\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 45/QĐ-UBND |\n"
                     "Kiên Giang, ngày 09 tháng 01 năm 2024 |\nQUYẾT ĐỊNH\nVề việc thành lập Tổ công tác\n"
                     "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG\nCăn cứ Luật Tổ chức chính quyền địa phương;\n")
    assert (h.code, h.issuer, h.place, h.date.isoformat(), h.subject) == (
        "45/QĐ-UBND", "Ủy ban nhân dân tỉnh Kiên Giang", "Kiên Giang", "2024-01-09", "Về việc thành lập Tổ công tác")


def test_a_text_layer_that_lost_every_hyphen_gets_the_type_s_back():
    # Word's non-breaking hyphen, left out of some PDFs' text: "QĐUBND", "Độc lập  Tự do  Hạnh phúc"
    h = parse_header("ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\n\nSố: 1961/QĐUBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "Độc lập  Tự do  Hạnh phúc\n\nKiên Giang, ngày 28 tháng 8 năm 2024\n\nQUYẾT ĐỊNH\n"
                     "BAN HÀNH QUY CHẾ PHỐI HỢP\nCăn cứ Nghị định số 61/2018/NĐCP ngày 23 tháng 4 năm 2018;\n")
    assert (h.code, h.place) == ("1961/QĐ-UBND", "Kiên Giang")
    # a text that writes its hyphens keeps a symbol written without one as it is
    h = parse_header("ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\n\nSố: 1961/QĐUB\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "Độc lập - Tự do - Hạnh phúc\n\nKiên Giang, ngày 28 tháng 8 năm 1996\n\nQUYẾT ĐỊNH\n"
                     "BAN HÀNH QUY CHẾ PHỐI HỢP\nCăn cứ Nghị định số 61/1995/NĐ-CP ngày 23 tháng 4 năm 1995;\n")
    assert h.code == "1961/QĐUB"


@pytest.mark.parametrize("title, subject", [
    ("SỐ 15-BTC/TT NGÀY 16-3-1991 CỦA BỘ TÀI CHÍNH QUY ĐỊNH CHẾ ĐỘ QUẢN LÝ TÀI CHÍNH",
     "QUY ĐỊNH CHẾ ĐỘ QUẢN LÝ TÀI CHÍNH"),
    ("CỦA BỘ TÀI CHÍNH SỐ 15-BTC/TT NGÀY 16 THÁNG 3 NĂM 1991 HƯỚNG DẪN CHẾ ĐỘ KẾ TOÁN",
     "HƯỚNG DẪN CHẾ ĐỘ KẾ TOÁN"),
    ("QUY ĐỊNH CHẾ ĐỘ BÁO CÁO SỐ LIỆU NGÀY 16 THÁNG 3", "QUY ĐỊNH CHẾ ĐỘ BÁO CÁO SỐ LIỆU NGÀY 16 THÁNG 3"),
])
def test_an_old_gazette_title_s_own_number_date_and_issuer_are_not_the_subject(title, subject):
    h = parse_header(f"BỘ TÀI CHÍNH\n\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 15-BTC/TT\n\n"
                     f"Hà Nội, ngày 16 tháng 3 năm 1991\n\nTHÔNG TƯ\n{title}\n\nCăn cứ Nghị định số 196-HĐBT;\n")
    assert (h.code, h.subject) == ("15-BTC/TT", subject)


@pytest.mark.parametrize("printed, title", [
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG", "Chủ tịch Ủy ban nhân dân tỉnh Kiên Giang"),
    ("GIÁM ĐỐC SỞ TÀI CHÍNH", "Giám đốc Sở Tài chính"),
    ("PHÓ CHÁNH VĂN PHÒNG", "Phó Chánh Văn phòng"),
    ("TỔNG GIÁM ĐỐC", "Tổng Giám đốc"),
    ("CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("TRƯỞNG PHÒNG TÀI CHÍNH - KẾ HOẠCH", "Trưởng phòng Tài chính - Kế hoạch"),
    ("PHÓ TRƯỞNG PHÒNG KỸ THUẬT AN TOÀN", "Phó Trưởng phòng Kỹ thuật an toàn"),
])
def test_a_title_in_capitals_cased_as_the_decree_writes_titles(printed, title):
    h = parse_header(f"BỘ TÀI CHÍNH\nSố: 15/BTC-NSNN\nHà Nội, ngày 16 tháng 3 năm 2024\nV/v dự toán\n"
                     f"Nội dung.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n{printed}\n\n\nNguyễn Văn An\n")
    assert (h.signer_title, h.signer_name) == (title, "Nguyễn Văn An")


def test_a_bare_v_v_line_a_joint_header_and_a_text_that_ends_with_its_body():
    # "V/v" alone, the trích yếu on the next line opening with words a body opens with; a joint
    # header whose ministry's name holds a dash; "Hà Nội" is no OCR damage of the issuer's "xã hội";
    # no signature (an image in the source): no title taken from the header's capitals
    h = parse_header("BỘ TÀI CHÍNH\nTỔNG CỤC THUẾ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "Số: 2728/TCT-DNL\nV/v\n: Thực hiện quy định về hóa đơn.\nHà Nội, ngày 18 tháng 07 năm 2024\n\n"
                     "Kính gửi: Cục Thuế tỉnh Đắk Nông.\n\nTrả lời công văn số 636/CT-TTHT ngày 25/4/2024.\n")
    assert (h.issuer, h.parent_issuer, h.subject) == ("Tổng cục Thuế", "Bộ Tài chính",
                                                      "V/v: Thực hiện quy định về hóa đơn")
    h = parse_header("BỘ TÀI CHÍNH - BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n--------\n\n"
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 68/2023/TTLT-BTC-BLĐTBXH\n\n"
                     "Hà Nội, ngày 21 tháng 5 năm 2023\n\nTHÔNG TƯ LIÊN TỊCH\n\nQUY ĐỊNH QUẢN LÝ KINH PHÍ GIẢM NGHÈO\n\n"
                     "Căn cứ Nghị định số 60/2003/NĐ-CP ngày 6/6/2003 của Chính phủ;\n")
    assert (h.issuer, h.place) == ("Bộ Tài chính - Bộ Lao động - Thương binh và Xã hội", "Hà Nội")
    assert (h.signer_authority, h.signer_title, h.signer_name) == (None, None, None)


def test_columns_side_by_side_and_a_town_s_unit_abbreviated():
    # pdftotext -layout: the two columns of the header on one line, wide gaps between; "UBND TX."
    h = parse_header("UBND TX. ĐỒNG XOÀI       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "PHÒNG TÀI CHÍNH - KẾ HOẠCH         Độc lập - Tự do - Hạnh phúc\n"
                     "  Số : 151/TB-PTCKH        Đồng Xoài, ngày 20 tháng 3 năm 2024.\n\n\n"
                     "                 THÔNG BÁO\n   Về lịch tiếp nhận hồ sơ quyết toán năm 2023\n\n"
                     "      Kính gửi:  Các đơn vị dự toán trực thuộc.\n\n   Phòng thông báo như sau:\n"
                     "                            TRƯỞNG PHÒNG\n\n\n                            Nguyễn Văn Tâm\n")
    assert (h.type, h.code, h.issuer, h.parent_issuer, h.place, h.date.isoformat()) == (
        "Thông báo", "151/TB-PTCKH", "Phòng Tài chính - Kế hoạch", "Ủy ban nhân dân thị xã Đồng Xoài",
        "Đồng Xoài", "2024-03-20")
    assert (h.subject, h.signer_title, h.signer_name) == (
        "Về lịch tiếp nhận hồ sơ quyết toán năm 2023", "Trưởng phòng", "Nguyễn Văn Tâm")


@pytest.mark.parametrize("issuer_line, issuer", [
    # a school named after its city: not the city's unit
    ("TRƯỜNG ĐẠI HỌC SƯ PHẠM HÀ NỘI", "Trường Đại học sư phạm Hà Nội"),
    # a Sở named with its city: the unit of two words put before the city's name whole
    ("SỞ CÔNG THƯƠNG HÀ NỘI", "Sở Công Thương thành phố Hà Nội"),
    ("BỘ CHỈ HUY QUÂN SỰ\nTỈNH TUYÊN QUANG", "Bộ Chỉ huy quân sự tỉnh Tuyên Quang"),
    # a council's standing committee under the council; the delegation's and the front's initials spelled out
    ("HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nTHƯỜNG TRỰC", "Thường trực Hội đồng nhân dân thành phố Hà Nội"),
    ("ĐOÀN ĐBQH TỈNH LÀO CAI", "Đoàn Đại biểu Quốc hội tỉnh Lào Cai"),
    ("ỦY BAN MTTQ VIỆT NAM\nTỈNH LÀO CAI", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai"),
])
def test_bodies_named_with_their_province(issuer_line, issuer):
    h = parse_header(f"{issuer_line}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 89/ĐT-VP\n"
                     "Hà Nội, ngày 05 tháng 12 năm 2025\nV/v tuyển sinh\n\nKính gửi: Các khoa.\n")
    assert h.issuer == issuer


@pytest.mark.parametrize("block, authority, title", [
    # acting: the authority when Q. opens the chain, else part of the signer's own title
    ("Q. GIÁM ĐỐC", "Q.", "Giám đốc"),
    ("TUQ. BỘ TRƯỞNG\nQ. TỔNG CỤC TRƯỞNG", "TUQ.", "Q. Tổng cục trưởng"),
    ("TL. GIÁM ĐỐC\nTRƯỞNG PHÒNG QUẢN LÝ CÔNG NGHIỆP", "TL.", "Trưởng phòng Quản lý công nghiệp"),
])
def test_an_acting_signer_and_a_chain_through_a_unit(block, authority, title):
    h = parse_header("SỞ CÔNG THƯƠNG\nTỈNH LÀO CAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/SCT-QLCN\n"
                     "Lào Cai, ngày 05 tháng 12 năm 2025\nV/v an toàn\n\nKính gửi: Các đơn vị.\n\nNội dung./.\n\n"
                     f"Nơi nhận:\n- Như trên;\n- Lưu: VT, QLCN.\n{block}\n\n\nLê Thị Cúc\n")
    assert (h.signer_authority, h.signer_title, h.signer_name) == (authority, title, "Lê Thị Cúc")


def test_a_line_naming_the_number_above_a_copied_header_is_not_its_so_line():
    h = parse_header("Công văn Số: 2728/TCT-DNL V/v: Thực hiện quy định về hóa đơn.\n\nBỘ TÀI CHÍNH\nTỔNG CỤC THUẾ\n"
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 2728/TCT-DNL\nV/v thực hiện quy định về hóa đơn\n"
                     "Hà Nội, ngày 18 tháng 07 năm 2024\n\nKính gửi: Cục Thuế tỉnh Đắk Nông.\n")
    assert (h.code, h.issuer, h.parent_issuer) == ("2728/TCT-DNL", "Tổng cục Thuế", "Bộ Tài chính")
