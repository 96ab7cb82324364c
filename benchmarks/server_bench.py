"""Several clerks on two app nodes sharing one PostgreSQL database and one originals folder,
each node with its own search index: `docgen serve` twice on loopback, clients (half on each
node) adding documents, taking numbers and searching for a fixed time, each sending its next
request when the last is answered.

    .venv/bin/python benchmarks/server_bench.py [--seconds 60] [--clients 8] [--baseline-seconds 30]

Prints: numbers issued, duplicates and gaps (must be 0), seconds until a document added on
one node is found by a search on the other (p50/p95), search p50/p95 under that load, and
documents added a second, against the same load on one node with SQLite in its folder.
A throwaway cluster is started (scripts/pg_cluster.py) and removed at the end.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import pg_cluster  # noqa: E402
from web_bench import start_server  # noqa: E402

from docgen.library import Library, init_database  # noqa: E402

SAMPLES = ROOT / "tests" / "fixtures" / "samples"
ISSUER = "Ủy ban nhân dân Quận 1"
SEARCH_WORDS = ["cải cách hành chính", "thi đua", "kế hoạch", "chuyển đổi số", "ngân sách", "phòng chống",
                "cai cach hanh chinh", "báo cáo kết quả", "ủy ban nhân dân", "an toàn thực phẩm"]


def serve(folder: Path, log: Path, database: str | None, objects: Path | None) -> tuple[subprocess.Popen, int]:
    return start_server(folder, log, *(["--database", database, "--objects", str(objects)] if database else []))


class Documents:
    """Documents of realistic length: a header of its own (number, date, a word of its own to
    search for in the trích yếu) over the body of one of the real sample texts."""

    def __init__(self):
        self.bodies = ["\n".join(p.read_text(encoding="utf-8").splitlines()[12:]) for p in sorted(SAMPLES.glob("*.txt"))]
        self.numbers = itertools.count(1000)
        self.lock = threading.Lock()

    def next(self) -> tuple[str, str]:
        with self.lock:
            n = next(self.numbers)
        token = f"mabx{n}"
        header = (f"ỦY BAN NHÂN DÂN QUẬN 1    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                  f"Số: {n}/KH-UBND\nQuận 1, ngày {1 + n % 28:02d} tháng {1 + n % 12:02d} năm 2025\nKẾ HOẠCH\n"
                  f"Triển khai nhiệm vụ {token} trên địa bàn Quận 1 năm 2025\n")
        return token, header + self.bodies[n % len(self.bodies)] + "\n"


class Client(threading.Thread):
    def __init__(self, name: str, port: int, other_port: int | None, documents: Documents, until: float, seed: int):
        super().__init__(name=name)
        self.base = f"http://127.0.0.1:{port}"
        self.other = f"http://127.0.0.1:{other_port}" if other_port else None
        self.documents, self.until, self.rng = documents, until, random.Random(seed)
        self.search_times: list[float] = []
        self.propagation: list[float] = []
        self.numbers: list[int] = []
        self.added = 0
        self.errors: list[str] = []

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=120, headers={"Origin": self.base}) as http:
            token = re.search(r'name="csrf" value="([^"]+)"', http.get("/upload").text).group(1)
            while time.monotonic() < self.until:
                roll = self.rng.random()
                try:
                    if roll < 0.3:
                        self.add(http, token)
                    elif roll < 0.5:
                        self.take_number(http, token)
                    else:
                        self.search(http, self.rng.choice(SEARCH_WORDS))
                except (httpx.HTTPError, AssertionError) as exc:
                    self.errors.append(f"{type(exc).__name__}: {exc}")

    def search(self, http: httpx.Client, words: str) -> str:
        start = time.perf_counter()
        answer = http.get("/", params={"q": words})
        self.search_times.append(time.perf_counter() - start)
        assert answer.status_code == 200, answer.status_code
        return answer.text

    def add(self, http: httpx.Client, token: str) -> None:
        word, text = self.documents.next()
        answer = http.post("/upload", params={"csrf": token},
                           files=[("files", (f"{word}.txt", text.encode("utf-8"), "text/plain"))])
        assert answer.status_code == 200 and "đã thêm" in answer.text, answer.text[-300:]
        self.added += 1
        if not self.other:
            return
        added_at = time.perf_counter()
        with httpx.Client(base_url=self.other, timeout=60) as other:
            while time.perf_counter() - added_at < 60:  # found on the other node?
                if "/doc/" in (page := self.search(other, word)) and word in page.lower():
                    self.propagation.append(time.perf_counter() - added_at)
                    return
                time.sleep(0.05)
        self.errors.append(f"{word} not found on the other node within 60 s")

    def take_number(self, http: httpx.Client, token: str) -> None:
        answer = http.post("/so-van-ban/cap-so", data={"issuer": ISSUER, "type_name": "Công văn", "csrf": token})
        found = re.search(r"Đã cấp số (\d+)", answer.text)
        assert found, answer.text[-300:]
        self.numbers.append(int(found.group(1)))


def seed(library: Library, count: int) -> None:
    """The archive the load starts from: the real samples and copies of them."""
    documents = Documents()
    folder = Path(tempfile.mkdtemp(prefix="docgen-seed-"))
    for _ in range(count):
        word, text = documents.next()
        (folder / f"{word}.txt").write_text(text, encoding="utf-8")
    library.add([folder], ocr=False)
    shutil.rmtree(folder)
    documents.numbers = itertools.count(1000 + count)


def run_load(ports: list[int], clients: int, seconds: float, documents: Documents) -> list[Client]:
    until = time.monotonic() + seconds
    workers = []
    for i in range(clients):
        port = ports[i % len(ports)]
        other = ports[(i + 1) % len(ports)] if len(ports) > 1 else None
        workers.append(Client(f"c{i}", port, other, documents, until, seed=i))
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return workers


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values[0] if values else float("nan"))


def report(label: str, workers: list[Client], seconds: float) -> float:
    searches = [t for w in workers for t in w.search_times]
    added = sum(w.added for w in workers)
    errors = [e for w in workers for e in w.errors]
    print(f"{label}: {added} documents added ({added / seconds:.2f}/s), {len(searches)} searches "
          f"(p50 {percentile(searches, 50) * 1000:.0f} ms, p95 {percentile(searches, 95) * 1000:.0f} ms), "
          f"{len(errors)} errors")
    for e in errors[:5]:
        print(f"    {e}")
    return added / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed-docs", type=int, default=200)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="docgen-server-bench-"))
    cluster = Path(tempfile.mkdtemp(prefix="docgen-pg-"))
    servers = []
    try:
        url = pg_cluster.create_database(pg_cluster.start(cluster), "bench")
        init_database(url)
        objects = work / "objects"
        with Library(work / "seeder", url, objects) as library:
            seed(library, args.seed_docs)
        ports = []
        for node in ("node1", "node2"):
            server, port = serve(work / node, work / f"{node}.log", url, objects)
            servers.append(server)
            ports.append(port)
        documents = Documents()
        documents.numbers = itertools.count(1000 + args.seed_docs)
        print(f"two nodes, one PostgreSQL, {args.clients} clients for {args.seconds:.0f} s "
              f"({args.seed_docs} documents to start with)")
        workers = run_load(ports, args.clients, args.seconds, documents)
        shared_rate = report("shared", workers, args.seconds)
        issued = sorted(n for w in workers for n in w.numbers)
        with Library(work / "checker", url, objects) as library:
            rows = library.register_rows("outgoing", time.localtime().tm_year)
            in_register = sorted(r.number for r in rows)
            cancelled = {r.number for r in rows if r.status == "cancelled"}
            index_ok = not library.verify()[0]
        duplicates = len(issued) - len(set(issued))
        gaps = [n for n in range(1, (max(in_register) if in_register else 0) + 1)
                if n not in set(in_register) and n not in cancelled]
        print(f"numbers issued {len(issued)} (register holds {len(in_register)}), duplicates {duplicates}, "
              f"gaps that are not cancellations {len(gaps)}; catalog verified: {'ok' if index_ok else 'PROBLEMS'}")
        delays = [d for w in workers for d in w.propagation]
        print(f"added on one node, found on the other: {len(delays)} documents, "
              f"p50 {percentile(delays, 50):.2f} s, p95 {percentile(delays, 95):.2f} s, max {max(delays or [0]):.2f} s")
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        servers.clear()

        single = work / "single"
        with Library(single, database="") as library:
            seed(library, args.seed_docs)
        server, port = serve(single, work / "single.log", None, None)
        servers.append(server)
        documents = Documents()
        documents.numbers = itertools.count(1000 + args.seed_docs)
        print(f"one node, SQLite in its folder, {args.clients} clients for {args.baseline_seconds:.0f} s")
        single_rate = report("single", run_load([port], args.clients, args.baseline_seconds, documents),
                             args.baseline_seconds)
        print(f"ingest: two nodes on PostgreSQL {shared_rate:.2f}/s against one node on SQLite "
              f"{single_rate:.2f}/s ({shared_rate / single_rate:.2f}×)")
    finally:
        for server in servers:
            server.terminate()
        pg_cluster.stop(cluster)
        shutil.rmtree(cluster, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
