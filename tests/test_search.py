"""Search: the same tests for both engines, query for query."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from archive.archive import Archive
from docgen.cli import main
from search.numbers import parse_number
from search.analyzer import ANALYZER_VERSION
from search.query import Filters, parse
from search.service import SearchIndex
from search.snippets import make_snippet
from conftest import FIXTURES

SAMPLES = FIXTURES / "samples"
TEXT_SAMPLES = sorted(p.name for p in SAMPLES.glob("*.txt"))
ENGINES = ["tantivy", "whoosh"]


@pytest.fixture(params=ENGINES)
def index(request, tmp_path):
    archive = Archive(tmp_path / "arch")
    list(archive.add([SAMPLES / n for n in TEXT_SAMPLES], ocr=False))
    index = SearchIndex(archive, request.param)
    index.sync()
    yield index
    archive.close()


def codes(results) -> set[str]:
    return {h.entry.record.code or h.entry.file_name for h in results.hits}


ALL_FIVE = {"175/KH-UBND", "46/KH-UBND", "303/UBND-NV", "292/UBND-NV", "kh-mongcai-2024.txt"}


def test_words_with_or_without_diacritics_find_all_five(index):
    assert codes(index.search("cai cach hanh chinh")) == ALL_FIVE
    assert codes(index.search("cải cách hành chính")) == ALL_FIVE  # the OCR'd cv-292 included


def test_exact_matches_rank_first_for_a_query_with_diacritics(index):
    hits = index.search("cải cách hành chính").hits
    assert hits[-1].entry.record.code == "292/UBND-NV"  # its text lost the marks


def test_mong_cai_and_a_phrase(index):
    assert codes(index.search("mong cai")) == {"kh-mongcai-2024.txt"}
    assert codes(index.search('"văn hóa công vụ"')) == {"175/KH-UBND", "46/KH-UBND"}
    assert codes(index.search('"van hoa cong vu"')) == {"175/KH-UBND", "46/KH-UBND"}
    assert codes(index.search('"cong van hoa vu"')) == set()  # the words, not in that order
    assert codes(index.search('"hành chính năm 2023"')) == {"175/KH-UBND", "303/UBND-NV", "kh-mongcai-2024.txt"}


def test_exclusion_or_and_fields(index):
    assert codes(index.search("cai cach -mong")) == ALL_FIVE - {"kh-mongcai-2024.txt"}
    assert "kh-mongcai-2024.txt" in codes(index.search("tuyen truyen OR Móng"))
    assert codes(index.search("type:công văn cải cách")) == {"303/UBND-NV", "292/UBND-NV"}
    assert codes(index.search("subject:tuyên truyền")) == {"46/KH-UBND"}
    assert codes(index.search("issuer:móng cái")) == {"kh-mongcai-2024.txt"}


def test_filters_and_sorting_by_date(index):
    assert codes(index.search("cải cách", Filters(type="Công văn"))) == {"303/UBND-NV", "292/UBND-NV"}
    assert codes(index.search("cải cách", Filters(year=2022))) == {"292/UBND-NV"}
    assert codes(index.search("cải cách", Filters(date_from=dt.date(2023, 3, 1)))) == {"175/KH-UBND"}
    assert codes(index.search("cải cách", Filters(signer="Hồ Quang Huy"))) == {"kh-mongcai-2024.txt"}
    dated = [h.entry.record.date for h in index.search("cải cách", Filters(year=2023), sort="date").hits]
    assert dated == sorted(dated, reverse=True) and len(dated) == 3


def test_number_lists_the_samples_that_cite_it(index):
    results = index.search("406/KH-UBND")
    (look,) = results.lookups
    assert look.entries == []
    (group,) = look.not_archived
    assert group.year == 2022
    assert {e.record.code for e in group.citing} == {"303/UBND-NV", "175/KH-UBND", "46/KH-UBND"}


@pytest.mark.parametrize("typed", ["406/KH-UBND", "406/kh-ubnd", "406 KH UBND", "số 406/KH", "406/KH-UBND/2022",
                                   "kế hoạch 406 năm 2022"])
def test_every_way_of_typing_a_number(index, typed):
    (look,) = index.search(typed).lookups
    assert look.code == "406/KH-UBND"


def test_qd_finds_the_d_bar(index):
    (look,) = index.search("58/QD-UBND").lookups
    assert look.code == "58/QĐ-UBND" and look.not_archived[0].year == 2023


def test_same_number_other_year_is_listed_apart(index):
    (look,) = index.search("175/KH-UBND").lookups
    assert [e.record.date.year for e in look.entries] == [2023]
    assert [(m.year, len(m.citing)) for m in look.not_archived] == [(2021, 3)]


def test_verify_reports_a_changed_file_and_a_missing_index_entry(index):
    from archive.verify import check

    assert index.verify() == [] and check(index.archive) == []
    entry = index.archive.catalog.by_code("46/KH-UBND")[0]
    stored = index.archive.store.path_for(entry.sha256)
    stored.chmod(0o644)
    stored.write_bytes(stored.read_bytes() + b"x")
    index.engine.delete([index.archive.catalog.by_code("303/UBND-NV")[0].id])
    (changed,) = check(index.archive)
    assert "changed since it was stored (the original of document" in changed.message
    (missing,) = index.verify()
    assert "(303/UBND-NV) is not in the" in missing


def test_reindex_rebuilds_the_same_answers(index):
    before = codes(index.search("cai cach hanh chinh"))
    assert index.reindex() == 5
    assert codes(index.search("cai cach hanh chinh")) == before
    assert index.verify() == []


def test_parse_query():
    q = parse('cải cách "văn hóa công vụ" -mong tuyên OR truyền issuer:"Quận 1"')
    assert [c.folded for c in q.must] == [["cai"], ["cach"], ["van", "hoa", "cong", "vu"], ["quan", "1"]]
    assert q.must[-1].field == "issuer"
    assert [[c.folded for c in g] for g in q.any_of] == [[["tuyen"], ["truyen"]]]
    assert [c.folded for c in q.must_not] == [["mong"]]


def test_parse_number():
    n = parse_number("công văn 303 năm ngoái", today=dt.date(2024, 5, 1))
    assert (n.number, n.parts, n.year, n.type) == (303, [], 2023, "cong van")
    assert parse_number("cải cách hành chính") is None
    n = parse_number("45/2020/NĐ-CP")
    assert (n.number, n.parts, n.year) == (45, ["nd", "cp"], 2020)
    assert n.matches("45/2020/NĐ-CP") and not n.matches("46/2020/NĐ-CP") and not n.matches("45/2020/TT-BTC")


@pytest.mark.parametrize("typed, reading", [
    ("thông tư 143/2025/TT-BTC", (143, ["tt", "btc"], 2025, "thong tu")),  # a legal type word before it
    ("nghị định 178", (178, [], None, "nghi dinh")),
    ("luật 116/2025/QH15", (116, ["qh15"], 2025, "luat")),
    ("406 KH UBND", (406, ["kh", "ubnd"], None, None)),
    ("295 2025 NĐ CP", (295, ["nd", "cp"], 2025, None)),  # every separator typed as a space
    ("09 2025 UBTVQH15", (9, ["ubtvqh15"], 2025, None)),
    ("số 3298/SXD-QLHĐXD", (3298, ["sxd", "qlhdxd"], None, None)),  # Đ is a letter of a ký hiệu
    ("đề án 08 phát triển công nghiệp xanh", None),  # words with marks after the number: words
    ("kế hoạch 175 cải cách", None),
])
def test_what_is_read_as_a_number(typed, reading):
    n = parse_number(typed)
    assert (n and (n.number, n.parts, n.year, n.type)) == reading


@pytest.mark.parametrize("engine", ENGINES)
def test_a_number_nothing_has_is_searched_as_words(engine, tmp_path):
    """"de an 08 phat trien cong nghiep xanh" (typed without marks) reads like a number with a
    long ký hiệu; no document has or cites it, so its words are searched."""
    index = indexed(tmp_path, engine, {
        "kh.txt": "Số: 12/KH-UBND\nQuận 1, ngày 02 tháng 3 năm 2026\nKẾ HOẠCH\n"
                  "Thực hiện Đề án 08 về phát triển công nghiệp xanh giai đoạn 2026-2030\n"})
    results = index.search("de an 08 phat trien cong nghiep xanh")
    assert results.number is None and results.unknown_number.number == 8
    assert [h.entry.record.code for h in results.hits] == ["12/KH-UBND"]
    index.archive.close()


def test_snippet_offsets_point_at_the_words():
    text = "Kế hoạch về cải cách hành chính năm 2023; tiếp tục CẢI CÁCH thủ tục."
    snippet = make_snippet(text, [["cai", "cach"]])
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["cải cách", "CẢI CÁCH"]


def test_a_word_asked_twice_or_inside_a_phrase_is_marked_once():
    text = "Chỉ thị về thi đua: các đơn vị thi đua thực hiện cải cách hành chính."
    snippet = make_snippet(text, parse("chỉ thị thi đua").highlight_words)  # "thi" asked twice
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["Chỉ", "thị", "thi", "đua", "thi", "đua"]
    snippet = make_snippet(text, parse('"cải cách" cách').highlight_words)
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["cải cách"]


def test_cli_search_json_and_engine_option(tmp_path):
    arch = str(tmp_path / "arch")
    runner = CliRunner()
    assert runner.invoke(main, ["archive", "add", str(SAMPLES), "--no-ocr", "--archive", arch]).exit_code == 0
    for engine in ENGINES:
        result = runner.invoke(main, ["search", "cai", "cach", "hanh", "chinh", "--json", "--engine", engine,
                                      "--archive", arch])
        payload = json.loads(result.output)
        assert payload["kind"] == "words" and payload["total"] == 5
        first = payload["results"][0]
        from docgen.base.vntext import fold

        marked = [fold(first["snippet"]["text"][a:b]).lower() for a, b in first["snippet"]["highlights"]]
        assert marked and set(marked) <= {"cai", "cach", "hanh", "chinh"}
    result = runner.invoke(main, ["search", "175/KH-UBND", "--archive", arch])
    assert result.output.startswith("2023-04-25  175/KH-UBND")
    assert "175/KH-UBND of 2021: cited by 3, not archived" in result.output
    result = runner.invoke(main, ["search", "9999/KH-UBND", "--archive", arch])  # nothing has it nor cites it
    assert result.output.startswith("no document numbered 9999/KH-UBND; documents with these words:\n")
    payload = json.loads(runner.invoke(main, ["search", "9999/KH-UBND", "--json", "--archive", arch]).output)
    assert payload["kind"] == "words" and payload["number_not_found"] is True
    result = runner.invoke(main, ["archive", "verify", "--archive", arch])
    assert result.exit_code == 0 and result.output.strip().endswith("6 documents, 0 problems")


def test_a_search_during_someone_elses_indexing_answers_from_what_is_indexed(index, tmp_path):
    """One writer at a time: a search does not wait for (nor collide with) an upload being indexed."""
    import threading

    note = tmp_path / "tb-12.txt"
    note.write_text("Số: 12/TB-UBND\nQuận 1, ngày 10 tháng 5 năm 2024\nTHÔNG BÁO\nVề lịch tiếp công dân định kỳ\n",
                    encoding="utf-8")
    index.archive.add_file(note, ocr=False)
    with index.writing() as mine:  # as an upload in another thread or process would
        assert mine
        assert codes(index.search('"lich tiep cong dan"')) == set()
        assert index.sync(wait=False) == 0
    assert codes(index.search('"lich tiep cong dan"')) == {"12/TB-UBND"}

    def sync_in_thread(results):
        with Archive(index.archive.location) as archive:
            results.append(SearchIndex(archive, index.engine_name).sync())

    for number in (13, 14, 15):
        other = tmp_path / f"tb-{number}.txt"
        other.write_text(note.read_text(encoding="utf-8").replace("12/TB", f"{number}/TB"), encoding="utf-8")
        index.archive.add_file(other, ocr=False)
    results: list[int] = []
    threads = [threading.Thread(target=sync_in_thread, args=(results,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 3]  # one indexed the three, the other found nothing left
    with Archive(index.archive.location) as archive:  # opened anew, as each page of the web app does
        assert SearchIndex(archive, index.engine_name).verify() == []


def indexed(tmp_path, engine: str, texts: dict[str, str]) -> SearchIndex:
    """A new archive of these text files (name: text), indexed; close its archive after."""
    archive = Archive(tmp_path / "arch")
    for name, written in texts.items():
        (tmp_path / name).write_text(written, encoding="utf-8")
        archive.add_file(tmp_path / name)
    index = SearchIndex(archive, engine)
    index.sync()
    return index


@pytest.mark.parametrize("engine", ENGINES)
def test_either_placement_of_a_tone_finds_the_same_document_first(engine, tmp_path):
    """"hàng hoá" and "hàng hóa", "thủy" and "thuỷ": both accepted spellings, one word to search;
    a document written one way is found first when the query is typed the other."""
    index = indexed(tmp_path, engine, {
        "cu.txt": "Số: 12/KH-UBND\nQuận 1, ngày 02 tháng 3 năm 2023\nKẾ HOẠCH\nKiểm tra hàng hóa nhập khẩu qua cửa khẩu.\n",
        "hoa.txt": "Số: 13/KH-UBND\nQuận 1, ngày 03 tháng 3 năm 2023\nKẾ HOẠCH\n"
                   "Hàng hoa tươi, hàng hoa khô; hội hoa xuân; hàng hoa Tết, hoa đào, hoa mai.\n"})
    for query in ("hàng hoá", "hàng hóa", "HÀNG HOÁ"):
        hits = index.search(query).hits
        assert hits and hits[0].entry.record.code == "12/KH-UBND", (query, [h.entry.record.code for h in hits])
    index.archive.close()


def test_an_index_made_by_other_word_rules_is_rebuilt(index):
    state = index.state_file
    state.write_text('{"last_id": 5}')  # as an older docgen left it
    assert index.sync() == 5  # every document indexed again
    assert f'"analyzer": {ANALYZER_VERSION}' in state.read_text()


def test_a_tantivy_index_of_an_older_schema_is_rebuilt(tmp_path):
    """Older indexes did not keep the text for snippets: their schema differs, and opening
    one must rebuild it rather than fail."""
    import tantivy

    archive = Archive(tmp_path / "arch")
    list(archive.add([SAMPLES / n for n in TEXT_SAMPLES], ocr=False))
    folder = tmp_path / "arch" / "index" / "tantivy"
    folder.mkdir(parents=True)
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("doc_id", stored=True, indexed=True, fast=True)
    builder.add_text_field("text", stored=False)
    old = tantivy.Index(builder.build(), path=str(folder))
    writer = old.writer()
    writer.add_document(tantivy.Document(doc_id=1, text="cải cách"))
    writer.commit()
    (folder.parent / "tantivy.state.json").write_text(f'{{"change": 99, "analyzer": {ANALYZER_VERSION}}}')
    index = SearchIndex(archive, "tantivy")  # even a state file that says it is current
    assert index.sync() == len(TEXT_SAMPLES)
    assert codes(index.search("cai cach hanh chinh")) == ALL_FIVE
    assert index.sync() == 0 and not index.verify()  # rebuilt once, not at every sync
    archive.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_long_documents_snippet_shows_the_words_where_they_are_as_written(engine, tmp_path):
    """A law runs past 100,000 characters; the snippet is the place the words are, on one
    line, in the document's own spelling (its placement of the tone kept). A word every
    document has ("sản", of "tài sản", "sản xuất") weighs less than a rare one ("kiểm dịch")."""
    body = "Điều 1. Các quy định chung về quản lý tài sản công.\n" * 3000
    others = {f"bc-{n}.txt": f"Số: {n}/BC-UBND\nQuận 1, ngày 02 tháng 3 năm 2025\nBÁO CÁO\n"
                             f"Tình hình sản xuất và quản lý tài sản công quý {n}.\n" for n in range(1, 5)}
    index = indexed(tmp_path, engine, {
        **others,
        "luat.txt": "Số: 12/2025/QH15\nHà Nội, ngày 02 tháng 3 năm 2025\nLUẬT\nQuản lý tài sản công\n" + body
                    + "Điều 99. Hàng thuỷ sản xuất khẩu được kiểm dịch tại cửa khẩu.\n"})
    (hit,) = index.search("thuy san kiem dich").hits
    snippet = hit.snippet
    assert "Hàng thuỷ sản xuất khẩu được kiểm dịch" in snippet.text
    assert {"thuỷ", "sản", "kiểm", "dịch"} == {snippet.text[a:b] for a, b in snippet.highlights}
    assert "\n" not in snippet.text and len(snippet.text) <= 220
    index.archive.close()


def test_tantivy_cuts_snippets_from_its_index_not_from_the_whole_texts(tmp_path, monkeypatch):
    index = indexed(tmp_path, "tantivy", {
        "kh.txt": "Số: 12/KH-UBND\nQuận 1, ngày 02 tháng 3 năm 2023\nKẾ HOẠCH\nKiểm tra hàng hóa nhập khẩu.\n"})

    def whole_text(self, doc_id):
        raise AssertionError("a search read a whole text from the catalog")

    monkeypatch.setattr(type(index.archive.catalog), "text", whole_text)
    (hit,) = index.search("hang hoa nhap khau").hits
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.highlights] == ["hàng", "hóa", "nhập", "khẩu"]
    index.archive.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_type_word_in_the_query_ranks_documents_of_that_kind_first(engine, tmp_path):
    index = indexed(tmp_path, engine, {
        "chi-phi.txt": "Số: 20/KH-UBND\nQuận 1, ngày 02 tháng 3 năm 2023\nKẾ HOẠCH\nChi phí thi đua\n"
                       + "Chi phí tổ chức, chi phí khen thưởng, chi phí thi đua trong năm. " * 6 + "\n",
        "chi-thi.txt": "Số: 05/CT-UBND\nQuận 1, ngày 03 tháng 3 năm 2023\nCHỈ THỊ\n"
                       "Về tăng cường kỷ cương hành chính\nCác cơ quan thi đua thực hiện nghiêm.\n"})
    for query in ("chỉ thị thi đua", "chi thi thi dua"):
        assert [h.entry.record.code for h in index.search(query).hits][0] == "05/CT-UBND", query
    index.archive.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_document_whose_trich_yeu_says_the_words_ranks_first(engine, tmp_path):
    """A plan that mentions a strategy several times in passing ranks below the decision that
    approves it (the words are its trích yếu), with or without marks."""
    index = indexed(tmp_path, engine, {
        "kh.txt": "Số: 30/KH-UBND\nQuận 1, ngày 02 tháng 3 năm 2023\nKẾ HOẠCH\nPhát triển kinh tế xã hội năm 2023\n"
                  + "Triển khai chiến lược phát triển lâm nghiệp và các chiến lược phát triển khác. " * 5 + "\n",
        "qd.txt": "Số: 523/QĐ-TTg\nHà Nội, ngày 01 tháng 4 năm 2021\nQUYẾT ĐỊNH\n"
                  "Phê duyệt Chiến lược phát triển lâm nghiệp Việt Nam giai đoạn 2021-2030\n"
                  "Điều 1. Phê duyệt Chiến lược với các nội dung chủ yếu về quản lý rừng, trồng rừng, "
                  "bảo vệ rừng và sử dụng đất rừng bền vững trong cả nước.\n"})
    for query in ("chiến lược phát triển lâm nghiệp", "chien luoc phat trien lam nghiep"):
        assert [h.entry.record.code for h in index.search(query).hits][0] == "523/QĐ-TTg", query
    index.archive.close()
