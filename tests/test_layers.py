"""Local knowledge layers loaded over the shipped one: add, replace, mark, validate by layer."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import KB_MIN

LOCAL_TOPIC = """\
id: {id}
title: {title}
aka: []
summary: Our clinic's nurse line answers calls about CLL treatment.
key_points: [Call the nurse line with questions., It is open on weekdays., Keep the number near you.]
sources: [fda-venetoclax]
last_reviewed: 2026-11-01
related: [venetoclax]
sections: [{{heading: When to call, body: Call about fever or new bleeding.}}]
"""


def _layer(tmp_path: Path, entry_id: str, title: str) -> Path:
    local = tmp_path / "local"
    (local / "topics").mkdir(parents=True)
    (local / "topics" / f"{entry_id}.yaml").write_text(LOCAL_TOPIC.format(id=entry_id, title=title))
    return local


def test_local_entry_adds_a_page_marked_local(cli, tmp_path: Path) -> None:
    local = _layer(tmp_path, "nurse-line", "Our nurse line")
    out = json.loads(cli("--kb", str(KB_MIN), "--local", str(local), "list", "--json").stdout)
    origins = {e["id"]: e["origin"] for e in out}
    assert origins["nurse-line"] == "local" and origins["venetoclax"] == "shipped"
    card = cli("--kb", str(KB_MIN), "--local", str(local), "--color", "never", "show", "nurse-line")
    assert "(Topic, local)" in card.stdout and "written by your clinic" in card.stdout


def test_a_local_glossary_word_is_listed_as_local(cli, tmp_path: Path) -> None:
    local = _layer(tmp_path, "nurse-line", "Our nurse line")
    (local / "glossary.yaml").write_text(
        "last_reviewed: 2026-11-01\nterms:\n  - id: nurse-line\n    term: Nurse line\n"
        "    aka: []\n    definition: The phone number of our clinic's nurses.\n")
    out = json.loads(cli("--kb", str(KB_MIN), "--local", str(local), "list", "--kind", "term",
                         "--json").stdout)
    origins = {t["id"]: t["origin"] for t in out}
    assert origins["nurse-line"] == "local" and set(origins.values()) == {"local", "shipped"}


def test_local_entry_replaces_a_shipped_one(cli, tmp_path: Path, monkeypatch) -> None:
    local = _layer(tmp_path, "tumor-lysis-syndrome", "TLS at our clinic")
    monkeypatch.setenv("CLLKB_LOCAL_KNOWLEDGE", str(local))
    data = json.loads(cli("--kb", str(KB_MIN), "topic", "tumor-lysis-syndrome", "--json").stdout)
    assert data["entry"]["title"] == "TLS at our clinic" and data["entry"]["origin"] == "local"


def test_validate_names_the_layer_of_a_problem(cli, tmp_path: Path) -> None:
    local = _layer(tmp_path, "nurse-line", "Our nurse line")
    (local / "topics" / "nurse-line.yaml").write_text(
        LOCAL_TOPIC.format(id="nurse-line", title="x").replace("[venetoclax]", "[venetoclx]"))
    result = cli("--kb", str(KB_MIN), "--local", str(local), "validate")
    line = next(ln for ln in result.stdout.splitlines() if "CLLKB009" in ln)
    assert "unknown entry id 'venetoclx'" in line and line.endswith("[local]")
    assert result.exit_code == 1
