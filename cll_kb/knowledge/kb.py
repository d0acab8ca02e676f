"""The immutable KnowledgeBase: lookups by id, by any name, by kind, and source resolution."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

from ..clock import today as clock_today
from ..errors import NotFoundError
from ..record import Record, items
from .models import AnyEntry, Category, Drug, Kind, Pathways, Source, Synonym, Term, Topic

_EMPTY: Mapping[str, str] = MappingProxyType({})
# How alike a name must be to be suggested ("venetoclx" → venetoclax, 0.95) — but not
# "leukaemia" → anemia (0.67): a wrong guess is worse than none.
SIMILAR = 0.75


def fold(name: str) -> str:
    """Case- and punctuation-insensitive key, so "Venclexta®", "CAR-T" and "car t" all match."""
    return " ".join("".join(c if c.isalnum() else " " for c in name.casefold()).split())


def split_title(title: str) -> tuple[str, str]:
    """A title and what its closing brackets hold: "Chronic lymphocytic leukemia (CLL)" →
    ("Chronic lymphocytic leukemia", "CLL"), so a page is found by its name without them too."""
    head, sep, rest = title.rstrip("?.! ").rpartition(" (")
    if not sep or not rest.endswith(")") or "(" in rest:
        return title, ""
    return head, rest[:-1]


class KnowledgeBase(Record):
    entries: Mapping[str, AnyEntry]
    terms: Mapping[str, Term]
    sources: Mapping[str, Source]
    synonyms: tuple[Synonym, ...]
    title: str
    disclaimer: str
    schema_version: int
    review_interval_months: int
    glossary_reviewed: dt.date
    scope_terms: tuple[str, ...] = ()  # words that make a question about CLL/SLL
    other_diseases: tuple[str, ...] = ()  # diseases cllkb does not cover
    pathways: Pathways | None = None  # knowledge/pathways.yaml, when the folder has one
    fingerprint: str = ""
    _names: Mapping[str, tuple[str, ...]] = _EMPTY  # every entry a name can mean, best first
    _term_names: Mapping[str, str] = _EMPTY

    @classmethod
    def build(cls, entries: Iterable[AnyEntry], terms: Iterable[Term], sources: Iterable[Source],
              **meta: object) -> KnowledgeBase:
        """Assemble the lookup tables once; ids win over titles, titles over a drug's generic
        and brand names, and those over aliases.

        A name can belong to entries of two kinds ("Breyanzi" is the drug's brand and an alias
        of the CAR-T category): each keeps it, so `cllkb drug Breyanzi` finds the drug and
        `cllkb show Breyanzi` too.
        """
        ents = {e.id: e for e in sorted(entries, key=lambda e: (e.kind, e.id))}
        trms = {t.id: t for t in sorted(terms, key=lambda t: t.id)}
        # Most names mean one entry: they share that entry's 1-tuple (a list per name showed in
        # the peak memory `make bench` measures at 10,000 entries).
        names: dict[str, tuple[str, ...]] = {}
        alone: dict[str, tuple[str, ...]] = {}
        for names_of in (_id, _titles, _own_names, _all_names):  # best first
            for e in ents.values():
                for n in names_of(e):
                    key = fold(n)
                    ids = names.get(key)
                    if ids is None:
                        names[key] = alone.setdefault(e.id, (e.id,))
                    elif e.id not in ids:
                        names[key] = (*ids, e.id)
        term_names: dict[str, str] = {}
        for rank in range(2):
            for t in trms.values():
                for n in ((t.id, t.term, split_title(t.term)[0]) if rank == 0
                          else (*t.names, split_title(t.term)[1])):
                    if n:
                        term_names.setdefault(fold(n), t.id)
        return cls(
            entries=MappingProxyType(ents), terms=MappingProxyType(trms),
            sources=MappingProxyType({s.id: s for s in sources}),
            _names=MappingProxyType(names),
            _term_names=MappingProxyType(term_names),
            **meta,  # type: ignore[arg-type]
        )  # fmt: skip

    def __reduce__(self) -> tuple:
        """Pickle support for the compiled cache (mapping proxies themselves do not pickle)."""
        return (_restore, ({k: dict(v) if isinstance(v, MappingProxyType) else v
                            for k, v in items(self)},))

    # -- lookups ---------------------------------------------------------------------------------
    def get(self, entry_id: str) -> AnyEntry:
        """Entry by exact id; NotFoundError lists the closest ids."""
        try:
            return self.entries[entry_id]
        except KeyError:
            raise NotFoundError(f"no entry with id '{entry_id}'",
                                self.suggest(entry_id)) from None

    def find(self, name: str, kind: Kind | None = None) -> AnyEntry:
        """Entry by id, title or any alias, in any case: "Venclexta" → venetoclax.

        A name that belongs to another kind, or to a glossary word, says so (NotFoundError's
        `elsewhere`) instead of guessing a look-alike of the kind asked for.
        """
        ids = self._names.get(fold(name), ())
        for entry_id in ids:
            if kind is None or self.entries[entry_id].kind == kind:
                return self.entries[entry_id]
        what = kind or "entry"
        if ids:
            other = self.entries[ids[0]]
            raise NotFoundError(f"no {what} named '{name}'", elsewhere=(other.kind, other.id))
        term_id = self._term_names.get(fold(name))
        if term_id:
            raise NotFoundError(f"no {what} named '{name}'", elsewhere=("term", term_id))
        raise NotFoundError(f"no {what} named '{name}'", self.suggest(name, kind))

    def find_term(self, word: str) -> Term:
        """Glossary term by id, display form or alias."""
        term_id = self._term_names.get(fold(word))
        if term_id:
            return self.terms[term_id]
        ids = self._names.get(fold(word))
        if ids:
            entry = self.entries[ids[0]]
            raise NotFoundError(f"no glossary term '{word}'", elsewhere=(entry.kind, entry.id))
        near = difflib.get_close_matches(fold(word), list(self._term_names), n=3, cutoff=SIMILAR)
        raise NotFoundError(f"no glossary term '{word}'",
                            list(dict.fromkeys(self.terms[self._term_names[n]].id for n in near)))

    def source(self, source_id: str) -> Source:
        try:
            return self.sources[source_id]
        except KeyError:
            near = difflib.get_close_matches(source_id, list(self.sources), n=3)
            raise NotFoundError(f"no source with id '{source_id}'", near) from None

    def suggest(self, name: str, kind: Kind | None = None, n: int = 3) -> list[str]:
        """Closest entry ids to a name, for "did you mean …?"."""
        pool = {k: [i for i in ids if kind is None or self.entries[i].kind == kind]
                for k, ids in self._names.items()}
        pool = {k: ids for k, ids in pool.items() if ids}
        near = difflib.get_close_matches(fold(name), list(pool), n=n * 3, cutoff=SIMILAR)
        return list(dict.fromkeys(i for k in near for i in pool[k]))[:n]

    def by_kind(self, kind: Kind) -> list[AnyEntry]:
        return [e for e in self.entries.values() if e.kind == kind]

    @property
    def drugs(self) -> list[Drug]:
        return [e for e in self.entries.values() if isinstance(e, Drug)]

    @property
    def categories(self) -> list[Category]:
        return [e for e in self.entries.values() if isinstance(e, Category)]

    @property
    def topics(self) -> list[Topic]:
        return [e for e in self.entries.values() if isinstance(e, Topic)]

    def related(self, entry: AnyEntry) -> list[AnyEntry]:
        return [self.entries[r] for r in entry.related if r in self.entries]

    def sources_for(self, entry: AnyEntry) -> list[Source]:
        """The entry's sources in citation order, ready to number [1], [2], …"""
        return [self.sources[s] for s in entry.cited_sources() if s in self.sources]

    def citing(self, source_id: str) -> list[AnyEntry]:
        """Entries that cite a source anywhere (for `cllkb sources ID`)."""
        return [e for e in self.entries.values() if source_id in e.cited_sources()]

    def category_of(self, drug: Drug) -> Category | None:
        cat = self.entries.get(drug.category)
        return cat if isinstance(cat, Category) else None

    def command_names(self, kind: Kind | None = None) -> Iterator[str]:
        """What shell completion offers for `drug`/`category`/`topic`/`show`: ids, titles and a
        drug's generic and brand names, not the aliases (many are question-like phrases)."""
        for e in self.entries.values():
            if kind is None or e.kind == kind:
                yield from (e.id, e.title, *_own_names(e))

    @property
    def newest_review(self) -> dt.date:
        return max([e.last_reviewed for e in self.entries.values()] + [self.glossary_reviewed])

    def is_overdue(self, entry: AnyEntry, today: dt.date | None = None) -> bool:
        """Past its review interval: shown on the entry's page and counted by --version."""
        return is_overdue(entry.last_reviewed, today or clock_today(),
                          self.review_interval_months)

    def overdue(self, today: dt.date | None = None) -> list[AnyEntry]:
        return [e for e in self.entries.values() if self.is_overdue(e, today)]


def _restore(state: dict) -> KnowledgeBase:
    return KnowledgeBase(**{k: MappingProxyType(v) if isinstance(v, dict) else v
                            for k, v in state.items()})


def is_overdue(reviewed: dt.date, today: dt.date, months: int) -> bool:
    year, month = divmod(reviewed.month - 1 + months, 12)
    due_year, due_month = reviewed.year + year, month + 1
    day = min(reviewed.day, 28)
    return today > dt.date(due_year, due_month, day)


def _id(entry: AnyEntry) -> tuple[str, ...]:
    return (entry.id,)


def _titles(entry: AnyEntry) -> tuple[str, ...]:
    """The title, and the title without its closing brackets ("When CLL comes back")."""
    return (entry.title, split_title(entry.title)[0])


def _all_names(entry: AnyEntry) -> tuple[str, ...]:
    return entry.names


def _own_names(entry: AnyEntry) -> tuple[str, ...]:
    """A drug's generic and brand names: they name the drug before any alias names another entry."""
    return (entry.generic_name, *entry.brands) if isinstance(entry, Drug) else ()

