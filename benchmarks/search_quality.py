"""How often search puts first the document a clerk means: MRR over judged queries.

The documents are those of ../shared/samples that have a hand-read NAME.expected.json. Two
query sets are scored apart:
- judged: benchmarks/judged_queries.tsv, queries written by reading the documents, each with
  the document meant (numbers as typed, type + number, distinctive words with and without marks);
- generated: made from every sidecar the same way: the số/ký hiệu as printed, in lower case,
  with spaces for its separators, after "số", the type and the number ("công văn 303"), and
  the trích yếu's first six words with and without marks (often generic: "thông báo về việc").
Reciprocal rank counts the first 10 answers.

    .venv/bin/python benchmarks/search_quality.py [--samples DIR] [--engine tantivy|whoosh] [--ocr]

Scans go in without OCR unless --ocr (their header is then not searchable by words; their
queries still count).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.archive import Archive  # noqa: E402
from docgen.base.vntext import fold  # noqa: E402
from search.service import SearchIndex  # noqa: E402

TOP = 10
JUDGED = Path(__file__).with_name("judged_queries.tsv")


def judged_queries(path: Path = JUDGED) -> list[tuple[str, str, str]]:
    """(kind, query, sample file meant) of the judged set."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, query, meant = line.split("\t")
            rows.append((kind, query, meant))
    return rows


def queries_for(want: dict) -> list[tuple[str, str]]:
    """(kind, query) a clerk would type for this document."""
    out = []
    code = want.get("code")
    if code:
        number = code.split("/")[0].split("-")[0]
        out.append(("number as printed", code))
        out.append(("number, lower case", code.lower()))
        out.append(("number, spaced", re.sub(r"[/-]", " ", code)))
        out.append(("số + number", f"số {code}"))
        if want.get("type"):
            out.append(("type + number", f"{want['type'].lower()} {number}"))
    subject = re.sub(r"^V/v:?\s*", "", want.get("subject") or "", flags=re.IGNORECASE)
    words = [w for w in re.findall(r"[^\W\d_]+", subject)][:6]
    if len(words) >= 3:
        out.append(("subject words", " ".join(words).lower()))
        out.append(("subject words, no marks", fold(" ".join(words)).lower()))
    return out


def ranked_files(index: SearchIndex, query: str) -> list[str]:
    results = index.search(query, limit=TOP)
    if results.number is not None:
        return [e.file_name for look in results.lookups for e in look.entries][:TOP]
    return [h.entry.file_name for h in results.hits][:TOP]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=ROOT.parent / "shared" / "samples")
    parser.add_argument("--engine", default=None)
    parser.add_argument("--ocr", action="store_true", help="OCR the scans (minutes)")
    args = parser.parse_args(argv)
    sidecars = sorted(args.samples.rglob("*.expected.json"))
    if not sidecars:
        print(f"no *.expected.json under {args.samples}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="docgen-quality-") as tmp, Archive(Path(tmp) / "arch") as archive:
        generated, stored_as = [], {}
        for sidecar in sidecars:
            want = json.loads(sidecar.read_text(encoding="utf-8"))
            result = archive.add_file(sidecar.with_name(want["file"]), ocr=args.ocr)
            if result.entry is None:
                continue
            stored_as[want["file"]] = result.entry.file_name
            generated += [(kind, query, result.entry.file_name) for kind, query in queries_for(want)]
        judged = [(kind, query, stored_as[meant]) for kind, query, meant in judged_queries() if meant in stored_as]
        index = SearchIndex(archive, args.engine)
        index.sync()
        print(f"{archive.catalog.count()} documents ({index.engine_name})")
        for name, queries in (("judged", judged), ("generated", generated)):
            score(index, name, queries)
    return 0


def score(index: SearchIndex, name: str, queries: list[tuple[str, str, str]]) -> None:
    """Print the MRR of a query set by kind and in all, then every query not ranked first."""
    by_kind: dict[str, list[float]] = defaultdict(list)
    misses = []
    for kind, query, meant in queries:
        ranked = ranked_files(index, query)
        rank = ranked.index(meant) + 1 if meant in ranked else None
        by_kind[kind].append(1 / rank if rank else 0.0)
        if rank != 1:
            misses.append(f"{query!r}: {meant} at {rank or f'> {TOP}'}" + (f" (first: {ranked[0]})" if ranked else ""))
    every = [r for rs in by_kind.values() for r in rs]
    print(f"\n{name}: {len(queries)} queries")
    for kind, ranks in by_kind.items():
        print(f"  {kind:<24} n {len(ranks):>3}  MRR {sum(ranks) / len(ranks):.3f}")
    print(f"{name} MRR {sum(every) / len(every):.3f}")
    if misses:
        print(f"{len(misses)} not first:")
        for miss in misses:
            print(f"  {miss}")


if __name__ == "__main__":
    sys.exit(main())
