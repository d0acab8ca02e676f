"""Handouts as PDF, drawn with fpdf2 straight from the page plan (not from HTML).

Pure Python, no system libraries: the bundled DejaVu Sans font (licence beside it) carries
µ, ≥, ⁻⁴, é and ñ. Source links are clickable; title, language and author are set in the
document metadata; every page's footer has the disclaimer and "Page x of y".
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..page import Block, Page
from ..page.plan import ref_summary, ref_title
from .handout import NOTES_LINES, Handout, Index, asset, group_index, is_web_link, more_note

if TYPE_CHECKING:
    from fpdf import FPDF

FONT = "DejaVu"
BODY, SMALL, TINY, H1, H2 = 9.0, 7.5, 6.5, 15.0, 10.5
LINE = 3.8  # mm per body line
MARGIN, FOOTER = 14.0, 17.0
INK, MUTED, WARN = (26, 26, 26), (85, 85, 85), (164, 0, 0)
RULE, LINK = (170, 170, 170), (6, 69, 173)
PAPER = {"letter": "letter", "a4": "A4"}


def _document(paper: str, title: str, lang: str, version: str, footer_text: str,
              made: dt.date) -> FPDF:
    from fpdf import FPDF

    class _Handout(FPDF):
        def footer(self) -> None:
            self.set_y(-FOOTER + 3)
            self.set_draw_color(*RULE)
            self.line(self.l_margin, self.get_y() - 1, self.w - self.r_margin, self.get_y() - 1)
            self.set_font(FONT, size=TINY)
            self.set_text_color(*MUTED)
            width = self.epw - 26
            self.multi_cell(width, 3.2, footer_text, align="L", new_x="RIGHT", new_y="TOP")
            self.cell(26, 3.2, f"Page {self.page_no()} of {{nb}}", align="R")

    pdf = _Handout(format=PAPER[paper], unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
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


def _style(pdf: FPDF, size: float = BODY, bold: bool = False, color: tuple = INK) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*color)


def _para(pdf: FPDF, text: str, size: float = BODY, bold: bool = False, color: tuple = INK,
          indent: float = 0.0, line: float = LINE) -> None:
    _style(pdf, size, bold, color)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, line * size / BODY, text, align="L",
                   new_x="LMARGIN", new_y="NEXT")


def _bullets(pdf: FPDF, items: tuple[str, ...], mark: str = "•", indent: float = 0.0) -> None:
    for item in items:
        _style(pdf)
        x = pdf.l_margin + indent
        pdf.set_x(x)
        pdf.cell(5, LINE, mark)
        pdf.multi_cell(pdf.epw - indent - 5, LINE, item, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.4)


def _heading(pdf: FPDF, text: str) -> None:
    # Keep a heading with the start of what follows it: move to a new page if little room is left.
    if pdf.get_y() > pdf.h - pdf.b_margin - 16:
        pdf.add_page()
    pdf.ln(1.8)
    _para(pdf, text, H2, bold=True)
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y() + 0.3, pdf.w - pdf.r_margin, pdf.get_y() + 0.3)
    pdf.ln(1.4)


def _block(pdf: FPDF, b: Block) -> None:
    _heading(pdf, b.heading)
    if b.style == "text":
        for t in b.items:
            _para(pdf, t)
    elif b.style == "refs":
        _bullets(pdf, tuple(f"{ref_title(r)}: {ref_summary(r)}" for r in b.refs))
    elif b.style == "drugs":
        _style(pdf)
        with pdf.table(col_widths=(35, 40, 25), text_align="LEFT", line_height=LINE + 0.6,
                       first_row_as_headings=True, borders_layout="HORIZONTAL_LINES") as table:
            table.row(("Drug", "Brand names", "Given"))
            for d in b.drugs:
                table.row((d.title, ", ".join(d.brands[:2]), d.given))
    else:
        _bullets(pdf, b.items)
        if b.more:
            _para(pdf, more_note(b.more), SMALL, color=MUTED)


def _warning(pdf: FPDF, h: Handout, items: tuple[str, ...]) -> None:
    """A red-ruled box; drawn after its text so its height fits, on one page."""
    pad = 3.0

    def body() -> None:
        pdf.ln(pad)
        _para(pdf, h.warning_title, H2, bold=True, color=WARN, indent=pad)
        pdf.ln(1)
        _bullets(pdf, items, indent=pad)
        if not h.phone_known:
            pdf.ln(1)
            _para(pdf, "Your care team’s phone number: ______________________________", indent=pad)
        pdf.ln(pad - 1)

    with pdf.offset_rendering() as trial:
        body()
    if trial.page_break_triggered:
        pdf.add_page()
    pdf.ln(2)
    top = pdf.get_y()
    body()
    pdf.set_draw_color(*WARN)
    pdf.set_line_width(0.8)
    pdf.rect(pdf.l_margin, top, pdf.epw, pdf.get_y() - top)
    pdf.set_line_width(0.2)


def _questions(pdf: FPDF, questions: tuple[str, ...]) -> None:
    _heading(pdf, "Questions to ask your care team")
    for q in questions:
        _style(pdf)
        y = pdf.get_y()
        pdf.set_draw_color(*INK)
        pdf.rect(pdf.l_margin + 0.5, y + 0.7, 2.8, 2.8)
        pdf.set_x(pdf.l_margin + 5)
        pdf.multi_cell(pdf.epw - 5, LINE, q, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)
    if pdf.get_y() > pdf.h - pdf.b_margin - 8 * NOTES_LINES:
        pdf.add_page()
    _para(pdf, "My notes", SMALL, bold=True, color=MUTED)
    pdf.set_draw_color(*RULE)
    for _ in range(NOTES_LINES):
        pdf.ln(6.5)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1)


def _sources(pdf: FPDF, page: Page) -> None:
    _heading(pdf, "Sources")
    for n, s in enumerate(page.sources, 1):
        _style(pdf, SMALL)
        pdf.set_x(pdf.l_margin)
        pdf.cell(7, LINE * 0.85, f"[{n}]")
        pdf.write(LINE * 0.85, f"{s.title}. {s.publisher}, {s.year}. ")
        if s.link:
            _style(pdf, SMALL, color=LINK if is_web_link(s.link) else INK)
            pdf.write(LINE * 0.85, s.link, link=s.link if is_web_link(s.link) else "")
        pdf.ln(LINE * 0.85 + 0.5)


def _page(pdf: FPDF, h: Handout, p: Page) -> None:
    pdf.add_page()
    _para(pdf, p.kind_label + (" · local page" if p.local else ""), SMALL, color=MUTED)
    _para(pdf, p.title, H1, bold=True, line=LINE * 0.75)
    if p.subtitle:
        _para(pdf, p.subtitle, SMALL, color=MUTED)
    if h.clinic:
        _para(pdf, " · ".join(h.clinic), SMALL, color=MUTED)
    pdf.ln(1.5)
    if p.question:
        _para(pdf, f"Your question: “{p.question}”", bold=True)
    if p.notice:
        _para(pdf, p.notice, color=WARN)
    _para(pdf, p.summary, BODY + 0.5)
    for note in p.notes()[1:]:
        _para(pdf, note, bold=True, color=WARN)
    if p.warnings:
        _warning(pdf, h, p.warnings)
    if p.key_points:
        _heading(pdf, "Key points")
        _bullets(pdf, p.key_points)
    for b in p.blocks:
        _block(pdf, b)
    if p.omitted:
        pdf.ln(1.5)
        _para(pdf, p.omitted_note(), SMALL, color=MUTED)
    if p.questions:
        _questions(pdf, p.questions)
    if p.words:
        _heading(pdf, "Words to know")
        for t in p.words:
            _style(pdf, bold=True)
            pdf.write(LINE, f"{t.term}: ")
            _style(pdf)
            pdf.write(LINE, t.definition)
            pdf.ln(LINE + 0.6)
    if p.related:
        pdf.ln(1)
        _para(pdf, "See also in cllkb: " + "; ".join(r.title for r in p.related) + ".", SMALL,
              color=MUTED)
    if p.sources:
        _sources(pdf, p)
    pdf.ln(2)
    _para(pdf, h.stamp(p), SMALL, color=MUTED)


def render_pdf(handout: Handout) -> bytes:
    return bytes(_draw(handout).output())


# Measured with a little less room per sheet than the PDF really has, so the same text also fits
# when a browser prints the HTML handout (its line breaks differ slightly; `make test-print`).
MEASURE_RESERVE = 10.0  # mm


def page_count(handout: Handout) -> int:
    """How many sheets the handout takes: the measure `fit` shrinks handouts against."""
    return _draw(handout, MEASURE_RESERVE).pages_count


def _draw(handout: Handout, reserve: float = 0.0) -> FPDF:
    disclaimer = handout.pages[0].disclaimer if handout.pages else ""
    made = max((p.last_reviewed for p in handout.pages), default=dt.date(2000, 1, 1))
    pdf = _document(handout.paper, handout.title, handout.lang, handout.version, disclaimer,
                    made)
    pdf.set_auto_page_break(True, margin=pdf.b_margin + reserve)
    for p in handout.pages:
        _page(pdf, handout, p)
    return pdf


def render_index_pdf(index: Index) -> bytes:
    pdf = _document(index.paper, index.title, index.lang, index.version, index.disclaimer,
                    index.made)
    pdf.add_page()
    _para(pdf, index.title, H1, bold=True, line=LINE * 0.75)
    _para(pdf, f"cllkb {index.version}", SMALL, color=MUTED)
    for label, items in group_index(index):
        _heading(pdf, label)
        for i in items:
            _style(pdf, bold=True, color=LINK)
            pdf.write(LINE, i.title, link=i.file)
            _style(pdf, SMALL, color=MUTED)
            pdf.write(LINE, f"  ({i.file})")
            pdf.ln(LINE)
            _para(pdf, i.summary, SMALL)
            pdf.ln(1)
    return bytes(pdf.output())
