"""The interface both engines implement, and what goes in and comes out of them."""

from __future__ import annotations

import datetime as _dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from docgen.base.errors import DocgenError
from docgen.base.vntext import canonical_tones
from search.query import Filters, Query
from search.snippets import Snippet

ENGINES = ("tantivy", "whoosh")

# How both engines rank, on top of BM25: a word typed with its marks matching them as written,
# a query naming a kind of document matching the type, its words in the trích yếu.
EXACT_BOOST = 2.0
TYPE_BOOST = 3.0
SUBJECT_BOOST = 3.0


class EngineError(DocgenError, ValueError):
    """A search engine that cannot be used here."""

    title = "Không dùng được bộ máy tìm kiếm"


@dataclass
class IndexDoc:
    """One archived document as the index sees it."""

    doc_id: int
    text: str  # the whole text, header included, as written (snippets show it)
    subject: str = ""
    issuer: str = ""
    type: str = ""
    signer: str = ""
    date: _dt.date | None = None
    codes: list[str] = field(default_factory=list)  # its own code key and those it cites

    @property
    def subject_exact(self) -> str:
        return canonical_tones(self.subject)

    @property
    def exact(self) -> str:
        """The text for the word-as-written field: one placement of the tone in oa/oe/uy
        ("hóa" and "hoá" one word), as search.analyzer cuts the query."""
        return canonical_tones(self.text)


@dataclass
class Hit:
    doc_id: int
    score: float
    snippet: Snippet | None = None  # made by the engine from its index; None: the service makes one


class Engine(ABC):
    name: str
    emptied = False  # its files could not be opened and were started anew: the index must be rebuilt

    @abstractmethod
    def add(self, docs: list[IndexDoc]) -> None:
        """Add (or replace) documents and commit."""

    @abstractmethod
    def delete(self, doc_ids: list[int]) -> None: ...

    @abstractmethod
    def search(self, query: Query, filters: Filters, limit: int, sort: str = "relevance",
               snippets_from: int = 0) -> tuple[list[Hit], int]:
        """The best `limit` hits, and how many matched in all. sort: "relevance" or "date" (newest first).
        An engine that keeps what snippets are cut from gives the hits after `snippets_from`
        their snippet where it can (the service cuts the others from the catalog's text)."""

    @abstractmethod
    def doc_ids(self) -> set[int]: ...

    @abstractmethod
    def clear(self) -> None: ...

    def optimize(self) -> None:
        """After a bulk build: merge what the engine leaves unmerged (nothing by default)."""


def date_number(date: _dt.date | None) -> int:
    return int(date.strftime("%Y%m%d")) if date else 0
