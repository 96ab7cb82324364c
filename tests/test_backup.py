"""docgen archive backup and restore: a snapshot taken while an add runs, restored and verified."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from docgen.cli import main
from conftest import FIXTURES

SAMPLES = FIXTURES / "samples"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_backup_while_an_add_runs_then_restore_and_verify(tmp_path):
    arch = tmp_path / "arch"
    assert run("archive", "add", *map(str, sorted(SAMPLES.glob("*.txt"))[:3]), "--archive", str(arch)).exit_code == 0
    batch = tmp_path / "batch"
    batch.mkdir()
    text = (SAMPLES / "kh-175-ubnd-2023.txt").read_text(encoding="utf-8")
    for n in range(1, 101):  # a hundred more plans, numbered apart, added by another process meanwhile
        (batch / f"kh-{n}.txt").write_text(text.replace("Số: **175**", f"Số: **{500 + n}**", 1), encoding="utf-8")
    adding = subprocess.Popen([sys.executable, "-m", "docgen.cli", "archive", "add", str(batch), "--archive",
                               str(arch)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    import sqlite3
    import time

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and adding.poll() is None:  # the add has begun writing
        with sqlite3.connect(arch / "catalog.sqlite") as db:
            if db.execute("SELECT count(*) FROM documents").fetchone()[0] > 3:
                break
        time.sleep(0.05)
    backup = run("archive", "backup", str(tmp_path / "backup"), "--archive", str(arch))
    still_adding = adding.poll() is None
    adding.communicate(timeout=300)
    assert backup.exit_code == 0 and "backed up" in backup.output
    assert still_adding, "the add finished before the backup began: the test proved nothing"
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"] >= 3 and "catalog.sqlite" in manifest["files"]
    restored = run("archive", "restore", str(tmp_path / "backup"), "--archive", str(tmp_path / "restored"))
    assert restored.exit_code == 0, restored.output
    assert f"restored {manifest['documents']} documents" in restored.output and "verified: 0 problems" in restored.output
    search = run("search", "303/UBND-NV", "--archive", str(tmp_path / "restored"))
    assert "303/UBND-NV" in search.output


def test_a_damaged_backup_is_refused_before_anything_is_written(tmp_path):
    arch = tmp_path / "arch"
    run("archive", "add", str(SAMPLES / "cv-303-ubnd-nv-2023.txt"), "--archive", str(arch))
    assert run("archive", "backup", str(tmp_path / "b"), "--archive", str(arch)).exit_code == 0
    (original,) = [p for p in (tmp_path / "b" / "objects").rglob("*") if p.suffix != ".json" and p.is_file()]
    original.write_bytes(original.read_bytes() + b"!")
    refused = run("archive", "restore", str(tmp_path / "b"), "--archive", str(tmp_path / "r"))
    assert refused.exit_code == 2 and "files do not match the manifest, nothing restored" in refused.output
    assert not (tmp_path / "r").exists()
    again = run("archive", "backup", str(tmp_path / "b"), "--archive", str(arch))
    assert again.exit_code == 2 and "must be a new or empty folder" in again.output
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "catalog.sqlite").write_bytes(b"")
    assert "not a docgen backup" in run("archive", "restore", str(tmp_path / "half"), "--archive",
                                        str(tmp_path / "r2")).output


def test_originals_can_be_added_again_without_the_catalog(tmp_path):
    """The sidecar beside each original keeps its name: with the catalog lost, verify --repair
    adds every original again."""
    arch = tmp_path / "arch"
    run("archive", "add", *map(str, sorted(SAMPLES.glob("*.txt"))), "--archive", str(arch))
    for leftover in arch.glob("catalog.sqlite*"):
        leftover.unlink()
    repaired = run("archive", "verify", "--repair", "--archive", str(arch))
    assert repaired.output.count("added again (added)") == 5
    assert "after repair: 0 problems" in repaired.output
