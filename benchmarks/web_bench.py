"""The search page under load: `docgen serve` on the synthetic archive of search_bench
(100,000 documents by default), asked by a fixed number of clients on loopback, each sending
its next request when the last one is answered (a bounded, closed-loop load).

    .venv/bin/python benchmarks/web_bench.py [--docs 100000] [--clients 4] [--requests 2000] [--keep DIR]

Prints p50/p95 of the whole page (request sent → last byte read) for numbers, words, queries
without diacritics, phrases, filtered queries and the document page, and the pages a second.
"""

from __future__ import annotations

import argparse
import http.client
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bench import TYPES, build_archive, reindex, sample_records  # noqa: E402

from docgen.base.vntext import fold  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path, log: Path, *options: str) -> tuple[subprocess.Popen, int]:
    """`docgen serve` on a free port, answering; options: its other options (--engine, --database …).
    The server's output goes to a file: a pipe nobody reads stops the server once it is full."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "docgen.cli", "serve", "--archive", str(folder), "--port", str(port),
                               *options], stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"docgen serve did not start: {log.read_text()}")


def request_maker(records, words, doc_count: int, seed: int):
    rng = random.Random(seed)
    common = [w for w in words if len(w) > 3]
    phrases = [" ".join(r.subject.split()[:3]) for r in records if len(r.subject.split()) > 3]

    def search(q: str, **filters) -> str:
        return "/?" + urllib.parse.urlencode({"q": q, **filters})

    kinds = {
        "number": lambda: search(rng.choice(records).code),
        "word": lambda: search(rng.choice(common)),
        "no diacritics": lambda: search(fold(" ".join(rng.sample(common, 2)))),
        "phrase": lambda: search(f'"{rng.choice(phrases)}"'),
        "filtered": lambda: search(rng.choice(common), type=rng.choice(TYPES)[0], year=str(rng.randint(2015, 2026))),
        "document page": lambda: f"/doc/{rng.randint(1, doc_count)}",
    }
    names = list(kinds)

    def make() -> tuple[str, str]:
        name = rng.choice(names)
        return name, kinds[name]()

    return make


def client(port: int, make, count: int, out: list, errors: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(count):
        kind, path = make()
        start = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{path}: {exc}")
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        elapsed = time.perf_counter() - start
        if response.status != 200 or b"</html>" not in body:
            errors.append(f"{path}: HTTP {response.status}")
        out.append((kind, elapsed))


def line(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"n {len(ordered):5d}  p50 {statistics.median(ordered) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=4, help="requests in flight at once")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--engine", default="tantivy")
    parser.add_argument("--keep", type=Path, help="Build the synthetic archive here and keep it (search_bench's --keep).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp) / f"archive-{args.docs}"
        if (folder / "catalog.sqlite").exists():
            records, words = sample_records(folder)
        else:
            start = time.perf_counter()
            records, words = build_archive(folder, args.docs)
            print(f"synthetic archive: {args.docs} documents in {time.perf_counter() - start:.0f} s", flush=True)
        if not (folder / "index" / args.engine).exists():
            built = reindex(folder, args.engine)
            print(f"{args.engine} index built in {built['seconds']:.0f} s", flush=True)
        log = Path(tmp) / "serve.log"
        server, port = start_server(folder, log, "--engine", args.engine)
        try:
            warm = request_maker(records, words, args.docs, seed=1)
            client(port, warm, 30, [], [])  # open the index and the catalog's pages
            results: list[tuple[str, float]] = []
            errors: list[str] = []
            per_client = args.requests // args.clients
            threads = [threading.Thread(target=client, args=(port, request_maker(records, words, args.docs, seed=10 + i),
                                                             per_client, results, errors))
                       for i in range(args.clients)]
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(10)
    print(f"{args.docs} documents, {args.engine}, {args.clients} clients on loopback, {len(results)} pages "
          f"in {wall:.1f} s ({len(results) / wall:.1f} pages/s), {len(errors)} errors")
    for kind in ("number", "word", "no diacritics", "phrase", "filtered", "document page"):
        samples = [t for k, t in results if k == kind]
        if samples:
            print(f"  {kind:<14} {line(samples)}")
    print(f"  {'all searches':<14} {line([t for k, t in results if k != 'document page'])}")
    for error in errors[:5]:
        print(f"  error: {error}")
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
