"""`cllkb options`: which treatment options care teams consider, given where a person is."""

from __future__ import annotations

import json

import typer

from ..status import ExitCode
from .app import app, state
from .complete import situation_words


@app.command()
def options(
    ctx: typer.Context,
    untreated: bool = typer.Option(False, "--untreated", help="No treatment for CLL yet."),
    after: list[str] = typer.Option([], "--after", metavar="TREATMENT", autocompletion=situation_words("treatment"), help="A treatment your CLL grew on while you took it (or soon after), or that was stopped (repeatable): btki (= covalent-btki: ibrutinib, acalabrutinib, zanubrutinib), pirtobrutinib, venetoclax, anti-cd20, chemo, pi3ki, car-t, transplant, or a drug or brand name."),
    finished: list[str] = typer.Option([], "--finished", metavar="TREATMENT", autocompletion=situation_words("treatment"), help="A fixed course you finished, after which your CLL came back later (repeatable), e.g. --finished venetoclax for venetoclax-obinutuzumab."),
    marker: list[str] = typer.Option([], "--marker", metavar="MARKER", autocompletion=situation_words("marker"), help="A test result (repeatable): del17p, tp53, ighv-unmutated, complex-karyotype."),
    richter: bool = typer.Option(False, "--richter", help="CLL has changed into a fast-growing lymphoma (Richter transformation)."),
    as_json: bool = typer.Option(False, "--json", help="Print the options as JSON (shape in the README)."),
) -> None:  # fmt: skip
    """Show the options care teams consider in your situation, with reasons and sources.

    It informs; the choice belongs to you and your care team. Exits 1 when cllkb has no
    curated guidance for the combination (it says so and points to the nearest topic and to
    clinical trials).

    Example: cllkb options --after btki --after venetoclax
    """
    from ..options.view import from_flags

    st = state(ctx)
    view = from_flags(st.kb(), untreated, after, marker, richter, finished=finished)
    if as_json:
        st.echo(json.dumps(view.to_data(), indent=2, ensure_ascii=False))
    else:
        from ..render.options_view import render_options

        st.print(render_options(view))
    raise typer.Exit(int(ExitCode.OK if view.matched else ExitCode.ERROR))
