"""Typed, immutable models of the knowledge.

Everything downstream (search, terminal cards, handouts, JSON) reads these and nothing else, so
the screen and the paper can never disagree. Frozen dataclasses keep them cheap to build, cheap to
pickle into the compiled cache, and impossible to mutate by accident in a renderer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["category", "drug", "topic"]
KINDS: tuple[Kind, ...] = ("category", "drug", "topic")
KIND_FOLDERS: dict[Kind, str] = {"category": "categories", "drug": "drugs", "topic": "topics"}
GIVEN = ("by mouth", "infusion", "injection", "cell therapy")
SOURCE_KINDS = ("label", "guideline", "trial", "review", "summary", "regulatory")


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    heading: str
    body: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    study: str
    population: str
    result: str
    source: str
    year: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Approval:
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD: old labels only give the year
    indication: str
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """Fields every category, drug and topic has."""

    kind: Kind
    id: str
    title: str
    aka: tuple[str, ...]
    summary: str
    key_points: tuple[str, ...]
    sources: tuple[str, ...]
    last_reviewed: dt.date
    related: tuple[str, ...]
    questions_to_ask: tuple[str, ...] = ()
    call_care_team_if: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    terms: tuple[str, ...] = ()
    origin: str = "shipped"  # "local" when a clinic's layer added or replaced it
    path: str = ""  # file it came from, for messages

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a person may call this entry by (id, title, aka, brands)."""
        return (self.id, self.title, *self.aka)

    def cited_sources(self) -> tuple[str, ...]:
        """Every source id this entry points at, in first-seen order, for the numbered list."""
        seen: dict[str, None] = dict.fromkeys(self.sources)
        for s in self.sections:
            seen.update(dict.fromkeys(s.sources))
        for item in (*getattr(self, "evidence", ()), *getattr(self, "approvals", ())):
            seen[item.source] = None
        return tuple(seen)


@dataclass(frozen=True, slots=True, kw_only=True)
class Drug(Entry):
    generic_name: str
    brands: tuple[str, ...]
    category: str
    given: str
    approvals: tuple[Approval, ...]
    how_it_works: str = ""
    when_used: tuple[str, ...]
    how_taken: tuple[str, ...]
    missed_dose: str
    side_effects: tuple[str, ...]
    interactions: tuple[str, ...]
    monitoring: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.id, self.title, self.generic_name, *self.brands, *self.aka)


@dataclass(frozen=True, slots=True, kw_only=True)
class Category(Entry):
    drugs: tuple[str, ...]
    how_it_works: str
    when_used: tuple[str, ...]
    cautions: tuple[str, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Topic(Entry):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    id: str
    term: str
    aka: tuple[str, ...]
    definition: str
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.id, self.term, *self.aka)


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int
    kind: str
    url: str = ""
    doi: str = ""
    authors: str = ""

    @property
    def link(self) -> str:
        """The address a reader can follow: the DOI resolver when there is a DOI."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url


@dataclass(frozen=True, slots=True, kw_only=True)
class Synonym:
    phrases: tuple[str, ...]
    means: str


ENTRY_CLASSES: dict[Kind, type[Entry]] = {"category": Category, "drug": Drug, "topic": Topic}
AnyEntry = Category | Drug | Topic


def to_data(obj: Any) -> Any:
    """Models → plain JSON/YAML-ready data (tuples to lists, dates to ISO strings).

    Used by every `--json` output and by the round-trip tests, so there is one shape.
    """
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_data(x) for x in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj
