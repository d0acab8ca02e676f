"""The shipped knowledge, checked like tldr-pages checks its pages: every commit, every entry."""

from __future__ import annotations

import re

import pytest

from cll_kb import clock
from cll_kb.curate.loader import Layer, drug_name_words, load
from cll_kb.curate.readability import grade_level, grade_of_items
from cll_kb.curate.validation import validate
from cll_kb.knowledge.kb import is_overdue

from .conftest import KNOWLEDGE

REQUIRED = {
    "category": "btki bcl2i anti-cd20 car-t chemoimmunotherapy transplant pi3ki clinical-trials "
                "watch-and-wait",
    "drug": "ibrutinib acalabrutinib zanubrutinib pirtobrutinib venetoclax obinutuzumab rituximab "
            "ofatumumab lisocabtagene-maraleucel bendamustine fludarabine cyclophosphamide "
            "chlorambucil idelalisib duvelisib",
    "topic": "treatment-not-working relapse double-refractory richter-transformation advanced-cll "
             "tumor-lysis-syndrome cytokine-release-syndrome infections-and-vaccines "
             "side-effects-management genetic-markers mrd response-assessment "
             "choosing-first-treatment fixed-duration-vs-continuous questions-for-your-doctor",
}  # fmt: skip
REQUIRED_TERMS = ["tls", "crs", "icans", "mrd", "ighv", "del17p", "rai-stage", "binet-stage", "refractory", "relapse", "richter-transformation", "btk", "bcl2", "cd20", "fixed-duration", "b-symptoms", "ivig"]
TRIALS = ["resonate", "elevate-tn", "elevate-rr", "alpine", "sequoia", "bruin", "bruin-cll-321", "cll14", "murano", "amplify", "transcend-cll-004", "cll11", "e1912", "cll8", "cll13", "rt1"]


@pytest.fixture(scope="module")
def kb():
    result = load(KNOWLEDGE)
    assert result.kb is not None, [i.format() for i in result.errors]
    return result.kb


def test_validate_strict_passes_with_no_warnings() -> None:
    report = validate([Layer(KNOWLEDGE)], strict=True)
    assert [i.format() for i in report.issues] == []


@pytest.mark.parametrize("kind", REQUIRED)
def test_every_required_entry_exists(kb, kind: str) -> None:
    assert set(REQUIRED[kind].split()) <= {e.id for e in kb.by_kind(kind)}  # type: ignore[arg-type]


def test_glossary_has_the_words_patients_meet(kb) -> None:
    assert len(kb.terms) >= 60
    assert set(REQUIRED_TERMS) <= set(kb.terms)


def test_every_drug_cites_its_fda_label(kb) -> None:
    for drug in kb.drugs:
        label = kb.sources.get(f"fda-{drug.id}")
        assert label is not None and label.kind == "label", drug.id
        assert f"fda-{drug.id}" in drug.sources, drug.id
        assert re.match(r"https://(([\w-]+\.)*fda\.gov|dailymed\.nlm\.nih\.gov)/", label.link), label.link


def test_pivotal_trials_are_cited_by_doi_or_registry(kb) -> None:
    for trial in TRIALS:
        src = kb.sources.get(f"trial-{trial}")
        assert src is not None and src.kind == "trial", trial
        assert src.doi or "pubmed" in src.url or "clinicaltrials.gov" in src.url, trial


def test_source_links_are_secure_and_on_the_publishers_own_host(kb) -> None:
    """A reader types these from paper: https, and ASH articles on ashpublications.org rather
    than the .com/.net mirrors search results turn up."""
    for src in kb.sources.values():
        if src.url:
            assert src.url.startswith("https://"), src.id
            assert not re.match(r"https://ashpublications\.(com|net)/", src.url), src.id


def test_every_number_in_evidence_has_a_source(kb) -> None:
    for entry in kb.entries.values():
        for ev in getattr(entry, "evidence", ()):
            assert ev.source in kb.sources, (entry.id, ev.study)
            assert ev.population.strip() and ev.result.strip()


def test_glossary_terms_used_by_entries_resolve(kb) -> None:
    for entry in kb.entries.values():
        assert set(entry.terms) <= set(kb.terms), entry.id


def test_patient_facing_text_at_or_below_grade_8(kb) -> None:
    skip = drug_name_words(kb)
    for e in kb.entries.values():
        assert grade_level(e.summary, skip) <= 8.0, e.id
        assert grade_of_items(e.key_points, skip) <= 8.0, e.id
        if e.call_care_team_if:
            assert grade_of_items(e.call_care_team_if, skip) <= 8.0, e.id


def test_review_dates_within_twelve_months(kb) -> None:
    today = clock.today()
    assert not [e.id for e in kb.entries.values() if is_overdue(e.last_reviewed, today, 12)]


def test_doses_are_framed_as_set_by_the_care_team(kb) -> None:
    for drug in kb.drugs:
        text = " ".join((*drug.how_taken, *drug.key_points)).lower()
        if re.search(r"\d+ ?mg", text):
            assert "care team" in text, drug.id


def test_metastatic_is_explained_not_used(kb) -> None:
    advanced = kb.get("advanced-cll")
    body = " ".join(s.body for s in advanced.sections).lower()
    assert "metastatic" in body  # the misnomer is named and explained …
    for e in kb.entries.values():  # … and no entry calls CLL metastatic in its own voice
        assert "metastatic cll" not in e.summary.lower(), e.id


def test_unsourced_seed_claims_are_absent(kb) -> None:
    for e in kb.entries.values():
        text = " ".join((e.summary, *e.key_points, *(s.body for s in e.sections)))
        assert "76%" not in text and "76 percent" not in text, e.id


def test_recent_changes_are_reflected(kb) -> None:
    pirto = kb.get("pirtobrutinib")
    assert any(a.date.startswith("2025-12") for a in pirto.approvals)
    liso = kb.get("lisocabtagene-maraleucel")
    assert any(a.date.startswith("2024-03") for a in liso.approvals)
    assert "fda-cart-rems-2025" in kb.sources
