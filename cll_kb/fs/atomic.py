"""Write files and folders so a reader never sees half of one: temp in the same folder, rename."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes(path: Path, data: bytes, new_mode: int | None = None,
                keep_mode: bool = True) -> None:
    """Replace `path` with `data` in one step; on any failure the old file (if any) stays.

    The temp file is private (0600) while it is written; before the rename it gets the mode of
    the file it replaces (unless `keep_mode` is off: a cache file is always `new_mode`), else
    `new_mode`, else what the umask gives any new file — a handout must be as readable as if it
    had been written in place.
    """
    tmp = _stage(path, data, _mode_for(path, new_mode, keep_mode))
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path, new_mode: int | None, keep_mode: bool) -> int:
    mode = new_mode if new_mode is not None else _default_mode()
    if keep_mode:
        with suppress(OSError):  # no old file: the new file's mode stands
            # Permission bits only: a set-uid, set-gid or sticky bit of the old file is not kept.
            mode = path.stat().st_mode & 0o777
    return mode


def _stage(path: Path, data: bytes, mode: int) -> str:
    """`data` in a private temp file beside `path`, flushed to disk and given `mode`."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_text(path: Path, text: str, new_mode: int | None = None) -> None:
    write_bytes(path, text.encode("utf-8"), new_mode)


def write_files(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file or none, also when the disk fills half-way.

    First every file is written in full to a temp file beside its target (that is where a full
    disk stops an export); only then are they renamed into place, which needs no space. If a
    rename fails even so, the files already renamed are taken back and the files they replaced
    restored, so the folder is as it was.
    """
    staged: list[tuple[Path, str]] = []
    try:
        for path, data in files:
            staged.append((path, _stage(path, data, _mode_for(path, None, True))))
    except BaseException:
        for _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    done: list[tuple[Path, str | None]] = []  # (target, where its old file was moved aside)
    try:
        for path, tmp in staged:
            aside = None
            if os.path.lexists(path):
                aside = str(path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.old"))
                os.rename(path, aside)
            done.append((path, aside))
            os.replace(tmp, path)
    except BaseException:
        for path, aside in reversed(done):
            with suppress(OSError):
                if aside is None:
                    path.unlink()
                else:
                    os.replace(aside, path)
        for _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for _, aside in done:
        if aside is not None:
            Path(aside).unlink(missing_ok=True)
