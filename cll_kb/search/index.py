"""Build the Whoosh index of the knowledge, keep it in the user's cache, and open it.

One document per entry and per glossary term, with fields weighted by what they say about the
page (`weights.py`). The index lives in the cache folder under a name keyed by the KB
fingerprint (which already covers the schema and package versions) and the index layout, so a
stale index is never opened: a new one is built beside it. Builds happen in a private temporary
folder that is renamed into place; when several processes race on an empty cache, the first
rename wins and the others use it. A damaged index (truncated or deleted files) is moved aside
and rebuilt. Whoosh's table of contents is a pickle, so an index folder is opened only when it
and every file in it are the user's own (`fs/cachedir.py`); otherwise, or if the cache cannot be
written at all, the index is built in memory for this run.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..curate.store import DIGEST
from ..knowledge.kb import KnowledgeBase
from ..knowledge.models import AnyEntry, Category, Drug
from .analysis import analyzer, name_analyzer, normalize, terms
from .weights import FIELD_BOOSTS, TERM_BOOST

INDEX_LAYOUT = 8  # bump when fields, analysis, boosts or the files of the index change
KEEP_INDEXES = 8  # the newest; older ones were built from knowledge since edited
# What index_key makes, and so the only names pruning may delete.
NAME = re.compile(rf"index-[0-9a-f]{{{2 * DIGEST}}}-l\d+-w[\d.]+")
TEXT_FIELDS = tuple(FIELD_BOOSTS)
# Postings the writer buffers before it spills a sorted run to disk. Whoosh's default (128 MB)
# is more than the whole 10,000-entry bench needs at once; `make bench` reports peak memory.
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
    """Every name, normalized; one-word names also by their stem, so "fludarabin" links.

    A name with no letter left ("+12" for trisomy 12 normalizes to "12") names nothing: every
    "12 months" or "12 cycles" would name it.
    """
    out = {n for n in (normalize(n) for n in names) if any(c.isalpha() for c in n)}
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


class OpenIndex:
    """An open Whoosh index and where it came from ("cache", "built", "memory")."""

    __slots__ = ("index", "origin", "path", "why")

    def __init__(self, index: Any, origin: str, path: Path | None = None, why: str = "") -> None:
        self.index = index
        self.origin = origin
        self.path = path
        self.why = why  # for "memory": why the cache was not used, in a few words


def index_key(kb: KnowledgeBase) -> str:
    from whoosh import versionstring

    return f"index-{kb.fingerprint or 'nofp'}-l{INDEX_LAYOUT}-w{versionstring()}"


def open_index(kb: KnowledgeBase, cache: Path | None, rebuild: bool = False,
               progress: Progress | None = None) -> OpenIndex:
    """The current index for `kb`: from the cache, freshly built into it, or in memory."""
    from ..fs.cachedir import prune, remove, sweep
    from ..fs.files import reason

    if cache is None:
        return OpenIndex(_build_in_memory(kb, progress), "memory", why="no cache folder")
    final = cache / index_key(kb)
    sweep(cache)  # here, not only before a build: once an index exists no build comes again
    if not rebuild:
        valid = _open_valid(final, kb)
        if valid is not None:
            return OpenIndex(valid, "cache", final)
    if os.path.lexists(final) and not remove(final):  # damaged, or --rebuild
        return OpenIndex(_build_in_memory(kb, progress), "memory",
                         why=f"cannot replace {final.name}")
    try:
        _build_on_disk(kb, final, progress)
    except OSError as exc:
        return OpenIndex(_build_in_memory(kb, progress), "memory", why=reason(exc))
    valid = _open_valid(final, kb)
    if valid is None:  # someone else's build won the race and was then damaged, or disk trouble
        return OpenIndex(_build_in_memory(kb, progress), "memory", why="the new index is damaged")
    prune(cache, NAME, KEEP_INDEXES, spare=final)
    return OpenIndex(valid, "built", final)


def _open_valid(path: Path, kb: KnowledgeBase) -> Any:
    """The index only if it is complete, matches the KB and is wholly the user's own.

    Complete means the folder is there (it is renamed into place only when finished), Whoosh
    opens it, and it holds a document for every entry and term with the fields of this schema.
    """
    from ..fs.files import owned_tree

    if not os.path.isdir(path) or owned_tree(path):
        return None  # missing, or not wholly the user's own: never unpickled
    try:
        from whoosh.filedb.filestore import FileStorage

        ix = FileStorage(str(path), readonly=True).open_index()
        if ix.doc_count_all() != len(kb.entries) + len(kb.terms) or \
                set(ix.schema.names()) != set(schema().names()):
            return None
        with ix.searcher() as searcher:  # reads every segment's files once: damage shows here
            list(searcher.reader().all_stored_fields())
    except Exception:  # noqa: BLE001 - any failure to read means "not a usable index"
        return None
    return ix


def _fill(writer: Any, kb: KnowledgeBase, progress: Progress | None) -> None:
    total = len(kb.entries) + len(kb.terms)
    for i, doc in enumerate(documents(kb), 1):  # one at a time: 10,000 entries' text is big
        writer.add_document(**doc)
        if progress:
            progress(i, total)


def _whoosh_index(storage: Any, kb: KnowledgeBase, progress: Progress | None) -> Any:
    ix = storage.create_index(schema())
    writer = ix.writer(limitmb=WRITER_MB)
    _fill(writer, kb, progress)
    writer.commit()
    return ix


def _build_in_memory(kb: KnowledgeBase, progress: Progress | None) -> Any:
    from whoosh.filedb.filestore import RamStorage

    return _whoosh_index(RamStorage(), kb, progress)


def _build_on_disk(kb: KnowledgeBase, final: Path, progress: Progress | None) -> None:
    """Whoosh writes its index into a private temp folder, which is renamed into place."""
    from whoosh.filedb.filestore import FileStorage

    tmp = final.parent / f".{final.name}.tmp-{os.getpid()}-{time.monotonic_ns()}"
    os.mkdir(tmp, 0o700)
    try:
        _whoosh_index(FileStorage(str(tmp)), kb, progress).close()
        for entry in os.scandir(tmp):  # private whatever the umask: the index holds pickles
            os.chmod(entry.path, 0o600)
        try:
            os.rename(tmp, final)  # atomic; fails if another process already put one there
        except OSError:
            if not final.is_dir():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
