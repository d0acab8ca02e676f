"""The one console factory: the test seam for every terminal output (rich's own tests do this)."""

from __future__ import annotations

import os
import sys
from typing import IO, Literal

from rich.console import Console
from rich.theme import Theme

ColorMode = Literal["auto", "always", "never"]
THEME = Theme({
    "title": "bold cyan", "heading": "bold", "muted": "dim", "warn": "bold red",
    "id": "cyan", "ok": "green", "error": "bold red", "warning": "yellow", "link": "blue underline",
})  # fmt: skip


def make_console(color: ColorMode = "auto", file: IO[str] | None = None, width: int | None = None,
                 stderr: bool = False) -> Console:
    """A console that styles only a terminal, honours NO_COLOR, and can be pointed at a buffer.

    Piped output is plain text so it greps; `--color always` keeps styles for `less -R`.
    Markup is off: every string printed is text as written, so "[or milk]" in a key point or a
    question typed by the user shows as typed (styles come only from `Text` objects).
    """
    stream = file or (sys.stderr if stderr else sys.stdout)
    # no-color.org: only a NO_COLOR that is set and not empty turns colour off.
    no_color = color == "never" or (color == "auto" and bool(os.environ.get("NO_COLOR")))
    force = True if color == "always" else None
    if width is None and not stream.isatty():
        width = int(os.environ.get("COLUMNS", "0")) or _screen_width() or 88
    return Console(file=stream, theme=THEME, no_color=no_color, force_terminal=force,
                   width=width, markup=False, highlight=False, emoji=False, soft_wrap=False,
                   color_system=None if no_color else "auto")


def _screen_width() -> int:
    """The width of the terminal a person is reading piped output on (`cllkb drug X | less`),
    from standard error when that is still the terminal; 0 when there is none."""
    try:
        return os.get_terminal_size(sys.__stderr__.fileno()).columns if sys.__stderr__ else 0
    except (OSError, ValueError):
        return 0
