"""Report forms from data: the PDF read back, the signature field over the signer's name,
signing with a throwaway certificate, and a batch of 100 units from one sheet."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pdfplumber
import pytest
import yaml
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from docgen.cli import main
from docgen.drafting.signing import verify
from docgen.base.vntext import nfc

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")]

KH46 = {
    "unit": "Phòng Văn hóa và Thông tin Quận 1", "place": "Quận 1", "date": "2023-06-05",
    "preparer": "Nguyễn Thị Hồng", "signer_title": "Trưởng phòng", "signer_name": "Trần Văn Đức",
    "rows": [
        {"hinh_thuc": "Hội nghị", "noi_dung": "Phổ biến Luật", "so_luong": "03/450", "doi_tuong": "Công chức",
         "lo_trinh": "Quý II", "danh_gia": "Tốt"},
        {"hinh_thuc": "Pa-nô", "noi_dung": "Văn hóa công sở", "so_luong": "12", "doi_tuong": "Nhân dân",
         "lo_trinh": "Tháng 5", "danh_gia": "Đạt"},
        {"hinh_thuc": "Bài viết", "noi_dung": "Chỉ số PAR", "so_luong": "05", "doi_tuong": "Doanh nghiệp",
         "lo_trinh": "Tháng 6", "danh_gia": "Khá"},
        {"hinh_thuc": "Tọa đàm", "noi_dung": "Cải cách & đổi mới", "so_luong": "02/120", "doi_tuong": "Đoàn viên",
         "lo_trinh": "Quý III", "danh_gia": "Tốt"},
        {"hinh_thuc": "Khảo sát", "noi_dung": "Sự hài lòng", "so_luong": "500", "doi_tuong": "Người dân",
         "lo_trinh": "Quý IV", "danh_gia": "Đạt"},
    ],
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def squeeze(text: str) -> str:
    return "".join(nfc(text or "").split())


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def table_cells(path: Path) -> set[str]:
    with pdfplumber.open(path) as pdf:
        return {squeeze(cell) for page in pdf.pages for table in page.extract_tables() for row in table
                for cell in row if cell}


def signature_fields(path: Path) -> list[tuple[int, list[float], bool]]:
    """(page index, rectangle, signed?) of every signature field."""
    reader = PdfReader(path)
    found = []
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/FT") == "/Sig":
                found.append((index, [float(v) for v in annotation["/Rect"]], "/V" in annotation))
    return found


def name_box(path: Path, name: str) -> tuple[float, float, float, float]:
    """The signer's name on the last page, in PDF coordinates (from the bottom)."""
    wanted = nfc(name).split()
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[-1]
        all_words = page.extract_words()
        for i in range(len(all_words)):
            words = all_words[i: i + len(wanted)]
            if [nfc(w["text"]) for w in words] == wanted:
                return (min(w["x0"] for w in words), page.height - max(w["bottom"] for w in words),
                        max(w["x1"] for w in words), page.height - min(w["top"] for w in words))
    raise AssertionError(f"{name} is not on the last page")


def assert_one_unsigned_field_over_the_name(pdf: Path, name: str) -> None:
    fields = signature_fields(pdf)
    assert len(fields) == 1
    page, (x0, y0, x1, y1), signed = fields[0]
    assert page == len(PdfReader(pdf).pages) - 1 and not signed
    nx0, ny0, nx1, ny1 = name_box(pdf, name)
    assert x0 <= nx0 and nx1 <= x1 and y0 <= ny0 and ny1 <= y1


@pytest.fixture(scope="module")
def kh46_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kh46")
    data = folder / "kh46.yaml"
    data.write_text(yaml.safe_dump(KH46, allow_unicode=True), encoding="utf-8")
    result = run("report", "bao-cao-tuyen-truyen", "--data", data, "-o", folder / "kh46.pdf")
    assert result.exit_code == 0, result.output
    return folder / "kh46.pdf"


