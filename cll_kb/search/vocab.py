"""Which words each field of the index holds, and which of them are near a misspelled word.

Planning one long question asks "is this word in that field?" hundreds of times (spelling, names
of up to five words, unknown words, which clauses exist); the word tables of the exported index
(`postings.py`) answer each with a dictionary lookup.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping


class Vocabulary:
    def __init__(self, fields: Mapping[str, Collection[str]]) -> None:
        self._fields = dict(fields)
        self._by_start: dict[str, dict[tuple[str, int], list[str]]] = {}

    def has(self, field: str, word: str) -> bool:
        return word in self._fields.get(field, ())

    def near(self, field: str, word: str, maxdist: int) -> list[str]:
        """The other words of `field` within `maxdist` edits that keep the first letter.

        The words Whoosh's corrector weighs (`suggest(..., prefix=1)`: Levenshtein distance of
        all but the first letter), found without the Levenshtein automaton it builds for each
        word (1–5 ms); most words of a long question are plain English with no near name.
        """
        if not word:
            return []
        buckets = self._by_start.get(field)
        if buckets is None:
            buckets = self._by_start[field] = {}
            for w in self._fields.get(field, ()):
                if w:
                    buckets.setdefault((w[0], len(w)), []).append(w)
        rest = word[1:]
        return [other for size in range(len(word) - maxdist, len(word) + maxdist + 1)
                for other in buckets.get((word[0], size), ())
                if other != word and _within(rest, other[1:], maxdist)]


def _within(a: str, b: str, maxdist: int) -> bool:
    """Levenshtein distance of a and b is at most maxdist (a band of the usual table)."""
    if abs(len(a) - len(b)) > maxdist:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [maxdist + 1] * len(b)
        for j in range(max(1, i - maxdist), min(len(b), i + maxdist) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (ca != b[j - 1]))
        if min(current) > maxdist:
            return False
        previous = current
    return previous[-1] <= maxdist
