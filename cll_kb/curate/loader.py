"""Load knowledge folders into a validated KnowledgeBase, or a list of what is wrong.

One pass reads every file (so a curator sees every problem at once, not the first), then checks
what spans files: duplicate ids, references, and the warnings that need the whole picture.
Later layers (a clinic's local folders) add entries or replace shipped ones by id.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import SCHEMA_VERSION, clock
from ..knowledge.kb import KnowledgeBase, is_overdue
from ..knowledge.layers import Layer
from ..knowledge.models import KIND_FOLDERS, AnyEntry, Drug, Source, Synonym, Term
from ..record import replace
from ..textcheck import markup
from . import pathway_checks as pathways_check
from .issues import Issue
from .readability import GRADE_CODE, GRADE_FIX, grade_level, grade_of_items, too_hard
from .schema import Checker, Ref, check_entry
from .yaml_reader import Document, read_document


@dataclass
class LoadResult:
    kb: KnowledgeBase | None
    issues: list[Issue] = field(default_factory=list)
    # What was read, by kind, whether or not everything loaded (`validate` reports it always).
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]


def display_path(path: Path) -> str:
    """Path as a curator would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


@dataclass
class _State:
    today: dt.date
    multi: bool
    issues: list[Issue] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    entries: dict[str, tuple[AnyEntry, Document]] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    synonyms: list[Synonym] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    glossary_reviewed: dt.date | None = None
    term_docs: dict[str, tuple[Document, int]] = field(default_factory=dict)
    entry_layer: dict[str, int] = field(default_factory=dict)
    # ids of files that did not pass, so references to them are not reported a second time
    stems: dict[str, str] = field(default_factory=dict)
    unchecked: set[str] = field(default_factory=set)  # "source", "term": their file failed
    layer_of: dict[str, str] = field(default_factory=dict)  # display path → layer name
    pathways: pathways_check.PathwayParts = field(default_factory=pathways_check.PathwayParts)
    docs: list[tuple[str, Document]] = field(default_factory=list)  # every file read, for warnings

    def read(self, path: Path, layer: Layer) -> Checker | None:
        """Parse a file; its reading problems are recorded, None if it is not YAML at all."""
        display = display_path(path)
        self.layer_of[display] = layer.name
        doc, found = read_document(path, display)
        self.add(found, layer)
        if doc is None:
            return None
        self.docs.append((display, doc))
        return Checker(doc, display, self.today)

    def add(self, found: list[Issue], layer: Layer) -> None:
        self.layer_of.update((i.path, layer.name) for i in found)
        self.issues.extend(found)

    def finish(self, checker: Checker, layer: Layer) -> None:
        self.add(checker.issues, layer)
        self.refs.extend(checker.refs)

    def result(self, kb: KnowledgeBase | None) -> LoadResult:
        """Issues sorted, each naming its layer when there is more than one (including those
        found across files: references and warnings)."""
        issues = [replace(i, layer=self.layer_of.get(i.path, "")) if self.multi else i
                  for i in self.issues]
        kinds = [e.kind for e, _ in self.entries.values()]
        counts = {"categories": kinds.count("category"), "drugs": kinds.count("drug"),
                  "topics": kinds.count("topic"), "glossary terms": len(self.terms),
                  "sources": len(self.sources), "synonyms": len(self.synonyms),
                  "local entries": sum(e.origin == "local" for e, _ in self.entries.values()),
                  "pathway rules": len(self.pathways.rules)}
        return LoadResult(kb, sorted(issues, key=lambda i: i.sort_key), counts)


def load(layers: Sequence[Layer] | Path, *, today: dt.date | None = None,
         warnings: bool = True) -> LoadResult:
    """Read and check every layer. The KB is returned only when there are no errors."""
    if isinstance(layers, Path):
        layers = [Layer(layers)]
    st = _State(today=today or clock.today(), multi=len(layers) > 1)
    for layer in layers:
        if not layer.root.is_dir():
            st.add([Issue.error(display_path(layer.root), 1, "CLLKB010",
                                "knowledge folder not found",
                                "check --kb, CLLKB_KNOWLEDGE or CLLKB_LOCAL_KNOWLEDGE")], layer)
            continue
        _load_layer(st, layer, index=layers.index(layer))
    _cross_checks(st)
    if st.issues or not st.meta:
        return st.result(None)
    kb = KnowledgeBase.build(
        (e for e, _ in st.entries.values()), st.terms.values(), st.sources.values(),
        synonyms=tuple(st.synonyms), glossary_reviewed=st.glossary_reviewed or st.today,
        pathways=st.pathways.build(), **st.meta,
    )
    if warnings:
        _warnings(st, kb)
    return st.result(kb)


