"""Ingest speed: documents and pages per second for .docx, text PDF and .txt.

    .venv/bin/python benchmarks/ingest_bench.py [--docx 400 --pdf 300 --txt 400]

Generates a corpus from the templates' starter data and the sample texts (numbers
and dates varied), adds it to a fresh archive, and prints per format: documents
per second, pages per second, and the share of time in text extraction, parsing
and storing (store + catalog). Then adds the PDFs again as `docgen archive add` does
(Library.add: store, catalog, change log, audit, search index) and prints the share of
that whole in parsing; the same for the real text PDFs of ../shared/samples (those whose text
layer an add keeps: a scan, or a layer of OCR output that lost its marks, is OCR'd instead).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.archive import Archive  # noqa: E402
from archive.extract import extract  # noqa: E402
from archive.parse import record_from_text, sha256_of  # noqa: E402
from docgen.drafting import data, template_set  # noqa: E402
from docgen.base.pdf import convert_to_pdf  # noqa: E402
from docgen.drafting.render import render_docx  # noqa: E402

SAMPLES = ROOT / "tests" / "fixtures" / "samples"
REAL = ROOT.parent / "shared" / "samples"  # its text PDFs (not the scans) go through the pipeline too


def make_corpus(out: Path, docx: int, pdf: int, txt: int) -> dict[str, list[Path]]:
    rng = random.Random(1)
    specs = list(template_set.load_templates().values())
    rendered = []
    for i in range(docx + pdf):
        spec = specs[i % len(specs)]
        raw = data.read_data_file(spec.starter)
        raw["number"] = i + 1
        raw["date"] = f"20{rng.randint(18, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rendered.append(render_docx(data.validate(raw), spec, out / "docx" / f"doc{i:04d}.docx"))
    pdfs = convert_to_pdf(rendered[docx:], out / "pdf")
    for path in rendered[docx:]:
        path.unlink()
    texts = sorted(SAMPLES.glob("*.txt"))
    txt_paths = []
    (out / "txt").mkdir()
    for i in range(txt):
        source = texts[i % len(texts)].read_text(encoding="utf-8")
        target = out / "txt" / f"text{i:04d}.txt"
        # each copy a document of its own: another number on its Số line (the archive keeps one
        # record per số/ký hiệu, year and issuer)
        source = re.sub(r"(S[ốo6]:\s*\**)\d+", lambda m: f"{m.group(1)}{1000 + i}", source, count=1)
        target.write_text(source + f"\n<!-- {i} -->\n", encoding="utf-8")
        txt_paths.append(target)
    return {"docx": rendered[:docx], "pdf": pdfs, "txt": txt_paths}


def ingest(archive: Archive, paths: list[Path]) -> dict[str, float]:
    times = defaultdict(float)
    pages = 0
    for path in paths:
        start = time.perf_counter()
        sha = sha256_of(path)
        extracted = extract(path, ocr=False)
        times["extract"] += time.perf_counter() - start
        start = time.perf_counter()
        record = record_from_text(path.name, extracted, sha)
        times["parse"] += time.perf_counter() - start
        start = time.perf_counter()
        archive.store.put(path, sha)
        archive.catalog.add(record, extracted.text)
        times["store"] += time.perf_counter() - start
        pages += extracted.pages or max(1, len(extracted.text) // 3000)
    times["pages"] = pages
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docx", type=int, default=400)
    parser.add_argument("--pdf", type=int, default=300)
    parser.add_argument("--txt", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        corpus = make_corpus(tmp / "corpus", args.docx, args.pdf, args.txt)
        total = sum(len(v) for v in corpus.values())
        print(f"corpus: {total} documents generated in {time.perf_counter() - start:.0f} s")
        with Archive(tmp / "archive") as archive:
            from archive.ocr_repair import lexicon, mark_index

            lexicon(), mark_index()  # loaded once per process, before timing
            for kind, paths in corpus.items():
                t = ingest(archive, paths)
                spent = t["extract"] + t["parse"] + t["store"]
                print(f"{kind:<5} {len(paths):>4} documents: {len(paths) / spent:7.1f} docs/s, "
                      f"{t['pages'] / spent:7.1f} pages/s; extraction {t['extract'] / spent:4.0%}, "
                      f"parsing {t['parse'] / spent:4.0%}, storing {t['store'] / spent:4.0%}")
            print(f"catalog holds {archive.catalog.count()} documents")
        pipeline(tmp / "pipeline", corpus["pdf"], "generated")
        real, scanned = text_layer_pdfs(sorted(REAL.rglob("*.pdf")))
        if real:  # signed e-office PDFs, several pages each
            print(f"real pdf: {len(real)} whose text layer is read; {len(scanned)} left out, which an "
                  "archive add OCRs (scans, and text layers of OCR output that lost the marks)")
            pipeline(tmp / "pipeline-real", real, "real")


def text_layer_pdfs(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The PDFs whose own text layer an archive add keeps, and those it would OCR instead:
    parsing those from their damaged layer (ocr=False) is not what ingest does."""
    kept, ocr = [], []
    for path in paths:
        extracted = extract(path, ocr=False)
        (ocr if any("no plausible text layer" in w for w in extracted.warnings) else kept).append(path)
    return kept, ocr


def pipeline(folder: Path, pdfs: list[Path], kind: str) -> None:
    """The PDFs through docgen archive add's own path, parsing timed inside it."""
    import archive.archive as steps
    from docgen.library import Library

    parsing = 0.0
    parse = steps.record_from_text

    def timed_parse(*args, **kwargs):
        nonlocal parsing
        start = time.perf_counter()
        try:
            return parse(*args, **kwargs)
        finally:
            parsing += time.perf_counter() - start

    steps.record_from_text = timed_parse
    try:
        with Library(folder) as library:
            start = time.perf_counter()
            report = library.add(pdfs, ocr=False)
            spent = time.perf_counter() - start
    finally:
        steps.record_from_text = parse
    print(f"{kind} pdf {report.count('added'):>4} documents through docgen archive add: {report.count('added') / spent:7.1f} docs/s; "
          f"parsing {parsing / spent:4.0%} of it ({parsing / len(pdfs) * 1000:.1f} ms a document)")


if __name__ == "__main__":
    main()
