"""What ranking reads of the index — postings, term statistics, field lengths, stored ids —
exported from the Whoosh index when it is built, into one file that opens without Whoosh.

Opening Whoosh's own index imported some forty of its modules (index, fields, every analyzer,
columns, codec, automata, matching, reading): ~17 ms of a cold `cllkb ask`, to read a few
posting lists. The export holds exactly the numbers Whoosh's reader gives (weights, byte-rounded
field lengths, each term's largest weight and shortest field), and `Matcher` scores them with
Whoosh's BM25F formula, so every score is the same float that `whoosh.searching.Searcher`
computes (tests/test_search.py compares them). Whoosh is imported only to build.
"""

from __future__ import annotations

import math
import os
import pickle
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

POSTINGS_FILE = "cllkb-postings.pickle"
FORMAT = 1  # of the file; INDEX_LAYOUT (index.py) is bumped along with it
MAX_BYTES = 512 * 1024 * 1024  # the 10,000-entry bench index exports ~60 MB


class Field:
    """A field's words, and word i's figures and postings (docs/weights[start[i]:start[i+1]])."""

    __slots__ = ("avgfl", "df", "docs", "freq", "lengths", "max_weight", "min_length", "start",
                 "weights", "words")

    def __init__(self, data: Mapping[str, Any], doc_count: int) -> None:
        words: list[str] = data["words"]
        self.words = dict(zip(words, range(len(words)), strict=True))
        self.df: array = data["df"]  # documents holding the word
        self.freq: array = data["freq"]  # summed weight: what the spelling corrector ranks by
        self.max_weight: array = data["max_weight"]
        self.min_length: array = data["min_length"]
        self.start: array = data["start"]
        self.docs: array = data["docs"]
        self.weights: array = data["weights"]
        self.lengths: array = data["lengths"]  # per document, as Whoosh stores it (rounded)
        # Whoosh's Searcher.avg_field_length, and BM25FScorer's `or 1`.
        self.avgfl = data["total"] / (doc_count or 1) or 1
        per_word = {len(a) for a in (self.df, self.freq, self.max_weight, self.min_length)}
        if (per_word != {len(words)} or len(self.start) != len(words) + 1
                or len(self.docs) != self.start[-1] or len(self.weights) != self.start[-1]
                or len(self.lengths) != doc_count):
            raise ValueError("inconsistent postings")


class Postings:
    """The exported index: what `SearchEngine` and `ranking.top` read."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        if data.get("format") != FORMAT:
            raise ValueError("postings of another format")
        self.doc_count: int = data["docs"]
        self.ids: list[str] = data["ids"]
        self.kinds: list[str] = data["kinds"]
        if len(self.ids) != self.doc_count or len(self.kinds) != self.doc_count:
            raise ValueError("inconsistent stored fields")
        self.fields = {name: Field(f, self.doc_count) for name, f in data["fields"].items()}
        self._data = data

    def words(self, field: str) -> Iterable[str]:
        return self.fields[field].words.keys()

    def doc_frequency(self, field: str, word: str) -> int:
        f = self.fields[field]
        i = f.words.get(word)
        return 0 if i is None else f.df[i]

    def frequency(self, field: str, word: str) -> float:
        f = self.fields[field]
        i = f.words.get(word)
        return 0 if i is None else f.freq[i]

    def of_kind(self, kind: str) -> set[int]:
        return {doc for doc, k in enumerate(self.kinds) if k == kind}

    def matcher(self, field: str, word: str) -> Matcher | None:
        """The word's postings in `field`, scored by BM25F; None if the field lacks the word."""
        f = self.fields.get(field)
        i = None if f is None else f.words.get(word)
        if f is None or i is None:
            return None
        # WeightingModel.idf of Whoosh's searcher: log(N / (df + 1)) + 1.
        idf = math.log(self.doc_count / (f.df[i] + 1)) + 1
        return Matcher(f, f.start[i], f.start[i + 1], idf, f.max_weight[i], f.min_length[i])

    def save(self, path: Path) -> None:
        # Private from the first byte (it is unpickled later), and streamed: no second copy of
        # 10,000 entries' postings in memory.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(self._data, fh, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, path: Path) -> Postings:
        """Raises (FileRefused, pickle or structure errors) when the file is missing, damaged or
        not the user's own."""
        from ..fs.files import read_owned

        return cls(pickle.loads(read_owned(path, MAX_BYTES)))

    @classmethod
    def of_reader(cls, reader: Any, fields: Iterable[str]) -> Postings:
        """Export an open Whoosh reader (build time: the only place Whoosh's reader is used)."""
        n = reader.doc_count_all()
        if reader.doc_count() != n:
            raise ValueError("an index with deleted documents")  # never: each build is fresh
        stored = [reader.stored_fields(doc) for doc in range(n)]
        return cls({
            "format": FORMAT, "docs": n,
            "ids": [s["id"] for s in stored], "kinds": [s["kind"] for s in stored],
            "fields": {f: _export_field(reader, f, n) for f in fields},
        })  # fmt: skip


def _export_field(reader: Any, field: str, doc_count: int) -> dict[str, Any]:
    fieldobj = reader.schema[field]
    if not fieldobj.scorable:
        raise ValueError(f"field {field!r} keeps no lengths to score by")
    words: list[str] = []
    df, min_length, start, docs = array("I"), array("I"), array("I", [0]), array("I")
    freq, max_weight, weights = array("d"), array("d"), array("d")
    for btext, info in reader.iter_field(field):
        words.append(fieldobj.from_bytes(btext))
        df.append(info.doc_frequency())
        freq.append(info.weight())
        max_weight.append(info.max_weight())
        min_length.append(info.min_length())
        m = reader.postings(field, btext)
        while m.is_active():
            docs.append(m.id())
            weights.append(m.weight())
            m.next()
        start.append(len(docs))
    # A document without the field has no length (None); it is in none of the field's postings.
    lengths = array("I", (reader.doc_field_length(doc, field, 1) or 0 for doc in range(doc_count)))
    return {"words": words, "df": df, "freq": freq, "max_weight": max_weight,
            "min_length": min_length, "start": start, "docs": docs, "weights": weights,
            "lengths": lengths, "total": reader.field_length(field)}


class Matcher:
    """A cursor over one word's postings, with the calls `ranking.top` makes of Whoosh's."""

    __slots__ = ("_avgfl", "_docs", "_end", "_i", "_idf", "_lengths", "_max", "_weights")

    def __init__(self, f: Field, start: int, end: int, idf: float, max_weight: float,
                 min_length: int) -> None:
        self._docs, self._weights, self._lengths = f.docs, f.weights, f.lengths
        self._i, self._end = start, end
        self._idf, self._avgfl = idf, f.avgfl
        self._max = _bm25(idf, max_weight, min_length, f.avgfl)  # BM25FScorer's max quality

    def is_active(self) -> bool:
        return self._i < self._end

    def id(self) -> int:
        return self._docs[self._i]

    def next(self) -> None:
        self._i += 1

    def skip_to(self, doc: int) -> None:
        """Move to the first posting at or after `doc` (staying put if already there)."""
        self._i = bisect_left(self._docs, doc, self._i, self._end)

    def score(self) -> float:
        return _bm25(self._idf, self._weights[self._i], self._lengths[self._docs[self._i]],
                     self._avgfl)

    def max_quality(self) -> float:
        return self._max


B, K1 = 0.75, 1.2  # BM25F's parameters as Whoosh's searcher has them: its defaults


def _bm25(idf: float, tf: float, fl: float, avgfl: float) -> float:
    """`whoosh.scoring.bm25` to the letter (the same operations in the same order)."""
    return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
