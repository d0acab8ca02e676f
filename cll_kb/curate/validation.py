"""`cllkb validate` as a library call: load every layer, count, decide pass or fail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..record import Record
from .issues import Issue
from .loader import Layer, load


class Report(Record, kw_only=False):
    issues: tuple[Issue, ...]
    counts: dict[str, int]  # entries per kind, terms, sources, synonyms
    strict: bool

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.strict and self.warnings)

    def to_data(self) -> dict:
        """The documented `validate --json` shape."""
        def one(i: Issue) -> dict:
            return {"path": i.path, "line": i.line, "code": i.code, "level": i.level,
                    "message": i.message, "fix": i.fix, "layer": i.layer or None}
        return {"ok": self.ok, "strict": self.strict, "counts": self.counts,
                "errors": [one(i) for i in self.errors],
                "warnings": [one(i) for i in self.warnings]}


def validate(layers: Sequence[Layer], strict: bool = False, today: dt.date | None = None) -> Report:
    result = load(layers, today=today)
    return Report(tuple(result.issues), result.counts, strict)
