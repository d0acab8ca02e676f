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
    code = ("import sys; from cll_kb.cli import app; "
            "print(sorted(m for m in ('whoosh', 'fpdf', 'jinja2', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# Draws the command in-process, then reports whether rich.table was imported on the way.
_DRAW = """
import contextlib, io, json, sys
from cll_kb.cli import app
out = io.StringIO()
with contextlib.redirect_stdout(out):
    app(sys.argv[1:], prog_name="cllkb", standalone_mode=False)
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
