"""The page of `cllkb options`: the same view the terminal and --json show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..clock import today
from ..knowledge.kb import KnowledgeBase, is_overdue
from .plan import (
    DROP_SEE_ALSO,
    DROP_STUDIES,
    Block,
    Page,
    first_sentence,
    list_block,
    refs_block,
    text_block,
)

if TYPE_CHECKING:
    from ..options.view import OptionsView, ShownOption


GLANCE = ("Option", "How it is given", "Who it is for", "Main risks", "What studies found")

# The options view's parts, named once for the screen (render/options_view.py) and paper.
FOR_WHOM = "Who it is for"
ALWAYS_ASK = "Always worth asking about"
TEST_RESULTS = "About your test results"
CAUTIONS = "Cautions"
WHO_DECIDES = "Who decides"


def see_label(view: OptionsView) -> str:
    return "Read more" if view.rule is not None else "Nearest topic"


def marks(numbers: Sequence[int]) -> str:
    """Source numbers after a line: " [3] [5]"."""
    return "".join(f" [{n}]" for n in numbers)


WAYS = {"by mouth": "by mouth", "infusion": "by infusion (drip)", "injection": "by injection",
        "cell therapy": "one infusion (drip) of your own changed T cells"}


def _given(o: ShownOption) -> str:
    """"by mouth", "by mouth and by infusion (drip)": how an option and its partner drugs are
    given (the drugs themselves are named in the option's own column); for an option without
    drugs (a transplant, a trial), what its category says."""
    ways = dict.fromkeys(WAYS.get(d.given, d.given) for d in (*o.drugs, *o.partners))
    return " and ".join(ways) or o.category.given or "—"


def glance(view: OptionsView) -> Block:
    """The options side by side: what each is, how it is given, for whom, its main risks and
    the studies behind it (with their source numbers) — the table a nurse goes through."""
    rows = []
    for o in view.options:
        names = ", ".join(d.title.split(" (")[0] for d in o.drugs)
        studies = "; ".join(f"{ev.study} [{n}]" for n, ev in o.evidence)
        rows.append((f"{o.category.title}: {names}" if names else o.category.title, _given(o),
                     first_sentence(o.for_whom) or "—", o.category.main_risks or "—",
                     studies or "—"))
    return Block("Your options at a glance", "table", columns=GLANCE, rows=tuple(rows))


def options_page(kb: KnowledgeBase, view: OptionsView) -> Page:
    """The handout of `cllkb options`: the same view the terminal and --json show.

    Source numbers in the text ([3]) point into the page's numbered list, so a handout never
    drops a source here, only blocks (study details first).
    """
    from ..options.matching import command_args
    from ..options.view import NO_RULE

    blocks: list[Block] = []
    if view.rule is not None:
        blocks.append(glance(view))
        for category, shown in view.groups():
            lines = []
            for o in shown:
                lines.append(o.why + marks(o.cites))
                if o.for_whom:
                    lines.append(f"{FOR_WHOM}: {o.for_whom}")
                drugs = [d.title for d in o.drugs] + [f"given with {d.title}" for d in o.partners]
                if drugs:
                    lines.append(f"Drugs: {', '.join(drugs)}.")
            blocks += list_block(category.title, lines)
        studies = [f"{ev.line} [{n}]" for o in view.options for n, ev in o.evidence]
        blocks += list_block("What the studies found", studies, drop=DROP_STUDIES)
    else:
        blocks += refs_block(ALWAYS_ASK, view.see[1:])
    blocks += list_block(TEST_RESULTS,
                         [m.marker.note + marks(m.cites) for m in view.marker_notes])
    blocks += list_block(CAUTIONS, view.cautions)
    blocks += text_block(WHO_DECIDES, view.choice_note)
    blocks += refs_block(see_label(view), view.see[:1],
                         drop=DROP_SEE_ALSO)
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