def test_kh46_form_reads_back_with_every_cell(kh46_pdf):
    text = squeeze(pdf_text(kh46_pdf))
    for expected in ("Tên đơn vị: Phòng Văn hóa và Thông tin Quận 1", "BÁO CÁO",
                     "TÌNH HÌNH TỔ CHỨC THỰC HIỆN CÔNG TÁC TUYÊN TRUYỀN",
                     "(Kèm theo Kế hoạch số 46/KH-UBND ngày 08 tháng 02 năm 2023 của Ủy ban nhân dân Quận 1)",
                     "Người thực hiện", "THỦ TRƯỞNG ĐƠN VỊ".replace("THỦ TRƯỞNG ĐƠN VỊ", "TRƯỞNG PHÒNG"),
                     "(Ký tên và đóng dấu)", "Trần Văn Đức", "Nguyễn Thị Hồng", "Quận 1, ngày 05 tháng 6 năm 2023"):
        assert squeeze(expected) in text, expected
    cells = table_cells(kh46_pdf)
    for row in KH46["rows"]:
        for value in row.values():
            assert squeeze(value) in cells, value
    for focus in ("1. Tuyên truyền, phổ biến các quy định, các văn bản của Đảng và pháp luật của Nhà nước",
                  "4. Tuyên truyền công tác cải cách hành chính (06 nội dung)"):
        assert squeeze(focus) in cells
    assert kh46_pdf.with_suffix(".docx").exists()


def test_one_empty_signature_field_over_the_signers_name(kh46_pdf):
    assert_one_unsigned_field_over_the_name(kh46_pdf, "Trần Văn Đức")


def test_fonts_are_embedded(kh46_pdf):
    for page in PdfReader(kh46_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]).get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def stamp_fonts(xobject, depth: int = 0) -> list[tuple[str, bool]]:
    """(BaseFont, embedded?) of every font an appearance stream draws with, nested forms included."""
    found = []
    resources = xobject.get("/Resources")
    resources = resources.get_object() if resources else {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        descendant = font.get("/DescendantFonts")
        target = descendant[0].get_object() if descendant else font
        descriptor = target.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor else {}
        found.append((str(font.get("/BaseFont")), any(k in descriptor for k in ("/FontFile2", "/FontFile3"))))
    for inner in (resources.get("/XObject") or {}).values():
        if depth < 4:
            found += stamp_fonts(inner.get_object(), depth + 1)
    return found


def _throwaway_p12(folder: Path, passphrase: bytes, holder: str = "Trần Văn Đức") -> tuple[Path, object]:
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, holder),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Phòng Văn hóa và Thông tin Quận 1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    p12 = folder / "throwaway.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"test", key, cert, None, serialization.BestAvailableEncryption(passphrase)))
    return p12, asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def test_sign_validate_and_detect_a_changed_byte(kh46_pdf, tmp_path, monkeypatch):
    p12, cert = _throwaway_p12(tmp_path, b"mat-khau")
    monkeypatch.setenv("DOCGEN_P12_PASSPHRASE", "mat-khau")
    data = tmp_path / "kh46.yaml"
    data.write_text(yaml.safe_dump(KH46, allow_unicode=True), encoding="utf-8")
    signed = tmp_path / "signed.pdf"
    result = run("report", "bao-cao-tuyen-truyen", "--data", data, "-o", signed, "--sign", p12)
    assert result.exit_code == 0, result.output
    empty, reports = verify(signed, trust_roots=[cert])
    assert empty == [] and len(reports) == 1
    assert reports[0].intact and reports[0].valid and reports[0].covers_whole_file
    assert "Trần Văn Đức" in reports[0].signer
    check = run("verify-signature", signed)
    assert check.exit_code == 0 and "intact, covers the whole file" in check.output
    assert "trust not checked (give --trust CA.pem)" in check.output
    pem = tmp_path / "ca.pem"
    pem.write_bytes(b"-----BEGIN CERTIFICATE-----\n" + __import__("base64").encodebytes(cert.dump())
                    + b"-----END CERTIFICATE-----\n")
    trusted = run("verify-signature", signed, "--trust", pem)
    assert trusted.exit_code == 0 and trusted.output.rstrip().endswith("; trusted"), trusted.output
    (tmp_path / "other").mkdir()
    _, other = _throwaway_p12(tmp_path / "other", b"x")
    stranger = tmp_path / "other.pem"
    stranger.write_bytes(b"-----BEGIN CERTIFICATE-----\n" + __import__("base64").encodebytes(other.dump())
                         + b"-----END CERTIFICATE-----\n")
    untrusted = run("verify-signature", signed, "--trust", stranger)
    assert untrusted.exit_code == 1 and "NOT trusted by the given certificates" in untrusted.output
    assert "Traceback" not in untrusted.output
    not_a_cert = run("verify-signature", signed, "--trust", data)
    assert not_a_cert.exit_code == 2 and "not a certificate" in not_a_cert.output
    # the visible stamp spells the signer's name with its Vietnamese letters
    from pypdf import PdfReader as Reader

    annotation = [a.get_object() for a in Reader(signed).pages[-1]["/Annots"] if a.get_object().get("/FT") == "/Sig"][0]
    fonts = stamp_fonts(annotation["/AP"]["/N"].get_object())
    assert fonts and all(embedded for _, embedded in fonts), fonts  # not a base-14 font without Vietnamese

    damaged = tmp_path / "damaged.pdf"
    blob = bytearray(signed.read_bytes())
    stream = blob.find(b"stream") + 40
    blob[stream] ^= 0x01
    damaged.write_bytes(bytes(blob))
    _, reports = verify(damaged, trust_roots=[cert])
    assert not reports[0].intact and not reports[0].valid
    assert run("verify-signature", damaged).exit_code == 1


