"""Which words each field of the index holds, as Python sets.

Planning one long question asks "is this word in that field?" hundreds of times (spelling, names
of up to five words, unknown words, which clauses exist); each such question costs Whoosh a
hashed lookup in the terms file, a set costs next to nothing. The sets are written beside the
index when it is built (a pickle of our own, in the user's own cache dir, like the compiled
knowledge) and read on the first question. An index without them — built in memory, or with the
file damaged — reads them from its lexicons instead, which is slower to start but the same.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

VOCAB_FILE = "cllkb-vocab.pickle"


class Vocabulary:
    def __init__(self, fields: Mapping[str, Iterable[str]]) -> None:
        self._fields = {f: frozenset(words) for f, words in fields.items()}
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

    @classmethod
    def of_reader(cls, reader: Any, fields: Iterable[str]) -> Vocabulary:
        schema = reader.schema
        return cls({f: [schema[f].from_bytes(b) for b in reader.lexicon(f)] for f in fields})

    def save(self, path: Path) -> None:
        data = {f: sorted(words) for f, words in self._fields.items()}
        path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))

    @classmethod
    def load(cls, path: Path, fields: Iterable[str]) -> Vocabulary | None:
        """The saved sets, or None if the file is missing, damaged or lacks a field."""
        try:
            data = pickle.loads(path.read_bytes())
            return cls({f: data[f] for f in fields})
        except Exception:  # noqa: BLE001 - any failure only means "read the lexicons instead"
            return None


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
