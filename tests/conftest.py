"""Shared fixtures. Every test gets its own cache dir: nothing touches the user's cache."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cll_kb.cli import load

app = load()  # every command registered

FIXTURES = Path(__file__).parent / "fixtures"
KB_MIN = FIXTURES / "kb_min"
REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLLKB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CLLKB_CONFIG", str(tmp_path / "config" / "config.toml"))
    for var in ("CLLKB_KNOWLEDGE", "CLLKB_LOCAL_KNOWLEDGE", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "88")


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid knowledge base."""
    dest = tmp_path / "kb"
    shutil.copytree(KB_MIN, dest)
    return dest


Invoke = Callable[..., object]


@pytest.fixture
def cli() -> Invoke:
    """Run the real CLI in-process; stderr is kept apart so error lines can be asserted."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true",
                     help="Rewrite tests/golden/* from the current output instead of comparing.")


@pytest.fixture
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))
