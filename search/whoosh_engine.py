"""The pure-Python engine: Whoosh, for machines where tantivy's wheels do not install.
The same fields and the same word rules as the tantivy engine (search.analyzer)."""

from __future__ import annotations

import datetime as _dt
import shutil
import warnings
from pathlib import Path

with warnings.catch_warnings():  # Whoosh 2.7 predates Python 3.12's escape-sequence warnings
    warnings.simplefilter("ignore", SyntaxWarning)
    from whoosh import fields, index
    from whoosh import query as wq
    from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer

from docgen.base.vntext import fold
from search.engine import EXACT_BOOST, SUBJECT_BOOST, TYPE_BOOST, Engine, Hit, IndexDoc, date_number
from search.query import Clause, Filters, Query, subject_clauses, type_words


class FoldFilter(Filter):
    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


def _analyzer(folded: bool):
    analyzer = RegexTokenizer(r"[^\W_]+") | LowercaseFilter()
    return analyzer | FoldFilter() if folded else analyzer


def _schema() -> fields.Schema:
    folded = _analyzer(True)
    return fields.Schema(
        doc_id=fields.NUMERIC(int, stored=True, unique=True),
        text=fields.TEXT(analyzer=folded, phrase=True),
        exact=fields.TEXT(analyzer=_analyzer(False), phrase=True),
        subject_exact=fields.TEXT(analyzer=_analyzer(False), phrase=True),
        subject=fields.TEXT(analyzer=folded, phrase=True),
        issuer=fields.TEXT(analyzer=folded, phrase=True),
        type=fields.TEXT(analyzer=folded, phrase=True),
        signer=fields.TEXT(analyzer=folded, phrase=True),
        codes=fields.KEYWORD(lowercase=False, commas=False),
        date=fields.NUMERIC(int, sortable=True),
    )


class WhooshEngine(Engine):
    name = "whoosh"

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        if index.exists_in(str(self.folder)):
            self.index = index.open_dir(str(self.folder))
        else:
            self.index = index.create_in(str(self.folder), _schema())

    def add(self, docs: list[IndexDoc]) -> None:
        if not docs:
            return
        writer = self.index.writer(limitmb=256)
        for doc in docs:
            writer.add_document(  # ids are new: sync adds ids above the last, reindex starts empty
                doc_id=doc.doc_id, text=doc.text, exact=doc.exact, subject=doc.subject, subject_exact=doc.subject_exact,
                issuer=doc.issuer, type=doc.type, signer=doc.signer, codes=" ".join(doc.codes), date=date_number(doc.date))
        # no merge on each batch: merging grows with the index and made a bulk build quadratic
        writer.commit(merge=False)

    def optimize(self) -> None:
        """One merge after a bulk build."""
        self.index.optimize()

    def delete(self, doc_ids: list[int]) -> None:
        writer = self.index.writer()
        for doc_id in doc_ids:
            writer.delete_by_term("doc_id", doc_id)
        writer.commit()

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.__init__(self.folder)

    def _clause(self, clause: Clause, boost: float = 1.0):
        """A boost is given to the word or phrase itself: Whoosh does not weigh a compound
        query (Or, AndMaybe) by the boost given to it."""
        def on(field: str, terms: list[str]):
            return wq.Term(field, terms[0], boost=boost) if len(terms) == 1 else wq.Phrase(field, terms, boost=boost)

        query = on(clause.field, clause.folded)
        if clause.field == "text" and clause.written != clause.folded:
            exact = [wq.Term("exact", w, boost=EXACT_BOOST) for w, f in zip(clause.written, clause.folded) if w != f]
            return wq.AndMaybe(query, wq.Or(exact))
        return query

    def _query(self, query: Query, filters: Filters):
        from search.analyzer import folded_words

        parts = [self._clause(c) for c in query.must]
        parts += [wq.Or([self._clause(c) for c in group]) for group in query.any_of]
        for name in ("type", "issuer", "signer"):
            value = getattr(filters, name)
            if value and (terms := folded_words(value)):
                parts.append(self._clause(Clause(name, terms, terms)))
        low, high = filters.date_from, filters.date_to
        if filters.year:
            low = max(low or _dt.date(filters.year, 1, 1), _dt.date(filters.year, 1, 1))
            high = min(high or _dt.date(filters.year, 12, 31), _dt.date(filters.year, 12, 31))
        if low or high:
            parts.append(wq.NumericRange("date", date_number(low) if low else 1, date_number(high) if high else 99991231))
        positive = wq.And(parts) if parts else wq.Every()
        kinds = [self._clause(Clause("type", name, name), TYPE_BOOST) for name in type_words(query)]
        about = [self._clause(c, SUBJECT_BOOST) for c in subject_clauses(query)]
        if kinds or about:  # "chỉ thị …": documents of that kind first; then those about the words
            positive = wq.AndMaybe(positive, wq.Or(kinds + about))
        if query.must_not:
            return wq.AndNot(positive, wq.Or([self._clause(c) for c in query.must_not]))
        return positive

    def search(self, query: Query, filters: Filters, limit: int, sort: str = "relevance",
               snippets_from: int = 0) -> tuple[list[Hit], int]:
        with self.index.searcher() as searcher:
            q = self._query(query, filters)
            if sort == "date":
                results = searcher.search(q, limit=limit, sortedby="date", reverse=True)
            else:
                results = searcher.search(q, limit=limit)
            hits = [Hit(hit["doc_id"], float(hit.score or 0)) for hit in results]
            return hits, len(results)

    def doc_ids(self) -> set[int]:
        with self.index.searcher() as searcher:
            return {fields_["doc_id"] for fields_ in searcher.all_stored_fields()}

    def count(self) -> int:
        return self.index.doc_count()
