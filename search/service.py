"""The index kept in step with the catalog, and the answers to what clerks type:
a number (every year's document with it, and what cites it) or words."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from archive.archive import Archive
from archive.catalog import Entry
from archive.crossref import Lookup, lookup
from docgen.base import decree
from search.analyzer import ANALYZER_VERSION
from search.engine import ENGINES, Engine, EngineError, IndexDoc
from search.engines import open_engine
from search.numbers import NumberQuery, parse_number
from search.query import Filters, parse
from search.snippets import Snippet, make_snippet

BATCH = 1000


def default_engine() -> str:
    """$DOCGEN_ENGINE, else tantivy when its wheel is installed, else Whoosh."""
    if env := os.environ.get("DOCGEN_ENGINE"):
        return env
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return "whoosh"
    return "tantivy"


@dataclass
class TextHit:
    entry: Entry
    score: float
    snippet: Snippet


@dataclass
class Results:
    query: str
    number: NumberQuery | None = None
    lookups: list[Lookup] = field(default_factory=list)  # for a number: one per matching code
    hits: list[TextHit] = field(default_factory=list)  # for words
    total: int = 0
    unknown_number: NumberQuery | None = None  # a number nothing has nor cites: searched as words


class SearchIndex:
    def __init__(self, archive: Archive, engine: str | None = None):
        self.archive = archive
        self.engine_name = engine or default_engine()
        if self.engine_name not in ENGINES:
            raise EngineError(f"unknown search engine '{self.engine_name}' (one of {', '.join(ENGINES)})")
        self.folder = archive.location / "index"
        self.engine: Engine = open_engine(self.engine_name, self.folder)
        self.state_file = self.folder / f"{self.engine_name}.state.json"

    # --- keeping in step -------------------------------------------------------------

    def _state(self) -> int:
        """The last line of the catalog's change log this index has applied; -1 when the index
        was made by other word rules, by an older docgen that counted ids, or its engine had to
        start its files anew, so that it is rebuilt."""
        if self.engine.emptied:
            return -1
        try:
            state = json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return 0
        if state.get("analyzer") != ANALYZER_VERSION or "change" not in state:
            return -1
        return state["change"]

    def _save_state(self, change: int) -> None:
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"change": change, "analyzer": ANALYZER_VERSION}))
        os.replace(tmp, self.state_file)

    def index_doc(self, doc_id: int) -> IndexDoc | None:
        """The document as the index sees it; None when the catalog no longer has it."""
        catalog = self.archive.catalog
        entry = catalog.get(doc_id)
        if entry is None:
            return None
        r = entry.record
        codes = {decree.code_key(r.code)} if r.code else set()
        codes |= {decree.code_key(c.code) for c in r.references}
        return IndexDoc(doc_id=doc_id, text=catalog.text(doc_id), subject=r.subject or "", issuer=r.issuer or "",
                        type=r.type or "", signer=r.signer.name or "", date=r.date, codes=sorted(codes))

    @contextmanager
    def writing(self, wait: bool = True) -> Iterator[bool]:
        """One writer of the index at a time, across threads and processes (an upload in the
        browser, a search catching up, `docgen archive add`): tantivy refuses a second writer.
        Yields False when wait is off and someone else is writing."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / f"{self.engine_name}.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def sync(self, progress: Callable[[int], None] | None = None, wait: bool = True) -> int:
        """Index the documents added since the last sync; returns how many. wait=False: leave
        it to whoever is writing now (a search answers from what is indexed meanwhile)."""
        with self.writing(wait) as mine:
            return self._sync(progress) if mine else 0

    def _sync(self, progress: Callable[[int], None] | None) -> int:
        """Apply the change log from where this index stopped, a batch at a time, saving the
        place after each commit: a node stopped midway replays at most one batch, and adding a
        document the index holds replaces it, so nothing is indexed twice."""
        last = self._state()
        if last < 0:  # made by other rules: start again
            self.engine.clear()
            last = 0
        done = 0
        catalog = self.archive.catalog
        while changes := catalog.changes(after=last, limit=BATCH):
            latest: dict[int, str] = {}
            for change in changes:  # only a document's last change in the batch matters
                latest.pop(change.doc_id, None)
                latest[change.doc_id] = change.kind
            gone = [doc_id for doc_id, kind in latest.items() if kind == "delete"]
            docs = [doc for doc_id, kind in latest.items() if kind != "delete"
                    if (doc := self.index_doc(doc_id)) is not None]
            if gone:
                self.engine.delete(gone)
            self.engine.add(docs)
            last = changes[-1].seq
            self._save_state(last)
            done += len(docs)
            if progress:
                progress(len(docs))
        return done

    def reindex(self, progress: Callable[[int], None] | None = None) -> int:
        """Rebuild from the catalog, a batch at a time (bounded memory)."""
        with self.writing():
            self.engine.clear()
            self._save_state(0)
            done = self._sync(progress)
            self.engine.optimize()
        return done

    def verify(self) -> list[str]:
        """What is wrong with the index, one line each: documents in the catalog but not in
        the index, or the other way round (archive.verify checks the rest)."""
        problems = []
        catalog = self.archive.catalog
        catalog_ids = set(catalog.ids())
        index_ids = self.engine.doc_ids()
        for doc_id in sorted(catalog_ids - index_ids):
            entry = catalog.get(doc_id)
            label = (entry.record.code or entry.file_name) if entry else "its row cannot be read"
            problems.append(f"document {doc_id} ({label}) is not in the {self.engine_name} index: "
                            "run docgen archive reindex")
        for doc_id in sorted(index_ids - catalog_ids):
            problems.append(f"the {self.engine_name} index holds document {doc_id}, which the catalog does not")
        return problems

    # --- answering ------------------------------------------------------------------

    def lookup_number(self, number: NumberQuery) -> list[Lookup]:
        catalog = self.archive.catalog
        codes: dict[str, str] = {}
        for code in catalog.codes_with_number(number.number):
            if number.matches(code):
                codes.setdefault(decree.code_key(code), code)
        found = []
        for code in codes.values():
            look = lookup(catalog, code, number.year)
            look.entries = [e for e in look.entries if number.type_matches(e.record.type)]
            look.not_archived = [m for m in look.not_archived if number.type_matches(m.type)]
            if look.entries or look.not_archived:
                found.append(look)
        return sorted(found, key=lambda l: max([e.record.date.isoformat() for e in l.entries if e.record.date]
                                               or [""]), reverse=True)

    def search(self, text: str, filters: Filters | None = None, limit: int = 20, sort: str = "relevance",
               offset: int = 0) -> Results:
        """A number is looked up in the catalog (every year, and what cites it); words go to the
        index. offset skips that many hits (a results page after the first)."""
        filters = filters or Filters()
        number = parse_number(text)
        if number is not None:
            lookups = self.lookup_number(number)
            if lookups:
                return Results(text, number=number, lookups=lookups, total=sum(len(l.entries) for l in lookups))
            # no document has it nor cites it: its words may still find one (a number the
            # parser could not read, or words that only looked like a ký hiệu)
            results = self._words(text, filters, limit, sort, offset)
            results.unknown_number = number
            return results
        return self._words(text, filters, limit, sort, offset)

    def _words(self, text: str, filters: Filters, limit: int, sort: str, offset: int) -> Results:
        try:
            self.sync(wait=False)
        except OSError:  # a full or read-only disk: answer from what is indexed
            pass
        query = parse(text)
        hits, total = self.engine.search(query, filters, offset + limit, sort, snippets_from=offset)
        results = Results(text, total=total)
        catalog = self.archive.catalog
        for hit in hits[offset:]:
            entry = catalog.get(hit.doc_id)
            if entry is None:
                continue
            snippet = hit.snippet or make_snippet(catalog.text(hit.doc_id), query.highlight_words)
            results.hits.append(TextHit(entry, hit.score, snippet))
        return results
