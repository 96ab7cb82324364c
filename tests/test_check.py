"""docgen check: what docgen renders passes; a deliberately wrong copy fails once per fault."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.drafting import data, template_set
from docgen.drafting.check import CheckError, check_docx
from docgen.base.docx_format import set_run_font
from docgen.drafting.render import render_docx
from click.testing import CliRunner

from conftest import FIXTURES, ROOT, TEMPLATE_IDS
from docgen.cli import main

SAMPLE_EXPECTED = FIXTURES / "samples" / "kh-175-ubnd-2023.expected.json"


@pytest.fixture(scope="module")
def kh175(tmp_path_factory) -> Path:
    document = data.load(FIXTURES / "kh-175-ubnd-2023.yaml")
    out = tmp_path_factory.mktemp("kh175") / "kh-175.docx"
    return render_docx(document, template_set.get_template("ke-hoach"), out)


def errors(path) -> list:
    return [p for p in check_docx(path) if p.severity == "error"]


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_every_rendered_template_passes(rendered, template_id):
    assert check_docx(rendered[template_id][1]) == []


def test_kh175_recreated_matches_the_sample_header(kh175):
    expected = json.loads(SAMPLE_EXPECTED.read_text(encoding="utf-8"))
    texts = [p.text.strip() for p in Document(str(kh175)).paragraphs]
    header = Document(str(kh175)).tables[0]
    assert header.cell(1, 0).text.strip() == f"Số: {expected['code']}"
    assert header.cell(1, 1).text.strip() == "Quận 1, ngày 25 tháng 4 năm 2023"
    assert expected["subject"] in texts
    signature = Document(str(kh175)).tables[-1].cell(0, 1).text.split("\n")
    assert [l for l in signature if l.strip()] == [expected["signer"]["title"].upper(), expected["signer"]["name"]]
    assert check_docx(kh175) == []


def _break_copy(source: Path, target: Path) -> Path:
    """A copy with three faults: left margin 20 mm, "ngày 8 tháng 2", Arial body."""
    shutil.copy(source, target)
    doc = Document(str(target))
    doc.sections[0].left_margin = Mm(20)
    date_cell = doc.tables[0].cell(1, 1).paragraphs[0]
    for run in date_cell.runs[1:]:
        run._r.getparent().remove(run._r)
    date_cell.runs[0].text = "Quận 1, ngày 8 tháng 2 năm 2023"
    for p in doc.paragraphs:
        for run in p.runs:
            set_run_font(run._r, "Arial")
    doc.save(str(target))
    return target


def test_wrong_copy_gets_one_message_per_fault(kh175, tmp_path):
    broken = _break_copy(kh175, tmp_path / "broken.docx")
    found = errors(broken)
    assert len(found) == 3, [str(p) for p in found]
    text = "\n".join(str(p) for p in found)
    assert "margins: left 20.0 mm (expected 30–35)" in text
    assert 'day "8" should read "08"; month "2" should read "02"' in text
    assert "font Arial, expected Times New Roman" in text


def test_number_with_spaces_and_unpadded_number(kh175, tmp_path):
    for code, message in (("46 /KH-UBND", '"46 /KH-UBND" has spaces; write "46/KH-UBND"'),
                          ("5/KH-UBND", 'number below 10 takes a leading zero: "05"')):
        target = tmp_path / "n.docx"
        shutil.copy(kh175, target)
        doc = Document(str(target))
        cell = doc.tables[0].cell(1, 0).paragraphs[0]
        for run in cell.runs[1:]:
            run._r.getparent().remove(run._r)
        cell.runs[0].text = f"Số: {code}"
        doc.save(str(target))
        assert [p.message for p in errors(target)] == [message]


def test_missing_tieu_ngu_and_noi_nhan_are_named(kh175, tmp_path):
    target = tmp_path / "m.docx"
    shutil.copy(kh175, target)
    doc = Document(str(target))
    for p in doc.tables[0].cell(0, 1).paragraphs:
        if p.text.startswith("Độc lập"):
            p.runs[0].text = "Độc lập -Tự do - Hạnh phúc"
    doc.tables[-1].cell(0, 0).paragraphs[0].runs[0].text = "Gửi:"
    doc.save(str(target))
    messages = [p.message for p in errors(target)]
    assert 'Tiêu ngữ reads "Độc lập -Tự do - Hạnh phúc"; expected "Độc lập - Tự do - Hạnh phúc"' in messages
    assert '"Nơi nhận:" not found' in messages


def test_page_number_on_first_page_is_an_error(kh175, tmp_path):
    target = tmp_path / "p.docx"
    shutil.copy(kh175, target)
    doc = Document(str(target))
    doc.sections[0].different_first_page_header_footer = False
    doc.save(str(target))
    assert [p.message for p in errors(target)] == ["page number is shown on the first page"]


def test_hand_made_document_without_header_parts(tmp_path):
    doc = Document()
    doc.add_paragraph("Một văn bản viết tay không theo thể thức.")
    doc.save(str(tmp_path / "plain.docx"))
    messages = " | ".join(p.message for p in errors(tmp_path / "plain.docx"))
    for part in ("Quốc hiệu not found", "Tiêu ngữ not found", "số, ký hiệu not found",
                 "place and date line not found", '"Nơi nhận:" not found'):
        assert part in messages
    assert "no page number" not in messages  # one page: numbers start on page 2


def test_blank_number_and_day_are_warnings_not_errors(tmp_path):
    raw = data.read_data_file(template_set.get_template("ke-hoach").starter)
    raw.update(number=None, date=None, year=2026)
    out = render_docx(data.validate(raw), template_set.get_template("ke-hoach"), tmp_path / "b.docx")
    problems = check_docx(out)
    assert [p.severity for p in problems] == ["warning", "warning"]


def test_not_a_docx(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"%PDF-1.4 not a zip")
    with pytest.raises(CheckError, match="not a .docx file"):
        check_docx(bad)
    with pytest.raises(CheckError, match="file not found"):
        check_docx(tmp_path / "absent.docx")


def test_a_docx_without_page_size_or_margins_is_reported_not_a_traceback(tmp_path):
    """Files written by other programs may leave out <w:pgSz> and <w:pgMar>: Word then applies its
    defaults. The check says so on one line each and goes on with the other checks."""
    from docx import Document
    from docx.oxml.ns import qn

    from docgen.drafting.check import check_docx

    document = Document()
    document.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    sect = document.sections[0]._sectPr
    for tag in ("w:pgSz", "w:pgMar"):
        for child in sect.findall(qn(tag)):
            sect.remove(child)
    path = tmp_path / "khong-kho-giay.docx"
    document.save(path)
    problems = [str(p) for p in check_docx(path)]
    assert any("no paper size set" in p for p in problems)
    assert any("margins: top not set" in p for p in problems)
    assert not any("not checked" in p for p in problems)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output


@pytest.mark.skipif(not (SHARED_SAMPLES := ROOT.parent / "shared" / "samples").exists(), reason="no ../shared/samples")
def test_check_runs_over_every_real_docx_without_a_traceback():
    files = sorted(SHARED_SAMPLES.rglob("*.docx"))
    assert files
    result = CliRunner().invoke(main, ["check", *map(str, files)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "structure defeated it" not in result.output
    assert sum(1 for line in result.output.splitlines() if line.startswith(tuple(map(str, files)))) >= len(files)



def _edited(kh175, tmp_path, edit, name="edited.docx") -> Path:
    """The rendered Kế hoạch with one thing changed, as a clerk's Word would leave it."""
    target = tmp_path / name
    shutil.copy(kh175, target)
    document = Document(str(target))
    edit(document)
    document.save(str(target))
    return target