def test_registration_form_and_a_batch_of_100_units_from_xlsx(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Đơn vị", "Tên mô hình, giải pháp, sáng kiến", "Lĩnh vực", "Thời gian bắt đầu và hoàn thành",
                  "Kết quả dự kiến", "Người phụ trách", "Người ký", "Chức vụ", "Địa danh", "Ngày"])
    for i in range(1, 101):
        sheet.append([f"Ủy ban nhân dân Phường {i}", f"Mô hình “Một cửa số” {i}", "Cải cách thủ tục hành chính",
                      "01/3/2023 – 30/11/2023", "Rút ngắn 30% thời gian giải quyết", f"Lê Thị Hạnh {i}",
                      f"Phạm Quốc Việt {i}", "Chủ tịch", "Quận 1", dt.datetime(2023, 3, 1)])
        if i == 6:
            sheet.append(["", "Một dòng thiếu đơn vị", "", "", "", "", "", "", "", ""])
    source = tmp_path / "dang-ky.xlsx"
    book.save(source)
    out = tmp_path / "out"
    result = run("report", "dang-ky-mo-hinh", "--data", source, "--per-unit", "Đơn vị", "--out-dir", out)
    assert result.exit_code == 0, result.output
    assert f"skipped {source}: row 8: no 'Đơn vị'" in result.output
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 100 and len(list(out.glob("*.docx"))) == 100 and len(list(out.glob("*.xlsx"))) == 100
    one = out / "uy-ban-nhan-dan-phuong-42.pdf"
    text = squeeze(pdf_text(one))
    for expected in ("BẢN ĐĂNG KÝ", "MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN THI ĐUA", "Phạm Quốc Việt 42", "CHỦ TỊCH",
                     "(Kèm theo Kế hoạch số 175/KH-UBND ngày 25 tháng 4 năm 2023 của Ủy ban nhân dân Quận 1)"):
        assert squeeze(expected) in text, expected
    cells = table_cells(one)
    for value in ("Ủy ban nhân dân Phường 42", "Mô hình “Một cửa số” 42", "Cải cách thủ tục hành chính",
                  "01/3/2023 – 30/11/2023", "Rút ngắn 30% thời gian giải quyết", "Lê Thị Hạnh 42", "1"):
        assert squeeze(value) in cells, value
    assert_one_unsigned_field_over_the_name(one, "Phạm Quốc Việt 42")
    rows = list(load_workbook(one.with_suffix(".xlsx")).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("Ủy ban nhân dân Phường 42", "Ủy ban nhân dân Phường 42", "Mô hình “Một cửa số” 42")


def test_general_bao_cao_from_the_document_template(tmp_path):
    from docgen.drafting import template_set

    pdf = tmp_path / "bc.pdf"
    result = run("report", "bao-cao", "--data", template_set.get_template("bao-cao").starter, "-o", pdf)
    assert result.exit_code == 0, result.output
    assert "Số thủ tục hành chính được rà soát" in "".join(table_cells(pdf)) or \
        squeeze("Số thủ tục hành chính được rà soát") in table_cells(pdf)
    assert_one_unsigned_field_over_the_name(pdf, "Phạm Văn C")


def test_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("unit: X\nplace: Quận 1\n", encoding="utf-8")
    result = run("report", "bao-cao-tuyen-truyen", "--data", bad, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {bad}: field 'signer_name': required but missing"
    result = run("report", "khong-co", "--data", bad, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2 and "unknown template 'khong-co'" in result.output


def test_pages_after_the_first_carry_their_number(kh46_pdf):
    """Phụ lục I, I.7: page numbers top centre from page 2 (the form had none on page 2)."""
    import pdfplumber

    with pdfplumber.open(kh46_pdf) as opened:
        assert len(opened.pages) >= 2
        for number, page in enumerate(opened.pages, start=1):
            middle = page.width / 2  # a page number stands alone, centred, above the text
            top = [w["text"] for w in page.extract_words() if w["top"] < 60 and w["text"].isdigit()
                   and abs((w["x0"] + w["x1"]) / 2 - middle) < 30]
            if number == 1:
                assert str(number) not in top
            else:
                assert str(number) in top, (number, top)



def test_signing_with_another_holders_certificate_warns(tmp_path, monkeypatch):
    """The signature would be valid and wrong: the token is the Phó trưởng phòng's, the report
    prints the Trưởng phòng as signer."""
    p12, _ = _throwaway_p12(tmp_path, b"mat-khau", holder="Lê Thị Mai")
    monkeypatch.setenv("DOCGEN_P12_PASSPHRASE", "mat-khau")
    data = tmp_path / "kh46.yaml"
    data.write_text(yaml.safe_dump(KH46, allow_unicode=True), encoding="utf-8")
    result = run("report", "bao-cao-tuyen-truyen", "--data", data, "-o", tmp_path / "kh46.pdf", "--sign", p12)
    assert result.exit_code == 0, result.output
    assert "warning: " in result.output and "the certificate is Lê Thị Mai's; the document prints Trần Văn Đức " \
        "as signer" in result.output


def test_the_stamp_gives_vietnam_time_whatever_the_servers_zone(tmp_path, monkeypatch, kh46_pdf):
    """The visible stamp's time is UTC+07:00 (the server may run on UTC)."""
    import datetime as dt

    from pyhanko.sign import signers

    from docgen.drafting import signing

    seen = {}
    real = signers.PdfSigner.sign_pdf

    def capture(self, writer, *args, **kwargs):
        seen.update(kwargs.get("appearance_text_params") or {})
        return real(self, writer, *args, **kwargs)

    monkeypatch.setattr(signers.PdfSigner, "sign_pdf", capture)
    monkeypatch.setenv("TZ", "UTC")
    p12, _ = _throwaway_p12(tmp_path, b"x")
    copy = tmp_path / "kh46.pdf"
    copy.write_bytes(kh46_pdf.read_bytes())
    signing.sign(copy, p12, b"x")
    stamped = dt.datetime.strptime(seen["ts"], "%d/%m/%Y %H:%M:%S (UTC+07:00)")
    now_in_vietnam = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).replace(tzinfo=None)
    assert abs((now_in_vietnam - stamped).total_seconds()) < 120
