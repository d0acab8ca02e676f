"""Where handouts go: file names, the checks before writing, and atomic writes.

Everything that can fail is checked before the first byte is written (folder missing or not
writable, file already there without --force), so an export either writes every file it
promised or none; each file is written to a temp file and renamed into place.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..config.clinic import DEFAULT_CALL, Clinic, call_line
from ..errors import ExportError, UsageError
from ..fs.atomic import write_files
from ..knowledge.kb import KnowledgeBase
from ..knowledge.models import KINDS, AnyEntry
from ..page import Page, build_page
from ..record import Record, replace
from . import FORMATS
from .fit import fit
from .handout import BASIC_PAGES, DETAILED_PAGES, Handout, Index, IndexItem

if TYPE_CHECKING:
    from ..options.view import OptionsView
    from ..search.answer import Answer

SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
EXTENSION = {"pdf": ".pdf", "html": ".html", "md": ".md"}


class Style(Record, kw_only=False):
    """How every handout of one export looks: format, paper, depth, type size, the clinic."""

    fmt: str = "pdf"
    paper: str | None = None  # None: letter for a PDF; an HTML page for a screen (no pages)
    detailed: bool = False
    large_print: bool = False
    call_line: str = DEFAULT_CALL
    clinic: tuple[str, ...] = ()
    phone_known: bool = False
    website: str = ""

    @classmethod
    def of(cls, fmt: str, paper: str | None, detailed: bool, large_print: bool,
           clinic: Clinic | None) -> Style:
        """The style of one export, with what the clinic's details put on every handout."""
        return cls(fmt=fmt, paper=paper, detailed=detailed, large_print=large_print,
                   call_line=call_line(clinic), clinic=clinic.contact_lines() if clinic else (),
                   phone_known=bool(clinic and clinic.phone.strip()),
                   website=clinic.website.strip() if clinic else "")

    @property
    def printed(self) -> bool:
        """Whether the handout has pages: a PDF always, HTML when given --paper, Markdown never."""
        return self.fmt == "pdf" or (self.fmt == "html" and self.paper is not None)

    def handout(self, pages: Sequence[Page]) -> Handout:
        """A handout whose every page, if it is printed, is shrunk to its page limit (measured
        on the PDF layout); without pages nothing is left out."""
        from .pdf import exact_page_count, page_count

        paper = self.paper or ("letter" if self.fmt == "pdf" else None)
        base = Handout(pages=(), paper=paper, call_line=self.call_line, clinic=self.clinic,
                       phone_known=self.phone_known, website=self.website,
                       large_print=self.large_print)
        if not self.printed:
            return replace(base, pages=tuple(pages))
        limit = DETAILED_PAGES if self.detailed else BASIC_PAGES
        return replace(base, pages=tuple(fit(base, p, limit, (page_count, exact_page_count))
                                     for p in pages))


class Target(Record, kw_only=False):
    """Where an export goes: a file, a folder (one file per handout), or standard output."""

    fmt: str
    file: Path | None = None  # None with no folder and no stdout: ID.<ext> here
    folder: Path | None = None  # created if missing (parents too) when the files are written
    stdout: bool = False


def target_for(output: str | None, fmt: str | None, every: bool = False) -> Target:
    """--output and --format → where and how: `DIR/` (or an existing folder, or --all) is a
    folder; `-` is standard output; a file's suffix names its format unless --format does."""
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"--format must be pdf, html or md, not '{fmt}'")
    if every and output in (None, "-"):
        raise UsageError("--all needs --output DIR, the folder to write the handouts into")
    if output == "-":
        return Target(fmt or "pdf", stdout=True)
    if output is None:
        return Target(fmt or "pdf")
    path = Path(output)
    if every or output.endswith(("/", os.sep)) or path.is_dir():
        return Target(fmt or "pdf", folder=path)
    suffix = path.suffix.lower()
    named = SUFFIXES.get(suffix)
    if fmt is None and named is None:
        raise UsageError(f"cannot tell the format from '{path.name}': name it .pdf, .html or "
                         ".md, or give --format pdf|html|md")
    if fmt is not None and named is not None and named != fmt:
        raise UsageError(f"'{path.name}' is named as {named}, but --format says {fmt}")
    return Target(fmt or named or "pdf", file=path)


def render(handout: Handout, fmt: str) -> bytes:
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(handout)
    from .html import render_html
    from .markdown import render_markdown

    return (render_html if fmt == "html" else render_markdown)(handout).encode("utf-8")


def render_index(index: Index, fmt: str) -> bytes:
    if fmt == "pdf":
        from .pdf import render_index_pdf

        return render_index_pdf(index)
    from .html import render_index_html
    from .markdown import render_index_markdown

    return (render_index_html if fmt == "html" else render_index_markdown)(index).encode("utf-8")


def check_target(path: Path, force: bool) -> None:
    """Refuse, with one line, anything that would fail half-way or lose a file."""
    folder = path.parent
    if not folder.exists():
        raise ExportError(f"cannot write {path}: folder {folder} does not exist")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: {folder} is not a folder")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    if os.path.lexists(path) and not force:  # a symlink, even a dangling one, is a file here
        raise ExportError(f"{path} already exists; use --force to replace it")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {path}: folder {folder} is not writable")


