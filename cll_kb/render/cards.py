"""Entry cards for the terminal: where a drug, category, topic or glossary term is drawn.

The short view is what a patient reads first; `detailed` adds mechanism, full evidence and
monitoring. Everything comes from the models, so screen and handout never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from ..config.clinic import DEFAULT_CALL, Clinic, warning_title
from ..knowledge.kb import KnowledgeBase
from ..knowledge.models import AnyEntry, Drug, Source, Term
from ..page import Block, Page, build_page
from ..page.plan import ref_summary, ref_title

if TYPE_CHECKING:
    from rich.table import Table


def heading(text: str) -> Text:
    return Text(f"\n{text}", style="heading")


def bullets(items: Iterable[str | Text], mark: str = "•") -> Table:
    """A list with a hanging indent, so wrapped lines stay under their text."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for item in items:
        grid.add_row(mark, item)
    return grid


def indented(text: str) -> Padding:
    return Padding(Text(text), (0, 0, 0, 2))


def item_list(title: str, items: Sequence[str]) -> list[RenderableType]:
    return [heading(title), bullets(items)] if items else []


def warning_box(items: Sequence[str], clinic: Clinic | None = None) -> list[RenderableType]:
    """The warning signs, titled with whom to call: the clinic's own line when one is set."""
    if not items:
        return []
    if clinic is None:
        return [Text(""), _warning_panel(items, warning_title(DEFAULT_CALL))]
    return [Text(""), ClinicWarningBox(items, clinic.call_line())]


def _warning_panel(items: Sequence[str], title: str, lead: str = "") -> Panel:
    body: RenderableType = bullets(items)
    if lead:
        body = Group(Text(lead, style="heading"), body)
    return Panel(body, title=Text(title), title_align="left", border_style="warn", box=box.HEAVY)


class ClinicWarningBox:
    """Titled "Call <clinic> at <phone> … right away if…" when that fits the width.

    Rich cuts a title that is too long, and a phone number must never lose digits, so when it
    does not fit the call line moves into the box, above the warning signs.
    """

    def __init__(self, items: Sequence[str], call: str) -> None:
        self.items, self.call = items, call

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        title = warning_title(self.call)
        if cell_len(title) + 6 <= options.max_width:  # 2 corners, 2 border, 2 spaces
            yield _warning_panel(self.items, title)
        else:
            yield _warning_panel(self.items, warning_title("Call"), lead=self.call)


def source_list(sources: Sequence[Source]) -> list[RenderableType]:
    if not sources:
        return []
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=5, justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for n, s in enumerate(sources, 1):
        line = Text(f"{s.title}. {s.publisher}, {s.year}. ")
        line.append(s.link, style="link")
        grid.add_row(f"[{n}]", line)
    return [heading("Sources"), grid]


def footer(notes: Sequence[str], disclaimer: str) -> list[RenderableType]:
    return [Text(""), Text(" ".join(notes), style="muted"), Text(disclaimer, style="muted")]


def title_block(page: Page, with_command: bool = False) -> list[RenderableType]:
    head = Text(page.title, style="title")
    where = f" · {page.command}" if with_command else ""
    head.append(f"  ({page.kind_label}{', local' if page.local else ''}{where})", style="muted")
    out: list[RenderableType] = [head]
    if page.subtitle:
        out.append(Text(page.subtitle, style="muted"))
    out.append(Text(page.summary))
    return out


def command_for(ref: AnyEntry | Term) -> str:
    """The command that shows a page on screen (paper names the sheet instead)."""
    return f"cllkb term {ref.id}" if isinstance(ref, Term) else f"cllkb show {ref.id}"


def ref_line(ref: AnyEntry | Term) -> str:
    """"Title — first sentence (cllkb show id)": another page to read, in one line."""
    return f"{ref_title(ref)} — {first_sentence(ref_summary(ref))} ({command_for(ref)})"


def first_sentence(text: str, width: int = 110) -> str:
    first = text.split(". ", maxsplit=1)[0].rstrip(".") + "."
    return first if len(first) <= width else first[: width - 1].rstrip() + "…"


