"""Shared fixtures: the eight starter documents rendered once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.drafting import data, template_set
from docgen.drafting.render import render_docx

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATE_IDS = ["ke-hoach", "cong-van", "quyet-dinh", "chi-thi", "thong-bao", "bao-cao", "to-trinh", "giay-moi"]

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def starter(template_id: str) -> data.DocumentData:
    spec = template_set.get_template(template_id)
    return data.load(spec.starter)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[str, tuple[data.DocumentData, Path]]:
    """Each template's starter data and the .docx it renders to."""
    out = tmp_path_factory.mktemp("rendered")
    result = {}
    for template_id in TEMPLATE_IDS:
        document = starter(template_id)
        spec = template_set.get_template(template_id)
        result[template_id] = (document, render_docx(document, spec, out / f"{template_id}.docx"))
    return result


@pytest.fixture(scope="session")
def rendered_pdfs(rendered, tmp_path_factory) -> dict[str, Path]:
    """The same documents as PDF, converted in one LibreOffice batch."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    from docgen.base.pdf import convert_to_pdf

    ids = list(rendered)
    pdfs = convert_to_pdf([rendered[i][1] for i in ids], tmp_path_factory.mktemp("pdf"))
    return dict(zip(ids, pdfs))


# --- PostgreSQL: one throwaway cluster a test session, a fresh database a test --------------

import itertools  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import pg_cluster  # noqa: E402

_database_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_cluster():
    """The URL of a cluster started for this session. Where PostgreSQL is not installed the
    tests that need it skip, saying so; under CI they fail instead: CI installs it."""
    reason = None
    try:
        import psycopg  # noqa: F401
    except ImportError:
        reason = "psycopg is not installed (pip install -e '.[server]')"
    if reason is None and pg_cluster.binaries() is None:
        reason = "PostgreSQL's binaries are not installed (apt-get install postgresql)"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
        pytest.skip(reason)
    folder = Path(tempfile.mkdtemp(prefix="docgen-pg-"))  # in /tmp: the cluster's user must reach it
    try:
        url = pg_cluster.start(folder)
    except pg_cluster.ClusterError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"the PostgreSQL test cluster did not start: {exc}")
    yield url
    pg_cluster.stop(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def postgres_url(postgres_cluster) -> str:
    """A new empty database in the session's cluster."""
    return pg_cluster.create_database(postgres_cluster, f"test{next(_database_names)}")
