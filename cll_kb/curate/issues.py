"""What `cllkb validate` reports: one finding, with where it is and how to fix it."""

from __future__ import annotations

from typing import Literal

from ..record import Record

Level = Literal["error", "warning"]


class Issue(Record, kw_only=False):
    level: Level
    path: str
    line: int
    code: str
    message: str
    fix: str
    layer: str = ""  # which knowledge layer the file belongs to, when there are several

    @classmethod
    def error(cls, path: str, line: int, code: str, message: str, fix: str) -> Issue:
        return cls("error", path, line, code, message, fix)

    @classmethod
    def warning(cls, path: str, line: int, code: str, message: str, fix: str) -> Issue:
        return cls("warning", path, line, code, message, fix)

    def format(self) -> str:
        """`path:line: CODE message — how to fix`, the one shape every message has."""
        where = f" [{self.layer}]" if self.layer else ""
        return f"{self.path}:{self.line}: {self.code} {self.message} — {self.fix}{where}"

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line, self.code)