def write_all(files: Sequence[tuple[Path, bytes]], force: bool,
              folder: Path | None = None) -> list[Path]:
    """Every file or none: checked first, then written in full beside the targets, then
    renamed into place (atomic.write_files), so a full disk half-way leaves nothing behind.
    A `folder` that does not exist yet is made first (parents too) and taken away again if the
    files cannot all be written."""
    from ..fs.files import reason

    made: list[Path] = []
    if folder is not None and not folder.exists():
        for parent in reversed([folder, *folder.parents]):
            if not parent.exists():
                try:
                    parent.mkdir()
                except OSError as exc:
                    _unmake(made)
                    raise ExportError(f"cannot make the folder {parent}: {reason(exc)}") from None
                made.append(parent)
    try:
        for path, _ in files:
            check_target(path, force)
        write_files(files)
    except ExportError:
        _unmake(made)
        raise
    except OSError as exc:
        _unmake(made)
        where = folder or (files[0][0].parent if files else Path())
        raise ExportError(f"cannot write to {where}: {reason(exc)}; nothing was written") from None
    return [path for path, _ in files]


def _unmake(folders: list[Path]) -> None:
    """Take away folders this export made (deepest first), if they are still empty."""
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            return


def entry_files(kb: KnowledgeBase, entries: Sequence[AnyEntry], style: Style,
                target: Target) -> list[tuple[Path, bytes]]:
    """One file holding every entry, or one file per entry into a folder."""
    ext = EXTENSION[style.fmt]
    pages = [build_page(kb, e, style.detailed) for e in entries]
    if target.folder is not None:
        return [(target.folder / f"{p.id}{ext}", render(style.handout([p]), style.fmt))
                for p in pages]
    name = entries[0].id if len(entries) == 1 else "cllkb-handout"
    return [(target.file or Path(f"{name}{ext}"), render(style.handout(pages), style.fmt))]


def _one_file(target: Target, name: str, style: Style, page: Page) -> list[tuple[Path, bytes]]:
    path = (target.folder / f"{name}{EXTENSION[style.fmt]}" if target.folder is not None
            else target.file or Path(f"{name}{EXTENSION[style.fmt]}"))
    return [(path, render(style.handout([page]), style.fmt))]


def answer_files(kb: KnowledgeBase, answer: Answer, style: Style,
                 target: Target) -> list[tuple[Path, bytes]]:
    """`--ask`: a handout of what `cllkb ask` shows — the options view for a question about a
    situation, else the answer's page — or an error saying there is no good answer."""
    from ..page import answer_page, options_page

    if answer.options is not None and answer.options.matched:
        page = options_page(kb, answer.options)
    else:
        found = answer_page(kb, answer, style.detailed)
        if found is None:
            raise ExportError(f"no handout written: {answer.notice or 'cllkb has no good answer'}")
        page = found
    return _one_file(target, "answer", style, page)


def options_files(kb: KnowledgeBase, view: OptionsView, style: Style,
                  target: Target) -> list[tuple[Path, bytes]]:
    """`--options`: a handout of `cllkb options` for a situation a curated rule speaks for."""
    from ..page import options_page

    page = options_page(kb, view)
    if not view.matched:
        raise ExportError(f"no handout written: {view.notice} See `{page.command}`.")
    return _one_file(target, page.id, style, page)


def all_files(kb: KnowledgeBase, style: Style, folder: Path,
              progress: Callable[[int, int], None] | None = None) -> list[tuple[Path, bytes]]:
    """`--all`: a handout per entry and an index page that links them."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"cannot write to {folder}: it is not a folder (--all needs a folder)")
    ext = EXTENSION[style.fmt]
    entries = sorted(kb.entries.values(), key=lambda e: (KINDS.index(e.kind), e.title.lower()))
    bodies = _lay_out_all(kb, style, [e.id for e in entries], progress)
    files = [(folder / f"{e.id}{ext}", body) for e, body in zip(entries, bodies, strict=True)]
    from ..page import KIND_LABEL

    index = Index(items=tuple(IndexItem(KIND_LABEL[e.kind], e.title, e.summary, f"{e.id}{ext}")
                              for e in entries),
                  disclaimer=kb.disclaimer, made=kb.newest_review, paper=style.paper or "letter")
    return [*files, (folder / f"index{ext}", render_index(index, style.fmt))]


_JOB: dict[str, tuple[KnowledgeBase, Style]] = {}  # set in the parent; forked workers inherit it


def _watch_parent(parent: int) -> None:
    """In a worker: exit as soon as the parent is gone (killed with SIGKILL it cannot tell us),
    instead of living on with a copy of the knowledge and a half-laid-out handout."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="cllkb-parent-watch", daemon=True).start()


def _one(entry_id: str) -> bytes:
    kb, style = _JOB["all"]
    return render(style.handout([build_page(kb, kb.entries[entry_id], style.detailed)]), style.fmt)


def _lay_out_all(kb: KnowledgeBase, style: Style, ids: list[str],
                 progress: Callable[[int, int], None] | None) -> list[bytes]:
    """Every handout's bytes, in order; laid out on every core where processes can fork.

    Fitting a handout to its pages means drawing it a few times, so
    `--all` spreads the entries over the cores. Forked workers inherit the knowledge base.
    """
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from contextlib import nullcontext

    _JOB["all"] = (kb, style)
    workers = min(os.cpu_count() or 1, len(ids))
    parallel = workers > 1 and len(ids) >= 4 and "fork" in mp.get_all_start_methods()
    try:
        with (ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"),
                                  initializer=_watch_parent, initargs=(os.getpid(),))
              if parallel else nullcontext()) as pool:
            out = []
            for body in (pool.map(_one, ids) if pool else map(_one, ids)):
                out.append(body)
                if progress:
                    progress(len(out), len(ids))
            return out
    finally:
        _JOB.clear()
