"""`make dist-check`: build sdist + wheel, install the wheel in a fresh venv without dev
dependencies, and run the tool from there (catches missing package data)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(cmd: list[str], **kw: object) -> None:
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)  # type: ignore[call-overload]


def main() -> int:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel",
             "--outdir", str(tmp / "dist"), str(REPO)], stdout=subprocess.DEVNULL)
        (wheel,) = (tmp / "dist").glob("*.whl")
        run([sys.executable, "-m", "venv", str(tmp / "venv")])
        py, cllkb = tmp / "venv" / "bin" / "python", tmp / "venv" / "bin" / "cllkb"
        run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)])
        env_cache = {"CLLKB_CACHE_DIR": str(tmp / "cache"), "PATH": "/usr/bin:/bin"}
        for args in (["--version"], ["validate", "--strict"], ["drug", "venetoclax"],
                     ["ask", "what if trial fails"], ["options", "--after", "btki"],
                     ["export", "venetoclax", "--format", "pdf"],
                     ["export", "venetoclax", "--format", "html"]):
            run([str(cllkb), *args], cwd=tmp, env=env_cache, stdout=subprocess.DEVNULL)
        for name in ("venetoclax.pdf", "venetoclax.html"):  # fonts and templates were shipped
            if (tmp / name).stat().st_size < 10_000:
                raise SystemExit(f"dist-check: {name} is suspiciously small")
    print("dist-check ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
