"""Read files without surprises: only regular files, never more than a limit, and — for the
cache — only files that belong to the user and that nobody else can write.

A knowledge layer or a config file may come from a clinic's shared folder; a cache folder may
sit on a shared machine. A FIFO named `x.yaml` would hang a plain `read_bytes()`, a symlink to
`/dev/zero` would fill memory, and a pickle planted by another user would run code as you.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def os_words(exc: OSError) -> str:
    """The system's own words for an OSError ("Permission denied")."""
    return exc.strerror or type(exc).__name__


def reason(exc: OSError) -> str:
    """An OSError in a few words a user can act on ("the disk is full", not "errno 28")."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "it is not writable"
    return os_words(exc)

KNOWLEDGE_MAX_BYTES = 1_000_000  # per knowledge file; the largest shipped one is ~50 kB
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class FileRefused(Exception):
    """The path is not a file cllkb will read; the message says why, in a few words."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read(path: Path, limit: int, flags: int, owned: bool) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | flags)
    except OSError as exc:
        if exc.errno is not None and flags & _NOFOLLOW and os.path.islink(path):
            raise FileRefused("a symbolic link") from None
        raise FileRefused(os_words(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(_kind(st.st_mode))
        if owned:
            problem = untrusted(st)
            if problem:
                raise FileRefused(problem)
        if st.st_size > limit:
            raise FileRefused(f"larger than {limit // 1000:,} kB")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while we read it
            raise FileRefused(f"larger than {limit // 1000:,} kB")
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused(os_words(exc)) from None
    finally:
        os.close(fd)


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file (symlinks to one are fine) of at most `limit` bytes."""
    return _read(path, limit, 0, owned=False)


def read_owned(path: Path, limit: int) -> bytes:
    """The bytes of a regular file that is no symlink, is the user's own and that no one else
    may write: the only files a cache may be read from (they are unpickled)."""
    return _read(path, limit, _NOFOLLOW, owned=True)


def untrusted(st: os.stat_result) -> str:
    """Why a file or folder with this status must not be trusted, or "" if it may be."""
    if not hasattr(os, "getuid"):  # Windows: no owners or modes to check this way
        return ""
    if st.st_uid != os.getuid():
        return "it belongs to another user"
    if st.st_mode & 0o022:
        return "other users can write to it"
    return ""


def owned_tree(folder: Path) -> str:
    """"" when `folder` (no symlink) and every file in it are the user's own and writable by no
    one else; otherwise why not. Used before a cached index folder is opened."""
    try:
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode):
            return f"{folder.name} is not a folder"
        problem = untrusted(st)
        if problem:
            return f"{folder.name}: {problem}"
        with os.scandir(folder) as entries:
            for entry in entries:
                est = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(est.st_mode):
                    return f"{entry.name} is {_kind(est.st_mode)}"
                problem = untrusted(est)
                if problem:
                    return f"{entry.name}: {problem}"
    except OSError as exc:
        return os_words(exc)
    return ""
