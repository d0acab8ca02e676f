"""Checks on knowledge/pathways.yaml that need the whole knowledge: merge, clashes, warnings.

The loader reads the file with the declarative schema like every other file; this module keeps
what is special to pathways out of the loader: layers merged by id, rules that could tie
(CLLKB015), rules that leave out an always-listed category (CLLKB016), option drugs that their
category does not list (CLLKB009), and the warnings (CLLKB101, 103).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..knowledge.kb import is_overdue
from ..knowledge.models import Category, Marker, Pathways, Rule
from ..options.matching import clashes, describe_ids
from .issues import Issue
from .readability import GRADE_CODE, GRADE_FIX, grade_level, too_hard
from .yaml_reader import Document, FieldPath

SETTINGS = ("last_reviewed", "no_match_topic", "always_list", "choice_note", "routing")


@dataclass
class Placed:
    """A record and where it was written, so cross-file messages can name file and line."""

    item: Any
    display: str
    doc: Document
    at: FieldPath

    def line(self, *sub: str | int) -> int:
        return self.doc.line((*self.at, *sub))


@dataclass
class PathwayParts:
    """pathways.yaml of every layer, merged: a later layer replaces records with the same id."""

    settings: dict[str, Any] = field(default_factory=dict)
    where: Placed | None = None  # the file the settings came from
    treatments: dict[str, Placed] = field(default_factory=dict)
    markers: dict[str, Placed] = field(default_factory=dict)
    rules: dict[str, Placed] = field(default_factory=dict)

    def add(self, values: dict[str, Any], display: str, doc: Document) -> None:
        self.settings.update({k: values[k] for k in SETTINGS if k in values})
        self.where = Placed(None, display, doc, ())
        for key in ("treatments", "markers", "rules"):
            pool: dict[str, Placed] = getattr(self, key)
            for i, item in enumerate(values.get(key, ())):
                pool[item.id] = Placed(item, display, doc, (key, i))

    def build(self) -> Pathways | None:
        if self.where is None:
            return None
        return Pathways(**self.settings,
                        treatments=tuple(p.item for p in self.treatments.values()),
                        markers=tuple(p.item for p in self.markers.values()),
                        rules=tuple(p.item for p in self.rules.values()))


def check(parts: PathwayParts, entries: dict[str, Any]) -> list[Issue]:
    """Errors: clashes between rules, missing always-listed categories, misplaced drugs."""
    pw = parts.build()
    if pw is None:
        return []
    issues: list[Issue] = []
    for a, b, tie in clashes(pw):
        pa, pb = parts.rules[a.id], parts.rules[b.id]
        if tie is None:
            issues.append(Issue.error(
                pb.display, pb.line("situation"), "CLLKB015",
                f"rule '{b.id}' claims the same situation as rule '{a.id}' (line {pa.line('id')})",
                "merge the two rules, or change one `situation`"))
        else:
            issues.append(Issue.error(
                pb.display, pb.line("situation"), "CLLKB015",
                f"rules '{a.id}' and '{b.id}' both fit the situation ({describe_ids(tie)}) "
                "equally well", "add a more specific rule for it, or narrow `also_after` or "
                "`also_markers` of one of them"))
    for placed in parts.rules.values():
        rule: Rule = placed.item
        listed = {o.category for o in rule.options}
        for cat in pw.always_list:
            if cat not in listed:
                issues.append(Issue.error(
                    placed.display, placed.line("options"), "CLLKB016",
                    f"rule '{rule.id}' does not list '{cat}', which every rule must list "
                    "(`always_list`)", f"add an option with `category: {cat}`"))
        for i, opt in enumerate(rule.options):
            cat_entry = entries.get(opt.category)
            if not isinstance(cat_entry, Category):
                continue  # an unknown category is reported as a reference (CLLKB009)
            for j, drug in enumerate(opt.drugs):
                if drug in entries and drug not in cat_entry.drugs:
                    issues.append(Issue.error(
                        placed.display, placed.line("options", i, "drugs", j), "CLLKB009",
                        f"options[{i}].drugs: '{drug}' is not in category '{opt.category}'",
                        "list it under `partners`, or choose the category it belongs to"))
    return issues


Warn = Callable[[str, int, str, str, str], None]


def warnings(parts: PathwayParts, drug_words: set[str], today: dt.date, months: int,
             warn: Warn) -> None:
    """Warnings: an old review date and hard words in what a patient reads first."""
    pw, where = parts.build(), parts.where
    if pw is None or where is None:
        return
    if is_overdue(pw.last_reviewed, today, months):
        warn(where.display, where.line("last_reviewed"), "CLLKB101",
             f"last reviewed {pw.last_reviewed}, more than {months} months ago",
             "re-check the rules against their sources and update last_reviewed")
    texts: list[tuple[Placed, tuple[str | int, ...], str, str]] = [
        (where, ("choice_note",), "choice_note", pw.choice_note)]
    for placed in parts.markers.values():
        marker: Marker = placed.item
        if marker.note:
            texts.append((placed, ("note",), f"note of marker '{marker.id}'", marker.note))
    for placed in parts.rules.values():
        rule: Rule = placed.item
        texts.append((placed, ("summary",), f"summary of rule '{rule.id}'", rule.summary))
        for i, o in enumerate(rule.options):
            texts.append((placed, ("options", i, "why"), f"options[{i}].why of rule '{rule.id}'",
                          o.why))
            if o.for_whom:  # the comparison table's "Who it is for", read as often as the why
                texts.append((placed, ("options", i, "for_whom"),
                              f"options[{i}].for_whom of rule '{rule.id}'", o.for_whom))
    for placed, sub, name, text in texts:
        if message := too_hard(name, grade_level(text, drug_words)):
            warn(placed.display, placed.line(*sub), GRADE_CODE, message, GRADE_FIX)


def ids(parts: PathwayParts) -> dict[str, set[str]]:
    """Ids that situations may refer to, for the loader's reference check."""
    return {"treatment": set(parts.treatments), "marker": set(parts.markers)}