def _load_layer(st: _State, layer: Layer, index: int) -> None:
    root, first = layer.root, index == 0
    manifest = root / "kb.yaml"
    if first:
        if not os.path.lexists(manifest):
            st.add([Issue.error(display_path(manifest), 1, "CLLKB014", "kb.yaml is missing",
                                f"create it with `schema_version: {SCHEMA_VERSION}`")], layer)
        else:
            _load_manifest(st, manifest, layer)
    for kind, folder in KIND_FOLDERS.items():
        for path in sorted((root / folder).glob("*.yaml")):
            st.stems.setdefault(path.stem, kind)
            checker = st.read(path, layer)
            if checker is None:
                continue
            entry = check_entry(checker, kind, path.stem)
            if entry is not None:
                old = st.entries.get(entry.id)
                # A later layer may replace an entry of the same kind; anything else is a clash.
                if old and (st.entry_layer[entry.id] == index or old[0].kind != kind):
                    checker.error(("id",), "CLLKB008",
                                 f"id '{entry.id}' is also used by {old[0].path}",
                                 "give one of them another id")
                elif not first:
                    entry = replace(entry, origin="local")
                if not checker.issues:
                    st.entries[entry.id] = (entry, checker.doc)
                    st.entry_layer[entry.id] = index
            st.finish(checker, layer)
    _load_glossary(st, root / "glossary.yaml", layer, first)
    _load_list(st, root / "sources.yaml", layer, first, "sources_file", "sources")
    _load_list(st, root / "synonyms.yaml", layer, first, "synonyms_file", "synonyms")
    _load_pathways(st, root / "pathways.yaml", layer)


def _load_pathways(st: _State, path: Path, layer: Layer) -> None:
    """Optional in every layer; a later layer's records replace earlier ones with the same id."""
    if not os.path.lexists(path):
        return
    checker = st.read(path, layer)
    values = checker.record(checker.doc.data, "pathways_file", ()) if checker else None
    if values is None:
        st.unchecked |= {"treatment", "marker"}
    elif checker is not None:
        for key in ("treatments", "markers", "rules"):
            _dedupe(checker, values[key], key)
        st.pathways.add(values, checker.display, checker.doc)
    if checker is not None:
        st.finish(checker, layer)


def _load_manifest(st: _State, path: Path, layer: Layer) -> None:
    checker = st.read(path, layer)
    if checker is None:
        return
    data = checker.doc.data
    if isinstance(data, dict) and data.get("schema_version") != SCHEMA_VERSION:
        found = data.get("schema_version")
        checker.error(("schema_version",), "CLLKB014",
                     f"schema_version {found!r} is not supported (this cllkb reads "
                     f"{SCHEMA_VERSION})", "update the knowledge or upgrade cllkb")
    else:
        values = checker.record(data, "manifest", ())
        if values is not None:
            values.pop("schema_version")
            st.meta = {"schema_version": SCHEMA_VERSION, **values}
    st.finish(checker, layer)


def _load_glossary(st: _State, path: Path, layer: Layer, first: bool) -> None:
    if not os.path.lexists(path):
        if first:
            st.add([Issue.error(display_path(path), 1, "CLLKB006", "glossary.yaml is missing",
                                "create it (see knowledge/README.md)")], layer)
        return
    checker = st.read(path, layer)
    values = checker.record(checker.doc.data, "glossary", ()) if checker else None
    if values is None:
        st.unchecked.add("term")
    if checker is None:
        return
    if values is not None:
        st.glossary_reviewed = max(filter(None, (st.glossary_reviewed, values["last_reviewed"])))
        _dedupe(checker, values["terms"], "terms")
        for i, term in enumerate(values["terms"]):
            st.terms[term.id] = term if first else replace(term, origin="local")
            st.term_docs[term.id] = (checker.doc, i)
    st.finish(checker, layer)


