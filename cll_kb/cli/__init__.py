"""The command-line layer: the only part of cllkb that imports typer or prints."""

from __future__ import annotations

from . import curate  # noqa: F401 - registers commands
from .app import app


def run() -> None:
    """Console-script entry point."""
    app(prog_name="cllkb")
