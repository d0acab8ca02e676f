"""Search and `cllkb ask`: quality targets, the JSON contract, odd input, a robust index."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cll_kb.curate.store import open_kb
from cll_kb.knowledge.layers import Layer
from cll_kb.search.answer import ask
from cll_kb.search.engine import SearchEngine
from cll_kb.search.index import index_key

from .conftest import KNOWLEDGE
from .eval.run_eval import evaluate


@pytest.fixture(scope="module")
def kb():
    return open_kb([Layer(KNOWLEDGE)], None)


@pytest.fixture(scope="module")
def engine(kb, tmp_path_factory):
    eng = SearchEngine.open(kb, tmp_path_factory.mktemp("cache"))
    yield eng
    eng.close()


def test_quality_targets_on_the_development_set(kb, engine) -> None:
    ours, plain, oos = evaluate(kb, engine)
    assert ours.n >= 230  # the journey questions of issue 15 included
    assert ours.hit3 / ours.n >= 0.90, ours.misses
    assert ours.hit1 / ours.n >= 0.70, ours.misses
    assert oos.answered == 0, oos.misses
    assert ours.hit1 > plain.hit1  # the analysis must beat plain BM25, or it is not earning its keep


@pytest.mark.parametrize(("question", "first"), [
    ("what if trial fails", "treatment-not-working"),
    ("Venclexta", "venetoclax"),
    ("imbruvica", "ibrutinib"),
    ("metastatic CLL options", "advanced-cll"),
])  # fmt: skip
def test_main_questions(engine, question: str, first: str) -> None:
    answer = ask(engine, question)
    assert answer.answered and answer.results[0].id == first


@pytest.mark.parametrize(("question", "first"), [
    ("CLL", "what-is-cll"), ("what is CLL", "what-is-cll"), ("tell me about CLL", "what-is-cll"),
    ("what does CLL mean", "what-is-cll"), ("What does SLL stand for?", "what-is-cll"),
    ("CLL explained", "what-is-cll"), ("treatment options", "treatment-options-overview"),
    ("how bad is it", "prognosis"), ("life expectancy", "prognosis"),
    ("is it curable", "prognosis"), ("how long will I live with CLL", "prognosis"),
])  # fmt: skip
def test_orientation_questions_land_on_orientation_pages(engine, question: str, first: str) -> None:
    """Issue 15: short, general questions show an overview page, never a page about relapse,
    refractory CLL or Richter; the last-line pages stay out of the top 3 as well."""
    answer = ask(engine, question)
    top = [r.id for r in answer.results[:3]]
    assert answer.answered and top[0] == first, top
    assert not {"double-refractory", "richter-transformation"} & set(top), top


@given(name=st.sampled_from(["CLL", "SLL", "MRD", "ibrutinib", "Richter syndrome"]),
       frame=st.sampled_from(["what does {} mean", "{} explained", "what is {}",
                              "tell me about {}", "{} definition", "what does {} stand for?"]))
def test_a_definition_question_finds_what_the_name_alone_finds(engine, name, frame) -> None:
    """Words that only ask what something is change nothing: the name decides."""
    assert ask(engine, frame.format(name)).results[0].id == ask(engine, name).results[0].id


@pytest.mark.parametrize("question", [
    "lymphocytic colitis treatment", "chronic lymphocytic inflammation in a biopsy",
    "chronic lymphocytic thyroiditis", "MGUS and myeloma risk", "CML options after imatinib failed",
    "hairy cell leukemia", "Waldenström macroglobulinemia", "mantle cell lymphoma treatment",
])  # fmt: skip
def test_near_misses_about_other_diseases_are_refused(engine, question: str) -> None:
    answer = ask(engine, question)
    assert not answer.answered and answer.results == (), question


@pytest.mark.parametrize("question", ["what happens after 12 cycles",
                                      "side effects in the first 12 weeks", "17 months later"])
def test_a_number_names_nothing(kb, engine, question: str) -> None:
    """Trisomy 12's alias "+12" is "12" once normalized: a number of months or cycles must not
    name it (it ranked second for "what happens after 12 cycles")."""
    from cll_kb.search.analysis import normalize

    numbers = {normalize(n) for e in (*kb.entries.values(), *kb.terms.values()) for n in e.names
               if normalize(n).isdigit()}
    assert "12" in numbers  # the knowledge still has such an alias: the case is live
    result = engine.search(question)
    assert not [n for n in result.plan.names if n.isdigit()]
    assert "term:trisomy-12" not in [h.id for h in result.hits[:3]]
    assert engine.search("trisomy 12").hits[0].id == "term:trisomy-12"


def test_every_entry_and_term_is_found_by_its_own_title(cli, kb) -> None:
    """In any case, and without the words in its closing brackets ("Chronic lymphocytic
    leukemia" for the term "Chronic lymphocytic leukemia (CLL)", and "CLL" too)."""
    from cll_kb.knowledge.kb import split_title

    for entry in kb.entries.values():
        for name in (entry.title, entry.title.upper(), split_title(entry.title)[0].lower()):
            assert kb.find(name).id == entry.id, name
    for term in kb.terms.values():
        head, inside = split_title(term.term)
        for name in (term.term, term.term.lower(), head.upper()):
            assert kb.find_term(name).id == term.id, name
        if inside:
            assert kb.find_term(inside).id == term.id, inside  # "CLL" for the CLL term
    result = cli("term", "chronic lymphocytic leukemia")
    assert result.exit_code == 0 and result.stdout.startswith("Chronic lymphocytic leukemia (CLL)")


def test_spelling_is_corrected_and_said(engine) -> None:
    answer = ask(engine, "venetoklax")
    assert answer.results[0].id == "venetoclax"
    assert answer.notice == "Showing results for “venetoclax”."


def test_out_of_scope_is_refused_with_a_notice(engine) -> None:
    answer = ask(engine, "What dose of imatinib is used for CML?")
    assert not answer.answered and answer.results == ()
    assert "covers CLL/SLL" in (answer.notice or "")
    kept = ask(engine, "Is CLL like CML?")  # a CLL subject keeps it in scope
    assert "covers CLL/SLL" not in (kept.notice or "")


def test_no_good_answer_says_so(engine) -> None:
    answer = ask(engine, "how do I renew my passport")
    assert not answer.answered
    assert "no good answer" in (answer.notice or "") and "cllkb list" in (answer.notice or "")


@pytest.mark.parametrize("text", ['"', "(((", "AND OR NOT", "*", "~2", "title:x", "\x00\x1b[31m",
                                  "", "   ", "a" * 5000, "🙂", "del(17p)"])
def test_query_syntax_is_plain_text(engine, text: str) -> None:
    data = json.loads(json.dumps(ask(engine, text).to_data()))
    assert data["query"] == text and isinstance(data["answered"], bool)
    assert not data["answered"] or data["results"]


@given(text=st.text(max_size=200))
def test_any_unicode_never_raises(engine, text: str) -> None:
    data = ask(engine, text).to_data()
    assert set(data) == {"query", "answered", "notice", "results", "disclaimer"}


def test_ask_json_contract(cli) -> None:
    result = cli("ask", "--json", "what if trial fails")
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert data["query"] == "what if trial fails" and data["answered"] is True
    assert data["notice"] is None and data["disclaimer"]
    assert set(data["results"][0]) == {"id", "kind", "title", "summary", "score"}
    assert data["results"][0]["id"] == "treatment-not-working"
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_ask_exit_1_when_unanswered(cli) -> None:
    result = cli("ask", "--json", "best banana bread recipe")
    assert result.exit_code == 1 and json.loads(result.stdout)["answered"] is False


def test_search_lists_ranked_hits_with_kind_filter(cli) -> None:
    result = cli("search", "--json", "--kind", "drug", "bleeding")
    hits = json.loads(result.stdout)["hits"]
    assert hits and all(h["kind"] == "drug" for h in hits)
    assert cli("search", "--kind", "nope", "x").exit_code == 2


def _index_dir(kb, cache: Path) -> Path:
    return cache / index_key(kb)


def _damage(ix: Path, how: str) -> None:
    toc = next(ix.glob("_MAIN_*.toc"))
    seg = next(ix.glob("MAIN_*.seg"))
    if how == "deleted":
        seg.unlink()
    elif how == "truncated":
        seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])
    elif how == "emptied":
        toc.write_bytes(b"")
    elif how == "not-a-pickle":
        toc.write_bytes(b"\x80\x04damaged")
    else:  # a well-formed pickle of something else
        toc.write_bytes(pickle.dumps({"format": 1, "docs": 3}))


