"""docgen archive verify: what it finds when the catalog, a record or an original is damaged,
and what --repair puts right."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.archive import Archive
from docgen.cli import main
from conftest import FIXTURES

SAMPLES = FIXTURES / "samples"


@pytest.fixture()
def arch(tmp_path) -> Path:
    folder = tmp_path / "arch"
    result = CliRunner().invoke(main, ["archive", "add", *map(str, sorted(SAMPLES.glob("*.txt"))), "--archive",
                                       str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def verify(folder: Path, *extra: str):
    return CliRunner().invoke(main, ["archive", "verify", "--archive", str(folder), *extra])


def test_a_sound_archive_has_no_problem(arch):
    result = verify(arch)
    assert result.exit_code == 0 and result.output.strip() == "5 documents, 0 problems"


def test_a_changed_code_date_or_text_in_a_row_is_reported(arch):
    with sqlite3.connect(arch / "catalog.sqlite") as db:
        db.execute("UPDATE documents SET code = '999/KH-UBND', code_key = '999/kh-ubnd' WHERE code = '175/KH-UBND'")
        db.execute("UPDATE documents SET issue_date = '2020-01-01' WHERE code = '303/UBND-NV'")
        db.execute("UPDATE documents SET body_text = body_text || ' thêm' WHERE code = '46/KH-UBND'")
    result = verify(arch)
    assert result.exit_code == 1
    assert "(kh-46-ubnd-2023.txt): its text was changed since it was added" in result.output
    assert "code is '999/KH-UBND' in the catalog but '175/KH-UBND' in its record" in result.output
    assert "issue_date is '2020-01-01' in the catalog but '2023-02-08' in its record" in result.output


def test_a_broken_record_is_reported_and_listing_goes_on(arch):
    with sqlite3.connect(arch / "catalog.sqlite") as db:
        db.execute("UPDATE documents SET record_json = '{\"broken' WHERE code = '46/KH-UBND'")
    result = verify(arch)
    assert result.exit_code == 1 and "its record cannot be read" in result.output
    listing = CliRunner().invoke(main, ["archive", "list", "--archive", str(arch)])
    assert listing.exit_code == 0 and "303/UBND-NV" in listing.output


def test_damaged_database_pages_are_reported(arch):
    path = arch / "catalog.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    data = bytearray(path.read_bytes())
    for page in range(2, pages, 3):  # scribble over a third of the pages, past the header
        start = page * page_size + 100
        data[start: start + 200] = b"\xa5" * 200
    path.write_bytes(bytes(data))
    result = verify(arch)
    assert result.exit_code == 1 and "database damaged" in result.output
    assert "Traceback" not in result.output


def test_orphans_and_lost_originals_and_what_repair_does(arch, tmp_path):
    with Archive(arch) as archive:
        entry = archive.catalog.by_code("303/UBND-NV")[0]
        lost = archive.store.path_for(entry.sha256)
        extra = tmp_path / "them.txt"
        extra.write_text("ỦY BAN NHÂN DÂN QUẬN 1\nSố: 47/KH-UBND\nQuận 1, ngày 09 tháng 02 năm 2023\nKẾ HOẠCH\n"
                         "Bổ sung kế hoạch tuyên truyền cải cách hành chính\n", encoding="utf-8")
        from archive.parse import sha256_of

        orphan = sha256_of(extra)
        archive.store.put(extra, orphan, "bo-sung-46.txt")  # as a crash after storing, before the record
    lost.unlink()
    result = verify(arch)
    assert result.exit_code == 1
    assert f"{lost}: missing (the original of document" in result.output
    assert "stored, but no record points to it (it was bo-sung-46.txt)" in result.output
    repaired = verify(arch, "--repair")
    assert "repaired: bo-sung-46.txt: added again" in repaired.output
    assert "marked as having lost its original" in repaired.output
    assert "after repair: 1 problems" in repaired.output  # the lost original stays a problem, marked
    again = verify(arch)
    assert "; marked lost" in again.output and "no record points to it" not in again.output
    with Archive(arch) as archive:
        assert archive.catalog.by_sha256(orphan).file_name == "bo-sung-46.txt"


def test_a_register_row_pointing_at_nothing_is_reported(arch):
    with sqlite3.connect(arch / "catalog.sqlite") as db:
        db.execute("INSERT INTO register (direction, series, year, number, status, doc_id, at)"
                   " VALUES ('incoming', 'đến', 2026, 7, 'issued', 9999, '2026-01-01')")
    result = verify(arch)
    assert "register incoming 'đến' 2026 no. 7: points to document 9999" in result.output
