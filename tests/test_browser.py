"""End to end: a real headless Chromium (Debian's, driven by Playwright) against `docgen serve`
started as a clerk would start it. Each test is one thing a clerk does in the browser."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.request
from pathlib import Path

import pdfplumber
import pytest

from archive.archive import Archive
from conftest import FIXTURES

SAMPLES = FIXTURES / "samples"
CHROMIUM = os.environ.get("DOCGEN_CHROMIUM", "/usr/bin/chromium")
# what this machine's closed network needs: no calls home, no GPU, a fresh profile (Playwright's)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCRIPT_DOCUMENT = ("Số: 99/TB-UBND\nQuận 1, ngày 02 tháng 3 năm 2023\nTHÔNG BÁO\n"
                   "Thử <script>window.hacked = 1; alert('x')</script> & <b>đậm</b>\n"
                   "Thực hiện Kế hoạch số 175/KH-UBND ngày 25 tháng 4 năm 2023 của Ủy ban nhân dân Quận 1.\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def docgen(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docgen.cli", *args], capture_output=True, text=True, **kwargs)


class Server:
    """`docgen serve` in a process of its own, on a free port."""

    def __init__(self, archive: Path, host: str = "127.0.0.1", *options: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "docgen.cli", "serve", "--archive", str(archive), "--host", host,
             "--port", str(self.port), *options], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"docgen serve stopped: {self.process.stdout.read()}")
            try:
                urllib.request.urlopen(self.url + "/login", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("docgen serve did not answer within 30 s")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("e2e") / "archive"
    script = folder.parent / "thong-bao-99.txt"
    script.write_text(SCRIPT_DOCUMENT, encoding="utf-8")
    with Archive(folder) as archive:
        list(archive.add([*sorted(SAMPLES.glob("*.txt")), script], ocr=False))
    return folder


@pytest.fixture(scope="module")
def server(archive_dir):
    running = Server(archive_dir)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM}: Chromium is not installed (./dev setup installs Debian's chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="vi-VN")
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def open_document(page, server, code: str) -> None:
    page.goto(server.url + "/")
    page.fill("input[name=q]", code)
    page.press("input[name=q]", "Enter")
    page.get_by_role("link", name=code, exact=True).first.click()
    page.wait_for_url(re.compile(r"/doc/\d+$"))


def test_search_without_diacritics_and_open_a_result(page, server):
    page.goto(server.url + "/")
    page.fill("input[name=q]", "cai cach hanh chinh")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".hit")
    assert "5 văn bản" in page.inner_text("main")
    marked = [m.lower() for m in page.locator(".hit mark").all_inner_texts()]
    assert "cải" in marked and "cách" in marked
    page.get_by_role("link", name="175/KH-UBND", exact=True).click()
    page.wait_for_url(re.compile(r"/doc/\d+$"))
    assert page.inner_text("h1") == "Kế hoạch 175/KH-UBND"
    assert "Phát động phong trào thi đua về cải cách hành chính" in page.inner_text("main")


def test_follow_a_reference_to_an_archived_document(page, server):
    open_document(page, server, "99/TB-UBND")
    reference = page.locator("a.ref", has_text="175/KH-UBND")
    assert reference.inner_text().startswith("Kế hoạch số 175/KH-UBND")
    reference.click()
    page.wait_for_url(re.compile(r"/doc/\d+$"))
    assert page.inner_text("h1") == "Kế hoạch 175/KH-UBND"
    # what kh-175 cites and the archive lacks is marked, and the notice cites it back
    assert page.locator("span.ref.missing", has_text="406/KH-UBND").count() >= 1
    assert "99/TB-UBND" in page.locator("h2:has-text('Được trích dẫn bởi') + ul").inner_text()


def test_upload_two_files_one_broken(page, server, tmp_path):
    good = tmp_path / "thong-bao-12.txt"
    good.write_text("Số: 12/TB-UBND\nQuận 1, ngày 10 tháng 5 năm 2024\nTHÔNG BÁO\nVề lịch tiếp công dân tháng 6\n",
                    encoding="utf-8")
    broken = tmp_path / "hỏng.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    page.goto(server.url + "/upload")
    page.set_input_files("input[type=file]", [str(good), str(broken)])
    page.click("button[type=submit]")
    page.wait_for_selector("#upload-progress span:has-text('Xong')")
    rows = [row.locator("td").all_inner_texts() for row in page.locator("#results tr").all()[1:]]
    assert [(name, result) for name, result, *_ in rows] == [("thong-bao-12.txt", "đã thêm"), ("hỏng.pdf", "không nhận")]
    assert "không phải tệp PDF đọc được" in rows[1][2]  # the reason, in Vietnamese
    page.get_by_role("link", name="thong-bao-12.txt").click()
    assert page.inner_text("h1") == "Thông báo 12/TB-UBND"


def test_draft_a_ke_hoach_and_download_its_pdf(page, server, tmp_path):
    page.goto(server.url + "/draft")
    page.get_by_role("link", name="Kế hoạch").click()
    page.fill("#subject", "Tuyên truyền cải cách hành chính năm 2026 & chuyển đổi số")
    page.fill("#date", "2026-03-05")
    page.select_option("#basis-verb", "Thực hiện")
    page.fill("#bases", "")
    page.locator("#basis-pick").press_sequentially("303")
    page.wait_for_selector("#codes option[value='303/UBND-NV/2023']", state="attached")
    page.fill("#basis-pick", "303/UBND-NV/2023")
    page.click("#basis-add")
    assert page.input_value("#bases") == "Thực hiện 303/UBND-NV/2023"
    with page.expect_download(timeout=120_000) as download:
        page.click("button[value=pdf]")
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    assert pdf.suffix == ".pdf"
    with pdfplumber.open(pdf) as document:
        text = " ".join((p.extract_text() or "") for p in document.pages)
    text = " ".join(text.split())
    assert "KẾ HOẠCH" in text and "Tuyên truyền cải cách hành chính năm 2026 & chuyển đổi số" in text
    assert "Thực hiện Công văn số 303/UBND-NV ngày 08 tháng 02 năm 2023" in text
    assert "Quận 1, ngày 05 tháng 3 năm 2026" in text


def test_a_document_with_a_script_shows_it_as_text(page, server):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_document(page, server, "99/TB-UBND")
    assert "Thử <script>window.hacked = 1; alert('x')</script> & <b>đậm</b>" in page.inner_text(".text")
    assert page.evaluate("window.hacked") is None and dialogs == []
    assert page.locator(".text b").count() == 0


def test_login_is_required_when_serving_beyond_loopback(browser, archive_dir, tmp_path):
    guarded_archive = tmp_path / "guarded"
    shutil.copytree(archive_dir, guarded_archive)
    for name, role in (("quantri", "admin"), ("doc", "reader")):
        result = docgen("account", "add", name, "--role", role, "--password-stdin", "--archive", str(guarded_archive),
                        input="mat-khau-123\n")
        assert result.returncode == 0, result.stderr
    guarded = Server(guarded_archive, host="0.0.0.0")
    try:
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.goto(guarded.url + "/?q=175/KH-UBND")
        assert page.url.startswith(guarded.url + "/login?next=") and page.inner_text("h1") == "Đăng nhập"
        page.fill("input[name=name]", "doc")
        page.fill("input[name=password]", "sai-mat-khau")
        page.click("button[type=submit]")
        assert "Sai tên đăng nhập hoặc mật khẩu" in page.inner_text("main")
        page.fill("input[name=name]", "doc")
        page.fill("input[name=password]", "mat-khau-123")
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/\?q=175"))  # back to the page first asked for
        assert "doc (người xem)" in page.inner_text("header")
        assert "Thêm văn bản" not in page.inner_text("header")  # a reader's menu leads to no refusal
        assert "Được trích dẫn bởi 3 văn bản" in page.inner_text("main")
        assert page.goto(guarded.url + "/upload").status == 403
        assert "không có quyền này" in page.inner_text("main")
        context.close()
    finally:
        guarded.stop()


def ocr(png: Path) -> str:
    """The words Tesseract reads in the picture, spaces left out (it sometimes loses the gap
    between two words; what matters here is every letter and mark)."""
    result = subprocess.run(["tesseract", str(png), "-", "-l", "vie", "--psm", "3"], capture_output=True, text=True,
                            env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=True)
    return unicodedata.normalize("NFC", "".join(result.stdout.split()))


def test_screenshots_show_the_vietnamese_text(browser, server, tmp_path):
    """Read back by OCR from the pixels: the fonts draw every Vietnamese letter, not boxes."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, device_scale_factor=2)
    page = context.new_page()
    page.goto(server.url + "/?q=" + "cải cách hành chính")
    menu_png, search_png = tmp_path / "menu.png", tmp_path / "search.png"
    page.locator("header").screenshot(path=str(menu_png))  # white on dark red: read on its own
    text = ocr(menu_png)
    for phrase in ("Văn bản còn thiếu", "Hạn xử lý", "Thêm văn bản", "Soạn thảo"):
        assert phrase.replace(" ", "") in text, (phrase, text)
    page.screenshot(path=str(search_png))
    text = ocr(search_png)
    for phrase in ("Tra cứu văn bản", "5 văn bản", "Kế hoạch"):
        assert phrase.replace(" ", "") in text, (phrase, text)
    open_document(page, server, "175/KH-UBND")
    document_png = tmp_path / "document.png"
    page.screenshot(path=str(document_png))
    text = ocr(document_png)
    for phrase in ("Kế hoạch 175/KH-UBND", "Số, ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu",
                   "Người ký", "Ủy ban nhân dân Quận 1"):
        assert phrase.replace(" ", "") in text, (phrase, text)
    # the form fields too: the browser's usual monospace font put tone marks beside the vowels
    page.goto(server.url + "/draft/ke-hoach")
    bases_png = tmp_path / "bases.png"
    page.locator("#bases").screenshot(path=str(bases_png))
    assert "ThựchiệnKếhoạchsố406/KH-UBNDngày29tháng12năm2022" in ocr(bases_png)
    context.close()


