"""The pages that list across the archive, at an office's size: /missing (cited but not
archived, ranked) and /deadlines (what is due), over a synthetic archive of 10,000 documents
built as search_bench builds them (references and deadlines included), through the app.

    .venv/bin/python benchmarks/pages_bench.py [--docs 10000] [--requests 30] [--keep DIR]

Prints p50/p95 of each page (request to last byte, in-process), and how many rows it ranks.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bench import build_archive  # noqa: E402

from docgen.web import create_app  # noqa: E402


def timed(client, path: str, params: dict, count: int) -> tuple[list[float], str]:
    times, body = [], ""
    for _ in range(count):
        start = time.perf_counter()
        answer = client.get(path, params=params)
        body = answer.text
        times.append(time.perf_counter() - start)
        assert answer.status_code == 200, (path, answer.status_code)
    return times, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", type=Path, help="Build the archive here once and reuse it.")
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    folder = args.keep or Path(tempfile.mkdtemp(prefix="docgen-pages-")) / "arch"
    if not (folder / "catalog.sqlite").exists():
        start = time.perf_counter()
        build_archive(folder, args.docs)
        print(f"built {args.docs} documents in {time.perf_counter() - start:.0f} s")
    client = TestClient(create_app(folder, allowed_hosts=("testserver",)))
    print(f"{args.docs} documents; {args.requests} requests a page")
    for label, path, params in (("/missing, page 1", "/missing", {}), ("/missing, page 20", "/missing", {"trang": 20}),
                                ("/deadlines (last 30 days on)", "/deadlines", {}),
                                ("/deadlines, one unit", "/deadlines", {"responsible": "NV"}),
                                ("/deadlines, a year", "/deadlines", {"from": "01/01/2024", "to": "31/12/2024"})):
        client.get(path, params=params)  # warm
        times, body = timed(client, path, params, args.requests)
        rows = len(re.findall(r"<tr>", body)) - 1
        total = re.search(r"(\d+) văn bản; trang", body)
        print(f"{label:<32} p50 {statistics.median(times) * 1000:6.0f} ms  p95 "
              f"{statistics.quantiles(times, n=20)[18] * 1000:6.0f} ms  ({rows} rows shown"
              + (f" of {total.group(1)}" if total else "") + ")")


if __name__ == "__main__":
    main()
