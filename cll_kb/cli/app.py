"""The Typer app, shared options, and the one place exceptions become messages and exit codes.

Commands live in sibling modules; each reads its options, calls one core function, hands the
result to a renderer and prints. Heavy modules (rich, whoosh, fpdf) are imported inside the
commands that need them, so `cllkb --version` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import typer
from typer.core import TyperGroup

from .. import SCHEMA_VERSION, __version__
from ..errors import CllkbError, NotFoundError, OutputError, UsageError
from ..status import ExitCode

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ..config.clinic import Clinic
    from ..knowledge.kb import KnowledgeBase
    from ..knowledge.layers import Layer
    from ..search.engine import SearchEngine


class State:
    """Options every command shares; the KB and consoles are made on first use."""

    def __init__(self, kb_dir: Path | None = None, local: list[Path] | None = None,
                 color: str = "auto", debug: bool = False, pager: bool | None = None) -> None:
        self.kb_dir, self.local, self.color, self.debug = kb_dir, list(local or ()), color, debug
        self.pager = pager  # None: page only what is taller than the terminal
        self._kb: KnowledgeBase | None = None
        self._cache: Path | None = None
        self._cache_checked = False
        self._clinic: Clinic | None = None
        self._clinic_loaded = False

    def layers(self) -> list[Layer]:
        from ..knowledge.layers import Layer
        from ..paths import knowledge_dir, local_dirs

        base = [Layer(knowledge_dir(self.kb_dir), "shipped")]
        return base + [Layer(p, "local") for p in local_dirs(self.local)]

    def cache(self) -> Path | None:
        """The cache folder if it is safe to use; None (work in memory, with a one-line warning)
        if it cannot be made, or belongs to another user, or others can write to it."""
        if not self._cache_checked:
            from ..fs.cachedir import prepare
            from ..paths import cache_dir

            path = cache_dir()
            self._cache, why = prepare(path)
            if why:
                warn(f"not using the cache folder {path}: {why}; working in memory")
            self._cache_checked = True
        return self._cache

    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            from ..curate.store import open_kb

            self._kb = open_kb(self.layers(), self.cache())
        return self._kb

    def engine(self, rebuild: bool = False, progress: bool = False) -> SearchEngine:
        """The search engine over this run's knowledge; with `progress`, a bar on stderr while
        an index is built (only a terminal shows it)."""
        from ..search.engine import SearchEngine

        kb = self.kb()
        if not progress:
            return SearchEngine.open(kb, self.cache(), rebuild=rebuild)
        from rich.progress import Progress

        with Progress(console=self.console(stderr=True), transient=True) as bar:
            task = bar.add_task("Building the search index", total=None)
            return SearchEngine.open(kb, self.cache(), rebuild=rebuild,
                                     progress=lambda done, total: bar.update(
                                         task, completed=done, total=total))

    def clinic(self) -> Clinic | None:
        """The clinic's details for warning boxes, read on first use: `--version` never reads them."""
        if not self._clinic_loaded:
            from ..config.clinic import load_clinic

            self._clinic = load_clinic()
            self._clinic_loaded = True
        return self._clinic

    def console(self, stderr: bool = False) -> Console:
        from ..render.console import make_console

        if not stderr:
            _stdout()
        return make_console(self.color, stderr=stderr)  # type: ignore[arg-type]

    def print(self, renderable: RenderableType | str) -> None:
        """Draw, drop trailing whitespace, and page like git: without `--pager`/`--no-pager`,
        only what is taller than the terminal, and nothing piped is ever paged."""
        from . import paging

        pager = self.pager
        console = self.console()
        with _writing(), console.capture() as captured:  # rich flushes its file on the way out
            console.print(renderable, crop=False)  # a long link overflows: it is never cut
        text = paging.tidy(captured.get())
        if console.is_terminal and pager is not False and (
                pager or text.count("\n") > console.size.height) and paging.page(text):
            return
        out = _stdout()
        with _writing():
            out.write(text)
            out.flush()

    def echo(self, text: str) -> None:
        """Raw text (JSON, ids) with no decoration at all."""
        out = _stdout()
        with _writing():
            out.write(text if text.endswith("\n") else text + "\n")
            out.flush()

    def write_bytes(self, data: bytes) -> None:
        """Bytes to standard output (a handout with `--output -`)."""
        out = _stdout()
        with _writing():
            out.buffer.write(data)
            out.buffer.flush()


def _stdout() -> TextIO:
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        raise OutputError("cannot write the output: standard output is closed")
    return sys.stdout


@contextmanager
def _writing() -> Iterator[None]:
    """A failed write to stdout becomes one line (BrokenPipeError is `| head`: exit 0)."""
    from ..fs.files import reason

    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write the output: {reason(exc)}") from None


def state(ctx: typer.Context) -> State:
    return ctx.find_root().obj if isinstance(ctx.find_root().obj, State) else State()


