"""Văn bản đến from receipt to done: receive → assign → progress → answered, on both backends;
overdue against a fixed "today"; an officer cannot change someone else's assignment; two
leaders assigning at once leave one consistent state."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner

from archive import schema
from archive.database import open_database
from archive.handling import HandlingError, working_days_after
from conftest import FIXTURES, ROOT
from docgen.cli import main
from docgen.drafting import template_set
from docgen.library import Library

SAMPLES = FIXTURES / "samples"


@pytest.fixture(params=["sqlite", "postgresql"])
def library(request, tmp_path):
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        db = open_database(url)
        schema.init(db)
        db.close()
    lib = Library(tmp_path / "node", url, tmp_path / "objects", user="vanthu")
    yield lib
    lib.close()


def received(library, name="cv-303-ubnd-nv-2023.txt"):
    ((_, added, row),) = list(library.receive([SAMPLES / name], dt.date(2023, 2, 10)))
    assert row is not None
    return library.find(doc_id=added.entry.id)


def test_receive_assign_progress_answered(library, tmp_path):
    entry = received(library)
    assert library.archive.handling.get(entry.id).status == "01"  # đã đến
    h = library.assign(entry, "lan", dt.date(2023, 2, 28), ["minh"], "Phòng Nội vụ chủ trì, báo cáo trước 28/02",
                       "Phòng Nội vụ", by_whom="chu-tich")
    assert (h.status, h.lead, h.support, h.due) == ("04", "lan", ["minh"], dt.date(2023, 2, 28))
    library.progress(entry, "accepted", by_whom="lan")
    library.progress(entry, "processing", "đang tổng hợp", by_whom="minh")  # a supporting person may report
    with pytest.raises(HandlingError, match="needs a note"):
        library.progress(entry, "done", by_whom="lan")
    # the answer issued with --answers closes it
    spec = template_set.get_template("cong-van")
    raw = yaml.safe_load(spec.starter.read_text(encoding="utf-8"))
    raw.pop("number", None)
    raw["date"] = dt.date(2023, 2, 20)
    data = tmp_path / "tra-loi.yaml"
    data.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    issued = library.issue(data, answers="303/UBND-NV/2023", by_whom="lan")
    done = library.archive.handling.get(entry.id)
    assert (done.status, done.answer_id) == ("06", issued.added.entry.id)
    assert not done.late()
    steps = [s[2] for s in library.archive.handling.events(entry.id)]
    assert steps == ["01", "04", "03", "05", "06"]
    assert [e.action for e in library.log() if e.action == "handling"] == ["handling"] * 5


def test_an_officer_cannot_change_someone_elses_handling(library):
    entry = received(library)
    library.assign(entry, "lan", dt.date(2023, 3, 1), by_whom="chu-tich")
    with pytest.raises(HandlingError, match="is assigned to lan; hoa cannot change its handling"):
        library.progress(entry, "processing", by_whom="hoa")
    with pytest.raises(HandlingError, match="needs its reason"):
        library.progress(entry, "refused", by_whom="lan")
    library.progress(entry, "processing", by_whom="hoa", leader=True)  # a leader acting for the lead


def test_inbox_overdue_and_due_within_against_a_fixed_today(library):
    first = received(library)
    second = received(library, "kh-46-ubnd-2023.txt")
    library.assign(first, "lan", dt.date(2023, 3, 1), unit="Phòng Nội vụ")
    library.assign(second, "minh", dt.date(2023, 3, 20), unit="Văn phòng")
    today = dt.date(2023, 3, 5)
    overdue = library.inbox(overdue=True, today=today)
    assert [h.doc_id for _, h in overdue] == [first.id]
    assert [h.doc_id for _, h in library.inbox(due_within=20, today=today)] == [first.id, second.id]
    assert [h.doc_id for _, h in library.inbox(user="minh", today=today)] == [second.id]
    assert [h.doc_id for _, h in library.inbox(unit="văn phòng", today=today)] == [second.id]
    report = library.handling_report(dt.date(2023, 1, 1), dt.date(2023, 12, 31), today)
    assert [(r["unit"], r["received"], r["overdue"], r["open"]) for r in report] == [
        ("Phòng Nội vụ", 1, 1, 0), ("Văn phòng", 1, 0, 1)]


def test_the_due_date_defaults_to_the_documents_own_deadline_else_working_days(library):
    entry = received(library)  # 303/UBND-NV: register by 28/02/2023, then reports each quarter
    assert library.default_due(entry, today=dt.date(2023, 2, 10)) == dt.date(2023, 2, 28)
    assert library.default_due(entry, today=dt.date(2023, 3, 2)) > dt.date(2023, 3, 2)  # the next one it sets
    assert library.default_due(entry, today=dt.date(2024, 1, 5)) == working_days_after(dt.date(2024, 1, 5), 10)
    assert working_days_after(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 30)  # a Friday: Monday next


ASSIGN = """
import sys
sys.path.insert(0, {root!r})
from docgen.library import Library
import datetime as dt
library = Library({folder!r}, {url!r}, {objects!r})
entry = library.find(doc_id={doc_id})
for i in range(20):
    library.assign(entry, sys.argv[1], dt.date(2023, 3, 1 + int(sys.argv[2])), [sys.argv[1] + "-support"],
                   "giao " + sys.argv[1], by_whom=sys.argv[1])
