"""Documents typed in TCVN3 (.VnTime) or VNI (VNI-Times) are read as Unicode."""

from __future__ import annotations

import shutil
import unicodedata

import pytest
from docx import Document

from archive.extract import extract
from archive.legacy_encoding import TCVN3, VNI, decode_tcvn3, decode_vni
from archive.parse import parse_file
from conftest import FIXTURES
import expected as E

SAMPLES = FIXTURES / "samples"
TO_TCVN3 = {letter: code for code, letter in TCVN3.items()}
TO_VNI = {letter: code for code, letter in VNI.items() if len(letter) == 1}


def encode_tcvn3(text: str) -> str:
    """As a .VnTime/.VnTimeH document stores it: capitals use the lower-case codes."""
    return "".join(TO_TCVN3.get(c, TO_TCVN3.get(c.lower(), c)) for c in unicodedata.normalize("NFC", text))


def encode_vni(text: str) -> str:
    return "".join(TO_VNI.get(c, c) for c in unicodedata.normalize("NFC", text))


def test_tables_decode_the_national_motto():
    assert decode_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert decode_tcvn3("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM") == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert decode_vni("Ñoäc laäp - Töï do - Haïnh phuùc") == "Độc lập - Tự do - Hạnh phúc"
    assert decode_vni("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_every_vietnamese_letter_round_trips():
    letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    assert decode_tcvn3(encode_tcvn3(letters)) == letters
    assert decode_vni(encode_vni(letters)) == letters
    assert decode_vni(encode_vni(letters.upper())) == letters.upper()


def _tcvn3_docx(path):
    doc = Document()
    for line in (SAMPLES / "kh-175-ubnd-2023.txt").read_text(encoding="utf-8").splitlines():
        doc.add_paragraph(encode_tcvn3(line.replace("**", "")))
    doc.save(path)
    return path


def test_tcvn3_docx_is_read_as_unicode_and_parsed(tmp_path):
    path = _tcvn3_docx(tmp_path / "kh-175-tcvn3.docx")
    extracted = extract(path)
    assert extracted.source == "docx+tcvn3"
    assert "Thực hiện Kế hoạch số 406/KH-UBND ngày 29 tháng 12 năm 2022" in extracted.text
    record, _ = parse_file(path)
    assert E.mismatches(record.to_dict(), E.load(SAMPLES / "kh-175-ubnd-2023.expected.json")) == []


def test_vni_text_file_is_read_as_unicode_and_parsed(tmp_path):
    path = tmp_path / "cv-303-vni.txt"
    path.write_text(encode_vni((SAMPLES / "cv-303-ubnd-nv-2023.txt").read_text(encoding="utf-8")), encoding="utf-8")
    record, _ = parse_file(path)
    assert record.text_source == "text+vni"
    assert E.mismatches(record.to_dict(), E.load(SAMPLES / "cv-303-ubnd-nv-2023.expected.json")) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_tcvn3_pdf_text_layer_is_converted(tmp_path):
    from docgen.base.pdf import convert_to_pdf

    (pdf,) = convert_to_pdf([_tcvn3_docx(tmp_path / "kh-175-tcvn3.docx")])
    record, _ = parse_file(pdf)
    assert record.text_source == "pdf-text+tcvn3"
    assert (record.code, record.date.isoformat(), record.signer.name) == ("175/KH-UBND", "2023-04-25", "Lê Đức Thanh")


def test_unicode_text_is_left_alone():
    text = (SAMPLES / "kh-46-ubnd-2023.txt").read_text(encoding="utf-8")
    extracted = extract(SAMPLES / "kh-46-ubnd-2023.txt")
    assert extracted.source == "text"
    assert extracted.text == unicodedata.normalize("NFC", text)
