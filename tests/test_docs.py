"""Docs checked against the code: the curator guide's examples load with the real schema."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from cll_kb.curate.schema import SPECS, Checker, check_entry
from cll_kb.curate.yaml_reader import read_document

from .conftest import KNOWLEDGE

GUIDE = (KNOWLEDGE / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE, flags=re.S)


TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize(("start", "name"), [("id: mrd", "mrd.yaml"),
                                             ("no_match_topic:", "pathways.yaml")])
def test_full_examples_are_valid_files(tmp_path: Path, start: str, name: str) -> None:
    block = next(b for b in BLOCKS if b.startswith(start))
    path = tmp_path / name
    path.write_text(block, encoding="utf-8")
    doc, issues = read_document(path, name)
    assert doc is not None and not issues
    checker = Checker(doc, name, TODAY)
    if name == "mrd.yaml":
        checked = check_entry(checker, "topic", "mrd")
    else:
        checked = checker.record(doc.data, "pathways_file", ())
    assert checked is not None, [i.format() for i in checker.issues]


def test_file_examples_use_only_known_fields() -> None:
    specs = {"last_reviewed": "glossary", "sources": "sources_file", "synonyms": "synonyms_file"}
    checked = set()
    for block in BLOCKS:
        data = yaml.safe_load(block)
        key = next(iter(data))
        if key in specs:
            checked.add(key)
            spec = SPECS[specs[key]]
            assert set(data) <= set(spec)
            nested = spec[list(data)[-1]].nested
            for item in data[list(data)[-1]]:
                assert set(item) <= set(SPECS[nested]), item
    assert checked == set(specs), "the guide lost an example file this test checks"


def test_every_field_of_every_kind_is_documented() -> None:
    for kind in ("drug", "category", "topic"):
        for field in SPECS[kind]:
            assert f"`{field}`" in GUIDE, f"{kind}.{field} missing from knowledge/README.md"


def test_every_pathways_field_is_documented() -> None:
    section = GUIDE.split("## `pathways.yaml`", 1)[1].split("\n## ", 1)[0]
    for spec in ("pathways_file", "routing", "treatment", "marker", "rule", "claim", "option"):
        for field in SPECS[spec]:
            assert f"`{field}`" in section or f"{field}:" in section, f"{spec}.{field}"