def test_the_server_keeps_answering_while_a_scan_is_read(archive_dir, tmp_path):
    """OCR of an upload runs beside the pages: a search asked for meanwhile is answered first."""
    import threading

    import httpx

    copy = tmp_path / "archive"
    shutil.copytree(archive_dir, copy)
    server = Server(copy)
    try:
        uploader = httpx.Client(base_url=server.url, timeout=300)
        token = re.search(r'name="csrf" value="([^"]+)"', uploader.get("/upload").text).group(1)
        scan = SAMPLES / "pc-466-vpubnd-2026-broken-text.pdf"
        answer = {}

        def upload():
            answer["page"] = uploader.post("/upload", params={"csrf": token},
                                           files={"files": (scan.name, scan.read_bytes(), "application/pdf")}).text

        thread = threading.Thread(target=upload)
        thread.start()
        time.sleep(0.5)  # the upload is in, the scan is being read
        search = httpx.get(server.url + "/", params={"q": "175/KH-UBND"}, timeout=300)
        still_reading = thread.is_alive()
        thread.join()
        assert search.status_code == 200 and "Được trích dẫn bởi 3 văn bản" in search.text
        assert still_reading, "the search waited for the OCR to finish"
        assert "đã thêm" in answer["page"]
    finally:
        server.stop()


