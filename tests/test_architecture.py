"""Layering rules from STYLE.md, checked: the core never imports typer or prints."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "cll_kb"
CORE = [p for p in PKG.rglob("*.py") if "cli" not in p.relative_to(PKG).parts]


def test_core_modules_do_not_import_typer_at_runtime() -> None:
    mods = sorted({".".join(("cll_kb", *p.relative_to(PKG).with_suffix("").parts))
                   .removesuffix(".__init__") for p in CORE})
    code = f"import sys; {'; '.join(f'import {m}' for m in mods)}; print('typer' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_core_never_prints_or_names_typer() -> None:
    offenders = []
    for path in CORE:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print":
                offenders.append(f"{path.name}:{node.lineno} print()")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                if any(n.split(".")[0] in ("typer", "click") for n in names):
                    offenders.append(f"{path.name}:{node.lineno} imports typer/click")
    assert offenders == []


def test_version_does_not_import_heavy_modules() -> None:
    code = ("import sys; from cll_kb.cli import load; load(); "
            "print(sorted(m for m in ('whoosh', 'fpdf', 'jinja2', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_command_is_mapped_to_the_module_that_registers_it() -> None:
    from typer.main import get_command_name

    from cll_kb.cli import COMMANDS, load

    app = load()
    found = {(c.name or get_command_name(c.callback.__name__)): c.callback.__module__
             for c in app.registered_commands}
    found |= {g.name: g.typer_instance.registered_commands[0].callback.__module__
              for g in app.registered_groups}
    assert {name: module.rsplit(".", 1)[1] for name, module in found.items()} == COMMANDS


def _cli_modules_after(args: list[str]) -> list[str]:
    code = (f"import json, sys; from cll_kb.cli import load; load({args!r}); "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('cll_kb.cli.'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_a_run_loads_only_the_command_modules_its_arguments_name() -> None:
    assert _cli_modules_after(["drug", "venetoclax"]) == ["cll_kb.cli.app", "cll_kb.cli.explain"]
    assert _cli_modules_after(["--color", "never", "ask", "what", "now"]) == [
        "cll_kb.cli.app", "cll_kb.cli.ask"]
    assert _cli_modules_after(["--version"]) == ["cll_kb.cli.app"]
    every = _cli_modules_after(["--help"])
    assert every == _cli_modules_after(["drgu"]) == _cli_modules_after([])
    assert len(every) == 7


def test_help_and_typos_through_the_entry_point_see_every_command() -> None:
    run = [sys.executable, "-c", "from cll_kb.cli import run; run()"]
    helped = subprocess.run([*run, "--help"], capture_output=True, text=True, check=True).stdout
    for name in ("ask", "config", "drug", "export", "options", "validate"):
        assert f" {name} " in helped
    typo = subprocess.run([*run, "optoins"], capture_output=True, text=True, check=False)
    assert typo.returncode == 2
    assert "No such command 'optoins'" in typo.stderr


# Draws the command in-process, then reports whether rich.table was imported on the way.
_DRAW = """
import contextlib, io, json, sys
from cll_kb.cli import load
out = io.StringIO()
with contextlib.redirect_stdout(out):
    load(sys.argv[1:])(sys.argv[1:], prog_name="cllkb", standalone_mode=False)
print(json.dumps({"out": out.getvalue(), "table": "rich.table" in sys.modules}))
"""


@pytest.mark.parametrize(("args", "shown", "table"), [
    (["drug", "venetoclax"], "Venetoclax", False),
    (["drug", "venetoclax", "--detailed"], "Venetoclax", False),
    (["options", "--untreated"], "Options your care team may discuss", False),
    (["ask", "tumor lysis syndrome"], "Tumor lysis syndrome", False),
    (["category", "bcl2i"], "Venetoclax", True),  # a real table: the check can see one
], ids=["drug", "drug-detailed", "options", "ask", "category"])
def test_cards_do_not_import_rich_table(args: list[str], shown: str, table: bool) -> None:
    """rich.table costs `fractions` and `decimal` at start-up; only real tables may import it."""
    out = subprocess.run([sys.executable, "-c", _DRAW, "--color", "never", *args],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert shown in result["out"]
    assert result["table"] is table


def test_frozen_value_classes_are_records_not_dataclasses() -> None:
    """A frozen dataclass costs ~1 ms of every start-up to define; cll_kb.record says why."""
    offenders = []
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                for deco in node.decorator_list:
                    text = ast.unparse(deco)
                    if "dataclass" in text and "frozen=True" in text:
                        offenders.append(f"{path.name}: {node.name}")
    assert offenders == []


# Of Whoosh, a question needs only the Porter stemmer: ranking reads the postings exported when
# the index was built (search/postings.py). Opening Whoosh's own index imported some forty of its
# modules (~17 ms), and its searcher the query language, highlighter and html (~10 ms more).
WHOOSH_ON_THE_QUERY_PATH = ["whoosh", "whoosh.lang", "whoosh.lang.porter"]


def test_a_cold_ask_imports_of_whoosh_only_its_stemmer(tmp_path: Path) -> None:
    knowledge = Path(__file__).resolve().parent.parent / "knowledge"
    code = ("import sys; from pathlib import Path; from cll_kb.search.answer import ask; "
            "from cll_kb.knowledge.layers import Layer; from cll_kb.search.engine import SearchEngine; "
            "from cll_kb.curate.store import open_kb; cache = Path(sys.argv[1]); "
            f"kb = open_kb([Layer(Path({str(knowledge)!r}))], cache); "
            "eng = SearchEngine.open(kb, cache); "
            "answers = [ask(eng, q) for q in sys.argv[2:]]; "
            "eng.search('bleeding', kind='drug'); "
            "print(eng.opened.origin, sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('whoosh', 'html', 'calendar')))")
    questions = ["what if trial fails", "venetoklax", "options after ibrutinib stopped working"]
    runs = [subprocess.run([sys.executable, "-c", code, str(tmp_path), *questions],
                           capture_output=True, text=True, check=True) for _ in range(2)]
    # The second run opens the index the first one built.
    assert runs[1].stdout.split(" ", 1) == ["cache", f"{WHOOSH_ON_THE_QUERY_PATH}\n"]
