"""Spot a situation question in free text: "options after ibrutinib stopped working".

Treatments are found by every name the knowledge gives them (drug names, brands, categories,
the `treatments` list of pathways.yaml); the cue phrases come from `routing` in pathways.yaml.
A treatment counts as one the person had when a `had` phrase comes just before it ("after
ibrutinib") or a `stopped` phrase just after it ("venetoclax fails"), and as a fixed course the
person finished when a `finished` phrase comes just before it ("two years after finishing
venetoclax"). Treatments joined by
small words ("ibrutinib and venetoclax both failed") share the cue. A question is a situation
question when it names such a treatment, Richter transformation or a first treatment, and also
contains a `stopped` or `asking` phrase ("what now", "options"). Nothing here is tuned to any
particular question.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..knowledge.kb import KnowledgeBase, fold
from ..knowledge.models import Pathways
from .matching import Situation, fixed_courses, marker_names, situation_of, treatment_names

MAX_WORDS = 6  # longest phrase looked up
# Grammar, not content: words that may sit between treatments, or between a treatment and its
# cue, without breaking the link ("ibrutinib, then a BTK pill and venetoclax have both failed").
GLUE = frozenset((
    "and", "or", "then", "plus", "with", "a", "an", "the", "both", "all", "my", "his", "her",
    "their", "of", "also", "has", "have", "had", "is", "was", "were", "been", "just", "already",
    "now", "eventually", "finally", "it", "they", "which", "that",
))  # fmt: skip
# The disease's own one-word names (`scope_terms` in kb.yaml: "cll", "sll") are glue as well:
# "venetoclax CLL came back" still links the drug to its cue.

Span = tuple[int, int, str]  # start word, end word (exclusive), value


class _Tables:
    """The folded phrase tables of one KB: built on its first question, kept for the next."""

    def __init__(self, kb: KnowledgeBase, pw: Pathways) -> None:
        r = pw.routing
        self.treatments = treatment_names(kb, pw)
        self.markers = marker_names(pw)
        self.had, self.stopped, self.asking = _table(r.had), _table(r.stopped), _table(r.asking)
        self.richter, self.untreated = _table(r.richter), _table(r.untreated)
        self.finished = _table(r.finished)
        self.fixed = fixed_courses(pw)
        self.glue = GLUE | {w for w in map(fold, kb.scope_terms) if w and " " not in w}


# The last few KBs asked about, by identity (a KB never changes, so neither do its tables).
# Folding every treatment's names took most of a question's own time in a long session.
_KEEP = 4
_recent: list[tuple[KnowledgeBase, _Tables]] = []


def _tables(kb: KnowledgeBase, pw: Pathways) -> _Tables:
    for known, tables in _recent:
        if known is kb:
            return tables
    tables = _Tables(kb, pw)
    _recent[:] = [(kb, tables), *_recent[: _KEEP - 1]]
    return tables


def detect(kb: KnowledgeBase, question: str) -> Situation | None:
    """The situation a question describes, or None when it does not describe one."""
    pw = kb.pathways
    words = fold(question).split()
    if pw is None or not words:
        return None
    t = _tables(kb, pw)
    treatments = _spans(words, t.treatments)
    had = {end for _, end, _ in _spans(words, t.had)}
    done = {end for _, end, _ in _spans(words, t.finished)}
    stopped_spans = _spans(words, t.stopped)
    stopped = {start for start, _, _ in stopped_spans}
    after: set[str] = set()
    finished: set[str] = set()
    for group in _groups(words, treatments, t.glue):
        values = {value for _, _, value in group}
        if _before(words, group[0][0], done, t.glue):  # "finished", "two years after"
            finished |= values
        elif (_before(words, group[0][0], had, t.glue)
                or _after(words, group[-1][1], stopped, t.glue)):
            after |= values
    richter = bool(_spans(words, t.richter))
    untreated = bool(_spans(words, t.untreated))
    cue = bool(stopped_spans or _spans(words, t.asking))
    if not cue or not (after or finished or richter or untreated):
        return None
    markers = {value for _, _, value in _spans(words, t.markers)}
    return situation_of(after, finished, t.fixed, frozenset(markers), richter)


def _table(phrases: Iterable[str]) -> dict[str, str]:
    return {f: f for f in map(fold, phrases) if f}


def _spans(words: list[str], table: dict[str, str]) -> list[Span]:
    """Non-overlapping phrase matches, longest first at each position, left to right."""
    found: list[Span] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            value = table.get(" ".join(words[i:i + n]))
            if value is not None:
                found.append((i, i + n, value))
                i += n
                break
        else:
            i += 1
    return found


def _groups(words: list[str], spans: list[Span], glue: frozenset[str]) -> list[list[Span]]:
    groups: list[list[Span]] = []
    for span in spans:
        if groups and all(w in glue for w in words[groups[-1][-1][1]:span[0]]):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _before(words: list[str], start: int, cue_ends: set[int], glue: frozenset[str]) -> bool:
    """A cue ends right before `start`, with only glue words between."""
    k = start
    while True:
        if k in cue_ends:
            return True
        if k == 0 or words[k - 1] not in glue:
            return False
        k -= 1


def _after(words: list[str], end: int, cue_starts: set[int], glue: frozenset[str]) -> bool:
    """A cue starts right after `end`, with only glue words between."""
    k = end
    while True:
        if k in cue_starts:
            return True
        if k >= len(words) or words[k] not in glue:
            return False
        k += 1
