"""Text analysis: the index words of a text, and the normal form phrases are matched in."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cll_kb.search.analysis import STOP_WORDS, analyzer, normalize, terms


@pytest.mark.parametrize(("text", "expected"), [
    ("What if the trial treatment doesn't work?", ["trial", "treatment", "work"]),
    ("not working", ["not", "work"]),  # negations stay: refractory pages say "not"
    ("Richter’s transformation", ["richter", "transform"]),
    ("CAFÉ Crème brûlée", ["cafe", "creme", "brule"]),
    ("del(17p) TP53", ["del", "17p", "tp53"]),
    ("bleeding bleeds bled", ["bleed", "bled"]),
    ("", []),
])  # fmt: skip
def test_terms_are_the_index_words_of_a_text(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_terms_of_any_text(text: str) -> None:
    """Any text: no error, and every term the stem of a word that is not a stop word ('ves'
    stems to 've', which is one: that is fine)."""
    from whoosh.analysis import StemFilter, StopFilter
    from whoosh.lang.porter import stem

    found = terms(text)
    words = analyzer().items[0]
    for item in analyzer().items[1:]:
        if not isinstance(item, StopFilter | StemFilter):
            words = words | item
    assert set(found) <= {stem(t.text) for t in words(text) if t.text not in STOP_WORDS}


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
