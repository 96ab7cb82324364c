"""One conformance suite for the storage interfaces (catalog, registers, accounts, change log),
run on both backends: an SQLite archive folder and a PostgreSQL database in a throwaway cluster."""

from __future__ import annotations

import datetime as _dt
import subprocess
import sys
import threading

import pytest

from archive import schema
from archive.accounts import AccountError, Accounts
from archive.archive import Archive
from archive.catalog import SCHEMA_VERSION, SameDocument
from archive.database import DatabaseError, open_database
from archive.record import Deadline, Record, Reference
from archive.register import RegisterError
from conftest import FIXTURES, ROOT

SAMPLES = FIXTURES / "samples"
SERIES = "Ủy ban nhân dân Quận 1 | chung"


def _initialised(url: str) -> str:
    db = open_database(url)
    schema.init(db)
    db.close()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """(archive folder, database URL or None): what `Archive(folder, database)` opens."""
    if request.param == "sqlite":
        return tmp_path / "node", None
    return tmp_path / "node", _initialised(request.getfixturevalue("postgres_url"))


@pytest.fixture()
def archive(backend, tmp_path):
    folder, url = backend
    archive = Archive(folder, url, objects=tmp_path / "objects")
    yield archive
    archive.close()


def record(code: str, date: str, issuer: str = "Ủy ban nhân dân Quận 1", refs=(), deadlines=(), sha="") -> Record:
    return Record(file=f"{code.replace('/', '-')}.txt", sha256=sha or f"sha-{code}-{date}", type="Kế hoạch",
                  code=code, number=int(code.split("/")[0]), issuer=issuer, date=_dt.date.fromisoformat(date),
                  subject=f"Về việc {code}", references=[Reference.from_dict(r) for r in refs],
                  deadlines=[Deadline.from_dict(d) for d in deadlines])


# --- catalog -------------------------------------------------------------------------------

def test_a_record_goes_in_once_and_reads_back(archive):
    catalog = archive.catalog
    doc_id, new = catalog.add(record("175/KH-UBND", "2023-03-01"), "Nội dung kế hoạch về cải cách hành chính")
    assert new and catalog.add(record("175/KH-UBND", "2023-03-01"), "x") == (doc_id, False)  # same file
    entry = catalog.get(doc_id)
    assert (entry.record.code, entry.record.date, entry.record.issuer) == (
        "175/KH-UBND", _dt.date(2023, 3, 1), "Ủy ban nhân dân Quận 1")
    assert catalog.text(doc_id) == "Nội dung kế hoạch về cải cách hành chính"
    assert [e.id for e in catalog.by_code("175/kh-ubnd")] == [doc_id]
    assert catalog.by_code("175/KH-UBND", 2024) == []
    assert [e.id for e in catalog.list(type="KẾ HOẠCH")] == [doc_id]  # case-blind in Vietnamese
    assert [e.id for e in catalog.list(issuer="quận 1")] == [doc_id]
    assert catalog.count() == 1


def test_the_same_document_from_another_file_is_refused(archive):
    catalog = archive.catalog
    catalog.add(record("46/KH-UBND", "2023-02-01"), "a")
    with pytest.raises(SameDocument):
        catalog.add(record("46/KH-UBND", "2023-05-05", issuer="UỶ BAN NHÂN DÂN QUẬN 1", sha="other-file"), "b")
    # the same number in another year, or from another issuer, is another document
    catalog.add(record("46/KH-UBND", "2024-02-01", sha="next-year"), "c")
    catalog.add(record("46/KH-UBND", "2023-02-01", issuer="Ủy ban nhân dân Quận 3", sha="other-issuer"), "d")
    assert catalog.count() == 3


def test_references_resolve_whichever_document_comes_first(archive):
    catalog = archive.catalog
    citing_id, _ = catalog.add(record("12/TB-UBND", "2023-06-01", refs=[
        {"type": "Kế hoạch", "code": "175/KH-UBND", "date": "2023-03-01"},
        {"type": "Công văn", "code": "303/UBND-NV", "date": None},
        {"type": "Kế hoạch", "code": "99/KH-UBND", "date": "2020-01-01"}]), "x")
    assert [c.target_id for c in catalog.citations_of(citing_id)] == [None, None, None]
    plan_id, _ = catalog.add(record("175/KH-UBND", "2023-03-01"), "y")
    letter_id, _ = catalog.add(record("303/UBND-NV", "2023-02-08"), "z")
    cited = catalog.citations_of(citing_id)
    assert [(c.target_id, c.uncertain) for c in cited] == [(plan_id, False), (letter_id, True), (None, False)]
    assert [c.doc_id for c in catalog.citing("175/KH-UBND", 2023)] == [citing_id]
    assert [c.code for c in catalog.unresolved()] == ["99/KH-UBND"]
    assert catalog.codes_with_number(175) == ["175/KH-UBND"]  # archived and cited, once
    assert catalog.codes_with_years("175") == ["175/KH-UBND/2023"]


