"""The page of one entry (drug, category, topic) or glossary term."""

from __future__ import annotations

from ..knowledge.kb import KnowledgeBase
from ..knowledge.models import AnyEntry, Calendar, Category, Drug, Term, Timeline
from .plan import (
    DROP_DETAIL,
    DROP_MONITORING,
    DROP_STUDIES,
    KIND_LABEL,
    Block,
    Page,
    list_block,
    text_block,
)

SHORT_EVIDENCE = 2
SHORT_MONITORING = 3
DOSE_NOTE = "Your care team sets your dose."


def _evidence(entry: Drug | Category, detailed: bool) -> list[Block]:
    lines = [ev.line for ev in entry.evidence]
    shown = lines if detailed else lines[:SHORT_EVIDENCE]
    cited = tuple(ev.source for ev in entry.evidence[:len(shown)])
    return list_block("What the studies found", shown, more=len(lines) - len(shown),
                      drop=DROP_STUDIES, sources=cited)


def drug_subtitle(kb: KnowledgeBase, drug: Drug) -> str:
    cat = kb.category_of(drug)
    brands = ", ".join(drug.brands) if drug.brands else "no brand name"
    cls = cat.title if cat else drug.category
    return f"{drug.generic_name} · brands: {brands} · class: {cls} · given {drug.given}"


def calendar_block(calendar: Calendar) -> Block:
    """A dosing calendar as a table: a column for what each step says (the dose always)."""
    steps = calendar.steps
    columns = [("When", "when"), ("Dose", "dose"), ("How", "how"), ("Checks", "checks")]
    shown = [(title, attr) for title, attr in columns if any(getattr(s, attr) for s in steps)]
    return Block(calendar.title, "calendar", items=(calendar.note,) if calendar.note else (),
                 columns=tuple(title for title, _ in shown),
                 rows=tuple(tuple(getattr(s, attr) for _, attr in shown) for s in steps),
                 sources=(calendar.source,))


def timeline_block(timeline: Timeline) -> Block:
    return Block(timeline.title, "timeline", items=(timeline.note,) if timeline.note else (),
                 timeline=timeline, sources=(timeline.source,))


def _drug_blocks(kb: KnowledgeBase, drug: Drug, detailed: bool) -> list[Block]:
    """A drug sheet, in the order a person starting it needs it. The safety blocks (how it is
    taken and its calendar, a missed dose, interactions and food, storage, side effects) are
    never left off a handout; the warning box and key points are printed above them."""
    out: list[Block] = []
    if detailed:
        cat = kb.category_of(drug)
        how = drug.how_it_works or (cat.how_it_works if cat else "")
        out += text_block("How it works", how, DROP_DETAIL)
        out += list_block("When it is used", drug.when_used, drop=DROP_DETAIL)
    taken = list(drug.how_taken)
    if not any("care team sets your dose" in t.lower() for t in taken):
        taken.append(DOSE_NOTE)
    out += list_block("How it is taken", taken)
    if drug.calendar is not None:
        out.append(calendar_block(drug.calendar))
    out += [timeline_block(t) for t in drug.timelines]
    out += text_block("If you miss a dose", drug.missed_dose)
    out += list_block("Interactions, food and drink", drug.interactions)
    out += list_block("Storing and handling it", drug.storage)
    out += list_block("Common side effects", drug.side_effects)
    mon = drug.monitoring if detailed else drug.monitoring[:SHORT_MONITORING]
    out += list_block("Tests and monitoring", mon, more=len(drug.monitoring) - len(mon),
                      drop=DROP_MONITORING)
    if detailed:
        approvals = [f"{a.date}: {a.indication}" for a in drug.approvals]
        out += list_block("FDA approvals", approvals, drop=DROP_DETAIL,
                          sources=tuple(a.source for a in drug.approvals))
    return out + _evidence(drug, detailed)


def _category_blocks(kb: KnowledgeBase, cat: Category, detailed: bool) -> list[Block]:
    drugs = tuple(d for d in (kb.entries.get(i) for i in cat.drugs) if isinstance(d, Drug))
    out = [Block("Drugs in this category", "drugs", drugs=drugs)] if drugs else []
    if detailed:
        out += text_block("How it works", cat.how_it_works, drop=DROP_DETAIL)
    out += list_block("When care teams use it", cat.when_used)
    out += list_block("Cautions", cat.cautions)
    return out + _evidence(cat, detailed)


def build_page(kb: KnowledgeBase, entry: AnyEntry, detailed: bool = False) -> Page:
    """The page for one entry; `detailed` adds mechanism, full evidence and monitoring."""
    blocks: list[Block] = []
    subtitle = ""
    if isinstance(entry, Drug):
        subtitle = drug_subtitle(kb, entry)
        blocks += _drug_blocks(kb, entry, detailed)
    elif isinstance(entry, Category):
        blocks += _category_blocks(kb, entry, detailed)
    if detailed or entry.kind == "topic":
        # A topic's sections are its body; other entries' are extra detail. Later ones go first.
        blocks += [Block(s.heading, "text", (s.body,), sources=s.sources, drop=DROP_DETAIL)
                   for s in entry.sections]
    return Page(
        id=entry.id, title=entry.title, summary=entry.summary, kind_label=KIND_LABEL[entry.kind],
        subtitle=subtitle, base_sources=frozenset(entry.sources), origin=entry.origin,
        last_reviewed=entry.last_reviewed, command=f"cllkb show {entry.id}",
        key_points=entry.key_points, warnings=entry.call_care_team_if, blocks=tuple(blocks),
        questions=entry.questions_to_ask, related=tuple(kb.related(entry)),
        glossary=tuple(kb.terms[t] for t in entry.terms if t in kb.terms),
        sources=tuple(kb.sources_for(entry)), review_due=kb.is_overdue(entry),
        disclaimer=kb.disclaimer, detailed=detailed,
    )  # fmt: skip


def term_page(kb: KnowledgeBase, term: Term) -> Page:
    """A glossary word as a page: what it means, where to read more, its sources."""
    return Page(
        id=f"term-{term.id}", title=term.term, summary=term.definition, kind_label="Term",
        subtitle=f"Also called: {', '.join(term.aka)}" if term.aka else "",
        key_points=(), warnings=(), blocks=(), questions=(),
        related=tuple(kb.entries[r] for r in term.related if r in kb.entries), glossary=(),
        sources=tuple(kb.sources[s] for s in term.sources if s in kb.sources),
        base_sources=frozenset(term.sources), last_reviewed=kb.glossary_reviewed,
        review_due=False, disclaimer=kb.disclaimer, command=f"cllkb term {term.id}",
    )  # fmt: skip
