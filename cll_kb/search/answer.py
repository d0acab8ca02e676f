"""`cllkb ask` as a library call: search, decide whether there is a good answer, assemble it.

The thresholds are calibrated on tests/eval/questions.yaml (see `make eval`): below them cllkb
says it has no good answer rather than showing a weak match as if it were one.
"""

from __future__ import annotations

from functools import lru_cache

from ..knowledge.kb import KnowledgeBase
from ..knowledge.models import AnyEntry, Section, Term
from ..options.routing import detect
from ..options.view import OptionsView, build
from ..record import Record, replace
from .analysis import terms
from .engine import Hit, SearchEngine
from .query import QueryPlan

# Calibrated on the development set (`python -m bench.margins` prints the margins): the best
# out-of-scope question that passes the scope check reaches a support of 6.8 ("check engine
# light"), the weakest in-scope question without a name in it 14.6 ("richters symptoms");
# MIN_SUPPORT sits at their geometric middle, a factor of about 1.47 from each. Questions that
# name an entry score ≥ 29.5 and no out-of-scope question names one.
MIN_SUPPORT = 10.0  # best hit's score (search/engine.py) × the share (by IDF) of the question
NAME_MATCH_SCORE = 12.0  # a named entry ("Gazyva") is an answer even with little else typed

OUT_OF_SCOPE = ("cllkb covers CLL/SLL only, and this question seems to be about another "
                "condition. Please ask your care team.")
NO_ANSWER = "cllkb has no good answer to that."
EMPTY = 'Type a question or a few words, for example: cllkb ask "what if trial fails"'


class Result(Record, kw_only=False):
    id: str
    kind: str
    title: str
    summary: str
    score: float


class Answer(Record, kw_only=False):
    query: str
    answered: bool
    notice: str | None
    results: tuple[Result, ...]
    best: AnyEntry | Term | None
    section: Section | None
    also: tuple[AnyEntry | Term, ...]
    disclaimer: str
    options: OptionsView | None = None  # the question describes a situation (`cllkb options`)

    @property
    def ok(self) -> bool:
        """Exit 0: a good answer, or a situation question with curated options."""
        return self.answered or (self.options is not None and self.options.matched)

    def to_data(self) -> dict:
        """The documented `ask --json` contract (README, pinned by tests). `options` appears
        only when the question describes a situation; it has the `options --json` shape."""
        data = {
            "query": self.query, "answered": self.answered, "notice": self.notice,
            "results": [{"id": r.id, "kind": r.kind, "title": r.title, "summary": r.summary,
                         "score": round(r.score, 3)} for r in self.results],
            "disclaimer": self.disclaimer,
        }  # fmt: skip
        if self.options is not None:
            data["options"] = self.options.to_data()
        return data


def resolve(kb: KnowledgeBase, hit_id: str) -> AnyEntry | Term:
    """Hits are re-resolved through the KB: nothing is ever rendered from the index."""
    if hit_id.startswith("term:"):
        return kb.terms[hit_id.removeprefix("term:")]
    return kb.entries[hit_id]


def _result(kb: KnowledgeBase, hit: Hit) -> Result:
    obj = resolve(kb, hit.id)
    if isinstance(obj, Term):
        return Result(hit.id, "term", obj.term, obj.definition, hit.score)
    return Result(hit.id, obj.kind, obj.title, obj.summary, hit.score)


def support(hit: Hit) -> float:
    """What MIN_SUPPORT is compared with (bench/margins.py reports it on the dev set)."""
    return hit.score * hit.coverage


def confident(plan: QueryPlan, hit: Hit) -> bool:
    if plan.names and hit.score >= NAME_MATCH_SCORE:
        return True
    return support(hit) >= MIN_SUPPORT


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """A section's terms, kept: the same few entries are the answer again and again."""
    return frozenset(terms(text))


def best_section(entry: AnyEntry | Term, plan: QueryPlan) -> Section | None:
    """The section that shares most words with the question (headings count double)."""
    sections = getattr(entry, "sections", ())
    if not sections:
        return None
    wanted = set(plan.terms) | set(plan.expansions)

    def score(s: Section) -> int:
        return 2 * len(wanted & _words(s.heading)) + len(wanted & _words(s.body))

    ranked = max(sections, key=score)
    return ranked if score(ranked) > 0 else sections[0]


def ask(engine: SearchEngine, question: str, limit: int = 5) -> Answer:
    """Retrieval decides `results` and `answered`; a situation question also gets the options
    view for its situation, which never changes the ranking."""
    answer, in_scope = _retrieve(engine, question, limit)
    if not in_scope or engine.kb.pathways is None:
        return answer
    situation = detect(engine.kb, question)
    return replace(answer, options=build(engine.kb, situation)) if situation else answer


def _retrieve(engine: SearchEngine, question: str, limit: int) -> tuple[Answer, bool]:
    """The ranked answer, and whether the question is about CLL/SLL at all."""
    kb = engine.kb
    result = engine.search(question, limit=max(limit, 5))
    plan = result.plan
    results = tuple(_result(kb, h) for h in result.hits[:limit])
    notices: list[str] = []
    if plan.corrected_text:
        notices.append(f"Showing results for “{plan.corrected_text}”.")

    def unanswered(notice: str, shown: tuple[Result, ...] = ()) -> Answer:
        return Answer(question, False, notice, shown, None, None, (), kb.disclaimer)

    if plan.out_of_scope:
        return unanswered(OUT_OF_SCOPE), False
    if not question.strip() or plan.empty:
        return unanswered(EMPTY if not question.strip() else NO_ANSWER), True
    if not result.hits or not confident(plan, result.hits[0]):
        closest = ", ".join(r.id for r in results[:3])
        hint = f" Closest entries: {closest}." if closest else ""
        notices.append(f"{NO_ANSWER}{hint} See `cllkb list` for everything cllkb covers.")
        return unanswered(" ".join(notices), results), True
    best = resolve(kb, result.hits[0].id)
    also: dict[str, AnyEntry | Term] = {}
    for h in result.hits[1:]:
        if len(also) >= 3:
            break
        also[h.id] = resolve(kb, h.id)
    for r in getattr(best, "related", ()):
        if len(also) >= 4:
            break
        if r in kb.entries and r != getattr(best, "id", None):
            also.setdefault(r, kb.entries[r])
    return Answer(question, True, " ".join(notices) or None, results, best,
                  best_section(best, plan), tuple(also.values()), kb.disclaimer), True
