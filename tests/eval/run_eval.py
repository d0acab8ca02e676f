"""Retrieval quality on the development set: cllkb beside plain BM25 over the same text.

`make eval` prints hit@1, hit@3 and MRR for both, and how out-of-scope questions fare.
tests/test_eval.py asserts the targets from the same numbers.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cll_kb.curate.loader import load
from cll_kb.knowledge.kb import KnowledgeBase
from cll_kb.paths import packaged_knowledge
from cll_kb.search.answer import ask
from cll_kb.search.engine import SearchEngine
from cll_kb.search.index import documents, join_text

QUESTIONS = Path(__file__).with_name("questions.yaml")


@dataclass
class Metrics:
    name: str
    n: int = 0
    hit1: int = 0
    hit3: int = 0
    rr: float = 0.0
    answered: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, expected: list[str], ranked: list[str], answered: bool, q: str) -> None:
        self.n += 1
        self.answered += answered
        if not answered:
            self.misses.append(f"{q!r}: not answered (top: {ranked[:1]})")
        first = expected[0]
        if ranked[:1] == [first]:
            self.hit1 += 1
        if any(e in ranked[:3] for e in expected):
            self.hit3 += 1
        else:
            self.misses.append(f"{q!r}: expected {expected}, got {ranked[:3]}")
        self.rr += next((1 / (i + 1) for i, r in enumerate(ranked) if r == first), 0.0)

    def row(self) -> str:
        return (f"{self.name:<14} {self.hit1 / self.n:>6.3f} {self.hit3 / self.n:>6.3f} "
                f"{self.rr / self.n:>6.3f} {self.answered:>4}/{self.n}")


def questions() -> dict[str, list[dict[str, Any]]]:
    return yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))


class PlainBM25:
    """The baseline: one text field, Whoosh's standard analyzer, no synonyms, no spelling."""

    def __init__(self, kb: KnowledgeBase) -> None:
        from whoosh.analysis import StandardAnalyzer
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.filedb.filestore import RamStorage

        self.analyzer = StandardAnalyzer()
        self.ix = RamStorage().create_index(Schema(id=ID(stored=True), text=TEXT(self.analyzer)))
        w = self.ix.writer()
        for doc in documents(kb):
            w.add_document(id=doc["id"], text=join_text([doc[f] for f in
                                                    ("title", "aka", "summary", "points", "body")]))
        w.commit()
        self.searcher = self.ix.searcher()

    def search(self, text: str) -> list[str]:
        from whoosh.query import Or, Term

        toks = list(dict.fromkeys(t.text for t in self.analyzer(text)))
        if not toks:
            return []
        return [r["id"] for r in self.searcher.search(Or([Term("text", t) for t in toks]),
                                                      limit=10)]


def evaluate(kb: KnowledgeBase, engine: SearchEngine) -> tuple[Metrics, Metrics, Metrics]:
    """(cllkb, plain BM25, out-of-scope: answered counts questions wrongly answered)."""
    qs = questions()
    ours, plain, oos = Metrics("cllkb"), Metrics("plain BM25"), Metrics("out of scope")
    base = PlainBM25(kb)
    for q in qs["in_scope"]:
        answer = ask(engine, q["question"], limit=10)
        ours.add(q["expected"], [r.id for r in answer.results], answer.answered, q["question"])
        plain.add(q["expected"], base.search(q["question"]), True, q["question"])
    for q in qs["out_of_scope"]:
        answer = ask(engine, q["question"])
        oos.n += 1
        if answer.answered:
            oos.answered += 1
            oos.misses.append(f"{q['question']!r} answered with {answer.results[0].id}")
    return ours, plain, oos


def main() -> int:
    kb_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else packaged_knowledge()
    result = load(kb_dir, warnings=False)
    if result.kb is None:
        print(f"knowledge does not load: {result.errors[0].format()}")
        return 1
    with tempfile.TemporaryDirectory() as cache:
        engine = SearchEngine.open(result.kb, Path(cache))
        ours, plain, oos = evaluate(result.kb, engine)
        engine.close()
    print(f"{'':<14} {'hit@1':>6} {'hit@3':>6} {'MRR':>6} answered")
    print(ours.row())
    print(plain.row())
    print(f"out of scope: {oos.n - oos.answered}/{oos.n} left unanswered")
    for m in ours.misses + oos.misses:
        print("  miss:", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
