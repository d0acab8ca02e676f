"""How an answer to `cllkb ask` looks: the best explainer, then what else is relevant."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from ..config.clinic import Clinic
from ..knowledge.kb import KnowledgeBase
from ..knowledge.models import Term
from ..page import KIND_LABEL, page_notes
from ..search.answer import Answer
from .cards import (
    bullets,
    footer,
    heading,
    item_list,
    sections,
    source_list,
    warning_box,
)


def _one_line(text: str, width: int = 110) -> str:
    first = text.split(". ", maxsplit=1)[0].rstrip(".") + "."
    return first if len(first) <= width else first[: width - 1].rstrip() + "…"


def render_answer(kb: KnowledgeBase, answer: Answer,
                  clinic: Clinic | None = None) -> RenderableType:
    parts: list[RenderableType] = []
    if answer.notice:
        parts.append(Text(answer.notice, style="warning"))
    best = answer.best
    if not answer.answered or best is None:
        if answer.results:
            parts += item_list("Closest entries",
                              [f"{r.title} (cllkb show {r.id})" for r in answer.results[:3]
                               if r.kind != "term"])
        parts += [Text(""), Text(kb.disclaimer, style="muted")]
        return Group(*parts)
    if isinstance(best, Term):
        parts += [Text(best.term, style="title"), Text(best.definition)]
        see = [f"{kb.entries[r].title} (cllkb show {r})" for r in best.related if r in kb.entries]
        parts += item_list("Read more", see)
        parts += [Text(""), Text(kb.disclaimer, style="muted")]
        return Group(*parts)
    head = Text(best.title, style="title")
    head.append(f"  ({KIND_LABEL[best.kind]} · cllkb show {best.id})", style="muted")
    parts += [head, Text(best.summary)]
    parts += item_list("Key points", best.key_points)
    parts += warning_box(best.call_care_team_if, clinic)
    if answer.section:
        parts += sections([answer.section])
    if answer.also:
        lines = []
        for other in answer.also:
            if isinstance(other, Term):
                line = f"{other.term} — {_one_line(other.definition)} (cllkb term {other.id})"
                lines.append(line)
            else:
                lines.append(f"{other.title} — {_one_line(other.summary)} (cllkb show {other.id})")
        parts += [heading("Also relevant"), bullets(lines)]
    parts += item_list("Questions to ask your care team", best.questions_to_ask)
    parts += source_list(kb.sources_for(best))
    parts += footer(page_notes(best.last_reviewed, best.origin, kb.is_overdue(best)), kb.disclaimer)
    return Group(*parts)


def related_lines(answer: Answer) -> list[str]:
    """The answer's best entry and what else is relevant, one line each (for the options view
    that `ask` shows for a situation question)."""
    lines = []
    for other in (answer.best, *answer.also) if answer.best is not None else answer.also:
        if isinstance(other, Term):
            lines.append(f"{other.term} — {_one_line(other.definition)} (cllkb term {other.id})")
        elif other is not None:
            lines.append(f"{other.title} — {_one_line(other.summary)} (cllkb show {other.id})")
    return lines


Row = tuple[str, str, str, float, list[tuple[str, bool]]]


def render_hits(rows: list[Row]) -> RenderableType:
    """`cllkb search`: id, kind, title, score and a highlighted snippet per hit."""
    parts: list[RenderableType] = []
    for n, (hit_id, kind, title, score, snippet) in enumerate(rows, 1):
        line = Text(f"{n:>2}. ")
        line.append(title, style="title")
        line.append(f"  {hit_id} · {kind} · {score:.1f}", style="muted")
        parts.append(line)
        if snippet:
            text = Text("    ")
            for piece, hit in snippet:
                text.append(piece, style="bold" if hit else "")
            parts.append(text)
    if not parts:
        parts.append(Text("No matches.", style="warning"))
    return Group(*parts)
