"""edXML packages (QCVN 102:2016/BTTTT): every national sample read, a round trip field by field,
and the packages that must be refused whole, on one line, with nothing stored."""

from __future__ import annotations

import base64

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, ROOT
from docgen.cli import main
from docgen.library import Library

SAMPLES = FIXTURES / "samples"
EDXML = ROOT.parent / "shared" / "spec" / "edxml"
needs_samples = pytest.mark.skipif(not EDXML.exists(), reason="no ../shared/spec/edxml")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@needs_samples
def test_every_national_sample_is_read_and_what_does_not_parse_is_reported(tmp_path):
    result = run("edxml", "import", *sorted(EDXML.glob("*.edxml")), "--archive", tmp_path / "arch")
    lines = result.output.splitlines()
    assert "Traceback" not in result.output
    # the new document: its header is the record, the placeholder CodeNumber reported, not guessed
    assert any(line.endswith("edoc_new.edxml: added 7816/VPCP-TTĐT") for line in lines)
    assert "    Code/CodeNumber: '74fass22' is not a number" in lines
    assert any("edoc_update.edxml: updated" in line for line in lines)
    assert any("edoc_revocation.edxml: revoked" in line for line in lines)
    statuses = [line for line in lines if ": status " in line]
    assert len(statuses) == 10 and any("04 (phân công)" in line for line in statuses)
    # one sample's attachment is a test-tool placeholder, not base64: refused whole, one line
    assert any(line.startswith("skipped") and "edoc.edxml" in line and "not base64; nothing was stored" in line
               for line in lines)
    assert result.exit_code == 1
    with Library(tmp_path / "arch") as library:
        first = library.find("7816/VPCP-TTĐT", 2019)
        r = first.record
        assert (r.type, r.issuer, r.place, r.date.isoformat()) == (
            "Công văn", "UBND xã Hòa Tiến - UBND huyện Hòa Vang - Thành phố Đà Nẵng", "Hà Nội", "2019-01-16")
        assert (r.signer.authority, r.signer.name) == ("TL.", "Nguyen Thanh Phuc")
        assert [d.date.isoformat() for d in r.deadlines] == ["2018-09-28"]  # DueDate, the handling deadline
        assert r.recipients == ["Cac bo va co quan ngang bo", "Uy ban nhan dan cac tinh, TP"]
        log = [e.action for e in library.log()]
        assert log.count("edxml status") == 10 and "edxml revocation" in log


def test_export_then_import_gives_the_same_record_field_by_field(tmp_path):
    with Library(tmp_path / "ours") as ours:
        ours.add([SAMPLES / "kh-175-ubnd-2023.txt"])
        entry = ours.find("175/KH-UBND", 2023)
        package = ours.export_edxml(entry, tmp_path / "kh175.edxml", ours.sender(organ_id="000.00.14.H29"))
        before = entry.record
    with Library(tmp_path / "theirs") as theirs:
        (result,) = theirs.import_edxml([package])
        assert result.status == "added", result
        after = result.entry.record
    for name in ("type", "code", "number", "issuer", "place", "date", "subject", "recipients", "sha256", "file"):
        assert getattr(after, name) == getattr(before, name), name
    assert (after.signer.authority, after.signer.title, after.signer.name) == (
        before.signer.authority, before.signer.title, before.signer.name)
    assert [(r.code, r.date) for r in after.references] == [(r.code, r.date) for r in before.references]
    assert {d.date for d in after.deadlines} >= {d.date for d in before.deadlines if d.date}
    assert (tmp_path / "theirs" / "objects").exists()
    with Library(tmp_path / "theirs") as theirs:  # the original came across byte for byte
        assert theirs.original(theirs.find("175/KH-UBND", 2023)).read_bytes() == \
            (SAMPLES / "kh-175-ubnd-2023.txt").read_bytes()


NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
HEADER = (f'<edXML xmlns="{NS}"><edXML:edXMLEnvelope xmlns:edXML="{NS}"><edXML:edXMLHeader><edXML:MessageHeader>'
          "<edXML:From><edXML:OrganName>UBND Quận 1</edXML:OrganName></edXML:From>{code}"
          "<edXML:PromulgationInfo><edXML:PromulgationDate>2026/02/30</edXML:PromulgationDate></edXML:PromulgationInfo>"
          "</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope>{attachment}</edXML>")
CODE = "<edXML:Code><edXML:CodeNumber>12</edXML:CodeNumber><edXML:CodeNotation>UBND-VP</edXML:CodeNotation></edXML:Code>"
ATTACH = ("<AttachmentEncoded><Attachment><AttachmentName>cv.txt</AttachmentName>"
          f'<edXML:ContentTransferEncoded xmlns:edXML="{NS}">{{data}}</edXML:ContentTransferEncoded>'
          "</Attachment></AttachmentEncoded>")


