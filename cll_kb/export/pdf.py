"""Handouts as PDF, drawn with fpdf2 straight from the page plan (not from HTML).

Sized for an older reader (NIA and CDC Clear Communication guidance): body text 12 pt (14 pt
with --large-print), nothing on the page under 9 pt, lines of about 75 characters (a 160 mm
measure), headings that stand out. Pure Python, no system libraries: the bundled DejaVu Sans font
(licence beside it) carries µ, ≥, ⁻⁴, é and ñ. Source links are clickable and break only at
`/`, `?`, `&` or `=`; title, language and author are set in the document metadata; every page's
footer has the disclaimer and "Page x of y".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..knowledge.models import Timeline
from ..page import Block, Page
from ..page.plan import ref_summary, ref_title, span
from ..record import Record
from .handout import (
    NOTES_LINES,
    Handout,
    Index,
    asset,
    break_points,
    group_index,
    is_web_link,
    more_note,
    short_citation,
)

if TYPE_CHECKING:
    from fpdf import FPDF

FONT = "DejaVu"
PT = 0.3528  # mm per point
MEASURE = 160.0  # mm of text width: about 76 characters of 12 pt DejaVu Sans, on either paper
TOP, FOOTER, FOOTER_SIDE = 14.0, 18.0, 15.0
INK, MUTED, WARN = (26, 26, 26), (70, 70, 70), (164, 0, 0)
RULE, LINK, FILL = (150, 150, 150), (6, 69, 173), (40, 90, 160)
PAPER = {"letter": "letter", "a4": "A4"}
HANG = 2.5  # ems of hanging indent for a source's number, "[12]"
ZWSP = "\u200b"  # where a long address may break: fpdf2 breaks lines there, and shows nothing


class Sizes(Record, kw_only=False):
    """Type sizes in points: the smallest is the footer, and it is 9 pt or more."""

    body: float
    small: float
    footer: float
    h1: float
    h2: float
    table: float

    def line(self, size: float) -> float:
        """Line height in mm for text of `size` points."""
        return size * PT * 1.25


REGULAR = Sizes(body=12.0, small=10.0, footer=9.0, h1=20.0, h2=14.5, table=10.5)
LARGE = Sizes(body=14.0, small=12.0, footer=10.0, h1=24.0, h2=17.0, table=12.0)


# Parsed fonts, unused, for layouts that are only measured: fitting lays a handout out many
# times, and each would parse DejaVu Sans again. fpdf2's own copy keeps the parsed font shared
# and the per-document state (glyphs used, subset) apart, as its recorder does.
_PARSED: dict[str, object] = {}


def _add_fonts(pdf: FPDF, shared: bool) -> None:
    from copy import deepcopy

    for style, file in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
        key = FONT.lower() + style
        if shared and key in _PARSED:
            pdf.fonts[key] = deepcopy(_PARSED[key])
            continue
        pdf.add_font(FONT, style, str(asset(f"fonts/{file}")))
        if shared:
            _PARSED[key] = deepcopy(pdf.fonts[key])


def _document(paper: str, title: str, lang: str, version: str, footer_text: str,
              made: dt.date, sz: Sizes, measure: bool = False) -> FPDF:
    from fpdf import FPDF

    class _Handout(FPDF):
        reviewed = ""  # the review date of the entry on this page, under its page number

        def footer(self) -> None:
            # Wider than the text: the disclaimer stays on two lines, clear of the page edge.
            self.set_y(-FOOTER + 3)
            self.set_draw_color(*RULE)
            self.line(FOOTER_SIDE, self.get_y() - 1, self.w - FOOTER_SIDE, self.get_y() - 1)
            self.set_font(FONT, size=sz.footer)
            self.set_text_color(*MUTED)
            self.set_x(FOOTER_SIDE)
            width = self.w - 2 * FOOTER_SIDE - 40
            self.multi_cell(width, sz.line(sz.footer), footer_text, align="L", new_x="RIGHT",
                            new_y="TOP")
            right = f"Page {self.page_no()} of {{nb}}"
            if self.reviewed:
                right += f"\nReviewed {self.reviewed}"
            self.multi_cell(40, sz.line(sz.footer), right, align="R")

    pdf = _Handout(format=PAPER[paper], unit="mm")
    side = (pdf.w - MEASURE) / 2
    pdf.set_margins(side, TOP, side)
    pdf.set_auto_page_break(True, margin=FOOTER + 2)
    _add_fonts(pdf, shared=measure)
    pdf.set_title(title)
    pdf.set_lang(lang)
    pdf.set_author("cllkb")
    pdf.set_creator(f"cllkb {version}")
    pdf.set_subject("Plain-language information about CLL/SLL treatment")
    # The review date, not the clock: the same knowledge always makes the same file.
    pdf.set_creation_date(dt.datetime.combine(made, dt.time(), tzinfo=dt.timezone.utc))
    return pdf


class _Draw:
    """Draws one handout's pages at one set of type sizes."""

    def __init__(self, pdf: FPDF, h: Handout, sz: Sizes) -> None:
        self.pdf, self.h, self.sz = pdf, h, sz

    def style(self, size: float | None = None, bold: bool = False, color: tuple = INK) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size or self.sz.body)
        self.pdf.set_text_color(*color)

    def para(self, text: str, size: float | None = None, bold: bool = False,
             color: tuple = INK, indent: float = 0.0) -> None:
        pdf, size = self.pdf, size or self.sz.body
        self.style(size, bold, color)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.epw - indent, self.sz.line(size), text, align="L",
                       new_x="LMARGIN", new_y="NEXT")

    def bullets(self, items: tuple[str, ...], mark: str = "•", indent: float = 0.0,
                size: float | None = None) -> None:
        pdf, size = self.pdf, size or self.sz.body
        hang = size * PT * 1.1
        for item in items:
            self.style(size)
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(hang, self.sz.line(size), mark)
            pdf.multi_cell(pdf.epw - indent - hang, self.sz.line(size), item, align="L",
                           new_x="LMARGIN", new_y="NEXT")
            pdf.ln(0.5)

    def lines(self, text: str, width: float, size: float, bold: bool = False) -> int:
        """How many lines `text` takes in a column `width` mm wide: measured, not drawn."""
        from fpdf.enums import MethodReturnValue

        self.style(size, bold)
        return len(self.pdf.multi_cell(width, self.sz.line(size), text, dry_run=True,
                                       output=MethodReturnValue.LINES))

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm more fits on this one: a chart or a column of
        sources stays with its heading. (Measured, not trial-drawn: a trial copies the whole
        document, and fitting a handout lays it out a dozen times.)"""
        if self.pdf.will_page_break(height):
            self.pdf.add_page()

    def heading_height(self, text: str) -> float:
        sz = self.sz
        return 2.5 + self.lines(text, self.pdf.epw, sz.h2, bold=True) * sz.line(sz.h2) + 2.2

    def bullets_height(self, items: tuple[str, ...], indent: float = 0.0) -> float:
        size = self.sz.body
        width = self.pdf.epw - indent - size * PT * 1.1
        return sum(self.lines(i, width, size) * self.sz.line(size) + 0.5 for i in items)

    def heading(self, text: str) -> None:
        """A section heading, kept with the start of what follows it."""
        pdf = self.pdf
        if pdf.get_y() > pdf.h - pdf.b_margin - 3 * self.sz.line(self.sz.body) - 8:
            pdf.add_page()
        pdf.ln(2.5)
        self.para(text, self.sz.h2, bold=True)
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.get_y() + 0.4, pdf.w - pdf.r_margin, pdf.get_y() + 0.4)
        pdf.ln(1.8)

    def table(self, columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
              widths: list[float] | None = None) -> None:
        """A table whose words are never split: a long hyphenated word may break after its
        hyphens, and a table too wide for its longest words is set smaller, down to 9 pt."""
        columns, rows = _hyphens(columns), tuple(_hyphens(r) for r in rows)
        size, widths = self.table_layout(columns, rows, widths)
        self.style(size)
        with self.pdf.table(col_widths=widths, text_align="LEFT",
                            line_height=self.sz.line(size), padding=1.2,
                            first_row_as_headings=True,
                            borders_layout="HORIZONTAL_LINES") as table:
            table.row(columns)
            for row in rows:
                table.row(row)
        self.pdf.ln(1)

    def table_layout(self, columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
                     widths: list[float] | None = None) -> tuple[float, list[float]]:
        """The type size and column widths of a table (widths in mm, summing to the measure)."""
        size = self.sz.table
        if widths is None:
            while sum(widths := self.widths(columns, rows, size)) > self.pdf.epw and size > 9:
                size -= 0.5
        total = sum(widths)
        return size, [w * self.pdf.epw / total for w in widths]

    def table_height(self, columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> float:
        columns, rows = _hyphens(columns), tuple(_hyphens(r) for r in rows)
        size, widths = self.table_layout(columns, rows)
        height = 1.0
        for i, row in enumerate((columns, *rows)):
            most = max(self.lines(c, w - 2 * 1.2, size, bold=i == 0)
                       for c, w in zip(row, widths, strict=True))
            height += most * self.sz.line(size) + 2 * 1.2
        return height

    def widths(self, columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
               size: float) -> list[float]:
        """Column widths as a browser lays out a table: every column gets its longest word (no
        word is split), and the room left goes to the columns that hold the most text."""
        pdf = self.pdf
        self.style(size, bold=True)
        pad = 2 * 1.2 + 1.0
        cells = [[columns[i], *(row[i] for row in rows)] for i in range(len(columns))]
        least = [max(pdf.get_string_width(w) for c in col
                     for w in re.split(rf"\s|(?<={ZWSP})", c) or [""]) + pad for col in cells]
        self.style(size)
        most = [max(pdf.get_string_width(c) for c in col) + pad for col in cells]
        room = pdf.epw - sum(least)
        if room <= 0:
            return least
        extra = [m - n for m, n in zip(most, least, strict=True)]
        share = min(1.0, room / sum(extra)) if sum(extra) else 0.0
        out = [n + e * share for n, e in zip(least, extra, strict=True)]
        spare = pdf.epw - sum(out)  # all text fits on one line: widen in proportion
        return [w + spare * w / sum(out) for w in out]

    def timeline_height(self, t: Timeline) -> float:
        return max(self.sz.line(self.sz.small) * 2.0, 7.5) * (len(t.bars) + 1) + 4

    def timeline(self, t: Timeline) -> None:
        """The course as a grid: one row per drug, one column per cycle (month, week), the
        columns it is given in filled; the same stretch in words under the drug's name."""
        pdf, sz = self.pdf, self.sz
        label_w = min(58.0, pdf.epw * 0.36)
        cell = (pdf.epw - label_w) / t.length
        row_h = max(sz.line(sz.small) * 2.0, 7.5)
        self.keep(self.timeline_height(t))
        x0, y = pdf.l_margin, pdf.get_y()
        numbers = sz.footer if cell < 7 else sz.small
        self.style(numbers, color=MUTED)
        pdf.set_xy(x0, y)
        pdf.cell(label_w, row_h, f"{t.unit.capitalize()}:")
        for n in range(1, t.length + 1):
            show = t.length <= 15 or n == 1 or n % 3 == 0 or n == t.length
            pdf.set_xy(x0 + label_w + (n - 1) * cell, y)
            pdf.cell(cell, row_h, str(n) if show else "", align="C")
        y += row_h
        for bar in t.bars:
            pdf.set_draw_color(*RULE)
            pdf.line(x0, y, x0 + pdf.epw, y)
            self.style(sz.small, bold=True)
            pdf.set_xy(x0, y + 0.6)
            pdf.multi_cell(label_w - 2, sz.line(sz.small), bar.label, align="L")
            self.style(sz.footer, color=MUTED)
            pdf.set_x(x0)
            pdf.cell(label_w - 2, sz.line(sz.footer), span(t.unit, bar.start, bar.end))
            pdf.set_fill_color(*FILL)
            pdf.rect(x0 + label_w + (bar.start - 1) * cell + 0.3, y + row_h * 0.25,
                     (bar.end - bar.start + 1) * cell - 0.6, row_h * 0.5, style="F")
            y += row_h
        pdf.set_draw_color(*RULE)
        pdf.line(x0, y, x0 + pdf.epw, y)
        pdf.set_y(y + 1.5)
        notes = [f"{bar.label}: {bar.note}" for bar in t.bars if bar.note]
        self.bullets(tuple(notes), mark="–", size=sz.small)

    def block(self, b: Block) -> None:
        if b.style == "calendar":  # a chart starts on the page its heading is on
            self.keep(self.heading_height(b.heading) + self.table_height(b.columns, b.rows))
        elif b.style == "timeline" and b.timeline is not None:
            self.keep(self.heading_height(b.heading) + self.timeline_height(b.timeline))
        self._block(b)

    def _block(self, b: Block) -> None:
        self.heading(b.heading)
        if b.style == "text":
            for t in b.items:
                self.para(t)
        elif b.style == "refs":
            self.bullets(tuple(f"{ref_title(r)}: {ref_summary(r)}" for r in b.refs))
        elif b.style == "drugs":
            self.table(("Drug", "Brand names", "Given"),
                       tuple((d.title, ", ".join(d.brands[:2]), d.given) for d in b.drugs),
                       (35, 40, 25))
        elif b.style in ("table", "calendar"):
            self.table(b.columns, b.rows)
            if b.items:
                self.para(" ".join(b.items), self.sz.small, color=MUTED)
        elif b.style == "timeline" and b.timeline is not None:
            self.timeline(b.timeline)
            if b.items:
                self.para(" ".join(b.items), self.sz.small, color=MUTED)
        else:
            self.bullets(b.items)
            if b.more:
                self.para(more_note(b.more), self.sz.small, color=MUTED)

    def warning(self, items: tuple[str, ...]) -> None:
        """A red-ruled box; drawn after its text so its height fits, on one page."""
        pdf, pad = self.pdf, 3.5

        def body() -> None:
            pdf.ln(pad)
            self.para(self.h.warning_title, self.sz.h2, bold=True, color=WARN, indent=pad)
            pdf.ln(1)
            self.bullets(items, indent=pad)
            if not self.h.phone_known:
                pdf.ln(1)
                self.para("Your care team’s phone number: ____________________", indent=pad)
            pdf.ln(pad - 1)

        sz, width = self.sz, pdf.epw - pad
        height = (2 + 2 * pad + self.lines(self.h.warning_title, width, sz.h2, bold=True)
                  * sz.line(sz.h2) + self.bullets_height(items, pad))
        if not self.h.phone_known:
            height += 1 + sz.line(sz.body)
        self.keep(height)  # the box is never split across pages
        pdf.ln(2)
        top = pdf.get_y()
        body()
        pdf.set_draw_color(*WARN)
        pdf.set_line_width(1.0)
        pdf.rect(pdf.l_margin, top, pdf.epw, pdf.get_y() - top)
        pdf.set_line_width(0.2)

    def questions(self, questions: tuple[str, ...], notes: bool) -> None:
        pdf, sz = self.pdf, self.sz
        self.heading("Questions to ask your care team")
        box = sz.body * PT * 0.8
        for q in questions:
            self.style()
            y = pdf.get_y()
            pdf.set_draw_color(*INK)
            pdf.rect(pdf.l_margin + 0.5, y + 1.0, box, box)
            pdf.set_x(pdf.l_margin + box + 3)
            pdf.multi_cell(pdf.epw - box - 3, sz.line(sz.body), q, align="L",
                           new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        if not notes:
            return
        if pdf.get_y() > pdf.h - pdf.b_margin - 9 * (NOTES_LINES + 1):
            pdf.add_page()
        self.para("My notes", sz.small, bold=True, color=MUTED)
        pdf.set_draw_color(*RULE)
        for _ in range(NOTES_LINES):
            pdf.ln(8)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(1)

    def sources(self, page: Page) -> None:
        """Numbered, with a hanging indent; a long address breaks only between its parts.
        Short citations (a handout short of room) stand in two columns, at 9 pt."""
        pdf, sz = self.pdf, self.sz
        items = []
        for n, s in enumerate(page.sources, 1):
            text = (short_citation(s.publisher, s.year, s.title) if page.short_sources
                    else f"{s.title}. {s.publisher}, {s.year}.")
            link = s.link if is_web_link(s.link) else ""
            shown = ZWSP.join(break_points(s.link)) if link else s.link
            items.append((n, f"{text} {shown}".strip(), link))
        if not page.short_sources:
            self.heading("Sources")
            self._source_column(items, pdf.l_margin, pdf.epw, sz.small)
            return
        self._short_sources(items)

    def _short_sources(self, items: list[tuple[int, str, str]]) -> None:
        pdf, size = self.pdf, self.sz.footer
        gap, width = 5.0, (pdf.epw - 5.0) / 2
        hang = size * PT * HANG
        self.style(size)
        widest = max((pdf.get_string_width(piece) for _, text, _ in items
                      for piece in text.replace(ZWSP, " ").split()), default=0.0)
        if widest > width - hang - 2 * pdf.c_margin:  # an address that cannot break in a column
            self.keep(self.heading_height("Sources") + 3 * self.sz.line(size))
            self.heading("Sources")
            self._source_column(items, pdf.l_margin, pdf.epw, size)
            return
        lines = [self.lines(text, width - hang, size) for _, text, _ in items]
        # Split where the taller column is shortest: addresses make some items three lines long.
        half = min(range(1, len(items) + 1),
                   key=lambda k: (max(sum(lines[:k]), sum(lines[k:])), -k))
        tallest = max(sum(lines[:half]), sum(lines[half:]))
        self.keep(self.heading_height("Sources") + tallest * self.sz.line(size)
                  + 0.4 * len(items))  # the columns stay with their heading
        self.heading("Sources")
        top = pdf.get_y()
        self._source_column(items[:half], pdf.l_margin, width, size)
        bottom = pdf.get_y()
        pdf.set_y(top)
        self._source_column(items[half:], pdf.l_margin + width + gap, width, size)
        pdf.set_y(max(bottom, pdf.get_y()))

    def _source_column(self, items: list[tuple[int, str, str]], x: float, width: float,
                       size: float) -> None:
        pdf, sz = self.pdf, self.sz
        hang = size * PT * HANG
        from fpdf.enums import MethodReturnValue

        for n, text, link in items:
            self.style(size)
            pdf.set_x(x)
            pdf.cell(hang, sz.line(size), f"[{n}]")
            # Broken where fpdf2 would break it (at the zero-width spaces between an address's
            # parts), then drawn line by line without them: a copied link has no hidden characters.
            lines = pdf.multi_cell(width - hang, sz.line(size), text, dry_run=True,
                                   output=MethodReturnValue.LINES)
            for line in lines:
                pdf.set_x(x + hang)
                pdf.cell(width - hang, sz.line(size), line.replace(ZWSP, ""), link=link,
                         new_x="LEFT", new_y="NEXT")
            pdf.ln(0.4)

    def page(self, p: Page) -> None:
        pdf, sz, h = self.pdf, self.sz, self.h
        pdf.add_page()  # draws the footer of the page before, with that entry's review date
        pdf.reviewed = p.reviewed  # type: ignore[attr-defined]
        self.para(p.kind_label + (" · local page" if p.local else ""), sz.small, color=MUTED)
        self.para(p.title, sz.h1, bold=True)
        if p.subtitle:
            self.para(p.subtitle, sz.small, color=MUTED)
        if h.clinic:
            self.para(" · ".join(h.clinic), sz.small, color=MUTED)
        pdf.ln(2)
        if p.question:
            self.para(f"Your question: “{p.question}”", bold=True)
        if p.notice:
            self.para(p.notice, color=WARN)
        self.para(p.summary)
        for note in p.notes()[1:]:
            self.para(note, bold=True, color=WARN)
        if p.warnings:
            self.warning(p.warnings)
        if p.key_points:
            self.heading("Key points")
            self.bullets(p.key_points)
        for b in p.blocks:
            self.block(b)
        if p.omitted:
            pdf.ln(2)
            self.para(p.omitted_note(), sz.small, color=MUTED)
        if p.questions:
            self.questions(p.questions, p.show_notes)
        if p.words and p.show_words:
            self.heading("Words to know")
            for t in p.words:
                self.style(bold=True)
                pdf.write(sz.line(sz.body), f"{t.term}: ")
                self.style()
                pdf.write(sz.line(sz.body), t.definition)
                pdf.ln(sz.line(sz.body) + 1.2)
        if note := h.sheets_note(p):
            pdf.ln(2)
            self.para(note, sz.small, color=MUTED)
        if p.sources:
            self.sources(p)


def _hyphens(cells: tuple[str, ...]) -> tuple[str, ...]:
    """Cells whose long hyphenated words ("graft-versus-host") may break after a hyphen."""
    return tuple(re.sub(r"(?<=\w{3})-(?=\w{3})", "-" + ZWSP, c) for c in cells)


def render_pdf(handout: Handout) -> bytes:
    return bytes(_draw(handout).output())


# Measured with a little less room per page than the PDF really has, so the same text also fits
# when a browser prints the HTML handout (its line breaks differ slightly; `make test-print`).
MEASURE_RESERVE = 8.0  # mm


def page_count(handout: Handout) -> int:
    """How many pages the handout takes with room to spare: the measure `fit` tries first."""
    return _draw(handout, MEASURE_RESERVE, measure=True).pages_count


def exact_page_count(handout: Handout) -> int:
    """How many pages the PDF takes: `fit`'s measure when room to spare is not to be had."""
    return _draw(handout, measure=True).pages_count


def _draw(handout: Handout, reserve: float = 0.0, measure: bool = False) -> FPDF:
    disclaimer = handout.pages[0].disclaimer if handout.pages else ""
    made = max((p.last_reviewed for p in handout.pages), default=dt.date(2000, 1, 1))
    sz = LARGE if handout.large_print else REGULAR
    pdf = _document(handout.paper or "letter", handout.title, handout.lang, handout.version,
                    disclaimer, made, sz, measure)
    pdf.set_auto_page_break(True, margin=pdf.b_margin + reserve)
    draw = _Draw(pdf, handout, sz)
    for p in handout.pages:
        draw.page(p)
    return pdf


def render_index_pdf(index: Index) -> bytes:
    sz = REGULAR
    pdf = _document(index.paper, index.title, index.lang, index.version, index.disclaimer,
                    index.made, sz)
    draw = _Draw(pdf, Handout(pages=()), sz)
    pdf.add_page()
    draw.para(index.title, sz.h1, bold=True)
    draw.para(f"cllkb {index.version}", sz.small, color=MUTED)
    for label, items in group_index(index):
        draw.heading(label)
        for i in items:
            draw.style(bold=True, color=LINK)
            pdf.write(sz.line(sz.body), i.title, link=i.file)
            draw.style(sz.small, color=MUTED)
            pdf.write(sz.line(sz.body), f"  ({i.file})")
            pdf.ln(sz.line(sz.body))
            draw.para(i.summary, sz.small)
            pdf.ln(1)
    return bytes(pdf.output())
