"""Shell completion: the words each argument takes, from the compiled knowledge.

Completion must never break a shell: any failure (no knowledge yet, invalid knowledge) offers
nothing rather than a traceback.
"""

from __future__ import annotations

from collections.abc import Callable

from .app import State


def _matching(names: list[str], incomplete: str) -> list[str]:
    start = incomplete.casefold()
    return [n for n in names if n.casefold().startswith(start)]


def _safely(names: Callable[[], list[str]]) -> list[str]:
    try:
        return names()
    except Exception:  # noqa: BLE001 - completion must never break the shell
        return []


def entry_names(incomplete: str) -> list[str]:
    """Every entry id and name (titles, brands) that `show` and `export` accept."""
    return _matching(_safely(lambda: State().kb().all_names()), incomplete)
