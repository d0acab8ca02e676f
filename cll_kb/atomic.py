"""Write files and folders so a reader never sees half of one: temp in the same folder, rename."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes(path: Path, data: bytes, new_mode: int | None = None) -> None:
    """Replace `path` with `data` in one step; on any failure the old file (if any) stays.

    The temp file is private (0600) while it is written; before the rename it gets the mode of
    the file it replaces, else `new_mode`, else what the umask gives any new file — a handout
    must be as readable as if it had been written in place.
    """
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = new_mode if new_mode is not None else _default_mode()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str, new_mode: int | None = None) -> None:
    write_bytes(path, text.encode("utf-8"), new_mode)


def prune(folder: Path, pattern: str, keep: int, spare: Path) -> None:
    """Delete all but the `keep` newest matches (never `spare`): old caches of edited knowledge.

    Several may be current at once (another --kb folder, a clinic's layers), hence a count
    rather than "only the newest". Folders are moved aside first, so no reader sees half of one.
    """

    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    old = sorted((p for p in folder.glob(pattern) if p != spare), key=mtime, reverse=True)
    for p in old[max(0, keep - 1):]:
        if p.is_dir():
            remove_dir(p)
        else:
            with suppress(OSError):  # another process got there first, or it is in use
                p.unlink()


def remove_dir(path: Path) -> None:
    """Move a folder aside (one atomic rename), then delete it: no reader sees half of one.

    If the rename fails, another process got there first or it is in use: harmless.
    """
    import shutil
    import time

    trash = path.with_name(f".trash-{path.name}-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(path, trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)
