"""How an answer to `cllkb ask` looks: the best explainer, then what else is relevant."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from ..config.clinic import Clinic
from ..knowledge.kb import KnowledgeBase
from ..knowledge.models import AnyEntry, Term
from ..page import answer_page
from ..search.answer import Answer
from .cards import item_list, render_page


def render_answer(kb: KnowledgeBase, answer: Answer,
                  clinic: Clinic | None = None) -> RenderableType:
    """The answer's page, brief: the best page's key points, warning signs, the part that
    answers the question and what else is relevant (the handout prints the same page whole)."""
    page = answer_page(kb, answer)
    if page is None:
        parts: list[RenderableType] = []
        if answer.notice:
            parts.append(Text(answer.notice, style="warning"))
        if answer.results:
            parts += item_list("Closest entries",
                               [f"{r.title} (cllkb show {r.id})" for r in answer.results[:3]
                                if r.kind != "term"])
        parts += [Text(""), Text(kb.disclaimer, style="muted")]
        return Group(*parts)
    notice = [Text(page.notice, style="warning")] if page.notice else []
    return Group(*notice, render_page(page, clinic, brief=True))


def related_refs(answer: Answer) -> tuple[AnyEntry | Term, ...]:
    """The answer's best page and what else is relevant (the options view that `ask` shows for
    a situation question lists them)."""
    best = (answer.best,) if answer.best is not None else ()
    return (*best, *answer.also)


Row = tuple[str, str, str, float, list[tuple[str, bool]]]


def render_hits(rows: list[Row], corrected: str | None = None) -> RenderableType:
    """`cllkb search`: id, kind, title, score and a highlighted snippet per hit, after the
    spelling the results are shown for."""
    parts: list[RenderableType] = []
    if corrected:
        parts.append(Text(f"Showing results for “{corrected}”."))
    for n, (hit_id, kind, title, score, snippet) in enumerate(rows, 1):
        line = Text(f"{n:>2}. ")
        line.append(title, style="title")
        line.append(f"  {hit_id} · {kind} · {score:.1f}", style="muted")
        parts.append(line)
        if snippet:
            text = Text("")
            for piece, hit in snippet:
                text.append(piece, style="bold" if hit else "")
            parts.append(Padding(text, (0, 0, 0, 4)))  # wrapped lines keep the indent
    if not parts:
        parts.append(Text("No matches.", style="warning"))
    return Group(*parts)
