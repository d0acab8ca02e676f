"""Page plans: what a page shows, in what order, for the screen and for paper alike.

plan holds the Page and Block records; entry builds an entry's or a glossary word's page,
answer the page of an answer to `cllkb ask`, options the page of `cllkb options`. Renderers
(render/ for the terminal, export/ for handouts) draw a Page and decide nothing about content.
"""

from .answer import answer_page
from .entry import build_page, term_page
from .options import options_page
from .plan import KIND_LABEL, Block, Page

__all__ = ["KIND_LABEL", "Block", "Page", "answer_page", "build_page", "options_page", "term_page"]
