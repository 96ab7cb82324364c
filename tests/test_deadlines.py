"""Deadlines: every written form, the traps that are not deadlines, the archive-wide list, .ics."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from archive.archive import Archive
from archive.deadlines import find_deadlines
from archive.parse import parse_file
from docgen.cli import main
from conftest import FIXTURES
import expected as E

SAMPLES = FIXTURES / "samples"
TEXT_SAMPLES = sorted(p.name for p in SAMPLES.glob("*.txt"))


def found(text, year=2023, issued=None, **kw):
    return [(d.date.isoformat() if d.date else None, d.relation) for d in find_deadlines(text, year, issued, **kw)]


def dates_and_relations(deadlines) -> Counter:
    return Counter((d["date"], d["relation"]) for d in deadlines)


@pytest.mark.parametrize("name", TEXT_SAMPLES)
def test_samples_deadlines_equal_the_expected(name):
    record, _ = parse_file(SAMPLES / name)
    want = E.load(SAMPLES / name.replace(".txt", ".expected.json"))["deadlines"]
    assert dates_and_relations(d.to_dict() for d in record.deadlines) == dates_and_relations(want)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_same_from_a_pdf_of_kh175(tmp_path):
    from docgen.base.pdf import UTF8_TEXT, convert_to_pdf

    (pdf,) = convert_to_pdf([SAMPLES / "kh-175-ubnd-2023.txt"], tmp_path, input_filter=UTF8_TEXT)
    record, _ = parse_file(pdf)
    want = E.load(SAMPLES / "kh-175-ubnd-2023.expected.json")["deadlines"]
    assert record.text_source == "pdf-text"
    assert dates_and_relations(d.to_dict() for d in record.deadlines) == dates_and_relations(want)


@pytest.mark.parametrize("text, expected", [
    ("hoàn thành chậm nhất ngày 28 tháng 02 năm 2023 để tổng hợp", [("2023-02-28", "no-later-than")]),
    ("gửi về Phòng Nội vụ trước ngày 10 tháng 6 năm 2023.", [("2023-06-10", "before")]),
    ("Phấn đấu đến hết 31/12/2024: giá trị sản xuất tăng 6,5%", [("2024-12-31", "until")]),
    ("báo cáo trước ngày 05/01/2024.", [("2024-01-05", "before")]),
    ("trong tháng 12 năm 2023", [("2023-12-31", "within")]),
    ("thời gian thực hiện: trong Quý I năm 2024", [("2024-03-31", "within")]),
    ("gửi về UBND Thành phố trong Quý I/2024.", [("2024-03-31", "within")]),
    ("hoàn thành 6 tháng đầu năm 2024", [("2024-06-30", "within")]),
    ("tổ chức Hội nghị vào ngày 12 tháng 5 năm 2023 tại Hội trường", [("2023-05-12", "on")]),
])
def test_forms(text, expected):
    assert found(text) == expected


def test_from_to_gives_a_start_and_an_end():
    (d,) = find_deadlines("Đợt 2: Từ ngày 10 tháng 6 năm 2023 đến ngày 25 tháng 11 năm 2023.", 2023)
    assert (d.relation, d.date, d.start_date) == ("until", dt.date(2023, 11, 25), dt.date(2023, 6, 10))


def test_from_the_issue_date():
    (d,) = find_deadlines("Đợt 1: Từ ngày ban hành kế hoạch đến ngày 10 tháng 6 năm 2023.", 2023, dt.date(2023, 4, 25))
    assert (d.relation, d.date, d.start_date) == ("until", dt.date(2023, 6, 10), dt.date(2023, 4, 25))


def test_dates_without_a_year_take_the_documents_year_four_deadlines_not_one():
    text = ("cụ thể như sau: báo cáo quý 1 (trước ngày 01 tháng 3), 6 tháng (trước ngày 01 tháng 6), "
            "báo cáo 9 tháng (trước ngày 01 tháng 9) và báo cáo tổng kết năm (trước ngày 01 tháng 12)")
    deadlines = find_deadlines(text, 2023)
    assert [(d.date.isoformat(), d.relation) for d in deadlines] == [
        ("2023-03-01", "before"), ("2023-06-01", "before"), ("2023-09-01", "before"), ("2023-12-01", "before")]
    assert all(d.year_implied for d in deadlines)
    assert find_deadlines(text, None) == []  # no year to take: not guessed


@pytest.mark.parametrize("text", [
    "Thực hiện Kế hoạch số 406/KH-UBND ngày 29 tháng 12 năm 2022 của Ủy ban nhân dân Quận 1;",
    "Quận 1, ngày 25 tháng 4 năm 2023",
    "kỷ niệm 75 năm Ngày Chủ tịch Hồ Chí Minh ra lời kêu gọi thi đua ái quốc (11/6/1948-11/6/2023);",
    "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
    "đánh giá thi đua hàng quý đối với người đứng đầu; kịp thời chấn chỉnh",
])
def test_traps_are_not_deadlines(text):
    assert found(text) == []


def test_the_trich_yeu_of_a_cited_document_holds_no_deadline_of_this_one():
    text = ("Thực hiện Kế hoạch số 17/KH-UBND ngày 18 tháng 01 năm 2022 của Ủy ban nhân dân Quận 1 về hoàn thành "
            "trước ngày 30 tháng 6 năm 2022 các chỉ tiêu cải cách hành chính;")
    from archive.citations import find_mentions

    spans = [(m.start, m.end) for m in find_mentions(text)]
    assert found(text) == [("2022-06-30", "before")]  # read alone, it looks like one
    assert found(text, excluded=spans) == []


def test_undated_duties_only_when_asked():
    text = "Cập nhật thông tin hàng quý; báo cáo kịp thời khi có phát sinh."
    assert found(text) == []
    assert found(text, undated=True) == [(None, "undated"), (None, "undated")]


def test_task_and_responsible_unit():
    text = ("2. Giao Trưởng phòng Nội vụ\n"
            "2.1. Hướng dẫn, kiểm tra việc đăng ký; tổng hợp báo cáo trước ngày 15 tháng 7 năm 2023.\n")
    (d,) = find_deadlines(text, 2023)
    assert d.responsible == "Trưởng phòng Nội vụ"
    assert d.task == "tổng hợp báo cáo trước ngày 15 tháng 7 năm 2023."
    text = ("Phòng Nội vụ Quận 1 tham mưu Ủy ban nhân dân Quận 1 tổ chức khảo sát thực tế.\n"
            "Thời gian thực hiện: trước ngày 30 tháng 9 năm 2023.\n")
    (d,) = find_deadlines(text, 2023)
    assert d.responsible == "Phòng Nội vụ Quận 1"
    assert d.task.startswith("Phòng Nội vụ Quận 1 tham mưu")


def test_ics_export_of_kh175(tmp_path):
    out = tmp_path / "kh175.ics"
    result = CliRunner().invoke(main, ["deadlines", str(SAMPLES / "kh-175-ubnd-2023.txt"), "--ics", str(out)])
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    want = E.load(SAMPLES / "kh-175-ubnd-2023.expected.json")["deadlines"]
    assert sorted(e.decoded("dtstart").isoformat() for e in events) == sorted(d["date"] for d in want)
    for event in events:
        assert str(event["summary"]).startswith("175/KH-UBND: ")
        assert str(event["description"]).strip()
        assert event.decoded("dtend") == event.decoded("dtstart") + dt.timedelta(days=1)
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_table_json_and_the_archive_wide_list(tmp_path):
    runner = CliRunner()
    arch = str(tmp_path / "arch")
    with Archive(tmp_path / "arch") as archive:
        list(archive.add([SAMPLES / n for n in TEXT_SAMPLES], ocr=False))
    result = runner.invoke(main, ["deadlines", "--from", "2023-06-01", "--to", "2023-09-30", "--archive", arch])
    assert result.exit_code == 0
    dates = [line.split()[0] for line in result.output.splitlines()]
    assert dates == sorted(dates) and dates[0] == "2023-06-01" and dates[-1] == "2023-09-30"
    assert len(dates) == 6  # 01/6 twice (303), 10/6 twice (175), 01/9 (303), 30/9 (175)
    result = runner.invoke(main, ["deadlines", "--responsible", "Phòng Nội vụ", "--json", "--archive", arch])
    import json

    rows = json.loads(result.output)
    assert [(r["document"], r["date"]) for r in rows] == [("175/KH-UBND", "2023-09-30")]
    result = runner.invoke(main, ["deadlines", "--issuer", "Móng Cái", "--archive", arch])
    assert [line.split()[0] for line in result.output.splitlines()] == ["2024-03-31", "2024-12-31"]


def test_due_within_counts_from_today(tmp_path):
    soon = dt.date.today() + dt.timedelta(days=10)
    later = dt.date.today() + dt.timedelta(days=60)
    doc = tmp_path / "cv.txt"
    doc.write_text(f"Số: 12/UBND-VP\nQuận 1, ngày {dt.date.today():%d} tháng {dt.date.today().month} năm "
                   f"{dt.date.today().year}\nV/v báo cáo\n1. Gửi báo cáo trước ngày {soon:%d/%m/%Y}.\n"
                   f"2. Gửi tổng kết trước ngày {later:%d/%m/%Y}.\n", encoding="utf-8")
    with Archive(tmp_path / "arch") as archive:
        archive.add_file(doc, ocr=False)
    result = CliRunner().invoke(main, ["deadlines", "--due-within", "30d", "--archive", str(tmp_path / "arch")])
    assert [line.split()[0] for line in result.output.splitlines()] == [soon.isoformat()]
    bad = CliRunner().invoke(main, ["deadlines", "--due-within", "soon", "--archive", str(tmp_path / "arch")])
    assert bad.exit_code == 2 and "write a number of days" in bad.output


# --- what is not a deadline, and what has no year --------------------------------------

def test_the_documents_own_entry_into_force_is_effective_not_a_deadline(tmp_path):
    from archive.effective import find_effective

    text = ("Điều 35. Hiệu lực thi hành\n1. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2026.\n"
            "2. Luật An ninh mạng số 24/2018/QH14 có hiệu lực từ ngày 01 tháng 01 năm 2019.")
    (own,) = find_effective(text)
    assert (own.date.isoformat(), own.text) == ("2026-01-01", "Nghị định này có hiệu lực thi hành kể từ ngày 01 "
                                                "tháng 01 năm 2026.")
    signed = find_effective("Quyết định này có hiệu lực kể từ ngày ký ban hành.", dt.date(2026, 6, 23))
    assert signed[0].date == dt.date(2026, 6, 23)
    later = find_effective("Thông tư này có hiệu lực sau 45 ngày kể từ ngày ký.", dt.date(2026, 1, 1))
    assert later[0].date == dt.date(2026, 2, 15)
    passed = find_effective("Nghị quyết này có hiệu lực thi hành từ ngày được thông qua.", dt.date(2025, 7, 10))
    assert passed[0].date == dt.date(2025, 7, 10)  # a resolution is dated the day it is passed
    window = find_effective("Nghị quyết này có hiệu lực thi hành kể từ ngày ban hành đến hết ngày 28 tháng 02 "
                            "năm 2027.", dt.date(2025, 12, 8))
    assert (window[0].date, window[0].until) == (dt.date(2025, 12, 8), dt.date(2027, 2, 28))
    path = tmp_path / "nd.txt"
    path.write_text("CHÍNH PHỦ\nSố: 12/2026/NĐ-CP\nHà Nội, ngày 10 tháng 01 năm 2026\nNGHỊ ĐỊNH\nVề việc thử\n"
                    "Điều 2. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2026.\n"
                    "Các bộ báo cáo trước ngày 30 tháng 6 năm 2026.\n", encoding="utf-8")
    record, _ = parse_file(path)
    assert [e.date for e in record.effective] == [dt.date(2026, 3, 1)]
    assert [d.date for d in record.deadlines] == [dt.date(2026, 6, 30)]


@pytest.mark.parametrize("text, month_day, recurrence", [
    ("Các bộ gửi báo cáo trước ngày 15 tháng 02 hằng năm.", "02-15", "yearly"),
    ("Ủy ban nhân dân cấp tỉnh báo cáo trước ngày 31 tháng 01 hàng năm", "01-31", "yearly"),
    ("quyết toán gửi trước ngày 01 tháng 10 năm sau năm quyết toán", "10-01", None),
    ("Báo cáo hằng năm (trước ngày 15/12) gửi Sở Công Thương", "12-15", "yearly"),  # the period before the date
    ("Các cơ sở gửi báo cáo định kỳ 6 tháng (trước ngày 15/6)", "06-15", "yearly"),
])
def test_yearly_and_relative_duties_keep_no_invented_year(text, month_day, recurrence):
    (d,) = find_deadlines(text, 2025, dt.date(2025, 11, 15))
    assert (d.date, d.to_dict()["month_day"], d.to_dict()["recurrence"]) == (None, month_day, recurrence)
    assert type(d).from_dict(d.to_dict()) == d  # the JSON edge keeps everything


def test_history_and_annex_forms_hold_no_deadline():
    issued = dt.date(2025, 12, 10)
    assert found("các doanh nghiệp thành lập trước ngày 01/7/1991 được giữ nguyên", 2025, issued) == []
    text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐiều 5. Các sở báo cáo trước ngày 20 tháng 12 năm 2025.\n"
            + "Phụ lục\nMẫu số 01\n" + "x" * 300 + "\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Đề nghị cấp phép trước ngày 30 tháng 12 năm 2025 (ghi ngày dự kiến)\n")
    assert found(text, 2025, issued) == [("2025-12-20", "before")]


@pytest.mark.parametrize("text, expected", [
    ("Tiến độ thực hiện dự án: Hoàn thành trong quý IV năm 2027", [("2027-12-31", "within")]),
    ("trong năm 2027 sẽ hoàn thành đầu tư xây dựng phần hạ tầng", [("2027-12-31", "within")]),
    ("gửi danh sách chậm nhất đến ngày 22 tháng 02 năm 2026.", [("2026-02-22", "no-later-than")]),
    # a plan's labelled deadlines; the span of the work ("Thời gian thực hiện") is not one
    ("Rà soát danh mục. Thời gian hoàn thành: Tháng 8/2026", [("2026-08-31", "within")]),
    ("Thời hạn: Quý III/2026.", [("2026-09-30", "within")]),
    ("Thời hạn hoàn thành: 30/6/2026.", [("2026-06-30", "no-later-than")]),
    ("Thời gian hoàn thành: năm 2027", [("2027-12-31", "within")]),
    ("Thời hạn hoàn thành: trước ngày 30/6/2026", [("2026-06-30", "before")]),
    ("Thời gian thực hiện: năm 2026", []),
    ("hoàn thành trước 30/6/2026 để tổng hợp", [("2026-06-30", "before")]),  # "trước" without "ngày"
    ("các dự án khởi công trước 5 năm", []),
    # an hour before the day; the last day of a call for files
    ("gửi báo cáo về Sở trước 17 giờ 00 ngày 20/3/2026.", [("2026-03-20", "before")]),
    ("gửi về Văn phòng trước 16h00 ngày 15/12/2026", [("2026-12-15", "before")]),
    ("Chậm nhất là 17 giờ 00 ngày 01 tháng 02 năm 2026, các tổ chức gửi biên bản", [("2026-02-01", "no-later-than")]),
    ("Hạn cuối nộp hồ sơ: ngày 30/11/2026.", [("2026-11-30", "no-later-than")]),
    ("Hạn nộp báo cáo: ngày 20/11/2026.", [("2026-11-20", "no-later-than")]),
    ("Hạn gửi: 20/11/2026.", [("2026-11-20", "no-later-than")]),
    ("gửi về Sở Nội vụ chậm nhất đến hết ngày 30/11/2026.", [("2026-11-30", "no-later-than")]),
    ("Hạn chót nhận hồ sơ là ngày 15/12/2026.", [("2026-12-15", "no-later-than")]),
    # a cut-off is not a duty: what was done before it, a law taking effect before it as a condition
    ("Các hồ sơ đã nộp trước ngày 01/7/2026 thì tiếp tục giải quyết theo quy định cũ.", []),
    ("luật được ban hành mới có hiệu lực thi hành sau ngày Nghị quyết này được thông qua và trước ngày 01 "
     "tháng 3 năm 2027 thì các quy định tương ứng chấm dứt hiệu lực.", []),
    ("ban hành văn bản phân cấp, bảo đảm có hiệu lực trước ngày 01 tháng 3 năm 2027.", [("2027-03-01", "before")]),
    ("Các đơn vị đã được giao nhiệm vụ báo cáo trước ngày 15/3/2026.", [("2026-03-15", "before")]),
    ("c) Hồ sơ đã được nộp hợp lệ cho cơ quan hoặc người có thẩm quyền trước ngày 01 tháng 7 năm 2026 thì cơ "
     "quan đó tiếp tục thụ lý;", []),  # a transitional provision
    ("Bằng tốt nghiệp được cấp trước ngày 01 tháng 7 năm 2026 tiếp tục có giá trị pháp lý;", []),
    ("Báo cáo được gửi về Sở trước ngày 15/3/2026 để tổng hợp.", [("2026-03-15", "before")]),
    ("Đơn vị đã tổ chức diễn tập phòng ngừa sự cố năm 2026 vào ngày 12/6/2026.", []),  # a past event
])
def test_deadlines_of_provincial_plans_and_decisions(text, expected):
    assert found(text, 2026, dt.date(2026, 1, 10)) == expected


@pytest.mark.parametrize("text, expected", [
    # a report's figures as of a day are not a duty; nor a span over when the report was issued
    ("Tính đến ngày 30/12/2026, toàn tỉnh có 120 doanh nghiệp.", []),
    ("Lũy kế từ đầu năm đến ngày 30/12/2026 đạt 95% kế hoạch.", []),
    ("Từ đầu năm đến ngày 20/12/2026, đã kiểm tra 50 cơ sở.", []),
    ("Các đơn vị thực hiện đến ngày 30/11/2026.", []),  # before the report's own date
    ("Các đơn vị tổ chức thực hiện đến hết ngày 31/12/2026.", [("2026-12-31", "until")]),
])
def test_a_report_s_figures_as_of_a_day(text, expected):
    assert found(text, 2026, dt.date(2026, 12, 1)) == expected


def test_a_normative_document_repeats_a_date_without_a_year_every_year(tmp_path):
    """A decree's rules hold year after year; a plan's dates without a year are this year's."""
    text = "Các doanh nghiệp báo cáo kết quả kỳ 06 tháng đầu năm trước ngày 31 tháng 7."
    (rule,) = find_deadlines(text, 2025, dt.date(2025, 11, 15), normative=True)
    assert (rule.date, rule.month_day, rule.recurrence) == (None, "07-31", "yearly")
    (plan,) = find_deadlines(text, 2025, dt.date(2025, 3, 1))
    assert plan.date == dt.date(2025, 7, 31)
    path = tmp_path / "nd.txt"
    path.write_text("CHÍNH PHỦ\nSố: 295/2025/NĐ-CP\nHà Nội, ngày 15 tháng 11 năm 2025\nNGHỊ ĐỊNH\nVề thử\n" + text + "\n",
                    encoding="utf-8")
    record, _ = parse_file(path)
    assert [(d.date, d.month_day, d.recurrence) for d in record.deadlines] == [(None, "07-31", "yearly")]


