"""Build, store and open the Whoosh index of the knowledge.

The index lives in the cache dir under a name keyed by the KB fingerprint (which already covers
the schema and package versions) and the index layout version, so a stale index is never opened:
a new one is built beside it. Builds happen in a temporary folder that is renamed into place;
when several processes race on an empty cache, the first rename wins and the others use it.
A damaged index (truncated or deleted files) is moved aside and rebuilt. If the cache cannot be
written at all, the index is built in memory for this run.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..kb import KnowledgeBase
from ..models import AnyEntry, Category, Drug
from .analysis import analyzer, name_analyzer, normalize, terms
from .searcher import open_searcher
from .vocab import VOCAB_FILE, Vocabulary

INDEX_LAYOUT = 5  # bump when fields, analysis or the files beside the index change
MARKER = "cllkb-index.json"
KEEP_INDEXES = 8  # the newest; older ones were built from knowledge since edited
SWEEP_AFTER = 600.0  # seconds: a temp folder older than this belongs to a process that died
TERM_BOOST = 0.3  # glossary terms answer "what is X" but should not outrank the explainer
FIELD_BOOSTS = {"title": 4.0, "aka": 3.5, "summary": 2.0, "points": 1.6, "body": 1.0}
TEXT_FIELDS = tuple(FIELD_BOOSTS)
VOCAB_FIELDS = ("spell", "names", *TEXT_FIELDS)
# Postings buffered before the writer spills a sorted run to disk. Whoosh's default, 128 MB,
# took a 10,000-entry build to 290 MB peak; at 16 the whole 10k run peaks near 175 MB and
# builds as fast (`make bench`).
WRITER_MB = 16
Progress = Callable[[int, int], None]


def schema():
    from whoosh.fields import ID, KEYWORD, TEXT, Schema

    a = analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        names=KEYWORD(commas=True, lowercase=True, scorable=True),
        spell=TEXT(analyzer=name_analyzer(), spelling=True),
        **{f: TEXT(analyzer=a, field_boost=b) for f, b in FIELD_BOOSTS.items()},
    )


def join_text(*parts: Any) -> str:
    out: list[str] = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
        elif isinstance(p, tuple | list):
            out.extend(join_text(x) for x in p)
    return "\n".join(x for x in out if x)


def documents(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    """One document per entry and per glossary term, with fields weighted by what they are."""
    for e in kb.entries.values():
        yield _entry_doc(e)
    for t in kb.terms.values():
        yield {
            "id": f"term:{t.id}", "kind": "term", "title": t.term, "aka": join_text(t.aka),
            "summary": t.definition, "points": "", "body": "",
            "names": _names_field(t.names),
            "spell": join_text(t.term, t.aka), "_boost": TERM_BOOST,
        }  # fmt: skip


def _names_field(names: tuple[str, ...]) -> str:
    """Every name, normalized; one-word names also by their stem, so "fludarabin" links."""
    out = {normalize(n) for n in names} - {""}
    out |= {stem for n in out if " " not in n for stem in terms(n)}
    return ",".join(sorted(out))


def _entry_doc(e: AnyEntry) -> dict[str, Any]:
    names = e.names
    body: list[Any] = [[f"{s.heading}\n{s.body}" for s in e.sections], e.call_care_team_if]
    if isinstance(e, Drug):
        body += [e.how_it_works, e.when_used, e.how_taken, e.missed_dose, e.side_effects,
                 e.interactions, e.monitoring, [f"{x.study} {x.result}" for x in e.evidence],
                 [a.indication for a in e.approvals]]
    elif isinstance(e, Category):
        body += [e.how_it_works, e.when_used, e.cautions,
                 [f"{x.study} {x.result}" for x in e.evidence]]
    return {
        "id": e.id, "kind": e.kind, "title": e.title, "aka": join_text(names[2:]),
        "summary": e.summary, "points": join_text(e.key_points, [s.heading for s in e.sections]),
        "body": join_text(body),
        "names": _names_field(names),
        "spell": join_text(names),
    }


@dataclass
class OpenIndex:
    """An open index and where it came from ("cache", "built", "memory")."""

    ix: Any
    origin: str
    path: Path | None = None
    _searcher: Any = field(default=None, repr=False)
    _vocab: Vocabulary | None = field(default=None, repr=False)

    def searcher(self) -> Any:
        """The searcher that checked the index, the first time; a new one after that."""
        s, self._searcher = self._searcher, None
        return s if s is not None else open_searcher(self.ix)

    def vocabulary(self, reader: Any) -> Vocabulary:
        """The words of each field: saved beside the index, else read from `reader` once."""
        if self._vocab is None:
            saved = Vocabulary.load(self.path / VOCAB_FILE, VOCAB_FIELDS) if self.path else None
            self._vocab = saved or Vocabulary.of_reader(reader, VOCAB_FIELDS)
        return self._vocab


def index_key(kb: KnowledgeBase) -> str:
    from whoosh import versionstring

    return f"index-{kb.fingerprint or 'nofp'}-l{INDEX_LAYOUT}-w{versionstring()}"


def open_index(kb: KnowledgeBase, cache: Path | None, rebuild: bool = False,
               progress: Progress | None = None) -> OpenIndex:
    """The current index for `kb`: from the cache, freshly built into it, or in memory."""
    if cache is None:
        return OpenIndex(_build_in_memory(kb, progress), "memory")
    final = cache / index_key(kb)
    _sweep(cache)  # here, not only before a build: once an index exists no build comes again
    if rebuild:
        _discard(final)
    if not rebuild:
        valid = _open_valid(final, kb)
        if valid is not None:
            return OpenIndex(valid[0], "cache", final, valid[1])
        if final.exists():
            _discard(final)  # damaged: move it aside so the rename below can land
    try:
        _build_on_disk(kb, final, progress)
    except OSError:
        return OpenIndex(_build_in_memory(kb, progress), "memory")
    valid = _open_valid(final, kb)
    if valid is None:  # someone else's build won the race and was then damaged, or disk trouble
        return OpenIndex(_build_in_memory(kb, progress), "memory")
    from ..atomic import prune

    prune(cache, "index-*", KEEP_INDEXES, spare=final)
    return OpenIndex(valid[0], "built", final, valid[1])


def _storage(path: Path, in_memory_reads: bool) -> Any:
    """Whoosh's file storage. With mmap on (its default) a reader of our one compound segment
    file copies the postings into memory (BufferFile → BytesIO): 24 MB at 10,000 entries, and
    searching is a third faster for it, so the searcher keeps that. The builder only writes
    and lists the words; plain reads spare it a second copy at its peak."""
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(path), supports_mmap=in_memory_reads)


def _open_valid(path: Path, kb: KnowledgeBase) -> tuple[Any, Any] | None:
    """(index, searcher) only if it is complete and matches the KB; anything else is None.

    The searcher that checked it is handed on, still open: opening a second one costs a cold
    `cllkb ask` a few milliseconds more.
    """
    s = None
    try:
        marker = json.loads((path / MARKER).read_text())
        ix = _storage(path, in_memory_reads=True).open_index()
        expected = len(kb.entries) + len(kb.terms)
        s = open_searcher(ix)
        reader = s.reader()
        if marker.get("docs") != expected or reader.doc_count() != expected:
            s.close()
            return None
        # Touch every segment's files: a truncated or deleted posting file fails here.
        for field in ("title", "body", "spell"):
            next(iter(reader.lexicon(field)), None)
        first = next(iter(kb.entries), None)
        if first is not None:  # its postings and stored fields (it is a document of the index)
            for doc in reader.postings("id", first).all_ids():
                reader.stored_fields(doc)
        return ix, s
    except Exception:  # noqa: BLE001 - any failure to read means "not a usable index"
        if s is not None:
            with suppress(Exception):  # a damaged index may not even close cleanly
                s.close()
        return None


def _fill(writer: Any, kb: KnowledgeBase, progress: Progress | None) -> None:
    total = len(kb.entries) + len(kb.terms)
    for i, doc in enumerate(documents(kb), 1):  # one at a time: 10,000 entries' text is big
        writer.add_document(**doc)
        if progress:
            progress(i, total)


def _build_in_memory(kb: KnowledgeBase, progress: Progress | None) -> Any:
    from whoosh.filedb.filestore import RamStorage

    ix = RamStorage().create_index(schema())
    writer = ix.writer(limitmb=WRITER_MB)
    _fill(writer, kb, progress)
    writer.commit()
    return ix


def _build_on_disk(kb: KnowledgeBase, final: Path, progress: Progress | None) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".{final.name}.tmp-{os.getpid()}-{time.monotonic_ns()}"
    tmp.mkdir()
    try:
        ix = _storage(tmp, in_memory_reads=False).create_index(schema())
        writer = ix.writer(limitmb=WRITER_MB)
        _fill(writer, kb, progress)
        writer.commit()
        with ix.reader() as reader:
            Vocabulary.of_reader(reader, VOCAB_FIELDS).save(tmp / VOCAB_FILE)
        ix.close()
        marker = {"docs": len(kb.entries) + len(kb.terms), "key": final.name}
        (tmp / MARKER).write_text(json.dumps(marker))
        try:
            os.rename(tmp, final)  # atomic; fails if another process already put one there
        except OSError:
            if not final.is_dir():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _discard(path: Path) -> None:
    """A bad index goes the way old ones do: renamed aside, then deleted."""
    if path.exists():
        from ..atomic import remove_dir

        remove_dir(path)


def _sweep(cache: Path, older_than: float = SWEEP_AFTER) -> None:
    """Remove leftovers of interrupted work: a killed builder's temp folder, a half-deleted
    index moved aside, a half-written compiled cache (atomic.py's `.<name>.<random>.tmp`).

    Only old ones: a young one may belong to a process that is still at work.
    """
    now = time.time()
    try:
        found = list(cache.glob(".*"))
    except OSError:
        return
    for p in found:
        name = p.name
        leftover = ((name.startswith(".index-") and ".tmp-" in name)
                    or name.startswith(".trash-index-")
                    or (name.startswith(".kb-") and name.endswith(".tmp")))
        try:
            if not leftover or now - p.lstat().st_mtime <= older_than:
                continue
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink()
        except OSError:
            pass  # gone already (another process swept it), or not ours to remove
