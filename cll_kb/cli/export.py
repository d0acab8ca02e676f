"""`cllkb export`: printable handouts of entries, of an answer, of a situation, or of everything."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import typer

from ..export import PAPERS
from ..status import ExitCode
from . import situation
from .app import State, app, fail, state
from .complete import entry_names, formats, papers

WITH_OPTIONS = "With --options: "

Files = list[tuple[Path, bytes]]
Report = Callable[[int, int], None]  # (done, total)


def _with_progress(st: State, work: Callable[[Report | None], Files]) -> Files:
    """A progress bar on stderr while many handouts are laid out (only on a terminal).

    The bar is redrawn as each handout is done, not by Rich's refresh thread: `--all` forks
    its workers, and a fork while another thread may hold a lock can hang the child.
    """
    if not sys.stderr.isatty():
        return work(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("Laying out handouts"), BarColumn(), MofNCompleteColumn(),
                  console=st.console(stderr=True), transient=True, auto_refresh=False) as bar:
        task = bar.add_task("handouts", total=None)
        return work(lambda done, total: bar.update(task, completed=done, total=total,
                                                   refresh=True))


@app.command()
def export(
    ctx: typer.Context,
    names: list[str] = typer.Argument(None, metavar="[ID]...", autocompletion=entry_names,
                                      help="Entries to print (ids, names or brand names)."),
    fmt: str | None = typer.Option(None, "--format", "-f", metavar="FORMAT", autocompletion=formats,
                                   help="pdf, html or md (default: from the --output suffix, else pdf)."),
    output: str | None = typer.Option(None, "--output", "-o", metavar="PATH",
                                      help="A file; a folder ending in / for one file per entry (made if missing); - for standard output. Default: ID.pdf here."),
    paper: str | None = typer.Option(None, "--paper", metavar="PAPER", autocompletion=papers,
                                     help="letter or a4 (PDF default: letter). HTML gets pages, and a page limit, only with --paper."),
    detailed: bool = typer.Option(False, "--detailed", help="The long handout: up to 8 pages instead of 4."),
    large_print: bool = typer.Option(False, "--large-print", help="14-point text, for low vision."),
    question: str | None = typer.Option(None, "--ask", metavar="QUESTION", help="A handout of what `cllkb ask` shows for a question."),
    every: bool = typer.Option(False, "--all", help="One handout per entry plus an index page, into the --output folder."),
    options: bool = typer.Option(False, "--options", help="A handout of `cllkb options` for the situation given with --untreated, --after, --finished, --marker, --richter."),
    untreated: bool = situation.untreated(WITH_OPTIONS),
    after: list[str] = situation.after(WITH_OPTIONS),
    finished: list[str] = situation.finished(WITH_OPTIONS),
    marker: list[str] = situation.marker(WITH_OPTIONS),
    richter: bool = situation.richter(WITH_OPTIONS),
    force: bool = typer.Option(False, "--force", help="Replace files that already exist."),
) -> None:  # fmt: skip
    """Write printable handouts (PDF, HTML or Markdown) for a nurse to hand over.

    A basic handout fits on 2 sheets printed on both sides. Prints the path of each file.

    Example: cllkb export venetoclax --format pdf --output venetoclax.pdf
    """
    chosen = sum((bool(names), question is not None, every, options))
    if chosen != 1:
        fail("give entry ids, or --ask QUESTION, or --all, or --options (exactly one of them)",
             ExitCode.USAGE)
    if not options and (untreated or after or finished or marker or richter):
        fail("--untreated, --after, --finished, --marker and --richter go with --options",
             ExitCode.USAGE)
    if paper is not None and paper not in PAPERS:
        fail(f"--paper must be {' or '.join(PAPERS)}, not '{paper}'", ExitCode.USAGE)
    from ..export.write import (
        Style,
        all_files,
        answer_files,
        entry_files,
        options_files,
        target_for,
        write_all,
    )

    target = target_for(output, fmt, every)
    if target.stdout and target.fmt == "pdf" and sys.stdout is not None and sys.stdout.isatty():
        fail("not writing a PDF to the terminal; use --output FILE or a pipe", ExitCode.USAGE)
    st = state(ctx)
    kb = st.kb()
    style = Style.of(target.fmt, paper, detailed, large_print, st.clinic())
    if every:
        folder = target.folder or Path()
        files = _with_progress(st, lambda report: all_files(kb, style, folder, report))
    elif question is not None:
        from ..search.answer import ask, require_question

        files = answer_files(kb, ask(st.engine(), require_question(question)), style, target)
    elif options:
        from ..options.view import from_flags

        view = from_flags(kb, untreated, after, marker, richter, finished=finished)
        files = options_files(kb, view, style, target)
    else:
        files = entry_files(kb, [kb.find(n) for n in names], style, target)
    if target.stdout:
        st.write_bytes(b"".join(data for _, data in files))
        return
    for path in write_all(files, force, folder=target.folder):
        st.echo(str(path))