def _paragraph(document, starts: str):
    from docgen.base.docx_read import iter_paragraphs
    from docx.text.paragraph import Paragraph as DocxParagraph

    para = next(p for p in iter_paragraphs(document) if p.text.strip().startswith(starts))
    return DocxParagraph(para.element, None)


def _join_with_break(document):
    """Quốc hiệu and Tiêu ngữ as one paragraph, a line break between (Shift+Enter)."""
    from docx.oxml import OxmlElement

    first, second = _paragraph(document, "CỘNG HÒA"), _paragraph(document, "Độc lập")
    first._p.append(OxmlElement("w:r"))
    first._p[-1].append(OxmlElement("w:br"))
    for run in list(second._p.iter(qn("w:r"))):
        first._p.append(run)
    second._p.getparent().remove(second._p)


def _set_text(starts: str, text: str):
    def edit(document):
        paragraph = _paragraph(document, starts)
        for run in paragraph.runs[1:]:
            run._r.getparent().remove(run._r)
        paragraph.runs[0].text = text
    return edit


def _format(starts: str, **changes):
    def edit(document):
        paragraph = _paragraph(document, starts)
        for run in paragraph.runs:
            for name, value in changes.items():
                if name == "size":
                    run.font.size = Pt(value)
                elif name == "font":
                    run.font.name = value
                else:
                    setattr(run, name, value)
    return edit


