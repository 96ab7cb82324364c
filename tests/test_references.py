"""Cited documents: found in every real form, merged, resolved against the archive."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from docx import Document

from archive.archive import Archive
from archive.citations import find_mentions, find_references
from archive.crossref import BasisError, citation_line, expand_bases, fill_citing, missing
from archive.parse import parse_file
from docgen.cli import main
from docgen.base.decree import code_key
from conftest import FIXTURES
import expected as E

SAMPLES = FIXTURES / "samples"
TEXT_SAMPLES = sorted(p.name for p in SAMPLES.glob("*.txt"))


def refs(text: str):
    return [(r.code, r.date.isoformat() if r.date else None) for r in find_references(text)]


@pytest.mark.parametrize("name", TEXT_SAMPLES)
def test_samples_references_equal_the_expected(name):
    record, _ = parse_file(SAMPLES / name)
    want = {(code_key(r["code"]), r["date"]) for r in E.load(SAMPLES / name.replace(".txt", ".expected.json"))["references"]}
    got = {(code_key(r.code), r.date.isoformat() if r.date else None) for r in record.references}
    assert sorted(want - got) == [], "not found"
    assert sorted(got - want) == [], "extra"


@pytest.mark.parametrize("text, expected", [
    ("Thực hiện Kế hoạch số 175/KH-UBND ngày 28 tháng 5 năm 2021 của Ủy ban nhân dân Quận 1;",
     [("175/KH-UBND", "2021-05-28")]),
    ("theo Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ", [("45/2020/NĐ-CP", "2020-04-08")]),
    ("Chương trình hành động số 05-CTr/QU ngày 30 tháng 10 năm 2020 của Quận ủy Quận 1",
     [("05-CTr/QU", "2020-10-30")]),
    ("Nghị quyết số 16 - NQ/TU ngày 12/12/2023 của Ban chấp hành Đảng bộ Thành phố", [("16-NQ/TU", "2023-12-12")]),
    ("(Kèm theo Kế hoạch số 46 /UBND-NV ngày 08 tháng 02 năm 2023)", [("46/UBND-NV", "2023-02-08")]),
    ("Kế hoạch số 60/KH-UBND, ngày 29/02/2024 của UBND tỉnh Quảng Ninh V/v Phát động", [("60/KH-UBND", "2024-02-29")]),
    ("Nghị quyết số 190/NQ-\n\n\nHĐND ngày 19/12/2023 của HĐND Thành phố", [("190/NQ-HĐND", "2023-12-19")]),
    ("Chương trình liên tịch số 27/CTrLT-UBND-\nMTTQ&TCCT-XH ngày 30 tháng 12 năm 2021 giữa",
     [("27/CTrLT-UBND-MTTQ&TCCT-XH", "2021-12-30")]),
    ("Căn cứ Kế hoạch số 71-KH/TU ngày 13/8/2021 của Ban Chấp hành", [("71-KH/TU", "2021-08-13")]),
    ("(Ban hành kèm theo Quyết định số3556/QĐ-UBND ngày 30 tháng 9 năm 2026)",  # "số" glued to the number
     [("3556/QĐ-UBND", "2026-09-30")]),
    ("Quyét dinh s6 4424/QD-UBND ngay 31 théng 12 nim 2021", [("4424/QD-UBND", "2021-12-31")]),  # OCR's "s6"
    ("theo Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW của Hội nghị", [("18-NQ/TW", None), ("19-NQ/TW", None)]),
    ("Cén ctr Quyét dinh s 4424/QD-UBND ngay 31 théng 12 nim 2021 ctia Uy", [("4424/QD-UBND", "2021-12-31")]),
    ("; Thyc hién K& hoach §6 288/KH-UBND ngay 29 thér}g 10 ndm 2021 cua", [("288/KH-UBND", "2021-10-29")]),
    ("Năm 2023 là năm có ý nghĩa quan trọng, giai đoạn 2021 - 2025, ngày 11/6/1948.", []),
    # legal normative documents: footnote digits glued to the symbol, a final full stop
    ("theo Luật số 42/2024/QH151 và Nghị định số 105/2025/NĐ-CP2;", [("42/2024/QH15", None), ("105/2025/NĐ-CP", None)]),
    ("Thông tư số 47/2024/TT-BGTVT4 ngày 10 tháng 12 năm 2024", [("47/2024/TT-BGTVT", "2024-12-10")]),
    ("thi hành Nghị định số 46/2026/NĐ-CP.", [("46/2026/NĐ-CP", None)]),
    ("Pháp lệnh số 09/2025/UBTVQH15 và Nghị quyết số 88/2025/UBTVQH15", [("09/2025/UBTVQH15", None), ("88/2025/UBTVQH15", None)]),
    # the date after "ban hành", the document's name between the type and "số"
    ("Quyết định số 12/QĐ-UBND được ban hành ngày 07/11/2024", [("12/QĐ-UBND", "2024-11-07")]),
    ("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16\ntháng 6 năm 2025;",
     [("72/2025/QH15", "2025-06-16")]),
    ("Cấp Giấy phép khai thác số 412/GP-UBND ngày 24/4/2012.", [("412/GP-UBND", "2012-04-24")]),
    ("Kế hoạch triển khai Nghị quyết số 12/NQ-TW ngày 1/2/2020", [("12/NQ-TW", "2020-02-01")]),
    # the Government's resolutions numbered within another, a year after them
    ("và Nghị quyết số 66.13/2026/NQ-CP ngày 27 tháng 01 năm 2026 của Chính phủ", [("66.13/2026/NQ-CP", "2026-01-27")]),
    # a law's name with commas; a comma ends any other kind's name
    ("Căn cứ Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ số 55/2024/QH15\nngày 29 tháng 11 năm 2024;",
     [("55/2024/QH15", "2024-11-29")]),
    ("Căn cứ Luật Đất đai, Luật Nhà ở số 27/2023/QH15;", [("27/2023/QH15", None)]),
    # national standards, cited by their own code
    ("bảo quản tiền chất thuốc nổ - QCVN 01:2019/BCT; TCVN 5507:2002", [("QCVN 01:2019/BCT", None), ("TCVN 5507:2002", None)]),
    # a type written as its abbreviation, read when the số's symbol names the same type
    ("theo QĐ số 2336/QĐ-UBND ngày 02/7/2026 của UBND tỉnh", [("2336/QĐ-UBND", "2026-07-02")]),
    ("Căn cứ TT 43/2018/TT-BCT ngày 15/11/2018;", [("43/2018/TT-BCT", "2018-11-15")]),
    ("thực hiện NĐ 24/2026/NĐ-CP và NQ 57-NQ/TW", [("24/2026/NĐ-CP", None), ("57-NQ/TW", None)]),
    ("Mục TT 12/UBND-KT ghi; lập theo mẫu tt 12/KH-UBND", []),
    # the next word glued to a symbol, its space lost; OCR's scrap after a full stop
    ("căn cứ Luật số 118/2025/QH15như sau", [("118/2025/QH15", None)]),
    ("theo Nghị định số 28/2018/NĐ-CP. - C. Các", [("28/2018/NĐ-CP", None)]),
    # a company's symbol may end in digits: kept
    ("Công văn số 01/TTr-CT05 ngày 07/5/2026 của Công ty", [("01/TTr-CT05", "2026-05-07")]),
])
def test_real_forms(text, expected):
    assert refs(text) == expected


@pytest.mark.parametrize("text, issuer", [
    # a line break where the text wrapped inside the issuer's name: the next line goes on in lower case
    ("Kế hoạch số 12/KH-UBND ngày 5/3/2026 của Ủy ban nhân dân\ntỉnh Lào Cai về việc tổ chức", "Ủy ban nhân dân tỉnh Lào Cai"),
    ("Quyết định số 12/QĐ-UBND ngày 5/3/2026 của UBND tỉnh\nGiao Sở Công Thương chủ trì", "UBND tỉnh"),  # a new sentence
])
def test_a_cited_document_s_issuer_wrapped_over_a_line(text, issuer):
    (mention,) = find_mentions(text)
    assert mention.issuer == issuer


def test_one_reference_per_document_whether_the_dated_mention_comes_first_or_not():
    text = ("Thực hiện Nghị định số 45/2020/NĐ-CP của Chính phủ. Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08 "
            "tháng 4 năm 2020. Theo Nghị định số 45/2020/NĐ-CP.")
    (r,) = find_references(text)
    assert (r.code, r.date.isoformat(), len(r.positions)) == ("45/2020/NĐ-CP", "2020-04-08", 3)


def test_type_issuer_and_subject_are_read():
    (r,) = find_references("Thực hiện Kế hoạch số 406/KH-UBND ngày 29 tháng 12 năm 2022 của Ủy ban nhân dân "
                           "Quận 1 về thực hiện công tác cải cách hành chính trên địa bàn Quận 1 năm 2023;")
    assert (r.type, r.issuer) == ("Kế hoạch", "Ủy ban nhân dân Quận 1")
    assert r.subject == "thực hiện công tác cải cách hành chính trên địa bàn Quận 1 năm 2023"
    (r,) = find_references("Chương trình hành động số 05-CTr/QU ngày 30 tháng 10 năm 2020")
    assert r.type == "Chương trình"


def test_repeated_mentions_merge_keeping_every_position():
    text = ("Chương trình số 05-CTr/QU ngày 30 tháng 10 năm 2020 của Quận ủy Quận 1. "
            "Theo Chương trình số 05-Ctr/QU, các đơn vị thực hiện. Chỉ thị số 08/CT-UBND ngày 12/5/2022.")
    found = find_references(text)
    assert [r.code for r in found] == ["05-CTr/QU", "08/CT-UBND"]
    assert len(found[0].positions) == 2
    for start, end in found[0].positions:
        assert "05-C" in text[start:end]


def test_a_code_a_title_in_capitals_wrote_takes_the_spelling_of_the_text():
    text = ("KẾ HOẠCH\nTRIỂN KHAI THỰC HIỆN CHỈ THỊ SỐ 13/CT-TTG NGÀY 02 THÁNG 5 NĂM 2024 CỦA THỦ TƯỚNG\n"
            "Thực hiện Chỉ thị số 13/CT-TTg ngày 02 tháng 5 năm 2024 của Thủ tướng Chính phủ.")
    found = find_references(text)
    assert [(r.code, r.date.isoformat(), len(r.positions)) for r in found] == [("13/CT-TTg", "2024-05-02", 2)]


@pytest.mark.parametrize("text", [
    "Căn cứ Thông tư liên tịch số 11/2004/TTLT-BNN-BNV ngày 02/4/2004 của Bộ Nội vụ;",
    "Căn cứ Thông tư liên tịch\nsố 11/2004/TTLT-BNN-BNV ngày 02/4/2004 của Bộ Nội vụ;",
])
def test_a_joint_circular_is_cited_as_the_kind_its_header_names(text):
    # the same type its own header gives it, so that a citation and the document agree
    assert [(r.type, r.code) for r in find_references(text)] == [("Thông tư liên tịch", "11/2004/TTLT-BNN-BNV")]


@pytest.mark.parametrize("text, expected", [
    ("Căn cứ các Nghị định của Chính phủ: số 78/2025/NĐ-CP ngày 01 tháng 4 năm 2025 quy định chi tiết; "
     "số 187/2025/NĐ-CP ngày 01 tháng 7 năm 2025 sửa đổi, bổ sung;",
     [("Nghị định", "78/2025/NĐ-CP", "2025-04-01"), ("Nghị định", "187/2025/NĐ-CP", "2025-07-01")]),
    ("Trên cơ sở các Quyết định của Bộ trưởng: số 1724/QĐ-BNN-HTQT ngày 29/7/2013 về phê duyệt Văn kiện; "
     "số 2226/QĐ-BNN-TCCB ngày 30/9/2013 về thành lập Ban chỉ đạo;",
     [("Quyết định", "1724/QĐ-BNN-HTQT", "2013-07-29"), ("Quyết định", "2226/QĐ-BNN-TCCB", "2013-09-30")]),
    # a number without its date, or whose symbol names no type, is not read this way
    ("Hồ sơ số 12/HS-UBND ngày 02/3/2024; phiếu số 15/PTT.", []),
])
def test_a_list_of_one_type_s_documents_names_the_type_once(text, expected):
    assert [(r.type, r.code, r.date.isoformat()) for r in find_references(text)] == expected


@pytest.mark.parametrize("text, doc_type", [
    ("tại Thông báo kết luận số 2927 -TB/TU ngày 4/2/2020 của Thường trực Tỉnh ủy", "Thông báo"),
    ("theo Thông báo kết luận số 12/TB-VPCP ngày 4/2/2020 của Văn phòng Chính phủ", "Thông báo"),
    ("theo Kết luận số 75-KL/TW ngày 4/2/2020 của Bộ Chính trị", "Kết luận"),
])
def test_the_type_a_symbol_names_over_the_word_of_what_it_is_about(text, doc_type):
    assert [r.type for r in find_references(text)] == [doc_type]


def test_an_issuer_a_title_in_capitals_wrote_takes_the_case_of_the_text():
    text = ("KẾ HOẠCH\nTHỰC HIỆN CHỈ THỊ SỐ 37-CT/TW NGÀY 03/9/2019 CỦA BAN BÍ THƯ VỀ QUAN HỆ LAO ĐỘNG\n"
            "Căn cứ Chỉ thị số 37-CT/TW ngày 03/9/2019 của Ban Bí thư về quan hệ lao động.")
    assert [(r.code, r.issuer) for r in find_references(text)] == [("37-CT/TW", "Ban Bí thư")]


def test_codes_a_text_layer_wrote_without_their_hyphens_get_them_back():
    # every hyphen lost (Word's non-breaking hyphen left out of a PDF's text): the cited type's
    # abbreviation and the issuer's initials are cut apart again
    text = ("Căn cứ Nghị định số 61/2018/NĐCP ngày 23 tháng 4 năm 2018 của Chính phủ;\n"
            "Căn cứ Thông tư số 01/2018/TTVPCP ngày 23 tháng 11 năm 2018 của Văn phòng Chính phủ;\n"
            "Căn cứ Quyết định số 2468/QĐUBND ngày 02 tháng 11 năm 2018 của Ủy ban nhân dân tỉnh;\n"
            "Căn cứ Công văn số 15/TTCP ngày 02 tháng 11 năm 2018 của Thanh tra Chính phủ.")
    assert [r.code for r in find_references(text)] == ["61/2018/NĐ-CP", "01/2018/TT-VPCP", "2468/QĐ-UBND", "15/TTCP"]
    # where the text writes hyphens, a symbol without one is as written
    assert [r.code for r in find_references(text.replace("NĐCP", "NĐ-CP"))][2] == "2468/QĐUBND"


def test_the_document_itself_is_not_a_reference():
    text = "(Kèm theo Kế hoạch số 46 /UBND-NV ngày 08 tháng 02 năm 2023)"
    assert find_references(text, own_code="46/KH-UBND", own_date=dt.date(2023, 2, 8)) == []


def test_offsets_point_at_the_citation_in_the_text():
    record, text = parse_file(SAMPLES / "kh-175-ubnd-2023.txt")
    for r in record.references:
        assert r.code.split("/")[0].split("-")[0] in text[r.start: r.end]


# --- against the archive -----------------------------------------------------------------

@pytest.fixture()
def five_samples(tmp_path):
    archive = Archive(tmp_path / "arch")
    list(archive.add([SAMPLES / n for n in TEXT_SAMPLES], ocr=False))
    yield archive
    archive.close()


def test_missing_ranks_the_documents_cited_three_times_first(five_samples):
    ranked = missing(five_samples.catalog)
    top = {(code_key(m.code), m.year) for m in ranked[:4]}
    assert top == {(code_key("406/KH-UBND"), 2022), (code_key("28/KH-UBND"), 2023),
                   (code_key("175/KH-UBND"), 2021), (code_key("288/KH-UBND"), 2021)}
    assert [m.count for m in ranked[:5]] == [3, 3, 3, 3, 2]
    filled = fill_citing(five_samples.catalog, ranked[:1])[0]  # the citing documents, loaded for a page
    assert sorted(c.record.code for c in filled.citing) == sorted(["175/KH-UBND", "303/UBND-NV", "46/KH-UBND"])


def test_same_number_other_year_or_other_symbol_does_not_resolve(five_samples):
    catalog = five_samples.catalog
    (kh175,) = catalog.by_code("175/KH-UBND", 2023)
    own = [c for c in catalog.citations_of(kh175.id) if code_key(c.code) == code_key("175/KH-UBND")]
    assert own and all(c.target_id is None for c in own)  # the 2021 plan, not itself
    (kh46,) = catalog.by_code("46/KH-UBND")
    kh303 = [c for c in catalog.citations_of(kh46.id) if c.code == "303/KH-UBND"]
    assert kh303 and kh303[0].target_id is None  # not the công văn 303/UBND-NV of 2023


def test_a_reference_resolves_once_its_document_arrives(five_samples, tmp_path):
    standin = tmp_path / "kh-406.txt"
    standin.write_text("ỦY BAN NHÂN DÂN QUẬN 1\nSố: 406/KH-UBND\nQuận 1, ngày 29 tháng 12 năm 2022\nKẾ HOẠCH\n"
                       "Thực hiện công tác cải cách hành chính trên địa bàn Quận 1 năm 2023\n", encoding="utf-8")
    assert five_samples.add_file(standin, ocr=False).status == "added"
    result = CliRunner().invoke(main, ["refs", "406/KH-UBND", "--year", "2022", "--archive", str(tmp_path / "arch")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    cited_by = lines.index("  cited by (3):")
    assert sorted(l.split()[1] for l in lines[cited_by + 1: cited_by + 4]) == ["175/KH-UBND", "303/UBND-NV", "46/KH-UBND"]
    assert all(code_key(m.code) != code_key("406/KH-UBND") for m in missing(five_samples.catalog))


def test_undated_reference_resolves_only_to_a_single_candidate_and_says_so(five_samples, tmp_path):
    standin = tmp_path / "nq18.txt"
    standin.write_text("BAN CHẤP HÀNH TRUNG ƯƠNG\nSố: 18-NQ/TW\nHà Nội, ngày 25 tháng 10 năm 2017\nNGHỊ QUYẾT\n"
                       "Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy\n", encoding="utf-8")
    five_samples.add_file(standin, ocr=False)
    catalog = five_samples.catalog
    (kh175,) = catalog.by_code("175/KH-UBND", 2023)
    (c,) = [c for c in catalog.citations_of(kh175.id) if c.code == "18-NQ/TW"]
    assert c.target_id is not None and c.uncertain


def test_show_says_the_other_year_is_cited_but_not_archived(five_samples, tmp_path):
    result = CliRunner().invoke(main, ["show", "175/KH-UBND", "--archive", str(tmp_path / "arch")])
    assert result.exit_code == 0
    assert result.output.startswith("2023-04-25  175/KH-UBND")
    assert "175/KH-UBND of 2021: cited by 3, not archived" in result.output


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "json"])
def test_graph_formats(five_samples, tmp_path, fmt):
    result = CliRunner().invoke(main, ["graph", "--format", fmt, "--around", "303/UBND-NV",
                                       "--archive", str(tmp_path / "arch")])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.output)
        assert len(data["nodes"]) == 3 and len(data["edges"]) == 2
    elif fmt == "dot":
        assert result.output.startswith("digraph references {") and result.output.count("->") == 2
    else:
        assert result.output.startswith("graph LR") and result.output.count("-->") == 2


def test_basis_by_code_expands_to_the_full_citation(five_samples):
    (entry,) = five_samples.catalog.by_code("303/UBND-NV", 2023)
    line = citation_line(entry, "Thực hiện")
    assert line.startswith("Thực hiện Công văn số 303/UBND-NV ngày 08 tháng 02 năm 2023 của Ủy ban nhân dân Quận 1 về ")
    assert expand_bases(["Thực hiện 303/UBND-NV/2023", "Căn cứ Luật ngày 13/8/2021"], five_samples.catalog) == [
        line, "Căn cứ Luật ngày 13/8/2021"]
    with pytest.raises(BasisError, match="406/KH-UBND of 2022 is not in the archive"):
        expand_bases(["406/KH-UBND/2022"], five_samples.catalog)
    # a code alone, and a code that carries its year (as the picker offers it), expand as well
    assert expand_bases(["Thực hiện 303/UBND-NV"], five_samples.catalog) == [line]
    with pytest.raises(BasisError, match="16/2026/QĐ-UBND of 2026 is not in the archive"):
        expand_bases(["Căn cứ 16/2026/QĐ-UBND"], five_samples.catalog)
    with pytest.raises(BasisError, match="16/2026/QĐ-UBND of 2026 is not in the archive"):
        expand_bases(["16/2026/QĐ-UBND/2026"], five_samples.catalog)  # never printed as typed
    written = "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
    assert expand_bases([written], five_samples.catalog) == [written]  # a line written by hand stays


def render_cong_van(tmp_path, basis: str, issuer: str = "Ủy ban nhân dân Quận 1", place: str = "Quận 1"):
    """docgen render of a công văn with one basis, on the archive in tmp_path/arch: (data file, result)."""
    data = tmp_path / "cv.yaml"
    data.write_text(f"template: cong-van\nissuer: {issuer}\nissuer_abbr: UBND\nunit_abbr: NV\n"
                    f"place: {place}\nsubject: Thử\nrecipients: [Các phòng]\nbases: [{basis}]\n"
                    "signer: {title: Chủ tịch, name: Lê Đức Thanh}\n", encoding="utf-8")
    return data, CliRunner().invoke(main, ["render", str(data), "-o", str(tmp_path / "cv.docx"),
                                           "--archive", str(tmp_path / "arch")])


def test_render_with_a_basis_missing_from_the_archive_names_it(five_samples, tmp_path):
    data, result = render_cong_van(tmp_path, "406/KH-UBND/2022")
    assert result.exit_code == 2
    assert result.output.strip() == (f"error: {data}: field 'bases.0': 406/KH-UBND of 2022 is not in the archive "
                                     f"({tmp_path / 'arch'})")


def test_a_code_that_carries_its_year_is_offered_once_and_expands(tmp_path):
    from archive.archive import Archive

    decision = tmp_path / "qd.txt"
    decision.write_text("ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 16/2026/QĐ-UBND\nLào Cai, ngày 05 tháng 01 năm 2026\n"
                        "QUYẾT ĐỊNH\nQuy định phân cấp quản lý\n", encoding="utf-8")
    with Archive(tmp_path / "arch") as archive:
        archive.add_file(decision)
        assert archive.catalog.codes_with_years("16") == ["16/2026/QĐ-UBND"]
        (line,) = expand_bases(["Căn cứ 16/2026/QĐ-UBND"], archive.catalog)
    assert line.startswith("Căn cứ Quyết định số 16/2026/QĐ-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh")
    # as a draft gives it (docgen render, the web form): the picker's form alone is expanded too
    _, result = render_cong_van(tmp_path, "Căn cứ 16/2026/QĐ-UBND", "Ủy ban nhân dân tỉnh Lào Cai", "Lào Cai")
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(tmp_path / "cv.docx").paragraphs)
    assert "Căn cứ Quyết định số 16/2026/QĐ-UBND ngày 05 tháng 01 năm 2026" in text
