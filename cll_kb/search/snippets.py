"""Snippets for `cllkb search`: the passage of an entry that best matches, with matched words.

Returned as plain (text, highlighted) pieces so any renderer can style them; the text is the
entry's own, re-read from the KB.
"""

from __future__ import annotations

import re

from ..knowledge.models import AnyEntry, Term
from .analysis import terms

MAX_LEN = 180


def passages(obj: AnyEntry | Term) -> list[str]:
    if isinstance(obj, Term):
        return [obj.definition]
    out = [obj.summary, *obj.key_points]
    out += [s.body for s in obj.sections]
    return [p for p in out if p]


def snippet(obj: AnyEntry | Term, wanted: set[str]) -> list[tuple[str, bool]]:
    """The passage sharing most terms with the query, cut to MAX_LEN, matched words flagged."""
    best = max(passages(obj), key=lambda p: len(wanted & set(terms(p))), default="")
    if len(best) > MAX_LEN:
        best = best[:MAX_LEN].rsplit(" ", 1)[0] + "…"
    pieces: list[tuple[str, bool]] = []
    for token in re.split(r"(\w[\w'’-]*)", best):
        if not token:
            continue
        hit = bool(re.match(r"\w", token)) and bool(wanted & set(terms(token)))
        if pieces and pieces[-1][1] == hit:
            pieces[-1] = (pieces[-1][0] + token, hit)
        else:
            pieces.append((token, hit))
    return pieces
