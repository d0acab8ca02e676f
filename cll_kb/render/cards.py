"""Entry cards for the terminal: where a drug, category, topic or glossary term is drawn.

The short view is what a patient reads first; `detailed` adds mechanism, full evidence and
monitoring. Everything comes from the models, so screen and handout never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ..config.clinic import DEFAULT_CALL, Clinic, warning_title
from ..knowledge.kb import KnowledgeBase
from ..knowledge.models import AnyEntry, Drug, Source, Term, Timeline
from ..page import Block, Page, build_page, term_page
from ..page.plan import first_sentence, ref_summary, ref_title, span


def heading(text: str) -> Text:
    return Text(f"\n{text}", style="heading")


def bullets(items: Iterable[str | Text], mark: str = "•") -> Table:
    """A list with a hanging indent, so wrapped lines stay under their text."""

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


class Link:
    """A web address on a line of its own, never broken by cllkb (a terminal too narrow for it
    wraps it, and copying it still works), and a clickable hyperlink where styles show."""

    def __init__(self, link: str, indent: int = 0) -> None:
        self.link, self.indent = link, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:

        style = console.get_style("link")
        if self.link.startswith(("https://", "http://")):
            style += Style(link=self.link)
        if self.indent:
            yield Segment(" " * self.indent)
        yield Segment(self.link, style)
        yield Segment.line()


class SourceList:
    """Numbered sources with a hanging indent; each link on a line of its own, never broken
    (a terminal that is too narrow wraps it; copying it still works), and a clickable
    hyperlink where the terminal shows styles."""

    def __init__(self, sources: Sequence[Source]) -> None:
        self.sources = sources

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:

        hang = 6
        for n, s in enumerate(self.sources, 1):
            text = Text(f"{s.title}. {s.publisher}, {s.year}.")
            for i, line in enumerate(text.wrap(console, max(20, options.max_width - hang))):
                yield Segment(f"[{n}]".rjust(hang - 1) + " " if i == 0 else " " * hang)
                yield from line.render(console)
                yield Segment.line()
            if s.link:
                yield from Link(s.link, hang).__rich_console__(console, options)


def source_list(sources: Sequence[Source]) -> list[RenderableType]:
    if not sources:
        return []
    return [heading("Sources"), SourceList(sources)]


def footer(notes: Sequence[str], disclaimer: str) -> list[RenderableType]:
    return [Text(""), Text(" ".join(notes), style="muted"), Text(disclaimer, style="muted")]


def title_block(page: Page, with_command: bool = False) -> list[RenderableType]:
    head = Text(page.title, style="title")
    head.append(f"  ({page.kind_label}{', local' if page.local else ''})", style="muted")
    out: list[RenderableType] = [head]
    if with_command:  # a line of its own, so the command is never wrapped in two
        out.append(Text(f"The whole page: {page.command}", style="muted", no_wrap=True,
                        overflow="ignore"))
    if page.subtitle:
        out.append(Text(page.subtitle, style="muted"))
    out.append(Text(page.summary))
    return out


def command_for(ref: AnyEntry | Term) -> str:
    """The command that shows a page on screen (paper names the sheet instead)."""
    return f"cllkb term {ref.id}" if isinstance(ref, Term) else f"cllkb show {ref.id}"


def ref_line(ref: AnyEntry | Term) -> str:
    """"Title — first sentence (cllkb show id)": another page to read, in one line."""
    first = first_sentence(ref_summary(ref))
    if len(first) > REF_WIDTH:
        first = first[: REF_WIDTH - 1].rstrip() + "…"
    return f"{ref_title(ref)} — {first} ({command_for(ref)})"


REF_WIDTH = 110  # a reference line's summary is cut here, so the list stays a list


def block(b: Block) -> list[RenderableType]:
    """One part of a page, drawn for the terminal."""
    if b.style == "text":
        return [heading(b.heading), *(indented(t) for t in b.items)]
    if b.style == "drugs":
        return [heading(b.heading), _drug_table(b.drugs)]
    if b.style == "refs":
        return [heading(b.heading), bullets(ref_line(r) for r in b.refs)]
    if b.style in ("table", "calendar"):
        out = [heading(b.heading), table(b.columns, b.rows)]
        return out + [indented(t) for t in b.items]
    if b.style == "timeline" and b.timeline is not None:
        return [heading(b.heading), timeline(b.timeline), *(indented(t) for t in b.items)]
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
    parts += item_list("Questions to ask your care team", page.questions)
    if not brief:
        parts += item_list("Related", [f"{r.title} (cllkb show {r.id})" for r in page.related])
    parts += source_list(page.sources)
    parts += footer(page.notes(), page.disclaimer)
    return Group(*parts)


def render_entry(kb: KnowledgeBase, entry: AnyEntry, detailed: bool = False,
                 clinic: Clinic | None = None) -> RenderableType:
    return render_page(build_page(kb, entry, detailed), clinic)


class CuratedTable:
    """A table of curated text (every cell drawn as text). Where the terminal is too narrow
    for its columns, each row becomes one item instead ("Week 1: 20 mg a day; Two 10 mg
    tablets"), so no word is cut in two."""

    MIN_COLUMN = 16

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.columns, self.rows = columns, rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:

        if options.max_width - 2 < self.MIN_COLUMN * len(self.columns):
            items = [f"{row[0]}: " + "; ".join(c for c in row[1:] if c) for row in self.rows]
            yield bullets(items)
            return
        grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for col in self.columns:
            grid.add_column(Text(col, style="heading"), overflow="fold")
        for row in self.rows:
            grid.add_row(*(Text(cell) for cell in row))
        yield Padding(grid, (0, 0, 0, 2))


def table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> RenderableType:
    return CuratedTable(columns, rows)


class TimelineView:
    """A fixed course as a strip per drug: one cell per cycle (month, week), filled while the
    drug is given, with the same stretch in words. The drug's name stands beside its strip, or
    above it where the terminal is narrow."""

    def __init__(self, t: Timeline) -> None:
        self.t = t

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:

        t = self.t
        width = 3 if t.length <= 15 else 2  # a number per cell when there is room for one
        numbers = Text("")
        for n in range(1, t.length + 1):
            label = str(n) if width == 3 or n in (1, t.length) or n % 3 == 0 else ""
            numbers.append(f"{label:<{width}}", style="muted")
        strips = []
        for bar in t.bars:
            strip = Text("")
            for n in range(1, t.length + 1):
                on = bar.start <= n <= bar.end
                cell = "█" * (width - 1) + ("█" if n < bar.end else " ") if on else "·".ljust(width)
                strip.append(cell, style="title" if on else "muted")
            strips.append(strip)
        names = [max(len(b.label), len(span(t.unit, b.start, b.end))) for b in t.bars]
        side = 2 + max(names, default=0) + 2 + width * t.length <= options.max_width
        grid = Table.grid(padding=(0, 2) if side else 0)
        if side:
            grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        unit = Text(f"{t.unit.capitalize()}:", style="muted")
        if side:
            grid.add_row(unit, numbers)
        else:
            grid.add_row(unit)
            grid.add_row(numbers)
        for bar, strip in zip(t.bars, strips, strict=True):
            name = Text(bar.label, style="heading")
            name.append(f"\n{span(t.unit, bar.start, bar.end)}", style="muted")
            if side:
                grid.add_row(name, strip)
            else:
                grid.add_row(name)
                grid.add_row(strip)
        yield Padding(grid, (0, 0, 0, 2))
        notes = [f"{bar.label}: {bar.note}" for bar in t.bars if bar.note]
        if notes:
            yield bullets(notes, mark="–")


def timeline(t: Timeline) -> RenderableType:
    return TimelineView(t)


def _drug_table(drugs: Sequence[Drug]) -> Table:

    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    for col in ("drug", "brands", "given", "see"):
        table.add_column(col)
    for d in drugs:
        table.add_row(d.title, ", ".join(d.brands[:2]), d.given, f"cllkb drug {d.id}")
    return table


def render_term(kb: KnowledgeBase, term: Term) -> RenderableType:
    """`cllkb term`: the same glossary page `cllkb ask` shows when a word is the answer."""
    return render_page(term_page(kb, term))


def render_source(kb: KnowledgeBase, source: Source) -> RenderableType:
    parts: list[RenderableType] = [Text(source.title, style="title")]
    meta = f"{source.publisher}, {source.year} · {source.kind}"
    if source.authors:
        meta = f"{source.authors} · {meta}"
    parts += [Text(meta, style="muted"), Link(source.link)]
    parts += item_list("Cited by", [f"{e.title} ({e.id})" for e in kb.citing(source.id)])
    return Group(*parts)


def render_sources(kb: KnowledgeBase) -> RenderableType:
    """The bibliography: the title column takes the room, the others keep theirs."""

    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    table.add_column("id", no_wrap=True, style="id")
    table.add_column("kind", no_wrap=True)
    table.add_column("year", no_wrap=True)
    table.add_column("title", ratio=1, min_width=30)
    for s in sorted(kb.sources.values(), key=lambda s: s.id):
        table.add_row(s.id, s.kind, str(s.year), Text(s.title))
    return table


def render_list(rows: Sequence[tuple[str, str, str, str]]) -> RenderableType:
    """Entries (or glossary words): id, kind and title; a clinic's own pages say so."""

    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    for col in ("id", "kind", "title"):
        table.add_column(col)
    for entry_id, kind, title, origin in rows:
        table.add_row(entry_id, kind, Text(title + (" (local)" if origin == "local" else "")))
    return table
