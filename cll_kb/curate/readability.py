"""Flesch-Kincaid grade level for patient-facing text.

Written here rather than taken from a library because the rule needs one twist the libraries do
not offer: drug names ("acalabrutinib", "Venclexta") are long words a patient reads as a name,
not as prose, so curators may not be pushed into awkward wording to make up for them. Such words
are dropped before counting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

GRADE_LIMIT = 8.0  # the top of the 6th-8th grade range patient-facing text aims for
GRADE_CODE = "CLLKB103"
GRADE_FIX = "use shorter sentences and common words"

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|;\s|:\s*\n|\n\s*\n")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Estimate syllables with the usual vowel-group heuristic (good enough for a grade gate)."""
    w = word.lower().strip("'’-")
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(_VOWEL_GROUPS.findall(w)))


def grade_level(text: str, exclude: Iterable[str] = ()) -> float:
    """Return the Flesch-Kincaid grade of `text`, ignoring words listed in `exclude`.

    Each list item a curator writes counts as at least one sentence, which is how a reader
    meets it on the page.
    """
    skip = {e.lower() for e in exclude}
    sentences = max(1, len([s for s in _SENTENCE_END.split(text.strip()) if _WORD.search(s)]))
    words = [w for w in _WORD.findall(text) if w.lower().strip("'’-") not in skip]
    if not words:
        return 0.0
    syl = sum(syllables(w) for w in words)
    return 0.39 * (len(words) / sentences) + 11.8 * (syl / len(words)) - 15.59


def grade_of_items(items: Iterable[str], exclude: Iterable[str] = ()) -> float:
    """Grade a list of short items (key points, warning signs) as one passage."""
    parts = [i.strip() for i in items if i.strip()]
    text = "\n\n".join(p if p[-1] in ".!?" else p + "." for p in parts)
    return grade_level(text, exclude)


def too_hard(name: str, grade: float) -> str | None:
    """The CLLKB103 warning for text `name` when it reads above the limit, else None."""
    if grade <= GRADE_LIMIT:
        return None
    return f"{name} reads at grade {grade:.1f} (limit {GRADE_LIMIT:g})"
