"""Registers: numbers without duplicates under concurrency and kills, yearly restart, cancelled
numbers, duplicates refused, the incoming series, and the printed register."""

from __future__ import annotations

import datetime as dt
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from archive.archive import Archive
from archive.register import RegisterError
from archive.register_export import INCOMING, OUTGOING, cells as register_cells
from docgen.drafting import template_set
from docgen.cli import main
from docgen.issuing import issue, receive
from conftest import FIXTURES, ROOT

SAMPLES = FIXTURES / "samples"
SERIES = "Ủy ban nhân dân Quận 1 | chung"

ALLOCATOR = """
import sys
sys.path.insert(0, {root!r})
from archive.database import SqliteDatabase
from archive.register import Register
register = Register(SqliteDatabase({db!r}), {folder!r})
for _ in range({count}):
    register.allocate("outgoing", {series!r}, 2026, "p{{}}".format(sys.argv[1]))
"""


def allocator(folder: Path, count: int) -> list[str]:
    code = ALLOCATOR.format(root=str(ROOT), db=str(folder / "catalog.sqlite"), folder=str(folder),
                            count=count, series=SERIES)
    return [sys.executable, "-c", code]


def numbers(folder: Path) -> list[int]:
    with sqlite3.connect(folder / "catalog.sqlite") as db:
        return [r[0] for r in db.execute("SELECT number FROM register WHERE series = ? AND year = 2026 ORDER BY number",
                                         (SERIES,))]


@pytest.fixture()
def archive(tmp_path):
    archive = Archive(tmp_path / "arch")
    yield archive
    archive.close()


