"""The command-line layer: the only part of cllkb that imports typer or prints."""

from __future__ import annotations

from . import ask, config_cmd, curate, explain, export, options  # noqa: F401 - importing registers the commands
from .app import app


def run() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="cllkb")
    finally:
        import gc

        gc.freeze()  # the process is about to exit: spare the interpreter's last full collection
