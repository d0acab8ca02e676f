"""Handouts as one self-contained HTML file: inline CSS, no scripts, no outside requests.

Jinja2 autoescape is on for every template, so text from YAML can never become markup. The
only value placed inside CSS (the disclaimer in the printed page footer) goes through
`css_string`, which escapes everything but letters, digits and spaces.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from ..page.plan import ref_summary, ref_title, span
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
    from jinja2 import Environment
    from markupsafe import Markup

PAPER_CSS = {"letter": "letter", "a4": "A4"}
# Side margins that leave the PDF's 160 mm measure (about 75 characters a line) on each paper.
SIDE_MM = {"letter": 28, "a4": 25}


def css_string(text: str) -> str:
    """A CSS string literal that no text can break out of (not even `</style>`)."""
    # A space always ends each escape: CSS swallows one whitespace after a hex escape.
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in text) + '"'


@cache
def _env() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(asset("templates"))), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    helpers: dict[str, Callable] = {"notes": lambda p: p.notes(), "web": is_web_link,
                                    "more": more_note, "ref_title": ref_title,
                                    "ref_summary": ref_summary, "span": span,
                                    "short": short_citation, "breakable": breakable}
    env.globals.update(helpers)
    return env


def _css() -> str:
    from markupsafe import Markup

    # Package text, not knowledge: trusted, and it must not be HTML-escaped inside <style>.
    return Markup(asset("templates/handout.css").read_text(encoding="utf-8"))


def breakable(link: str) -> Markup:
    """A web address that a browser may break only between its parts (after `/`, `?`, `&`,
    `=`): each part escaped, a <wbr> between them."""
    from markupsafe import Markup, escape

    return Markup("<wbr>").join(escape(piece) for piece in break_points(link))


def render_html(handout: Handout) -> str:
    from markupsafe import Markup

    disclaimer = handout.pages[0].disclaimer if handout.pages else ""
    return _env().get_template("handout.html.j2").render(
        h=handout, css=_css(), paper=PAPER_CSS.get(handout.paper or ""), notes_lines=NOTES_LINES,
        side=SIDE_MM.get(handout.paper or "", 0), disclaimer_css=Markup(css_string(disclaimer)))


def render_index_html(index: Index) -> str:
    return _env().get_template("index.html.j2").render(
        ix=index, css=_css(), paper=PAPER_CSS[index.paper], groups=group_index(index))
