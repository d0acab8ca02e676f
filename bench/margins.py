"""Where `cllkb ask`'s confidence thresholds sit between the development set's questions.

`python -m bench.margins` prints, for tests/eval/questions.yaml, the strongest out-of-scope
question that gets past the scope check and the weakest in-scope ones, in the two figures
`cll_kb.search.answer.confident` compares: support (best score × coverage) and, for questions
that name an entry, the best score. MIN_SUPPORT and NAME_MATCH_SCORE (search/weights.py) should
sit between them with room on both sides.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from cll_kb.curate.store import open_kb
from cll_kb.knowledge.layers import Layer
from cll_kb.paths import packaged_knowledge
from cll_kb.search.answer import support
from cll_kb.search.engine import SearchEngine
from cll_kb.search.weights import MIN_SUPPORT, NAME_MATCH_SCORE
from tests.eval.run_eval import questions


def _show(label: str, rows: list[tuple[float, str]], n: int = 3) -> None:
    print(label)
    for value, q in rows[:n]:
        print(f"  {value:8.1f}  {q[:80]}")


def main() -> int:
    kb = open_kb([Layer(packaged_knowledge())], None)
    with tempfile.TemporaryDirectory() as cache:
        engine = SearchEngine.open(kb, Path(cache))
        unnamed: list[tuple[float, str]] = []
        named: list[tuple[float, str]] = []
        outside: list[tuple[float, str]] = []
        outside_named: list[tuple[float, str]] = []
        for part, qs in questions().items():
            for item in qs:
                q = item["question"]
                result = engine.search(q, limit=5)
                if result.plan.out_of_scope or not result.hits:
                    continue
                best = result.hits[0]
                value = support(best)
                if part == "out_of_scope":
                    outside.append((value, q))
                    if result.plan.names:
                        outside_named.append((best.score, q))
                elif result.plan.names:
                    named.append((best.score, q))
                else:
                    unnamed.append((value, q))
        engine.close()
    print(f"MIN_SUPPORT = {MIN_SUPPORT}, NAME_MATCH_SCORE = {NAME_MATCH_SCORE}")
    _show("out of scope past the scope check, highest support:", sorted(outside, reverse=True))
    _show("out of scope that name an entry, highest score:", sorted(outside_named, reverse=True))
    _show("in scope without a name, lowest support:", sorted(unnamed))
    _show("in scope naming an entry, lowest score:", sorted(named))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
