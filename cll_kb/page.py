"""What goes on an entry's page, and in what order: one plan for the screen and for paper.

The terminal card, the HTML/Markdown/PDF handouts and the answer handout all draw a `Page`.
Choosing what a short or detailed page shows happens here and only here, so the screen and the
handout a nurse prints can never disagree about content — only about how it is drawn.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Literal

from .clock import today
from .knowledge.kb import KnowledgeBase, is_overdue
from .knowledge.models import AnyEntry, Category, Drug, Source, Term
from .record import Record, replace

if TYPE_CHECKING:
    from .options.view import OptionsView

SHORT_EVIDENCE = 2
SHORT_MONITORING = 3
DOSE_NOTE = "Your care team sets your dose."
KIND_LABEL = {"drug": "Drug", "category": "Treatment category", "topic": "Topic", "term": "Term"}

BlockStyle = Literal["list", "text", "drugs"]


class Block(Record, kw_only=False):
    """One part of the page under a plain heading."""

    heading: str
    style: BlockStyle
    items: tuple[str, ...] = ()  # list items, or the paragraph(s) of a text block
    drugs: tuple[Drug, ...] = ()  # the drugs table of a category
    more: int = 0  # items left out of the short page (shown with --detailed)
    sources: tuple[str, ...] = ()  # source ids only this block cites (sections, studies)
    drop: int = 0  # paper only: 0 = always printed; otherwise higher numbers go first when a
    #                handout must shrink to its page limit (the screen shows every block)


class Page(Record, kw_only=False):
    """One printable page: an entry's, an answer's or an options view's."""

    id: str
    title: str
    summary: str
    kind_label: str
    subtitle: str
    key_points: tuple[str, ...]
    warnings: tuple[str, ...]
    blocks: tuple[Block, ...]
    questions: tuple[str, ...]
    related: tuple[AnyEntry, ...]
    glossary: tuple[Term, ...]  # the entry's curated terms; `words` keeps those the page uses
    sources: tuple[Source, ...]
    base_sources: frozenset[str]  # sources the page keeps whatever blocks a handout leaves out
    last_reviewed: dt.date
    review_due: bool
    disclaimer: str
    command: str  # where the whole text is on screen, e.g. "cllkb show venetoclax"
    origin: str = "shipped"
    detailed: bool = False
    question: str = ""  # set on the handout of an answer to `cllkb ask`
    notice: str = ""
    omitted: tuple[str, ...] = ()  # headings left off a handout to fit its pages

    def omitted_note(self) -> str:
        """Says what a handout left out to fit its pages, and where to read it."""
        if not self.omitted:
            return ""
        where = (f"on screen with: {self.command}" if self.detailed else
                 f"in the detailed handout (--detailed) and on screen with: {self.command}")
        return f"Left out to fit the page limit: {', '.join(self.omitted)}. Read them {where}."

    def droppable(self) -> list[Block]:
        """Blocks a handout may leave out, first to go first (later blocks before earlier)."""
        ranked = sorted(enumerate(self.blocks), key=lambda ib: (-ib[1].drop, -ib[0]))
        return [b for _, b in ranked if b.drop]

    def without(self, blocks: list[Block]) -> Page:
        """The page minus some blocks, and minus the sources only those blocks cited."""
        gone = {id(b) for b in blocks}
        kept = tuple(b for b in self.blocks if id(b) not in gone)
        cited = set(self.base_sources).union(*(b.sources for b in kept))
        return replace(self, blocks=kept, sources=tuple(s for s in self.sources if s.id in cited),
                       omitted=tuple(b.heading for b in self.blocks if id(b) in gone))

    @property
    def words(self) -> tuple[Term, ...]:
        """"Words to know": glossary terms this page's printed text actually uses."""
        text = " ".join([self.summary, *self.key_points, *self.warnings, *self.questions,
                         *(i for b in self.blocks for i in b.items)])
        return tuple(t for t in self.glossary if uses(text, t))

    @property
    def local(self) -> bool:
        return self.origin == "local"

    @property
    def reviewed(self) -> str:
        return self.last_reviewed.isoformat()

    def notes(self) -> list[str]:
        return page_notes(self.last_reviewed, self.origin, self.review_due)


def uses(text: str, term: Term) -> bool:
    """Whether `text` says the term: its name, its abbreviation or another name, as whole words.

    All-capital abbreviations match only in capitals ("ALL" is not "all").
    """
    name, _, abbr = term.term.partition(" (")
    for word in (name, abbr.rstrip(")"), *term.aka):
        if not word:
            continue
        flags = 0 if word.isupper() else re.IGNORECASE
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, flags):
            return True
    return False


def page_notes(reviewed: dt.date, origin: str, review_due: bool) -> list[str]:
    """Review date, review-due and local-page notes, worded once for every medium."""
    notes = [f"Last reviewed {reviewed.isoformat()}."]
    if review_due:
        notes.append("Review due: this page is past its review date.")
    if origin == "local":
        notes.append("Local page: written by your clinic, not part of the curated cllkb text.")
    return notes


def _list(heading: str, items: tuple[str, ...] | list[str], more: int = 0,
          drop: int = 0, sources: tuple[str, ...] = ()) -> list[Block]:
    return [Block(heading, "list", tuple(items), more=more, drop=drop, sources=sources)
            ] if items else []


def _text(heading: str, text: str, drop: int = 0) -> list[Block]:
    return [Block(heading, "text", (text,), drop=drop)] if text else []


