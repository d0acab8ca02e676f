"""Read one YAML file into plain data plus the line of every value.

PyYAML's safe loader forgets where values came from and silently keeps the last of two equal
keys. Curators need both: every message names a line, and a duplicated key is an error. So we
compose the node tree (which keeps marks) and build values ourselves, delegating scalars to the
safe constructor — no Python tags can ever be constructed.

A knowledge layer may come from a clinic's shared folder, so reading is bounded: only regular
files up to MAX_BYTES, no anchors or aliases (a 470-byte "billion laughs" file would expand to
gigabytes, a self-referencing alias would never end), nesting at most MAX_DEPTH deep, and no
text with control characters, bidi controls or lone surrogates (`textcheck.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..fs.files import KNOWLEDGE_MAX_BYTES as MAX_BYTES
from ..fs.files import FileRefused, read_regular
from ..textcheck import unsafe_char
from .issues import Issue

FieldPath = tuple[str | int, ...]
_SAFE_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
}  # fmt: skip
MAX_DEPTH = 32  # the deepest shipped file nests 6 levels


class _Refused(yaml.YAMLError):
    """A YAML construct cllkb does not read, with where it is and its rule code."""

    def __init__(self, code: str, message: str, fix: str, mark: yaml.Mark) -> None:
        super().__init__(message)
        self.code, self.message, self.fix, self.mark = code, message, fix, mark


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader's composer with anchors, aliases and deep nesting refused."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("CLLKB019", "YAML anchors and aliases (&name, *name) are not allowed",
                           "write the text out in full where it is needed", event.start_mark)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused("CLLKB019", f"nested more than {MAX_DEPTH} levels deep",
                           "flatten the structure (see knowledge/README.md)", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass(slots=True)
class Document:
    """A parsed file: its data and the 1-based line where each field path starts."""

    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    # Values that could not be read (already reported): checks must not call them "missing".
    failed: set[FieldPath] = field(default_factory=set)

    def line(self, at: FieldPath = ()) -> int:
        """Line of the nearest field on `at` that the file has (a missing field: its parent)."""
        while at not in self.lines and at:
            at = at[:-1]
        return self.lines.get(at, 1)


class _Builder:
    def __init__(self, doc: Document, display: str) -> None:
        self.doc = doc
        self.display = display
        self.issues: list[Issue] = []
        self._scalars = yaml.SafeLoader("")

    def build(self, node: yaml.Node, at: FieldPath) -> Any:
        self.doc.lines.setdefault(at, node.start_mark.line + 1)
        if node.tag not in _SAFE_TAGS:
            self.issues.append(Issue.error(
                self.display, node.start_mark.line + 1, "CLLKB001",
                f"unsupported YAML tag {node.tag!r}", "use plain text, lists and mappings only",
            ))  # fmt: skip
            self.doc.failed.add(at)
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, (*at, "<key>"))
                if not isinstance(key, str | int):
                    key = str(key)
                if key in out:
                    self.issues.append(Issue.error(
                        self.display, key_node.start_mark.line + 1, "CLLKB003",
                        f"duplicate key '{key}' (first on line {self.doc.lines[(*at, str(key))]})",
                        "keep one of them: YAML would silently use the last",
                    ))  # fmt: skip
                    continue
                out[key] = self.build(value_node, (*at, str(key)))
            self.doc.lines.pop((*at, "<key>"), None)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*at, i)) for i, item in enumerate(node.value)]
        if isinstance(node.value, str) and (problem := unsafe_char(node.value)):
            self.issues.append(Issue.error(
                self.display, node.start_mark.line + 1, "CLLKB017", f"text holds {problem}",
                "delete it: knowledge text is plain text (in double quotes, an escape such as "
                "\\e or \\u202e makes one)",
            ))  # fmt: skip
            self.doc.failed.add(at)
            return None
        try:
            return self._scalars.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:  # e.g. an impossible date: 2026-02-30
            self.issues.append(Issue.error(
                self.display, node.start_mark.line + 1, "CLLKB005",
                f"cannot read value {node.value!r} ({exc})".splitlines()[0],
                "dates are real calendar dates written YYYY-MM-DD",
            ))  # fmt: skip
            self.doc.failed.add(at)
            return None


def read_document(path: Path, display: str) -> tuple[Document | None, list[Issue]]:
    """Parse one file; return (None, issues) when it cannot be read as YAML at all."""
    try:
        raw = read_regular(path, MAX_BYTES)
    except FileRefused as exc:
        return None, [Issue.error(display, 1, "CLLKB018", f"cannot read this file: {exc}",
                                  "knowledge files are regular YAML files under "
                                  f"{MAX_BYTES // 1000:,} kB; move anything else out of the "
                                  "knowledge folder")]
    if b"\x00" in raw:
        return None, [Issue.error(display, 1, "CLLKB011", "binary file, not YAML text",
                                  "save it as UTF-8 text, or move it out of the knowledge folder")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Issue.error(display, line, "CLLKB011", "not valid UTF-8 text",
                                  "re-save the file with UTF-8 encoding")]
    text = text.removeprefix("\ufeff")
    for n, line in enumerate(text.split("\n"), 1):
        if problem := unsafe_char(line.replace("\t", " ").removesuffix("\r")):
            return None, [Issue.error(display, n, "CLLKB017", f"this line holds {problem}",
                                      "delete it: knowledge files are plain text")]
    tabs = [Issue.error(display, n, "CLLKB002", "tab character in indentation",
                        "indent with spaces only")
            for n, ln in enumerate(text.splitlines(), 1)
            if "\t" in ln[: len(ln) - len(ln.lstrip(" \t"))]]  # fmt: skip
    if tabs:
        return None, tabs[:1]
    if not [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]:
        return None, [Issue.error(display, 1, "CLLKB010", "empty file",
                                  "fill it in (see knowledge/README.md) or delete it")]
    try:
        loader = _BoundedLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _Refused as exc:
        return None, [Issue.error(display, exc.mark.line + 1, exc.code, exc.message, exc.fix)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Issue.error(display, line, "CLLKB001", f"YAML syntax error: {problem}",
                                  "check indentation, colons and quotes on this line")]
    doc = Document(path=path, data=None)
    if node is None:
        return None, [Issue.error(display, 1, "CLLKB010", "empty file",
                                  "fill it in (see knowledge/README.md) or delete it")]
    builder = _Builder(doc, display)
    doc.data = builder.build(node, ())
    return doc, builder.issues
