"""The web interface, through its routes (FastAPI's test client): pages in Vietnamese,
answers from the library, document text always escaped, loopback only."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from archive.archive import Archive
from docgen.cli import main
from docgen.web import create_app
from conftest import FIXTURES

SAMPLES = FIXTURES / "samples"


@pytest.fixture()
def client(tmp_path):
    with Archive(tmp_path / "arch") as archive:
        list(archive.add(sorted(SAMPLES.glob("*.txt")), ocr=False))
        script = tmp_path / "script.txt"
        script.write_text("Số: 99/TB-UBND\nQuận 1, ngày 02 tháng 3 năm 2023\nTHÔNG BÁO\nThử <script>alert('x')</script> & "
                          "<b>đậm</b>\nThực hiện Kế hoạch số 175/KH-UBND ngày 25 tháng 4 năm 2023 của Ủy ban nhân dân Quận 1.\n",
                          encoding="utf-8")
        archive.add_file(script, ocr=False)
    return TestClient(create_app(tmp_path / "arch", allowed_hosts=("testserver",)))


def _token(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def doc_id(client, code: str) -> int:
    page = client.get("/", params={"q": code}).text
    return int(re.search(r'href="/doc/(\d+)"><b>' + re.escape(code), page).group(1))


def test_search_without_diacritics_lists_the_five_with_highlights(client):
    page = client.get("/", params={"q": "cai cach hanh chinh"}).text
    assert "Tra cứu văn bản" in page
    assert "5 văn bản" in page
    for code in ("175/KH-UBND", "46/KH-UBND", "303/UBND-NV", "292/UBND-NV"):
        assert code in page
    assert "<mark>cải</mark>" in page or "<mark>cải cách</mark>" in page.replace("</mark> <mark>", " ")


def test_a_number_shows_each_year_and_what_cites_it(client):
    page = client.get("/", params={"q": "175/KH-UBND"}).text
    assert "chưa có trong kho lưu trữ" in page  # the 2021 plan
    assert "Được trích dẫn bởi 3 văn bản" in page
    assert "25/04/2023" in page


def test_a_number_nothing_has_nor_cites_is_searched_as_words(client):
    page = client.get("/", params={"q": "9999/KH-UBND"}).text
    assert "Không có văn bản nào mang số này; các văn bản có những từ này:" in page
    assert "0 văn bản" in page  # no document has the words 9999, KH and UBND together either


def test_document_page_links_archived_references_and_marks_missing_ones(client):
    page = client.get(f"/doc/{doc_id(client, '99/TB-UBND')}").text
    kh175 = doc_id(client, "175/KH-UBND")
    assert f'<a class="ref" href="/doc/{kh175}">Kế hoạch số 175/KH-UBND' in page
    page175 = client.get(f"/doc/{kh175}").text
    assert "Được trích dẫn bởi (1)" in page175 and "99/TB-UBND" in page175
    assert 'class="ref missing"' in page175  # 406/KH-UBND is not archived
    assert "Hạn xử lý (8)" in page175


def test_document_text_is_shown_as_text(client):
    page = client.get(f"/doc/{doc_id(client, '99/TB-UBND')}").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;" in page


def test_original_download_keeps_its_name(client):
    response = client.get(f"/doc/{doc_id(client, '303/UBND-NV')}/original")
    assert response.status_code == 200
    assert 'filename="cv-303-ubnd-nv-2023.txt"' in response.headers["content-disposition"]
    assert response.content == (SAMPLES / "cv-303-ubnd-nv-2023.txt").read_bytes()
    assert client.get("/doc/9999").status_code == 404


def test_missing_and_deadlines_pages_and_ics(client):
    page = client.get("/missing").text
    assert "Văn bản được trích dẫn nhưng chưa có trong kho lưu trữ" in page
    first_rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td>", page)[:4]
    assert {code for _, code in first_rows} == {"406/KH-UBND", "28/KH-UBND", "175/KH-UBND", "288/KH-UBND"}
    assert "30/09/2023" not in client.get("/deadlines", params={"responsible": "Phòng Nội vụ"}).text  # long past
    page = client.get("/deadlines", params={"responsible": "Phòng Nội vụ", "from": "01/01/2023"}).text
    due = re.findall(r"<tr><td class=\"(?:overdue)?\">([\d/]+)</td><td>([^<]+)</td>", page)
    assert due == [("30/09/2023", "trước ngày")]  # the one duty kh-175 gives Phòng Nội vụ by name
    ics = client.get("/deadlines.ics")
    assert ics.headers["content-type"].startswith("text/calendar") and ics.text.count("BEGIN:VEVENT") == 17


def test_bad_filters_are_said_in_vietnamese(client):
    page = client.get("/", params={"q": "cải cách", "year": "hai nghìn"}).text
    assert "Năm hoặc ngày không đúng" in page


def test_serve_refuses_another_address_without_an_admin_account(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--archive", str(tmp_path / "a")])
    assert result.exit_code == 2
    assert "every page needs a login; create an account first" in result.output


@pytest.fixture()
def guarded(tmp_path):
    """The app as it serves beyond 127.0.0.1, with a reader and a clerk."""
    runner = CliRunner()
    arch = str(tmp_path / "arch")
    with Archive(tmp_path / "arch") as archive:
        archive.add_file(SAMPLES / "cv-303-ubnd-nv-2023.txt", ocr=False)
    for name, role in (("doc", "reader"), ("vanthu", "clerk")):
        result = runner.invoke(main, ["account", "add", name, "--role", role, "--password-stdin", "--archive", arch],
                               input="mat-khau-123\n")
        assert result.exit_code == 0, result.output
    short = runner.invoke(main, ["account", "add", "x", "--role", "admin", "--password-stdin", "--archive", arch],
                          input="ngan\n")
    assert short.exit_code == 2 and "at least 8 characters" in short.output
    return TestClient(create_app(tmp_path / "arch", require_login=True, allowed_hosts=("testserver",), login_delay=0))


def login(client, name, password, next_page="/"):
    token = _token(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf": token, "next": next_page},
                       follow_redirects=False)


def test_login_is_required_beyond_loopback_and_leads_back_to_the_page_asked_for(guarded):
    response = guarded.get("/", params={"q": "303"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/%3Fq%3D303"
    form = guarded.get(response.headers["location"]).text
    assert 'name="next" value="/?q=303"' in form
    assert "Sai tên đăng nhập hoặc mật khẩu" in login(guarded, "doc", "sai-mat-khau").text
    response = login(guarded, "doc", "mat-khau-123", "/?q=303")
    assert response.status_code == 303 and response.headers["location"] == "/?q=303"
    assert "303/UBND-NV" in guarded.get("/", params={"q": "303"}).text


@pytest.mark.parametrize("elsewhere", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_login_never_sends_the_browser_to_another_site(guarded, elsewhere):
    assert login(guarded, "doc", "mat-khau-123", elsewhere).headers["location"] == "/"


def test_errors_are_pages_in_vietnamese(client, guarded):
    login(client, "doc", "mat-khau-123")  # accounts exist now: loopback asks for a login too
    response = client.get("/doc/9999")
    assert response.status_code == 404 and "Không có văn bản này trong kho lưu trữ" in response.text
    assert "<h1>Không thực hiện được (404)</h1>" in response.text
    assert "Không có trang này" in client.get("/khong-co").text
    assert client.get("/doc/abc").status_code == 422
    login(guarded, "doc", "mat-khau-123")
    refused = guarded.get("/upload")
    assert refused.status_code == 403 and "Tài khoản doc (người xem) không có quyền này" in refused.text


def test_roles_reader_reads_clerk_uploads(guarded):
    login(guarded, "doc", "mat-khau-123")
    assert guarded.get("/upload").status_code == 403
    guarded.get("/logout")
    login(guarded, "vanthu", "mat-khau-123")
    form = guarded.get("/upload")
    assert form.status_code == 200
    token = _token(form.text)
    page = guarded.post("/upload", params={"csrf": token},
                        files=[("files", ("kh46.txt", (SAMPLES / "kh-46-ubnd-2023.txt").read_bytes(), "text/plain"))]).text
    assert "đã thêm" in page


def test_passwords_are_stored_as_argon2_hashes(guarded, tmp_path):
    import sqlite3

    with sqlite3.connect(tmp_path / "arch" / "accounts.sqlite") as db:
        hashes = [h for (h,) in db.execute("SELECT password_hash FROM accounts")]
    assert hashes and all(h.startswith("$argon2") and "mat-khau-123" not in h for h in hashes)


def test_upload_two_files_one_broken_with_csrf(client, tmp_path):
    form = client.get("/upload")
    token = _token(form.text)
    files = [("files", ("../../etc/kh-mongcai.txt", (SAMPLES / "kh-mongcai-2024.txt").read_bytes(), "text/plain")),
             ("files", ("hỏng.pdf", b"%PDF-1.4 broken", "application/pdf"))]
    page = client.post("/upload", params={"csrf": token}, files=files).text
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td class=\"warnings\">.*?</td></tr>", page)
    assert [(re.sub("<[^>]+>", "", n), label) for n, label, _ in rows] == [
        ("../../etc/kh-mongcai.txt", "đã có"), ("hỏng.pdf", "không nhận")]
    assert "không phải tệp PDF đọc được" in rows[1][2]  # the reason, in Vietnamese
    assert not (tmp_path / "etc").exists()


def test_upload_without_the_token_is_refused(client):
    files = [("files", ("a.txt", b"Van ban", "text/plain"))]
    assert client.post("/upload", params={"csrf": "forged"}, files=files).status_code == 403
    assert client.post("/upload", files=files).status_code == 403


def _draft_form(client, template_id: str) -> tuple[str, dict[str, str]]:
    page = client.get(f"/draft/{template_id}").text
    token = _token(page)
    values = dict(re.findall(r'<input (?:type="\w+" (?:min="1" )?)?id="[^"]+" name="([^"]+)" value="([^"]*)"', page))
    values.update({k: v for k, v in re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S)})
    import html

    return token, {k: html.unescape(v) for k, v in values.items()}


def test_draft_a_ke_hoach_from_the_form_with_a_basis_from_the_archive(client):
    from io import BytesIO

    from docx import Document

    token, values = _draft_form(client, "ke-hoach")
    assert values["issuer"] == "Ủy ban nhân dân Quận 1"
    values.update({"bases": "Thực hiện 303/UBND-NV/2023", "subject": "Kế hoạch thử & <kiểm tra>", "number": "",
                   "date": "2026-03-05", "signer.authority": "TM."})
    response = client.post("/draft/ke-hoach", data={**values, "csrf": token, "format": "docx"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    doc = Document(BytesIO(response.content))
    texts = [p.text for p in doc.paragraphs]
    assert "Kế hoạch thử & <kiểm tra>" in texts
    assert any(t.startswith("Thực hiện Công văn số 303/UBND-NV ngày 08 tháng 02 năm 2023") for t in texts)


def test_draft_errors_show_beside_their_field(client):
    token, values = _draft_form(client, "ke-hoach")
    values["subject"] = ""
    page = client.post("/draft/ke-hoach", data={**values, "csrf": token, "format": "docx"}).text
    assert re.search(r'name="subject" value=""[^>]*>\s*<div class="overdue">required but missing</div>', page)
    values.update({"subject": "Thử", "bases": "406/KH-UBND/2022"})
    page = client.post("/draft/ke-hoach", data={**values, "csrf": token, "format": "docx"}).text
    assert "406/KH-UBND of 2022 is not in the archive" in page
    assert client.post("/draft/ke-hoach", data={**values, "csrf": "forged"}).status_code == 403


def test_reports_from_a_sheet_come_back_as_a_zip_of_one_pdf_a_unit(client):
    import io
    import zipfile

    import pdfplumber
    from pypdf import PdfReader

    sheet = ("Đơn vị,Tên mô hình, giải pháp, sáng kiến,Lĩnh vực,Thời gian bắt đầu và hoàn thành,Kết quả dự kiến,"
             "Người phụ trách,Người ký,Chức vụ,Địa danh,Ngày\n")
    sheet = sheet.replace("Tên mô hình, giải pháp, sáng kiến", '"Tên mô hình, giải pháp, sáng kiến"')
    sheet += ("Phòng Nội vụ,Một cửa số & <liên thông>,Cải cách hành chính,03/2023 – 11/2023,Rút ngắn thời gian,"
              "Lê Thị Hạnh,Trần Văn Đức,Trưởng phòng,Quận 1,2023-03-01\n"
              ",Dòng thiếu đơn vị,,,,,,,,\n"
              "Phong Noi vu,Số hóa hồ sơ,Chuyển đổi số,04/2023 – 12/2023,100% hồ sơ,Ngô Minh,Phạm Quốc Việt,"
              "Trưởng phòng,Quận 1,2023-03-02\n")
    page = client.get("/reports").text
    assert "Báo cáo từ bảng tính" in page
    response = client.post("/reports", data={"csrf": _token(page), "form_id": "dang-ky-mo-hinh", "per_unit": "Đơn vị"},
                           files={"sheet": ("đăng ký.csv", sheet.encode("utf-8"), "text/csv")})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["dong-bo-qua.txt", "phong-noi-vu-2.pdf", "phong-noi-vu.pdf"]
    assert "đăng ký.csv: row 3: no 'Đơn vị'" in archive.read("dong-bo-qua.txt").decode()
    for name, signer, cell in (("phong-noi-vu.pdf", "Trần Văn Đức", "Một cửa số & <liên thông>"),
                               ("phong-noi-vu-2.pdf", "Phạm Quốc Việt", "Số hóa hồ sơ")):
        with pdfplumber.open(io.BytesIO(archive.read(name))) as pdf:
            text = "\n".join(p.extract_text() or "" for p in pdf.pages)
            assert signer in text and cell in text, name
        fields = PdfReader(io.BytesIO(archive.read(name))).get_fields()
        assert [f.get("/FT") for f in fields.values()] == ["/Sig"] and "/V" not in next(iter(fields.values())), name


def test_a_report_sheet_that_is_not_a_sheet_is_said_on_the_page(client):
    page = client.get("/reports").text
    response = client.post("/reports", data={"csrf": _token(page), "form_id": "dang-ky-mo-hinh", "per_unit": "Đơn vị"},
                           files={"sheet": ("bảng.xlsx", b"not a workbook", "application/octet-stream")})
    assert response.status_code == 422
    assert "bảng.xlsx: not a readable .xlsx" in response.text and "/tmp" not in response.text
    response = client.post("/reports", data={"csrf": _token(page), "form_id": "dang-ky-mo-hinh"},
                           files={"sheet": ("../x.exe", b"MZ", "application/octet-stream")})
    assert "cần một bảng tính .xlsx hoặc .csv" in response.text


def test_bases_picker_offers_archived_codes_by_prefix(client):
    assert client.get("/draft-codes", params={"prefix": "17"}).json() == ["175/KH-UBND/2023"]
    codes = client.get("/draft-codes").json()
    assert "303/UBND-NV/2023" in codes and "99/TB-UBND/2023" in codes


def test_admin_manages_accounts_in_the_browser(guarded, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["account", "add", "quantri", "--role", "admin", "--password-stdin",
                                  "--archive", str(tmp_path / "arch")], input="mat-khau-456\n")
    assert result.exit_code == 0, result.output
    login(guarded, "vanthu", "mat-khau-123")
    assert guarded.get("/accounts").status_code == 403
    guarded.get("/logout")
    login(guarded, "quantri", "mat-khau-456")
    page = guarded.get("/accounts").text
    assert "vanthu" in page and "quantri (quản trị)" in page
    page = guarded.post("/accounts/add", data={"csrf": _token(page), "name": "moi", "role": "clerk",
                                               "password": "mat-khau-789"}).text
    assert "Đã tạo tài khoản moi (văn thư)" in page
    assert "at least 8 characters" in guarded.post("/accounts/add", data={
        "csrf": _token(page), "name": "ngan", "role": "reader", "password": "ngan"}).text
    assert "Không thể xóa tài khoản đang đăng nhập" in guarded.post(
        "/accounts/remove", data={"csrf": _token(page), "name": "quantri"}).text
    assert "Đã xóa tài khoản doc" in guarded.post("/accounts/remove", data={"csrf": _token(page), "name": "doc"}).text
    guarded.get("/logout")
    assert login(guarded, "moi", "mat-khau-789").status_code == 303
    assert login(guarded, "doc", "mat-khau-123").status_code == 401


def test_references_without_offsets_leave_the_text_as_it_is():
    """Records made elsewhere (older versions, imports) may list references without saying where they are."""
    from archive.record import Reference
    from docgen.web.html import linked_text
    from docgen.web.routes.reading import shifted

    reference = Reference.from_dict({"code": "5/KH-UBND"})
    assert str(linked_text("Số 5 <b>", shifted([reference], 0, 8), {0: None})) == "Số 5 &lt;b&gt;"


def test_results_come_a_page_at_a_time(client, monkeypatch):
    from docgen.web.routes import reading

    monkeypatch.setattr(reading, "PER_PAGE", 2)
    first = client.get("/", params={"q": "cai cach hanh chinh"}).text
    assert "5 văn bản, trang 1" in first and first.count('class="hit"') == 2
    assert "Trang sau" in first and "Trang trước" not in first
    codes = set(re.findall(r'<a href="/doc/\d+"><b>([^<]+)</b>', first))
    last = client.get("/", params={"q": "cai cach hanh chinh", "trang": 3}).text
    assert last.count('class="hit"') == 1 and "Trang trước" in last and "Trang sau" not in last
    assert not codes & set(re.findall(r'<a href="/doc/\d+"><b>([^<]+)</b>', last))


# --- safe on an office network ------------------------------------------------------------------

def test_a_foreign_host_name_is_refused(client):
    """A page elsewhere whose name resolves to this machine (DNS rebinding) gets nothing."""
    response = client.get("/", headers={"host": "attacker.example"})
    assert response.status_code == 400 and "Máy chủ không phục vụ tên miền này" in response.text
    token = _token(client.get("/accounts").text)
    refused = client.post("/accounts/add", headers={"host": "attacker.example:8000", "origin": "http://attacker.example:8000"},
                          data={"name": "ke-xau", "role": "admin", "password": "mat-khau-123", "csrf": token})
    assert refused.status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/", headers={"host": "[::1]:8000"}).status_code == 200


def test_a_write_from_another_site_is_refused(client):
    token = _token(client.get("/accounts").text)
    form = {"name": "ke-xau", "role": "admin", "password": "mat-khau-123", "csrf": token}
    for origin in ({"origin": "http://attacker.example"}, {"origin": "null"},
                   {"referer": "http://attacker.example/trang.html"}):
        response = client.post("/accounts/add", headers=origin, data=form)
        assert response.status_code == 403 and "trang web khác" in response.text
    assert "ke-xau" not in client.get("/accounts").text
    same = client.post("/accounts/add", headers={"origin": "http://testserver"}, data=form)
    assert same.status_code == 200 and "Đã tạo tài khoản ke-xau" in same.text


def test_every_answer_forbids_framing_and_foreign_scripts(client):
    for path in ("/", "/login", "/static/docgen.css", "/khong-co"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "same-origin"
    assert "<style>" not in client.get("/").text  # the CSP allows no inline style: it is in docgen.css


def test_accounts_on_loopback_mean_a_login(tmp_path):
    Archive(tmp_path / "arch").close()
    app_client = TestClient(create_app(tmp_path / "arch", allowed_hosts=("testserver",)))
    assert app_client.get("/", follow_redirects=False).status_code == 200  # no account yet: the clerk's own machine
    runner = CliRunner()
    runner.invoke(main, ["account", "add", "vanthu", "--role", "clerk", "--password-stdin", "--archive",
                         str(tmp_path / "arch")], input="mat-khau-123\n")
    assert app_client.get("/", follow_redirects=False).status_code == 303
    open_client = TestClient(create_app(tmp_path / "arch", allowed_hosts=("testserver",), no_login=True))
    assert open_client.get("/", follow_redirects=False).status_code == 200
    refused = runner.invoke(main, ["serve", "--host", "0.0.0.0", "--no-login", "--archive", str(tmp_path / "arch")])
    assert refused.exit_code == 2 and "--no-login: only on 127.0.0.1" in refused.output


def test_the_eleventh_wrong_password_is_locked_out_and_each_failure_logged(guarded, caplog):
    import logging

    caplog.set_level(logging.WARNING, logger="docgen.web")
    for _ in range(10):
        assert login(guarded, "doc", "doan-sai").status_code == 401
    locked = login(guarded, "doc", "mat-khau-123")  # even the right one, for the while
    assert locked.status_code == 429 and "tạm khóa" in locked.text
    failures = [r.getMessage() for r in caplog.records if r.getMessage().startswith("login failed")]
    assert len(failures) == 10 and "'doc'" in failures[0] and "testclient" in failures[0]


def test_a_logged_out_cookie_is_refused(guarded):
    login(guarded, "doc", "mat-khau-123")
    cookie = guarded.cookies.get("docgen_session")
    assert guarded.get("/", follow_redirects=False).status_code == 200
    guarded.get("/logout")
    guarded.cookies.set("docgen_session", cookie)  # the old cookie, kept by someone
    assert guarded.get("/", follow_redirects=False).status_code == 303


def test_sessions_end_when_idle_or_when_ended_by_an_admin(guarded, tmp_path, monkeypatch):
    import time as time_module

    login(guarded, "doc", "mat-khau-123")
    assert guarded.get("/", follow_redirects=False).status_code == 200
    real_time = time_module.time
    monkeypatch.setattr("archive.accounts.time.time", lambda: real_time() + 31 * 60)
    assert guarded.get("/", follow_redirects=False).status_code == 303  # idle for half an hour
    monkeypatch.setattr("archive.accounts.time.time", real_time)
    login(guarded, "doc", "mat-khau-123")
    result = CliRunner().invoke(main, ["account", "logout", "doc", "--archive", str(tmp_path / "arch")])
    assert result.exit_code == 0 and "1 session(s) ended" in result.output
    assert guarded.get("/", follow_redirects=False).status_code == 303


def test_an_oversized_upload_is_cut_off_before_it_is_read(tmp_path):
    Archive(tmp_path / "arch").close()
    small = TestClient(create_app(tmp_path / "arch", allowed_hosts=("testserver",), max_upload_mb=1))
    token = _token(small.get("/upload").text)
    files = [("files", ("lon.txt", b"x" * (5 * 2**20), "text/plain"))]
    declared = small.post("/upload", params={"csrf": token}, files=files)
    assert declared.status_code == 413 and "Gửi quá nhiều: tối đa 4 MB" in declared.text

    def chunks():  # no Content-Length: counted as it arrives
        yield b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n"
        for _ in range(5 * 16):
            yield b"y" * 2**16
    streamed = small.post("/upload", params={"csrf": token}, content=chunks(),
                          headers={"content-type": "multipart/form-data; boundary=b"})
    assert streamed.status_code == 413
    one = small.post("/upload", params={"csrf": token},
                     files=[("files", ("vua.txt", b"x" * (3 * 2**20 // 2), "text/plain"))]).text
    assert "lớn hơn 1 MB" in one  # within the request, over the file limit: refused, named
    big_form = small.post("/login", data={"name": "x" * (2 * 2**20), "password": "p", "csrf": token})
    assert big_form.status_code == 413


def test_a_long_vietnamese_file_name_is_kept_whole_and_dates_are_typed_as_shown(client):
    name = ("Công văn số 3298 của Sở Xây dựng tỉnh Lào Cai về việc hướng dẫn hoàn thiện hồ sơ thiết kế mỏ đá "
            "Đồng Khê xã Văn Chấn tỉnh Lào Cai năm 2025.txt")  # 139 characters, spaces and marks
    assert len(name) > 120
    text = ("Số: 3298/SXD-QLHĐXD\nLào Cai, ngày 10 tháng 12 năm 2025\nV/v hướng dẫn hoàn thiện hồ sơ\n"
            "Kính gửi: Công ty.\nNội dung.\n")
    token = _token(client.get("/upload").text)
    page = client.post("/upload", params={"csrf": token},
                       files=[("files", (name, text.encode("utf-8"), "text/plain"))]).text
    assert "đã thêm" in page
    doc = re.search(r'href="/doc/(\d+)"', page).group(1)
    assert name in client.get(f"/doc/{doc}").text  # shown as it was named, spaces and marks kept
    shown = client.get("/", params={"q": "hoàn thiện hồ sơ", "from": "01/12/2025", "to": "31/12/2025"}).text
    assert "3298/SXD-QLHĐXD" in shown and "không đúng" not in shown
    assert "Năm hoặc ngày không đúng" in client.get("/", params={"q": "hồ sơ", "from": "32/13/2025"}).text


def test_missing_is_paged_and_deadlines_open_on_what_is_due(client):
    page_one = client.get("/missing").text
    total = int(re.search(r"(\d+) văn bản; trang 1", page_one).group(1))
    assert total > 50 and page_one.count("<tr>") == 51  # the heading and 50 rows
    assert "trang sau" in page_one and "trang trước" in client.get("/missing", params={"trang": 2}).text
    everything = client.get("/deadlines", params={"from": "01/01/2023"}).text
    assert "28/02/2023" in everything  # the from date typed as pages show dates
    rows = re.findall(r"<tr><td class=[^>]*>(\d\d/\d\d/\d{4})</td>", everything)
    assert rows == sorted(rows, key=lambda d: d[6:] + d[3:5] + d[:2])  # overdue first, in order
    one = client.get("/deadlines", params={"from": "01/01/2023", "code": "175/KH-UBND"}).text
    assert "303/UBND-NV" not in one and "175/KH-UBND" in one
    assert "Ngày không đúng" in client.get("/deadlines", params={"from": "hôm qua"}).text


def test_a_document_page_shows_warnings_and_a_long_text_in_parts(client, tmp_path):
    from docgen.web.routes.reading import TEXT_PART

    long_text = ("Số: 88/KH-UBND\nQuận 1, ngày 02 tháng 3 năm 2023\nKẾ HOẠCH\nThử một văn bản dài\n"
                 + "Thực hiện Kế hoạch số 175/KH-UBND ngày 25 tháng 4 năm 2023 của Ủy ban nhân dân Quận 1.\n"
                 + "Đoạn văn của kế hoạch, mỗi dòng một ý.\n" * (3 * TEXT_PART // 36)
                 + "Kế hoạch số 46/KH-UBND ngày 08 tháng 02 năm 2023.\n")
    (tmp_path / "dai.txt").write_text(long_text, encoding="utf-8")
    token = _token(client.get("/upload").text)
    added = client.post("/upload", params={"csrf": token},
                        files=[("files", ("dai.txt", long_text.encode("utf-8"), "text/plain"))]).text
    doc = re.search(r'href="/doc/(\d+)"', added).group(1)
    first = client.get(f"/doc/{doc}").text
    assert "(phần 1/" in first and "phần sau" in first and len(first) < 3 * TEXT_PART
    assert "Cần kiểm tra" in first and "không ghi cơ quan ban hành" in first  # the parser's warnings, in Vietnamese
    assert "không ghi cơ quan ban hành" in added.split("Cần kiểm tra", 1)[1]  # and in the upload's result
    assert '<a class="ref" href="/doc/' in first  # a reference in the first part still links
    last_part = int(re.search(r"\(phần 1/(\d+)\)", first).group(1))
    last = client.get(f"/doc/{doc}", params={"phan": last_part}).text
    assert "Kế hoạch số 46/KH-UBND" in last and "phần trước" in last


def test_the_first_page_of_a_pdf_is_shown_as_a_picture(client, tmp_path):
    from pdf_maker import make_pdf

    pdf = make_pdf(tmp_path / "cv.pdf", [[(70, 790, "ỦY BAN NHÂN DÂN QUẬN 1"), (70, 760, "Số: 77/UBND-VP"),
                                          (300, 760, "Quận 1, ngày 05 tháng 3 năm 2023"),
                                          (70, 700, "V/v thử hình trang đầu của bản gốc, đủ chữ để đọc được")]])
    token = _token(client.get("/upload").text)
    added = client.post("/upload", params={"csrf": token},
                        files=[("files", ("cv.pdf", pdf.read_bytes(), "application/pdf"))]).text
    doc = re.search(r'href="/doc/(\d+)"', added).group(1)
    assert f'src="/doc/{doc}/trang-1.png"' in client.get(f"/doc/{doc}").text
    picture = client.get(f"/doc/{doc}/trang-1.png")
    assert picture.status_code == 200 and picture.content[:8] == b"\x89PNG\r\n\x1a\n"
    text_doc = doc_id(client, "303/UBND-NV")
    assert client.get(f"/doc/{text_doc}/trang-1.png").status_code == 404


def test_the_registers_page_takes_numbers_and_downloads_the_register(guarded, tmp_path):
    """Sổ văn bản đi in the browser: a clerk takes the next numbers, who took them is recorded,
    the register downloads as .xlsx with the columns of Phụ lục IV; a reader only reads."""
    import datetime as dt
    import io

    from openpyxl import load_workbook

    login(guarded, "doc", "mat-khau-123")
    page = guarded.get("/so-van-ban")
    assert page.status_code == 200 and "Sổ đăng ký văn bản đi" in page.text
    refused = guarded.post("/so-van-ban/cap-so", data={"issuer": "Ủy ban nhân dân Quận 1", "csrf": _token(page.text)})
    assert refused.status_code == 403
    guarded.get("/logout")
    login(guarded, "vanthu", "mat-khau-123")
    year = dt.date.today().year
    for expected in ("01", "02"):
        token = _token(guarded.get("/so-van-ban").text)
        taken = guarded.post("/so-van-ban/cap-so", data={"issuer": "Ủy ban nhân dân Quận 1", "type_name": "Công văn",
                                                         "csrf": token})
        assert f"Đã cấp số {expected} năm {year}" in taken.text
    assert taken.text.count("Đã cấp số, chưa ban hành") == 2
    empty = guarded.post("/so-van-ban/cap-so", data={"issuer": " ", "csrf": token})
    assert empty.status_code == 422 and "Chưa nhập cơ quan ban hành" in empty.text
    sheet = load_workbook(io.BytesIO(guarded.get("/so-van-ban.xlsx").content)).active
    assert sheet["A2"].value == "Số, ký hiệu văn bản"
    assert [sheet.cell(row, 1).value for row in (3, 4)] == ["01/…", "02/…"]
    with Archive(tmp_path / "arch") as archive:
        assert [r.by_whom for r in archive.register.rows("outgoing", year)] == ["vanthu", "vanthu"]
    incoming = guarded.get("/so-van-ban", params={"so": "den"}).text
    assert "Sổ đăng ký văn bản đến" in incoming and "Số đến" in incoming
    series = "Ủy ban nhân dân Quận 1 | chung"
    filtered = guarded.get("/so-van-ban", params={"so_dang_ky": series, "tu": "01/01/2000"}).text
    assert "2 dòng" in filtered and f"<option selected>{series}</option>" in filtered
    assert "0 dòng" in guarded.get("/so-van-ban", params={"so_dang_ky": "khác"}).text
    assert "Ngày không đúng" in guarded.get("/so-van-ban", params={"tu": "31/02/2023"}).text


def test_a_library_error_is_a_page_in_vietnamese_never_a_traceback(client, monkeypatch):
    from archive.database import DatabaseError

    def unavailable(*args, **kwargs):
        raise DatabaseError("the database vanthu on db1 is not available: connection refused")

    monkeypatch.setattr(client.app.state.library, "search", unavailable)
    page = client.get("/", params={"q": "cải cách"})
    assert page.status_code == 503
    assert "Không dùng được cơ sở dữ liệu: the database vanthu on db1 is not available" in page.text
    assert "Traceback" not in page.text


def test_a_clerk_corrects_a_record_on_its_page_and_a_reader_cannot(guarded, tmp_path):
    """The correction form: a wrong value is refused naming the field in Vietnamese, nothing
    changed; a right one is the record from then on, marked as set by hand; readers get 403."""
    login(guarded, "doc", "mat-khau-123")
    doc = doc_id(guarded, "303/UBND-NV")
    page = guarded.get(f"/doc/{doc}").text
    assert "Sửa thông tin văn bản" not in page
    refused = guarded.post(f"/doc/{doc}/sua", data={"csrf": guarded.cookies.get("docgen_csrf"), "date": "26/04/2023"})
    assert refused.status_code == 403
    guarded.get("/logout")
    login(guarded, "vanthu", "mat-khau-123")
    page = guarded.get(f"/doc/{doc}").text
    assert "Sửa thông tin văn bản" in page and 'name="date" value="08/02/2023"' in page
    values = dict(re.findall(r'<input name="([a-z_.]+)" value="([^"]*)"', page))
    wrong = guarded.post(f"/doc/{doc}/sua", data={**values, "csrf": _token(page), "date": "31/02/2023"})
    assert wrong.status_code == 422 and "Chưa sửa được: ô «Ngày ban hành»: &#39;31/02/2023&#39; is not a date" in wrong.text
    assert 'name="date" value="31/02/2023"' in wrong.text  # what was typed stays in the form
    assert "08/02/2023" in guarded.get(f"/doc/{doc}").text
    saved = guarded.post(f"/doc/{doc}/sua", data={**values, "csrf": _token(page), "date": "09/02/2023",
                                                  "signer.title": "Phó Chủ tịch"}, follow_redirects=False)
    assert saved.status_code == 303
    done = guarded.get(saved.headers["location"])
    assert "Đã sửa." in done.text and "Sửa tay: ngày (vanthu," in done.text and "chức vụ người ký (vanthu," in done.text
    assert 'name="date" value="09/02/2023"' in done.text
    assert "09/02/2023" in guarded.get("/", params={"q": "303/UBND-NV"}).text  # search uses it at once
    with Archive(tmp_path / "arch") as archive:
        entries = archive.catalog.audit.entries()
    assert [(e.action, e.by_whom, e.detail.get("field")) for e in entries[:2]] == [
        ("edit", "vanthu", "signer.title"), ("edit", "vanthu", "date")]


def test_review_page_delete_and_restore_and_the_log_for_admins(client, tmp_path):
    """On loopback without accounts whoever sits at the machine is the admin."""
    review = client.get("/can-kiem-tra").text
    assert "Văn bản cần kiểm tra" in review
    listed = re.findall(r'<a href="/doc/(\d+)">', review.split("<table>")[1])
    assert listed
    client.post(f"/doc/{listed[0]}/da-kiem-tra", data={"csrf": _token(review), "next": "review"})
    assert f'<a href="/doc/{listed[0]}">' not in client.get("/can-kiem-tra").text.split("<table>")[1]
    kh46 = doc_id(client, "46/KH-UBND")
    page = client.get(f"/doc/{kh46}").text
    assert client.post(f"/doc/{kh46}/xoa", data={"csrf": _token(page)}, follow_redirects=False).status_code == 303
    assert client.get(f"/doc/{kh46}").status_code == 404
    trash = client.get("/thung-rac").text
    assert "46/KH-UBND" in trash
    client.post("/thung-rac/khoi-phuc", data={"csrf": _token(trash), "doc_id": str(kh46)})
    assert client.get(f"/doc/{kh46}").status_code == 200
    log = client.get("/nhat-ky").text
    for action in ("khôi phục", "xóa (vào thùng rác)", "đã kiểm tra", "thêm văn bản"):
        assert action in log
    only = client.get("/nhat-ky", params={"so": "46/KH-UBND"}).text.split("<table>")[1]
    assert "khôi phục" in only and set(re.findall(r'href="/doc/(\d+)"', only)) == {str(kh46)}


def test_the_log_and_the_trash_are_for_admins(guarded):
    login(guarded, "vanthu", "mat-khau-123")
    assert guarded.get("/nhat-ky").status_code == 403
    assert guarded.get("/thung-rac").status_code == 403
    page = guarded.get(f"/doc/{doc_id(guarded, '303/UBND-NV')}").text
    assert "Xóa (chuyển vào thùng rác)" not in page


def test_parser_warnings_are_shown_in_vietnamese(client):
    """Records keep the parser's words (English, as the CLI shows them); pages show Vietnamese."""
    from docgen.web.messages import warning_vi

    with Archive(client.app.state.location) as archive:
        warnings = {w for e in archive.catalog.list() for w in e.record.warnings}
    assert warnings and all(warning_vi(w) != w for w in warnings), [w for w in warnings if warning_vi(w) == w]
    review = client.get("/can-kiem-tra").text
    assert "cơ quan ban hành suy ra từ nội dung" in review and "inferred" not in review
    assert warning_vi("a message a newer parser writes") == "a message a newer parser writes"  # never dropped


