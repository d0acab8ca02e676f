"""Reading and editing the config's TOML: tomllib reads, tomlkit edits.

tomllib (tomli before Python 3.11) parses every config read; it reports no line numbers for keys
it parsed happily, so the line of a key is found by asking it about each prefix of the (tiny)
file, which stays right where a hand-written scanner would be fooled by multi-line strings.
tomlkit, imported only by `cllkb config set` and `unset`, changes one value and keeps the
comments, order and layout of everything else.
"""

from __future__ import annotations

import re
import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

TOMLDecodeError = tomllib.TOMLDecodeError
HEADER_COMMENT = (  # the comment lines a new config file starts with
    "cllkb configuration: your clinic's details for warning boxes and handouts.",
    "Edit by hand or with `cllkb config set`; check with `cllkb config show`.",
)
_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
_UNQUOTED = re.compile(r"^\s*[\w\"'.-]+\s*=\s*[^\s\"'\[{#]")


def loads(text: str) -> dict[str, object]:
    return tomllib.loads(text)


def quoted(value: str) -> str:
    """A value as TOML writes it (`"555-0100"`), quotes and escapes included."""
    import tomlkit

    return tomlkit.string(value).as_string()


def edit(text: str | None, table: str, key: str, value: str | None) -> str:
    """The file with one key of `table` set to `value` (removed when None); a new file when
    `text` is None. tomlkit keeps comments and the layout of the rest (inline tables, dotted
    keys); callers parse the result to be sure it says what they asked for."""
    import tomlkit

    doc = tomlkit.parse(text) if text is not None else _new_document()
    found = doc.get(table)
    if found is None:
        found = tomlkit.table()
        doc.add(table, found)
    if value is None:
        found.pop(key, None)
    else:
        found[key] = value
    return tomlkit.dumps(doc)


def fresh(table: str, values: dict[str, str], order: tuple[str, ...]) -> str:
    """The file written from scratch: a header comment and one table, keys in `order`."""
    import tomlkit

    doc = _new_document()
    found = tomlkit.table()
    for key in order:
        if key in values:
            found[key] = values[key]
    doc.add(table, found)
    return tomlkit.dumps(doc)


def _new_document():
    import tomlkit

    doc = tomlkit.document()
    for line in HEADER_COMMENT:
        doc.add(tomlkit.comment(line))
    doc.add(tomlkit.nl())
    return doc


def line_of(text: str, path: tuple[str, ...]) -> int:
    """The line where the key at `path` is written (1-based; 1 if it cannot be told)."""
    lines = text.splitlines(keepends=True)
    for n in range(1, len(lines) + 1):
        try:
            doc: object = tomllib.loads("".join(lines[:n]))
        except TOMLDecodeError:
            continue  # the prefix ends inside a multi-line value
        for part in path:
            doc = doc.get(part) if isinstance(doc, dict) else None
        if doc is None:
            continue
        # A multi-line value completes below its key: walk back to the line that names it.
        named = re.compile(rf"(?:^|[\s.\"'{{,\[]){re.escape(path[-1])}[\"']?\s*[=.\]]")
        return next((i for i in range(n, 0, -1) if named.search(lines[i - 1])), n)
    return 1


def decode_error(text: str, exc: ValueError) -> tuple[int, str]:
    """tomllib's "Message (at line N, column M)" as (N, "message (column M)") plus a hint."""
    message = str(exc)
    found = _AT.search(message)
    if found is None:
        return 1, message
    line = int(found.group(1)) if found.group(1) else max(1, len(text.splitlines()))
    detail = message[: found.start()]
    if found.group(2):
        detail += f" (column {found.group(2)})"
    lines = text.splitlines()
    if 0 < line <= len(lines) and _UNQUOTED.match(lines[line - 1]):
        detail += '; values go in quotes: key = "…"'
    return line, detail
