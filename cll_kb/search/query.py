"""Query understanding: scope, synonyms, spelling and names — then the clauses to rank by.

User text is never handed to Whoosh's query parser: quotes, brackets, AND/OR, `*`, `~` and `:`
are just characters here, so no input can raise or change the meaning of the search.
"""

from __future__ import annotations

import re
from typing import Protocol

from ..knowledge.kb import KnowledgeBase
from ..record import Record
from .analysis import DEFINING_WORDS, STOP_WORDS, normalize, terms
from .index import TEXT_FIELDS
from .weights import NAME_BOOST, SYNONYM_WEIGHT

MAX_CHARS = 2000  # a long worried post is fine; a pasted book is cut, not refused
MAX_NGRAM = 5


class Lexicon(Protocol):
    """What planning asks of the index (search/engine.py answers it with Whoosh's reader)."""

    def has(self, field: str, word: str) -> bool: ...

    def suggest(self, word: str, maxdist: int) -> str | None: ...


class Clause(Record, kw_only=False):
    """One word (or, in `names`, one whole name) to look for in one field, and its weight."""

    field: str
    text: str  # an analyzed term, or a whole name for the `names` field
    weight: float = 1.0  # multiplies the term's BM25F score (synonyms < 1, names > 1)


class QueryPlan(Record, kw_only=False):
    text: str
    normalized: str
    terms: tuple[str, ...]  # analyzed terms of what was typed (after spelling correction)
    expansions: tuple[str, ...]  # analyzed terms added by synonyms
    names: tuple[str, ...]  # entry names found in the question
    corrections: tuple[tuple[str, str], ...]  # (typed, corrected)
    out_of_scope: bool

    @property
    def corrected_text(self) -> str | None:
        """"venetoclax" for "venetoklax": what the notice says results are shown for."""
        if not self.corrections:
            return None
        words = self.normalized.split()
        fixes = dict(self.corrections)
        return " ".join(fixes.get(w, w) for w in words)

    @property
    def empty(self) -> bool:
        return not (self.terms or self.expansions or self.names)


class Phrases:
    """The knowledge's phrase lists, normalized once per engine instead of once per question.

    A phrase "occurs" in a question when its words appear there in a row; with both sides
    normalized to words joined by single spaces, that is a set lookup of the question's n-grams.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.scope = frozenset(normalize(t) for t in kb.scope_terms) - {""}
        diseases = {d: normalize(d) for d in kb.other_diseases}
        # ALL, AML: capitals only, so the word "all" is not a disease. One pattern for them all,
        # compiled once (per disease, it was compiled again on each cold start's question).
        capitals = [re.escape(d) for d in diseases if d.isupper()]
        self.capitals = re.compile(rf"(?<!\w)(?:{'|'.join(capitals)})(?!\w)") if capitals else None
        self.diseases = frozenset(n for d, n in diseases.items() if not d.isupper())
        self.synonyms = tuple((frozenset(normalize(p) for p in syn.phrases) - {""}, syn.means)
                              for syn in kb.synonyms)
        lengths = [len(p.split()) for p in self.scope | set(diseases.values())]
        lengths += [len(p.split()) for phrases, _m in self.synonyms for p in phrases]
        self.longest = max(lengths, default=1)

    def grams(self, normalized: str) -> set[str]:
        """Every run of up to `longest` words of a normalized text."""
        words = normalized.split()
        return {" ".join(words[i : i + n]) for n in range(1, self.longest + 1)
                for i in range(len(words) - n + 1)}

    def out_of_scope(self, text: str, normalized: str) -> bool:
        """Names another disease and nothing that makes it a CLL/SLL question."""
        grams = self.grams(normalized)
        if self.scope & grams:
            return False
        return bool(self.capitals and self.capitals.search(text)) or bool(self.diseases & grams)

    def expansions(self, normalized: str) -> list[str]:
        """Words that synonyms.yaml adds for the phrases found ("trial fails" → refractory)."""
        grams = self.grams(normalized)
        return [means for phrases, means in self.synonyms if phrases & grams]


def plan_query(text: str, kb: KnowledgeBase, lexicon: Lexicon,
               phrases: Phrases | None = None) -> QueryPlan:
    """Turn free text into a plan; never raises on any input."""
    phrases = phrases or Phrases(kb)
    text = text[:MAX_CHARS]
    normalized = normalize(text)
    corrections: list[tuple[str, str]] = []
    words: list[str] = []
    for word in normalized.split():
        fixed = word
        if word not in STOP_WORDS and not _known(lexicon, word):
            # "induction" must not become "infection": two edits only for long words
            fixed = lexicon.suggest(word, 2 if len(word) >= 10 else 1) or word
            if fixed != word:
                corrections.append((word, fixed))
        words.append(fixed)
    corrected = " ".join(words)
    typed = terms(corrected)
    extra = [t for phrase in phrases.expansions(corrected) for t in terms(phrase)
             if t not in typed]
    # The disease's own names ("CLL") are in nearly every question, so they name no entry —
    # unless the question is only that name and words asking what it is ("what does CLL mean").
    asked = {w for w in words if w not in STOP_WORDS and w not in DEFINING_WORDS}
    names = [n for n in _names_in(words, lexicon)
             if n not in phrases.scope or asked <= set(n.split())]
    if asked and any(asked <= set(n.split()) for n in names):  # "CLL explained" is "CLL"
        kept = set(terms(" ".join(asked)))
        typed = [t for t in typed if t in kept]
    return QueryPlan(
        text=text, normalized=normalized, terms=tuple(typed),
        expansions=tuple(dict.fromkeys(extra)), names=tuple(names),
        corrections=tuple(corrections), out_of_scope=phrases.out_of_scope(text, normalized),
    )  # fmt: skip


def _known(lexicon: Lexicon, word: str) -> bool:
    if word.isdigit() or len(word) < 4:
        return True  # too short to correct safely ("tls", "mrd", "17p")
    if lexicon.has("spell", word) or lexicon.has("names", word):
        return True
    return any(lexicon.has(f, t) for t in terms(word) for f in TEXT_FIELDS)


def _names_in(words: list[str], lexicon: Lexicon) -> list[str]:
    found: list[str] = []
    for n in range(min(MAX_NGRAM, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            gram = " ".join(words[i : i + n])
            if n == 1 and gram in STOP_WORDS:
                continue
            if lexicon.has("names", gram):
                found.append(gram)
            elif n == 1 and any(lexicon.has("names", t) for t in terms(gram)):
                found.append(gram)  # an inflected name: "fludarabin", "richters"
    return list(dict.fromkeys(found))


def clauses(plan: QueryPlan) -> list[Clause]:
    """One clause per field and term: what was typed, what synonyms add, and named entries."""
    out = [Clause(f, t) for t in plan.terms for f in TEXT_FIELDS]
    out += [Clause(f, t, SYNONYM_WEIGHT) for t in plan.expansions for f in TEXT_FIELDS]
    out += [Clause("names", n, NAME_BOOST) for n in plan.names]
    return out