def test_an_edxml_package_uploads_by_its_header_and_a_document_exports_as_one(client, tmp_path):
    from archive.edxml import read

    doc = doc_id(client, "303/UBND-NV")
    page = client.get(f"/doc/{doc}").text
    assert f'href="/doc/{doc}/edxml">Xuất edXML' in page
    refused = client.get(f"/doc/{doc}/edxml")  # the office's mã định danh is not set yet
    assert refused.status_code == 422 and "Chưa khai báo mã định danh của cơ quan" in refused.text
    (client.app.state.location / "edxml.yaml").write_text("organ_id: 000.00.14.H29\norgan_name: UBND Quận 1\n",
                                                          encoding="utf-8")
    package = client.get(f"/doc/{doc}/edxml")
    assert package.status_code == 200 and 'filename="303-UBND-NV.edxml"' in package.headers["content-disposition"]
    saved = tmp_path / "303.edxml"
    saved.write_bytes(package.content)
    assert read(saved).get("MessageHeader/Code/CodeNumber") == "303"
    # a package from another office, uploaded: its header is the record
    from archive.edxml import write

    attached = tmp_path / "cv-88.txt"
    attached.write_text("Công văn số 88 của Ủy ban nhân dân Quận 3 về lịch tiếp công dân.\n", encoding="utf-8")
    header = [("From", [("OrganId", "000.00.14.H30"), ("OrganName", "UBND Quận 3")]),
              ("Code", [("CodeNumber", "88"), ("CodeNotation", "UBND-NV")]),
              ("PromulgationInfo", [("Place", "Quận 3"), ("PromulgationDate", "2026/03/02")]),
              ("DocumentType", [("Type", "1"), ("TypeDetail", "0"), ("TypeName", "Công văn")]),
              ("Subject", "V/v lịch tiếp công dân")]
    other = write(tmp_path / "cv-88.edxml", header, attached, "cv-88.txt", "text/plain")
    token = _token(client.get("/upload").text)
    result = client.post("/upload", params={"csrf": token},
                         files=[("files", ("cong-van-88.edxml", other.read_bytes(), "application/xml"))]).text
    assert "đã thêm" in result
    assert "UBND Quận 3" in client.get(f"/doc/{doc_id(client, '88/UBND-NV')}").text



