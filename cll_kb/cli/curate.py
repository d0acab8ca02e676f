"""Commands for curators and maintainers: validate, paths."""

from __future__ import annotations

import typer

from ..status import ExitCode
from .app import app, state


@app.command()
def validate(
    ctx: typer.Context,
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors (exit 1)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Check the knowledge: every file, field, reference and reading level.

    Each finding reads `path:line: CODE message — how to fix`. Errors exit 1; warnings exit 1
    only with --strict.

    Example: cllkb validate --strict
    """
    from ..curate.validation import validate as run_validation

    st = state(ctx)
    report = run_validation(st.layers(), strict=strict)
    if as_json:
        import json

        st.echo(json.dumps(report.to_data(), indent=2, ensure_ascii=False))
    else:
        from ..render.validate_report import issue_lines, render_summary

        console = st.console()
        for line in issue_lines(report):
            console.print(line, soft_wrap=True)
        console.print(render_summary(report))
    raise typer.Exit(int(ExitCode.OK if report.ok else ExitCode.ERROR))


@app.command()
def paths(ctx: typer.Context) -> None:
    """Print the knowledge folders, the cache folder and the config file in use.

    Example: cllkb paths
    """
    from ..paths import cache_dir, config_file

    st = state(ctx)
    for layer in st.layers():
        st.echo(f"knowledge ({layer.name}): {layer.root}")
    st.echo(f"cache: {cache_dir()}")
    config = config_file()
    st.echo(f"config: {config}{'' if config.exists() else ' (not created yet)'}")
