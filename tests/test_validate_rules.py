"""One broken file per rule: the exact `path:line: CODE message — fix` line and the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import FIXTURES

BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))


def _header(text: str, key: str) -> str:
    for line in text.splitlines():
        if line.startswith(f"# {key}: "):
            return line.split(": ", 1)[1]
    return ""


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.stem for p in BROKEN])
def test_rule_message_and_exit_code(fixture: Path, kb_copy: Path, cli, monkeypatch) -> None:
    text = fixture.read_text(encoding="utf-8")
    target = kb_copy / _header(text, "target")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    monkeypatch.chdir(kb_copy)
    expected = _header(text, "expect")
    strict = _header(text, "strict") == "yes"
    if strict:  # warnings alone pass without --strict …
        assert cli("--kb", ".", "validate").exit_code == 0
    result = cli("--kb", ".", "validate", *(["--strict"] if strict else []))
    assert expected in result.stdout.splitlines()
    assert result.exit_code == 1


def test_every_rule_code_has_a_fixture() -> None:
    guide = (Path(__file__).parent.parent / "knowledge" / "README.md").read_text()
    codes = {line.split("|")[1].strip() for line in guide.splitlines() if "| CLLKB" in line}
    # 011 is a binary file (below); 018 is a FIFO, a device, a folder or a huge file, which
    # test_hostile.py makes on the spot.
    covered = {p.stem.split("-")[0] for p in BROKEN} | {"CLLKB011", "CLLKB018"}
    assert codes <= covered, f"rules without a fixture: {sorted(codes - covered)}"


@pytest.mark.parametrize("payload", [b"id: x\x00\x01\x02", b"id: venetoclax\ntitle: caf\xe9\n"])
def test_binary_or_non_utf8_file(payload: bytes, kb_copy: Path, cli, monkeypatch) -> None:
    (kb_copy / "topics" / "tumor-lysis-syndrome.yaml").write_bytes(payload)
    monkeypatch.chdir(kb_copy)
    result = cli("--kb", ".", "validate")
    line = next(ln for ln in result.stdout.splitlines() if "CLLKB011" in ln)
    assert line.startswith("topics/tumor-lysis-syndrome.yaml:")
    assert result.exit_code == 1


def test_all_problems_reported_at_once(kb_copy: Path, cli, monkeypatch) -> None:
    (kb_copy / "topics" / "tumor-lysis-syndrome.yaml").write_text("id: [\n")
    (kb_copy / "categories" / "bcl2i.yaml").write_text("")
    monkeypatch.chdir(kb_copy)
    codes = {ln.split()[1] for ln in cli("--kb", ".", "validate").stdout.splitlines()
             if ": CLLKB" in ln}
    assert {"CLLKB001", "CLLKB010"} <= codes


def test_json_report_shape(kb_copy: Path, cli, monkeypatch) -> None:
    (kb_copy / "topics" / "tumor-lysis-syndrome.yaml").write_text("")
    monkeypatch.chdir(kb_copy)
    result = cli("--kb", ".", "validate", "--json")
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["errors"][0] == {
        "path": "topics/tumor-lysis-syndrome.yaml", "line": 1, "code": "CLLKB010",
        "level": "error", "message": "empty file",
        "fix": "fill it in (see knowledge/README.md) or delete it", "layer": None,
    }
    assert result.exit_code == 1


def test_valid_fixture_passes_strict(kb_copy: Path, cli) -> None:
    result = cli("--kb", str(kb_copy), "validate", "--strict")
    assert result.exit_code == 0, result.stdout
    assert "knowledge ok" in result.stdout