def block(b: Block) -> list[RenderableType]:
    """One part of a page, drawn for the terminal."""
    if b.style == "text":
        return [heading(b.heading), *(indented(t) for t in b.items)]
    if b.style == "drugs":
        return [heading(b.heading), _drug_table(b.drugs)]
    if b.style == "refs":
        return [heading(b.heading), bullets(ref_line(r) for r in b.refs)]
    out: list[RenderableType] = [heading(b.heading), bullets(b.items)]
    if b.more:
        out.append(Text(f"  ({b.more} more with --detailed)", style="muted"))
    return out


def render_page(page: Page, clinic: Clinic | None = None, brief: bool = False) -> RenderableType:
    """A page for the terminal. `brief` (an answer to `cllkb ask`) shows, of the page's blocks,
    only the one that answers the question and what else is relevant, and says where the whole
    page is."""
    parts: list[RenderableType] = title_block(page, with_command=brief)
    parts += item_list("Key points", page.key_points)
    parts += warning_box(page.warnings, clinic)
    shown = [b for b in page.blocks if not brief or b.heading == page.focus or b.style == "refs"]
    for b in shown:
        parts += block(b)
    if brief and len(shown) < len(page.blocks):
        parts.append(Text(f"\nThe whole page: {page.command}", style="muted"))
    parts += item_list("Questions to ask your care team", page.questions)
    if not brief:
        parts += item_list("Related", [f"{r.title} (cllkb show {r.id})" for r in page.related])
    parts += source_list(page.sources)
    parts += footer(page.notes(), page.disclaimer)
    return Group(*parts)


def render_entry(kb: KnowledgeBase, entry: AnyEntry, detailed: bool = False,
                 clinic: Clinic | None = None) -> RenderableType:
    return render_page(build_page(kb, entry, detailed), clinic)


def _drug_table(drugs: Sequence[Drug]) -> Table:
    from rich.table import Table

    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    for col in ("drug", "brands", "given", "see"):
        table.add_column(col)
    for d in drugs:
        table.add_row(d.title, ", ".join(d.brands[:2]), d.given, f"cllkb drug {d.id}")
    return table


def render_term(kb: KnowledgeBase, term: Term) -> RenderableType:
    parts: list[RenderableType] = [Text(term.term, style="title"), Text(term.definition)]
    if term.aka:
        parts.append(Text(f"Also called: {', '.join(term.aka)}", style="muted"))
    see = [f"{kb.entries[r].title} (cllkb show {r})" for r in term.related if r in kb.entries]
    parts += item_list("Read more", see)
    parts += source_list([kb.sources[s] for s in term.sources if s in kb.sources])
    parts += [Text(""), Text(kb.disclaimer, style="muted")]
    return Group(*parts)


def render_source(kb: KnowledgeBase, source: Source) -> RenderableType:
    parts: list[RenderableType] = [Text(source.title, style="title")]
    meta = f"{source.publisher}, {source.year} · {source.kind}"
    if source.authors:
        meta = f"{source.authors} · {meta}"
    parts += [Text(meta, style="muted"), Text(source.link, style="link")]
    parts += item_list("Cited by", [f"{e.title} ({e.id})" for e in kb.citing(source.id)])
    return Group(*parts)


def render_sources(kb: KnowledgeBase) -> RenderableType:
    from rich.table import Table

    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    for col in ("id", "kind", "year", "title"):
        table.add_column(col, overflow="fold")
    for s in sorted(kb.sources.values(), key=lambda s: s.id):
        table.add_row(s.id, s.kind, str(s.year), s.title)
    return table


def render_list(entries: Sequence[AnyEntry]) -> RenderableType:
    from rich.table import Table

    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    for col in ("id", "kind", "title"):
        table.add_column(col)
    for e in entries:
        table.add_row(e.id, e.kind, e.title + (" (local)" if e.origin == "local" else ""))
    return table