# --- safe on an office network, as a browser meets it ---------------------------------------

@pytest.fixture()
def guarded(archive_dir, tmp_path):
    """A copy of the archive with accounts, served on loopback: accounts mean a login there too."""
    copy = tmp_path / "guarded"
    shutil.copytree(archive_dir, copy)
    for name, role in (("quantri", "admin"), ("doc", "reader")):
        result = docgen("account", "add", name, "--role", role, "--password-stdin", "--archive", str(copy),
                        input="mat-khau-123\n")
        assert result.returncode == 0, result.stderr
    running = Server(copy, "127.0.0.1", "--login-delay", "0", "--max-upload-mb", "1")
    yield running
    running.stop()


def log_in(page, server, name: str, password: str) -> None:
    page.goto(server.url + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_a_foreign_host_name_gets_nothing(browser, server):
    """DNS rebinding: a name of another site resolved to this machine by the browser."""
    rebinding = browser.browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS + ["--host-resolver-rules=MAP attacker.example 127.0.0.1"])
    try:
        tab = rebinding.new_page()
        response = tab.goto(f"http://attacker.example:{server.port}/?q=175/KH-UBND")
        assert response.status == 400 and "Máy chủ không phục vụ tên miền này" in tab.inner_text("body")
        assert "175/KH-UBND" not in tab.content()
    finally:
        rebinding.close()


def test_a_form_on_another_site_cannot_create_an_account(page, guarded):
    log_in(page, guarded, "quantri", "mat-khau-123")
    page.wait_for_url(guarded.url + "/")
    token = [c["value"] for c in page.context.cookies() if c["name"] == "docgen_csrf"][0]
    page.goto("about:blank")  # a page that is not this site, in the same browser
    page.set_content(f'''<form method="post" action="{guarded.url}/accounts/add">
        <input name="name" value="ke-xau"><input name="role" value="admin"><input name="password" value="mat-khau-123">
        <input name="csrf" value="{token}"><button>gửi</button></form>''')
    with page.expect_navigation():
        page.click("button")
    assert "trang web khác bị từ chối" in page.inner_text("body")
    page.goto(guarded.url + "/accounts")
    assert "ke-xau" not in page.inner_text("main")


def test_the_eleventh_wrong_password_meets_a_lockout_page(page, guarded):
    for _ in range(10):
        log_in(page, guarded, "doc", "doan-mo")
        assert "Sai tên đăng nhập hoặc mật khẩu" in page.inner_text("main")
    log_in(page, guarded, "doc", "mat-khau-123")
    assert "tạm khóa" in page.inner_text("main") and page.url.endswith("/login")


def test_a_logged_out_session_cookie_opens_nothing(browser, guarded):
    context = browser.new_context()
    page = context.new_page()
    log_in(page, guarded, "doc", "mat-khau-123")
    page.wait_for_url(guarded.url + "/")
    kept = [c for c in context.cookies() if c["name"] == "docgen_session"]
    page.goto(guarded.url + "/logout")
    context.add_cookies(kept)  # someone kept a copy of the cookie
    page.goto(guarded.url + "/?q=175/KH-UBND")
    assert "/login" in page.url and page.inner_text("h1") == "Đăng nhập"
    context.close()


def test_an_oversized_upload_is_cut_off(page, guarded, tmp_path):
    big = tmp_path / "lon.txt"
    big.write_bytes(b"Van ban " * (5 * 2**20 // 8))  # 5 MB, past the four files of 1 MB this server takes
    log_in(page, guarded, "quantri", "mat-khau-123")
    page.goto(guarded.url + "/upload")
    page.set_input_files("input[type=file]", str(big))
    page.click("button[type=submit]")
    from playwright.sync_api import expect

    expect(page.locator("#upload-progress span")).to_contain_text("413")
    assert "Gửi quá nhiều" in page.inner_text("#upload-progress")
