"""Full-text search of the archive and lookup by number.

analyzer (words as both engines cut them) → query (what the user typed, parsed)
→ engine (tantivy by default, Whoosh in pure Python, one interface) → snippets
(the matched words highlighted in the document's own text) → service (the index
kept in step with the catalog, number lookup, search results).
"""