def _load_list(st: _State, path: Path, layer: Layer, first: bool, spec: str, key: str) -> None:
    if not os.path.lexists(path):
        if first:
            st.add([Issue.error(display_path(path), 1, "CLLKB006", f"{path.name} is missing",
                                "create it (see knowledge/README.md)")], layer)
        return
    checker = st.read(path, layer)
    values = checker.record(checker.doc.data, spec, ()) if checker else None
    if values is None and key == "sources":
        st.unchecked.add("source")
    if checker is None:
        return
    if values is not None:
        if key == "sources":
            _dedupe(checker, values[key], key)
        for i, item in enumerate(values[key]):
            if key == "sources":
                if not item.url and not item.doi:
                    checker.error((key, i), "CLLKB006", f"source '{item.id}' has no url or doi",
                                 "add `url:` or `doi:` so readers can find it")
                st.sources[item.id] = item
            else:
                st.synonyms.append(item)
    st.finish(checker, layer)


def _dedupe(checker: Checker, items: Sequence[Any], key: str) -> None:
    """The same id twice in one file is a mistake (a later layer may replace an earlier one)."""
    first_seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in first_seen:
            line = checker.doc.line((key, first_seen[item.id], "id"))
            checker.error((key, i, "id"), "CLLKB008",
                         f"id '{item.id}' is used twice (also line {line})",
                         "give one of them another id, or merge them")
        first_seen.setdefault(item.id, i)


def _cross_checks(st: _State) -> None:
    """References that must resolve once everything is read."""
    kinds = st.stems | {i: e.kind for i, (e, _) in st.entries.items()}
    pools = {
        "source": set(st.sources), "entry": set(kinds), "term": set(st.terms),
        "category": {i for i, k in kinds.items() if k == "category"},
        "drug": {i for i, k in kinds.items() if k == "drug"},
        "topic": {i for i, k in kinds.items() if k == "topic"},
        **pathways_check.ids(st.pathways),
    }
    where = {"source": "sources.yaml", "term": "glossary.yaml", "entry": "the knowledge",
             "category": "categories/", "drug": "drugs/", "topic": "topics/",
             "treatment": "`treatments` in pathways.yaml", "marker": "`markers` in pathways.yaml"}
    for ref in st.refs:
        if ref.value in pools[ref.target] or ref.target in st.unchecked:
            continue
        near = difflib.get_close_matches(ref.value, pools[ref.target], n=1, cutoff=0.8)
        hint = f"did you mean '{near[0]}'?" if near else f"add it to {where[ref.target]}"
        if ref.target not in ("treatment", "marker"):  # those are listed in the same file
            hint += " (`cllkb list` and `cllkb sources` show known ids)"
        st.issues.append(Issue.error(ref.display, ref.line, "CLLKB009",
                                     f"{ref.field}: unknown {ref.target} id '{ref.value}'", hint))
    for entry, doc in st.entries.values():
        cat = st.entries.get(entry.category, (None,))[0] if isinstance(entry, Drug) else None
        listed = getattr(cat, "drugs", ())
        if isinstance(entry, Drug) and cat is not None and entry.id not in listed:
            st.issues.append(Issue.error(
                entry.path, doc.line(("category",)), "CLLKB009",
                f"category '{cat.id}' does not list this drug in its `drugs`",
                f"add '{entry.id}' to {cat.path} or fix `category`"))
    st.issues.extend(pathways_check.check(st.pathways, {i: e for i, (e, _) in st.entries.items()}))


