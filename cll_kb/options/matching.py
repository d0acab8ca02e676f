"""How a situation picks a pathway rule, and how people's words become situation values.

The matching, stated once (knowledge/README.md says the same in prose). A situation holds the
treatments the CLL grew on, or that were stopped (`after`), the fixed courses the person
finished before the CLL came back later (`finished`), markers, and Richter. A rule *fits* a
situation when
- its `richter` flag equals the situation's;
- the person had every treatment in `after`, and every treatment they had is in `after` or
  `also_after` (so a rule never speaks for treatments it did not consider); the same for
  `finished` and `also_finished`;
- the person has every marker in `markers`, and every marker they have is in `markers` or
  `also_markers`.
Of the rules that fit, the most specific wins: the one that requires the most values
(`after + finished + markers`). `cllkb validate` rejects knowledge in which two rules could fit a
situation equally well (CLLKB015), so the winner is always unique.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from ..knowledge.kb import KnowledgeBase, fold
from ..knowledge.models import Claim, Pathways, Rule
from ..record import Record


class Situation(Record, kw_only=False):
    """Where a person is: earlier treatments and markers (canonical ids), and Richter."""

    after: frozenset[str] = frozenset()  # the CLL grew on them (or soon after), or they stopped
    markers: frozenset[str] = frozenset()
    richter: bool = False
    finished: frozenset[str] = frozenset()  # fixed courses finished; the CLL came back later

    @property
    def untreated(self) -> bool:
        """No treatment yet: Richter is a situation of its own, whatever came before."""
        return not self.after and not self.finished and not self.richter


def fixed_courses(pw: Pathways) -> frozenset[str]:
    """Treatments only ever given as a fixed course (`always_fixed`: chemoimmunotherapy)."""
    return frozenset(t.id for t in pw.treatments if t.always_fixed)


def situation_of(after: set[str], finished: set[str], fixed: frozenset[str],
              markers: frozenset[str] = frozenset(), richter: bool = False) -> Situation:
    """Treatments the CLL grew on and courses finished → the situation rules are matched to.

    A finished course of a treatment only ever given as a fixed course counts as `after`, so
    the same rules speak for both; a treatment in both counts as `after`.
    """
    grew = after | (finished & fixed)
    return Situation(frozenset(grew), markers, richter, frozenset(finished - fixed - grew))


def command_args(s: Situation | Claim) -> list[str]:
    """The `cllkb options` arguments that describe a situation (or what a rule requires)."""
    args = [a for t in sorted(s.after) for a in ("--after", t)]
    args += [a for t in sorted(s.finished) for a in ("--finished", t)]
    if not s.after and not s.finished and not s.richter:  # a Claim has no `untreated`
        args.append("--untreated")
    args += [a for m in sorted(s.markers) for a in ("--marker", m)]
    return args + (["--richter"] if s.richter else [])


def fits(claim: Claim, s: Situation) -> bool:
    after, finished, markers = set(claim.after), set(claim.finished), set(claim.markers)
    return (claim.richter == s.richter
            and after <= s.after <= after | set(claim.also_after)
            and finished <= s.finished <= finished | set(claim.also_finished)
            and markers <= s.markers <= markers | set(claim.also_markers))


def specificity(claim: Claim) -> int:
    return len(set(claim.after)) + len(set(claim.finished)) + len(set(claim.markers))


def choose(pw: Pathways, s: Situation) -> Rule | None:
    """The most specific rule that fits; None when no curated rule speaks for the situation."""
    fitting = [r for r in pw.rules if fits(r.situation, s)]
    return max(fitting, key=lambda r: specificity(r.situation), default=None)


def nearest(pw: Pathways, s: Situation) -> Rule | None:
    """For a situation no rule fits: the rule that accounts for most of it (None if nothing).

    Score: how many of the person's treatments and markers the rule considers, then fewer
    requirements the person does not meet; file order breaks ties.
    """
    def score(r: Rule) -> tuple[int, int]:
        c = r.situation
        seen = len(s.after & {*c.after, *c.also_after})
        seen += len(s.finished & {*c.finished, *c.also_finished})
        seen += len(s.markers & {*c.markers, *c.also_markers})
        return (seen, -len(set(c.after) - s.after) - len(set(c.finished) - s.finished))

    same = [r for r in pw.rules if r.situation.richter == s.richter]
    best = max(same, key=score, default=None)  # max keeps the first of equals
    return best if best is not None and score(best)[0] > 0 else None


def clashes(pw: Pathways) -> Iterator[tuple[Rule, Rule, Situation | None]]:
    """Pairs of rules that could tie: (first, second, a situation where they tie).

    The situation is None when both claim exactly the same thing.
    """
    for a, b in combinations(pw.rules, 2):
        ca, cb = a.situation, b.situation
        if ca.richter != cb.richter or specificity(ca) != specificity(cb):
            continue
        if _key(ca) == _key(cb):
            yield a, b, None
            continue
        tie = _tie(pw, a, b)
        if tie is not None:
            yield a, b, tie


def _key(c: Claim) -> tuple[frozenset[str], ...]:
    return (frozenset(c.after), frozenset(c.also_after), frozenset(c.finished),
            frozenset(c.also_finished), frozenset(c.markers), frozenset(c.also_markers))


def _tie(pw: Pathways, a: Rule, b: Rule) -> Situation | None:
    """A situation both fit where no more specific rule fits, if one exists.

    Every combination of the values both rules allow is tried: at most 2 ** (treatments +
    markers), a few thousand for the shipped lists, and never cut short, so no tie is missed.
    """
    ca, cb = a.situation, b.situation
    dims = [("t", "after"), ("f", "finished"), ("m", "markers")]
    low = {d: set(getattr(ca, f)) | set(getattr(cb, f)) for d, f in dims}
    up = {d: {*getattr(ca, f), *getattr(ca, f"also_{f}")}
          & {*getattr(cb, f), *getattr(cb, f"also_{f}")} for d, f in dims}
    if not all(low[d] <= up[d] for d, _ in dims):
        return None
    free = [(d, v) for d, _ in dims for v in sorted(up[d] - low[d])]
    level = specificity(ca)
    for mask in range(2 ** len(free)):
        extra = [free[i] for i in range(len(free)) if mask >> i & 1]

        def values(dim: str, extra: list[tuple[str, str]] = extra) -> frozenset[str]:
            return frozenset(low[dim] | {v for k, v in extra if k == dim})

        s = Situation(values("t"), values("m"), ca.richter, values("f"))
        top = max(specificity(r.situation) for r in pw.rules if fits(r.situation, s))
        if top == level:
            return s
    return None


def describe_ids(s: Situation) -> str:
    """Compact form for validator messages: "after covalent-btki + venetoclax, markers …"."""
    parts = [f"after {' + '.join(sorted(s.after))}" if s.after else
             "" if s.finished else "untreated"]
    if s.finished:
        parts.append(f"finished {' + '.join(sorted(s.finished))}")
    parts = [p for p in parts if p]
    if s.markers:
        parts.append(f"markers {' + '.join(sorted(s.markers))}")
    if s.richter:
        parts.append("Richter")
    return ", ".join(parts)


def treatment_names(kb: KnowledgeBase, pw: Pathways) -> dict[str, str]:
    """Folded phrase → treatment id. The treatment's own id and `aka` win over the names of its
    drugs (id, title, brands, aka), which win over the names of its categories; within a level,
    file order wins. So "pirtobrutinib" is pirtobrutinib even though its category is BTKi."""
    table: dict[str, str] = {}
    for t in pw.treatments:
        for name in (t.id, *t.aka):
            table.setdefault(fold(name), t.id)
    for ids in ("drugs", "categories"):
        for t in pw.treatments:
            for entry_id in getattr(t, ids):
                entry = kb.entries.get(entry_id)
                for name in entry.names if entry else ():
                    table.setdefault(fold(name), t.id)
    table.pop("", None)
    return table


def marker_names(pw: Pathways) -> dict[str, str]:
    table: dict[str, str] = {}
    for m in pw.markers:
        for name in (m.id, *m.aka):
            table.setdefault(fold(name), m.id)
    table.pop("", None)
    return table