@pytest.mark.parametrize("damage", ["deleted", "truncated", "emptied", "not-a-pickle", "other"])
def test_damaged_index_is_rebuilt(kb, cache, damage: str) -> None:
    SearchEngine.open(kb, cache).close()
    _damage(_index_dir(kb, cache), damage)
    eng = SearchEngine.open(kb, cache)
    assert eng.opened.origin == "built"
    assert ask(eng, "Venclexta").results[0].id == "venetoclax"
    eng.close()


def test_the_index_is_whooshs_own_files_and_private(kb, cache) -> None:
    eng = SearchEngine.open(kb, cache)
    files = list(eng.opened.path.iterdir())
    assert {p.suffix for p in files} >= {".toc", ".seg"}
    assert all(p.stat().st_mode & 0o077 == 0 for p in [eng.opened.path, *files])
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # no scratch left
    eng.close()


def test_spelling_is_whooshs_corrector_on_the_spelling_field(kb, engine) -> None:
    """A misspelled name is corrected to the word Whoosh's corrector suggests; a word that is
    in the knowledge, or too short to correct safely, is left alone."""
    plan = engine.search("venetoklax acalabrutnib tls").plan
    assert plan.corrections == (("venetoklax", "venetoclax"), ("acalabrutnib", "acalabrutinib"))
    assert engine.search("induction").plan.corrections == ()