@pytest.mark.parametrize("content, message", [
    (b"%PDF-1.4 not xml at all \x00\x01", "not an edXML package"),
    (b'<?xml version="1.0"?><root xmlns="urn:other"><a/></root>', "not an edXML package (namespace urn:other"),
    (HEADER.format(code="", attachment="").encode(), "the package has no Code"),
    (HEADER.format(code=CODE, attachment=ATTACH.format(data="@@not base64@@")).encode(), "is not base64"),
    (b'<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     + HEADER.format(code=CODE, attachment="").replace("UBND Quận 1", "&x;").encode(), "refused: a DOCTYPE"),
], ids=["not xml", "other namespace", "no code", "attachment not base64", "entity"])
def test_a_package_that_must_be_refused_is_one_line_and_stores_nothing(tmp_path, content, message):
    package = tmp_path / "goi.edxml"
    package.write_bytes(content)
    result = run("edxml", "import", package, "--archive", tmp_path / "arch")
    assert result.exit_code == 1 and message in result.output, result.output
    (line,) = [l for l in result.output.splitlines() if l]
    assert line.startswith(f"skipped {package}: ")
    with Library(tmp_path / "arch") as library:
        assert library.catalog.count() == 0 and not list((tmp_path / "arch" / "objects").rglob("*"))


def test_a_bad_field_is_reported_and_the_rest_kept(tmp_path):
    text = "Số: 12/UBND-VP\nQuận 1, ngày 02 tháng 3 năm 2026\nCông văn thử, báo cáo trước ngày 30 tháng 3 năm 2026.\n"
    package = tmp_path / "goi.edxml"
    package.write_text(HEADER.format(code=CODE, attachment=ATTACH.format(
        data=base64.b64encode(text.encode()).decode())), encoding="utf-8")
    result = run("edxml", "import", package, "--archive", tmp_path / "arch")
    assert result.exit_code == 0, result.output
    assert "    PromulgationInfo/PromulgationDate: '2026/02/30' is not a date" in result.output
    with Library(tmp_path / "arch") as library:
        (entry,) = library.documents()
        assert (entry.record.code, entry.record.issuer, entry.record.date) == ("12/UBND-VP", "UBND Quận 1", None)
        assert [d.date.isoformat() for d in entry.record.deadlines] == ["2026-03-30"]  # read from the attachment


def test_export_needs_the_offices_organ_id(tmp_path):
    with Library(tmp_path / "arch") as library:
        library.add([SAMPLES / "cv-303-ubnd-nv-2023.txt"])
    result = run("edxml", "export", "303/UBND-NV", "-o", tmp_path / "x.edxml", "--archive", tmp_path / "arch")
    assert result.exit_code == 2 and "OrganId (mã định danh) is not set" in result.output
    (tmp_path / "arch" / "edxml.yaml").write_text("organ_id: 000.00.14.H29\norgan_name: UBND Quận 1\n", encoding="utf-8")
    result = run("edxml", "export", "303/UBND-NV", "-o", tmp_path / "x.edxml", "--archive", tmp_path / "arch")
    assert result.exit_code == 0 and "<edXML:OrganId>000.00.14.H29</edXML:OrganId>" in (tmp_path / "x.edxml").read_text()


@pytest.mark.parametrize("type_xml, expected, problem", [
    ("<edXML:Type>1</edXML:Type><edXML:TypeDetail>18</edXML:TypeDetail>", "Công văn", None),
    ("<edXML:Type>2</edXML:Type><edXML:TypeDetail>9</edXML:TypeDetail>", "Nghị định", None),
    ("<edXML:Type>18</edXML:Type>", "Công văn", None),  # the Điều 7 place written in Type
    ("<edXML:Type>1</edXML:Type><edXML:TypeDetail>x</edXML:TypeDetail>", None,
     "DocumentType/TypeDetail: 'x' is not a number"),
    ("<edXML:Type>2</edXML:Type><edXML:TypeDetail>40</edXML:TypeDetail>", None,
     "DocumentType: Type 2, TypeDetail 40 names no type"),
], ids=["administrative", "legal", "type only", "not a number", "unlisted"])
def test_a_package_without_a_type_name_is_read_by_its_type_codes(tmp_path, type_xml, expected, problem):
    package = tmp_path / "goi.edxml"
    header = HEADER.replace("</edXML:MessageHeader>",
                            f"<edXML:DocumentType>{type_xml}</edXML:DocumentType></edXML:MessageHeader>")
    package.write_text(header.format(code=CODE, attachment=ATTACH.format(
        data=base64.b64encode("Công văn thử.".encode()).decode())), encoding="utf-8")
    result = run("edxml", "import", package, "--archive", tmp_path / "arch")
    assert result.exit_code == 0, result.output
    if problem:
        assert f"    {problem}" in result.output, result.output
    else:
        assert "DocumentType" not in result.output, result.output
    with Library(tmp_path / "arch") as library:
        (entry,) = library.documents()
        assert entry.record.type == expected


def test_export_writes_the_national_type_codes(tmp_path):
    with Library(tmp_path / "arch") as library:
        library.add([SAMPLES / "kh-175-ubnd-2023.txt"])
        package = library.export_edxml(library.find("175/KH-UBND", 2023), tmp_path / "kh.edxml",
                                       library.sender(organ_id="000.00.14.H29"))
    xml = package.read_text(encoding="utf-8")
    assert ("<edXML:Type>1</edXML:Type>" in xml and "<edXML:TypeDetail>10</edXML:TypeDetail>" in xml
            and "<edXML:TypeName>Kế hoạch</edXML:TypeName>" in xml)


def test_a_refused_attachment_leaves_no_file_open(tmp_path):
    """An attachment that stops being base64 halfway is refused; the file it was decoded into
    is closed, not left for the garbage collector."""
    import gc
    import warnings

    from archive import edxml

    package = tmp_path / "goi.edxml"
    good = base64.b64encode(b"x" * 3000).decode()
    package.write_text(HEADER.format(code=CODE, attachment=ATTACH.format(data=good + "@@not base64@@")),
                       encoding="utf-8")
    gc.collect()  # what earlier tests left to the collector is not this test's to count
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        with pytest.raises(edxml.EdxmlError, match="not base64"):
            edxml.read(package, tmp_path)
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning) and str(tmp_path) in str(w.message)]
