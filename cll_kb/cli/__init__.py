"""The command-line layer: the only part of cllkb that imports typer or prints.

Commands register when their module is imported. A run imports only the modules of the
commands its arguments name: Typer turns every registered function into a click command at
start-up (signature inspection, type hints), so loading all of them for `cllkb drug` would
pay for commands it does not run (`make bench` measures start-up).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

# Each command (or command group) and the module that registers it; a test keeps this complete.
COMMANDS = {
    "ask": "ask", "search": "ask", "index": "ask",
    "config": "config_cmd",
    "validate": "curate", "paths": "curate",
    "drug": "explain", "category": "explain", "topic": "explain", "show": "explain",
    "term": "explain", "sources": "explain", "list": "explain",
    "export": "export",
    "options": "options",
}  # fmt: skip


def load(args: Sequence[str] | None = None) -> typer.Typer:
    """The app with the commands that `args` can name, or every command when `args` is None.

    Any argument that is a command's name counts, wherever it stands, so an option value that
    happens to be one only loads a module too many. Arguments that name no command (`--help`,
    a typo, shell completion) load them all, so help and "no such command" see every command;
    a bare `--version` needs none, since it answers before any command is looked up.
    """
    wanted = {COMMANDS[a] for a in args if a in COMMANDS} if args is not None else set()
    if not wanted and not (args and "--version" in args and not {"-h", "--help"} & set(args)):
        wanted = set(COMMANDS.values())
    for module in sorted(wanted):
        import_module(f"{__name__}.{module}")
    from .app import app

    return app


def run() -> None:
    """Console-script entry point."""
    try:
        load(sys.argv[1:])(prog_name="cllkb")
    finally:
        import gc

        gc.freeze()  # the process is about to exit: spare the interpreter's last full collection