@pytest.mark.slow
def test_eight_processes_allocate_800_distinct_consecutive_numbers(archive):
    folder = archive.location
    processes = [subprocess.Popen(allocator(folder, 100) + [str(i)]) for i in range(8)]
    assert [p.wait(timeout=300) for p in processes] == [0] * 8
    assert numbers(folder) == list(range(1, 801))
    with sqlite3.connect(folder / "catalog.sqlite") as db:
        by_process = dict(db.execute("SELECT by_whom, COUNT(*) FROM register GROUP BY by_whom").fetchall())
    assert sorted(by_process.values()) == [100] * 8


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_no_duplicate_and_no_unrecorded_gap(archive):
    folder = archive.location
    rng = random.Random(5)
    for _ in range(50):
        process = subprocess.Popen(allocator(folder, 100_000) + ["k"], stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.15, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
    taken = numbers(folder)
    assert taken, "no process got as far as a number"
    assert taken == list(range(1, len(taken) + 1))  # every number taken has its row; none twice
    with sqlite3.connect(folder / "catalog.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_numbers_restart_each_year_with_a_leading_zero(archive):
    register = archive.register
    first_2025 = [register.allocate("outgoing", SERIES, 2025, "vt").number for _ in range(3)]
    first_2026 = register.allocate("outgoing", SERIES, 2026, "vt")
    assert first_2025 == [1, 2, 3] and first_2026.number == 1
    assert first_2026.number_text == "01"


def _data(tmp_path: Path, **changes) -> Path:
    raw = yaml.safe_load(template_set.get_template("ke-hoach").starter.read_text(encoding="utf-8"))
    raw.update({"number": None, "date": None, **changes})
    path = tmp_path / "kh.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_issue_numbers_renders_archives_and_registers(archive, tmp_path):
    today = dt.date(2026, 3, 5)
    first = issue(_data(tmp_path), archive, tmp_path / "a.docx", today=today)
    second = issue(_data(tmp_path), archive, tmp_path / "b.docx", today=today)
    assert (first.row.code, second.row.code) == ("01/KH-UBND", "02/KH-UBND")
    assert second.row.status == "issued" and second.row.doc_date == "2026-03-05"
    (entry,) = archive.catalog.by_code("02/KH-UBND", 2026)
    assert entry.record.date == today and entry.id == second.row.doc_id
    from docx import Document

    assert Document(str(tmp_path / "b.docx")).tables[0].cell(1, 0).text.strip() == "Số: 02/KH-UBND"


def test_a_cancelled_number_is_never_reused(archive, tmp_path):
    register = archive.register
    row = register.allocate("outgoing", SERIES, 2026, "vt")
    cancelled = register.cancel(SERIES, 2026, row.number, "Nguyễn Văn Thư", "rút dự thảo")
    assert (cancelled.status, cancelled.cancelled_by, cancelled.note) == ("cancelled", "Nguyễn Văn Thư", "rút dự thảo")
    assert cancelled.cancelled_at
    assert register.allocate("outgoing", SERIES, 2026, "vt").number == 2
    with pytest.raises(RegisterError, match="is cancelled"):
        register.cancel(SERIES, 2026, 1, "vt")
    with pytest.raises(RegisterError, match="never allocated"):
        register.cancel(SERIES, 2026, 9, "vt")


def test_a_duplicate_import_is_refused_naming_the_existing_document(archive, tmp_path):
    assert archive.add_file(SAMPLES / "kh-175-ubnd-2023.txt", ocr=False).status == "added"
    copy = tmp_path / "kh-175-copy.txt"
    copy.write_text((SAMPLES / "kh-175-ubnd-2023.txt").read_text(encoding="utf-8") + "\nBản sao.\n", encoding="utf-8")
    result = archive.add_file(copy, ocr=False)
    assert result.status == "failed"
    assert result.reason == ("175/KH-UBND of 2023 from Ủy ban nhân dân Quận 1 is already in the archive: "
                             "kh-175-ubnd-2023.txt (another file)")


def test_a_typed_in_number_that_exists_is_refused(archive, tmp_path):
    issue(_data(tmp_path), archive, tmp_path / "a.docx", today=dt.date(2026, 3, 5))
    with pytest.raises(RegisterError, match=r"01/KH-UBND of 2026 from Ủy ban nhân dân Quận 1 already exists: a.docx"):
        issue(_data(tmp_path, number=1, date="2026-04-01"), archive, tmp_path / "c.docx")
    typed = issue(_data(tmp_path, number=7, date="2026-04-01"), archive, tmp_path / "d.docx")
    assert typed.row.code == "07/KH-UBND"
    assert archive.register.allocate("outgoing", SERIES, 2026, "vt").number == 8


def test_series_per_type_and_secret_series(archive, tmp_path):
    (archive.location / "series.yaml").write_text(
        "default: shared\nbodies:\n  Ủy ban nhân dân Quận 1: per-type\n", encoding="utf-8")
    register = archive.register
    kh = register.series_for("Ủy ban nhân dân Quận 1", "Kế hoạch")
    qd = register.series_for("Ủy ban nhân dân Quận 1", "Quyết định")
    secret = register.series_for("Ủy ban nhân dân Quận 1", "Kế hoạch", secret=True)
    assert len({kh, qd, secret}) == 3
    assert [register.allocate("outgoing", s, 2026, "vt").number for s in (kh, qd, kh, secret)] == [1, 1, 2, 1]
    assert register.series_for("Ủy ban nhân dân Quận 3", "Kế hoạch").endswith("| chung")


def test_incoming_documents_get_a_so_den_running_through_the_year(archive):
    arrival = dt.date(2026, 1, 15)
    results = [receive(SAMPLES / n, archive, arrival, "vt") for n in ("cv-303-ubnd-nv-2023.txt", "kh-46-ubnd-2023.txt")]
    assert [row.number for _, row in results] == [1, 2]
    again, row = receive(SAMPLES / "cv-303-ubnd-nv-2023.txt", archive, arrival, "vt")
    assert again.status == "already there" and row.number == 1
    _, next_year = receive(SAMPLES / "kh-175-ubnd-2023.txt", archive, dt.date(2027, 1, 2), "vt")
    assert (next_year.year, next_year.number) == (2027, 1)


def test_registers_open_back_from_xlsx(archive, tmp_path):
    issue(_data(tmp_path), archive, tmp_path / "a.docx", today=dt.date(2026, 3, 5))
    row = archive.register.allocate("outgoing", SERIES, 2026, "vt")
    archive.register.cancel(SERIES, 2026, row.number, "Trần Thị B", "rút lại")
    receive(SAMPLES / "cv-303-ubnd-nv-2023.txt", archive, dt.date(2026, 3, 6), "vt")
    runner = CliRunner()
    out = tmp_path / "di.xlsx"
    result = runner.invoke(main, ["register", "outgoing", "--year", "2026", "--xlsx", str(out),
                                  "--archive", str(archive.location)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2026"
    assert list(rows[1]) == OUTGOING
    assert rows[2][:4] == ("01/KH-UBND", "05/03/2026",
                           "Kế hoạch – Phát động phong trào thi đua về cải cách hành chính trên địa bàn Quận 1 năm 2023",
                           "Lê Đức Thanh")
    assert rows[2][5] == "VT, NV"
    assert rows[3][0] == "02/…" and rows[3][9].startswith("Số đã hủy (Trần Thị B,")
    out = tmp_path / "den.xlsx"
    runner.invoke(main, ["register", "incoming", "--year", "2026", "--xlsx", str(out), "--archive", str(archive.location)])
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert list(rows[1]) == INCOMING
    assert rows[2][:5] == ("06/03/2026", "01", "Ủy ban nhân dân Quận 1", "303/UBND-NV", "08/02/2023")


def test_register_as_docx(archive, tmp_path):
    from docx import Document

    issue(_data(tmp_path), archive, tmp_path / "a.docx", today=dt.date(2026, 3, 5))
    out = tmp_path / "di.docx"
    result = CliRunner().invoke(main, ["register", "outgoing", "--year", "2026", "--docx", str(out),
                                       "--archive", str(archive.location)])
    assert result.exit_code == 0
    doc = Document(str(out))
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == OUTGOING
    assert table.rows[1].cells[0].text == "01/KH-UBND"


# --- an issue stopped at any step is finished, not stuck ------------------------------------

class Stop(BaseException):
    """A kill, as far as the code that runs is concerned: nothing after it happens."""


@pytest.mark.slow
def test_a_stop_before_the_file_is_written_resumes_with_the_advice_given(archive, tmp_path, monkeypatch):
    import docgen.issuing as issuing

    def failing_render(document, spec, output, data_path=None):
        Path(output).write_bytes(b"PK\x03\x04 half a docx")  # what a full disk leaves
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(issuing, "render_docx", failing_render)
    with pytest.raises(RegisterError) as stopped:
        issue(_data(tmp_path), archive, tmp_path / "a.docx", today=dt.date(2026, 3, 5))
    message = str(stopped.value)
    assert message.startswith(f"{tmp_path / 'a.docx'}: not written (no space left on device); number 01 of 2026 stays "
                              "allocated")
    assert not (tmp_path / "a.docx").exists() and not list(tmp_path.glob(".*partial*"))
    assert archive.register.get("outgoing", SERIES, 2026, 1).status == "allocated"
    monkeypatch.undo()
    resumed = issue(_data(tmp_path, number=1, date="2026-03-05"), archive, tmp_path / "a.docx")  # the advice
    assert resumed.row.status == "issued" and resumed.row.code == "01/KH-UBND"
    assert archive.register.allocate("outgoing", SERIES, 2026, "vt").number == 2  # no number lost or doubled


@pytest.mark.slow
def test_a_stop_after_archiving_is_finished_by_number_resume_and_cannot_be_cancelled(archive, tmp_path, monkeypatch):
    def stop(*args, **kwargs):
        raise Stop()

    monkeypatch.setattr(archive.register, "mark_issued", stop)
    with pytest.raises(Stop):
        issue(_data(tmp_path), archive, tmp_path / "a.docx", today=dt.date(2026, 3, 5))
    monkeypatch.undo()
    assert archive.register.get("outgoing", SERIES, 2026, 1).status == "allocated"
    assert archive.catalog.by_code("01/KH-UBND", 2026)  # archived, the register not told
    with pytest.raises(RegisterError, match="belongs to a.docx, which is archived: finish it with docgen number resume"):
        archive.register.cancel(SERIES, 2026, 1, "vt")
    folder = str(tmp_path / "arch")
    archive.close()
    result = CliRunner().invoke(main, ["number", "resume", "1", "--issuer", "Ủy ban nhân dân Quận 1", "--type",
                                       "Kế hoạch", "--year", "2026", "--archive", folder])
    assert result.exit_code == 0, result.output
    assert "number 01 of 2026: linked to 01/KH-UBND (a.docx), now issued" in result.output
    with Archive(folder) as again:
        row = again.register.get("outgoing", SERIES, 2026, 1)
        assert (row.status, row.code) == ("issued", "01/KH-UBND")
        with pytest.raises(RegisterError, match="already exists"):  # issued now: a second run is refused
            issue(_data(tmp_path, number=1, date="2026-03-05"), again, tmp_path / "b.docx")


@pytest.mark.slow
def test_number_resume_with_the_data_when_nothing_was_archived(archive, tmp_path):
    row = archive.register.allocate("outgoing", SERIES, 2026, "vt")  # a stop right after the number was taken
    folder = str(tmp_path / "arch")
    archive.close()
    base = ["number", "resume", str(row.number), "--issuer", "Ủy ban nhân dân Quận 1", "--type", "Kế hoạch",
            "--year", "2026", "--archive", folder]
    waiting = CliRunner().invoke(main, base)
    assert waiting.exit_code == 2 and "waits for its document and none is archived" in waiting.output
    other = _data(tmp_path, number=7, date="2026-03-05")
    refused = CliRunner().invoke(main, base + ["--data", str(other)])
    assert refused.exit_code == 2 and f"{other}: its number is 7, not {row.number}" in refused.output
    done = CliRunner().invoke(main, base + ["--data", str(_data(tmp_path, date="2026-03-05")),
                                            "-o", str(tmp_path / "kh-01.docx")])
    assert done.exit_code == 0, done.output
    assert "issued as 01/KH-UBND" in done.output and (tmp_path / "kh-01.docx").exists()


def test_a_secret_document_whose_ký_hiệu_another_series_gave_writes_nothing(archive, tmp_path):
    """Per-type series: a secret Kế hoạch numbered 01 in the secret series would carry the
    ký hiệu of the ordinary 01/KH-UBND. Refused before anything is written; the number taken is
    cancelled with the reason (no unexplained gap), and the register marks the secret series."""
    import yaml

    spec = template_set.get_template("ke-hoach")
    raw = yaml.safe_load(spec.starter.read_text(encoding="utf-8"))
    raw.pop("number", None)
    first = tmp_path / "kh.yaml"
    first.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    issue(first, archive)
    (archive.location / "series.yaml").write_text("default: per-type\nbodies: {}\n", encoding="utf-8")
    secret = tmp_path / "kh-mat.yaml"
    secret.write_text(yaml.safe_dump({**raw, "secrecy": "Mật"}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RegisterError, match="was cancelled and nothing was written"):
        issue(secret, archive)
    assert not list(tmp_path.glob("kh-mat*.docx"))
    year = raw["date"].year
    rows = {r.series: r for r in archive.register.rows("outgoing", year)}
    cancelled = rows["Ủy ban nhân dân Quận 1 | mật"]
    assert cancelled.status == "cancelled" and "01/KH-UBND" in cancelled.note
    cells = register_cells("outgoing", cancelled)
    assert cells[-1].startswith("Mật; Số đã hủy")
