"""Reports from a sheet: 100 units from one .xlsx, as docgen report --per-unit does it.

    .venv/bin/python benchmarks/report_bench.py [--units 100]

Prints the time per report for rendering the .docx, converting to PDF (one LibreOffice
for the batch), adding the signature field, and signing (throwaway certificate).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from openpyxl import Workbook  # noqa: E402

from docgen.drafting import reports  # noqa: E402
from docgen.base.pdf import convert_to_pdf  # noqa: E402
from docgen.drafting.signing import add_signature_field, sign, signer_box  # noqa: E402


def sheet(path: Path, units: int) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(["Đơn vị", "Tên mô hình, giải pháp, sáng kiến", "Lĩnh vực", "Thời gian bắt đầu và hoàn thành",
               "Kết quả dự kiến", "Người phụ trách", "Người ký", "Chức vụ", "Địa danh", "Ngày"])
    for i in range(1, units + 1):
        ws.append([f"Ủy ban nhân dân Phường {i}", f"Mô hình “Một cửa số” {i}", "Cải cách thủ tục hành chính",
                   "01/3/2023 – 30/11/2023", "Rút ngắn 30% thời gian", f"Lê Thị Hạnh {i}", f"Phạm Quốc Việt {i}",
                   "Chủ tịch", "Quận 1", dt.datetime(2023, 3, 1)])
    book.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100)
    args = parser.parse_args()
    from test_reports import _throwaway_p12

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        form = reports.get_form("dang-ky-mo-hinh")
        batch = reports.load(sheet(tmp / "units.xlsx", args.units), form, "Đơn vị")
        n = len(batch.reports)
        start = time.perf_counter()
        docs = [(reports.render(form, data, tmp / "out" / f"{reports.safe_name(name)}.docx"), data.signer_name)
                for name, data in batch.reports]
        rendered = time.perf_counter()
        pdfs = convert_to_pdf([d for d, _ in docs])
        converted = time.perf_counter()
        for pdf, (_, name) in zip(pdfs, docs):
            add_signature_field(pdf, signer_box(pdf, name))
        fielded = time.perf_counter()
        p12, _ = _throwaway_p12(tmp, b"x")
        for pdf in pdfs:
            sign(pdf, p12, b"x")
        signed = time.perf_counter()
        per = lambda a, b: (b - a) / n * 1000  # noqa: E731
        print(f"{n} reports: {signed - start:.1f} s in all, {per(start, fielded):.0f} ms a report unsigned")
        print(f"  render .docx      {per(start, rendered):6.1f} ms a report")
        print(f"  PDF (LibreOffice) {per(rendered, converted):6.1f} ms a report")
        print(f"  signature field   {per(converted, fielded):6.1f} ms a report")
        print(f"  signing (PAdES)   {per(fielded, signed):6.1f} ms a report")


if __name__ == "__main__":
    main()
