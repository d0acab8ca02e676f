"""Models survive YAML → model → data → YAML unchanged (hypothesis), and lookups behave."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cll_kb.curate.loader import load
from cll_kb.curate.schema import Checker, check_entry
from cll_kb.curate.yaml_reader import read_document
from cll_kb.errors import NotFoundError
from cll_kb.knowledge.models import Evidence, Section, Topic, to_data
from cll_kb.record import items

from .conftest import KB_MIN

text = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "Zs", "S"), exclude_characters="\x85\u2028\u2029"),
    min_size=1, max_size=40,
).map(str.strip).filter(bool)
slug = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
texts = st.lists(text, max_size=4).map(tuple)


@st.composite
def topics(draw: st.DrawFn) -> Topic:
    sentence = draw(text).rstrip(".!?") + "."
    return Topic(
        kind="topic", id=draw(slug), title=draw(text), aka=draw(texts),
        summary=sentence.replace(". ", " "),  # one sentence, so the 1–3 rule always holds
        key_points=tuple(draw(st.lists(text, min_size=3, max_size=6))),
        sources=tuple(draw(st.lists(slug, min_size=1, max_size=3))),
        last_reviewed=draw(st.dates(dt.date(2000, 1, 1), dt.date(2026, 1, 1))),
        related=tuple(draw(st.lists(slug, max_size=3))),
        questions_to_ask=draw(texts), call_care_team_if=draw(texts),
        sections=tuple(draw(st.lists(st.builds(Section, heading=text, body=text,
                                                sources=st.lists(slug, max_size=2).map(tuple)),
                                     min_size=1, max_size=3))),
        terms=tuple(draw(st.lists(slug, max_size=2))),
    )  # fmt: skip


@given(topic=topics())
def test_topic_round_trips_through_yaml(topic: Topic, tmp_path_factory: pytest.TempPathFactory) -> None:
    data = {k: v for k, v in to_data(topic).items() if k not in ("kind", "origin", "path")}
    data["last_reviewed"] = topic.last_reviewed  # JSON shape uses ISO text; YAML takes a date
    path = tmp_path_factory.mktemp("rt") / f"{topic.id}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    doc, issues = read_document(path, "x.yaml")
    assert doc is not None and not issues
    checker = Checker(doc, "x.yaml", dt.date(2026, 11, 21))
    assert check_entry(checker, "topic", topic.id) == topic.__class__(**{**to_kw(topic), "path": "x.yaml"})
    assert not checker.issues


def to_kw(obj: object) -> dict:
    return dict(items(obj))


def test_evidence_is_plain_data() -> None:
    ev = Evidence(study="MURANO", population="389 people", result="x", source="trial-murano")
    assert to_data(ev) == {"study": "MURANO", "population": "389 people", "result": "x",
                           "source": "trial-murano", "year": None}


def test_models_are_immutable() -> None:
    kb = load(KB_MIN).kb
    assert kb is not None
    with pytest.raises(AttributeError):
        kb.get("venetoclax").title = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        kb.entries["x"] = kb.get("venetoclax")  # type: ignore[index]


@pytest.mark.parametrize("name", ["venetoclax", "Venclexta", "VENCLYXTO", "abt 199", "ABT-199"])
def test_find_by_any_name_any_case(name: str) -> None:
    kb = load(KB_MIN).kb
    assert kb is not None
    assert kb.find(name).id == "venetoclax"


def test_not_found_suggests_closest() -> None:
    kb = load(KB_MIN).kb
    assert kb is not None
    with pytest.raises(NotFoundError) as err:
        kb.find("venetoclx")
    assert err.value.suggestions[0] == "venetoclax"
    assert kb.find_term("tls").id == "tls"
    assert [e.id for e in kb.by_kind("drug")] == ["venetoclax"]
    assert [s.id for s in kb.sources_for(kb.get("venetoclax"))] == ["fda-venetoclax"]
    assert [e.id for e in kb.citing("fda-venetoclax")] == ["bcl2i", "venetoclax", "tumor-lysis-syndrome"]


def test_load_missing_folder_is_an_issue(tmp_path: Path) -> None:
    result = load(tmp_path / "nope")
    assert result.kb is None
    assert result.errors[0].code == "CLLKB010"


def test_every_schema_field_is_a_model_field_and_back() -> None:
    """Fields are declared twice, once for checking the YAML (curate/schema.py SPECS) and once
    for the model; this keeps the two in step (the loader adds kind, origin and path itself, and a glossary term's origin)."""
    from cll_kb.curate.schema import NESTED_CLASSES, SPECS
    from cll_kb.knowledge.models import ENTRY_CLASSES
    from cll_kb.record import fields

    derived = {"kind", "origin", "path"}
    for kind, cls in ENTRY_CLASSES.items():
        assert set(SPECS[kind]) == set(fields(cls)) - derived, kind
    for name, cls in NESTED_CLASSES.items():
        assert set(SPECS[name]) == set(fields(cls)) - ({"origin"} if name == "term" else set()), name
