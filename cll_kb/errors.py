"""The core's exception family. The CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations

from collections.abc import Sequence


class CllkbError(Exception):
    """Base class: something the user can act on, reported without a traceback."""


class KnowledgeError(CllkbError):
    """The knowledge folder does not load or does not validate."""

    def __init__(self, message: str, issues: Sequence[object] = ()) -> None:
        super().__init__(message)
        self.issues = tuple(issues)


class NotFoundError(CllkbError):
    """No entry, term or source answers to the name given."""

    def __init__(self, message: str, suggestions: Sequence[str] = (),
                 elsewhere: tuple[str, str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = tuple(suggestions)
        self.elsewhere = elsewhere  # (kind, id): the name is an entry of another kind, or a term


class ExportError(CllkbError):
    """A handout could not be made or written where it was asked for."""


class OutputError(CllkbError):
    """Standard output is closed, or writing to it failed (a full disk, a dead device)."""


class ConfigError(CllkbError):
    """The config file cannot be read, parsed or written, or names a key cllkb does not know."""


class UsageError(CllkbError):
    """An argument names something cllkb does not take: a bad command line (exit 2)."""


class SituationError(UsageError):
    """A situation `cllkb options` cannot read: an unknown treatment or marker."""
