"""How `cllkb options` looks: the situation, the options by category, then what to ask.

Everything comes from the OptionsView (cll_kb/options.py), which the JSON and the handout use
too; this module only decides layout.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..knowledge.models import AnyEntry, Term
from ..options.view import OptionsView, ShownOption
from ..page.options import (
    ALWAYS_ASK,
    CAUTIONS,
    FOR_WHOM,
    TEST_RESULTS,
    WHO_DECIDES,
    marks,
    see_label,
)
from .cards import bullets, footer, heading, item_list, ref_line, source_list

OPTIONS_HEADING = "Options your care team may discuss"


def render_options(view: OptionsView,
                   related: Sequence[AnyEntry | Term] = ()) -> RenderableType:
    """The options view; `related` adds "Also relevant" pages (used by `cllkb ask`)."""
    parts: list[RenderableType] = []
    if view.rule is None:
        parts.append(Text(view.notice or "", style="warning"))
    else:
        parts.append(Text(view.rule.title, style="title"))
    parts += [Text(line) for line in view.described]
    if view.rule is not None:
        parts.append(Text(view.rule.summary))
    topic = view.see[0]
    label = see_label(view)
    parts.append(Text(f"{label}: cllkb {topic.kind} {topic.id} — {topic.title}", style="muted"))
    if view.rule is not None:
        parts.append(heading(OPTIONS_HEADING))
        for category, options in view.groups():
            parts.append(_CategoryLine(category.title, f"cllkb category {category.id}"))
            parts += [Padding(_option(o), (0, 0, 0, 2)) for o in options]
    else:
        lines = [f"cllkb {e.kind} {e.id} — {e.title}: {e.summary}" for e in view.see[1:]]
        parts += item_list(ALWAYS_ASK, lines)
    notes = [f"{m.marker.note}{marks(m.cites)}"
             + (f" (cllkb term {m.marker.terms[0]})" if m.marker.terms else "")
             for m in view.marker_notes]
    parts += item_list(TEST_RESULTS, notes)
    parts += item_list(CAUTIONS, view.cautions)
    parts += item_list("Questions to ask your care team", view.questions_to_ask)
    parts += [Text(""), Panel(Text(view.choice_note), title=Text(WHO_DECIDES), title_align="left",
                              border_style="heading", box=box.ROUNDED)]
    parts += item_list("Also relevant", [ref_line(r) for r in related])
    parts += source_list(view.sources)
    parts += footer([f"Last reviewed {view.last_reviewed.isoformat()}."], view.disclaimer)
    return Group(*parts)


class _CategoryLine:
    """The category's title and its command on one line when both fit; else the command on a
    line of its own, so it is never broken after "cllkb category" (nor the title cut)."""

    def __init__(self, title: str, command: str) -> None:
        self.title, self.command = title, command

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = Text(f"  {self.title}", style="bold")
        if len(self.title) + len(self.command) + 4 <= options.max_width:
            line.append(f"  {self.command}", style="muted")
            yield line
        else:
            yield line
            yield Text(f"  {self.command}", style="muted", no_wrap=True, overflow="ignore")


def _option(o: ShownOption) -> RenderableType:
    grid = bullets([f"{o.why}{marks(o.cites)}"])
    rows: list[RenderableType] = []
    if o.for_whom:
        rows.append(Text(f"{FOR_WHOM}: {o.for_whom}"))
    if o.drugs or o.partners:
        # Both columns wrap (at spaces, folding only a word too long): a narrow terminal gets
        # the whole drug name and command on two lines, never a name cut to "Acalabr…".
        drugs = Table.grid(padding=(0, 2))
        drugs.add_column(overflow="fold")
        drugs.add_column(overflow="fold", style="muted")
        for d in o.drugs:
            drugs.add_row(d.title, f"cllkb drug {d.id}")
        for d in o.partners:
            drugs.add_row(f"given with {d.title}", f"cllkb drug {d.id}")
        rows.append(drugs)
    if o.evidence:
        rows.append(bullets((f"{ev.line} [{n}]" for n, ev in o.evidence), mark="–"))
    return Group(grid, *(Padding(r, (0, 0, 0, 4)) for r in rows))
