"""PDF text by position: what an e-office system stamps after layout sits where it is printed."""

from __future__ import annotations

import os

import pytest

from archive.extract import extract
from archive.parse import parse_file
from conftest import ROOT
from pdf_maker import make_pdf

DEV = ROOT.parent / "shared" / "samples" / "dev"

# The header of a công văn as an e-office system issues it: the number and the day are
# written last, over the blanks left for them.
HEADER = [
    (70, 790, "UBND TỈNH LÀO CAI"), (90, 775, "SỞ XÂY DỰNG"), (70, 750, "Số:          /SXD-QLHĐXD"),
    (300, 790, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), (330, 775, "Độc lập - Tự do - Hạnh phúc"),
    (300, 750, "Lào Cai, ngày       tháng 12 năm 2025"),
    (70, 730, "V/v hướng dẫn hoàn thiện hồ sơ thiết kế"),
    (150, 690, "Kính gửi: Công ty TNHH Đại Đồng Tiến."),
    (70, 660, "Sở Xây dựng nhận được Văn bản số 94/CV-ĐĐT ngày 13/10/2025 của Công ty."),
    (70, 400, "Nơi nhận:"), (70, 385, "- Như trên;"), (70, 370, "- Lưu: VT, QLHĐXD."),
    (380, 400, "KT. GIÁM ĐỐC"), (380, 385, "PHÓ GIÁM ĐỐC"), (380, 330, "Nguyễn Tiến Nam"),
    (98, 750, "3298"), (364, 750, "10"),
]


def test_stamped_number_and_day_are_read_where_they_are_printed(tmp_path):
    record, text = parse_file(make_pdf(tmp_path / "cv.pdf", [HEADER]))
    assert "Số: 3298 /SXD-QLHĐXD" in text
    assert (record.code, record.date.isoformat(), record.place) == ("3298/SXD-QLHĐXD", "2025-12-10", "Lào Cai")
    assert (record.issuer.casefold(), record.parent_issuer) == ("sở xây dựng tỉnh lào cai", "Ủy ban nhân dân tỉnh Lào Cai")
    assert (record.signer.authority, record.signer.title, record.signer.name) == ("KT.", "Phó Giám đốc",
                                                                                   "Nguyễn Tiến Nam")
    assert [r.code for r in record.references] == ["94/CV-ĐĐT"]


def test_the_two_columns_of_the_header_are_read_apart(tmp_path):
    text = extract(make_pdf(tmp_path / "cv.pdf", [HEADER])).text.splitlines()
    left = text.index("UBND TỈNH LÀO CAI")
    assert text[left: left + 4] == ["UBND TỈNH LÀO CAI", "SỞ XÂY DỰNG", "Số: 3298 /SXD-QLHĐXD",
                                    "V/v hướng dẫn hoàn thiện hồ sơ thiết kế"]
    assert text[left + 4: left + 7] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                        "Lào Cai, ngày 10 tháng 12 năm 2025"]
    # Nơi nhận and the signature block, side by side on the page, come one after the other
    noi_nhan = text.index("Nơi nhận:")
    assert text[noi_nhan: noi_nhan + 6] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, QLHĐXD.", "KT. GIÁM ĐỐC",
                                            "PHÓ GIÁM ĐỐC", "Nguyễn Tiến Nam"]


def test_rotated_text_keeps_the_stream_order_and_says_so(tmp_path):
    extracted = extract(make_pdf(tmp_path / "turned.pdf", [HEADER], angle=90))
    assert extracted.warnings == ["page 1: text kept in stream order (rotated text)"]
    assert "Số: /SXD-QLHĐXD" in " ".join(extracted.text.split())


def test_text_printed_over_other_text_keeps_the_stream_order(tmp_path):
    # every line with another one printed over it, a few points to the right
    overprinted = HEADER + [(x + 4, y, "ĐÈ LÊN MỘT DÒNG KHÁC HẲN") for x, y, _ in HEADER]
    extracted = extract(make_pdf(tmp_path / "bold.pdf", [overprinted]))
    assert any("lie on top of others" in w for w in extracted.warnings)


def test_garbage_positions_and_a_page_without_text_do_not_crash(tmp_path):
    scattered = [(i * 37 % 500, i * 53 % 800, f"{i}/ABC") for i in range(300)]
    record, _ = parse_file(make_pdf(tmp_path / "scattered.pdf", [scattered, []]))
    assert record.code is None and "no số/ký hiệu line in the header" in record.warnings


@pytest.mark.slow
def test_a_thousand_page_pdf_is_read_without_a_crash(tmp_path):
    pages = [[(70, 790, f"Trang {n}: Ủy ban nhân dân tỉnh thực hiện kế hoạch năm 2026 theo quy định.")]
             for n in range(1000)]
    pages[0] = HEADER
    record, text = parse_file(make_pdf(tmp_path / "long.pdf", pages))
    assert record.code == "3298/SXD-QLHĐXD" and record.pages == 1000
    assert "Trang 999" in text


def test_e_office_pdfs_of_the_development_corpus():
    if not DEV.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{DEV} is missing: CI runs beside ../shared")
        pytest.skip("../shared/samples/dev is not beside this checkout")
    for name, code, date in (("lc-sxd-cv-3298-2025.pdf", "3298/SXD-QLHĐXD", "2025-12-10"),
                             ("lc-qd-2170-ubnd-2026.pdf", "2170/QĐ-UBND", "2026-06-23")):
        record, _ = parse_file(DEV / name)
        assert (record.code, record.date.isoformat()) == (code, date), name


def test_positions_cost_little_on_pages_read_in_stream_order(tmp_path):
    """Body pages whose stream order is the reading order keep PDFium's text: the layout is only
    built for pages that need it (a header, two columns, stamps)."""
    from archive import pdf_layout

    calls = []
    original = pdf_layout.page_text
    pdf_layout.page_text = lambda textpage: calls.append(1) or original(textpage)
    try:
        body = [[(70, 790 - 15 * k, f"Dòng {k} của trang {n}.") for k in range(40)] for n in range(5)]
        extract(make_pdf(tmp_path / "body.pdf", [HEADER] + body))
    finally:
        pdf_layout.page_text = original
    assert len(calls) == 1