def _warnings(st: _State, kb: KnowledgeBase) -> None:
    drug_words = drug_name_words(kb)
    linked = {r for e in kb.entries.values() for r in (*e.related, *getattr(e, "drugs", ()))}
    linked |= {d.category for d in kb.drugs} | {r for t in kb.terms.values() for r in t.related}
    months = kb.review_interval_months
    for entry, doc in st.entries.values():
        warn = _warner(st, entry.path, doc)
        if is_overdue(entry.last_reviewed, st.today, months):
            warn(("last_reviewed",), "CLLKB101",
                 f"last reviewed {entry.last_reviewed}, more than {months} months ago",
                 "re-check the entry against its sources and update last_reviewed")
        if isinstance(entry, Drug) and not any(
                kb.sources[s].kind == "label" for s in entry.sources if s in kb.sources):
            warn(("sources",), "CLLKB102", "drug cites no FDA label",
                 f"add the prescribing information as `fda-{entry.id}` (kind: label)")
        if message := too_hard("summary", grade_level(entry.summary, drug_words)):
            warn(("summary",), GRADE_CODE, message, GRADE_FIX)
        for name in ("key_points", "call_care_team_if"):
            items = getattr(entry, name)
            if items and (message := too_hard(name, grade_of_items(items, drug_words))):
                # Name the item that reads hardest, at its line: that is the one to rewrite.
                grades = [grade_level(i, drug_words) for i in items]
                worst = grades.index(max(grades))
                warn((name, worst), GRADE_CODE,
                     f"{message}; hardest: {name}[{worst}] (grade {grades[worst]:.1f})",
                     GRADE_FIX)
        if entry.id not in linked:
            warn(("id",), "CLLKB104", "no other entry links to this one",
                 "add its id to `related` of an entry on the same subject")
        for at, name in _names_with_lines(entry):
            found = kb.find(name, entry.kind)  # never raises: the name is the entry's own
            if found.id != entry.id:
                warn(at, "CLLKB106", f"'{name}' also names the {found.kind} '{found.id}', which "
                     f"`cllkb {entry.kind} {name}` shows instead",
                     "keep the name on the entry that answers it best and drop it from the other")
    _markup_warnings(st)

    def warn_at(path: str, line: int, code: str, message: str, fix: str) -> None:
        st.issues.append(Issue.warning(path, line, code, message, fix))

    pathways_check.warnings(st.pathways, drug_words, st.today, months, warn_at)
    for term_id, (doc, i) in st.term_docs.items():
        grade = grade_level(kb.terms[term_id].definition, drug_words)
        if message := too_hard(f"definition of '{term_id}'", grade):
            _warner(st, display_path(doc.path), doc)(("terms", i, "definition"), GRADE_CODE,
                                                     message, GRADE_FIX)


LINKS = {"url", "doi"}  # fields that are addresses, not text a reader reads


def _markup_warnings(st: _State) -> None:
    """CLLKB105: HTML or Markdown pasted into curated text. It is drawn as written — "<b>"
    shows as "<b>" — which is seldom what the curator meant."""
    def walk(value: object, at: tuple) -> Iterator[tuple[tuple, str]]:
        if isinstance(value, str):
            yield at, value
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, (*at, i))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in LINKS:
                    yield from walk(item, (*at, str(key)))

    for display, doc in st.docs:
        for at, text in walk(doc.data, ()):
            if found := markup(text):
                st.issues.append(Issue.warning(
                    display, doc.line(at), "CLLKB105", f"text holds markup: {found!r}",
                    "write plain text: it is shown as written, never as HTML or Markdown"))


def drug_name_words(kb: KnowledgeBase) -> set[str]:
    """Words the grade check skips: drug names and brands, not multi-word phrases in `aka`.

    ("CAR T cell therapy" is prose a reader must get through; "Venclexta" is a name.)
    """
    names = [n for d in kb.drugs for n in (d.id, d.generic_name, *d.brands)]
    names += [a for d in kb.drugs for a in d.aka if " " not in a.strip()]
    return {w for n in names for w in n.replace("-", " ").replace("/", " ").lower().split()}


def _names_with_lines(entry: AnyEntry) -> Iterator[tuple[tuple, str]]:
    """The names a person may type for an entry, each with where it is written."""
    yield ("title",), entry.title
    if isinstance(entry, Drug):
        yield ("generic_name",), entry.generic_name
        yield from ((("brands", i), b) for i, b in enumerate(entry.brands))
    yield from ((("aka", i), a) for i, a in enumerate(entry.aka))


def _warner(st: _State, display: str, doc: Document):
    def warn(at: tuple, code: str, message: str, fix: str) -> None:
        st.issues.append(Issue.warning(display, doc.line(at), code, message, fix))
    return warn
