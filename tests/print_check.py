"""`make test-print`: every HTML handout printed by a real browser fits its page limit.

Renders each handout with Debian's headless Chromium to PDF and reads it back with poppler
(pdfinfo for the page count, pdftotext for the text), for both paper sizes and both depths.
Not part of `make test` because it needs Chromium and poppler-utils, which `.ci/run` installs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cll_kb.export.handout import BASIC_PAGES, DETAILED_PAGES

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"]
RUNS = [("letter", False), ("a4", False), ("letter", True), ("a4", True)]


def need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        sys.exit(f"test-print: {tool} not found; install chromium and poppler-utils "
                 "(apt-get install chromium poppler-utils)")
    return path


def print_one(chromium: str, html: Path, profile: Path) -> tuple[int, str]:
    pdf = html.with_suffix(".pdf")
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                    f"--print-to-pdf={pdf}", html.as_uri()],
                   check=True, capture_output=True, timeout=120)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return pages, " ".join(text.split())


def squash(text: str) -> str:
    """Text without spaces or hyphens: pdftotext joins broken lines and may drop a hyphen."""
    return "".join(text.split()).replace("-", "").replace("\u2011", "")


def situations() -> list[list[str]]:
    """The `--after/--marker/--richter` flags of every curated options rule."""
    from cll_kb.curate.store import open_kb
    from cll_kb.knowledge.layers import Layer
    from cll_kb.options.matching import command_args
    from cll_kb.paths import packaged_knowledge

    kb = open_kb([Layer(packaged_knowledge(), "shipped")], None)
    return [command_args(rule.situation) for rule in (kb.pathways.rules if kb.pathways else ())]


def main() -> int:
    chromium = need("chromium")
    need("pdfinfo")
    need("pdftotext")
    cllkb = Path(sys.executable).with_name("cllkb")
    failures: list[str] = []
    checked = 0
    with tempfile.TemporaryDirectory(prefix="cllkb-print-") as tmp:
        env = {**os.environ, "CLLKB_CACHE_DIR": f"{tmp}/cache", "CLLKB_CONFIG": f"{tmp}/none.toml"}
        for paper, detailed in RUNS:
            out = Path(tmp) / f"{paper}-{'detailed' if detailed else 'basic'}"
            out.mkdir()
            cmd = [str(cllkb), "export", "--all", "-f", "html", "-o", str(out), "--paper", paper]
            subprocess.run(cmd + (["--detailed"] if detailed else []), check=True, env=env,
                           stdout=subprocess.DEVNULL)
            for n, flags in enumerate(situations()):  # the options handouts too
                subprocess.run([str(cllkb), "export", "--options", *flags, "-f", "html", "-o",
                                str(out / f"options-{n}.html"), "--paper", paper]
                               + (["--detailed"] if detailed else []),
                               check=True, env=env, stdout=subprocess.DEVNULL)
            limit = DETAILED_PAGES if detailed else BASIC_PAGES
            handouts = sorted(p for p in out.glob("*.html") if p.name != "index.html")
            # One profile per print: two Chromiums sharing one refuse to start (exit 21).
            jobs = [(h, out / f".profile-{h.stem}") for h in handouts]
            with ThreadPoolExecutor(max_workers=3) as pool:
                results = list(pool.map(lambda j: print_one(chromium, *j), jobs))
            for html, (pages, text) in zip(handouts, results, strict=True):
                checked += 1
                source = html.read_text(encoding="utf-8")
                title = source.split("<h1>", 1)[1].split("</h1>", 1)[0]
                title = title.replace("&#34;", '"').replace("&amp;", "&").replace("&#39;", "'")
                problems = []
                if pages > limit:
                    problems.append(f"{pages} pages (limit {limit})")
                if squash(title) not in squash(text):
                    problems.append("title missing from the printed text")
                if "not medical advice" not in text or f"Page 1 of {pages}" not in text:
                    problems.append("disclaimer or page numbers missing")
                if problems:
                    failures.append(f"{out.name}/{html.name}: {'; '.join(problems)}")
            print(f"test-print: {paper} {'detailed' if detailed else 'basic'}: "
                  f"{len(handouts)} handouts printed")
    for line in failures:
        print(f"FAIL {line}")
    print(f"test-print: {checked} printed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
