"""Commands that show the knowledge: drug, category, topic, show, term, sources, list."""

from __future__ import annotations

import sys

import typer

from ..knowledge.models import to_data
from ..status import ExitCode
from .app import State, app, fail, one_line, state
from .complete import SEARCH_KINDS, entries_of, kinds, source_ids, terms


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


def name_argument(kind: str | None) -> typer.models.ArgumentInfo:
    return typer.Argument(..., metavar="NAME", help="An id, a name or a brand name, in any case.",
                          autocompletion=entries_of(kind))


DETAILED = typer.Option(False, "--detailed", help="Also show mechanism, full evidence and monitoring.")
AS_JSON = typer.Option(False, "--json", help="Print the entry with its sources as JSON.")


def _show(ctx: typer.Context, name: str, kind: str | None, detailed: bool,
          as_json: bool) -> None:
    st = state(ctx)
    entry = st.kb().find(name, kind)  # type: ignore[arg-type]
    if as_json:
        st.echo(entry_json(st, entry))
        return
    from ..render.cards import render_entry

    st.print(render_entry(st.kb(), entry, detailed=detailed, clinic=st.clinic()))


@app.command()
def drug(ctx: typer.Context, name: str = name_argument("drug"), detailed: bool = DETAILED,
         as_json: bool = AS_JSON) -> None:
    """Show a drug card: how it is taken, warning signs, side effects, storage, sources.

    Example: cllkb drug Venclexta
    """
    _show(ctx, name, "drug", detailed, as_json)


@app.command()
def category(ctx: typer.Context, name: str = name_argument("category"), detailed: bool = DETAILED,
             as_json: bool = AS_JSON) -> None:
    """Show a treatment category and the drugs in it.

    Example: cllkb category BTKi
    """
    _show(ctx, name, "category", detailed, as_json)


@app.command()
def topic(ctx: typer.Context, name: str = name_argument("topic"), detailed: bool = DETAILED,
          as_json: bool = AS_JSON) -> None:
    """Show a topic, such as what CLL is, relapse or Richter transformation.

    Example: cllkb topic relapse
    """
    _show(ctx, name, "topic", detailed, as_json)


@app.command()
def show(ctx: typer.Context, name: str = name_argument(None), detailed: bool = DETAILED,
         as_json: bool = AS_JSON) -> None:
    """Show any entry, of any kind, by its id or name.

    Example: cllkb show double-refractory
    """
    _show(ctx, name, None, detailed, as_json)


@app.command()
def term(ctx: typer.Context,
         word: str = typer.Argument(..., metavar="WORD", autocompletion=terms,
                                    help="A word or abbreviation, e.g. MRD."),
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
            source_id: str | None = typer.Argument(None, metavar="[ID]", autocompletion=source_ids,
                                                   help="One source id."),
            as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List the bibliography, or show one source and the entries that cite it.

    Piped, the list is one source per line: id, kind, year and title, separated by tabs.

    Example: cllkb sources fda-venetoclax
    """
    import json

    from ..render import cards

    st = state(ctx)
    kb = st.kb()
    if source_id is None:
        listed = sorted(kb.sources.values(), key=lambda s: s.id)
        if as_json:
            st.echo(json.dumps([to_data(s) for s in listed], indent=2, ensure_ascii=False))
        elif _piped(st):
            st.echo("\n".join(f"{s.id}\t{s.kind}\t{s.year}\t{one_line(s.title)}" for s in listed))
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
                 kind: str | None = typer.Option(None, "--kind", "-k", metavar="KIND", autocompletion=kinds, help="Only this kind: category, drug, topic, or term for the glossary."),
                 as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List every entry (or the glossary); one id per line when piped.

    Example: cllkb list --kind drug
    """
    import json

    if kind is not None and kind not in SEARCH_KINDS:
        fail(f"--kind must be one of {', '.join(SEARCH_KINDS)}, not '{kind}'", ExitCode.USAGE)
    st = state(ctx)
    kb = st.kb()
    if kind == "term":
        rows = [(t.id, "term", t.term, t.origin) for t in kb.terms.values()]
    else:
        entries = kb.by_kind(kind) if kind else list(kb.entries.values())  # type: ignore[arg-type]
        rows = [(e.id, e.kind, e.title, e.origin) for e in entries]
    if as_json:
        st.echo(json.dumps([{"id": i, "kind": k, "title": t, "origin": o} for i, k, t, o in rows],
                           indent=2, ensure_ascii=False))
    elif _piped(st):
        st.echo("\n".join(i for i, *_ in rows))
    else:
        from ..render.cards import render_list

        st.print(render_list(rows))


def _piped(st: State) -> bool:
    """Output for another program: one record per line (unless --color always asks for the
    terminal's table)."""
    return (sys.stdout is None or not sys.stdout.isatty()) and st.color != "always"
