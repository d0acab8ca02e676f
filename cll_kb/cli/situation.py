"""The situation options `cllkb options` and `cllkb export --options` share, declared once.

`with_options` prefixes each help for export, where they describe the situation of the
`--options` handout.
"""

from __future__ import annotations

from typing import Any

import typer

from .complete import situation_words

TREATMENTS = ("btki (= covalent-btki: ibrutinib, acalabrutinib, zanubrutinib), pirtobrutinib, "
              "venetoclax, anti-cd20, chemo, pi3ki, car-t, transplant, or a drug or brand name")
MARKERS = "del17p, tp53, ighv-unmutated, complex-karyotype"


def untreated(prefix: str = "") -> Any:
    return typer.Option(False, "--untreated", help=f"{prefix}No treatment for CLL yet.")


def after(prefix: str = "") -> Any:
    return typer.Option([], "--after", metavar="TREATMENT",
                        autocompletion=situation_words("treatment"),
                        help=f"{prefix}A treatment your CLL grew on while you took it (or soon "
                             f"after), or that was stopped (repeatable): {TREATMENTS}.")


def finished(prefix: str = "") -> Any:
    return typer.Option([], "--finished", metavar="TREATMENT",
                        autocompletion=situation_words("treatment"),
                        help=f"{prefix}A fixed course you finished, after which your CLL came "
                             "back later (repeatable), e.g. --finished venetoclax for "
                             "venetoclax-obinutuzumab.")


def marker(prefix: str = "") -> Any:
    return typer.Option([], "--marker", metavar="MARKER",
                        autocompletion=situation_words("marker"),
                        help=f"{prefix}A test result (repeatable): {MARKERS}.")


def richter(prefix: str = "") -> Any:
    return typer.Option(False, "--richter", help=f"{prefix}CLL has changed into a fast-growing "
                                                 "lymphoma (Richter transformation).")
