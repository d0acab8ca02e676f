"""The search engine: an open index plus the KB, answering ranked hits for free text."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

from ..knowledge.kb import KnowledgeBase
from ..record import Record
from .analysis import terms
from .index import TEXT_FIELDS, OpenIndex, Progress, open_index
from .query import SYNONYM_WEIGHT, Phrases, QueryPlan, clauses, plan_query
from .ranking import top
from .vocab import Vocabulary

# A document's BM25F score is multiplied by reach ** REACH_POWER, where reach is the share (by
# IDF) of the question's words — typed and synonym-added — that the document contains. The
# fourth root lets a long question matched on its key words keep most of its score. Chosen on
# the development set (`make eval`): 0.25 gives hit@1 0.792 / hit@3 0.993 / MRR 0.878 and 0.5
# gives 0.779 / 0.993 / 0.870; without the factor, 0.779 / 0.987 / 0.867.
REACH_POWER = 0.25


class Hit(Record, kw_only=False):
    id: str  # entry id, or "term:<id>" for a glossary term
    kind: str  # category | drug | topic | term
    score: float
    coverage: float  # share of the typed terms' weight (IDF) that this document matched


class SearchResult(Record, kw_only=False):
    plan: QueryPlan
    hits: tuple[Hit, ...]


def share(weights: Mapping[str, float], matched: frozenset[str]) -> float:
    """The part of `weights` whose words are in `matched`; 1.0 when there is nothing to weigh."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in matched) / total if total else 1.0


class SearchEngine:
    """Holds one open index, so repeated queries in a process cost only the search."""

    def __init__(self, kb: KnowledgeBase, opened: OpenIndex) -> None:
        self.kb = kb
        self.opened = opened
        self.postings = opened.postings
        self._phrases: Phrases | None = None

    @classmethod
    def open(cls, kb: KnowledgeBase, cache: Path | None, rebuild: bool = False,
             progress: Progress | None = None) -> SearchEngine:
        return cls(kb, open_index(kb, cache, rebuild=rebuild, progress=progress))

    def close(self) -> None:
        """Nothing to release: the index was read whole when it was opened."""

    def search(self, text: str, kind: str | None = None, limit: int = 10) -> SearchResult:
        if self._phrases is None:
            self._phrases = Phrases(self.kb)
        vocab = self.opened.vocabulary
        plan = plan_query(text, self.kb, self.postings, vocab, self._phrases)
        if plan.empty:
            return SearchResult(plan, ())
        typed = {t: self._idf(t, vocab) for t in plan.terms}
        asked = {**typed, **{t: SYNONYM_WEIGHT * self._idf(t, vocab) for t in plan.expansions}}
        name_words = [(n, frozenset(terms(n))) for n in plan.names]

        def reach(matched: frozenset[str]) -> float:
            """A matched name ("btk pill") covers its words even where the text field did not."""
            for name, words in name_words:
                if name in matched:
                    matched |= words
            return share(asked, matched) ** REACH_POWER

        allow = self.postings.of_kind(kind) if kind else None
        wanted = [c for c in clauses(plan) if vocab.has(c.field, c.text)]
        ranked = top(self.postings, wanted, limit, allow, factor=reach)
        ids, kinds = self.postings.ids, self.postings.kinds
        hits = tuple(Hit(id=ids[r.docnum], kind=kinds[r.docnum], score=r.score,
                         coverage=share(typed, r.matched)) for r in ranked)
        return SearchResult(plan, hits)

    def _idf(self, term: str, vocab: Vocabulary) -> float:
        """Rarity of a term across the knowledge; a word the knowledge never uses is rarest.

        So "engine" in "fix my car when the check engine light comes on" weighs more than the
        accidental "fix"/"car" matches, and the question is judged mostly unmatched.
        """
        p = self.postings
        df = max((p.doc_frequency(f, term) for f in TEXT_FIELDS if vocab.has(f, term)),
                 default=0)
        return math.log((p.doc_count + 1) / (df + 0.5))
