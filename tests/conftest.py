"""Shared fixtures. Every test gets its own cache dir: nothing touches the user's cache.

The clock is frozen (CLLKB_TODAY) at the newest review date in the shipped knowledge: the suite
passes the same way next year, and what is overdue by the real calendar is `cllkb validate
--strict`'s business, not the tests'.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from cll_kb.cli import load

app = load()  # every command registered

# Property tests: a short run by default (`make test`), a long one with `make test-long`.
# Examples run through the real CLI (function-scoped fixtures are reset by each test's own setup).
_PROFILE = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}
settings.register_profile("default", max_examples=25, **_PROFILE)
settings.register_profile("long", max_examples=400, **_PROFILE)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

FIXTURES = Path(__file__).parent / "fixtures"
KB_MIN = FIXTURES / "kb_min"
REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"
TODAY = max(re.findall(r"^last_reviewed: (\d{4}-\d{2}-\d{2})$",
                       "\n".join(p.read_text(encoding="utf-8")
                                 for p in sorted(KNOWLEDGE.rglob("*.yaml"))), re.M))


@pytest.fixture(scope="session")
def _built_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the compiled knowledge and the search index, for the shipped knowledge and
    the minimal fixture (a copy of the fixture hashes the same), made once per session."""
    from cll_kb.curate.store import open_kb
    from cll_kb.fs.cachedir import prepare
    from cll_kb.knowledge.layers import Layer
    from cll_kb.search.engine import SearchEngine

    folder, why = prepare(tmp_path_factory.mktemp("shared") / "cache")
    assert folder is not None, why
    for root in (KNOWLEDGE, KB_MIN):
        SearchEngine.open(open_kb([Layer(root)], folder), folder).close()
    return folder


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _built_cache: Path) -> None:
    """Every test gets its own cache folder, a copy of the session's one build: a test that
    writes to its cache (or breaks it) touches no other test, and none rebuilds what it only
    reads. Tests about caches use the `cache` fixture: a fresh, empty one."""
    shutil.copytree(_built_cache, tmp_path / "cache")
    monkeypatch.setenv("CLLKB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CLLKB_CONFIG", str(tmp_path / "config" / "config.toml"))
    for var in ("CLLKB_KNOWLEDGE", "CLLKB_LOCAL_KNOWLEDGE", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "88")
    monkeypatch.setenv("CLLKB_TODAY", TODAY)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """A cache folder as cllkb makes one: private and marked, so it may prune and sweep."""
    from cll_kb.fs.cachedir import prepare

    folder, why = prepare(tmp_path / "fresh-cache")
    assert folder is not None, why
    return folder


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid knowledge base."""
    dest = tmp_path / "kb"
    shutil.copytree(KB_MIN, dest)
    return dest


Invoke = Callable[..., object]


@pytest.fixture
def cli() -> Invoke:
    """Run the real CLI in-process; stderr is kept apart so error lines can be asserted.

    Like httpie's test helper, it fails on surprises: an exception escaping the CLI fails the
    test (catch_exceptions=False), and so does an "internal error" line — the CLI's last-resort
    message for a bug — unless the test passes `internal=True` because it provokes one.
    """
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, internal: bool = False):
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        if not internal and "internal error" in result.stderr:
            pytest.fail(f"cllkb {' '.join(args)}: {result.stderr.strip()}")
        return result

    return invoke


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true",
                     help="Rewrite tests/golden/* from the current output instead of comparing.")


@pytest.fixture
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))
