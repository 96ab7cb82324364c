"""Following references both ways: what a document cites, what cites it, what the
archive lacks, the citation graph, and the citation line a draft's basis expands to."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from archive.catalog import Catalog, Citation, Entry
from docgen.base import decree
from docgen.base.errors import DocgenError
from docgen.base.vntext import fold


@dataclass
class Missing:
    """A document cited but not archived, with the archived documents citing it."""

    code: str
    year: int | None
    date: str | None
    type: str | None
    subject: str | None
    citing: list = field(default_factory=list)  # the citing documents, once loaded (fill_citing)
    citing_ids: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many archived documents cite it."""
        return len(self.citing_ids)


def missing(catalog: Catalog) -> list[Missing]:
    """Cited documents the archive lacks, most cited first. A reference without a date
    joins a dated one of the same code when there is exactly one. Only the citing documents'
    ids are gathered: an office's archive cites tens of thousands of documents it does not
    hold, and a page shows fifty (fill_citing loads those)."""
    groups: dict[tuple[str, int | None], Missing] = {}
    undated: list[Citation] = []

    def cite(group: Missing, c: Citation) -> None:
        if c.doc_id not in group.citing_ids:
            group.citing_ids.append(c.doc_id)

    for c in catalog.unresolved():
        if c.date is None:
            undated.append(c)
            continue
        key = (c.key or decree.code_key(c.code), c.year)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Missing(c.code, c.year, c.date.isoformat(), c.type, c.subject)
        group.subject = group.subject or c.subject
        cite(group, c)
    dated_codes: dict[str, list[tuple[str, int | None]]] = {}
    for key in groups:
        dated_codes.setdefault(key[0], []).append(key)
    for c in undated:
        code = c.key or decree.code_key(c.code)
        same_code = dated_codes.get(code, [])
        key = same_code[0] if len(same_code) == 1 else (code, None)
        cite(groups.setdefault(key, Missing(c.code, None, None, c.type, c.subject)), c)
    return sorted(groups.values(), key=lambda m: (-m.count, -(m.year or 0), m.code))


def fill_citing(catalog: Catalog, rows: list[Missing]) -> list[Missing]:
    """The citing documents of these rows, as lists show them (a few queries for all)."""
    briefs = catalog.briefs([doc_id for m in rows for doc_id in m.citing_ids])
    for m in rows:
        m.citing = [briefs[i] for i in m.citing_ids if i in briefs]
    return rows


@dataclass
class Node:
    id: str
    label: str
    archived: bool


def _node_id(code: str, year: int | None) -> str:
    return f"{decree.code_key(code)}@{year or '?'}"


def graph(catalog: Catalog, around: list[Entry] | None = None) -> tuple[dict[str, Node], list[tuple[str, str]]]:
    """Nodes (documents, archived or only cited) and edges (citing → cited), for the whole
    archive or for the given documents and their neighbours."""
    nodes: dict[str, Node] = {}
    edges: list[tuple[str, str]] = []

    def add_entry(entry: Entry) -> str:
        r = entry.record
        node_id = _node_id(r.code or f"#{entry.id}", r.year)
        label = f"{r.code or entry.file_name} ({r.date.isoformat() if r.date else '?'})"
        nodes[node_id] = Node(node_id, label, True)
        return node_id

    def add_citation(source: str, c: Citation) -> None:
        if c.target_id is not None:
            target = add_entry(catalog.get(c.target_id))
        else:
            target = _node_id(c.code, c.year)
            nodes.setdefault(target, Node(target, f"{c.code} ({c.date.isoformat() if c.date else '?'})", False))
        if (source, target) not in edges:
            edges.append((source, target))

    entries = around if around is not None else catalog.list()
    for entry in entries:
        source = add_entry(entry)
        for c in catalog.citations_of(entry.id):
            add_citation(source, c)
        if around is not None and entry.record.code:
            year = entry.record.year
            for c in catalog.citing(entry.record.code, year):
                if c.target_id == entry.id or c.target_id is None and c.year == year:
                    edges_source = add_entry(catalog.get(c.doc_id))
                    if (edges_source, source) not in edges:
                        edges.append((edges_source, source))
    return nodes, edges


def to_dot(nodes: dict[str, Node], edges: list[tuple[str, str]]) -> str:
    lines = ["digraph references {", "  rankdir=LR;", '  node [shape=box, fontname="Times New Roman"];']
    for node in nodes.values():
        style = "" if node.archived else ", style=dashed"
        lines.append(f'  "{node.id}" [label={json.dumps(node.label, ensure_ascii=False)}{style}];')
    lines += [f'  "{a}" -> "{b}";' for a, b in edges]
    return "\n".join(lines + ["}"])


def to_mermaid(nodes: dict[str, Node], edges: list[tuple[str, str]]) -> str:
    ids = {node_id: f"n{i}" for i, node_id in enumerate(nodes)}
    lines = ["graph LR"]
    for node_id, node in nodes.items():
        label = node.label.replace('"', "'")
        lines.append(f'  {ids[node_id]}["{label}"]' if node.archived else f'  {ids[node_id]}("{label}")')
    lines += [f"  {ids[a]} --> {ids[b]}" for a, b in edges]
    return "\n".join(lines)