library.close()
"""


@pytest.mark.slow
def test_two_leaders_assigning_at_once_leave_one_consistent_state(library, tmp_path):
    entry = received(library)
    url = library.archive.db.url if library.archive.shared else None
    code = ASSIGN.format(root=str(ROOT), folder=str(library.location), url=url, objects=str(tmp_path / "objects"),
                         doc_id=entry.id)
    leaders = [subprocess.Popen([sys.executable, "-c", code, name, str(n)]) for n, name in enumerate(("an", "binh"))]
    assert [p.wait(timeout=120) for p in leaders] == [0, 0]
    h = library.archive.handling.get(entry.id)
    # never a mix: the lead, supporting person, due date and instructions are one leader's
    assert h.lead in ("an", "binh")
    assert (h.support, h.instructions, h.due) == ([f"{h.lead}-support"], f"giao {h.lead}",
                                                  dt.date(2023, 3, 1 + ("an", "binh").index(h.lead)))
    assert len(library.archive.handling.events(entry.id)) == 41  # received, then 40 assignments


def test_the_cli_path(tmp_path):
    arch = tmp_path / "arch"

    def run(*args):
        return CliRunner().invoke(main, [str(a) for a in args] + ["--archive", str(arch)])

    assert run("receive", SAMPLES / "cv-303-ubnd-nv-2023.txt", "--date", "2023-02-10").exit_code == 0
    done = run("assign", "303/UBND-NV", "--to", "lan", "--due", "28/02/2023", "--unit", "Phòng Nội vụ")
    assert done.exit_code == 0 and "assigned to lan, due 28/02/2023" in done.output, done.output
    mine = json.loads(run("inbox", "--user", "lan", "--json").output)
    assert [(d["code"], d["status"], d["overdue"]) for d in mine] == [("303/UBND-NV", "04", True)]
    refused = run("progress", "303/UBND-NV", "--status", "done")
    assert refused.exit_code == 2 and "is assigned to lan" in refused.output  # the CLI's user is not lan
    assert run("progress", "303/UBND-NV", "--status", "done", "--note", "đã báo cáo", "--as-leader").exit_code == 0
    assert json.loads(run("inbox", "--json").output) == []
    report = run("handling-report", "--from", "01/01/2023", "--to", "31/12/2023", "--json")
    assert json.loads(report.output)[0]["unit"] == "Phòng Nội vụ"


@pytest.mark.slow
@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice is not installed")
def test_the_handling_report_as_xlsx_and_pdf(tmp_path):
    import pdfplumber
    from openpyxl import load_workbook

    with Library(tmp_path / "arch", user="vanthu") as library:
        entry = received(library)
        library.assign(entry, "lan", dt.date(2023, 2, 28), unit="Phòng Nội vụ")
        xlsx, pdf = library.export_handling_report(dt.date(2023, 1, 1), dt.date(2023, 12, 31), tmp_path / "bc.xlsx",
                                                   tmp_path / "bc.pdf", today=dt.date(2023, 3, 5))
    sheet = load_workbook(xlsx).active
    assert [c.value for c in sheet[3]] == ["Phòng Nội vụ", 1, 0, 0, 1, 0]
    with pdfplumber.open(pdf) as opened:
        text = " ".join((opened.pages[0].extract_text() or "").split())
    assert "TÌNH HÌNH XỬ LÝ VĂN BẢN ĐẾN TỪ NGÀY 01/01/2023 ĐẾN NGÀY 31/12/2023" in text
    assert "Phòng Nội vụ 1 0 0 1 0" in text and "Tổng cộng 1 0 0 1 0" in text
