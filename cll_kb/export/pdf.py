"""Handouts as PDF, drawn with fpdf2 straight from the page plan (not from HTML).

Sized for an older reader (NIA and CDC Clear Communication guidance): body text 12 pt (14 pt
with --large-print), nothing on the page under 9 pt, lines of about 75 characters (20 mm side
margins), headings that stand out. Pure Python, no system libraries: the bundled DejaVu Sans font
(licence beside it) carries µ, ≥, ⁻⁴, é and ñ. Source links are clickable and break only at
`/`, `?`, `&` or `=`; title, language and author are set in the document metadata; every page's
footer has the disclaimer and "Page x of y".
"""

from __future__ import annotations

import datetime as dt
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
MARGIN, TOP, FOOTER = 20.0, 16.0, 20.0
INK, MUTED, WARN = (26, 26, 26), (70, 70, 70), (164, 0, 0)
RULE, LINK, FILL = (150, 150, 150), (6, 69, 173), (40, 90, 160)
PAPER = {"letter": "letter", "a4": "A4"}
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
        return size * PT * 1.32


REGULAR = Sizes(body=12.0, small=10.0, footer=9.0, h1=20.0, h2=14.5, table=10.5)
LARGE = Sizes(body=14.0, small=12.0, footer=10.0, h1=24.0, h2=17.0, table=12.0)


def _document(paper: str, title: str, lang: str, version: str, footer_text: str,
              made: dt.date, sz: Sizes) -> FPDF:
    from fpdf import FPDF

    class _Handout(FPDF):
        def footer(self) -> None:
            self.set_y(-FOOTER + 3)
            self.set_draw_color(*RULE)
            self.line(self.l_margin, self.get_y() - 1, self.w - self.r_margin, self.get_y() - 1)
            self.set_font(FONT, size=sz.footer)
            self.set_text_color(*MUTED)
            width = self.epw - 32
            self.multi_cell(width, sz.line(sz.footer), footer_text, align="L", new_x="RIGHT",
                            new_y="TOP")
            self.cell(32, sz.line(sz.footer), f"Page {self.page_no()} of {{nb}}", align="R")

    pdf = _Handout(format=PAPER[paper], unit="mm")
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.set_auto_page_break(True, margin=FOOTER + 2)
    pdf.add_font(FONT, "", str(asset("fonts/DejaVuSans.ttf")))
    pdf.add_font(FONT, "B", str(asset("fonts/DejaVuSans-Bold.ttf")))
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
            pdf.ln(0.8)

    def heading(self, text: str) -> None:
        """A section heading, kept with the start of what follows it."""
        pdf = self.pdf
        if pdf.get_y() > pdf.h - pdf.b_margin - 3 * self.sz.line(self.sz.body) - 8:
            pdf.add_page()
        pdf.ln(3)
        self.para(text, self.sz.h2, bold=True)
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.get_y() + 0.4, pdf.w - pdf.r_margin, pdf.get_y() + 0.4)
        pdf.ln(1.8)

    def table(self, columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
              widths: tuple[float, ...] | None = None) -> None:
        self.style(self.sz.table)
        with self.pdf.table(col_widths=widths, text_align="LEFT",
                            line_height=self.sz.line(self.sz.table), padding=1.2,
                            first_row_as_headings=True,
                            borders_layout="HORIZONTAL_LINES") as table:
            table.row(columns)
            for row in rows:
                table.row(row)
        self.pdf.ln(1)

    def timeline(self, t: Timeline) -> None:
        """The course as a grid: one row per drug, one column per cycle (month, week), the
        columns it is given in filled; the same stretch in words under the drug's name."""
        pdf, sz = self.pdf, self.sz
        label_w = min(58.0, pdf.epw * 0.36)
        cell = (pdf.epw - label_w) / t.length
        row_h = max(sz.line(sz.small) * 2.2, 8.0)
        needed = row_h * (len(t.bars) + 1) + 4
        if pdf.get_y() + needed > pdf.h - pdf.b_margin:
            pdf.add_page()
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

        with pdf.offset_rendering() as trial:
            body()
        if trial.page_break_triggered:
            pdf.add_page()
        pdf.ln(2)
        top = pdf.get_y()
        body()
        pdf.set_draw_color(*WARN)
        pdf.set_line_width(1.0)
        pdf.rect(pdf.l_margin, top, pdf.epw, pdf.get_y() - top)
        pdf.set_line_width(0.2)

    def questions(self, questions: tuple[str, ...]) -> None:
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
        if pdf.get_y() > pdf.h - pdf.b_margin - 9 * (NOTES_LINES + 1):
            pdf.add_page()
        self.para("My notes", sz.small, bold=True, color=MUTED)
        pdf.set_draw_color(*RULE)
        for _ in range(NOTES_LINES):
            pdf.ln(8)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(1)

    def sources(self, page: Page) -> None:
        """Numbered, with a hanging indent; a long address breaks only between its parts."""
        pdf, sz = self.pdf, self.sz
        self.heading("Sources")
        hang = sz.small * PT * 2.6
        for n, s in enumerate(page.sources, 1):
            text = (short_citation(s.publisher, s.year, s.title) if page.short_sources
                    else f"{s.title}. {s.publisher}, {s.year}.")
            link = s.link if is_web_link(s.link) else ""
            shown = ZWSP.join(break_points(s.link)) if link else s.link
            self.style(sz.small)
            pdf.set_x(pdf.l_margin)
            pdf.cell(hang, sz.line(sz.small), f"[{n}]")
            pdf.multi_cell(pdf.epw - hang, sz.line(sz.small), f"{text} {shown}".strip(),
                           align="L", new_x="LMARGIN", new_y="NEXT", link=link)
            pdf.ln(0.6)

    def page(self, p: Page) -> None:
        pdf, sz, h = self.pdf, self.sz, self.h
        pdf.add_page()
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
            self.questions(p.questions)
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
        pdf.ln(2)
        self.para(h.stamp(p), sz.small, color=MUTED)


def render_pdf(handout: Handout) -> bytes:
    return bytes(_draw(handout).output())


# Measured with a little less room per page than the PDF really has, so the same text also fits
# when a browser prints the HTML handout (its line breaks differ slightly; `make test-print`).
MEASURE_RESERVE = 12.0  # mm


def page_count(handout: Handout) -> int:
    """How many pages the handout takes: the measure `fit` shrinks handouts against."""
    return _draw(handout, MEASURE_RESERVE).pages_count


def _draw(handout: Handout, reserve: float = 0.0) -> FPDF:
    disclaimer = handout.pages[0].disclaimer if handout.pages else ""
    made = max((p.last_reviewed for p in handout.pages), default=dt.date(2000, 1, 1))
    sz = LARGE if handout.large_print else REGULAR
    pdf = _document(handout.paper or "letter", handout.title, handout.lang, handout.version,
                    disclaimer, made, sz)
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
