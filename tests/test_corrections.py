"""Clerks correct what the parser got wrong, review its warnings, delete and restore, and every
change is on record: through the CLI (as clerks type it) and the library, on real samples."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from docgen.cli import main
from docgen.library import Library
from search.query import Filters

SAMPLES = FIXTURES / "samples"

# the 2021 plan the samples cite ("Kế hoạch số 175/KH-UBND ngày 28 tháng 5 năm 2021"), as a
# scan's OCR might give it: the number misread, so the archive cannot link the citations
OLD_PLAN = ("ỦY BAN NHÂN DÂN QUẬN 1\nSố: 17S/KH-UBND\nQuận 1, ngày 28 tháng 5 năm 2021\nKẾ HOẠCH\n"
            "Thực hiện Chương trình cải cách hành chính giai đoạn 2020 - 2025\nNội dung kế hoạch.\n")


def scanned_id(arch) -> int:
    with Library(arch) as library:
        return next(e.id for e in library.documents() if e.file_name == "kh-175-2021-ocr.txt")


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture()
def arch(tmp_path):
    folder = tmp_path / "arch"
    samples = tmp_path / "samples"
    samples.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, samples / path.name)
    (samples / "kh-175-2021-ocr.txt").write_text(OLD_PLAN, encoding="utf-8")
    assert run("archive", "add", samples, "--archive", folder).exit_code == 0
    return folder


def test_a_corrected_code_makes_the_citations_resolve_and_leaves_missing(arch):
    missing = json.loads(run("missing", "--json", "--archive", arch).output)
    assert {"code": "175/KH-UBND", "year": 2021} in [{"code": m["code"], "year": m["year"]} for m in missing]
    done = run("edit", "--id", scanned_id(arch), "--set", "code=175/KH-UBND", "--archive", arch)
    assert done.exit_code == 0, done.output
    assert "code: – → 175/KH-UBND" in done.output  # the OCR'd "17S" was no số at all
    missing = json.loads(run("missing", "--json", "--archive", arch).output)
    assert ("175/KH-UBND", 2021) not in [(m["code"], m["year"]) for m in missing]
    refs = json.loads(run("refs", "175/KH-UBND", "--year", "2021", "--json", "--archive", arch).output)
    assert sorted(refs["documents"][0]["cited_by"]) == ["175/KH-UBND", "292/UBND-NV", "46/KH-UBND"]
    with Library(arch) as library:  # search by the corrected number finds it at once
        found = library.search("175/KH-UBND năm 2021")
        assert [e.record.date for look in found.lookups for e in look.entries] == [dt.date(2021, 5, 28)]


def test_a_correction_survives_reindex_and_reparse_which_reports_the_disagreement(arch):
    assert run("edit", "175/KH-UBND", "--year", "2023", "--set", "date=26/04/2023", "--set",
               "signer.title=Phó Chủ tịch", "--archive", arch).exit_code == 0
    assert run("archive", "reindex", "--archive", arch).exit_code == 0
    reparsed = run("archive", "reparse", "--archive", arch)
    assert reparsed.exit_code == 0, reparsed.output
    assert "date: the parser now reads 25/04/2023" in reparsed.output and "keeps 26/04/2023" in reparsed.output
    shown = json.loads(run("show", "175/KH-UBND", "--year", "2023", "--json", "--archive", arch).output)[0]
    assert (shown["date"], shown["signer"]["title"]) == ("2023-04-26", "Phó Chủ tịch")
    assert [c["field"] for c in shown["corrected"]] == ["date", "signer.title"]  # who set what, and when
    listed = run("show", "175/KH-UBND", "--year", "2023", "--archive", arch).output
    assert "corrected date (" in listed and "corrected signer.title (" in listed
    with Library(arch) as library:
        entry = library.find("175/KH-UBND", 2023)
        assert {c.field: c.value for c in library.corrections_of(entry.id)} == {
            "date": dt.date(2023, 4, 26), "signer.title": "Phó Chủ tịch"}
        day = dt.date(2023, 4, 26)  # the index holds the corrected date
        hits = library.search("cải cách hành chính", Filters(date_from=day, date_to=day)).hits
        assert [h.entry.record.code for h in hits] == ["175/KH-UBND"]


@pytest.mark.parametrize("args, message", [
    (["--set", "date=31/02/2023"], "field 'date': '31/02/2023' is not a date"),
    (["--set", "code=175 KH UBND"], "field 'code': '175 KH UBND' is not a số/ký hiệu"),
    (["--set", "type=Thư mời họp"], "field 'type': 'Thư mời họp' is not a tên loại"),
    (["--set", "colour=red"], "field 'colour': not one a clerk sets"),
    (["--set", "date=26/04/2023", "--set", "signer.authority=XYZ"], "field 'signer.authority'"),
    (["--remove-reference", "999/KH-UBND"], "reference '999/KH-UBND': the record does not cite it"),
    (["--add-deadline", "30/02/2026", "--task", "Báo cáo"], "deadline '30/02/2026': not a date (write 31/12/2026)"),
    (["--remove-deadline", "tháng sau"], "deadline 'tháng sau': not a date"),
    (["--remove-deadline", "01/01/2020"], "deadline 01/01/2020: the record has none on that day"),
])
def test_a_value_that_does_not_parse_is_refused_naming_the_field_and_nothing_changes(arch, args, message):
    before = run("show", "175/KH-UBND", "--year", "2023", "--json", "--archive", arch).output
    log_before = run("log", "--json", "--archive", arch).output
    result = run("edit", "175/KH-UBND", "--year", "2023", *args, "--archive", arch)
    assert result.exit_code == 2 and result.output.startswith("error: ") and message in result.output
    assert run("show", "175/KH-UBND", "--year", "2023", "--json", "--archive", arch).output == before
    assert run("log", "--json", "--archive", arch).output == log_before


def test_a_code_of_several_years_asks_which(arch):
    run("edit", "--id", scanned_id(arch), "--set", "code=175/KH-UBND", "--archive", arch)
    result = run("edit", "175/KH-UBND", "--set", "subject=x", "--archive", arch)
    assert result.exit_code == 2 and "2 documents have this code" in result.output and "--id" in result.output


def test_references_and_deadlines_added_and_removed_by_hand(arch):
    done = run("edit", "303/UBND-NV", "--add-reference", "58/QĐ-UBND/2023", "--remove-reference", "28/KH-UBND",
               "--add-deadline", "15/12/2023", "--task", "Báo cáo kết quả", "--responsible", "Phòng Nội vụ",
               "--json", "--archive", arch)
    assert done.exit_code == 0, done.output
    record = json.loads(done.output)
    assert [r["code"] for r in record["references"]][:1] == ["406/KH-UBND"] and "28/KH-UBND" not in [
        r["code"] for r in record["references"]]
    assert {"code": "58/QĐ-UBND", "date": "2023-01-01", "type": "Quyết định"}.items() <= \
        next(r for r in record["references"] if r["code"] == "58/QĐ-UBND").items()
    def due_of_303():
        due = run("deadlines", "--from", "2023-12-10", "--to", "2023-12-31", "--json", "--archive", arch).output
        return [(d["date"], d["task"], d["responsible"]) for d in json.loads(due) if d["document"] == "303/UBND-NV"]

    assert due_of_303() == [("2023-12-15", "Báo cáo kết quả", "Phòng Nội vụ")]
    assert run("edit", "303/UBND-NV", "--remove-deadline", "15/12/2023", "--archive", arch).exit_code == 0
    assert due_of_303() == []


def test_delete_restore_and_empty_the_trash(arch):
    assert run("delete", "46/KH-UBND", "--archive", arch).exit_code == 0
    assert "46/KH-UBND" not in run("search", "tuyên truyền cải cách hành chính", "--archive", arch).output
    assert run("show", "46/KH-UBND", "--archive", arch).exit_code == 1
    missing = json.loads(run("missing", "--json", "--archive", arch).output)
    assert all("46/KH-UBND" not in m["cited_by"] for m in missing)  # its citations are gone with it
    listed = json.loads(run("trash", "list", "--json", "--archive", arch).output)
    assert [d["code"] for d in listed] == ["46/KH-UBND"]
    assert run("archive", "verify", "--archive", arch).exit_code == 0  # its original is kept, not an orphan
    assert run("trash", "restore", str(listed[0]["id"]), "--archive", arch).exit_code == 0
    assert "46/KH-UBND" in run("search", "tuyên truyền cải cách hành chính", "--archive", arch).output
    assert run("delete", "46/KH-UBND", "--archive", arch).exit_code == 0
    with Library(arch) as library:
        sha = library.trash()[0][0].sha256
        assert library.archive.store.path_for(sha).exists()
    assert "removed 1 documents for good" in run("trash", "empty", "--yes", "--archive", arch).output
    with Library(arch) as library:
        assert not library.archive.store.path_for(sha).exists() and library.trash() == []
    assert run("archive", "verify", "--archive", arch).exit_code == 0


def test_review_lists_warnings_oldest_first_and_done_takes_one_off(arch):
    listed = json.loads(run("review", "--json", "--archive", arch).output)
    assert listed and all(d["warnings"] for d in listed)
    first = listed[0]
    assert run("review", "done", "--id", str(first["id"]), "--archive", arch).exit_code == 0
    after = json.loads(run("review", "--json", "--archive", arch).output)
    assert first["id"] not in [d["id"] for d in after] and len(after) == len(listed) - 1


def test_every_operation_writes_its_audit_entry_with_the_user(arch, tmp_path):
    with Library(arch, user="lan") as library:
        entry = library.find("303/UBND-NV")
        library.edit(entry, {"subject": "V/v sửa thử"})
        library.reviewed(entry)
        library.delete(entry)
        library.restore(entry.id)
        library.next_number("Ủy ban nhân dân Quận 1", "Công văn", by_whom="lan")
        series, row = library.next_number("Ủy ban nhân dân Quận 1", "Công văn", by_whom="lan")
        library.cancel_number(row.number, "Ủy ban nhân dân Quận 1", "Công văn", by_whom="lan", reason="viết nhầm")
        list(library.receive([SAMPLES / "kh-mongcai-2024.txt"], by_whom="lan"))
        with library.accounts() as store:
            store.add("hoa", "mat-khau-dai", "clerk", by_whom="lan")
            store.record_failure("hoa", "10.0.0.7")
            store.remove("hoa", by_whom="lan")
    entries = json.loads(run("log", "--user", "lan", "--json", "--archive", arch).output)
    actions = [e["action"] for e in reversed(entries)]
    assert actions == ["edit", "review", "delete", "restore", "number", "number", "cancel", "receive", "handling",
                       "account add", "account remove"]  # a received document waits for a leader (01 đã đến)
    edit = entries[-1]
    assert (edit["detail"]["field"], edit["detail"]["new"], edit["code"]) == ("subject", "V/v sửa thử", "303/UBND-NV")
    failed = json.loads(run("log", "--json", "--archive", arch).output)
    assert any(e["action"] == "login failed" and e["detail"]["address"] == "10.0.0.7" for e in failed)
    about = json.loads(run("log", "--document", "303/UBND-NV", "--json", "--archive", arch).output)
    assert {e["action"] for e in about} == {"add", "edit", "review", "delete", "restore"}
    as_csv = run("log", "--user", "lan", "--csv", "--archive", arch).output.splitlines()
    assert as_csv[0] == "at,by,action,doc_id,code,year,detail" and len(as_csv) == 12


def test_the_missing_ranking_follows_every_change_of_the_catalog(arch, tmp_path):
    """One library (a server's) ranks what is missing once per state of the catalog: a document
    added, corrected or deleted is seen at the next call."""
    with Library(arch) as library:
        def missing_codes():
            return {(m.code, m.year) for m in library.missing()[1]}

        assert ("406/KH-UBND", 2022) in missing_codes()
        plan = tmp_path / "kh-406.txt"
        plan.write_text("ỦY BAN NHÂN DÂN QUẬN 1\nSố: 406/KH-UBND\nQuận 1, ngày 29 tháng 12 năm 2022\nKẾ HOẠCH\n"
                        "Thực hiện công tác cải cách hành chính năm 2023\n", encoding="utf-8")
        library.add([plan])
        assert ("406/KH-UBND", 2022) not in missing_codes()
        library.delete(library.find("406/KH-UBND", 2022))
        assert ("406/KH-UBND", 2022) in missing_codes()
        total, page = library.missing(0, 2)
        assert total == len(missing_codes()) and len(page) == 2 and all(m.citing for m in page)
