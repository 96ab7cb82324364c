"""How right the parser is on the hand-read documents of ../shared/samples.

Parses every document that has a NAME.expected.json under the samples folder
(the five samples, real/ and dev/) and prints, per header field, the share
right; precision, recall and F1 for references (code + date), deadlines
(distinct dates) and the effective date where a sidecar annotates them; then
every miss.

Comparison, as issue 13 defines it: issuer, parent issuer and subject case-,
space- and diacritics-insensitively (a final full stop ignored); code exactly
after removing spaces; date, type and number exactly; place and signer case-
and space-insensitively. A reference is the same when its code (folded, case-
blind, no spaces) and its date agree.

    .venv/bin/python benchmarks/accuracy.py [--samples DIR] [--only SUBSTRING] [--cache DIR]

--cache keeps each file's extracted text (keyed by the file's hash and the
extraction code's), so that trying a parser change does not OCR the scans again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.extract import Extracted, extract  # noqa: E402
from archive.parse import record_from_text, sha256_of  # noqa: E402
from docgen.base.vntext import fold, nfc, squash_spaces  # noqa: E402

HEADER_FIELDS = ("type", "code", "number", "issuer", "parent_issuer", "place", "date", "subject")
SIGNER_FIELDS = ("authority", "title", "name")
FOLDED_FIELDS = {"issuer", "parent_issuer", "subject"}


def normal(name: str, value) -> str | None:
    if value is None:
        return None
    text = squash_spaces(nfc(str(value)))
    if name == "code":
        return "".join(text.split())
    if name in ("date", "type", "number"):
        return text
    text = text.casefold()
    if name in FOLDED_FIELDS:
        text = fold(text).rstrip(" .")
    return text


def field_pairs(record: dict, expected: dict):
    for name in HEADER_FIELDS:
        if name in expected:
            yield name, record.get(name), expected[name]
    for name in SIGNER_FIELDS:
        if name in (expected.get("signer") or {}):
            yield f"signer.{name}", (record.get("signer") or {}).get(name), expected["signer"][name]


def code_key(code: str | None) -> str:
    return fold("".join((code or "").split())).casefold().rstrip(".")


def prf(got: set, want: set) -> tuple[int, int, int]:
    return len(got & want), len(got), len(want)


def extracted_text(path: Path, cache: Path | None) -> Extracted:
    if cache is None:
        return extract(path)
    code_hash = hashlib.sha256()
    for module in ("extract.py", "legacy_encoding.py", "ocr_repair.py", "pdf_layout.py"):
        source = ROOT / "archive" / module
        if source.exists():
            code_hash.update(source.read_bytes())
    key = f"{sha256_of(path)[:16]}-{code_hash.hexdigest()[:12]}.json"
    cached = cache / key
    if cached.exists():
        data = json.loads(cached.read_text(encoding="utf-8"))
        return Extracted(**data)
    extracted = extract(path)
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(extracted.__dict__, ensure_ascii=False), encoding="utf-8")
    return extracted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=ROOT.parent / "shared" / "samples")
    parser.add_argument("--only", default="", help="score only files whose name contains this")
    parser.add_argument("--cache", type=Path, help="keep extracted texts here between runs")
    args = parser.parse_args(argv)

    sidecars = sorted(args.samples.rglob("*.expected.json"))
    sidecars = [s for s in sidecars if args.only in s.name]
    if not sidecars:
        print(f"no *.expected.json under {args.samples}", file=sys.stderr)
        return 2

    per_field: dict[str, list[int]] = {}
    refs = [0, 0, 0]
    dls = [0, 0, 0]
    effs = [0, 0, 0]
    misses: list[str] = []
    parse_seconds = 0.0
    started = time.perf_counter()
    for sidecar in sidecars:
        want = json.loads(sidecar.read_text(encoding="utf-8"))
        path = sidecar.with_name(want["file"])
        rel = path.relative_to(args.samples)
        try:
            extracted = extracted_text(path, args.cache)
        except Exception as exc:  # a scorer reports, it does not stop
            misses.append(f"{rel}: extraction failed: {exc}")
            extracted = Extracted("", "none")
        t0 = time.perf_counter()
        record = record_from_text(path.name, extracted).to_dict()
        parse_seconds += time.perf_counter() - t0
        for name, got, expected in field_pairs(record, want):
            right = normal(name.split(".")[-1], got) == normal(name.split(".")[-1], expected)
            tally = per_field.setdefault(name, [0, 0])
            tally[0] += right
            tally[1] += 1
            if not right:
                misses.append(f"{rel}: {name}: got {got!r}, want {expected!r}")
        if "references" in want:
            got = {(code_key(r["code"]), r.get("date")) for r in record["references"]}
            expected = {(code_key(r["code"]), r.get("date")) for r in want["references"]}
            for i, n in enumerate(prf(got, expected)):
                refs[i] += n
            for code, date in sorted(got - expected, key=str):
                misses.append(f"{rel}: reference not in the document: {code} {date}")
            for code, date in sorted(expected - got, key=str):
                misses.append(f"{rel}: reference missed: {code} {date}")
        if "deadlines" in want:
            got = {d["date"] for d in record["deadlines"] if d.get("date")}
            expected = {d["date"] for d in want["deadlines"] if d.get("date")}
            for i, n in enumerate(prf(got, expected)):
                dls[i] += n
            for date in sorted(got - expected):
                misses.append(f"{rel}: deadline not in the document: {date}")
            for date in sorted(expected - got):
                misses.append(f"{rel}: deadline missed: {date}")

        if "effective" in want:
            got = {e["date"] for e in record["effective"] if e.get("date")}
            expected = {e["date"] for e in want["effective"] if e.get("date")}
            for i, n in enumerate(prf(got, expected)):
                effs[i] += n
            for date in sorted(got ^ expected):
                misses.append(f"{rel}: effective date {'not in the document' if date in got else 'missed'}: {date}")

    right = sum(t[0] for t in per_field.values())
    total = sum(t[1] for t in per_field.values())
    print(f"{len(sidecars)} documents, {time.perf_counter() - started:.1f} s "
          f"(parsing {parse_seconds:.2f} s)")
    print(f"header fields  {right}/{total} = {100 * right / max(total, 1):.1f}%")
    for name, (r, t) in per_field.items():
        print(f"  {name:<18} {r:>3}/{t:<3} {100 * r / max(t, 1):5.1f}%")
    for label, (tp, ng, nw) in (("references", refs), ("deadlines", dls), ("effective", effs)):
        p = tp / ng if ng else 1.0
        r = tp / nw if nw else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{label:<14} precision {p:.2f}  recall {r:.2f}  F1 {f1:.2f}  ({tp} right, {ng} found, {nw} expected)")
    if misses:
        print(f"\n{len(misses)} misses:")
        for miss in misses:
            print(f"  {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
