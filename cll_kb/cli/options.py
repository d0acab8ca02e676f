"""`cllkb options`: which treatment options care teams consider, given where a person is."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

from ..status import ExitCode
from .app import app, fail, state

if TYPE_CHECKING:
    from ..knowledge.kb import KnowledgeBase
    from ..options.view import OptionsView


def options_view(kb: KnowledgeBase, untreated: bool, after: list[str], marker: list[str],
                 richter: bool) -> OptionsView:
    """The flags → the view; bad flags are usage errors (exit 2). `export --options` uses it too."""
    from ..options.view import build, situation_from

    if untreated and after:
        fail("--untreated and --after cannot be used together", ExitCode.USAGE)
    if not (untreated or after or richter):
        fail("say where you are: --untreated, --after TREATMENT or --richter "
             "(see `cllkb options --help`)", ExitCode.USAGE)
    return build(kb, situation_from(kb, after=after, markers=marker, richter=richter))


@app.command()
def options(
    ctx: typer.Context,
    untreated: bool = typer.Option(False, "--untreated", help="No treatment for CLL yet."),
    after: list[str] = typer.Option([], "--after", metavar="TREATMENT", help="A treatment you have had (repeatable): btki (= covalent-btki: ibrutinib, acalabrutinib, zanubrutinib), pirtobrutinib, venetoclax, anti-cd20, chemo, pi3ki, car-t, transplant, or a drug or brand name."),
    marker: list[str] = typer.Option([], "--marker", metavar="MARKER", help="A test result (repeatable): del17p, tp53, ighv-unmutated, complex-karyotype."),
    richter: bool = typer.Option(False, "--richter", help="CLL has changed into a fast-growing lymphoma (Richter transformation)."),
    as_json: bool = typer.Option(False, "--json", help="Print the options as JSON (shape in the README)."),
    pager: bool = typer.Option(False, "--pager", help="Show it in a pager."),
) -> None:  # fmt: skip
    """Show the treatment options care teams consider in your situation, with reasons,
    evidence and sources. It informs; the choice belongs to you and your care team.

    Exits 1 when cllkb has no curated guidance for the combination (it says so and points to
    the nearest topic and to clinical trials).

    Example: cllkb options --after btki --after venetoclax
    """
    st = state(ctx)
    kb = st.kb()
    view = options_view(kb, untreated, after, marker, richter)
    if as_json:
        st.echo(json.dumps(view.to_data(), indent=2, ensure_ascii=False))
    else:
        from ..render.options_view import render_options

        st.print(render_options(view), pager=pager)
    raise typer.Exit(int(ExitCode.OK if view.matched else ExitCode.ERROR))
