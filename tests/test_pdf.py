"""PDF through LibreOffice: the Vietnamese text survives, fonts are embedded, pages are numbered."""

from __future__ import annotations

import pdfplumber
import pytest
from pypdf import PdfReader

from docgen.drafting import data, template_set
from docgen.base import decree
from docgen.base.pdf import PdfError, convert_to_pdf
from docgen.drafting.render import render_docx
from docgen.base.vntext import nfc
from conftest import FIXTURES, TEMPLATE_IDS, needs_soffice

pytestmark = [pytest.mark.slow, needs_soffice]


def pdf_text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return nfc("\n".join(page.extract_text() or "" for page in pdf.pages))


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_vietnamese_text_survives(rendered, rendered_pdfs, template_id):
    document, _ = rendered[template_id]
    text = squeeze(pdf_text(rendered_pdfs[template_id]))
    for expected in (decree.QUOC_HIEU, decree.TIEU_NGU, document.issuer.upper(), document.subject,
                     decree.date_line(document.place, document.date), document.signer.name,
                     *document.signer.lines, "Nơi nhận:"):
        assert squeeze(expected) in text, expected


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_fonts_are_embedded(rendered_pdfs, template_id):
    reader = PdfReader(rendered_pdfs[template_id])
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            fonts[font["/BaseFont"]] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert all("Times" in name or "LiberationSerif" in name for name in fonts), fonts


def test_a4_pages_numbered_from_the_second_at_the_top(tmp_path):
    document = data.load(FIXTURES / "kh-175-ubnd-2023.yaml")
    docx = render_docx(document, template_set.get_template("ke-hoach"), tmp_path / "kh175.docx")
    (pdf,) = convert_to_pdf([docx])
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 2
        for page in doc.pages:
            assert (round(page.width * 25.4 / 72), round(page.height * 25.4 / 72)) == (210, 297)
        first_words = [w["text"] for w in doc.pages[0].extract_words() if w["top"] < 60]
        assert "1" not in first_words
        for number, page in enumerate(doc.pages[1:], start=2):
            top = [w for w in page.extract_words() if w["top"] < 60]
            assert [w["text"] for w in top] == [str(number)]
            centre = (top[0]["x0"] + top[0]["x1"]) / 2
            left, right = 35 * 72 / 25.4, page.width - 20 * 72 / 25.4
            assert abs(centre - (left + right) / 2) < 10


def test_a_file_that_is_not_a_document_is_named(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"\x00\x01 not a document")
    with pytest.raises(PdfError, match="broken.docx"):
        convert_to_pdf([bad])


def test_a_hung_libreoffice_is_killed_with_its_children_and_the_next_pdf_is_made(rendered, tmp_path, monkeypatch):
    """A LibreOffice that never finishes (a zip bomb, a document it loops on) is stopped with
    everything it started; the profile is free again for the next conversion."""
    from pathlib import Path

    from docgen.base import pdf as pdf_module

    pids = tmp_path / "pids"
    hung = tmp_path / "soffice-hung"
    hung.write_text(f"#!/bin/sh\nsleep 600 &\necho $! >> {pids}\necho $$ >> {pids}\nwait\n")
    hung.chmod(0o755)
    real = pdf_module.find_soffice()
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: str(hung))
    monkeypatch.setattr(pdf_module, "STARTUP_SECONDS", 1)
    with pytest.raises(PdfError, match="did not finish within .* it was stopped"):
        convert_to_pdf([rendered["thong-bao"][1]], tmp_path / "out", timeout_per_doc=1)
    for pid in map(int, pids.read_text().split()):  # the launcher and the process it started are both gone
        status = Path(f"/proc/{pid}/status")
        assert not status.exists() or "State:\tZ" in status.read_text()  # at most a zombie awaiting its reaper
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: real)
    monkeypatch.setattr(pdf_module, "STARTUP_SECONDS", 30)
    (made,) = convert_to_pdf([rendered["thong-bao"][1]], tmp_path / "out")
    assert made.stat().st_size > 1000