def test_deadlines_by_date_issuer_and_responsible(archive):
    catalog = archive.catalog
    catalog.add(record("5/KH-UBND", "2026-01-05", deadlines=[
        {"date": "2026-03-31", "relation": "báo cáo trước", "responsible": "Phòng Nội vụ", "task": "Báo cáo quý I"},
        {"date": "2026-01-20", "relation": "hoàn thành trước", "responsible": "Phòng Tài chính"}]), "x")
    due = catalog.deadlines(_dt.date(2026, 1, 1), _dt.date(2026, 12, 31))
    assert [d.date for _, d in due] == [_dt.date(2026, 1, 20), _dt.date(2026, 3, 31)]
    assert [d.task for _, d in catalog.deadlines(responsible="NỘI VỤ")] == ["Báo cáo quý I"]
    assert catalog.deadlines(issuer="Quận 3") == []


def test_the_change_log_numbers_every_write_in_order(archive):
    catalog = archive.catalog
    ids = [catalog.add(record(f"{n}/KH-UBND", "2025-01-02"), "x")[0] for n in (1, 2, 3)]
    catalog.add_warning(ids[0], "its original is lost")
    changes = catalog.changes()
    assert [(c.doc_id, c.kind) for c in changes] == [(ids[0], "add"), (ids[1], "add"), (ids[2], "add"),
                                                     (ids[0], "change")]
    assert [c.seq for c in changes] == sorted(c.seq for c in changes)
    assert [c.doc_id for c in catalog.changes(after=changes[1].seq, limit=1)] == [ids[2]]


def test_stored_rows_walk_every_row(archive):
    for n in range(1, 8):
        archive.catalog.add(record(f"{n}/KH-UBND", "2025-01-02"), f"text {n}")
    rows = list(archive.catalog.stored_rows(batch=3))
    assert [r.columns["number"] for r in rows] == list(range(1, 8))
    assert not any(r.text_changed for r in rows)


def test_a_real_document_is_archived_with_its_original(archive):
    result = archive.add_file(SAMPLES / "kh-175-ubnd-2023.txt")
    assert result.status == "added", result.reason
    assert archive.original(result.entry).read_bytes() == (SAMPLES / "kh-175-ubnd-2023.txt").read_bytes()
    assert archive.add_file(SAMPLES / "kh-175-ubnd-2023.txt").status == "already there"


# --- registers -----------------------------------------------------------------------------

def test_numbers_are_consecutive_and_a_typed_number_is_refused_twice(archive):
    register = archive.register
    assert [register.allocate("outgoing", SERIES, 2026, "a").number for _ in range(3)] == [1, 2, 3]
    assert register.reserve(SERIES, 2026, 10, "b").number == 10
    with pytest.raises(RegisterError, match="already allocated"):
        register.reserve(SERIES, 2026, 10, "c")
    assert register.allocate("outgoing", SERIES, 2026, "a").number == 11  # after the typed one
    assert register.allocate("outgoing", SERIES, 2027, "a").number == 1  # numbers restart each year
    cancelled = register.cancel(SERIES, 2026, 2, "a", "viết nhầm")
    assert cancelled.status == "cancelled"
    assert register.allocate("outgoing", SERIES, 2026, "a").number == 12  # a cancelled number is never reused
    assert [r.number for r in register.rows("outgoing", 2026)] == [1, 2, 3, 10, 11, 12]


ALLOCATE = """
import sys
sys.path.insert(0, {root!r})
from archive.archive import Archive
archive = Archive({folder!r}, {url!r})
for _ in range({count}):
    archive.register.allocate("outgoing", {series!r}, 2026, "p" + sys.argv[1])
archive.close()
"""


