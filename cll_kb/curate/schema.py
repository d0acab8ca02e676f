"""The knowledge schema, declared once, and the checks that turn raw YAML data into models.

A table of fields (rather than hand-written checks per kind) keeps the curator's guide, the
validator and the models in step: a new field is one line here and one in models.py.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from ..knowledge.models import (
    ENTRY_CLASSES,
    GIVEN,
    SOURCE_KINDS,
    UNITS,
    Approval,
    Bar,
    Calendar,
    Claim,
    Evidence,
    Kind,
    Marker,
    Option,
    Routing,
    Rule,
    Section,
    Source,
    Step,
    Synonym,
    Term,
    Timeline,
    Treatment,
)  # fmt: skip
from ..record import Record
from .issues import Issue
from .yaml_reader import Document, FieldPath

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
APPROX_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
SENTENCE = re.compile(r"[.!?](?:\s|$)")
# A web address a reader can follow: http(s), a host, and no character that could end a link in
# Markdown or HTML (spaces, quotes, angle brackets, backslashes); percent-encode those instead.
WEB_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][^\s<>\"'\\`{}|^]*)?$")
# A DOI as registered: "10.", a registrant code, "/", then any non-space characters (old Wiley
# DOIs hold < and >; every renderer percent-encodes the link it makes from one).
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


class F(Record, kw_only=False):
    """One field: its type, whether it is required, list bounds, choices, what it refers to."""

    type: str  # text(s) slug(s) date approx_date int bool choice record(s) url doi
    required: bool = True
    min_items: int = 0
    max_items: int | None = None
    choices: tuple[str, ...] = ()
    ref: str = ""  # source | entry | category | drug | topic | term | treatment | marker
    nested: str = ""  # the spec of each mapping, for types "records" and "record"


COMMON: dict[str, F] = {
    "id": F("slug"),
    "title": F("text"),
    "aka": F("texts"),
    "summary": F("text"),
    "key_points": F("texts", min_items=3, max_items=6),
    "sources": F("slugs", min_items=1, ref="source"),
    "last_reviewed": F("date"),
    "related": F("slugs", ref="entry"),
    "questions_to_ask": F("texts", required=False),
    "call_care_team_if": F("texts", required=False),
    "sections": F("records", required=False, nested="section"),
    "terms": F("slugs", required=False, ref="term"),
}
SPECS: dict[str, dict[str, F]] = {
    "drug": COMMON | {
        "call_care_team_if": F("texts", min_items=1),
        "generic_name": F("text"),
        "brands": F("texts"),
        "category": F("slug", ref="category"),
        "given": F("choice", choices=GIVEN),
        "approvals": F("records", min_items=1, nested="approval"),
        "how_it_works": F("text", required=False),
        "when_used": F("texts", min_items=1),
        "how_taken": F("texts", min_items=1),
        "missed_dose": F("text"),
        "side_effects": F("texts", min_items=1),
        "interactions": F("texts"),
        "monitoring": F("texts", min_items=1),
        "evidence": F("records", nested="evidence"),
        "storage": F("texts", min_items=1),
        "calendar": F("record", False, nested="calendar"),
        "timelines": F("records", False, nested="timeline"),
    },
    "category": COMMON | {
        "drugs": F("slugs", ref="drug"),
        "how_it_works": F("text"),
        "when_used": F("texts", min_items=1),
        "cautions": F("texts"),
        "evidence": F("records", nested="evidence"),
        "main_risks": F("text", False),
        "given": F("text", False),
    },
    "calendar": {
        "title": F("text"), "steps": F("records", min_items=2, nested="step"),
        "note": F("text", False), "source": F("slug", ref="source"),
    },
    "step": {"when": F("text"), "dose": F("text"), "how": F("text", False),
             "checks": F("text", False)},
    "timeline": {
        "title": F("text"), "unit": F("choice", choices=UNITS), "length": F("int"),
        "bars": F("records", min_items=1, nested="bar"), "note": F("text", False),
        "source": F("slug", ref="source"),
    },
    "bar": {"label": F("text"), "start": F("int"), "end": F("int"), "note": F("text", False)},
    "topic": COMMON | {"sections": F("records", min_items=1, nested="section")},
    "section": {
        "heading": F("text"), "body": F("text"), "sources": F("slugs", False, ref="source"),
    },
    "evidence": {
        "study": F("text"), "population": F("text"), "result": F("text"),
        "source": F("slug", ref="source"), "year": F("int", required=False),
    },
    "approval": {
        "date": F("approx_date"), "indication": F("text"), "source": F("slug", ref="source"),
    },
    "term": {
        "id": F("slug"), "term": F("text"), "aka": F("texts"), "definition": F("text"),
        "related": F("slugs", False, ref="entry"), "sources": F("slugs", False, ref="source"),
    },
    "source": {
        "id": F("slug"), "title": F("text"), "publisher": F("text"), "year": F("int"),
        "kind": F("choice", choices=SOURCE_KINDS), "url": F("url", False), "doi": F("doi", False),
        "authors": F("text", False),
    },
    "synonym": {"phrases": F("texts", min_items=1), "means": F("text")},
    # whole files that hold more than one record
    "manifest": {
        "schema_version": F("int"), "title": F("text"), "disclaimer": F("text"),
        "review_interval_months": F("int"),
        "scope_terms": F("texts", min_items=1), "other_diseases": F("texts", min_items=1),
    },
    "glossary": {"last_reviewed": F("date"), "terms": F("records", min_items=1, nested="term")},
    "sources_file": {"sources": F("records", min_items=1, nested="source")},
    "synonyms_file": {"synonyms": F("records", nested="synonym")},
    # knowledge/pathways.yaml: which options care teams consider in which situation
    "pathways_file": {
        "last_reviewed": F("date"), "no_match_topic": F("slug", ref="topic"),
        "always_list": F("slugs", ref="category"), "choice_note": F("text"),
        "routing": F("record", nested="routing"),
        "treatments": F("records", min_items=1, nested="treatment"),
        "markers": F("records", nested="marker"),
        "rules": F("records", min_items=1, nested="rule"),
    },
    "routing": {
        "had": F("texts", min_items=1), "stopped": F("texts", min_items=1),
        "asking": F("texts", min_items=1), "untreated": F("texts", False),
        "richter": F("texts", False), "finished": F("texts", False),
    },
    "treatment": {
        "id": F("slug"), "label": F("text"), "aka": F("texts", False),
        "drugs": F("slugs", False, ref="drug"), "categories": F("slugs", False, ref="category"),
        "always_fixed": F("bool", False),
    },
    "marker": {
        "id": F("slug"), "label": F("text"), "aka": F("texts", False), "note": F("text", False),
        "terms": F("slugs", False, ref="term"), "sources": F("slugs", False, ref="source"),
    },
    "rule": {
        "id": F("slug"), "title": F("text"), "situation": F("record", nested="claim"),
        "summary": F("text"), "topic": F("slug", ref="topic"),
        "options": F("records", min_items=1, nested="option"), "cautions": F("texts"),
        "questions_to_ask": F("texts", min_items=3, max_items=6),
        "sources": F("slugs", min_items=1, ref="source"),
    },
    "claim": {
        "after": F("slugs", False, ref="treatment"),
        "also_after": F("slugs", False, ref="treatment"),
        "finished": F("slugs", False, ref="treatment"),
        "also_finished": F("slugs", False, ref="treatment"),
        "markers": F("slugs", False, ref="marker"),
        "also_markers": F("slugs", False, ref="marker"), "richter": F("bool", False),
    },
    "option": {
        "category": F("slug", ref="category"), "drugs": F("slugs", False, ref="drug"),
        "partners": F("slugs", False, ref="drug"), "why": F("text"),
        "for_whom": F("text", False), "evidence": F("records", False, nested="evidence"),
        "sources": F("slugs", min_items=1, ref="source"),
    },
}  # fmt: skip
NESTED_CLASSES: dict[str, type] = {
    "section": Section, "evidence": Evidence, "approval": Approval,
    "term": Term, "source": Source, "synonym": Synonym, "routing": Routing,
    "treatment": Treatment, "marker": Marker, "rule": Rule, "claim": Claim, "option": Option,
    "calendar": Calendar, "step": Step, "timeline": Timeline, "bar": Bar,
}  # fmt: skip
TYPE_WORDS = {
    "text": "text", "texts": "a list of text", "slug": "an id", "slugs": "a list of ids",
    "date": "a date (YYYY-MM-DD)", "approx_date": "a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "int": "a whole number", "choice": "one of the allowed words", "records": "a list of mappings",
    "record": "a mapping of fields", "bool": "true or false",
    "url": "a web address (https://…)", "doi": "a DOI (10.xxxx/…)",
}  # fmt: skip


class Ref(Record, kw_only=False):
    """A reference found while checking; resolved once every file is read."""

    display: str
    line: int
    field: str
    target: str  # source | entry | category | drug | topic | term | treatment | marker
    value: str


@dataclass
class Checker:
    """Checks records of one document, collecting issues and references as it goes."""

    doc: Document
    display: str
    today: dt.date
    issues: list[Issue] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    # Values the YAML reader could not read (it reported them): a record holding one fails
    # without a second message such as "missing required field".
    unreadable: int = 0

    def error(self, at: FieldPath, code: str, message: str, fix: str) -> None:
        self.issues.append(Issue.error(self.display, self.doc.line(at), code, message, fix))

    def record(self, data: Any, spec_name: str, at: FieldPath, label: str = "") -> dict | None:
        """Check one mapping against a spec; return converted values, or None when it fails."""
        spec = SPECS[spec_name]
        if not isinstance(data, dict):
            self.error(at, "CLLKB005", f"{label or spec_name} should be a mapping of fields",
                      "write `field: value` lines (see knowledge/README.md)")
            return None
        before, unreadable = len(self.issues), self.unreadable
        values: dict[str, Any] = {}
        for key in data:
            if key not in spec:
                near = difflib.get_close_matches(str(key), spec, n=1)
                hint = f"did you mean '{near[0]}'?" if near else "remove it"
                self.error((*at, str(key)), "CLLKB004", f"unknown field '{key}'",
                          f"{hint} (allowed fields are in knowledge/README.md)")
        for name, f in spec.items():
            where = (*at, name)
            if name not in data or data[name] is None:
                if where in self.doc.failed:
                    self.unreadable += 1
                    continue
                if f.required:
                    inside = f" in {label}" if label else ""
                    self.error(at if name not in data else where, "CLLKB006",
                              f"missing required field '{name}'{inside}",
                              f"add `{name}:` ({TYPE_WORDS[f.type]})")
                continue
            value = self._value(data[name], f, where, name)
            if value is not None:
                values[name] = value
        ok = len(self.issues) == before and self.unreadable == unreadable
        return values if ok else None

    def _value(self, raw: Any, f: F, at: FieldPath, name: str) -> Any:
        if at in self.doc.failed:
            self.unreadable += 1
            return None
        if f.type in ("texts", "slugs", "records"):
            if not isinstance(raw, list):
                self.error(at, "CLLKB005", f"'{name}' should be {TYPE_WORDS[f.type]}",
                          f"write it as a YAML list: `{name}: [...]` or `- item` lines")
                return None
            if len(raw) < f.min_items or (f.max_items is not None and len(raw) > f.max_items):
                span = f"{f.min_items}–{f.max_items}" if f.max_items else f"at least {f.min_items}"
                self.error(at, "CLLKB013", f"'{name}' has {len(raw)} items; it needs {span}",
                          "add or merge items")
                return None
            item = {"texts": "text", "slugs": "slug"}.get(f.type)
            if item:
                out = [self._value(v, F(item, ref=f.ref), (*at, i), f"{name}[{i}]")
                       for i, v in enumerate(raw)]
                return None if any(v is None for v in out) else tuple(out)
            recs = [self.record(v, f.nested, (*at, i), f"{name}[{i}]") for i, v in enumerate(raw)]
            if any(r is None for r in recs):
                return None
            return tuple(NESTED_CLASSES[f.nested](**r) for r in recs)  # type: ignore[arg-type]
        if f.type == "record":
            rec = self.record(raw, f.nested, at, name)
            return None if rec is None else NESTED_CLASSES[f.nested](**rec)
        if f.type == "bool":
            if not isinstance(raw, bool):
                self.error(at, "CLLKB005", f"'{name}' should be true or false, got {raw!r}",
                          "write true or false, without quotes")
                return None
            return raw
        if f.type == "date":
            if not isinstance(raw, dt.date) or isinstance(raw, dt.datetime):
                self.error(at, "CLLKB005", f"'{name}' should be {TYPE_WORDS['date']}, got {raw!r}",
                          "write the date as YYYY-MM-DD, without quotes")
                return None
            if raw > self.today:
                self.error(at, "CLLKB012", f"'{name}' {raw.isoformat()} is in the future",
                          "use the date the entry was actually reviewed")
                return None
            return raw
        if f.type == "int":
            if not isinstance(raw, int) or isinstance(raw, bool):
                self.error(at, "CLLKB005", f"'{name}' should be a whole number, got {raw!r}",
                          "write digits only, e.g. 2018")
                return None
            return raw
        if isinstance(raw, dt.date) and f.type == "approx_date":
            raw = raw.isoformat()
        if not isinstance(raw, str) or not raw.strip():
            got = "nothing" if isinstance(raw, str) else type(raw).__name__
            self.error(at, "CLLKB005", f"'{name}' should be {TYPE_WORDS[f.type]}, got {got}",
                      "write it as text (quote it if it starts with a special character)")
            return None
        value = raw.strip()
        if f.type == "slug" and not SLUG.match(value):
            self.error(at, "CLLKB013", f"'{name}' value '{value}' is not a valid id",
                      "use lower-case letters, digits and single hyphens")
            return None
        if f.type == "approx_date" and not APPROX_DATE.match(value):
            self.error(at, "CLLKB013", f"'{name}' value '{value}' is not a date",
                      "write YYYY-MM-DD, YYYY-MM or YYYY")
            return None
        if f.type == "url" and not WEB_URL.match(value):
            self.error(at, "CLLKB020", f"'{name}' value '{value}' is not a web address",
                      "write the full https:// address; percent-encode spaces, quotes and <>")
            return None
        if f.type == "doi" and not DOI.match(value):
            self.error(at, "CLLKB020", f"'{name}' value '{value}' is not a DOI",
                      "write the DOI alone, e.g. 10.1182/blood-2017-09-806398 (no https://doi.org/)")
            return None
        if f.type == "choice" and value not in f.choices:
            self.error(at, "CLLKB013", f"'{name}' value '{value}' is not allowed",
                      "use one of: " + ", ".join(f.choices))
            return None
        if f.ref:
            self.refs.append(Ref(self.display, self.doc.line(at), name, f.ref, value))
        return value


def check_entry(checker: Checker, kind: Kind, stem: str) -> Any:
    """Check a category, drug or topic file and build its model (None on any error)."""
    values = checker.record(checker.doc.data, kind, ())
    if values is None:
        return None
    if values["id"] != stem:
        checker.error(("id",), "CLLKB007",
                     f"id '{values['id']}' differs from the file name '{stem}'",
                     f"rename the file to {values['id']}.yaml or set `id: {stem}`")
        return None
    for i, timeline in enumerate(values.get("timelines", ())):
        if not _timeline_fits(checker, timeline, ("timelines", i)):
            return None
    n = len(SENTENCE.findall(values["summary"].rstrip() + " "))
    if n > 3:
        checker.error(("summary",), "CLLKB013", f"summary has {n} sentences; it needs 1–3",
                     "move detail into key_points or sections")
        return None
    return ENTRY_CLASSES[kind](kind=kind, path=checker.display, **values)


MAX_TIMELINE = 36  # columns a timeline can draw: three years of months, 36 cycles


def _timeline_fits(checker: Checker, timeline: Timeline, at: FieldPath) -> bool:
    """Every bar starts and ends inside the timeline, and the timeline can be drawn."""
    if not 1 <= timeline.length <= MAX_TIMELINE:
        checker.error((*at, "length"), "CLLKB013",
                      f"timeline length {timeline.length} is outside 1–{MAX_TIMELINE}",
                      f"count the course in {timeline.unit}s; a longer one needs bigger units")
        return False
    for j, bar in enumerate(timeline.bars):
        if not 1 <= bar.start <= bar.end <= timeline.length:
            checker.error((*at, "bars", j), "CLLKB013",
                          f"bar '{bar.label}' runs {bar.start}–{bar.end}, outside "
                          f"1–{timeline.length}",
                          "start at 1 or later, end at the timeline's length or sooner, and "
                          "start before the end")
            return False
    return True
