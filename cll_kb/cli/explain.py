"""Commands that show the knowledge: drug, category, topic, show, term, sources, list."""

from __future__ import annotations

import sys

import typer

from ..knowledge.models import KINDS, to_data
from ..status import ExitCode
from .app import State, app, fail, state
from .complete import entry_names


def entry_json(st: State, obj) -> str:
    """Entry with its sources resolved and numbered: the documented `--json` shape."""
    import json

    kb = st.kb()
    data = to_data(obj)
    cited = kb.sources_for(obj) if hasattr(obj, "cited_sources") else [
        kb.sources[s] for s in obj.sources if s in kb.sources]
    return json.dumps({
        "entry": data,
        "sources": [{"n": n, **to_data(s), "link": s.link} for n, s in enumerate(cited, 1)],
        "disclaimer": kb.disclaimer,
    }, indent=2, ensure_ascii=False)  # fmt: skip


NAME = typer.Argument(..., help="An id, a name or a brand name, in any case.",
                      autocompletion=entry_names)
DETAILED = typer.Option(False, "--detailed", help="Also show mechanism, full evidence and monitoring.")
AS_JSON = typer.Option(False, "--json", help="Print the entry with its sources as JSON.")
PAGER = typer.Option(False, "--pager", help="Show it in a pager.")


def _show(ctx: typer.Context, name: str, kind: str | None, detailed: bool, as_json: bool,
          pager: bool) -> None:
    st = state(ctx)
    entry = st.kb().find(name, kind)  # type: ignore[arg-type]
    if as_json:
        st.echo(entry_json(st, entry))
        return
    from ..render.cards import render_entry

    st.print(render_entry(st.kb(), entry, detailed=detailed, clinic=st.clinic()), pager=pager)


@app.command()
def drug(ctx: typer.Context, name: str = NAME, detailed: bool = DETAILED, as_json: bool = AS_JSON,
         pager: bool = PAGER) -> None:
    """Show a drug card: how it is taken, side effects, warning signs, evidence, sources.

    Example: cllkb drug Venclexta
    """
    _show(ctx, name, "drug", detailed, as_json, pager)


@app.command()
def category(ctx: typer.Context, name: str = NAME, detailed: bool = DETAILED,
             as_json: bool = AS_JSON, pager: bool = PAGER) -> None:
    """Show a treatment category and the drugs in it.

    Example: cllkb category BTKi
    """
    _show(ctx, name, "category", detailed, as_json, pager)


@app.command()
def topic(ctx: typer.Context, name: str = NAME, detailed: bool = DETAILED,
          as_json: bool = AS_JSON, pager: bool = PAGER) -> None:
    """Show a topic: a situation such as relapse or Richter transformation.

    Example: cllkb topic relapse
    """
    _show(ctx, name, "topic", detailed, as_json, pager)


@app.command()
def show(ctx: typer.Context, name: str = NAME, detailed: bool = DETAILED,
         as_json: bool = AS_JSON, pager: bool = PAGER) -> None:
    """Show any entry by id or name.

    Example: cllkb show double-refractory
    """
    _show(ctx, name, None, detailed, as_json, pager)


@app.command()
def term(ctx: typer.Context, word: str = typer.Argument(..., help="A word or abbreviation, e.g. MRD."),
         as_json: bool = AS_JSON) -> None:
    """Explain a word from the glossary.

    Example: cllkb term MRD
    """
    st = state(ctx)
    found = st.kb().find_term(word)
    if as_json:
        st.echo(entry_json(st, found))
        return
    from ..render.cards import render_term

    st.print(render_term(st.kb(), found))


@app.command()
def sources(ctx: typer.Context,
            source_id: str | None = typer.Argument(None, metavar="[ID]", help="One source id."),
            as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List the bibliography, or show one source and which entries cite it.

    Example: cllkb sources fda-venetoclax
    """
    import json

    from ..render import cards

    st = state(ctx)
    kb = st.kb()
    if source_id is None:
        if as_json:
            st.echo(json.dumps([to_data(s) for s in kb.sources.values()], indent=2,
                               ensure_ascii=False))
        else:
            st.print(cards.render_sources(kb))
        return
    src = kb.source(source_id)
    if as_json:
        st.echo(json.dumps({**to_data(src), "link": src.link,
                            "cited_by": [e.id for e in kb.citing(src.id)]}, indent=2,
                           ensure_ascii=False))
    else:
        st.print(cards.render_source(kb, src))


@app.command(name="list")
def list_entries(ctx: typer.Context,
                 kind: str | None = typer.Option(None, "--kind", "-k", metavar="category|drug|topic", help="Only this kind."),
                 as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List every entry; one id per line when piped, so it greps.

    Example: cllkb list --kind drug
    """
    import json

    if kind is not None and kind not in KINDS:
        fail(f"--kind must be one of {', '.join(KINDS)}, not '{kind}'", ExitCode.USAGE)
    st = state(ctx)
    entries = st.kb().by_kind(kind) if kind else list(st.kb().entries.values())  # type: ignore[arg-type]
    if as_json:
        st.echo(json.dumps([{"id": e.id, "kind": e.kind, "title": e.title, "origin": e.origin}
                            for e in entries], indent=2, ensure_ascii=False))
    elif not sys.stdout.isatty() and st.color != "always":
        st.echo("\n".join(e.id for e in entries))
    else:
        from ..render.cards import render_list

        st.print(render_list(entries))
