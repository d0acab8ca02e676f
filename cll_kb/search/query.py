"""Query understanding: scope, synonyms, spelling and names — then a Whoosh query object.

User text is never handed to Whoosh's query parser: quotes, brackets, AND/OR, `*`, `~` and `:`
are just characters here, so no input can raise or change the meaning of the search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..kb import KnowledgeBase
from .analysis import STOP_WORDS, normalize, terms
from .index import TEXT_FIELDS

MAX_CHARS = 2000  # a long worried post is fine; a pasted book is cut, not refused
MAX_NGRAM = 5
SYNONYM_WEIGHT = 0.7  # added words help, but count for less than what the person typed
NAME_BOOST = 6.0  # the question names an entry (a brand, a drug, "Richter syndrome")


@dataclass(frozen=True, slots=True)
class QueryPlan:
    text: str
    normalized: str
    terms: tuple[str, ...]  # analyzed terms of what was typed (after spelling correction)
    expansions: tuple[str, ...]  # analyzed terms added by synonyms
    names: tuple[str, ...]  # entry names found in the question
    corrections: tuple[tuple[str, str], ...]  # (typed, corrected)
    out_of_scope: bool
    unknown: float = 0.0  # share of typed terms the knowledge never uses

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


def _contains(haystack: str, phrase: str) -> bool:
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", haystack) is not None


def is_out_of_scope(text: str, normalized: str, kb: KnowledgeBase) -> bool:
    """Names another disease and nothing that makes it a CLL/SLL question."""
    if any(_contains(normalized, normalize(t)) for t in kb.scope_terms):
        return False
    for disease in kb.other_diseases:
        if disease.isupper():  # ALL, AML: capitals only, so the word "all" is not a disease
            if re.search(rf"(?<!\w){re.escape(disease)}(?!\w)", text):
                return True
        elif _contains(normalized, normalize(disease)):
            return True
    return False


def expansions(normalized: str, kb: KnowledgeBase) -> list[str]:
    """Words that synonyms.yaml adds for the phrases found ("trial fails" → refractory)."""
    added: list[str] = []
    for syn in kb.synonyms:
        if any(_contains(normalized, normalize(p)) for p in syn.phrases):
            added.append(syn.means)
    return added


def plan_query(text: str, kb: KnowledgeBase, searcher: Any) -> QueryPlan:
    """Turn free text into a plan; never raises on any input."""
    text = text[:MAX_CHARS]
    normalized = normalize(text)
    reader = searcher.reader()
    corrections: list[tuple[str, str]] = []
    words: list[str] = []
    for word in normalized.split():
        fixed = word
        if word not in STOP_WORDS and not _known(reader, word):
            fixed = _correct(searcher, word) or word
            if fixed != word:
                corrections.append((word, fixed))
        words.append(fixed)
    corrected = " ".join(words)
    typed = terms(corrected)
    extra = [t for phrase in expansions(corrected, kb) for t in terms(phrase) if t not in typed]
    subject = {normalize(t) for t in kb.scope_terms}
    names = [n for n in _names_in(words, reader) if n not in subject]
    return QueryPlan(
        text=text, normalized=normalized, terms=tuple(typed),
        expansions=tuple(dict.fromkeys(extra)), names=tuple(names),
        corrections=tuple(corrections), out_of_scope=is_out_of_scope(text, normalized, kb),
        unknown=_unknown_share(reader, typed),
    )  # fmt: skip


def _unknown_share(reader: Any, typed: list[str]) -> float:
    if not typed:
        return 0.0
    missing = [t for t in typed if not any((f, t) in reader for f in TEXT_FIELDS)]
    return len(missing) / len(typed)


def _known(reader: Any, word: str) -> bool:
    if word.isdigit() or len(word) < 4:
        return True  # too short to correct safely ("tls", "mrd", "17p")
    if ("spell", word) in reader or ("names", word) in reader:
        return True
    return any((f, t) in reader for t in terms(word) for f in TEXT_FIELDS)


def _correct(searcher: Any, word: str) -> str | None:
    """Closest name or term in the spelling dictionary (titles, aliases, brands, glossary)."""
    maxdist = 2 if len(word) >= 10 else 1  # "induction" must not become "infection"
    found = searcher.corrector("spell").suggest(word, limit=1, maxdist=maxdist, prefix=1)
    return found[0] if found else None


def _names_in(words: list[str], reader: Any) -> list[str]:
    found: list[str] = []
    for n in range(min(MAX_NGRAM, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            gram = " ".join(words[i : i + n])
            if n == 1 and gram in STOP_WORDS:
                continue
            if ("names", gram) in reader:
                found.append(gram)
            elif n == 1 and any(("names", t) in reader for t in terms(gram)):
                found.append(gram)  # an inflected name: "fludarabin", "richters"
    return list(dict.fromkeys(found))


def whoosh_query(plan: QueryPlan) -> Any:
    from whoosh.query import NullQuery, Or, Term

    def any_field(t: str, boost: float = 1.0) -> Any:
        return Or([Term(f, t) for f in TEXT_FIELDS], boost=boost)

    clauses = [any_field(t) for t in plan.terms]
    clauses += [any_field(t, SYNONYM_WEIGHT) for t in plan.expansions]
    clauses += [Term("names", n, boost=NAME_BOOST) for n in plan.names]
    return Or(clauses, scale=0.9) if clauses else NullQuery
