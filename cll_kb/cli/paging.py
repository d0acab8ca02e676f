"""Long output through a pager, as git does; and output without trailing whitespace.

On a terminal, output taller than the screen goes through $CLLKB_PAGER, else $PAGER, else
`less`, with LESS=FRX when LESS is unset: colours show (R), output that fits the screen is just
printed (F), and the screen is not cleared when less quits (X). `--pager`/`--no-pager` force
it, `CLLKB_PAGER=cat` turns it off; piped output and --json are never paged.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess

# Spaces at the end of a line, before any closing style codes (a table pads its cells).
_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.M)


def tidy(text: str) -> str:
    """The text with no spaces or tabs at the end of any line (styles kept)."""
    return _TRAILING.sub(r"\1", text)


def command() -> list[str]:
    chosen = os.environ.get("CLLKB_PAGER") or os.environ.get("PAGER") or "less"
    return shlex.split(chosen)


def page(text: str) -> bool:
    """Show `text` in the pager; False if there is none to run (the caller prints it)."""
    argv = command()
    if not argv:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        subprocess.run(argv, input=text, text=True, env=env, check=False)
    except (OSError, ValueError):
        return False
    return True
