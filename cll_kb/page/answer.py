"""The page of an answer to `cllkb ask`: the best page, read for the question that was asked."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..knowledge.kb import KnowledgeBase
from ..knowledge.models import Term
from ..record import replace
from .entry import build_page, term_page
from .plan import DROP_SEE_ALSO, KIND_LABEL, Block, Page, refs_block

if TYPE_CHECKING:
    from ..search.answer import Answer

ALSO = "Also relevant"


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """A block's index terms, kept: the same few pages answer again and again."""
    from ..search.analysis import terms

    return frozenset(terms(text))


def focus(page: Page, words: tuple[str, ...]) -> str:
    """The heading of the block that shares most words with the question (headings count
    double); a topic's first section when none does. "" when no block fits."""
    wanted = set(words)

    def score(b: Block) -> int:
        return 2 * len(wanted & _words(b.heading)) + len(wanted & _words(" ".join(b.items)))

    readable = [b for b in page.blocks if b.style in ("text", "list")]
    best = max(readable, key=score, default=None)
    if best is not None and score(best) > 0:
        return best.heading
    return readable[0].heading if readable and page.kind_label == KIND_LABEL["topic"] else ""


def answer_page(kb: KnowledgeBase, answer: Answer, detailed: bool = False) -> Page | None:
    """The page of a good answer — the best entry's page, or a glossary word's — with the
    question, any notice, the block that answers it, and what else is relevant; None when
    cllkb has no good answer. The screen shows it short (cards.render_page brief), paper whole.
    """
    best = answer.best
    if not answer.answered or best is None:
        return None
    page = term_page(kb, best) if isinstance(best, Term) else build_page(kb, best, detailed)
    also = tuple(a for a in answer.also if a is not best)
    return replace(page, question=answer.query, notice=answer.notice or "",
                   focus=focus(page, answer.words),
                   blocks=page.blocks + tuple(refs_block(ALSO, also, drop=DROP_SEE_ALSO)))
