"""The interface both engines implement, and what goes in and comes out of them."""

from __future__ import annotations

import datetime as _dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from docgen.base.errors import DocgenError
from search.query import Filters, Query

ENGINES = ("tantivy", "whoosh")


class EngineError(DocgenError, ValueError):
    """A search engine that cannot be used here."""

    title = "Không dùng được bộ máy tìm kiếm"


@dataclass
class IndexDoc:
    """One archived document as the index sees it."""

    doc_id: int
    text: str  # the whole text, header included
    subject: str = ""
    issuer: str = ""
    type: str = ""
    signer: str = ""
    date: _dt.date | None = None
    codes: list[str] = field(default_factory=list)  # its own code key and those it cites


@dataclass
class Hit:
    doc_id: int
    score: float


class Engine(ABC):
    name: str

    @abstractmethod
    def add(self, docs: list[IndexDoc]) -> None:
        """Add (or replace) documents and commit."""

    @abstractmethod
    def delete(self, doc_ids: list[int]) -> None: ...

    @abstractmethod
    def search(self, query: Query, filters: Filters, limit: int, sort: str = "relevance") -> tuple[list[Hit], int]:
        """The best `limit` hits, and how many matched in all. sort: "relevance" or "date" (newest first)."""

    @abstractmethod
    def doc_ids(self) -> set[int]: ...

    @abstractmethod
    def clear(self) -> None: ...

    def optimize(self) -> None:
        """After a bulk build: merge what the engine leaves unmerged (nothing by default)."""


def date_number(date: _dt.date | None) -> int:
    return int(date.strftime("%Y%m%d")) if date else 0