def one_line(message: str) -> str:
    """User text can carry newlines or terminal escapes; shown escaped, a message stays one line
    and cannot drive the terminal."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in message)


def fail(message: str, code: ExitCode = ExitCode.ERROR) -> NoReturn:
    """One line on stderr, then exit: the shape of every user-facing error."""
    _to_stderr(f"cllkb: error: {one_line(message)}\n")
    raise typer.Exit(int(code))


def warn(message: str) -> None:
    """One line on stderr; the command goes on."""
    _to_stderr(f"cllkb: warning: {one_line(message)}\n")


def _to_stderr(line: str) -> None:
    if sys.stderr is None:  # closed: the exit code still tells
        return
    with suppress(OSError):
        sys.stderr.write(line)
        sys.stderr.flush()


def _is_click_control(exc: BaseException) -> bool:
    # Click's own exceptions (usage errors, Exit, Abort) carry exit codes it already handles.
    return isinstance(exc, typer.Exit | typer.Abort) or hasattr(exc, "exit_code")


COLORS = ("auto", "always", "never")  # --color WHEN

# The options every command shares, and whether each takes a value. They are read before the
# command, as Click reads group options, wherever they were typed (`cllkb term MRD --color
# always`).
GLOBAL_OPTIONS = {"--color": True, "--kb": True, "--local": True, "--debug": False,
                  "--pager": False, "--no-pager": False}


def hoist(args: list[str]) -> list[str]:
    """Move the shared options typed after the command to before it. `--` ends the options:
    what follows is an argument, even if it looks like `--debug`."""
    front: list[str] = []
    rest: list[str] = []
    command_seen, i = False, 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            part = args[i:i + 2] if GLOBAL_OPTIONS[name] and "=" not in arg else [arg]
            (front if command_seen else rest).extend(part)
            i += len(part)
            continue
        command_seen = command_seen or not arg.startswith("-")
        rest.append(arg)
        i += 1
    return front + rest


# Commands in `--help`, by task, in the order a person meets them.
SECTIONS = {
    "Ask and read": ["ask", "options", "drug", "category", "topic", "show", "term", "search",
                     "list", "sources"],
    "Print": ["export"],
    "Curate": ["validate"],
    "Set up": ["config", "index", "paths"],
}


class CllkbGroup(TyperGroup):
    """Maps core exceptions to one-line messages and exit codes, for every command at once;
    reads shared options wherever they stand; lists commands by task in `--help`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist(list(args)))

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command with its whole first sentence, under the task it is for."""
        listed = {name for names in SECTIONS.values() for name in names}
        extra = [n for n in self.list_commands(ctx) if n not in listed]
        for section, names in [*SECTIONS.items(), ("Other", extra)]:
            rows = [(n, self.commands[n].get_short_help_str(limit=500)) for n in names
                    if n in self.commands and not self.commands[n].hidden]
            if rows:
                with formatter.section(section):
                    formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if _is_click_control(exc):
                raise
            debug = isinstance(ctx.obj, State) and ctx.obj.debug
            if debug:
                raise
            if isinstance(exc, NotFoundError):
                hint = f"; did you mean {' or '.join(exc.suggestions)}?" if exc.suggestions else ""
                if exc.elsewhere:
                    kind, found = exc.elsewhere
                    what = "in the glossary" if kind == "term" else f"a {kind}"
                    hint = f"; it is {what}: cllkb {kind} {found}"
                fail(f"{exc}{hint}")
            if isinstance(exc, UsageError):
                fail(str(exc), ExitCode.USAGE)
            if isinstance(exc, CllkbError):
                fail(str(exc))
            if isinstance(exc, BrokenPipeError):  # `cllkb list | head`
                raise typer.Exit(int(ExitCode.OK)) from None
            fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)")


app = typer.Typer(
    cls=CllkbGroup,
    help="A curated, sourced, plain-language knowledge base about CLL/SLL treatment.\n\n"
    "It informs; it does not give medical advice. Example: cllkb ask \"what if trial fails\"",
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def main(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", help="Show versions and the newest review date."),
    kb: Path | None = typer.Option(None, "--kb", metavar="DIR",
                                   help="Knowledge folder to use (default: the packaged one; env CLLKB_KNOWLEDGE)."),
    local: list[Path] = typer.Option([], "--local", metavar="DIR",
                                     help="A clinic's local knowledge layer, loaded over the shipped one (repeatable; env CLLKB_LOCAL_KNOWLEDGE)."),
    color: str = typer.Option("auto", "--color", metavar="WHEN", autocompletion=lambda incomplete: [w for w in COLORS if w.startswith(incomplete)],
                              help="Colour and styles: auto (only on a terminal), always or never. A non-empty NO_COLOR means never."),
    pager: bool | None = typer.Option(None, "--pager/--no-pager", help="Page the output, or never page it (default: page what is taller than the terminal; piped output never)."),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback on errors (for developers)."),
) -> None:  # fmt: skip
    """cllkb: treatment options for CLL/SLL, in plain words, with sources."""
    if color not in COLORS:
        fail(f"--color must be auto, always or never, not '{color}'", ExitCode.USAGE)
    st = State(kb_dir=kb, local=list(local), color=color, debug=debug, pager=pager)
    ctx.obj = st
    if version:
        kbase = st.kb()
        overdue = len(kbase.overdue())
        due = f", {overdue} entries due for review" if overdue else ""
        st.echo(f"cllkb {__version__} (schema {SCHEMA_VERSION}, knowledge reviewed "
                f"{kbase.newest_review.isoformat()}{due})")
        raise typer.Exit(int(ExitCode.OK))
    if ctx.invoked_subcommand is None:
        st.echo(ctx.get_help())
        raise typer.Exit(int(ExitCode.OK))
