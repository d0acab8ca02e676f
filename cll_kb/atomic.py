"""Write files and folders so a reader never sees half of one: temp in the same folder, rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; on any failure the old file (if any) stays."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def prune(folder: Path, pattern: str, keep: int, spare: Path) -> None:
    """Delete all but the `keep` newest matches (never `spare`): old caches of edited knowledge.

    Several may be current at once (another --kb folder, a clinic's layers), hence a count
    rather than "only the newest". Folders are moved aside first, so no reader sees half of one.
    """
    import shutil
    import time

    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    old = sorted((p for p in folder.glob(pattern) if p != spare), key=mtime, reverse=True)
    for p in old[max(0, keep - 1):]:
        try:
            if p.is_dir():
                trash = p.with_name(f".trash-{p.name}-{os.getpid()}-{time.monotonic_ns()}")
                os.rename(p, trash)
                shutil.rmtree(trash, ignore_errors=True)
            else:
                p.unlink()
        except OSError:
            pass  # another process got there first, or it is in use: harmless
