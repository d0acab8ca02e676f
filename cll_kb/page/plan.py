"""A page plan: what goes on a page, in what order — one plan for the screen and for paper.

The terminal card, the HTML/Markdown/PDF handouts and the answer handout all draw a `Page`.
Choosing what a page shows happens in this package and only here, so the screen and the handout
a nurse prints can never disagree about content — only about how it is drawn.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from ..knowledge.models import AnyEntry, Drug, Source, Term, Timeline
from ..record import Record, replace

KIND_LABEL = {"drug": "Drug", "category": "Treatment category", "topic": "Topic", "term": "Term"}

BlockStyle = Literal["list", "text", "drugs", "refs", "table", "calendar", "timeline"]

# What a printed handout may leave out to fit its pages, first to go first (paper only: the
# screen shows everything). What a drug sheet must carry — what it is, the warning box, how it
# is taken, a missed dose, interactions and food, storage, side effects, when to call — has no
# rank and is always printed.
DROP_STUDIES = 7  # study details
DROP_MONITORING = 6  # tests and monitoring
DROP_DETAIL = 5  # a topic's later sections, and the extras of a detailed sheet
DROP_SEE_ALSO = 4  # other sheets to ask for, "Also relevant"
DROP_WORDS = 3  # words to know
DROP_SOURCES = 2  # full source titles: short citations with their link instead
DROP_NOTES = 1  # the ruled lines for the reader's own notes: the last thing to give way


class Block(Record, kw_only=False):
    """One part of the page under a plain heading."""

    heading: str
    style: BlockStyle
    items: tuple[str, ...] = ()  # list items, or the paragraph(s) of a text block
    drugs: tuple[Drug, ...] = ()  # the drugs table of a category
    refs: tuple[AnyEntry | Term, ...] = ()  # other pages to read: each medium says how to
    columns: tuple[str, ...] = ()  # a table's column headings ...
    rows: tuple[tuple[str, ...], ...] = ()  # ... and its rows (a calendar is a table too)
    timeline: Timeline | None = None
    more: int = 0  # items left out of the short page (shown with --detailed)
    sources: tuple[str, ...] = ()  # source ids only this block cites (sections, studies)
    drop: int = 0  # a DROP_* rank, or 0: always printed


class Cut(Record, kw_only=False):
    """One thing a handout may leave out (or shorten) to fit its pages."""

    rank: int  # a DROP_* rank: higher goes first
    label: str  # what the handout says it left out
    block: int = -1  # the index of a block to leave out, or -1 for the page-level cuts below
    kind: str = "block"  # block | see-also | words | sources | notes


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
    omitted: tuple[str, ...] = ()  # what a handout left out to fit its pages
    focus: str = ""  # an answer's page: the heading of the block that best answers the question
    show_related: bool = True  # paper: "sheets to ask for" (a handout may leave them out)
    show_words: bool = True  # paper: "Words to know"
    short_sources: bool = False  # paper: short citations with their link
    show_notes: bool = True  # paper: ruled lines for notes under the questions

    def omitted_note(self) -> str:
        """Says, on paper, what a handout left out to fit its pages and where it is."""
        if not self.omitted:
            return ""
        where = ("The full text is in cllkb: ask your care team." if self.detailed else
                 "Ask your care team for the detailed sheet, which has them.")
        return f"Left out to fit: {', '.join(self.omitted)}. {where}"

    def cuts(self) -> list[Cut]:
        """What a handout may leave out, first to go first (later blocks before earlier)."""
        out = [Cut(b.drop, b.heading, i) for i, b in enumerate(self.blocks) if b.drop]
        if self.related and self.show_related:
            out.append(Cut(DROP_SEE_ALSO, "Other sheets to ask for", kind="see-also"))
        if self.words and self.show_words:
            out.append(Cut(DROP_WORDS, "Words to know", kind="words"))
        if len(self.sources) > 3 and not self.short_sources:
            out.append(Cut(DROP_SOURCES, "", kind="sources"))
        if self.questions and self.show_notes:
            out.append(Cut(DROP_NOTES, "", kind="notes"))
        return sorted(out, key=lambda c: (-c.rank, -c.block))

    def cut(self, cuts: list[Cut]) -> Page:
        """The page minus some blocks (and the sources only they cited) and page-level parts."""
        gone = {c.block for c in cuts if c.kind == "block"}
        kept = tuple(b for i, b in enumerate(self.blocks) if i not in gone)
        cited = set(self.base_sources).union(*(b.sources for b in kept))
        kinds = {c.kind for c in cuts}
        return replace(self, blocks=kept, sources=tuple(s for s in self.sources if s.id in cited),
                       omitted=tuple(c.label for c in sorted(cuts, key=lambda c: c.block)
                                     if c.label),
                       show_related=self.show_related and "see-also" not in kinds,
                       show_words=self.show_words and "words" not in kinds,
                       short_sources=self.short_sources or "sources" in kinds,
                       show_notes=self.show_notes and "notes" not in kinds)

    @property
    def words(self) -> tuple[Term, ...]:
        """"Words to know": glossary terms this page's printed text actually uses."""
        text = " ".join([self.summary, *self.key_points, *self.warnings, *self.questions,
                         *(i for b in self.blocks for i in b.items),
                         *(cell for b in self.blocks for row in b.rows for cell in row)])
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


def list_block(heading: str, items: tuple[str, ...] | list[str], more: int = 0,
               drop: int = 0, sources: tuple[str, ...] = ()) -> list[Block]:
    if not items:
        return []
    return [Block(heading, "list", tuple(items), more=more, drop=drop, sources=sources)]


def text_block(heading: str, text: str, drop: int = 0) -> list[Block]:
    return [Block(heading, "text", (text,), drop=drop)] if text else []


def refs_block(heading: str, refs: tuple[AnyEntry | Term, ...] | list[AnyEntry | Term],
               drop: int = 0) -> list[Block]:
    return [Block(heading, "refs", refs=tuple(refs), drop=drop)] if refs else []


def ref_title(ref: AnyEntry | Term) -> str:
    return ref.term if isinstance(ref, Term) else ref.title


def ref_summary(ref: AnyEntry | Term) -> str:
    return ref.definition if isinstance(ref, Term) else ref.summary


def first_sentence(text: str) -> str:
    """What a one-line reference or a table cell shows of a longer text."""
    return text.split(". ", 1)[0].rstrip(".") + "." if text else ""


def span(unit: str, start: int, end: int) -> str:
    """"cycles 1 to 6": a bar of a timeline in words, the same in every medium."""
    return f"{unit}s {start} to {end}" if end > start else f"{unit} {start}"