@pytest.mark.slow
@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice is not installed")
def test_the_register_downloads_as_a_pdf_with_the_columns_of_phụ_lục_iv(client):
    import io

    import pdfplumber

    token = _token(client.get("/so-van-ban").text)
    client.post("/so-van-ban/cap-so", data={"issuer": "Ủy ban nhân dân Quận 1", "csrf": token})
    answer = client.get("/so-van-ban.pdf")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(answer.content)) as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in text and "Số, ký hiệu" in text and "01/… Đã cấp số, chưa ban hành" in text


@pytest.mark.parametrize("message", [
    "not a readable PDF (PdfiumError: Failed to load document)", "unsupported file type '.exe' (.txt, .md, .docx, .doc, .pdf)",
    "refused: unpacks to 150 MB from 534 KB (a zip bomb?)", "empty file",
    "175/KH-UBND of 2023 from Ủy ban nhân dân Quận 1 is already in the archive: a.txt (another file)",
    "refused: reading it took too long (limit 60 s)",
])
def test_why_a_file_was_refused_is_said_in_vietnamese(message):
    from docgen.web.messages import reason_vi

    said = reason_vi(message)
    assert said != message and not any(w in said for w in ("refused", "readable", "already", "file type"))


def test_incoming_documents_are_assigned_by_a_leader_and_reported_on_by_their_lead(tmp_path):
    """Văn bản đến in the browser: the clerk receives, the leader assigns on the document's page,
    the lead reports; another officer cannot; 'Việc của tôi' lists the lead's, overdue marked."""
    import datetime as dt

    from docgen.library import Library

    arch = tmp_path / "arch"
    with Library(arch, user="vanthu") as library:
        ((_, added, _),) = list(library.receive([SAMPLES / "cv-303-ubnd-nv-2023.txt"], dt.date(2023, 2, 10)))
        doc = added.entry.id
        with library.accounts() as store:
            for name, role in (("giamdoc", "leader"), ("lan", "officer"), ("hoa", "officer")):
                store.add(name, "mat-khau-123", role)
    app = TestClient(create_app(arch, require_login=True, allowed_hosts=("testserver",), login_delay=0))
    login(app, "lan", "mat-khau-123")
    page = app.get(f"/doc/{doc}").text
    assert "01 đã đến" in page and "Giao xử lý" not in page
    assert app.post(f"/doc/{doc}/giao", data={"csrf": app.cookies.get("docgen_csrf"), "lead": "lan"}).status_code == 403
    app.get("/logout")
    login(app, "giamdoc", "mat-khau-123")
    page = app.get(f"/doc/{doc}").text
    assert "Giao xử lý" in page
    answer = app.post(f"/doc/{doc}/giao", data={"csrf": _token(page), "lead": "lan", "support": "hoa",
                                                 "due": "28/02/2023", "unit": "Phòng Nội vụ", "note": "Báo cáo sớm"},
                      follow_redirects=False)
    assert answer.status_code == 303
    page = app.get(f"/doc/{doc}").text
    assert "04 phân công" in page and "chủ trì: lan" in page and "ý kiến chỉ đạo: Báo cáo sớm" in page
    assert "Văn bản đến" in app.get("/van-ban-den").text and "303/UBND-NV" in app.get("/van-ban-den").text
    app.get("/logout")
    login(app, "lan", "mat-khau-123")
    mine = app.get("/viec-cua-toi").text
    assert "303/UBND-NV" in mine and "(quá hạn)" in mine
    page = app.get(f"/doc/{doc}").text
    done = app.post(f"/doc/{doc}/xu-ly", data={"csrf": _token(page), "status": "processing", "note": "đang làm"},
                    follow_redirects=False)
    assert done.status_code == 303 and "05 đang xử lý" in app.get(f"/doc/{doc}").text
    app.get("/logout")
    login(app, "hoa", "mat-khau-123")  # supporting: may report too
    page = app.get(f"/doc/{doc}").text
    assert app.post(f"/doc/{doc}/xu-ly", data={"csrf": _token(page), "status": "done"}).status_code == 422
    with Library(arch) as library:  # a third officer, not on it, is refused by the handling itself
        library.archive.handling.assign(doc, "lan", dt.date(2023, 2, 28), "giamdoc")
    page = app.get(f"/doc/{doc}").text
    refused = app.post(f"/doc/{doc}/xu-ly", data={"csrf": app.cookies.get("docgen_csrf"), "status": "processing"})
    assert refused.status_code == 403 and "is assigned to lan" in refused.text
