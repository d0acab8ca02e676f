"""Shrink a printed handout to its page limit by leaving out the least essential parts.

A basic handout fits on 2 sheets printed on both sides (4 pages) and a detailed one on 4
(8 pages), whatever a curator or a clinic writes. Each part a handout may give way on has a rank
(page/plan.py: study details first, then monitoring, a topic's later sections, other sheets to
ask for, words to know, and at last full source titles, which become short citations); what a
drug sheet must carry for safety has none and is always printed. Measured on the PDF layout, the
fewest parts are left out, and the handout says which. Markdown, and HTML without --paper, have
no pages and leave nothing out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..page import Page
from ..page.plan import Cut
from ..record import replace
from .handout import Handout


def fit(handout: Handout, page: Page, limit: int,
        measures: Sequence[Callable[[Handout], int]]) -> Page:
    """The page with as little left out as possible so that it takes at most `limit` pages.

    `measures` count pages, the most cautious first: the first under which the page can fit at
    all is used (a handout measured with room to spare also fits when a browser prints its HTML;
    one whose essentials are long is measured exactly, so the PDF at least keeps its limit).
    The cuts are taken in rank order until the page fits (found by halving: each measure lays
    the PDF out); then each cut but the last is tried back on, the most essential first, and
    kept back if the page still fits — so a small low-rank cut can spare a big high-rank block.
    """
    order = page.cuts()
    for sheets in measures:

        def fits(cuts: list[Cut], sheets: Callable[[Handout], int] = sheets) -> bool:
            return sheets(replace(handout, pages=(page.cut(cuts),))) <= limit

        if not order or fits([]):
            return page
        if fits(order):
            return page.cut(_fewest(order, fits))
    return page.cut(order)  # even the essentials run long: print them all anyway


def _fewest(order: list[Cut], fits: Callable[[list[Cut]], bool]) -> list[Cut]:
    lo, hi = 1, len(order)
    while lo < hi:  # the fewest of the first cuts that make it fit
        mid = (lo + hi) // 2
        if fits(order[:mid]):
            hi = mid
        else:
            lo = mid + 1
    chosen = order[:lo]
    for cut in reversed(chosen[:-1]):
        trial = [c for c in chosen if c is not cut]
        if fits(trial):
            chosen = trial
    return chosen
