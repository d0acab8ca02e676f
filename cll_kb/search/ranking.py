"""Exact top-k ranking over the index's postings, pruned so a big index stays fast (MaxScore).

Why not Whoosh's `searcher.search()`: it scored every matching document, and with the
coordination bonus (`Or(scale=…)`) a document's score depended on when other posting lists ran
out, because the matcher tree is rebuilt mid-search with fewer terms. Here every clause is one
posting list scored by BM25F (postings.py); a document's score is the exactly rounded sum of its
clauses, times a factor the caller derives from which clauses it matched. A document is skipped
only when an upper bound proves it cannot enter the top `limit`, so the result is the same as
scoring every document (tests/test_search.py checks this against `prune=False`).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..record import Record

if TYPE_CHECKING:
    from .postings import Matcher, Postings

_SLACK = 1e-9  # bounds are summed in another order than scores: never prune on a rounding
SEED_DOCS = 512  # documents given a first, partial score (`_floor`) ...
SEED_CLAUSES = 4  # ... from this many of the strongest clauses
Factor = Callable[[frozenset[str]], float]


class Clause(Record, kw_only=False):
    field: str
    text: str  # an analyzed term, or a whole name for the `names` field
    weight: float = 1.0  # multiplies the posting's BM25F score (synonyms < 1, names > 1)


class Ranked(Record, kw_only=False):
    docnum: int
    score: float
    matched: frozenset[str]  # texts of the clauses this document matched


class _Posting:
    """One clause's open posting list, with its weight and the most it can add to a score."""

    __slots__ = ("bound", "clause", "m", "text", "weight")

    def __init__(self, m: Matcher, clause: Clause) -> None:
        self.m = m
        self.clause = clause
        self.weight = clause.weight
        self.text = clause.text
        self.bound = m.max_quality() * clause.weight


def _open(postings: Postings, clauses: Sequence[Clause]) -> list[_Posting]:
    """Posting lists of the clauses whose term the index holds (the others match nothing)."""
    out = []
    for c in clauses:
        m = postings.matcher(c.field, c.text)
        if m is not None and m.is_active():
            out.append(_Posting(m, c))
    return out


def _floor(postings: Postings, posts: Sequence[_Posting], limit: int, allow: set[int] | None,
           factor: Factor | None) -> float:
    """A score that `limit` documents are sure to reach, found before the real pass starts.

    The first documents of the strongest few clauses are scored on those clauses only (second
    cursors: the real pass must start at the first document). A part of a document's score,
    times the factor of the part, is at most its final score, so the `limit`-th best part is a
    bar from the start: without it the first documents would be scored against a bar of
    nothing, on every posting list, however long.
    """
    strong = _open(postings, [p.clause for p in posts[-SEED_CLAUSES:]])
    at = [p.m.id() for p in strong]
    parts: list[float] = []
    while len(parts) < SEED_DOCS:
        doc = min(at, default=math.inf)
        if doc == math.inf:
            break
        got, texts = 0.0, []
        for i, p in enumerate(strong):
            if at[i] == doc:
                got += p.m.score() * p.weight
                texts.append(p.text)
                p.m.next()
                at[i] = p.m.id() if p.m.is_active() else math.inf
        if allow is None or doc in allow:
            parts.append(got * (factor(frozenset(texts)) if factor else 1.0))
    if len(parts) < limit:
        return -math.inf
    bar = heapq.nlargest(limit, parts)[-1]
    return bar - _SLACK * (1.0 + abs(bar))  # summed in another order than the final scores


class _Best:
    """The best `limit` documents so far, and the bar a newcomer's clause sum must pass."""

    def __init__(self, limit: int, floor: float, ceiling: float, prune: bool) -> None:
        self.limit, self.floor, self.ceiling, self.prune = limit, floor, ceiling, prune
        self.heap: list[tuple[float, int, frozenset[str]]] = []  # (score, -docnum, matched)
        self.low = self._cutoff()

    def _cutoff(self) -> float:
        """A sum of clause scores at or below this cannot enter: the bar over the ceiling."""
        heap = self.heap
        bar = max(heap[0][0], self.floor) if len(heap) >= self.limit else self.floor
        if not self.prune or bar == -math.inf:
            return -math.inf
        if self.ceiling <= 0.0:
            return math.inf if bar >= _SLACK else -math.inf
        return (bar - _SLACK * (1.0 + abs(bar))) / (self.ceiling * (1.0 + _SLACK))

    def offer(self, score: float, doc: int, matched: frozenset[str]) -> None:
        item = (score, -doc, matched)
        if len(self.heap) < self.limit:
            heapq.heappush(self.heap, item)
        elif item[:2] > self.heap[0][:2]:
            heapq.heapreplace(self.heap, item)
        else:
            return
        self.low = self._cutoff()

    def ranked(self) -> list[Ranked]:
        best = sorted(self.heap, key=lambda x: x[:2], reverse=True)
        return [Ranked(-neg, score, matched) for score, neg, matched in best]


def top(postings: Postings, clauses: Sequence[Clause], limit: int, allow: set[int] | None = None,
        factor: Factor | None = None, prune: bool = True) -> list[Ranked]:
    """The `limit` best documents, best first; equal scores go to the earlier document.

    MaxScore: postings are sorted by their bound; the weakest ones, whose bounds together cannot
    lift a document into the current top `limit`, are only consulted for documents that the
    others found, and a document stops being scored once even its best case falls short.
    `factor(matched texts)` must lie in [0, 1] and never fall when more texts match.
    """
    posts = sorted(_open(postings, clauses), key=lambda p: p.bound)
    total = len(posts)
    if not posts or limit < 1:
        return []
    below = [0.0]  # below[i]: the sum of the bounds of posts[:i]
    for p in posts:
        below.append(below[-1] + p.bound)
    best = _Best(limit, _floor(postings, posts, limit, allow, factor) if prune else -math.inf,
                 factor(frozenset(p.text for p in posts)) if factor else 1.0, prune)
    split = 0  # posts[:split] cannot bring a document in alone: they are only looked up
    inf = math.inf
    at = [p.m.id() for p in posts]  # each posting's current document; inf once exhausted
    while True:
        while split < total and below[split + 1] <= best.low:
            split += 1
        doc = min(at[split:], default=inf)
        if doc == inf:
            break
        parts: list[float] = []
        found: list[str] = []
        for i in range(split, total):
            if at[i] == doc:
                p = posts[i]
                parts.append(p.m.score() * p.weight)
                found.append(p.text)
                p.m.next()
                at[i] = p.m.id() if p.m.is_active() else inf
        if allow is not None and doc not in allow:
            continue
        score = sum(parts)
        for i in range(split - 1, -1, -1):  # the strongest of the rest first
            if score + below[i + 1] <= best.low:
                break
            if at[i] < doc:
                m = posts[i].m
                m.skip_to(doc)
                at[i] = m.id() if m.is_active() else inf
            if at[i] == doc:
                parts.append(posts[i].m.score() * posts[i].weight)
                score += parts[-1]
                found.append(posts[i].text)
        else:
            matched = frozenset(found)
            final = math.fsum(parts)  # exactly rounded, so the same in any order, pruned or not
            best.offer(final * factor(matched) if factor else final, doc, matched)
    return best.ranked()
