"""Explainers through the real CLI: golden output, lookups by any name, exact error lines."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.main import get_command

from cll_kb.cli import load

from .conftest import KB_MIN, REPO

app = load()  # every command registered

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    ("drug-venetoclax", ["drug", "venetoclax"]),
    ("drug-venetoclax-detailed", ["drug", "Venclexta", "--detailed"]),
    ("category-bcl2i", ["category", "BCL2i"]),
    ("topic-tls", ["topic", "tls"]),
    ("term-tls", ["term", "TLS"]),
    ("ask-tls", ["ask", "tumor lysis syndrome"]),
    ("list", ["list"]),
    ("show-bcl2i-detailed", ["show", "bcl2i", "--detailed"]),
    ("sources", ["sources"]),
    ("sources-fda-venetoclax", ["sources", "fda-venetoclax"]),
]


def _stable(output: str) -> str:
    """Terminal hyperlinks carry a random id per run: make it fixed for comparing."""
    return re.sub(r"\x1b\]8;id=[^;]*;", "\x1b]8;id=0;", output)


def _golden(cli, regen: bool, name: str, args: list[str], color: str, width: int,
            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli("--kb", str(KB_MIN), "--color", color, *args)
    assert result.exit_code == 0, result.stderr  # a golden is never of a failed run
    path = GOLDEN / f"{name}.{'ansi' if color == 'always' else 'txt'}"
    output = _stable(result.stdout)
    if regen:
        path.write_text(output, encoding="utf-8")
    assert output == path.read_text(encoding="utf-8")
    assert not re.search(r"[ \t]$", output, re.M)  # no trailing whitespace on any line
    if color == "never":
        assert "\x1b" not in output


@pytest.mark.parametrize("color", ["never", "always"])
@pytest.mark.parametrize(("name", "args"), CASES, ids=[c[0] for c in CASES])
def test_golden_output(cli, regen: bool, name: str, args: list[str], color: str,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    _golden(cli, regen, name, args, color, 88, monkeypatch)


# The screens a person meets most, at a phone's width, a terminal's and a wide one.
WIDE_CASES = [("drug-venetoclax", ["drug", "venetoclax"]), ("ask-tls", ["ask", "tls"]),
              ("options-untreated", ["options", "--untreated"]), ("sources", ["sources"])]


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("color", ["never", "always"])
@pytest.mark.parametrize(("name", "args"), WIDE_CASES, ids=[c[0] for c in WIDE_CASES])
def test_golden_output_at_common_widths(cli, regen: bool, name: str, args: list[str],
                                        color: str, width: int,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _golden(cli, regen, f"{name}-w{width}", args, color, width, monkeypatch)


@pytest.mark.parametrize("name", ["venetoclax", "Venclexta", "VENCLYXTO", "venclexta"])
def test_drug_by_generic_or_brand_any_case(cli, name: str) -> None:
    data = json.loads(cli("drug", name, "--json").stdout)
    assert data["entry"]["id"] == "venetoclax"
    assert data["sources"][0]["n"] == 1 and data["sources"][0]["link"].startswith("https://")
    assert data["disclaimer"]


@pytest.mark.parametrize(("args", "line"), [
    (["drug", "venetoclx"], "cllkb: error: no drug named 'venetoclx'; did you mean venetoclax?"),
    (["drug", "btki"], "cllkb: error: no drug named 'btki'; it is a category: cllkb category btki"),
    (["topic", "venetoclax"], "cllkb: error: no topic named 'venetoclax'; it is a drug: cllkb drug venetoclax"),
    (["topic", "neutropenia"], "cllkb: error: no topic named 'neutropenia'; it is in the glossary: cllkb term neutropenia"),
    (["term", "venetoclax"], "cllkb: error: no glossary term 'venetoclax'; it is a drug: cllkb drug venetoclax"),
    (["term", "refractroy"], "cllkb: error: no glossary term 'refractroy'; did you mean refractory?"),
    (["term", "leukaemia"], "cllkb: error: no glossary term 'leukaemia'"),  # not "anemia"
    (["sources", "fda-venclexta"], "cllkb: error: no source with id 'fda-venclexta'; did you mean fda-venetoclax?"),
    (["show", "zzz"], "cllkb: error: no entry named 'zzz'"),
])  # fmt: skip
def test_unknown_names_exit_1_with_one_line(cli, args: list[str], line: str) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [line]
    assert result.stdout == ""


@pytest.mark.parametrize("name", ["BTKi", "btk inhibitors", "CAR-T", "car t"])
def test_category_aliases(cli, name: str) -> None:
    assert cli("category", name, "--json").exit_code == 0


@pytest.mark.parametrize(("args", "found"), [
    (["drug", "Breyanzi"], "lisocabtagene-maraleucel"), (["drug", "liso-cel"], "lisocabtagene-maraleucel"),
    (["category", "Breyanzi"], "car-t"), (["category", "liso-cel"], "car-t"),
    (["show", "Breyanzi"], "lisocabtagene-maraleucel"),  # a brand names its drug first
    (["show", "CAR-T"], "car-t"),
])  # fmt: skip
def test_a_name_two_kinds_share_finds_each_by_its_command(cli, args: list[str], found: str) -> None:
    """'Breyanzi' is the drug's brand and an alias of the CAR-T category: each command finds its
    own (`cllkb drug Breyanzi` said "it is a category")."""
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["entry"]["id"] == found


def test_list_is_one_id_per_line_when_piped(cli) -> None:
    ids = cli("list", "--kind", "drug").stdout.split()
    assert "venetoclax" in ids and all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)


def test_sources_cited_by(cli) -> None:
    data = json.loads(cli("sources", "fda-venetoclax", "--json").stdout)
    assert "venetoclax" in data["cited_by"]


def test_invalid_knowledge_is_refused_in_one_line(cli, kb_copy: Path) -> None:
    (kb_copy / "drugs" / "venetoclax.yaml").write_text("id: venetoclax\n")
    result = cli("--kb", str(kb_copy), "drug", "venetoclax")
    assert result.exit_code == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "CLLKB006" in line and "run `cllkb validate`" in line


def test_usage_errors_exit_2(cli) -> None:
    assert cli("drug").exit_code == 2
    assert cli("no-such-command").exit_code == 2
    assert cli("--color", "purple", "list").exit_code == 2
    for args in (["ask", " "], ["export", "--ask", " ", "-o", "-", "-f", "md"]):  # both alike
        result = cli(*args)
        assert result.exit_code == 2 and result.stdout == "", args
        assert result.stderr.startswith("cllkb: error: the question is empty"), args


def test_version_names_app_schema_and_review_date(cli) -> None:
    out = cli("--version").stdout
    assert re.fullmatch(r"cllkb \d+\.\d+\.\d+ \(schema 1, knowledge reviewed \d{4}-\d{2}-\d{2}\)\n", out)


COMMANDS = sorted(get_command(app).commands.items())  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_has_help_a_runnable_example_and_a_readme_line(cli, name, command, tmp_path,
                                                                      monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # examples that write files (export) write them here
    helptext = command.help or ""
    example = helptext.strip().splitlines()[-1]
    assert example.startswith("Example: cllkb "), f"{name} help must end with an example"
    args = shlex.split(example.removeprefix("Example: cllkb "))
    assert cli(*args).exit_code == 0, example
    assert f"cllkb {name}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_shell_completion_offers_ids_and_brand_names() -> None:
    from cll_kb.cli.complete import entry_names as _complete_names

    assert {"Venclexta", "Venclyxto", "venetoclax"} <= set(_complete_names("ven"))
    assert "imbruvica" in {n.lower() for n in _complete_names("IMB")}
