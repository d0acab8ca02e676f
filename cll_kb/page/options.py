"""The page of `cllkb options`: the same view the terminal and --json show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..clock import today
from ..knowledge.kb import KnowledgeBase, is_overdue
from .plan import Block, Page, list_block, text_block

if TYPE_CHECKING:
    from ..options.view import OptionsView


def options_page(kb: KnowledgeBase, view: OptionsView) -> Page:
    """The handout of `cllkb options`: the same view the terminal and --json show.

    Source numbers in the text ([3]) point into the page's numbered list, so a handout never
    drops a source here, only blocks (study results first, then cautions).
    """
    from ..options.matching import command_args
    from ..options.view import NO_RULE

    blocks: list[Block] = []

    def marks(ns: tuple[int, ...]) -> str:
        return "".join(f" [{n}]" for n in ns)

    if view.rule is not None:
        blocks += text_block("Options your care team may discuss",
                        "Grouped by kind of treatment. Numbers in [ ] point to the sources.")
        for category, shown in view.groups():
            lines, studies = [], []
            for o in shown:
                drugs = ", ".join([d.title for d in o.drugs]
                                  + [f"given with {d.title}" for d in o.partners])
                line = o.why + marks(o.cites)
                if o.for_whom:
                    line += f" For whom: {o.for_whom}"
                lines.append(f"{line} Drugs: {drugs}." if drugs else line)
                studies += [f"{ev.line} [{n}]" for n, ev in o.evidence]
            blocks += list_block(category.title, lines)
            blocks += list_block(f"Studies: {category.title}", studies, drop=3)
    else:
        blocks += list_block("Always worth asking about",
                        [f"{e.title}: {e.summary} (cllkb {e.kind} {e.id})" for e in view.see[1:]])
    blocks += list_block("About your test results",
                    [m.marker.note + marks(m.cites) for m in view.marker_notes])
    blocks += list_block("Cautions", view.cautions, drop=2)
    blocks += text_block("Who decides", view.choice_note)
    topic = view.see[0]
    blocks += text_block("Read more" if view.rule else "Nearest topic",
                    f"{topic.title}: cllkb {topic.kind} {topic.id}")
    terms = {t for m in view.marker_notes for t in m.marker.terms}
    return Page(
        id=f"options-{view.rule.id}" if view.rule else "options", kind_label="Treatment options",
        title=view.rule.title if view.rule else "Treatment options", subtitle="",
        summary=" ".join([*view.described, view.rule.summary if view.rule else NO_RULE]),
        key_points=(), warnings=(), blocks=tuple(blocks), questions=view.questions_to_ask,
        related=(), glossary=tuple(kb.terms[t] for t in sorted(terms) if t in kb.terms),
        sources=view.sources, base_sources=frozenset(src.id for src in view.sources),
        last_reviewed=view.last_reviewed,
        review_due=is_overdue(view.last_reviewed, today(), kb.review_interval_months),
        disclaimer=view.disclaimer,
        command=" ".join(["cllkb options", *command_args(view.situation)]),
    )  # fmt: skip
