"""Layering rules from STYLE.md, checked: the core never imports typer or prints."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

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
    from cll_kb.cli import COMMANDS

    commands = {f"cll_kb.cli.{m}" for m in (*COMMANDS.values(), "app")}
    return [m for m in json.loads(out.stdout) if m in commands]  # command modules only


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


def test_frozen_value_classes_are_records_not_dataclasses() -> None:
    """A frozen dataclass is compiled at every start-up; cll_kb.record says why."""
    offenders = []
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                for deco in node.decorator_list:
                    text = ast.unparse(deco)
                    if "dataclass" in text and "frozen=True" in text:
                        offenders.append(f"{path.name}: {node.name}")
    assert offenders == []


# Layers, lowest first. A module may import from its own layer and the layers below it, never
# from a layer above (cli imports anything; nothing imports cli). Within a package, its modules
# share its layer unless listed on their own.
LAYERS = [
    {"cll_kb", "cll_kb.errors", "cll_kb.status", "cll_kb.clock", "cll_kb.paths", "cll_kb.record",
     "cll_kb.textcheck", "cll_kb.fs"},
    {"cll_kb.knowledge", "cll_kb.config"},
    {"cll_kb.options.matching"},
    {"cll_kb.curate"},
    {"cll_kb.options"},
    {"cll_kb.search"},
    {"cll_kb.page"},
    {"cll_kb.render", "cll_kb.export"},
    {"cll_kb.cli"},
]


def _layer(module: str) -> int:
    best, level = "", -1
    for n, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > len(best):
                best, level = name, n
    assert level >= 0, f"{module} is in no layer"
    return level


def _module_name(path: Path) -> str:
    return ".".join(("cll_kb", *path.relative_to(PKG).with_suffix("").parts)).removesuffix(
        ".__init__")


def _imports(path: Path) -> list[tuple[int, str]]:
    """Modules a file imports from cll_kb (relative imports resolved), with their line."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("cll_kb"):
                if not node.module:  # "from . import x": x is a module
                    found += [(node.lineno, f"{target}.{a.name}") for a in node.names]
                else:
                    found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("cll_kb")]
    return found


def test_imports_only_go_down_the_layers() -> None:
    wrong = []
    for path in PKG.rglob("*.py"):
        mine = _layer(_module_name(path))
        for line, target in _imports(path):
            if _layer(target) > mine:
                wrong.append(f"{_module_name(path)}:{line} imports {target}")
    assert wrong == []


def test_the_top_level_stays_small_and_every_package_says_what_it_is_for() -> None:
    top = sorted(p.name for p in PKG.glob("*.py"))
    assert len(top) <= 10, top
    for init in PKG.rglob("__init__.py"):
        assert ast.get_docstring(ast.parse(init.read_text())), f"{init} needs a docstring"


def test_command_modules_do_not_import_each_others_private_helpers() -> None:
    wrong = []
    for path in (PKG / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level and node.module not in ("app",):
                private = [a.name for a in node.names if a.name.startswith("_")]
                if private and (node.module or "").split(".")[0] in {
                        p.stem for p in (PKG / "cli").glob("*.py")}:
                    wrong.append(f"{path.name}:{node.lineno} {node.module}.{private}")
    assert wrong == []