def to_json(nodes: dict[str, Node], edges: list[tuple[str, str]]) -> str:
    return json.dumps({"nodes": [vars(n) for n in nodes.values()],
                       "edges": [{"from": a, "to": b} for a, b in edges]}, ensure_ascii=False, indent=1)


def citation_line(entry: Entry, verb: str = "Căn cứ") -> str:
    """The full citation a first mention needs (Phụ lục I, II.6.b): type, number,
    date, issuer and trích yếu."""
    r = entry.record
    parts = [f"{verb} {r.type or 'văn bản'} số {r.code}"]
    if r.date:
        parts.append(f"ngày {decree.format_day(r.date.day)} tháng {decree.format_month(r.date.month)} năm {r.date.year}")
    if r.issuer:
        parts.append(f"của {r.issuer}")
    if r.subject:
        subject = r.subject
        if fold(subject).lower().startswith("v/v "):
            subject = subject[4:]
        subject = subject[:1].lower() + subject[1:]
        if not fold(subject).startswith("ve "):
            subject = f"về {subject}"
        parts.append(subject)
    return " ".join(parts)


@dataclass
class Lookup:
    """Everything the archive knows of one code: each year's archived document, what
    cites each of them, and the cited years that are not archived."""

    code: str
    entries: list[Entry]
    cited_by: dict[int, list[Entry]]
    not_archived: list[Missing]


def lookup(catalog: Catalog, code: str, year: int | None = None) -> Lookup:
    entries = catalog.by_code(code, year)
    cited_by: dict[int, list[Entry]] = {e.id: [] for e in entries}
    unresolved: dict[int | None, Missing] = {}
    for c in catalog.citing(code, year):
        citing = catalog.get(c.doc_id)
        if c.target_id in cited_by:
            if all(e.id != citing.id for e in cited_by[c.target_id]):
                cited_by[c.target_id].append(citing)
        elif c.target_id is None:
            group = unresolved.setdefault(c.year, Missing(c.code, c.year, c.date.isoformat() if c.date else None,
                                                          c.type, c.subject))
            if all(e.id != citing.id for e in group.citing):
                group.citing.append(citing)
                group.citing_ids.append(citing.id)
    not_archived = sorted(unresolved.values(), key=lambda m: -(m.year or 0))
    return Lookup(code, entries, cited_by, not_archived)


# A basis written by its code: "Thực hiện 406/KH-UBND/2022" (the year after a slash), a code that
# carries its year, "Căn cứ 16/2026/QĐ-UBND" (the picker offers it so), or a code alone whose one
# archived document is meant, "Căn cứ 406/KH-UBND". The last two only after a basis verb alone, so
# that a full line written by hand ("Căn cứ Luật … số 72/2025/QH15") stays as written.
_CODE = r"\d{1,6}(?:\.\d{1,3})?\s*(?:/\s*(?P<inner>(?:19|20)\d{2})\s*)?[/-]\s*[A-Za-zĐđ][^\s]*?"
BASIS_BY_CODE = re.compile(r"^(?:(?P<verb>.*\S)\s+)?(?P<code>" + _CODE + r")/(?P<year>(?:19|20)\d{2})$")
BASIS_VERB_CODE = re.compile(r"^(?:(?P<verb>Căn cứ|Thực hiện|Theo|Xét|Triển khai|Kèm theo)\s+)?(?P<code>" + _CODE
                             + r")(?P<year>)$", re.IGNORECASE)


def basis_by_code(basis: str) -> re.Match | None:
    """A basis written by its code in one of the forms above (its match), or None for a line
    written out in full: what expand_bases expands, and what tells whether it must run."""
    text = basis.strip()
    return BASIS_BY_CODE.match(text) or BASIS_VERB_CODE.match(text)


class BasisError(DocgenError):
    """A basis given by code that the archive does not hold; str() names it."""

    title = "Căn cứ chưa tìm thấy"

    def __init__(self, index: int, message: str):
        self.index = index
        super().__init__(message)


def expand_bases(bases: list[str], catalog: Catalog) -> list[str]:
    """A basis written "406/KH-UBND/2022" (or "Thực hiện 406/KH-UBND/2022") becomes the
    full citation line from the archived record; other lines stay as written."""
    expanded = []
    for index, basis in enumerate(bases):
        m = basis_by_code(basis)
        if not m:
            expanded.append(basis)
            continue
        code = m["code"]
        year = int(m["year"] or m["inner"]) if (m["year"] or m["inner"]) else None
        found = catalog.by_code(code, year)
        if len(found) != 1:  # never printed as typed: a basis by code is the archived document or an error
            of_year = f" of {year}" if year else ""
            problem = ("is not in the archive" if not found else f"is in the archive {len(found)} times"
                       + ("" if year else ": add its year, as 406/KH-UBND/2022"))
            raise BasisError(index, f"{decree.normalise_code(code)}{of_year} {problem}")
        expanded.append(citation_line(found[0], m["verb"] or "Căn cứ"))
    return expanded