@pytest.mark.slow
def test_four_processes_issuing_one_series_get_distinct_consecutive_numbers(backend, tmp_path):
    folder, url = backend
    Archive(folder, url).close()
    code = ALLOCATE.format(root=str(ROOT), folder=str(folder), url=url, count=50, series=SERIES)
    processes = [subprocess.Popen([sys.executable, "-c", code, str(i)]) for i in range(4)]
    assert [p.wait(timeout=300) for p in processes] == [0] * 4
    with Archive(folder, url) as archive:
        rows = archive.register.rows("outgoing", 2026)
    assert [r.number for r in rows] == list(range(1, 201))
    assert sorted(sum(1 for r in rows if r.by_whom == f"p{i}") for i in range(4)) == [50] * 4


def test_threads_sharing_one_archive_object_issue_distinct_numbers(archive):
    numbers: list[int] = []

    def issue():
        for _ in range(20):
            numbers.append(archive.register.allocate("outgoing", SERIES, 2026, "t").number)

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(numbers) == list(range(1, 81))


# --- accounts ------------------------------------------------------------------------------

def test_accounts_passwords_and_sessions(archive, backend):
    folder, url = backend
    store = Accounts(archive.db) if url else Accounts(folder)
    store.add("lan", "mat-khau-dai", "clerk")
    with pytest.raises(AccountError, match="exists already"):
        store.add("lan", "mat-khau-khac", "reader")
    assert store.check("lan", "mat-khau-dai").role == "clerk"
    assert store.check("lan", "sai-mat-khau") is None
    session = store.start_session("lan")
    assert store.session_account(session, idle=60, lifetime=3600).name == "lan"
    assert store.end_sessions("lan") == 1
    assert store.session_account(session, idle=60, lifetime=3600) is None
    store.record_failure("lan", "10.0.0.5")
    assert store.recent_failures("lan", "10.0.0.9", window=900) == 1
    store.close()


# --- PostgreSQL only: connection errors and schema versions --------------------------------

def test_a_wrong_password_is_one_line_naming_host_and_database_never_the_password(postgres_cluster):
    url = postgres_cluster.replace("docgen@", "docgen:bi-mat-123@").replace("/postgres?", "/khong_co?")
    with pytest.raises(DatabaseError) as caught:
        open_database(url)
    message = str(caught.value)
    assert "khong_co" in message and "bi-mat-123" not in message and "\n" not in message


def test_a_database_not_initialised_or_older_says_what_to_run(postgres_url, tmp_path):
    with pytest.raises(DatabaseError, match="docgen db init"):
        Archive(tmp_path / "node", postgres_url)
    db = open_database(postgres_url)
    schema.init(db)
    db.set_version(3)
    with pytest.raises(DatabaseError, match="docgen db upgrade"):
        Archive(tmp_path / "node", postgres_url)
    assert schema.upgrade(db) == SCHEMA_VERSION
    db.close()
    Archive(tmp_path / "node", postgres_url).close()


# --- corrections, trash, audit (issue: clerks correct, every change on record) -------------

def test_corrections_trash_and_the_audit_log_on_both_backends(archive):
    from archive.corrections import Correction

    catalog = archive.catalog
    citing, _ = catalog.add(record("12/TB-UBND", "2023-06-01", refs=[
        {"type": "Kế hoạch", "code": "175/KH-UBND", "date": "2023-03-01"}]), "x", by_whom="lan")
    wrong, _ = catalog.add(record("176/KH-UBND", "2023-03-01"), "y", by_whom="lan")
    assert catalog.citations_of(citing)[0].target_id is None
    catalog.correct(wrong, [Correction("code", "175/KH-UBND")], "hoa")
    assert catalog.citations_of(citing)[0].target_id == wrong  # the corrected code resolves the citation
    assert [c.field for c in catalog.corrections_of(wrong)] == ["code"]
    assert catalog.get(wrong).record.number == 175 and catalog.by_code("176/KH-UBND") == []
    catalog.delete(wrong, "hoa")
    assert catalog.get(wrong) is None and catalog.citations_of(citing)[0].target_id is None
    assert [e.id for e, by, _ in catalog.trash()] == [wrong]
    catalog.restore(wrong, "hoa")
    assert catalog.citations_of(citing)[0].target_id == wrong and catalog.trash() == []
    assert [c.kind for c in catalog.changes()][-3:] == ["change", "delete", "add"]  # the nodes' indexes follow
    log = catalog.audit.entries()
    assert [(e.action, e.by_whom) for e in reversed(log)] == [
        ("add", "lan"), ("add", "lan"), ("edit", "hoa"), ("delete", "hoa"), ("restore", "hoa")]
    assert log[2].detail == {"field": "code", "old": "176/KH-UBND", "new": "175/KH-UBND"}
