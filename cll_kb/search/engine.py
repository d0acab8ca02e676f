"""The search engine: an open index plus the KB, answering ranked hits for free text."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..kb import KnowledgeBase
from .index import TEXT_FIELDS, OpenIndex, Progress, open_index
from .query import QueryPlan, plan_query, whoosh_query


@dataclass(frozen=True, slots=True)
class Hit:
    id: str  # entry id, or "term:<id>" for a glossary term
    kind: str  # category | drug | topic | term
    score: float
    coverage: float  # share of the typed terms' weight (IDF) that this document matched


@dataclass(frozen=True, slots=True)
class SearchResult:
    plan: QueryPlan
    hits: tuple[Hit, ...]


class SearchEngine:
    """Holds one searcher open, so repeated queries in a process cost only the search."""

    def __init__(self, kb: KnowledgeBase, opened: OpenIndex) -> None:
        self.kb = kb
        self.opened = opened
        self._searcher: Any = opened.ix.searcher()

    @classmethod
    def open(cls, kb: KnowledgeBase, cache: Path | None, rebuild: bool = False,
             progress: Progress | None = None) -> SearchEngine:
        return cls(kb, open_index(kb, cache, rebuild=rebuild, progress=progress))

    def close(self) -> None:
        self._searcher.close()

    def search(self, text: str, kind: str | None = None, limit: int = 10) -> SearchResult:
        from whoosh.query import Term

        plan = plan_query(text, self.kb, self._searcher)
        if plan.empty:
            return SearchResult(plan, ())
        results = self._searcher.search(whoosh_query(plan), limit=limit, terms=True,
                                        filter=Term("kind", kind) if kind else None)
        weights = {t: self._idf(t) for t in plan.terms}
        total = sum(weights.values())
        hits = []
        for r in results:
            matched = {t.decode() if isinstance(t, bytes) else t for _f, t in r.matched_terms()}
            got = sum(w for t, w in weights.items() if t in matched)
            coverage = got / total if total else 1.0
            hits.append(Hit(id=r["id"], kind=r["kind"], score=float(r.score), coverage=coverage))
        return SearchResult(plan, tuple(hits))

    def _idf(self, term: str) -> float:
        """Rarity of a term across the knowledge; a word the knowledge never uses is rarest.

        So "engine" in "fix my car when the check engine light comes on" weighs more than the
        accidental "fix"/"car" matches, and the question is judged mostly unmatched.
        """
        reader = self._searcher.reader()
        df = max(reader.doc_frequency(f, term) for f in TEXT_FIELDS)
        return math.log((reader.doc_count() + 1) / (df + 0.5))
