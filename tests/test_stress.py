"""Faults and odd input: an index build cut short, and any text given to the explainers.

The interrupted builds are deterministic: the builder reports half-way from its progress hook
and is killed (SIGKILL, so nothing of it runs after) or raises there. Time passing, which the
sweep of old leftovers depends on, is simulated by back-dating the leftovers.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cll_kb.curate.store import open_kb
from cll_kb.fs.cachedir import SWEEP_AFTER
from cll_kb.knowledge.layers import Layer
from cll_kb.search.answer import ask
from cll_kb.search.engine import SearchEngine
from cll_kb.search.index import index_key, open_index

from .conftest import KNOWLEDGE, REPO

BUILDER = r"""
import sys, time
from pathlib import Path
from cll_kb.knowledge.layers import Layer
from cll_kb.search.index import open_index
from cll_kb.curate.store import open_kb

kb = open_kb([Layer(Path(sys.argv[1]))], None)

def halfway(done: int, total: int) -> None:
    if done == total // 2:
        print("half", flush=True)
        time.sleep(600)  # killed here

open_index(kb, Path(sys.argv[2]), rebuild=sys.argv[3] == "rebuild", progress=halfway)
"""


@pytest.fixture(scope="module")
def kb():
    return open_kb([Layer(KNOWLEDGE)], None)


def _leftovers(cache: Path) -> list[Path]:
    return [p for p in cache.iterdir() if ".tmp-" in p.name or p.name.startswith(".trash-")]


def _kill_halfway(cache: Path, mode: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", BUILDER, str(KNOWLEDGE), str(cache), mode],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.strip() == "half", proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def _age(paths: list[Path]) -> None:
    old = os.stat(paths[0]).st_mtime - SWEEP_AFTER - 60
    for p in paths:
        os.utime(p, (old, old))


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["empty cache", "rebuild"])
def test_builder_killed_halfway_is_repaired_by_the_next_run(cli, kb, tmp_path, monkeypatch,
                                                            mode: str, cache: Path) -> None:
    monkeypatch.setenv("CLLKB_CACHE_DIR", str(cache))
    if mode == "rebuild":
        SearchEngine.open(kb, cache).close()  # a good index that `index --rebuild` throws away
    _kill_halfway(cache, mode)
    left = _leftovers(cache)
    assert left, "the killed builder should have left its temp folder behind"
    assert not (cache / index_key(kb)).exists()

    result = cli("ask", "--json", "what if trial fails")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["id"] == "treatment-not-working"
    eng = SearchEngine.open(kb, cache)
    assert eng.opened.origin == "cache" and eng.opened.path == cache / index_key(kb)
    eng.close()
    assert set(left) <= set(_leftovers(cache)), "a young leftover may be a live build: kept"

    _age(left)  # ten minutes on, the same leftovers belong to nobody
    assert cli("ask", "--json", "Venclexta").exit_code == 0
    assert not _leftovers(cache)


def test_build_that_raises_halfway_leaves_nothing_behind(kb, cache) -> None:
    def fail_halfway(done: int, total: int) -> None:
        if done == total // 2:
            raise RuntimeError("disk pulled out")

    with pytest.raises(RuntimeError, match="disk pulled out"):
        open_index(kb, cache, progress=fail_halfway)
    assert not _leftovers(cache) and not (cache / index_key(kb)).exists()
    eng = SearchEngine.open(kb, cache)
    assert eng.opened.origin == "built"
    assert ask(eng, "what if trial fails").results[0].id == "treatment-not-working"
    eng.close()


def test_old_half_written_cache_files_are_swept_young_ones_kept(kb, cache) -> None:
    SearchEngine.open(kb, cache).close()
    key = "0123456789abcdef01234567"
    old = [cache / f".kb-{key}.pickle.x1y2.tmp", cache / f".trash-index-{key}-l6-w3.54.0-1-2",
           cache / f".{index_key(kb)}.tmp-1-2"]
    young = cache / f".kb-{key}.pickle.z3w4.tmp"
    old[0].write_bytes(b"half a pickle")
    for folder in old[1:]:
        folder.mkdir()
        (folder / "seg").write_bytes(b"x")
    young.write_bytes(b"being written right now")
    mine = cache / ".notes.tmp"  # not a name cllkb makes: never touched
    mine.write_text("user's file")
    _age([*old, mine])
    SearchEngine.open(kb, cache).close()
    assert not any(p.exists() for p in old)
    assert young.exists() and mine.exists()


# Any text, through the real CLI. After `--` it is the NAME argument even when it starts with
# a dash; without `--`, Click would read "-x" as an option and exit 2 (a usage error).
ANY_TEXT = st.text(max_size=120)


def _no_traceback(result) -> None:
    # The `cli` fixture runs with catch_exceptions=False: an uncaught exception fails the test
    # itself, so what is left to check is the exit code.
    assert result.exit_code in (0, 1), (result.exit_code, result.output)


@pytest.mark.parametrize(("command", "error"), [("drug", "no drug named "),
                                                ("term", "no glossary term ")])
@given(text=ANY_TEXT)
def test_lookup_of_any_unicode_exits_0_or_1_with_one_clean_line(cli, command: str, error: str,
                                                                text: str) -> None:
    result = cli(command, "--", text)
    _no_traceback(result)
    if result.exit_code == 1:
        assert result.stderr.startswith(f"cllkb: error: {error}")
        assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr


@given(text=ANY_TEXT)
def test_ask_json_any_unicode_is_valid_json(cli, text: str) -> None:
    result = cli("ask", "--json", "--", text)
    if not text.strip():  # an empty question is a usage error, as the README documents
        assert result.exit_code == 2 and result.stdout == ""
        return
    _no_traceback(result)
    data = json.loads(result.stdout)
    assert data["query"] == text and data["answered"] is (result.exit_code == 0)


@given(text=ANY_TEXT)
def test_search_any_unicode_exits_0_or_1(cli, text: str) -> None:
    _no_traceback(cli("search", "--", text))