def _body(**changes):
    def edit(document):
        for paragraph in document.paragraphs:
            if len(paragraph.text) > 80:
                for name, value in changes.items():
                    setattr(paragraph.paragraph_format, name, value)
    return edit


@pytest.mark.parametrize("edit, expected", [
    (_set_text("Số:", "Số: /KH - UBND"), 'ký hiệu "/KH - UBND" has spaces; write "/KH-UBND"'),
    (_set_text("Quận 1, ngày", "Quận 1, ngày   tháng 4năm 2023"), "each word apart from its number"),
    (_format("Quận 1, ngày", italic=False), "the place and date line is set upright"),
    (_format("CỘNG HÒA", bold=False), "the Quốc hiệu is not bold"),
    (_format("Nơi nhận", font="Calibri"), '"Nơi nhận:" in Calibri, expected Times New Roman'),
    (_format("- Lưu", size=14), "the Nơi nhận list at 14 pt, expected 11 pt"),
    (_body(alignment=0), "body paragraphs are not justified"),
    (_body(line_spacing=2.5), "line spacing 2.5 lines, expected 1 to 1.5"),
], ids=["spaced ký hiệu", "glued date", "upright date", "plain Quốc hiệu", "Calibri Nơi nhận", "14 pt Nơi nhận",
        "left-aligned body", "2.5 line spacing"])
def test_what_a_clerk_can_get_wrong_in_word_is_found(kh175, tmp_path, edit, expected):
    assert not errors(kh175)
    found = [str(p) for p in check_docx(_edited(kh175, tmp_path, edit))]
    assert any(expected in line for line in found), found


def test_lines_joined_by_a_line_break_are_read_as_lines(kh175, tmp_path):
    assert [str(p) for p in errors(_edited(kh175, tmp_path, _join_with_break))] == []


def test_a_legal_normative_document_is_not_judged_by_phụ_lục_i(tmp_path):
    document = Document()
    for line in ("CHÍNH PHỦ", "Số: 45/2020/NĐ-CP", "NGHỊ ĐỊNH", "Về thực hiện thủ tục hành chính"):
        document.add_paragraph(line)
    document.save(str(tmp_path / "nd.docx"))
    (only,) = check_docx(tmp_path / "nd.docx")
    assert only.severity == "warning" and "legal normative document" in only.message


def test_only_the_first_of_two_documents_in_a_file_is_judged(kh175, tmp_path):
    """A phiếu trình saved after the công văn: its own header is not a fault of the first."""
    from copy import deepcopy

    def append_second(document):
        body = document.element.body
        for element in [deepcopy(e) for e in body if e.tag != qn("w:sectPr")][:3]:  # a second header
            body.insert(len(body) - 1, element)

    found = check_docx(_edited(kh175, tmp_path, append_second))
    assert [p.severity for p in found if "second document" in p.message] == ["warning"]
    assert not [p for p in found if p.severity == "error"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.skipif(not (ROOT.parent / "shared" / "samples" / "real").exists(), reason="no ../shared/samples")
def test_a_doc_is_read_through_libreoffice_and_checked():
    doc = next((ROOT.parent / "shared" / "samples" / "real").glob("*.doc"))
    result = CliRunner().invoke(main, ["check", str(doc)])
    assert "Traceback" not in result.output and str(doc) in result.output
    assert "not a .docx" not in result.output
