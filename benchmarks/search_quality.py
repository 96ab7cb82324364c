"""How often search puts first the document a clerk means: MRR over judged queries.

The documents are those of ../shared/samples that have a hand-read NAME.expected.json; the
queries are made from what those sidecars say a reader sees, the way clerks type: the
số/ký hiệu as printed, in lower case, with spaces for its separators, after "số", the type
and the number ("công văn 303"), and the trích yếu's first words with and without marks. The
document a query means is the sidecar's own. Reciprocal rank counts the first 10 answers.

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
        judged = []
        for sidecar in sidecars:
            want = json.loads(sidecar.read_text(encoding="utf-8"))
            result = archive.add_file(sidecar.with_name(want["file"]), ocr=args.ocr)
            if result.entry is None:
                continue
            judged += [(kind, query, result.entry.file_name) for kind, query in queries_for(want)]
        index = SearchIndex(archive, args.engine)
        index.sync()
        by_kind: dict[str, list[float]] = defaultdict(list)
        misses = []
        for kind, query, meant in judged:
            ranked = ranked_files(index, query)
            rank = ranked.index(meant) + 1 if meant in ranked else None
            by_kind[kind].append(1 / rank if rank else 0.0)
            if rank != 1:
                misses.append(f"{query!r}: {meant} at {rank or f'> {TOP}'}" + (f" (first: {ranked[0]})" if ranked else ""))
        every = [r for rs in by_kind.values() for r in rs]
        print(f"{len(judged)} judged queries over {archive.catalog.count()} documents ({index.engine_name})")
        for kind, ranks in by_kind.items():
            print(f"  {kind:<24} n {len(ranks):>3}  MRR {sum(ranks) / len(ranks):.3f}")
        print(f"MRR {sum(every) / len(every):.3f}")
        if misses:
            print(f"\n{len(misses)} not first:")
            for miss in misses:
                print(f"  {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