@pytest.mark.parametrize("text, expected", [
    # an invitation's labelled time: the meeting, on its day
    ("Thời gian: 14 giờ 00, thứ Năm, ngày 12/12/2024.\nĐịa điểm: Phòng họp số 1.", [("2024-12-12", "on")]),
    ("Thời gian: Vào lúc 8 giờ 00 ngày 15 tháng 12 năm 2024 (thứ Hai).", [("2024-12-15", "on")]),
    # a span stays a span
    ("Thời gian: từ ngày 10/12/2024 đến ngày 15/12/2024.", [("2024-12-15", "until")]),
    # when a Biên bản was drawn up: the day it is dated, no event to come
    ("Thời gian: ngày 05 tháng 12 năm 2024.\nĐịa điểm: Trụ sở Công ty.", []),
])
def test_a_meeting_s_labelled_time(text, expected):
    assert found(text, 2024, dt.date(2024, 12, 5)) == expected


def test_an_invitation_s_meeting_is_its_subject_and_its_invitees_its_recipients(tmp_path):
    path = tmp_path / "giay-moi.txt"
    path.write_text("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ LÀO CAI\nSố: 45/GM-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                    "Lào Cai, ngày 05 tháng 12 năm 2024\n\nGIẤY MỜI\nHọp triển khai công tác phòng cháy mùa khô\n\n"
                    "Ủy ban nhân dân thành phố trân trọng kính mời:\n- Đại diện lãnh đạo Công an thành phố;\n"
                    "- Trưởng các phòng chuyên môn.\nThời gian: 14 giờ 00, thứ Năm, ngày 12/12/2024.\n"
                    "Địa điểm: Phòng họp số 1.\n\nNơi nhận:\n- Như thành phần mời;\n- Lưu: VT.\nTL. CHỦ TỊCH\n"
                    "CHÁNH VĂN PHÒNG\n\n\nTrần Thị Mai\n", encoding="utf-8")
    record, _ = parse_file(path, ocr=False)
    assert record.recipients == ["Đại diện lãnh đạo Công an thành phố", "Trưởng các phòng chuyên môn"]
    assert [(d.date.isoformat(), d.relation, d.task) for d in record.deadlines] == [
        ("2024-12-12", "on", "Họp triển khai công tác phòng cháy mùa khô")]


@pytest.mark.parametrize("text, expected", [
    # the kind alone opening the article or the line speaks of the document itself
    ("Điều 3. Quyết định có hiệu lực kể từ ngày ký.", [("2025-12-05", None)]),
    ("Quyết định có hiệu lực kể từ ngày 10 tháng 12 năm 2025 đến hết ngày 31 tháng 12 năm 2026.",
     [("2025-12-10", "2026-12-31")]),
    # another document is named by its number, or after other words
    ("Theo đó, Quyết định số 12/QĐ-UBND có hiệu lực từ ngày 01/01/2025.", []),
    ("Căn cứ Luật có hiệu lực từ ngày 01/7/2025", []),
])
def test_entry_into_force_without_nay(text, expected):
    from archive.effective import find_effective
    found = find_effective(text, dt.date(2025, 12, 5))
    assert [(e.date.isoformat(), e.until.isoformat() if e.until else None) for e in found] == expected
