"""Typed, immutable models of the knowledge.

Everything downstream (search, terminal cards, handouts, JSON) reads these and nothing else, so
the screen and the paper can never disagree. Frozen records (`cll_kb.record`) keep them cheap to
define and to unpickle from the compiled cache, and impossible to mutate by accident in a renderer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ..record import Record, items

Kind = Literal["category", "drug", "topic"]
KINDS: tuple[Kind, ...] = ("category", "drug", "topic")
KIND_FOLDERS: dict[Kind, str] = {"category": "categories", "drug": "drugs", "topic": "topics"}
GIVEN = ("by mouth", "infusion", "injection", "cell therapy")
SOURCE_KINDS = ("label", "guideline", "trial", "review", "summary", "regulatory")


class Section(Record):
    heading: str
    body: str
    sources: tuple[str, ...] = ()


class Evidence(Record):
    study: str
    population: str
    result: str
    source: str
    year: int | None = None

    @property
    def line(self) -> str:
        """"Study — who was in it: what it found", as every card, view and handout shows it."""
        return f"{self.study} — {self.population}: {self.result}"


class Approval(Record):
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD: old labels only give the year
    indication: str
    source: str


class Step(Record):
    """One row of a dosing calendar: when, how much, how it is taken, which checks that day."""

    when: str
    dose: str
    how: str = ""
    checks: str = ""


class Calendar(Record):
    """A dose that changes on a schedule (venetoclax's ramp-up, obinutuzumab's split first
    dose), as a table people can follow day by day."""

    title: str
    steps: tuple[Step, ...]
    source: str
    note: str = ""


class Bar(Record):
    """One drug's stretch on a timeline: from `start` to `end`, in the timeline's units."""

    label: str
    start: int
    end: int
    note: str = ""


class Timeline(Record):
    """When each drug of a fixed-duration course starts and stops (cycles, months or weeks)."""

    title: str
    unit: str  # cycle | month | week
    length: int
    bars: tuple[Bar, ...]
    source: str
    note: str = ""


UNITS = ("cycle", "month", "week")


class Entry(Record):
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
        for item in (*getattr(self, "evidence", ()), *getattr(self, "approvals", ()),
                     *([self.calendar] if getattr(self, "calendar", None) else ()),
                     *getattr(self, "timelines", ())):
            seen[item.source] = None
        return tuple(seen)


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
    storage: tuple[str, ...] = ()  # keeping, handling and throwing away (a note when infused)
    calendar: Calendar | None = None
    timelines: tuple[Timeline, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.id, self.title, self.generic_name, *self.brands, *self.aka)


class Category(Entry):
    drugs: tuple[str, ...]
    how_it_works: str
    when_used: tuple[str, ...]
    cautions: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    main_risks: str = ""  # one line for the options comparison table
    given: str = ""  # how it is given when it has no drugs that say so (transplant, trials)


class Topic(Entry):
    pass


class Term(Record):
    id: str
    term: str
    aka: tuple[str, ...]
    definition: str
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    origin: str = "shipped"  # "local" when a clinic's layer added it

    @property
    def names(self) -> tuple[str, ...]:
        return (self.id, self.term, *self.aka)


class Source(Record):
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
        """The address a reader can follow: the DOI resolver when there is a DOI.

        A DOI may hold characters that end a link in Markdown or HTML (old Wiley DOIs have < and
        >): they are percent-encoded, as doi.org expects.
        """
        if self.doi:
            from urllib.parse import quote

            return "https://doi.org/" + quote(self.doi, safe="/:;()._-")
        return self.url


class Synonym(Record):
    phrases: tuple[str, ...]
    means: str


class Treatment(Record):
    """A kind of earlier treatment a situation can name (`--after covalent-btki`)."""

    id: str
    label: str
    aka: tuple[str, ...] = ()
    drugs: tuple[str, ...] = ()  # drug ids that count as this treatment
    categories: tuple[str, ...] = ()  # category ids whose names count as this treatment
    # Given only as a fixed course (chemoimmunotherapy): having finished it is how one has had
    # it, so a finished course of it counts as `after`, and the same rules speak for both.
    always_fixed: bool = False


class Marker(Record):
    """A test result a situation can name (`--marker del17p`), with what it means for options."""

    id: str
    label: str
    aka: tuple[str, ...] = ()
    note: str = ""
    terms: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


class Claim(Record):
    """The situations one pathway rule speaks for (`cll_kb.options.matching` matches them)."""

    after: tuple[str, ...] = ()  # treatments the CLL must have grown on (or that were stopped)
    also_after: tuple[str, ...] = ()  # such treatments the rule still fits
    finished: tuple[str, ...] = ()  # fixed courses the person must have finished
    also_finished: tuple[str, ...] = ()  # finished courses the rule still fits
    markers: tuple[str, ...] = ()  # markers the person must have
    also_markers: tuple[str, ...] = ()  # markers the rule still fits
    richter: bool = False


class Option(Record):
    """One option a rule lists: a category, the drugs in it, and why care teams consider it."""

    category: str
    why: str
    sources: tuple[str, ...]
    drugs: tuple[str, ...] = ()  # drugs of `category`
    partners: tuple[str, ...] = ()  # drugs from other categories given with them
    for_whom: str = ""
    evidence: tuple[Evidence, ...] = ()


class Rule(Record):
    id: str
    title: str
    situation: Claim
    summary: str
    topic: str
    options: tuple[Option, ...]
    cautions: tuple[str, ...]
    questions_to_ask: tuple[str, ...]
    sources: tuple[str, ...]

    def cited_sources(self) -> tuple[str, ...]:
        """Rule sources first (guidelines lead), then each option's, in reading order."""
        seen: dict[str, None] = dict.fromkeys(self.sources)
        for opt in self.options:
            seen.update(dict.fromkeys(opt.sources))
            seen.update(dict.fromkeys(ev.source for ev in opt.evidence))
        return tuple(seen)


class Routing(Record):
    """Phrases that let `cllkb ask` recognise a situation question (curated, not hard-coded)."""

    had: tuple[str, ...]  # before a treatment: "after ibrutinib", "progressed on venetoclax"
    stopped: tuple[str, ...]  # after a treatment: "ibrutinib stopped working", "… came back"
    asking: tuple[str, ...]  # "what now", "options"
    untreated: tuple[str, ...] = ()  # "newly diagnosed", "first treatment"
    richter: tuple[str, ...] = ()  # "Richter", "transformed"
    finished: tuple[str, ...] = ()  # before a treatment: a course finished ("2 years after")


class Pathways(Record):
    """knowledge/pathways.yaml: which options care teams consider in which situation."""

    last_reviewed: dt.date
    no_match_topic: str
    always_list: tuple[str, ...]
    choice_note: str
    routing: Routing
    treatments: tuple[Treatment, ...]
    markers: tuple[Marker, ...]
    rules: tuple[Rule, ...]


ENTRY_CLASSES: dict[Kind, type[Entry]] = {"category": Category, "drug": Drug, "topic": Topic}
AnyEntry = Category | Drug | Topic


def to_data(obj: Any) -> Any:
    """Models → plain JSON/YAML-ready data (tuples to lists, dates to ISO strings).

    Used by every `--json` output and by the round-trip tests, so there is one shape.
    """
    if isinstance(obj, Record):
        return {name: to_data(value) for name, value in items(obj)}
    if isinstance(obj, tuple | list):
        return [to_data(x) for x in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj
