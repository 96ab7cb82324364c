"""Search at archive scale: a synthetic archive of 100,000 documents built from the real
documents of ../shared/samples: each as long as one of them (one page to 260,000 characters;
a tenth past 50,000), written from one's sentences (its topic) with a tenth from the others,
indexed by tantivy and by Whoosh.

    .venv/bin/python benchmarks/search_bench.py [--docs 100000] [--whoosh-docs 10000] [--keep DIR [--reuse-index]]

Prints the lengths drawn, then per engine: index build time (docgen archive reindex), index
size, peak memory of the reindexing process, and p50/p95 latency of docgen's search, 20
results with their snippets as the search page shows them, for a number, a word, a phrase,
a query without diacritics and a filtered query.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.archive import Archive  # noqa: E402
from archive.catalog import SameDocument  # noqa: E402
from archive.record import Deadline, Record, Reference, Signer  # noqa: E402
from docgen.base import decree  # noqa: E402
from docgen.base.vntext import fold  # noqa: E402
from search.query import Filters  # noqa: E402
from search.service import SearchIndex  # noqa: E402

SAMPLES = ROOT / "tests" / "fixtures" / "samples"
REAL = ROOT.parent / "shared" / "samples"
SCAN_PAGE_CHARS = 1_900  # what a page of the text PDFs below holds; a scan without OCR counts its pages
TYPES = [("Kế hoạch", "KH"), ("Quyết định", "QĐ"), ("Công văn", None), ("Thông báo", "TB"), ("Báo cáo", "BC"),
         ("Chỉ thị", "CT"), ("Tờ trình", "TTr"), ("Giấy mời", "GM")]
ISSUERS = [("Ủy ban nhân dân Quận 1", "UBND"), ("Ủy ban nhân dân Quận 3", "UBND"),
           ("Ủy ban nhân dân thành phố Móng Cái", "UBND"), ("Sở Công Thương tỉnh Lào Cai", "SCT"),
           ("Ủy ban nhân dân tỉnh Quảng Ninh", "UBND")]
UNITS = ["NV", "VP", "TCKH", "VX", "KT", "TP", "QLĐT"]


@functools.lru_cache(maxsize=1)
def real_texts() -> tuple[tuple[str, int], ...]:
    """(text, pages) of every hand-read document of ../shared/samples (of the project's own
    samples when that folder is absent), read without OCR."""
    from archive.extract import extract

    sidecars = sorted(REAL.rglob("*.expected.json")) or sorted(SAMPLES.glob("*.expected.json"))
    files = [s.with_name(json.loads(s.read_text(encoding="utf-8"))["file"]) for s in sidecars]
    texts = []
    for path in files or sorted(SAMPLES.glob("*.txt")):
        extracted = extract(path, ocr=False)
        texts.append((extracted.text, extracted.pages or 1))
    return tuple(texts)


def vocabulary() -> tuple[list[list[str]], list[str]]:
    """Each real document's sentences (one subject each: a topic), and all their words, to write
    documents that read like real ones: one office's documents are about many things, so a
    phrase is in some of them, not in all."""
    topics, words = [], []
    for text, _ in real_texts():
        text = text.replace("**", "")
        sentences = [s.strip() for s in re.split(r"(?<=[.;:])\s+", text) if 40 < len(s.strip()) < 400]
        if len(sentences) >= 10:
            topics.append(sentences)
            words += re.findall(r"[^\W\d_]+", text)
    return topics, words


def real_lengths() -> list[int]:
    """The length in characters of every hand-read document; a scan (no text without OCR) as
    its pages of text."""
    lengths = []
    for text, pages in real_texts():
        scanned = len(text) < 200 * pages
        lengths.append(pages * SCAN_PAGE_CHARS if scanned else len(text))
    return lengths


def describe(lengths: list[int]) -> str:
    share = sum(1 for n in lengths if n > 50_000) / len(lengths)
    return (f"document lengths drawn from {len(lengths)} real documents: median {statistics.median(lengths):,.0f}, "
            f"mean {statistics.mean(lengths):,.0f}, longest {max(lengths):,} characters, {share:.0%} past 50,000")


def make_record(i: int, rng: random.Random, topics: list[list[str]], lengths: list[int]) -> tuple[Record, str]:
    """A document on one topic (nine sentences in ten from it, the rest from any), as long as a
    real one."""
    topic = rng.choice(topics)

    def sentence_of() -> str:
        return rng.choice(topic if rng.random() < 0.9 else rng.choice(topics))

    type_name, abbr = rng.choice(TYPES)
    issuer, issuer_abbr = rng.choice(ISSUERS)
    number = rng.randint(1, 4000)
    date = dt.date(rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28))
    symbol = decree.compose_symbol(abbr, issuer_abbr, rng.choice(UNITS))
    code = decree.compose_code(number, symbol)
    length = int(rng.choice(lengths) * rng.uniform(0.8, 1.2))
    pages = max(1, length // SCAN_PAGE_CHARS)
    body, count = [], 0
    while count < length:
        sentence = sentence_of()
        body.append(sentence)
        count += len(sentence) + 1
    cited = []
    for _ in range(rng.randint(0, 4)):
        c_type, c_abbr = rng.choice(TYPES)
        c_code = decree.compose_code(rng.randint(1, 4000), decree.compose_symbol(c_abbr, "UBND", "NV"))
        c_date = dt.date(rng.randint(2010, 2025), rng.randint(1, 12), rng.randint(1, 28))
        cited.append({"type": c_type, "code": c_code, "date": c_date.isoformat(), "issuer": None, "subject": None})
        body.insert(0, f"Thực hiện {c_type} số {c_code} ngày {c_date.day:02d} tháng {c_date.month} năm {c_date.year};")
    subject = " ".join(rng.choice(topic).split()[:14])
    header = f"{issuer.upper()}\nSố: {code}\n{decree.date_line('Quận 1', date)}\n{type_name.upper()}\n{subject}\n"
    text = header + "\n".join(body)
    deadlines = []
    for _ in range(rng.choice((0, 0, 1, 2))):  # a report due, a task to finish: what /deadlines lists
        due = date + dt.timedelta(days=rng.randint(10, 400))
        deadlines.append(Deadline(due, rng.choice(("before", "no-later-than", "within")),
                                  task=" ".join(rng.choice(topic).split()[:12]), responsible=rng.choice(UNITS)))
    record = Record(file=f"doc{i:06d}.txt", sha256=f"{i:064x}", type=type_name, code=code, number=number,
                    issuer=issuer, place="Quận 1", date=date, subject=subject, signer=Signer(None, "Chủ tịch", "Lê Văn A"),
                    references=[Reference.from_dict(c) for c in cited], deadlines=deadlines, text_source="text",
                    pages=pages)
    return record, text


def build_archive(folder: Path, count: int, lengths: list[int] | None = None) -> tuple[list[Record], list[str]]:
    """count documents of the lengths given (default: real_lengths()) in a new archive."""
    lengths = lengths or real_lengths()
    rng = random.Random(7)
    topics, words = vocabulary()
    archive = Archive(folder)
    archive.catalog.db.execute("PRAGMA synchronous=OFF")  # the benchmark's own bulk load, not a user's
    records = []
    i = 0
    while archive.catalog.count() < count:
        record, text = make_record(i, rng, topics, lengths)
        i += 1
        try:
            archive.catalog.add(record, text)
        except SameDocument:  # a random số already drawn that year for that issuer: the same document
            continue
        if len(records) * 200 <= archive.catalog.count() - 1:
            records.append(record)
    archive.close()
    return records, words


def sample_records(folder: Path) -> tuple[list[Record], list[str]]:
    """Every 200th record of a kept archive, as build_archive returns them."""
    archive = Archive(folder)
    ids = archive.catalog.ids()[::200]
    records = [archive.catalog.get(i).record for i in ids]
    archive.close()
    return records, vocabulary()[1]


REINDEX = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from archive.archive import Archive
from search.service import SearchIndex
archive = Archive({folder!r})
start = time.perf_counter()
done = SearchIndex(archive, {engine!r}).reindex()
print(json.dumps({{"seconds": time.perf_counter() - start, "docs": done,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def reindex(folder: Path, engine: str) -> dict:
    code = REINDEX.format(root=str(ROOT), folder=str(folder), engine=engine)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered) * 1000:7.2f} ms  p95 {p95 * 1000:7.2f} ms"


def latencies(folder: Path, engine: str, records: list[Record], words: list[str], n: int = 200) -> dict[str, str]:
    rng = random.Random(11)
    archive = Archive(folder)
    index = SearchIndex(archive, engine)
    common = [w for w in words if len(w) > 3]
    phrases = []
    for r in records:
        subject_words = r.subject.split()
        if len(subject_words) > 3:
            start = rng.randint(0, len(subject_words) - 3)
            phrases.append(" ".join(subject_words[start: start + 3]))

    def typed_number() -> str:
        r = rng.choice(records)
        forms = [r.code, r.code.lower(), r.code.replace("/", " ").replace("-", " "),
                 f"số {r.code.split('-')[0]}", f"{r.code}/{r.date.year}"]
        return rng.choice(forms)

    cases = {
        "number": lambda: (typed_number(), Filters()),
        "word": lambda: (rng.choice(common), Filters()),
        "phrase": lambda: (f'"{rng.choice(phrases)}"', Filters()),
        "no diacritics": lambda: (fold(" ".join(rng.sample(common, 2))), Filters()),
        "filtered": lambda: (rng.choice(common), Filters(type=rng.choice(TYPES)[0], year=rng.randint(2015, 2026))),
    }
    index.search("khởi động")  # the first query opens the index
    out = {}
    for name, make in cases.items():
        timings = []
        for _ in range(n):
            text, filters = make()
            start = time.perf_counter()
            index.search(text, filters, limit=20)
            timings.append(time.perf_counter() - start)
        out[name] = percentiles(timings)
    archive.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--whoosh-docs", type=int, default=10_000,
                        help="Whoosh, pure Python, takes hours to index 100,000 real-length documents")
    parser.add_argument("--engines", default="tantivy,whoosh")
    parser.add_argument("--keep", type=Path, help="Build the synthetic archives here and keep them for another run.")
    parser.add_argument("--reuse-index", action="store_true",
                        help="With --keep: time the searches on the index a kept run built (the search code changed).")
    args = parser.parse_args()
    lengths = real_lengths()
    print(describe(lengths), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = args.keep or tmp
        for engine, count in (("tantivy", args.docs), ("whoosh", args.whoosh_docs)):
            if engine not in args.engines.split(","):
                continue
            folder = Path(tmp) / f"archive-{count}"
            if (folder / "catalog.sqlite").exists():
                records, words = sample_records(folder)
            else:
                start = time.perf_counter()
                records, words = build_archive(folder, count, lengths)
                print(f"synthetic archive: {count} documents in {time.perf_counter() - start:.0f} s, "
                      f"catalog {size_mb(folder):.0f} MB", flush=True)
            if args.reuse_index and (folder / "index" / engine).exists():
                print(f"{engine:<8} {count} docs: index of an earlier run, {size_mb(folder / 'index' / engine):6.0f} MB",
                      flush=True)
            else:
                built = reindex(folder, engine)
                print(f"{engine:<8} {count} docs: build {built['seconds']:6.1f} s, "
                      f"index {size_mb(folder / 'index' / engine):6.0f} MB, peak memory {built['peak_mb']:6.0f} MB",
                      flush=True)
            for name, line in latencies(folder, engine, records, words).items():
                print(f"{engine:<8}   {name:<14} {line}", flush=True)


if __name__ == "__main__":
    main()
