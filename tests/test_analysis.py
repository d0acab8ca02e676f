"""`terms()` computes what the index's analyzer makes of a text; here the two are compared."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cll_kb.curate.store import open_kb
from cll_kb.knowledge.layers import Layer
from cll_kb.search.analysis import analyzer, normalize, terms
from cll_kb.search.index import TEXT_FIELDS, documents

from .conftest import KNOWLEDGE
from .eval.run_eval import questions


def _analyzed(text: str) -> list[str]:
    return list(dict.fromkeys(t.text for t in analyzer()(text)))


@pytest.fixture(scope="module")
def texts() -> list[str]:
    kb = open_kb([Layer(KNOWLEDGE)], None)
    out = [doc[f] for doc in documents(kb) for f in TEXT_FIELDS]
    out += [q["question"] for part in questions().values() for q in part]
    out += [p for syn in kb.synonyms for p in syn.phrases]
    return out


def test_terms_are_the_analyzers_on_all_the_knowledge(texts: list[str]) -> None:
    assert len(texts) > 1000
    assert [terms(t) for t in texts] == [_analyzed(t) for t in texts]


@pytest.mark.parametrize("text", [
    "Richter’s doesn't won't", "CAFÉ Crème brûlée", "Straße İstanbul \u212aelvin", "ﬁnal ½ ²",
    "l'obinutuzumab ’tis o''clock '", "del(17p) TP53 IGHV_unmutated", "ʼnoun ǅ ǈ", "",
])  # fmt: skip
def test_terms_are_the_analyzers_on_odd_text(text: str) -> None:
    assert terms(text) == _analyzed(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80)
       | st.text(alphabet="aeiouAEIOU éÉüñçøßİı'’‘`´-_ \u212a\u0301\u02bc", max_size=40))
def test_terms_are_the_analyzers_on_any_text(text: str) -> None:
    assert terms(text) == _analyzed(text)


def test_the_accent_map_leaves_lower_case_ascii_alone() -> None:
    """`terms` skips the accent map for ASCII words, which lower() has made lower-case."""
    from whoosh.support.charset import accent_map

    ascii_lower = string.ascii_lowercase + string.digits + "_'"
    assert "".join(ascii_lower).translate(accent_map) == ascii_lower


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=9),
                min_size=1, max_size=6))
def test_normalize_shortcut_agrees_with_the_full_steps(words: list[str]) -> None:
    text = " ".join(words)
    assert normalize(text) == text  # taken as already normal
    assert normalize(f" {text}\t") == text  # the full steps: the shortcut refuses the spaces


@pytest.mark.parametrize(("text", "normal"), [
    ("trial fails", "trial fails"), ("Trial  Fails", "trial fails"), ("doesn't work", "doesnt work"),
    ("car-t", "car t"), ("Richter’s", "richters"), ("Crème", "creme"), ("", ""), ("x\x00y", "x y"),
])  # fmt: skip
def test_normalize_examples(text: str, normal: str) -> None:
    assert normalize(text) == normal
