"""Shell completion: only words the argument takes, from the compiled knowledge.

Each entry command offers its own kind (`cllkb drug <TAB>` offers drugs: ids, titles, generic
and brand names — not a topic's question-like aliases); `term` offers glossary words, `sources`
source ids, `--after`/`--finished`/`--marker` the situation vocabulary, `--format`, `--paper`,
`--kind` and `--color` their choices. Completion must never break a shell: any failure (no
knowledge yet, invalid knowledge) offers nothing rather than a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..export import FORMATS, PAPERS
from ..knowledge.models import KINDS
from .app import State

Complete = Callable[[str], list[str]]


def _matching(names: Iterable[str], incomplete: str) -> list[str]:
    start = incomplete.casefold()
    return sorted({n for n in names if n and n.casefold().startswith(start)}, key=str.casefold)


def _safely(names: Callable[[], Iterable[str]], incomplete: str) -> list[str]:
    try:
        return _matching(names(), incomplete)
    except Exception:  # noqa: BLE001 - completion must never break the shell
        return []


def entries_of(kind: str | None) -> Complete:
    return lambda incomplete: _safely(lambda: State().kb().command_names(kind), incomplete)


entry_names = entries_of(None)


def terms(incomplete: str) -> list[str]:
    """Glossary words: ids and abbreviations (`cllkb term MRD`)."""
    def names() -> Iterable[str]:
        for t in State().kb().terms.values():
            yield t.id
            yield from (a for a in t.aka if " " not in a)
    return _safely(names, incomplete)


def source_ids(incomplete: str) -> list[str]:
    return _safely(lambda: State().kb().sources, incomplete)


def situation_words(what: str) -> Complete:
    """`--after`/`--finished` (treatments) or `--marker` (markers): ids and one-word aliases."""
    def names() -> Iterable[str]:
        pw = State().kb().pathways
        for item in (pw.treatments if what == "treatment" else pw.markers) if pw else ():
            yield item.id
            yield from (a for a in item.aka if " " not in a)
    return lambda incomplete: _safely(names, incomplete)


def choices(*words: str) -> Complete:
    return lambda incomplete: _matching(words, incomplete)


SEARCH_KINDS = (*KINDS, "term")  # what `search --kind` and `list --kind` take

formats = choices(*FORMATS)
papers = choices(*PAPERS)
kinds = choices(*SEARCH_KINDS)
