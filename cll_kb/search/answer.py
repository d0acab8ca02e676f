"""`cllkb ask` as a library call: search, decide whether there is a good answer, assemble it.

The thresholds are calibrated on tests/eval/questions.yaml (see `make eval`): below them cllkb
says it has no good answer rather than showing a weak match as if it were one.
"""

from __future__ import annotations

from ..errors import UsageError
from ..knowledge.kb import KnowledgeBase
from ..knowledge.models import AnyEntry, Term
from ..options.routing import detect
from ..options.view import OptionsView, build
from ..record import Record, replace
from .engine import Hit, SearchEngine
from .query import QueryPlan
from .weights import MIN_SUPPORT, NAME_MATCH_SCORE

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
    words: tuple[str, ...]  # the question's index terms, synonyms' too: what a page is read for
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


def require_question(text: str) -> str:
    """A question from the command line (`ask`, `export --ask`); nothing to ask is a usage
    error there, while `ask()` itself answers any text, empty too."""
    if not text.strip():
        raise UsageError("the question is empty; type a question or a few words, for example: "
                         'cllkb ask "what if trial fails"')
    return text


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
        return Answer(question, False, notice, shown, None, (), (), kb.disclaimer)

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
    words = tuple(dict.fromkeys((*plan.terms, *plan.expansions)))
    return Answer(question, True, " ".join(notices) or None, results, best, words,
                  tuple(also.values()), kb.disclaimer), True
