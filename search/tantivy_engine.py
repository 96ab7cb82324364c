"""The default engine: tantivy (Rust, embedded; files under the archive folder). It keeps
the head of each document's text (its first snippets.HEAD characters) as written and folded,
so that a hit's snippet is cut from the index, not by reading the text from the catalog and
folding it again for each hit: real laws run past 100,000 characters, and a whole text in
the doc store made each hit a large read. (tantivy's own snippet generator tokenizes the whole
text for every hit: twice as slow on these texts.) A phrase of the text is
asked as the pairs of its words (analyzer.word_pairs), each pair a term, not as a phrase query
that checks word positions in every document holding its words."""

from __future__ import annotations

import shutil
from pathlib import Path

import tantivy
from tantivy import Filter, Occur, TextAnalyzerBuilder, Tokenizer
from tantivy import Query as Q

from search.analyzer import word_pairs
from search.engine import EXACT_BOOST, SUBJECT_BOOST, TYPE_BOOST, Engine, Hit, IndexDoc, date_number
from search.query import Clause, Filters, Query, subject_clauses, type_words
from search.snippets import HEAD, folded_twin, snippet_from_head

TEXT_FIELDS = ("text", "subject", "issuer", "type", "signer")
WRITER_HEAP = 128 * 1024 * 1024


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("doc_id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="vi_fold")
    builder.add_text_field("exact", stored=False, tokenizer_name="vi_exact")
    builder.add_text_field("subject_exact", stored=False, tokenizer_name="vi_exact")
    # the text's first HEAD characters as written and folded, and its length, for snippets
    builder.add_bytes_field("head", stored=True, indexed=False)
    builder.add_bytes_field("head_folded", stored=True, indexed=False)
    builder.add_integer_field("length", stored=True, indexed=False)
    builder.add_text_field("pairs", stored=False, tokenizer_name="vi_pairs", index_option="freq")  # word_pairs
    builder.add_text_field("codes", stored=False, tokenizer_name="raw")
    builder.add_integer_field("date", stored=False, indexed=True, fast=True)
    return builder.build()


class TantivyEngine(Engine):
    name = "tantivy"

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.schema = _schema()
        try:
            self.index = tantivy.Index(self.schema, path=str(self.folder), reuse=True)
        except ValueError:  # an index of another schema (an older docgen's): started anew, to be rebuilt
            shutil.rmtree(self.folder)
            self.folder.mkdir(parents=True)
            self.index = tantivy.Index(self.schema, path=str(self.folder), reuse=True)
            self.emptied = True
        # Words as search.analyzer cuts them: letters and digits, lower case; folded for all but "exact".
        self.index.register_tokenizer(
            "vi_fold", TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.lowercase()).filter(Filter.ascii_fold()).build())
        self.index.register_tokenizer(
            "vi_exact", TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.lowercase()).build())
        self.index.register_tokenizer("vi_pairs", TextAnalyzerBuilder(Tokenizer.whitespace()).build())

    # --- writing -----------------------------------------------------------------

    def _document(self, doc: IndexDoc) -> tantivy.Document:
        folded = folded_twin(doc.text)
        return tantivy.Document(
            doc_id=doc.doc_id, text=doc.text, exact=doc.exact, subject=doc.subject, subject_exact=doc.subject_exact,
            issuer=doc.issuer, type=doc.type, signer=doc.signer, codes=doc.codes or [""], date=date_number(doc.date),
            pairs=word_pairs(folded), head=doc.text[:HEAD].encode("utf-8"), head_folded=folded[:HEAD].encode("utf-8"),
            length=len(doc.text),
        )

    def add(self, docs: list[IndexDoc]) -> None:
        if not docs:
            return
        writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
        for doc in docs:
            writer.delete_documents_by_term("doc_id", doc.doc_id)
            writer.add_document(self._document(doc))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def delete(self, doc_ids: list[int]) -> None:
        writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
        for doc_id in doc_ids:
            writer.delete_documents_by_term("doc_id", doc_id)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.__init__(self.folder)
        self.emptied = False

    # --- reading -----------------------------------------------------------------

    def _clause(self, clause: Clause) -> Q:
        def on(field: str, terms: list[str]) -> Q:
            if len(terms) == 1:
                return Q.term_query(self.schema, field, terms[0])
            if field == "text":  # a phrase of the text: each pair of its words (analyzer.word_pairs)
                return Q.boolean_query([(Occur.Must, Q.term_query(self.schema, "pairs", f"{a}_{b}"))
                                        for a, b in zip(terms, terms[1:])])
            return Q.phrase_query(self.schema, field, terms)

        query = on(clause.field, clause.folded)
        if clause.field == "text" and clause.written != clause.folded:
            # exact words rank first; as terms, not a second phrase: as good for ranking, far cheaper
            exact = [(Occur.Should, Q.boost_query(Q.term_query(self.schema, "exact", w), EXACT_BOOST))
                     for w, f in zip(clause.written, clause.folded) if w != f]
            return Q.boolean_query([(Occur.Must, query), *exact])
        return query

    def _filters(self, filters: Filters) -> list[tuple[Occur, Q]]:
        from search.analyzer import folded_words

        out = []
        for name in ("type", "issuer", "signer"):
            value = getattr(filters, name)
            if value and (terms := folded_words(value)):
                out.append((Occur.Must, self._clause(Clause(name, terms, terms))))
        low, high = filters.date_from, filters.date_to
        if filters.year:
            import datetime as dt

            low = max(low or dt.date(filters.year, 1, 1), dt.date(filters.year, 1, 1))
            high = min(high or dt.date(filters.year, 12, 31), dt.date(filters.year, 12, 31))
        if low or high:
            out.append((Occur.Must, Q.range_query(self.schema, "date", tantivy.FieldType.Integer,
                                                  date_number(low) if low else 1, date_number(high) if high else 99991231)))
        return out

    def _query(self, query: Query, filters: Filters) -> Q:
        parts: list[tuple[Occur, Q]] = [(Occur.Must, self._clause(c)) for c in query.must]
        for group in query.any_of:
            parts.append((Occur.Must, Q.boolean_query([(Occur.Should, self._clause(c)) for c in group])))
        parts += [(Occur.MustNot, self._clause(c)) for c in query.must_not]
        for name in type_words(query):  # "chỉ thị …": documents of that kind first
            parts.append((Occur.Should, Q.boost_query(self._clause(Clause("type", name, name)), TYPE_BOOST)))
        parts += [(Occur.Should, Q.boost_query(self._clause(c), SUBJECT_BOOST)) for c in subject_clauses(query)]
        parts += self._filters(filters)
        if not any(occur == Occur.Must for occur, _ in parts):
            parts.append((Occur.Must, Q.all_query()))
        return Q.boolean_query(parts)

    def search(self, query: Query, filters: Filters, limit: int, sort: str = "relevance",
               snippets_from: int = 0) -> tuple[list[Hit], int]:
        searcher = self.index.searcher()
        q = self._query(query, filters)
        if sort == "date":
            result = searcher.search(q, limit, count=True, order_by_field="date", order=tantivy.Order.Desc)
        else:
            result = searcher.search(q, limit, count=True)
        addresses = [address for _, address in result.hits]
        ids = searcher.fast_field_values("doc_id", addresses) if addresses else []
        hits = [Hit(doc_id, float(score)) for doc_id, (score, _) in zip(ids, result.hits)]
        for hit, address in list(zip(hits, addresses))[snippets_from:]:
            doc = searcher.doc(address)
            head, twin = (bytes(doc.get_first(name) or b"").decode("utf-8") for name in ("head", "head_folded"))
            hit.snippet = snippet_from_head(head, twin, query.highlight_words, doc.get_first("length") or 0)
        return hits, result.count

    def doc_ids(self) -> set[int]:
        searcher = self.index.searcher()
        total = searcher.num_docs
        if not total:
            return set()
        result = searcher.search(Q.all_query(), total)
        return set(searcher.fast_field_values("doc_id", [address for _, address in result.hits]))

    def count(self) -> int:
        return self.index.searcher().num_docs
