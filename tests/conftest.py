"""Shared fixtures: the eight starter documents rendered once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen import data, template_set
from docgen.render import render_docx

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
    from docgen.pdf import convert_to_pdf

    ids = list(rendered)
    pdfs = convert_to_pdf([rendered[i][1] for i in ids], tmp_path_factory.mktemp("pdf"))
    return dict(zip(ids, pdfs))
