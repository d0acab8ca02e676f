"""Docs checked against the code: the curator guide's examples load with the real schema."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from cll_kb.schema import SPECS, Checker, check_entry
from cll_kb.yaml_reader import read_document

from .conftest import KNOWLEDGE

GUIDE = (KNOWLEDGE / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE, flags=re.S)


def test_minimal_topic_example_is_a_valid_topic(tmp_path: Path) -> None:
    block = next(b for b in BLOCKS if b.startswith("id: mrd"))
    path = tmp_path / "mrd.yaml"
    path.write_text(block, encoding="utf-8")
    doc, issues = read_document(path, "mrd.yaml")
    assert doc is not None and not issues
    checker = Checker(doc, "mrd.yaml", dt.date(2026, 11, 21))
    assert check_entry(checker, "topic", "mrd") is not None, [i.format() for i in checker.issues]


def test_file_examples_use_only_known_fields() -> None:
    specs = {"last_reviewed": "glossary", "sources": "sources_file", "synonyms": "synonyms_file"}
    for block in BLOCKS:
        data = yaml.safe_load(block)
        key = next(iter(data))
        if key in specs:
            spec = SPECS[specs[key]]
            assert set(data) <= set(spec)
            nested = spec[list(data)[-1]].nested
            for item in data[list(data)[-1]]:
                assert set(item) <= set(SPECS[nested]), item


def test_every_field_of_every_kind_is_documented() -> None:
    for kind in ("drug", "category", "topic"):
        for field in SPECS[kind]:
            assert f"`{field}`" in GUIDE, f"{kind}.{field} missing from knowledge/README.md"


def test_pathways_example_is_a_valid_pathways_file(tmp_path: Path) -> None:
    block = next(b for b in BLOCKS if b.startswith("no_match_topic:"))
    path = tmp_path / "pathways.yaml"
    path.write_text(block, encoding="utf-8")
    doc, issues = read_document(path, "pathways.yaml")
    assert doc is not None and not issues
    checker = Checker(doc, "pathways.yaml", dt.date(2026, 11, 21))
    assert checker.record(doc.data, "pathways_file", ()) is not None, [
        i.format() for i in checker.issues]


def test_every_pathways_field_is_documented() -> None:
    section = GUIDE.split("## `pathways.yaml`", 1)[1].split("\n## ", 1)[0]
    for spec in ("pathways_file", "routing", "treatment", "marker", "rule", "claim", "option"):
        for field in SPECS[spec]:
            assert f"`{field}`" in section or f"{field}:" in section, f"{spec}.{field}"
