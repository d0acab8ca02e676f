"""Open the knowledge for a command: the compiled cache when it is current, else load and check.

Every command but `validate` goes through `open_kb`, so none of them can answer from invalid
knowledge. The cache is a pickle of the validated KnowledgeBase, keyed by a hash of every
knowledge file plus the schema and package versions; it is written atomically into a cache
folder the CLI checked is the user's own (`cachedir.py`), read only if the file is the user's
own too, and any failure to read it just means "load from YAML".
"""

from __future__ import annotations

import gc
import pickle
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

try:  # CPython's own BLAKE2, the fallback hashlib keeps: no OpenSSL load on every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

from .. import SCHEMA_VERSION, __version__
from ..errors import KnowledgeError
from ..fs.files import KNOWLEDGE_MAX_BYTES, FileRefused, read_owned, read_regular
from ..knowledge.kb import KnowledgeBase
from ..knowledge.models import KIND_FOLDERS
from ..record import replace

if TYPE_CHECKING:
    from ..knowledge.layers import Layer

_FOLDERS = tuple(KIND_FOLDERS.values())
KEEP = 8  # compiled caches kept (the newest); older ones belong to knowledge since edited
FORMAT = 5  # bump when pickled classes or lookup tables change (5: a glossary term's origin)
DIGEST = 12  # bytes of the fingerprint: 24 hex digits in the file name
NAME = re.compile(rf"kb-[0-9a-f]{{{2 * DIGEST}}}\.pickle")  # the only files pruning may delete
MAX_PICKLE = 256 * 1024 * 1024  # far above what the 10,000-entry bench knowledge compiles to


def write_bytes(path: Path, data: bytes) -> None:
    """atomic.write_bytes, imported on a cache miss only: a hit needs no tempfile machinery."""
    from ..fs.atomic import write_bytes as write

    write(path, data, new_mode=0o600, keep_mode=False)


def knowledge_files(root: Path) -> list[Path]:
    """Every path the loader reads: *.yaml at the top and in the kind folders, whatever they
    are (a folder or a FIFO named x.yaml too: the loader refuses it, the hash notes it)."""
    files = list(root.glob("*.yaml"))
    for folder in _FOLDERS:
        files += (root / folder).glob("*.yaml")
    return sorted(files)


def fingerprint(layers: Sequence[Layer]) -> str:
    """Hash of what a KB is built from: every file's name and bytes, per layer, and versions."""
    h = blake2b(f"cllkb {__version__} schema {SCHEMA_VERSION} cache {FORMAT}".encode(),
                digest_size=DIGEST)
    for n, layer in enumerate(layers):
        h.update(f"\0layer {n} {layer.name}\0".encode())
        if not layer.root.is_dir():
            h.update(b"missing")
            continue
        for path in knowledge_files(layer.root):
            h.update(str(path.relative_to(layer.root)).encode() + b"\0")
            try:
                h.update(read_regular(path, KNOWLEDGE_MAX_BYTES))
            except FileRefused as exc:  # never cached: the loader reports it (CLLKB018)
                h.update(f"\0refused: {exc}\0".encode())
    return h.hexdigest()


def _loads(data: bytes) -> object:
    """pickle.loads with the cyclic collector paused: the thousands of records it makes would
    otherwise set off collections that rescan them all, to find nothing (`make bench` times it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def open_kb(layers: Sequence[Layer], cache: Path | None) -> KnowledgeBase:
    """A validated KB, or KnowledgeError naming the first problem."""
    key = fingerprint(layers)
    cached = cache / f"kb-{key}.pickle" if cache else None
    if cached is not None:
        try:
            kb = _loads(read_owned(cached, MAX_PICKLE))
            if isinstance(kb, KnowledgeBase) and kb.fingerprint == key:
                return kb
        except Exception:  # noqa: BLE001 - missing, not the user's own or damaged: rebuild it
            pass
    from .loader import load  # YAML parsing is only needed when the cache misses

    result = load(layers, warnings=False)
    if result.kb is None:
        first = result.errors[0] if result.errors else None
        where = first.format() if first else "knowledge did not load"
        raise KnowledgeError(f"invalid knowledge: {where} (run `cllkb validate` for all problems)",
                             result.issues)
    kb = replace(result.kb, fingerprint=key)
    if cached is not None:
        from ..fs.cachedir import prune

        try:
            write_bytes(cached, pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # an unwritable cache costs speed, never an answer
        else:
            prune(cached.parent, NAME, KEEP, spare=cached)
    return kb

