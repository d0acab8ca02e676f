"""`cllkb options`: which treatment options care teams consider, given where a person is."""

from __future__ import annotations

import json

import typer

from ..status import ExitCode
from . import situation
from .app import app, state


@app.command()
def options(
    ctx: typer.Context,
    untreated: bool = situation.untreated(),
    after: list[str] = situation.after(),
    finished: list[str] = situation.finished(),
    marker: list[str] = situation.marker(),
    richter: bool = situation.richter(),
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