def _evidence(entry: Drug | Category, detailed: bool) -> list[Block]:
    lines = [ev.line for ev in entry.evidence]
    shown = lines if detailed else lines[:SHORT_EVIDENCE]
    cited = tuple(ev.source for ev in entry.evidence[:len(shown)])
    return _list("What the studies found", shown, more=len(lines) - len(shown), drop=3,
                 sources=cited)


def drug_subtitle(kb: KnowledgeBase, drug: Drug) -> str:
    cat = kb.category_of(drug)
    brands = ", ".join(drug.brands) if drug.brands else "no brand name"
    cls = cat.title if cat else drug.category
    return f"{drug.generic_name} · brands: {brands} · class: {cls} · given {drug.given}"


def _drug_blocks(kb: KnowledgeBase, drug: Drug, detailed: bool) -> list[Block]:
    out: list[Block] = []
    if detailed:
        cat = kb.category_of(drug)
        out += _text("How it works", drug.how_it_works or (cat.how_it_works if cat else ""), 1)
        out += _list("When it is used", drug.when_used, drop=1)
    taken = list(drug.how_taken)
    if not any(DOSE_NOTE.lower() in t.lower() for t in taken):
        taken.append(DOSE_NOTE)
    out += _list("How it is taken", taken)
    out += _text("If you miss a dose", drug.missed_dose, drop=1)
    out += _list("Common side effects", drug.side_effects)
    out += _list("Interactions", drug.interactions, drop=1)
    mon = drug.monitoring if detailed else drug.monitoring[:SHORT_MONITORING]
    out += _list("Tests and monitoring", mon, drop=4)
    if detailed:
        approvals = [f"{a.date}: {a.indication}" for a in drug.approvals]
        out += _list("FDA approvals", approvals, drop=2,
                     sources=tuple(a.source for a in drug.approvals))
    return out + _evidence(drug, detailed)


def _category_blocks(kb: KnowledgeBase, cat: Category, detailed: bool) -> list[Block]:
    drugs = tuple(d for d in (kb.entries.get(i) for i in cat.drugs) if isinstance(d, Drug))
    out = [Block("Drugs in this category", "drugs", drugs=drugs)] if drugs else []
    if detailed:
        out += _text("How it works", cat.how_it_works, drop=1)
    out += _list("When care teams use it", cat.when_used, drop=1)
    out += _list("Cautions", cat.cautions, drop=2)
    return out + _evidence(cat, detailed)


def build_page(kb: KnowledgeBase, entry: AnyEntry, detailed: bool = False) -> Page:
    """The page for one entry; `detailed` adds mechanism, full evidence and monitoring."""
    blocks: list[Block] = []
    subtitle = ""
    if isinstance(entry, Drug):
        subtitle = drug_subtitle(kb, entry)
        blocks += _drug_blocks(kb, entry, detailed)
    elif isinstance(entry, Category):
        blocks += _category_blocks(kb, entry, detailed)
    if detailed or entry.kind == "topic":
        # A topic's sections are its body; other entries' are extra detail. Later ones go first.
        blocks += [Block(s.heading, "text", (s.body,), sources=s.sources, drop=1)
                   for s in entry.sections]
    return Page(
        id=entry.id, title=entry.title, summary=entry.summary, kind_label=KIND_LABEL[entry.kind],
        subtitle=subtitle, base_sources=frozenset(entry.sources), origin=entry.origin,
        last_reviewed=entry.last_reviewed, command=f"cllkb show {entry.id}",
        key_points=entry.key_points, warnings=entry.call_care_team_if, blocks=tuple(blocks),
        questions=entry.questions_to_ask, related=tuple(kb.related(entry)),
        glossary=tuple(kb.terms[t] for t in entry.terms if t in kb.terms),
        sources=tuple(kb.sources_for(entry)), review_due=kb.is_overdue(entry),
        disclaimer=kb.disclaimer, detailed=detailed,
    )  # fmt: skip


def answer_page(kb: KnowledgeBase, question: str, best: AnyEntry, also: tuple[AnyEntry | Term, ...],
                notice: str = "", detailed: bool = False) -> Page:
    """A handout of an answer: the question, the best entry's page, then what else to read."""
    page = build_page(kb, best, detailed)
    lines = [f"{o.term}: {o.definition}" if isinstance(o, Term) else f"{o.title}: {o.summary}"
             for o in also]
    return replace(page, question=question, notice=notice,
                   blocks=page.blocks + tuple(_list("Also relevant", lines, drop=2)))


def options_page(kb: KnowledgeBase, view: OptionsView) -> Page:
    """The handout of `cllkb options`: the same view the terminal and --json show.

    Source numbers in the text ([3]) point into the page's numbered list, so a handout never
    drops a source here, only blocks (study results first, then cautions).
    """
    from .options.matching import command_args
    from .options.view import NO_RULE

    blocks: list[Block] = []

    def marks(ns: tuple[int, ...]) -> str:
        return "".join(f" [{n}]" for n in ns)

    if view.rule is not None:
        blocks += _text("Options your care team may discuss",
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
            blocks += _list(category.title, lines)
            blocks += _list(f"Studies: {category.title}", studies, drop=3)
    else:
        blocks += _list("Always worth asking about",
                        [f"{e.title}: {e.summary} (cllkb {e.kind} {e.id})" for e in view.see[1:]])
    blocks += _list("About your test results",
                    [m.marker.note + marks(m.cites) for m in view.marker_notes])
    blocks += _list("Cautions", view.cautions, drop=2)
    blocks += _text("Who decides", view.choice_note)
    topic = view.see[0]
    blocks += _text("Read more" if view.rule else "Nearest topic",
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
