"""The docgen command: listings, starter data, rendering, and one-line errors."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from docgen.drafting import template_set
from docgen.cli import main
from conftest import TEMPLATE_IDS


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_templates_lists_id_type_and_abbreviation():
    result = run("templates")
    assert result.exit_code == 0
    rows = [line.split() for line in result.output.splitlines()]
    assert [r[0] for r in rows] == TEMPLATE_IDS
    assert rows[0][1:] == ["Kế", "hoạch", "KH"]
    assert rows[1][1:] == ["Công", "văn", "–"]
    assert rows[6][-1] == "TTr" and rows[7][-1] == "GM"


def test_new_prints_commented_starter_that_renders(tmp_path):
    result = run("new", "quyet-dinh")
    assert result.exit_code == 0 and result.output.startswith("# Quyết định")
    assert yaml.safe_load(result.output)["template"] == "quyet-dinh"
    data_file = tmp_path / "qd.yaml"
    data_file.write_text(result.output, encoding="utf-8")
    result = run("render", data_file, "-o", tmp_path / "qd.docx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "qd.docx").stat().st_size > 0
    assert run("check", tmp_path / "qd.docx").exit_code == 0


def test_unknown_template_is_one_line():
    result = run("new", "cong-dien")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: unknown template 'cong-dien' (known: " + ", ".join(TEMPLATE_IDS) + ")"]


def _starter(tmp_path, **changes):
    raw = yaml.safe_load(template_set.get_template("ke-hoach").starter.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            raw.pop(key)
        else:
            raw[key] = value
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_missing_field_is_one_line_with_exit_2(tmp_path):
    path = _starter(tmp_path, subject=None)
    result = run("render", path, "-o", tmp_path / "out.docx")
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {path}: field 'subject': required but missing"
    assert not (tmp_path / "out.docx").exists()


def test_wrong_values_name_the_field(tmp_path):
    cases = {
        "date": ("25/04/2023", "expected a date written YYYY-MM-DD"),
        "number": ("một trăm", "expected a whole number"),
        "signer": ({"authority": "KT.", "title": "Phó Chủ tịch", "name": "A"},
                   "KT. needs 'on_behalf_of' (the collective or head signed for)"),
        "issuer_abbr": ("", "must not be empty"),
        "templat": ("ke-hoach", "unknown field (check its spelling)"),
    }
    for field, (value, message) in cases.items():
        path = _starter(tmp_path, **{field: value})
        result = run("render", path, "-o", tmp_path / "out.docx")
        assert result.exit_code == 2, field
        assert result.output.strip() == f"error: {path}: field '{field}': {message}"


def test_nested_field_and_bad_authority(tmp_path):
    path = _starter(tmp_path, signer={"authority": "XX", "title": "Chủ tịch"})
    result = run("render", path, "-o", tmp_path / "o.docx")
    assert result.exit_code == 2
    assert "field 'signer.authority': unknown signing authority 'XX'" in result.output


def test_unreadable_data_files(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("template: [ke-hoach\n", encoding="utf-8")
    result = run("render", broken, "-o", tmp_path / "o.docx")
    assert result.exit_code == 2 and result.output.startswith(f"error: {broken}: not valid YAML (line")
    listing = tmp_path / "list.json"
    listing.write_text("[1, 2]", encoding="utf-8")
    result = run("render", listing, "-o", tmp_path / "o.docx")
    assert result.output.strip() == f"error: {listing}: expected a mapping of fields at the top level"
    result = run("render", tmp_path / "absent.yaml", "-o", tmp_path / "o.docx")
    assert result.output.strip() == f"error: {tmp_path / 'absent.yaml'}: file not found"
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("issuer: Ủy ban".encode("utf-16"))
    assert "not UTF-8 text" in run("render", latin1, "-o", tmp_path / "o.docx").output


def test_unknown_template_in_data(tmp_path):
    path = _starter(tmp_path, template="ke-hoachh")
    result = run("render", path, "-o", tmp_path / "o.docx")
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {path}: field 'template': unknown template 'ke-hoachh'")


def test_json_data_files_work_too(tmp_path):
    import json

    raw = yaml.safe_load(template_set.get_template("thong-bao").starter.read_text(encoding="utf-8"))
    raw["date"] = raw["date"].isoformat()
    path = tmp_path / "tb.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    result = run("render", path, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "tb.docx").exists()


def test_check_exit_codes(tmp_path, rendered):
    ok = run("check", rendered["chi-thi"][1])
    assert ok.exit_code == 0 and ok.output.strip().endswith(": ok")
    bad = tmp_path / "x.docx"
    bad.write_text("not a docx", encoding="utf-8")
    result = run("check", bad)
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {bad}: not a .docx file (not a zip archive)"


def test_clerk_template_folder_option(tmp_path):
    result = run("templates", "--templates", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "template folder not found" in result.output
