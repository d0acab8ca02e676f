"""The cache folder: trusted only when it is the user's own, and tidied only when cllkb made it.

What the cache holds is unpickled, so a folder another user made or can write to (a shared
machine's `/tmp/cllkb`, mode 1777) could run that user's code as you. cllkb therefore
- creates its cache folder private (0700) and marks it with a CACHEDIR.TAG
  (https://bford.info/cachedir/, which backup tools also honour);
- uses an existing folder only when it belongs to the user and nobody else may write to it,
  and reads a cached file only under the same rule (`files.read_owned`); anything else means
  "work in memory", with a one-line warning from the CLI;
- deletes only names in its own exact formats, only in a folder it marked, never through a
  symlink, so `CLLKB_CACHE_DIR=~/Documents` can never cost a file.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path

from .files import FileRefused, read_owned, reason, untrusted

TAG_NAME = "CACHEDIR.TAG"
SIGNATURE = b"Signature: 8a477f597d28d172789f06886806bc55"
TAG = SIGNATURE + (b"\n# This folder is a cache made by cllkb. cllkb deletes only its own files"
                   b" here.\n# For information about cache folder tags, see "
                   b"https://bford.info/cachedir/\n")
SWEEP_AFTER = 600.0  # seconds: a temp file or folder older than this belongs to a dead process
# Leftovers of interrupted work, in the exact shapes cllkb makes them: a builder's temp folder
# (`.index-<key>.tmp-<pid>-<ns>`), a folder moved aside to be deleted (`.trash-<name>-<pid>-<ns>`),
# a half-written file (atomic.py: `.<name>.<random>.tmp`).
LEFTOVER = re.compile(r"\.(?:index-[\w.-]+\.tmp-\d+-\d+|trash-(?:index|kb)-[\w.-]+-\d+-\d+"
                      r"|kb-\w+\.pickle\.\w+\.tmp)")


def prepare(path: Path) -> tuple[Path | None, str]:
    """The cache folder, created private and marked if need be; or None and why it is not used.

    The reason is a phrase to follow "not using the cache folder <path>: ".
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(path, 0o700)
            _mark(path)
        except FileExistsError:
            pass  # another cllkb made it a moment ago: check it as any existing folder
        except OSError as exc:
            return None, f"cannot create it ({reason(exc)})"
        try:
            st = os.stat(path)
        except OSError as exc:
            return None, reason(exc)
    except OSError as exc:
        return None, reason(exc)
    if not stat.S_ISDIR(st.st_mode):
        return None, "it is not a folder"
    problem = untrusted(st)
    return (None, problem) if problem else (path, "")


def _mark(folder: Path) -> None:
    from .atomic import write_bytes

    write_bytes(folder / TAG_NAME, TAG, new_mode=0o600)


def marked(folder: Path) -> bool:
    """Whether cllkb made this folder (its own tag, the user's own file)."""
    try:
        return read_owned(folder / TAG_NAME, 4096).startswith(SIGNATURE)
    except FileRefused:
        return False


def _entries(folder: Path, name: re.Pattern[str]) -> list[tuple[Path, os.stat_result]]:
    """Entries whose whole name matches, with their own status (symlinks are never followed)."""
    found = []
    try:
        with os.scandir(folder) as it:
            for entry in it:
                if name.fullmatch(entry.name):
                    try:
                        found.append((Path(entry.path), entry.stat(follow_symlinks=False)))
                    except OSError:
                        continue
    except OSError:
        return []
    return found


def remove(path: Path) -> bool:
    """Delete one of cllkb's own files or folders in a marked folder; False if not allowed or
    not done. A folder is first renamed aside, so no reader sees half of one."""
    import shutil

    folder = path.parent
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if stat.S_ISLNK(st.st_mode) or untrusted(st) or not marked(folder):
        return False
    if not stat.S_ISDIR(st.st_mode):
        try:
            path.unlink()
        except OSError:
            return False  # another process got there first, or it is in use
        return True
    trash = path
    if not path.name.startswith(".trash-"):
        trash = folder / f".trash-{path.name}-{os.getpid()}-{time.monotonic_ns()}"
        try:
            os.rename(path, trash)
        except OSError:
            return False
    shutil.rmtree(trash, ignore_errors=True)  # rmtree never follows symlinks inside
    return True


def prune(folder: Path, name: re.Pattern[str], keep: int, spare: Path) -> None:
    """Delete all but the `keep` newest of cllkb's entries named like `name` (never `spare`):
    caches of knowledge since edited. Several may be current at once (another --kb folder, a
    clinic's layers), hence a count rather than "only the newest"."""
    if not marked(folder):
        return
    old = sorted(((p, st) for p, st in _entries(folder, name) if p != spare),
                 key=lambda ps: ps[1].st_mtime, reverse=True)
    for p, _st in old[max(0, keep - 1):]:
        remove(p)


def sweep(folder: Path, older_than: float = SWEEP_AFTER,
          now: Callable[[], float] = time.time) -> None:
    """Remove leftovers of interrupted work (a killed builder's temp folder, a folder moved aside
    and not yet deleted, a half-written file). Only old ones: a young one may belong to a
    process still at work."""
    if not marked(folder):
        return
    for path, st in _entries(folder, LEFTOVER):
        if now() - st.st_mtime > older_than:
            remove(path)
