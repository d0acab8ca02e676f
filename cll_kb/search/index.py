"""Build the index of the knowledge with Whoosh, store what ranking reads, and open it.

Whoosh analyses and weighs the documents; what ranking then needs of its index (postings,
statistics, field lengths, stored ids: `postings.py`) is exported into one file, which is all
the index folder keeps and all a question opens, without importing Whoosh's reader.

The index lives in the cache dir under a name keyed by the KB fingerprint (which already covers
the schema and package versions) and the index layout version, so a stale index is never opened:
a new one is built beside it. Builds happen in a temporary folder that is renamed into place;
when several processes race on an empty cache, the first rename wins and the others use it.
A damaged index (truncated or deleted files) is moved aside and rebuilt. If the cache cannot be
written at all, the index is built in memory for this run. An index folder is opened only when
it and every file in it are the user's own (`cachedir.py` says why).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..knowledge.kb import KnowledgeBase
from ..knowledge.models import AnyEntry, Category, Drug
from .analysis import analyzer, name_analyzer, normalize, terms
from .postings import POSTINGS_FILE, Postings
from .vocab import Vocabulary

INDEX_LAYOUT = 6  # bump when fields, analysis or the files of the index change
KEEP_INDEXES = 8  # the newest; older ones were built from knowledge since edited
NAME = re.compile(r"index-[0-9a-f]{24}-l\d+-w[\d.]+")  # what index_key makes: pruning's only prey
TERM_BOOST = 0.3  # glossary terms answer "what is X" but should not outrank the explainer
FIELD_BOOSTS = {"title": 4.0, "aka": 3.5, "summary": 2.0, "points": 1.6, "body": 1.0}
TEXT_FIELDS = tuple(FIELD_BOOSTS)
INDEXED_FIELDS = ("spell", "names", *TEXT_FIELDS)  # the exported ones: all but id and kind
# Postings buffered before the writer spills a sorted run to disk. Whoosh's default, 128 MB,
# took a 10,000-entry build to 290 MB peak; at 16 the whole 10k run peaks near 175 MB and
# builds as fast (`make bench`).
WRITER_MB = 16
EXPORT_COPY_MB = 8  # the largest Whoosh segment read through an in-memory copy for the export
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


class OpenIndex:
    """An open index and where it came from ("cache", "built", "memory").

    A plain class: a dataclass costs a cold `cllkb ask` ~0.7 ms to define (record.py).
    """

    __slots__ = ("_vocab", "origin", "path", "postings", "why")

    def __init__(self, postings: Postings, origin: str, path: Path | None = None,
                 why: str = "") -> None:
        self.postings = postings
        self.origin = origin
        self.path = path
        self.why = why  # for "memory": why the cache was not used, in a few words
        self._vocab: Vocabulary | None = None

    @property
    def vocabulary(self) -> Vocabulary:
        """The words of each field, as sets to test words against (made on the first question)."""
        if self._vocab is None:
            p = self.postings
            self._vocab = Vocabulary({f: p.words(f) for f in INDEXED_FIELDS})
        return self._vocab


def index_key(kb: KnowledgeBase) -> str:
    from whoosh import versionstring

    return f"index-{kb.fingerprint or 'nofp'}-l{INDEX_LAYOUT}-w{versionstring()}"


def open_index(kb: KnowledgeBase, cache: Path | None, rebuild: bool = False,
               progress: Progress | None = None) -> OpenIndex:
    """The current index for `kb`: from the cache, freshly built into it, or in memory."""
    from ..fs.cachedir import prune, reason, remove, sweep

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


def _open_valid(path: Path, kb: KnowledgeBase) -> Postings | None:
    """The postings only if the index is complete and matches the KB; anything else is None.

    Complete means the folder is there (it is renamed into place only when finished) and its
    one file loads whole, with a document for every entry and term.
    """
    from ..fs.files import owned_tree

    if not os.path.isdir(path) or owned_tree(path):
        return None  # missing, or not wholly the user's own: never unpickled
    try:
        postings = Postings.load(path / POSTINGS_FILE)
    except Exception:  # noqa: BLE001 - any failure to read means "not a usable index"
        return None
    expected = len(kb.entries) + len(kb.terms)
    if postings.doc_count != expected or set(postings.fields) != set(INDEXED_FIELDS):
        return None
    return postings


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


def _export(ix: Any) -> Postings:
    with ix.reader() as reader:
        return Postings.of_reader(reader, INDEXED_FIELDS)


def _build_in_memory(kb: KnowledgeBase, progress: Progress | None) -> Postings:
    from whoosh.filedb.filestore import RamStorage

    return _export(_whoosh_index(RamStorage(), kb, progress))


def _build_on_disk(kb: KnowledgeBase, final: Path, progress: Progress | None) -> None:
    """Whoosh writes its index into a scratch folder (a 10,000-entry build spills to disk);
    the export is written beside it, and only the export is kept."""
    from whoosh.filedb.filestore import FileStorage

    tmp = final.parent / f".{final.name}.tmp-{os.getpid()}-{time.monotonic_ns()}"
    scratch = tmp / "whoosh"
    os.mkdir(tmp, 0o700)
    scratch.mkdir()
    try:
        _whoosh_index(FileStorage(str(scratch), supports_mmap=False), kb, progress).close()
        # With mmap on, Whoosh reads a segment through an in-memory copy of it: the export of
        # the shipped knowledge (~1 MB) takes half the time, but at 10,000 entries the copy
        # (~25 MB) would raise the build's peak memory by as much.
        copy = sum(p.stat().st_size for p in scratch.iterdir()) <= EXPORT_COPY_MB * 1024 * 1024
        built = FileStorage(str(scratch), supports_mmap=copy).open_index()
        _export(built).save(tmp / POSTINGS_FILE)
        shutil.rmtree(scratch)
        try:
            os.rename(tmp, final)  # atomic; fails if another process already put one there
        except OSError:
            if not final.is_dir():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
