"""`cllkb options` as a library call: a situation → the options view, everything resolved.

Pure (no printing, no rich): the view is plain frozen data holding resolved entries — the
rule, its categories and drugs, the topic to read next, the sources numbered in citation order —
so the terminal, `--json`, `ask` and a printed handout all draw the same content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from ..errors import KnowledgeError, SituationError, UsageError
from ..knowledge.kb import KnowledgeBase, fold
from ..knowledge.models import (
    AnyEntry,
    Category,
    Drug,
    Evidence,
    Marker,
    Pathways,
    Rule,
    Source,
    Treatment,
    to_data,
)
from ..record import Record
from .matching import (
    Situation,
    choose,
    fixed_courses,
    marker_names,
    nearest,
    situation_of,
    treatment_names,
)

NO_RULE = "cllkb has no curated guidance for that combination."
RICHTER = "Your CLL has changed into a fast-growing lymphoma (Richter transformation)."
UNTREATED = "You have not had treatment for CLL yet."


class ShownOption(Record, kw_only=False):
    category: Category
    drugs: tuple[Drug, ...]
    partners: tuple[Drug, ...]
    why: str
    for_whom: str
    evidence: tuple[tuple[int, Evidence], ...]  # (source number, evidence)
    cites: tuple[int, ...]  # source numbers for the reason line


class MarkerNote(Record, kw_only=False):
    marker: Marker
    cites: tuple[int, ...]


class OptionsView(Record, kw_only=False):
    situation: Situation
    described: tuple[str, ...]  # the situation in plain sentences
    rule: Rule | None  # None: no curated rule speaks for this situation
    options: tuple[ShownOption, ...]
    marker_notes: tuple[MarkerNote, ...]
    see: tuple[AnyEntry, ...]  # the topic to read (nearest one when no rule), then trials
    cautions: tuple[str, ...]
    questions_to_ask: tuple[str, ...]
    choice_note: str
    sources: tuple[Source, ...]  # numbered 1, 2, … in citation order
    last_reviewed: dt.date
    disclaimer: str

    @property
    def matched(self) -> bool:
        return self.rule is not None

    @property
    def notice(self) -> str | None:
        return None if self.matched else NO_RULE

    def groups(self) -> list[tuple[Category, list[ShownOption]]]:
        """Options grouped by category, in the order the rule first names each category."""
        out: dict[str, tuple[Category, list[ShownOption]]] = {}
        for opt in self.options:
            out.setdefault(opt.category.id, (opt.category, []))[1].append(opt)
        return list(out.values())

    def to_data(self) -> dict:
        """The documented `options --json` shape (README), pinned by tests/test_options.py."""
        def ref(e: AnyEntry) -> dict:
            return {"id": e.id, "title": e.title}

        return {
            "situation": {"untreated": self.situation.untreated,
                          "after": sorted(self.situation.after),
                          "finished": sorted(self.situation.finished),
                          "markers": sorted(self.situation.markers),
                          "richter": self.situation.richter, "described": list(self.described)},
            "matched": self.matched,
            "notice": self.notice,
            "rule": None if self.rule is None else {
                "id": self.rule.id, "title": self.rule.title, "summary": self.rule.summary},
            "options": [{
                "category": ref(o.category), "drugs": [ref(d) for d in o.drugs],
                "partners": [ref(d) for d in o.partners], "why": o.why,
                "for_whom": o.for_whom or None,
                "evidence": [{**to_data(ev), "n": n} for n, ev in o.evidence],
                "sources": list(o.cites)} for o in self.options],
            "marker_notes": [{"id": m.marker.id, "label": m.marker.label, "note": m.marker.note,
                              "terms": list(m.marker.terms), "sources": list(m.cites)}
                             for m in self.marker_notes],
            "cautions": list(self.cautions),
            "questions_to_ask": list(self.questions_to_ask),
            "see": [{"id": e.id, "kind": e.kind, "title": e.title,
                     "command": f"cllkb {e.kind} {e.id}"} for e in self.see],
            "choice_note": self.choice_note,
            "sources": [{"n": n, **to_data(s), "link": s.link}
                        for n, s in enumerate(self.sources, 1)],
            "last_reviewed": self.last_reviewed.isoformat(),
            "disclaimer": self.disclaimer,
        }  # fmt: skip


def pathways_of(kb: KnowledgeBase) -> Pathways:
    if kb.pathways is None:
        raise KnowledgeError("this knowledge folder has no pathways.yaml, which `cllkb options` "
                             "needs (see knowledge/README.md)")
    return kb.pathways


def situation_from(kb: KnowledgeBase, after: Iterable[str] = (), markers: Iterable[str] = (),
                   richter: bool = False, finished: Iterable[str] = ()) -> Situation:
    """Words as people type them ("btki", "Imbruvica", "del(17p)") → canonical ids, as
    matching.situation_of settles them."""
    pw = pathways_of(kb)
    grew, done = _treatments(kb, pw, after), _treatments(kb, pw, finished)
    both = grew & done
    if both:
        raise SituationError(f"{', '.join(sorted(both))}: given with both --after (the CLL grew "
                             "on it, or it was stopped) and --finished (a fixed course ended, "
                             "and the CLL came back later); choose one")
    names, marks = marker_names(pw), set()
    for word in markers:
        if fold(word) not in names:
            raise SituationError(f"unknown marker '{word}'; use one of {_choices(pw.markers)}")
        marks.add(names[fold(word)])
    return situation_of(grew, done, fixed_courses(pw), frozenset(marks), richter)


def _treatments(kb: KnowledgeBase, pw: Pathways, words: Iterable[str]) -> set[str]:
    treatments, found = treatment_names(kb, pw), set()
    for word in words:
        if fold(word) not in treatments:
            example = next((d for t in pw.treatments for d in t.drugs), "")
            hint = f", or a drug or brand name such as {example}" if example else ""
            raise SituationError(f"unknown treatment '{word}'; use one of "
                                 f"{_choices(pw.treatments)}{hint}")
        found.add(treatments[fold(word)])
    return found


def from_flags(kb: KnowledgeBase, untreated: bool, after: Sequence[str], markers: Sequence[str],
               richter: bool, finished: Sequence[str] = ()) -> OptionsView:
    """The command line's situation (`--untreated`, `--after`, `--finished`, `--marker`,
    `--richter`) → the view; one that says nothing or contradicts itself is a usage error."""
    if untreated and (after or finished):
        raise UsageError("--untreated cannot be used with --after or --finished")
    if not (untreated or after or finished or richter):
        raise UsageError("say where you are: --untreated, --after TREATMENT, --finished "
                         "TREATMENT or --richter (see `cllkb options --help`)")
    return build(kb, situation_from(kb, after=after, markers=markers, richter=richter,
                                    finished=finished))


def build(kb: KnowledgeBase, situation: Situation) -> OptionsView:
    """The options view for a situation: the matching rule's, or a plain "no curated guidance"
    with the nearest topic and the always-listed categories (clinical trials)."""
    pw = pathways_of(kb)
    rule = choose(pw, situation)
    order: dict[str, int] = {}

    def cite(ids: Iterable[str]) -> tuple[int, ...]:
        for s in ids:
            if s in kb.sources:
                order.setdefault(s, len(order) + 1)
        return tuple(order[s] for s in ids if s in order)

    options: list[ShownOption] = []
    if rule is not None:
        cite(rule.cited_sources())
        for opt in rule.options:
            options.append(ShownOption(
                category=kb.entries[opt.category], drugs=_drugs(kb, opt.drugs),  # type: ignore[arg-type]
                partners=_drugs(kb, opt.partners), why=opt.why, for_whom=opt.for_whom,
                evidence=tuple((cite([ev.source])[0], ev) for ev in opt.evidence),
                cites=tuple(sorted(set(cite(opt.sources))))))
    required = set(rule.situation.markers) if rule else set()
    notes = tuple(MarkerNote(m, tuple(sorted(set(cite(m.sources))))) for m in pw.markers
                  if m.id in situation.markers and m.id not in required and m.note)
    if rule is not None:
        see: tuple[AnyEntry, ...] = (kb.entries[rule.topic],)
    else:
        near = nearest(pw, situation)
        topic = kb.entries[near.topic if near else pw.no_match_topic]
        see = (topic, *(kb.entries[c] for c in pw.always_list))
    questions = rule.questions_to_ask if rule else see[0].questions_to_ask
    return OptionsView(
        situation=situation, described=describe(pw, situation), rule=rule,
        options=tuple(options), marker_notes=notes, see=see,
        cautions=rule.cautions if rule else (), questions_to_ask=questions,
        choice_note=pw.choice_note, sources=tuple(kb.sources[s] for s in order),
        last_reviewed=pw.last_reviewed, disclaimer=kb.disclaimer)


def describe(pw: Pathways, s: Situation) -> tuple[str, ...]:
    """The situation in plain sentences, from the curated labels."""
    out: list[str] = []
    if s.after:
        out.append(f"You have had {_join(t.label for t in pw.treatments if t.id in s.after)}.")
    if s.finished:
        labels = _join(t.label for t in pw.treatments if t.id in s.finished)
        out.append(f"You finished a fixed course of {labels}, and your CLL came back later.")
    if s.untreated:
        out.append(UNTREATED)
    if s.markers:
        labels = (m.label for m in pw.markers if m.id in s.markers)
        out.append(f"Your CLL has {_join(labels, last=', and ')}.")
    if s.richter:
        out.append(RICHTER)
    return tuple(out)


def _choices(items: Iterable[Treatment | Marker]) -> str:
    """"covalent-btki (btki), chemo (chemotherapy, …)": ids with their one-word aliases."""
    def one(item: Treatment | Marker) -> str:
        words = [a for a in item.aka if " " not in a and a != item.id][:2]
        return f"{item.id} ({', '.join(words)})" if words else item.id

    return ", ".join(one(i) for i in items)


def _join(items: Iterable[str], last: str = " and ") -> str:
    words = list(items)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])}{last}{words[-1]}"


def _drugs(kb: KnowledgeBase, ids: Sequence[str]) -> tuple[Drug, ...]:
    return tuple(d for d in (kb.entries.get(i) for i in ids) if isinstance(d, Drug))
