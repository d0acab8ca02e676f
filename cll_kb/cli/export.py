"""`cllkb export`: printable handouts of entries, of an answer, or of everything."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..export import FORMATS, PAPERS
from ..status import ExitCode
from .app import State, app, fail, state
from .complete import entry_names

if TYPE_CHECKING:
    from ..export.write import Style

Files = list[tuple[Path, bytes]]
Report = Callable[[int, int], None]  # (done, total)



def _style(st: State, fmt: str, paper: str, detailed: bool) -> Style:
    from ..config.clinic import call_line
    from ..export.write import Style

    clinic = st.clinic()
    return Style(fmt=fmt, paper=paper, detailed=detailed, call_line=call_line(clinic),
                 clinic=clinic.contact_lines() if clinic else (),
                 phone_known=bool(clinic and clinic.phone.strip()))


def _with_progress(st: State, work: Callable[[Report | None], Files]) -> Files:
    """A progress bar on stderr while many handouts are laid out (only on a terminal)."""
    if not sys.stderr.isatty():
        return work(None)
    from rich.progress import Progress

    with Progress(console=st.console(stderr=True), transient=True) as bar:
        task = bar.add_task("Laying out handouts", total=None)
        return work(lambda done, total: bar.update(task, completed=done, total=total))


@app.command()
def export(
    ctx: typer.Context,
    names: list[str] = typer.Argument(None, metavar="[ID]...", autocompletion=entry_names,
                                      help="Entries to print (ids, names or brand names)."),
    fmt: str | None = typer.Option(None, "--format", "-f", metavar="pdf|html|md",
                                   help="Handout format (default: from the --output suffix, else pdf)."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="PATH",
                                       help="File to write, or a folder for one file per entry; - for stdout. Default: ID.pdf here."),
    paper: str = typer.Option("letter", "--paper", metavar="letter|a4", help="Paper size."),
    detailed: bool = typer.Option(False, "--detailed", help="The long handout (up to 4 pages instead of 2)."),
    question: str | None = typer.Option(None, "--ask", metavar="QUESTION", help="A handout of the answer to a question."),
    every: bool = typer.Option(False, "--all", help="One handout per entry plus an index page, into the --output folder."),
    options: bool = typer.Option(False, "--options", help="A handout of `cllkb options` for the situation given with --untreated, --after, --marker, --richter."),
    untreated: bool = typer.Option(False, "--untreated", help="With --options: no treatment yet."),
    after: list[str] = typer.Option([], "--after", metavar="TREATMENT", help="With --options: a treatment you have had (repeatable)."),
    marker: list[str] = typer.Option([], "--marker", metavar="MARKER", help="With --options: a test result (repeatable)."),
    richter: bool = typer.Option(False, "--richter", help="With --options: Richter transformation."),
    force: bool = typer.Option(False, "--force", help="Replace files that already exist."),
) -> None:  # fmt: skip
    """Write printable handouts (PDF, HTML or Markdown) to hand to a patient.

    Prints the path of each file written.

    Example: cllkb export venetoclax --format pdf --output venetoclax.pdf
    """
    chosen = sum((bool(names), question is not None, every, options))
    if chosen != 1:
        fail("give entry ids, or --ask QUESTION, or --all, or --options (exactly one of them)",
             ExitCode.USAGE)
    if not options and (untreated or after or marker or richter):
        fail("--untreated, --after, --marker and --richter go with --options", ExitCode.USAGE)
    if paper not in PAPERS:
        fail(f"--paper must be letter or a4, not '{paper}'", ExitCode.USAGE)
    if fmt is not None and fmt not in FORMATS:
        fail(f"--format must be pdf, html or md, not '{fmt}'", ExitCode.USAGE)
    to_stdout = output is not None and str(output) == "-"
    if every and (output is None or to_stdout):
        fail("--all needs --output DIR, the folder to write the handouts into", ExitCode.USAGE)
    from ..export.write import (
        all_files,
        answer_files,
        entry_files,
        format_for,
        options_files,
        write_all,
    )

    resolved = format_for(fmt, None if to_stdout else output)
    if to_stdout and resolved == "pdf" and sys.stdout is not None and sys.stdout.isatty():
        fail("not writing a PDF to the terminal; use --output FILE or a pipe", ExitCode.USAGE)
    st = state(ctx)
    kb = st.kb()
    style = _style(st, resolved, paper, detailed)
    target = None if to_stdout else output
    if every:
        files = _with_progress(st, lambda report: all_files(kb, style, output, report))  # type: ignore[arg-type]
    elif question is not None:
        from ..search.answer import ask

        files = answer_files(kb, ask(st.engine(), question), style, target)
    elif options:
        from ..options.view import from_flags

        view = from_flags(kb, untreated, after, marker, richter)
        files = options_files(kb, view, style, target)
    else:
        files = entry_files(kb, [kb.find(n) for n in names], style, target)
    if to_stdout:
        st.write_bytes(b"".join(data for _, data in files))
        return
    for path in write_all(files, force):
        st.echo(str(path))
