"""`cllkb options` and situation questions in `ask`: every rule through the real CLI, the
no-rule path, the double-refractory and Richter paths against their sources, the JSON shape,
matching properties, and odd flag combinations."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cll_kb.curate.store import open_kb
from cll_kb.knowledge.layers import Layer
from cll_kb.options.matching import Situation, choose, clashes, command_args, fits, specificity
from cll_kb.options.routing import detect
from cll_kb.options.view import NO_RULE, build, situation_from
from cll_kb.record import FrozenRecordError

from .conftest import KB_MIN, KNOWLEDGE

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def kb():
    return open_kb([Layer(KNOWLEDGE)], None)


def _rules():
    return open_kb([Layer(KNOWLEDGE)], None).pathways.rules  # type: ignore[union-attr]


def _args(rule) -> list[str]:
    """The command line that describes exactly the situation a rule requires."""
    return command_args(rule.situation)


def _options(cli, *args: str) -> tuple[int, dict]:
    result = cli("options", "--json", *args)
    return result.exit_code, json.loads(result.stdout)


# -- every rule through the CLI ------------------------------------------------------------------
@pytest.mark.parametrize("rule", _rules(), ids=lambda r: r.id)
def test_every_rule_is_reachable_from_the_command_line(cli, kb, rule) -> None:
    code, data = _options(cli, *_args(rule))
    assert code == 0 and data["matched"] and data["rule"]["id"] == rule.id
    assert data["notice"] is None
    assert data["see"][0] == {"id": rule.topic, "kind": "topic", "title": kb.entries[rule.topic].title,
                              "command": f"cllkb topic {rule.topic}"}
    assert "clinical-trials" in [o["category"]["id"] for o in data["options"]]
    screen = cli("--color", "never", "options", *_args(rule)).stdout
    for text in (rule.title, "Options your care team may discuss", "Clinical trials",
                 f"cllkb topic {rule.topic}", "Who decides", "Questions to ask your care team",
                 "Sources", "not medical advice"):
        assert text in screen, text
    for opt in rule.options:
        for drug in opt.drugs:
            assert f"cllkb drug {drug}" in screen


@pytest.mark.parametrize(("args", "rule"), [
    (["--untreated"], "untreated"),
    (["--untreated", "--marker", "del17p"], "untreated-tp53"),
    (["--untreated", "--marker", "TP53"], "untreated-tp53"),
    (["--untreated", "--marker", "tp53", "--marker", "ighv-unmutated"], "untreated-tp53"),
    (["--untreated", "--marker", "ighv-unmutated", "--marker", "complex-karyotype"],
     "untreated-ighv-unmutated"),
    (["--untreated", "--marker", "complex-karyotype"], "untreated"),
    (["--after", "btki"], "after-covalent-btki"),
    (["--after", "Imbruvica"], "after-covalent-btki"),
    (["--after", "acalabrutinib", "--after", "chemo", "--marker", "del17p"], "after-covalent-btki"),
    (["--after", "FCR"], "after-chemo"),
    (["--after", "bendamustine", "--after", "rituximab"], "after-chemo"),
    (["--after", "Venclexta", "--after", "obinutuzumab"], "after-venetoclax"),
    (["--after", "btki", "--after", "venetoclax"], "after-btki-and-venetoclax"),
    (["--after", "zanubrutinib", "--after", "venetoclax", "--after", "chemo"],
     "after-btki-and-venetoclax"),
    (["--after", "Jaypirca"], "after-pirtobrutinib"),
    (["--after", "btki", "--after", "pirtobrutinib"], "after-pirtobrutinib"),
    (["--after", "btki", "--after", "venetoclax", "--after", "pirtobrutinib"],
     "after-pirtobrutinib-and-venetoclax"),
    (["--after", "Breyanzi"], "after-car-t"),
    (["--after", "btki", "--after", "venetoclax", "--after", "car-t"], "after-car-t"),
    (["--richter"], "richter"),
    (["--richter", "--after", "btki", "--after", "venetoclax"], "richter"),
    (["--untreated", "--richter"], "richter"),
    (["--finished", "venetoclax"], "finished-venetoclax"),
    (["--finished", "Venclexta", "--finished", "obinutuzumab"], "finished-venetoclax"),
    (["--finished", "acalabrutinib", "--finished", "venetoclax"], "finished-btki-and-venetoclax"),
    (["--after", "acalabrutinib", "--after", "venetoclax"], "after-btki-and-venetoclax"),
    (["--finished", "FCR"], "after-chemo"),  # chemo is only ever a set course
    (["--finished", "chemo", "--finished", "venetoclax"], "finished-venetoclax"),
])  # fmt: skip
def test_situations_pick_the_documented_rule(cli, args: list[str], rule: str) -> None:
    code, data = _options(cli, *args)
    assert (code, data["rule"]["id"]) == (0, rule)


@pytest.mark.parametrize("word", ["btki", "covalent-btki", "BTK inhibitor", "ibrutinib",
                                  "Calquence", "Brukinsa"])
def test_btki_means_a_covalent_btk_inhibitor(kb, word: str) -> None:
    assert situation_from(kb, after=[word]).after == {"covalent-btki"}


def test_markers_the_rule_did_not_require_get_their_note(cli) -> None:
    code, data = _options(cli, "--after", "btki", "--marker", "del(17p)",
                          "--marker", "complex karyotype")
    assert code == 0 and [n["id"] for n in data["marker_notes"]] == ["tp53-aberration",
                                                                       "complex-karyotype"]
    assert data["situation"]["described"][1] == (
        "Your CLL has del(17p) or a TP53 mutation, and a complex karyotype.")
    required = _options(cli, "--untreated", "--marker", "del17p")[1]
    assert required["marker_notes"] == []  # the rule itself is about it


# -- combinations with no curated rule --------------------------------------------------------
@pytest.mark.parametrize(("args", "topic"), [
    (["--after", "transplant"], "treatment-not-working"),
    (["--after", "anti-cd20"], "relapse"),
    (["--after", "car-t", "--after", "transplant"], "treatment-not-working"),
    (["--after", "btki", "--after", "venetoclax", "--after", "idelalisib"], "double-refractory"),
])  # fmt: skip
def test_no_curated_rule_says_so_and_points_to_topic_and_trials(cli, args, topic) -> None:
    code, data = _options(cli, *args)
    assert code == 1 and data["matched"] is False and data["rule"] is None
    assert data["notice"] == NO_RULE == "cllkb has no curated guidance for that combination."
    assert data["options"] == [] and data["cautions"] == []
    assert [s["id"] for s in data["see"]] == [topic, "clinical-trials"]
    assert data["questions_to_ask"] and data["choice_note"] and data["disclaimer"]
    screen = cli("--color", "never", "options", *args)
    assert screen.exit_code == 1 and screen.stderr == ""
    lines = screen.stdout.splitlines()
    assert lines[0] == NO_RULE
    assert f"cllkb topic {topic}" in screen.stdout
    assert "cllkb category clinical-trials" in screen.stdout


# -- the double-refractory and Richter paths, against their sources ----------------------------
def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def _by_category(data: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for o in data["options"]:
        out.setdefault(o["category"]["id"], []).append(o)
    return out


def _cited(data: dict, option: dict) -> set[str]:
    ids = {s["n"]: s["id"] for s in data["sources"]}
    return {ids[n] for n in option["sources"]} | {ids[e["n"]] for e in option["evidence"]}


def test_double_refractory_path_matches_its_sources(cli, kb) -> None:
    code, data = _options(cli, "--after", "btki", "--after", "venetoclax")
    assert code == 0 and data["see"][0]["id"] == "double-refractory"
    opts = _by_category(data)
    assert list(opts) == ["btki", "car-t", "clinical-trials", "transplant", "pi3ki"]
    (pirto,) = opts["btki"]
    assert [d["id"] for d in pirto["drugs"]] == ["pirtobrutinib"]
    assert {"fda-pirtobrutinib", "trial-bruin"} <= _cited(data, pirto)
    bruin = pirto["evidence"][0]
    assert "108 people" in bruin["population"] and "72 in 100" in bruin["result"]
    (cart,) = opts["car-t"]
    assert [d["id"] for d in cart["drugs"]] == ["lisocabtagene-maraleucel"]
    assert {"fda-lisocabtagene-maraleucel", "trial-transcend-cll-004",
            "abstract-shadman-ash2025"} <= _cited(data, cart)
    approval = cart["evidence"][0]
    assert "65 people" in approval["population"]
    assert {"45", "20", "35"} <= _numbers(approval["result"])
    (allo,) = opts["transplant"]
    assert "Fit people" in allo["for_whom"] and "donor" in allo["for_whom"]
    assert {"review-kharfan-dabaja-2016", "trial-roeker-allohct-2020"} <= _cited(data, allo)
    # the same numbers are what the drug and topic pages say
    topic = kb.entries["double-refractory"]
    topic_text = " ".join(s.body for s in topic.sections)
    assert {"108", "72", "65", "45", "20", "63", "81", "13"} <= _numbers(topic_text)
    dois = {s["id"]: s["doi"] for s in data["sources"]}
    assert dois["trial-bruin"] == "10.1056/NEJMoa2300696"
    assert dois["trial-transcend-cll-004"] == "10.1016/S0140-6736(23)01052-8"
    assert data["sources"][0]["kind"] == "guideline"


def test_richter_path_matches_its_sources(cli, kb) -> None:
    code, data = _options(cli, "--richter")
    assert code == 0 and data["see"][0]["id"] == "richter-transformation"
    opts = _by_category(data)
    assert list(opts) == ["chemoimmunotherapy", "bcl2i", "car-t", "btki", "clinical-trials",
                          "transplant"]
    (rchop,) = opts["chemoimmunotherapy"]
    assert "R-CHOP" in rchop["why"]
    assert [d["id"] for d in rchop["drugs"]] == ["rituximab", "cyclophosphamide"]
    # The R-CHOP figures come from the R-CHOP study, not from RT1 (a zanubrutinib trial).
    assert {"review-rossi-2018", "study-langerbeins-rchop-2014"} <= _cited(data, rchop)
    assert "trial-rt1" not in _cited(data, rchop)
    for category in ("bcl2i", "car-t", "btki"):  # newer options say what their status is
        (newer,) = opts[category]
        assert any(w in newer["for_whom"] for w in ("not a standard", "not from trials")), category
    (trials,) = opts["clinical-trials"]
    rt1 = trials["evidence"][0]
    assert "trial-rt1" in _cited(data, trials) and rt1["study"].startswith("RT1")
    assert {"59", "48", "28", "58", "9", "10", "75"} <= _numbers(rt1["population"] + rt1["result"])
    (allo,) = opts["transplant"]
    assert "better with treatment" in allo["for_whom"]  # only once the lymphoma responds
    assert "review-kharfan-dabaja-2016" in _cited(data, allo)
    topic_text = " ".join(s.body for s in kb.entries["richter-transformation"].sections)
    for o in (rchop, trials):
        for ev in o["evidence"]:
            assert _numbers(ev["population"] + ev["result"]) <= _numbers(topic_text), ev["study"]
    assert {s["id"]: s["doi"] for s in data["sources"]}["trial-rt1"] == "10.1038/s41591-023-02722-9"
    assert any("not a standard treatment for ordinary CLL" in c for c in data["cautions"])


# -- content: the options view never disagrees with the entries -------------------------------
def test_every_number_in_pathways_evidence_is_on_an_entry_citing_the_same_source(kb) -> None:
    for rule in kb.pathways.rules:
        for opt in rule.options:
            for ev in opt.evidence:
                texts = []
                for entry in kb.entries.values():
                    texts += [e.population + " " + e.result for e in getattr(entry, "evidence", ())
                              if e.source == ev.source]
                    texts += [s.body for s in entry.sections if ev.source in s.sources]
                assert texts, (rule.id, ev.study)
                missing = _numbers(ev.population + ev.result) - _numbers(" ".join(texts))
                assert not missing, (rule.id, ev.study, missing)


def test_rules_cite_guidelines_first_and_only_known_sources(kb) -> None:
    for rule in kb.pathways.rules:
        assert kb.sources[rule.sources[0]].kind == "guideline", rule.id
        assert set(rule.cited_sources()) <= set(kb.sources), rule.id
        for opt in rule.options:
            category = kb.entries[opt.category]
            assert set(opt.drugs) <= set(category.drugs), (rule.id, opt.category)


def test_issue_coverage_and_transplant_for_whom(kb) -> None:
    rules = {r.id: r for r in kb.pathways.rules}
    assert {"untreated", "untreated-tp53", "untreated-ighv-unmutated", "after-chemo",
            "after-covalent-btki", "after-venetoclax", "after-btki-and-venetoclax",
            "after-pirtobrutinib", "after-car-t", "richter"} <= set(rules)
    for rule in rules.values():
        for opt in rule.options:
            if opt.category == "transplant":
                assert opt.for_whom, rule.id  # allogeneic transplant always says for whom


# -- matching ------------------------------------------------------------------------------------
def _all_situations(kb):
    pw = kb.pathways
    treatments = [t.id for t in pw.treatments]
    markers = [m.id for m in pw.markers]
    for richter in (False, True):
        for n in range(len(treatments) + 1):
            for after in itertools.combinations(treatments, n):
                for k in range(len(markers) + 1):
                    for marks in itertools.combinations(markers, k):
                        yield Situation(frozenset(after), frozenset(marks), richter)


def test_every_situation_gets_one_best_rule_or_none(kb) -> None:
    pw = kb.pathways
    assert list(clashes(pw)) == []
    for s in _all_situations(kb):
        fitting = [r for r in pw.rules if fits(r.situation, s)]
        chosen = choose(pw, s)
        if not fitting:
            assert chosen is None
            continue
        top = max(specificity(r.situation) for r in fitting)
        assert [r for r in fitting if specificity(r.situation) == top] == [chosen], s


def test_view_is_frozen_plain_data(kb) -> None:
    view = build(kb, situation_from(kb, after=["btki"]))
    with pytest.raises(FrozenRecordError):
        view.rule = None  # type: ignore[misc]
    assert [s.id for s in view.sources][:2] == ["nccn-update-2023", "iwcll-2018"]
    assert all(n <= len(view.sources) for o in view.options for n in o.cites)


# -- the JSON shape ------------------------------------------------------------------------------
def test_options_json_shape_is_pinned(cli) -> None:
    code, data = _options(cli, "--after", "btki", "--after", "venetoclax", "--marker", "ck")
    assert code == 0
    assert list(data) == ["situation", "matched", "notice", "rule", "options", "marker_notes",
                          "cautions", "questions_to_ask", "see", "choice_note", "sources",
                          "last_reviewed", "disclaimer"]
    assert data["situation"] == {
        "untreated": False, "after": ["covalent-btki", "venetoclax"], "finished": [],
        "markers": ["complex-karyotype"], "richter": False,
        "described": ["You have had a covalent BTK inhibitor (ibrutinib, acalabrutinib or "
                      "zanubrutinib) and venetoclax (Venclexta).",
                      "Your CLL has a complex karyotype."]}
    assert set(data["rule"]) == {"id", "title", "summary"}
    option = data["options"][0]
    assert list(option) == ["category", "drugs", "partners", "why", "for_whom", "evidence",
                            "sources"]
    assert set(option["category"]) == set(option["drugs"][0]) == {"id", "title"}
    assert list(option["evidence"][0]) == ["study", "population", "result", "source", "year", "n"]
    assert list(data["marker_notes"][0]) == ["id", "label", "note", "terms", "sources"]
    assert list(data["see"][0]) == ["id", "kind", "title", "command"]
    assert list(data["sources"][0]) == ["n", "id", "title", "publisher", "year", "kind", "url",
                                        "doi", "authors", "link"]
    assert [s["n"] for s in data["sources"]] == list(range(1, len(data["sources"]) + 1))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["last_reviewed"])


# -- usage errors --------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "line"), [
    ([], "cllkb: error: say where you are: --untreated, --after TREATMENT, --finished TREATMENT "
         "or --richter (see `cllkb options --help`)"),
    (["--marker", "del17p"], "cllkb: error: say where you are: --untreated, --after TREATMENT, "
                             "--finished TREATMENT or --richter (see `cllkb options --help`)"),
    (["--untreated", "--after", "btki"], "cllkb: error: --untreated cannot be used with --after "
                                         "or --finished"),
    (["--after", "venetoclax", "--finished", "Venclexta"], "cllkb: error: venetoclax: given "
     "with both --after (the CLL grew on it, or it was stopped) and --finished (a fixed course "
     "ended, and the CLL came back later); choose one"),
    (["--after", "aspirin"], "cllkb: error: unknown treatment 'aspirin'; use one of "
     "covalent-btki (btki), pirtobrutinib, venetoclax (bcl2i), anti-cd20, chemo (chemotherapy, "
     "chemoimmunotherapy), pi3ki, car-t (cart), transplant, or a drug or brand name such as "
     "ibrutinib"),
    (["--untreated", "--marker", "trisomy12"], "cllkb: error: unknown marker 'trisomy12'; use one "
     "of tp53-aberration (del17p, tp53), ighv-unmutated (unmutated, u-cll), complex-karyotype "
     "(ck)"),
])  # fmt: skip
def test_usage_errors_exit_2_with_one_line(cli, args: list[str], line: str) -> None:
    result = cli("options", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [line]


def test_knowledge_without_pathways_says_so(cli, kb_copy: Path) -> None:
    (kb_copy / "pathways.yaml").unlink()
    result = cli("--kb", str(kb_copy), "options", "--untreated")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "cllkb: error: this knowledge folder has no pathways.yaml, which `cllkb options` needs "
        "(see knowledge/README.md)"]
    # `ask` still works without pathways: no options key, no error (whether the tiny fixture's
    # scores clear the confidence bar calibrated on the shipped knowledge is beside the point).
    asked = cli("--kb", str(kb_copy), "ask", "--json", "venetoclax failed, what now")
    data = json.loads(asked.stdout)
    assert asked.stderr == "" and "options" not in data and data["results"][0]["id"] == "venetoclax"


AFTER = ["btki", "covalent-btki", "pirtobrutinib", "venetoclax", "anti-cd20", "chemo", "car-t",
         "transplant", "pi3ki", "Imbruvica", "Gazyva", "FCR", "liso-cel", "nope"]
MARKERS = ["del17p", "tp53", "ighv-unmutated", "complex-karyotype", "17p", "nope"]


@given(untreated=st.booleans(), richter=st.booleans(),
       after=st.lists(st.sampled_from(AFTER), max_size=5),
       markers=st.lists(st.sampled_from(MARKERS), max_size=3))
def test_any_flag_combination_never_crashes(cli, kb, untreated, richter, after, markers) -> None:
    args = ["--untreated"] * untreated + ["--richter"] * richter
    args += [a for t in after for a in ("--after", t)]
    args += [a for m in markers for a in ("--marker", m)]
    result = cli("options", "--json", *args)
    bad = "nope" in after or "nope" in markers
    if bad or (untreated and after) or not (untreated or after or richter):
        assert result.exit_code == 2 and result.stderr.startswith("cllkb: error: ")
        return
    data = json.loads(result.stdout)
    assert result.exit_code == (0 if data["matched"] else 1)
    s = situation_from(kb, after=after, markers=markers, richter=richter)
    rule = choose(kb.pathways, s)
    assert (rule.id if rule else None) == (data["rule"] or {}).get("id")
    if rule is not None:
        assert fits(rule.situation, s)


# -- ask routes situation questions ---------------------------------------------------------------
@pytest.mark.parametrize(("question", "rule"), [
    ("options after ibrutinib stopped working", "after-covalent-btki"),
    ("what if venetoclax fails", "after-venetoclax"),
    ("what now after CAR-T", "after-car-t"),
    ("Jaypirca after Imbruvica stopped working", "after-covalent-btki"),
    ("ibrutinib and venetoclax both failed, what next?", "after-btki-and-venetoclax"),
    ("my CLL progressed on acalabrutinib and I have del 17p, what are my options",
     "after-covalent-btki"),
    ("what are the options for Richter transformation", "richter"),
    ("I was on Calquence and it stopped working. What now?", "after-covalent-btki"),
    ("venetoclax, then my CLL came back", "after-venetoclax"),
    ("I finished acalabrutinib and venetoclax and it came back", "finished-btki-and-venetoclax"),
    ("relapsed two years after VenO, what now", "finished-venetoclax"),
    ("my CLL came back 3 years after finishing venetoclax and obinutuzumab. Options?",
     "finished-venetoclax"),
    ("I completed a fixed course of Venclexta and it relapsed", "finished-venetoclax"),
    ("my CLL came back after FCR, what now", "after-chemo"),
])  # fmt: skip
def test_ask_routes_situation_questions(cli, question: str, rule: str) -> None:
    result = cli("ask", "--json", question)
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert list(data) == ["query", "answered", "notice", "results", "disclaimer", "options"]
    assert data["options"]["rule"]["id"] == rule and data["options"]["matched"]
    screen = cli("--color", "never", "ask", question).stdout
    assert screen.splitlines()[0] == data["options"]["rule"]["title"]
    assert "Also relevant" in screen and "Who decides" in screen


def test_finishing_a_course_is_not_growing_on_it(cli, kb) -> None:
    """Issue 16.1: a course that ended, with CLL back later, never reads as double-refractory,
    and the refractory rules keep their own options."""
    _, finished = _options(cli, "--finished", "acalabrutinib", "--finished", "venetoclax")
    _, grew = _options(cli, "--after", "acalabrutinib", "--after", "venetoclax")
    assert finished["situation"]["finished"] == ["covalent-btki", "venetoclax"]
    assert finished["situation"]["after"] == [] and grew["situation"]["finished"] == []
    assert "double-refractory" not in json.dumps(finished)
    cats = [o["category"]["id"] for o in finished["options"]]
    assert cats[:2] == ["btki", "bcl2i"] and "car-t" not in cats  # retreatment, not CAR-T
    assert "car-t" in [o["category"]["id"] for o in grew["options"]]
    _, after_ven = _options(cli, "--after", "venetoclax")
    assert "bcl2i" not in [o["category"]["id"] for o in after_ven["options"]]
    rule = next(r for r in kb.pathways.rules if r.id == "finished-venetoclax")
    assert "esmo-cll-2020" in rule.sources  # time since the course ended: the guideline's 3 years
    assert any("3 years" in o.for_whom for o in rule.options)
    data = json.loads(cli("ask", "--json", "relapsed two years after VenO").stdout)
    assert data["options"]["situation"]["finished"] == ["venetoclax"]


@pytest.mark.parametrize("question", [
    "crs fever after car-t",  # a treatment, but no sign it stopped working
    "Since starting ibrutinib, I have noticed more bruising.",
    "Is venetoclax an option?",  # named, but not as something already had
    "Does Kymriah CAR-T work for children with relapsed ALL?",  # another disease
    "what if trial fails",
])  # fmt: skip
def test_ask_leaves_other_questions_alone(cli, question: str) -> None:
    data = json.loads(cli("ask", "--json", question).stdout)
    assert "options" not in data


def test_ask_situation_without_a_rule_keeps_the_ordinary_answer(cli, kb) -> None:
    assert detect(kb, "after transplant my CLL came back, what now") == Situation(
        frozenset({"transplant"}))
    result = cli("ask", "--json", "after transplant my CLL came back, what now")
    data = json.loads(result.stdout)
    assert data["options"]["matched"] is False
    assert result.exit_code == (0 if data["answered"] else 1)
    screen = cli("--color", "never", "ask", "after transplant my CLL came back, what now").stdout
    assert NO_RULE not in screen  # the ordinary answer is shown instead


# -- a local layer, and the screen ----------------------------------------------------------------
def test_local_layer_can_add_a_rule(cli, tmp_path: Path) -> None:
    local = tmp_path / "local"
    local.mkdir()
    text = (KB_MIN / "pathways.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: untreated\n", "  - id: after-venetoclax-local\n")
    text = text.replace("      after: []\n", "      after: [venetoclax]\n")
    (local / "pathways.yaml").write_text(text, encoding="utf-8")
    assert cli("--kb", str(KB_MIN), "options", "--after", "venetoclax").exit_code == 1
    code = cli("--kb", str(KB_MIN), "--local", str(local), "options", "--json", "--after",
               "venetoclax")
    assert code.exit_code == 0
    assert json.loads(code.stdout)["rule"]["id"] == "after-venetoclax-local"
    assert cli("--kb", str(KB_MIN), "--local", str(local), "validate", "--strict").exit_code == 0


@pytest.mark.parametrize(("name", "args"), [("options-untreated", ["--untreated"]),
                                            ("options-no-rule", ["--after", "venetoclax"])])
def test_golden_output(cli, regen: bool, name: str, args: list[str]) -> None:
    result = cli("--kb", str(KB_MIN), "--color", "never", "options", *args)
    path = GOLDEN / f"{name}.txt"
    if regen:
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_the_diseases_own_names_link_a_treatment_to_its_cue(kb) -> None:
    # "cll"/"sll" come from kb.yaml's scope_terms, not from a word list tuned to one question.
    assert detect(kb, "my ibrutinib CLL came back") == Situation(frozenset({"covalent-btki"}))
    assert detect(kb, "my ibrutinib pizza came back") is None


def test_every_number_in_cautions_and_reasons_is_on_an_entry_citing_the_rules_sources(kb) -> None:
    # Cautions, reasons and "for whom" lines carry no source of their own; they rest on the
    # rule's sources. Any figure in them must therefore also stand on an entry that cites one of
    # those sources, so the options page and the entry pages cannot drift apart.
    for rule in kb.pathways.rules:
        cited = set(rule.cited_sources())
        texts: list[str] = []
        for e in kb.entries.values():
            if cited & set(e.cited_sources()):
                texts += [e.summary, *e.key_points, *e.call_care_team_if,
                          *(s.body for s in e.sections),
                          *(ev.population + " " + ev.result for ev in getattr(e, "evidence", ())),
                          *(line for f in ("cautions", "how_taken", "monitoring", "when_used",
                                           "side_effects") for line in getattr(e, f, ()))]
        known = _numbers(" ".join(texts))
        for line in (*rule.cautions, *(o.why for o in rule.options),
                     *(o.for_whom for o in rule.options)):
            assert not _numbers(line) - known, (rule.id, line)


@pytest.mark.parametrize("columns", ["40", "60", "80"])
def test_narrow_terminal_keeps_drug_names_and_commands_whole(cli, monkeypatch: pytest.MonkeyPatch,
                                                             columns: str) -> None:
    """The drug rows wrap at spaces instead of cutting a name to "Acalabr…"; a category's
    command is never broken after "cllkb category" (it was, at 80 columns, for Richter)."""
    monkeypatch.setenv("COLUMNS", columns)
    out = cli("options", "--untreated").stdout
    assert "…" not in out
    richter = cli("options", "--richter").stdout
    assert any(line.rstrip().endswith("cllkb category chemoimmunotherapy")
               for line in richter.splitlines())
    for screen in (out, richter):
        assert not re.search(r"cllkb category *$", screen, re.M)
    words = out.split()
    for drug in ("Acalabrutinib", "Zanubrutinib", "Ibrutinib", "Venetoclax", "Obinutuzumab"):
        assert drug in words
    for drug_id in ("acalabrutinib", "zanubrutinib", "ibrutinib", "venetoclax", "obinutuzumab"):
        assert drug_id in words
