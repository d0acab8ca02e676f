"""A page plan: what goes on a page, in what order — one plan for the screen and for paper.

The terminal card, the HTML/Markdown/PDF handouts and the answer handout all draw a `Page`.
Choosing what a page shows happens in this package and only here, so the screen and the handout
a nurse prints can never disagree about content — only about how it is drawn.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from ..knowledge.models import AnyEntry, Drug, Source, Term
from ..record import Record, replace

KIND_LABEL = {"drug": "Drug", "category": "Treatment category", "topic": "Topic", "term": "Term"}

BlockStyle = Literal["list", "text", "drugs", "refs"]


class Block(Record, kw_only=False):
    """One part of the page under a plain heading."""

    heading: str
    style: BlockStyle
    items: tuple[str, ...] = ()  # list items, or the paragraph(s) of a text block
    drugs: tuple[Drug, ...] = ()  # the drugs table of a category
    refs: tuple[AnyEntry | Term, ...] = ()  # other pages to read: each medium says how to
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
    focus: str = ""  # an answer's page: the heading of the block that best answers the question

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


def list_block(heading: str, items: tuple[str, ...] | list[str], more: int = 0,
          drop: int = 0, sources: tuple[str, ...] = ()) -> list[Block]:
    return [Block(heading, "list", tuple(items), more=more, drop=drop, sources=sources)
            ] if items else []


def text_block(heading: str, text: str, drop: int = 0) -> list[Block]:
    return [Block(heading, "text", (text,), drop=drop)] if text else []




def refs_block(heading: str, refs: tuple[AnyEntry | Term, ...] | list[AnyEntry | Term],
               drop: int = 0) -> list[Block]:
    return [Block(heading, "refs", refs=tuple(refs), drop=drop)] if refs else []


def ref_title(ref: AnyEntry | Term) -> str:
    return ref.term if isinstance(ref, Term) else ref.title


def ref_summary(ref: AnyEntry | Term) -> str:
    return ref.definition if isinstance(ref, Term) else ref.summary
