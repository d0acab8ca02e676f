"""Commands that search: ask, search, index."""

from __future__ import annotations

import typer

from ..status import ExitCode
from .app import app, fail, state
from .complete import SEARCH_KINDS, kinds


@app.command()
def ask(
    ctx: typer.Context,
    question: list[str] = typer.Argument(..., metavar="QUESTION...", help="Your question, in your own words."),
    limit: int = typer.Option(5, "--limit", "-n", min=1, max=50, metavar="N", help="How many ranked results to consider and list in --json (1 to 50)."),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON (contract in the README)."),
) -> None:
    """Answer a question about CLL/SLL with the page that best answers it, and its sources.

    Exits 0 when there is a good answer, 1 when cllkb has none (it says so and lists the
    closest entries). A question about a situation ("what if venetoclax fails") shows the
    options care teams consider in it, as `cllkb options` does.

    Example: cllkb ask "what if trial fails"
    """
    from ..search.answer import ask as run_ask
    from ..search.answer import require_question

    text = require_question(" ".join(question))
    st = state(ctx)
    answer = run_ask(st.engine(), text, limit=limit)
    if as_json:
        import json

        st.echo(json.dumps(answer.to_data(), indent=2, ensure_ascii=False))
    elif answer.options is not None and answer.options.matched:
        from ..render.answer_view import related_refs
        from ..render.options_view import render_options

        st.print(render_options(answer.options, related_refs(answer)))
    else:
        from ..render.answer_view import render_answer

        st.print(render_answer(st.kb(), answer, clinic=st.clinic()))
    raise typer.Exit(int(ExitCode.OK if answer.ok else ExitCode.ERROR))


@app.command()
def search(
    ctx: typer.Context,
    query: list[str] = typer.Argument(..., metavar="WORDS...", help="Words to look for."),
    kind: str | None = typer.Option(None, "--kind", "-k", metavar="KIND", autocompletion=kinds, help="Only this kind: category, drug, topic or term."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=100, metavar="N", help="How many hits (1 to 100)."),
    as_json: bool = typer.Option(False, "--json", help="Print hits as JSON."),
) -> None:
    """List every entry that matches, ranked, with the passage that matches.

    Example: cllkb search bleeding --kind drug
    """
    from ..search.answer import resolve
    from ..search.snippets import snippet

    if kind is not None and kind not in SEARCH_KINDS:
        fail(f"--kind must be one of {', '.join(SEARCH_KINDS)}, not '{kind}'", ExitCode.USAGE)
    st = state(ctx)
    engine = st.engine()
    result = engine.search(" ".join(query), kind=kind, limit=limit)
    wanted = set(result.plan.terms) | set(result.plan.expansions)
    rows = []
    for h in result.hits:
        obj = resolve(engine.kb, h.id)
        title = getattr(obj, "title", None) or getattr(obj, "term", "")
        rows.append((h.id, h.kind, title, h.score, snippet(obj, wanted)))
    if as_json:
        import json

        st.echo(json.dumps({
            "query": " ".join(query), "corrected": result.plan.corrected_text,
            "hits": [{"id": i, "kind": k, "title": t, "score": round(s, 3),
                      "snippet": "".join(p for p, _ in sn)} for i, k, t, s, sn in rows],
        }, indent=2, ensure_ascii=False))  # fmt: skip
    else:
        from ..render.answer_view import render_hits

        st.print(render_hits(rows, result.plan.corrected_text))  # one print: paged as one
    raise typer.Exit(int(ExitCode.OK if rows else ExitCode.ERROR))


@app.command()
def index(
    ctx: typer.Context,
    rebuild: bool = typer.Option(False, "--rebuild", help="Build it again even if it is current."),
) -> None:
    """Build the search index now (it is otherwise built on first use).

    Example: cllkb index --rebuild
    """
    import time

    st = state(ctx)
    start = time.perf_counter()
    engine = st.engine(rebuild=rebuild, progress=True)
    took = time.perf_counter() - start
    where = engine.opened.path or f"memory ({engine.opened.why})"
    st.echo(f"index {engine.opened.origin}: {len(st.kb().entries)} entries, "
            f"{len(st.kb().terms)} terms in {took:.2f}s at {where}")
