"""What a clerk types, parsed: words (all required), "quoted phrases", -excluded words,
OR between alternatives, and field prefixes (issuer:, type:, subject:, signer:)."""

from __future__ import annotations

import datetime as _dt
import shlex
from dataclasses import dataclass, field

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
