"""Shrink a handout to its page limit by leaving out the least essential blocks.

A basic handout fits on 2 sheets and a detailed one on 4, whatever a curator or a clinic
writes. Blocks carry a `drop` rank (cll_kb/page.py); this finds the fewest blocks to leave out,
measured on the PDF layout, and the page says what it left out and where to read it. HTML and
Markdown get the same trimmed page, so every format of a handout holds the same text.
"""

from __future__ import annotations

from collections.abc import Callable

from ..page import Page
from ..record import replace
from .handout import Handout


def fit(handout: Handout, page: Page, limit: int, sheets: Callable[[Handout], int]) -> Page:
    """The page with the fewest blocks left out so that it takes at most `limit` sheets."""

    def fits(p: Page) -> bool:
        return sheets(replace(handout, pages=(p,))) <= limit

    if fits(page):
        return page
    order = page.droppable()
    if not order or not fits(page.without(order)):
        return page.without(order)  # even the essentials run long: print them all anyway
    lo, hi = 1, len(order)  # sheets only shrink as more is left out: binary search
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(page.without(order[:mid])):
            hi = mid
        else:
            lo = mid + 1
    return page.without(order[:lo])
