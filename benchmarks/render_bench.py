"""Rendering and PDF conversion times.

    .venv/bin/python benchmarks/render_bench.py [--docs 50]

Prints: the time to render one .docx (median of 30), then the time to convert
N documents to PDF with one LibreOffice process for the whole batch, against
N cold conversions (one soffice start per document).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.drafting import data, template_set  # noqa: E402
from docgen.base.pdf import _profile_dir, convert_to_pdf, find_soffice  # noqa: E402
from docgen.drafting.render import render_docx  # noqa: E402


def render_times(out: Path, repeats: int = 30) -> list[float]:
    spec = template_set.get_template("ke-hoach")
    document = data.load(ROOT / "tests" / "fixtures" / "kh-175-ubnd-2023.yaml")
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        render_docx(document, spec, out / f"r{i}.docx")
        times.append(time.perf_counter() - start)
    return times


def make_documents(out: Path, count: int) -> list[Path]:
    ids = list(template_set.load_templates())
    paths = []
    for i in range(count):
        template_id = ids[i % len(ids)]
        spec = template_set.get_template(template_id)
        paths.append(render_docx(data.load(spec.starter), spec, out / f"doc{i:03d}.docx"))
    return paths


def cold_conversions(paths: list[Path], out: Path) -> float:
    start = time.perf_counter()
    for path in paths:
        subprocess.run([find_soffice(), "--headless", f"-env:UserInstallation={_profile_dir().as_uri()}",
                        "--convert-to", "pdf", "--outdir", str(out), str(path)],
                       capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        times = render_times(tmp)
        print(f"render one .docx (kh-175, 3 pages): median {statistics.median(times) * 1000:.1f} ms, "
              f"min {min(times) * 1000:.1f} ms")
        paths = make_documents(tmp / "docs", args.docs)
        convert_to_pdf(paths[:1], tmp / "warm")  # the profile exists before timing
        start = time.perf_counter()
        convert_to_pdf(paths, tmp / "batch")
        batch = time.perf_counter() - start
        print(f"PDF, one LibreOffice for {args.docs} documents: {batch:.1f} s "
              f"({batch / args.docs * 1000:.0f} ms a document)")
        cold = cold_conversions(paths, tmp / "cold")
        print(f"PDF, {args.docs} cold soffice starts: {cold:.1f} s ({cold / args.docs * 1000:.0f} ms a document)")
        print(f"speed-up: {cold / batch:.1f}x")


if __name__ == "__main__":
    main()
