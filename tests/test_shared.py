"""Several nodes, one PostgreSQL database: the `docgen` commands with --database, each node's
index catching up from the change log, moving an archive folder in, and the faults a server
brings (a wrong password, a restart during `archive add`, a node stopped while catching up)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

import pg_cluster
from archive.archive import Archive
from archive.catalog import SCHEMA_VERSION
from conftest import FIXTURES
from docgen.cli import main
from docgen.library import Library, init_database
from search import service

SAMPLES = FIXTURES / "samples"


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def shared(postgres_url, tmp_path):
    """(database URL, shared objects folder) of an initialised database."""
    init_database(postgres_url)
    return postgres_url, tmp_path / "objects"


def test_a_document_added_on_one_node_is_found_on_another(shared, tmp_path):
    url, objects = shared
    node = ["--database", url, "--objects", objects]
    added = run("archive", "add", SAMPLES, "--archive", tmp_path / "node1", *node, "--no-ocr")
    assert added.exit_code in (0, 1), added.output
    assert "5 added" in added.output or "added" in added.output
    found = run("search", "cải cách hành chính", "--archive", tmp_path / "node2", *node)
    assert found.exit_code == 0, found.output
    assert "175/KH-UBND" in found.output
    shown = run("show", "175/KH-UBND", "--archive", tmp_path / "node2", *node)
    assert shown.exit_code == 0 and str(objects) in shown.output  # the original in the shared folder
    assert not (tmp_path / "node1" / "catalog.sqlite").exists()  # nothing of the records in a node's folder
    verified = run("archive", "verify", "--archive", tmp_path / "node2", *node)
    assert verified.exit_code == 0 and "0 problems" in verified.output, verified.output


def test_numbers_issued_from_two_nodes_share_one_register(shared, tmp_path):
    url, objects = shared
    numbers = []
    for node in ("node1", "node2", "node1"):
        done = run("number", "next", "--issuer", "Ủy ban nhân dân Quận 1", "--year", "2026",
                   "--archive", tmp_path / node, "--database", url, "--objects", objects)
        assert done.exit_code == 0, done.output
        numbers.append(done.output.split()[0])
    assert numbers == ["01", "02", "03"]


def test_accounts_live_in_the_database(shared, tmp_path):
    url, objects = shared
    made = CliRunner().invoke(main, ["account", "add", "lan", "--role", "clerk", "--password-stdin", "--archive",
                                     str(tmp_path / "node1"), "--database", url], input="mat-khau-dai\n")
    assert made.exit_code == 0, made.output
    listed = run("account", "list", "--archive", tmp_path / "node2", "--database", url)
    assert "lan" in listed.output and "clerk" in listed.output


def test_a_wrong_password_is_one_line_with_exit_code_2(postgres_cluster, tmp_path):
    url = postgres_cluster.replace("docgen@", "docgen:bi-mat@").replace("/postgres?", "/khong_co?")
    result = run("archive", "list", "--archive", tmp_path / "node", "--database", url)
    assert result.exit_code == 2
    line = result.output.strip()
    assert line.startswith("error: cannot connect to the database khong_co") and "bi-mat" not in line
    assert "\n" not in line and "Traceback" not in result.output


def test_db_init_twice_and_upgrade(postgres_url):
    first = run("db", "init", "--database", postgres_url)
    assert first.exit_code == 0 and f"schema version {SCHEMA_VERSION}" in first.output
    again = run("db", "init", "--database", postgres_url)
    assert again.exit_code == 2 and "already initialised" in again.output
    upgraded = run("db", "upgrade", "--database", postgres_url)
    assert upgraded.exit_code == 0 and "up to date" in upgraded.output


def test_db_upgrade_brings_an_archive_folder_up_to_date(tmp_path):
    import sqlite3

    with Library(tmp_path / "arch", database="") as library:
        library.add([SAMPLES / "kh-175-ubnd-2023.txt"])
    with sqlite3.connect(tmp_path / "arch" / "catalog.sqlite") as db:  # as docgen 0.3 left it: no change log
        db.execute("DROP TABLE changes")
        db.execute("PRAGMA user_version = 3")
    done = run("db", "upgrade", "--archive", tmp_path / "arch")
    assert done.exit_code == 0 and f"schema version 3 → {SCHEMA_VERSION}" in done.output, done.output
    assert "up to date" in run("db", "upgrade", "--archive", tmp_path / "arch").output
    with Library(tmp_path / "arch", database="") as library:  # the log holds the document: a new node finds it
        assert [c.kind for c in library.catalog.changes()] == ["add"]
        assert library.search("cải cách hành chính").total == 1


def test_an_archive_folder_moves_into_the_database_document_by_document(shared, tmp_path):
    url, objects = shared
    folder = tmp_path / "old"
    with Library(folder) as old:  # a one-machine archive with documents, register rows and an account
        old.add([SAMPLES], ocr=False)
        old.next_number("Ủy ban nhân dân Quận 1", "Công văn", year=2026, by_whom="lan")
        received = list(old.receive([SAMPLES / "kh-46-ubnd-2023.txt"], by_whom="lan"))
        with old.accounts() as store:
            store.add("lan", "mat-khau-dai", "admin")
        old.edit(old.find("303/UBND-NV"), {"subject": "V/v sửa tay"}, by_whom="lan")
        documents = old.catalog.count()
        missing_before = [m.code for m in old.missing()[1]]
    assert received[0][2] is not None
    moved = run("db", "import", folder, "--archive", tmp_path / "node", "--database", url, "--objects", objects)
    assert moved.exit_code == 0, moved.output
    assert f"imported {documents} documents (0 already there), 2 register rows, 1 accounts" in moved.output
    with Library(tmp_path / "node", url, objects) as library:
        assert library.catalog.count() == documents
        assert [m.code for m in library.missing()[1]] == missing_before  # references resolved alike
        incoming = library.register_rows("incoming", received[0][2].year)
        assert library.get(incoming[0].doc_id).record.code == "46/KH-UBND"  # the row follows its document
        with library.accounts() as store:
            assert store.check("lan", "mat-khau-dai").role == "admin"
        assert library.search("cải cách hành chính").total >= 1
        assert library.verify() == ([], [])
        corrected = library.find("303/UBND-NV")  # corrections and the log come along
        assert [(c.field, c.value, c.by_whom) for c in library.corrections_of(corrected.id)] == [
            ("subject", "V/v sửa tay", "lan")]
        history = library.log("303/UBND-NV")
        assert [e.action for e in history] == ["edit", "add"] and history[0].doc_id == corrected.id
    rerun = run("db", "import", folder, "--archive", tmp_path / "node", "--database", url, "--objects", objects)
    assert f"imported 0 documents ({documents} already there), 0 register rows, 0 accounts" in rerun.output


def test_an_index_stopped_midway_resumes_without_duplicates(shared, tmp_path, monkeypatch):
    url, objects = shared
    with Library(tmp_path / "writer", url, objects) as writer:
        writer.add([SAMPLES], ocr=False)
        count = writer.catalog.count()
    monkeypatch.setattr(service, "BATCH", 2)
    reader = Library(tmp_path / "reader", url, objects)
    real_add, calls = reader.index.engine.add, []

    def dies_on_the_second_batch(docs):
        calls.append(len(docs))
        if len(calls) == 2:
            raise KeyboardInterrupt  # the node stopped between two batches
        real_add(docs)

    monkeypatch.setattr(reader.index.engine, "add", dies_on_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        reader.index.sync()
    monkeypatch.setattr(reader.index.engine, "add", real_add)
    assert reader.index.sync() == count - 2  # from where it stopped
    assert reader.index.engine.doc_ids() == set(reader.catalog.ids())
    assert reader.index.sync() == 0
    hits = reader.search("ủy ban nhân dân", limit=50)
    with Library(tmp_path / "fresh", url, objects) as fresh:  # a node that indexed all in one go
        expected = fresh.search("ủy ban nhân dân", limit=50).total
    assert hits.total == len({h.entry.id for h in hits.hits}) == expected > 1  # each document once
    reader.close()


@pytest.mark.slow
@pytest.mark.parametrize("outage", [0, 5], ids=["restart", "outage longer than the wait"])
def test_the_database_going_away_during_archive_add(shared, tmp_path, outage):
    """A restart is ridden through (the pool waits up to DOCGEN_DATABASE_WAIT); an outage
    longer than that fails the files being added, each named, and a rerun completes."""
    url, objects = shared
    batch = tmp_path / "batch"
    batch.mkdir()
    for n in range(1, 301):
        (batch / f"cv-{n}.txt").write_text(
            f"ỦY BAN NHÂN DÂN\nQUẬN 1\nSố: {n}/UBND-VP\nQuận 1, ngày 02 tháng 3 năm 2026\n"
            f"V/v thực hiện nhiệm vụ số {n}\nKính gửi: Các phòng, ban.\nNội dung công văn số {n}.\n"
            "CHỦ TỊCH\nNguyễn Văn A\n", encoding="utf-8")
    command = [sys.executable, "-m", "docgen.cli", "archive", "add", str(batch), "--archive", str(tmp_path / "node"),
               "--database", url, "--objects", str(objects)]
    env = {**os.environ, "DOCGEN_DATABASE_WAIT": "2"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    with Archive(tmp_path / "watch", url, objects) as watch:
        deadline = time.monotonic() + 120
        while watch.catalog.count() < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
    folder = pg_cluster.folder_of(url)
    pg_cluster.stop(folder)
    time.sleep(outage)
    pg_cluster.start(folder)
    out, err = process.communicate(timeout=300)
    assert "Traceback" not in err and "pool" not in err, err
    skipped = [line for line in err.splitlines() if line.startswith("skipped ")]
    assert process.returncode == (1 if skipped else 0), out + err
    assert f"{300 - len(skipped)} added" in out
    if outage:
        assert skipped, out + err
    assert all("is not available" in line for line in skipped), err
    assert all(line.split()[1].startswith(str(batch)) for line in skipped)  # each failed file named
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    with Archive(tmp_path / "watch", url, objects) as archive:
        assert archive.catalog.count() == 300
        numbers = sorted(e.record.number for e in archive.catalog.list())
    assert numbers == list(range(1, 301))
