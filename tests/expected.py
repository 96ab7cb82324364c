"""Comparing a parsed record with a hand-read .expected.json, as the issues define it:
after NFC, case-folding and whitespace normalisation; after folding diacritics too
for a text whose OCR lost them."""

from __future__ import annotations

import json
from pathlib import Path

from docgen.base.vntext import fold, nfc, squash_spaces

HEADER_FIELDS = ("type", "code", "number", "issuer", "parent_issuer", "place", "date", "subject")
SIGNER_FIELDS = ("authority", "title", "name")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def normal(value, fold_marks: bool):
    if value is None or isinstance(value, int):
        return value
    text = squash_spaces(nfc(str(value))).casefold()
    return fold(text) if fold_marks else text


def field_pairs(record: dict, expected: dict):
    """(name, got, want) for every header field the expected file states."""
    for name in HEADER_FIELDS:
        if name in expected:
            yield name, record[name], expected[name]
    for name in SIGNER_FIELDS:
        if name in expected.get("signer", {}):
            yield f"signer.{name}", record["signer"][name], expected["signer"][name]
    if "recipients" in expected:
        yield "recipients", record["recipients"], expected["recipients"]


def mismatches(record: dict, expected: dict, fold_marks: bool = False) -> list[str]:
    out = []
    for name, got, want in field_pairs(record, expected):
        if isinstance(want, list):
            same = [normal(g, fold_marks) for g in got] == [normal(w, fold_marks) for w in want]
        else:
            same = normal(got, fold_marks) == normal(want, fold_marks)
        if not same:
            out.append(f"{name}: got {got!r}, want {want!r}")
    return out
