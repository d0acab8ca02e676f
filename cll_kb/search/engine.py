"""The search engine: a question → ranked hits, scored by Whoosh's own searcher.

What cllkb adds on top of Whoosh is the query side (query.py: scope, synonyms, spelling, names
in the question) and one factor after scoring: a page that holds more of what was asked ranks
higher (`weights.REACH_POWER`). Everything else — BM25F, postings, the spelling corrector — is
Whoosh's, as its documentation describes it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..knowledge.kb import KnowledgeBase
from ..record import Record
from .analysis import terms
from .index import TEXT_FIELDS, OpenIndex, Progress, open_index
from .query import Phrases, QueryPlan, clauses, plan_query
from .weights import REACH_POWER, SYNONYM_WEIGHT


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


class Lexicon:
    """Is a word in a field, and what is the closest spelling: Whoosh's reader and corrector.

    Planning one long question asks hundreds of such questions (spelling, names of up to five
    words, which clauses exist), many of them twice; the answers are kept for the engine's life.
    """

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._has: dict[tuple[str, str], bool] = {}
        self._corrector: Any = None

    def has(self, field: str, word: str) -> bool:
        key = (field, word)
        found = self._has.get(key)
        if found is None:
            found = self._has[key] = key in self._reader
        return found

    def suggest(self, word: str, maxdist: int) -> str | None:
        """The closest name or term in the spelling dictionary (titles, aliases, brands,
        glossary): of the words within `maxdist` edits that keep the first letter, the most
        frequent."""
        if self._corrector is None:
            self._corrector = self._reader.corrector("spell")
        found = self._corrector.suggest(word, limit=1, maxdist=maxdist, prefix=1)
        return found[0] if found else None

    def doc_frequency(self, field: str, word: str) -> int:
        return self._reader.doc_frequency(field, word) if self.has(field, word) else 0


class SearchEngine:
    """Holds one open index and its searcher, so repeated questions cost only the search."""

    def __init__(self, kb: KnowledgeBase, opened: OpenIndex) -> None:
        self.kb = kb
        self.opened = opened
        self.searcher = opened.index.searcher()
        self.lexicon = Lexicon(self.searcher.reader())
        self._doc_count = self.searcher.doc_count_all()
        self._phrases: Phrases | None = None

    @classmethod
    def open(cls, kb: KnowledgeBase, cache: Path | None, rebuild: bool = False,
             progress: Progress | None = None) -> SearchEngine:
        return cls(kb, open_index(kb, cache, rebuild=rebuild, progress=progress))

    def close(self) -> None:
        self.searcher.close()

    def search(self, text: str, kind: str | None = None, limit: int = 10) -> SearchResult:
        from whoosh import query

        if self._phrases is None:
            self._phrases = Phrases(self.kb)
        plan = plan_query(text, self.kb, self.lexicon, self._phrases)
        wanted = [c for c in clauses(plan) if self.lexicon.has(c.field, c.text)]
        if plan.empty or not wanted:
            return SearchResult(plan, ())
        typed = {t: self._idf(t) for t in plan.terms}
        asked = {**typed, **{t: SYNONYM_WEIGHT * self._idf(t) for t in plan.expansions}}
        name_words = [(n, frozenset(terms(n))) for n in plan.names]

        def reach(matched: frozenset[str]) -> float:
            """A matched name ("btk pill") covers its words even where the text field did not."""
            for name, words in name_words:
                if name in matched:
                    matched |= words
            return share(asked, matched) ** REACH_POWER

        # Every match is scored (limit=None): the reach factor can lift a document past one with
        # a higher BM25F score, so a top-k cut before it could lose hits. Whoosh's top-k
        # skipping does not pay here either (`make bench` measures both ways at 10,000 entries).
        found = self.searcher.search(
            query.Or([query.Term(c.field, c.text, boost=c.weight) for c in wanted]),
            limit=None, terms=True, filter=query.Term("kind", kind) if kind else None)
        ranked = []
        for hit in found:
            matched = frozenset(t.decode("utf-8") for _field, t in hit.matched_terms())
            ranked.append((hit.score * reach(matched), hit.docnum, hit, matched))
        ranked.sort(key=lambda r: (-r[0], r[1]))  # equal scores: the earlier document first
        hits = tuple(Hit(id=hit["id"], kind=hit["kind"], score=score,
                         coverage=share(typed, matched))
                     for score, _doc, hit, matched in ranked[:limit])
        return SearchResult(plan, hits)

    def _idf(self, term: str) -> float:
        """Rarity of a term across the knowledge; a word the knowledge never uses is rarest.

        So "engine" in "fix my car when the check engine light comes on" weighs more than the
        accidental "fix"/"car" matches, and the question is judged mostly unmatched.
        """
        df = max(self.lexicon.doc_frequency(f, term) for f in TEXT_FIELDS)
        return math.log((self._doc_count + 1) / (df + 0.5))
