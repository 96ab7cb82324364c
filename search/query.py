"""What a clerk types, parsed: words (all required), "quoted phrases", -excluded words,
OR between alternatives, and field prefixes (issuer:, type:, subject:, signer:)."""

from __future__ import annotations

import datetime as _dt
import shlex
from dataclasses import dataclass, field

from docgen.base import decree
from docgen.base.vntext import fold
from search.analyzer import folded_words, words

FIELDS = {"issuer": "issuer", "type": "type", "subject": "subject", "signer": "signer",
          "co-quan": "issuer", "loai": "type", "trich-yeu": "subject", "nguoi-ky": "signer"}


@dataclass
class Clause:
    """One word or phrase in one field; `written` keeps the diacritics the user typed."""

    field: str  # "text", "issuer", "type", "subject", "signer"
    folded: list[str]
    written: list[str]

    @property
    def is_phrase(self) -> bool:
        return len(self.folded) > 1


@dataclass
class Query:
    must: list[Clause] = field(default_factory=list)
    any_of: list[list[Clause]] = field(default_factory=list)  # groups joined by OR; each group is required
    must_not: list[Clause] = field(default_factory=list)

    @property
    def highlight_words(self) -> list[list[str]]:
        clauses = self.must + [c for group in self.any_of for c in group]
        return [c.folded for c in clauses if c.field in ("text", "subject")]


@dataclass
class Filters:
    type: str | None = None
    issuer: str | None = None
    signer: str | None = None
    date_from: _dt.date | None = None
    date_to: _dt.date | None = None
    year: int | None = None


def _clause(token: str) -> list[Clause]:
    name, _, rest = token.partition(":")
    target = FIELDS.get(name.lower()) if rest else None
    text = rest if target else token
    folded, written = folded_words(text), words(text)
    if not folded:
        return []
    # a word of several parts ("175/KH-UBND", "cải-cách") is a phrase: its parts in order
    return [Clause(target or "text", folded, written)]


def parse(text: str) -> Query:
    try:
        tokens = shlex.split(text.replace("“", '"').replace("”", '"'))
    except ValueError:  # an unbalanced quote: read the words as they are
        tokens = text.replace('"', " ").split()
    query = Query()
    pending_or: list[Clause] | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.upper() == "OR" and (query.must or pending_or) and i + 1 < len(tokens):
            group = pending_or if pending_or is not None else [query.must.pop()]
            group += _clause(tokens[i + 1])
            pending_or = group
            i += 2
            continue
        if pending_or is not None:
            query.any_of.append(pending_or)
            pending_or = None
        if token.startswith("-") and len(token) > 1:
            query.must_not += _clause(token[1:])
        else:
            query.must += _clause(token)
        i += 1
    if pending_or is not None:
        query.any_of.append(pending_or)
    return query


# Kinds of document, folded, as one or more words: a query that names one ("chỉ thị ...") ranks
# documents of that kind first, not pages that merely hold the words ("chi phí").
_TYPE_NAMES = sorted({tuple(fold(t.name).lower().split()) for t in decree.DOC_TYPES + decree.LEGAL_TYPES},
                     key=len, reverse=True)


def _named_kinds(query: Query) -> tuple[list[list[str]], list[int]]:
    """The kinds of document the query's words name, in the order they stand (folded words),
    and the places in query.must of the words that name them."""
    single = [(n, c.folded[0]) for n, c in enumerate(query.must) if c.field == "text" and len(c.folded) == 1]
    words = [w for _, w in single]
    found, places, i = [], [], 0
    while i < len(words):
        for name in _TYPE_NAMES:
            if tuple(words[i: i + len(name)]) == name:
                found.append(list(name))
                places += [n for n, _ in single[i: i + len(name)]]
                i += len(name)
                break
        else:
            i += 1
    return found, places


def type_words(query: Query) -> list[list[str]]:
    """The kinds of document the query's words name, in the order they stand (folded words)."""
    return _named_kinds(query)[0]


def subject_clauses(query: Query) -> list[Clause]:
    """The words and phrases the query looks for in the text, asked of the trích yếu too: a
    document whose trích yếu says them is about them, not one that mentions them in passing.
    A word typed with its marks is asked as written ("hoá" is not "hoa").
    The words that name a kind of document ("chỉ thị") ask the type, not the trích yếu."""
    kind_words = set(_named_kinds(query)[1])
    clauses = [c for n, c in enumerate(query.must) if n not in kind_words]
    clauses += [c for group in query.any_of for c in group]
    return [Clause("subject_exact", c.written, c.written) if c.written != c.folded
            else Clause("subject", c.folded, c.folded) for c in clauses if c.field == "text"]
