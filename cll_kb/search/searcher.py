"""What ranking needs of an open index — BM25F postings, stored fields, term statistics —
without importing `whoosh.searching`.

That module brings in Whoosh's query language, highlighter, classifier and English
morphology (`whoosh.query`, `whoosh.highlight`, `html`, `whoosh.lang.morph_en`): ~10 ms of a
cold `cllkb ask` spent on code the query path never runs, since `ranking.py` reads postings
itself. `Searcher` keeps the part of `whoosh.searching.Searcher` that Whoosh's BM25F scorer
calls back into (idf, average field length, term info, field lengths), with the same
arithmetic, so every score is the same float (tests/test_search.py compares them).

Our index is one segment (one commit into a fresh folder); should a reader ever span several,
`open_searcher` hands out Whoosh's own Searcher, which merges their statistics.
"""

from __future__ import annotations

from typing import Any


class Searcher:
    """A single-segment reader with BM25F scoring, duck-typed as Whoosh's Searcher."""

    def __init__(self, reader: Any) -> None:
        from whoosh.scoring import BM25F

        self.ixreader = reader
        self.schema = reader.schema
        self.weighting = BM25F()
        self._doccount = reader.doc_count_all()
        self._idf_cache: dict[tuple[str, Any], float] = {}
        # The reader's own methods, as whoosh.searching.Searcher copies them.
        self.stored_fields = reader.stored_fields
        self.lexicon = reader.lexicon
        self.frequency = reader.frequency
        self.doc_frequency = reader.doc_frequency
        self.term_info = reader.term_info
        self.doc_field_length = reader.doc_field_length

    def reader(self) -> Any:
        return self.ixreader

    def close(self) -> None:
        self.ixreader.close()

    def get_parent(self) -> Searcher:
        return self  # the scorer asks for the top-level searcher's statistics

    def doc_count(self) -> int:
        return self.ixreader.doc_count()

    def doc_count_all(self) -> int:
        return self._doccount

    def idf(self, fieldname: str, text: Any) -> float:
        key = (fieldname, text)
        if key not in self._idf_cache:
            self._idf_cache[key] = self.weighting.idf(self, fieldname, text)
        return self._idf_cache[key]

    def avg_field_length(self, fieldname: str, default: float | None = None) -> float | None:
        if not self.schema[fieldname].scorable:
            return default
        return self.ixreader.field_length(fieldname) / (self._doccount or 1)

    def postings(self, fieldname: str, text: Any) -> Any:
        """The term's matcher, scoring with BM25F; raises TermNotFound for an unknown term."""
        scorer = self.weighting.scorer(self, fieldname, text)
        return self.ixreader.postings(fieldname, text, scorer=scorer)


def open_searcher(ix: Any) -> Any:
    """Our lean searcher over the index's one segment, or Whoosh's for several."""
    reader = ix.reader()
    if reader.is_atomic():
        return Searcher(reader)
    from whoosh.searching import Searcher as WhooshSearcher

    return WhooshSearcher(reader, fromindex=ix)