def test_every_ranking_constant_lives_in_weights() -> None:
    """One place for field boosts, synonym and name weights, the reach power and thresholds."""
    import re

    from cll_kb.search import weights

    pkg = Path(weights.__file__).parent
    names = [n for n in vars(weights) if n.isupper()]
    for path in pkg.parent.rglob("*.py"):
        if path.name == "weights.py":
            continue
        for name in names:
            assert not re.search(rf"^{name}\s*=", path.read_text(), re.M), (path, name)


def test_cache_path_that_is_a_file_falls_back_to_memory(cli, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CLLKB_CACHE_DIR", str(blocker))
    result = cli("ask", "--json", "Venclexta")
    assert result.exit_code == 0 and json.loads(result.stdout)["results"][0]["id"] == "venetoclax"


@pytest.mark.slow
def test_eight_processes_on_an_empty_cache(tmp_path) -> None:
    env = {**os.environ, "CLLKB_CACHE_DIR": str(tmp_path / "empty")}
    cmd = [sys.executable, "-c", "from cll_kb.cli import run; run()", "ask", "--json",
           "what if trial fails"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(8)]
    tops = set()
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        tops.add(json.loads(out)["results"][0]["id"])
    assert tops == {"treatment-not-working"}
    indexes = [p for p in (tmp_path / "empty").iterdir() if p.name.startswith("index-")]
    assert len(indexes) == 1
    assert not [p for p in (tmp_path / "empty").iterdir() if ".tmp-" in p.name]


def test_old_indexes_are_pruned(kb, cache) -> None:
    from cll_kb.search.index import KEEP_INDEXES

    def old(n: int) -> str:
        return f"index-{n:024x}-l1-w3.54.0"

    for n in range(12):
        (cache / old(n)).mkdir()
        os.utime(cache / old(n), (1_000_000 + n, 1_000_000 + n))
    SearchEngine.open(kb, cache).close()
    left = sorted(p.name for p in cache.glob("index-*"))
    assert len(left) == KEEP_INDEXES and index_key(kb) in left and old(11) in left
    assert not list(cache.glob(".trash-*"))
