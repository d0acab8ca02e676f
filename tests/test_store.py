"""The compiled knowledge cache: reused when current, rebuilt when stale or damaged, optional."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cll_kb.curate.loader import Layer
from cll_kb.curate.store import KEEP, fingerprint, open_kb
from cll_kb.errors import KnowledgeError


def test_cache_written_then_reused(kb_copy: Path, cache: Path) -> None:
    kb = open_kb([Layer(kb_copy)], cache)
    files = list(cache.glob("kb-*.pickle"))
    assert len(files) == 1 and kb.fingerprint in files[0].name
    assert open_kb([Layer(kb_copy)], cache) == kb
    assert not list(cache.glob("*.tmp"))


def test_editing_a_file_changes_the_key(kb_copy: Path) -> None:
    before = fingerprint([Layer(kb_copy)])
    path = kb_copy / "topics" / "tumor-lysis-syndrome.yaml"
    path.write_text(path.read_text().replace("Blood tests catch it early.", "Tests catch it."))
    assert fingerprint([Layer(kb_copy)]) != before


def test_damaged_cache_is_rebuilt(kb_copy: Path, cache: Path) -> None:
    kb = open_kb([Layer(kb_copy)], cache)
    next(cache.glob("kb-*.pickle")).write_bytes(b"\x80\x04garbage")
    assert open_kb([Layer(kb_copy)], cache) == kb


def test_refused_cache_writes_still_answer(kb_copy: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only cache, simulated so the test also runs as root (as CI does)."""
    from cll_kb.search import index
    from cll_kb.search.engine import SearchEngine

    def refuse(*_args: object, **_kw: object) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr("cll_kb.curate.store.write_bytes", refuse)
    monkeypatch.setattr(index, "_build_on_disk", refuse)
    cache = tmp_path / "ro"
    cache.mkdir()
    kb = open_kb([Layer(kb_copy)], cache)
    assert kb.get("venetoclax") and not list(cache.iterdir())
    engine = SearchEngine.open(kb, cache)
    assert engine.opened.origin == "memory"
    assert engine.search("Venclexta").hits[0].id == "venetoclax"


def test_invalid_knowledge_names_first_error(kb_copy: Path) -> None:
    (kb_copy / "drugs" / "venetoclax.yaml").write_text("id: venetoclax\n")
    with pytest.raises(KnowledgeError) as err:
        open_kb([Layer(kb_copy)], None)
    assert "CLLKB006" in str(err.value) and "cllkb validate" in str(err.value)


def test_old_compiled_caches_are_pruned(kb_copy: Path, cache: Path) -> None:
    for n in range(12):  # caches of earlier versions of the knowledge
        old = cache / f"kb-{n:024x}.pickle"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    kb = open_kb([Layer(kb_copy)], cache)
    left = sorted(p.name for p in cache.glob("kb-*.pickle"))
    assert len(left) == KEEP and f"kb-{kb.fingerprint}.pickle" in left
    assert f"kb-{11:024x}.pickle" in left and f"kb-{0:024x}.pickle" not in left  # newest stay
