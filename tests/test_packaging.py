"""The wheel carries the knowledge, and cllkb finds it there with importlib.resources."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO


@pytest.mark.slow
def test_wheel_ships_knowledge_and_validates_from_it(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                          "--outdir", str(tmp_path), str(REPO)], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    (wheel,) = tmp_path.glob("cllkb-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for required in ("cll_kb/_knowledge/kb.yaml", "cll_kb/_knowledge/drugs/venetoclax.yaml",
                     "cll_kb/_knowledge/sources.yaml", "cll_kb/_knowledge/glossary.yaml",
                     "cll_kb/_knowledge/pathways.yaml", "cll_kb/export/fonts/DejaVuSans.ttf",
                     "cll_kb/export/fonts/DejaVuSans-Bold.ttf",
                     "cll_kb/export/fonts/LICENSE-DejaVu.txt",
                     "cll_kb/export/templates/handout.html.j2",
                     "cll_kb/export/templates/handout.css"):
        assert required in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site), "CLLKB_CACHE_DIR": str(tmp_path / "cache")}
    code = "from cll_kb.cli import run; run()"
    run = subprocess.run([sys.executable, "-c", code, "paths"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=False)
    assert str(site / "cll_kb" / "_knowledge") in run.stdout
    assert f"config: {os.environ['CLLKB_CONFIG']} (not created yet)" in run.stdout
    run = subprocess.run([sys.executable, "-c", code, "validate", "--strict"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]


def test_ci_tests_the_lowest_and_newest_python_the_package_declares() -> None:
    import re

    meta = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    floor = re.search(r'requires-python = ">=(\d+\.\d+)"', meta).group(1)
    declared = re.findall(r'"Programming Language :: Python :: (3\.\d+)"', meta)
    newest = max(declared, key=lambda v: tuple(map(int, v.split("."))))
    make = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^PYTHONS := (.+)$", make, re.M).group(1).split() == [floor, newest]
    assert "make test-pythons" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
