"""Entry cards for the terminal: where a drug, category, topic or glossary term is drawn.

The short view is what a patient reads first; `detailed` adds mechanism, full evidence and
monitoring. Everything comes from the models, so screen and handout never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..config import DEFAULT_CALL, Clinic
from ..kb import KnowledgeBase
from ..models import AnyEntry, Category, Drug, Evidence, Section, Source, Term

SHORT_EVIDENCE = 2
SHORT_MONITORING = 3
DOSE_NOTE = "Your care team sets your dose."
KIND_LABEL = {"drug": "Drug", "category": "Treatment category", "topic": "Topic", "term": "Term"}


def heading(text: str) -> Text:
    return Text(f"\n{text}", style="heading")


def bullets(items: Iterable[str], mark: str = "•") -> Table:
    """A list with a hanging indent, so wrapped lines stay under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", width=3, no_wrap=True)
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
        return [Text(""), _warning_panel(items, f"{DEFAULT_CALL} right away if…")]
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
        title = f"{self.call} right away if…"
        if cell_len(title) + 6 <= options.max_width:  # 2 corners, 2 border, 2 spaces
            yield _warning_panel(self.items, title)
        else:
            yield _warning_panel(self.items, "Call right away if…", lead=self.call)


def evidence_lines(items: Sequence[Evidence], limit: int | None) -> list[RenderableType]:
    shown = list(items)[:limit] if limit else list(items)
    if not shown:
        return []
    out: list[RenderableType] = [heading("What the studies found"),
                                 bullets(f"{ev.study} — {ev.population}: {ev.result}"
                                         for ev in shown)]
    if limit and len(items) > limit:
        out.append(Text(f"  ({len(items) - limit} more with --detailed)", style="muted"))
    return out


def source_list(sources: Sequence[Source]) -> list[RenderableType]:
    if not sources:
        return []
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", width=5, no_wrap=True)
    grid.add_column(overflow="fold")
    for n, s in enumerate(sources, 1):
        line = Text(f"{s.title}. {s.publisher}, {s.year}. ")
        line.append(s.link, style="link")
        grid.add_row(f"[{n}]", line)
    return [heading("Sources"), grid]


def footer(kb: KnowledgeBase, reviewed: str, origin: str = "shipped",
           overdue: bool = False) -> list[RenderableType]:
    notes = [f"Last reviewed {reviewed}."]
    if overdue:
        notes.append("Review due: this page is past its review date.")
    if origin == "local":
        notes.append("Local page: written by your clinic, not part of the curated cllkb text.")
    return [Text(""), Text(" ".join(notes), style="muted"), Text(kb.disclaimer, style="muted")]


def title_block(entry: AnyEntry, subtitle: str = "") -> list[RenderableType]:
    head = Text(entry.title, style="title")
    kind = KIND_LABEL[entry.kind]
    head.append(f"  ({kind}{', local' if entry.origin == 'local' else ''})", style="muted")
    out: list[RenderableType] = [head]
    if subtitle:
        out.append(Text(subtitle, style="muted"))
    out.append(Text(entry.summary))
    return out


def drug_subtitle(kb: KnowledgeBase, drug: Drug) -> str:
    cat = kb.category_of(drug)
    brands = ", ".join(drug.brands) if drug.brands else "no brand name"
    cls = cat.title if cat else drug.category
    return f"{drug.generic_name} · brands: {brands} · class: {cls} · given {drug.given}"


def render_entry(kb: KnowledgeBase, entry: AnyEntry, detailed: bool = False,
                 clinic: Clinic | None = None) -> RenderableType:
    """Dispatch on kind; each card is the same skeleton with its own middle."""
    overdue = kb.is_overdue(entry)
    parts: list[RenderableType] = []
    if isinstance(entry, Drug):
        parts += title_block(entry, drug_subtitle(kb, entry))
        parts += item_list("Key points", entry.key_points)
        parts += warning_box(entry.call_care_team_if, clinic)
        if detailed:
            parts += _how_it_works(kb, entry)
            parts += item_list("When it is used", entry.when_used)
        taken = list(entry.how_taken)
        if not any(DOSE_NOTE.lower() in t.lower() for t in taken):
            taken.append(DOSE_NOTE)
        parts += item_list("How it is taken", taken)
        parts += [heading("If you miss a dose"), indented(entry.missed_dose)]
        parts += item_list("Common side effects", entry.side_effects)
        parts += item_list("Interactions", entry.interactions)
        mon = entry.monitoring if detailed else entry.monitoring[:SHORT_MONITORING]
        parts += item_list("Tests and monitoring", mon)
        if detailed:
            approvals = [f"{a.date}: {a.indication}" for a in entry.approvals]
            parts += item_list("FDA approvals", approvals)
        parts += evidence_lines(entry.evidence, None if detailed else SHORT_EVIDENCE)
    elif isinstance(entry, Category):
        parts += title_block(entry)
        parts += item_list("Key points", entry.key_points)
        parts += warning_box(entry.call_care_team_if, clinic)
        if entry.drugs:
            parts += [heading("Drugs in this category"), _drug_table(kb, entry.drugs)]
        if detailed:
            parts += [heading("How it works"), indented(entry.how_it_works)]
        parts += item_list("When care teams use it", entry.when_used)
        parts += item_list("Cautions", entry.cautions)
        parts += evidence_lines(entry.evidence, None if detailed else SHORT_EVIDENCE)
    else:
        parts += title_block(entry)
        parts += item_list("Key points", entry.key_points)
        parts += warning_box(entry.call_care_team_if, clinic)
    parts += sections(entry.sections if (detailed or entry.kind == "topic") else ())
    parts += item_list("Questions to ask your care team", entry.questions_to_ask)
    parts += item_list("Related", [f"{r.title} (cllkb show {r.id})" for r in kb.related(entry)])
    parts += source_list(kb.sources_for(entry))
    parts += footer(kb, entry.last_reviewed.isoformat(), entry.origin, overdue)
    return Group(*parts)


def sections(items: Sequence[Section]) -> list[RenderableType]:
    out: list[RenderableType] = []
    for s in items:
        out += [heading(s.heading), indented(s.body)]
    return out


def _how_it_works(kb: KnowledgeBase, drug: Drug) -> list[RenderableType]:
    cat = kb.category_of(drug)
    text = drug.how_it_works or (cat.how_it_works if cat else "")
    return [heading("How it works"), indented(text)] if text else []


def _drug_table(kb: KnowledgeBase, ids: Sequence[str]) -> Table:
    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    for col in ("drug", "brands", "given", "see"):
        table.add_column(col)
    for d in (kb.entries[i] for i in ids if i in kb.entries):
        if isinstance(d, Drug):
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
    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    for col in ("id", "kind", "year", "title"):
        table.add_column(col, overflow="fold")
    for s in sorted(kb.sources.values(), key=lambda s: s.id):
        table.add_row(s.id, s.kind, str(s.year), escape(s.title))
    return table


def render_list(entries: Sequence[AnyEntry]) -> RenderableType:
    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    for col in ("id", "kind", "title"):
        table.add_column(col)
    for e in entries:
        table.add_row(e.id, e.kind, e.title + (" (local)" if e.origin == "local" else ""))
    return table
