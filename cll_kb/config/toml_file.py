"""The little TOML the config needs and tomllib lacks: writing strings, editing, finding lines.

tomllib reads but never writes, and it reports no line numbers for keys it parsed happily.
The config is one flat table of strings, so a writer for that shape is a few lines; and since
the file is tiny, the line of a key is found by asking the real parser about each prefix,
which stays right where a hand-written scanner would be fooled by multi-line strings.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

TOMLDecodeError = tomllib.TOMLDecodeError
HEADER_COMMENT = (
    "# cllkb configuration: your clinic's details for warning boxes and handouts.\n"
    "# Edit by hand or with `cllkb config set`; check with `cllkb config show`.\n"
)
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n",
                  "\f": "\\f", "\r": "\\r"}  # fmt: skip
_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
_UNQUOTED = re.compile(r"^\s*[\w\"'.-]+\s*=\s*[^\s\"'\[{#]")
_TABLE_START = re.compile(r"^\s*\[")


def loads(text: str) -> dict[str, object]:
    return tomllib.loads(text)


def toml_string(value: str) -> str:
    """A basic string that reads back exactly: quotes, backslashes and control characters escaped.

    Line and paragraph separators are escaped too, so one value is always one line on disk.
    """
    out = []
    for ch in value:
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def dumps(table: str, values: Mapping[str, str], order: Iterable[str]) -> str:
    """The canonical file: a header comment, then one table of `key = "value"` lines."""
    lines = [f"{key} = {toml_string(values[key])}\n" for key in order if key in values]
    return f"{HEADER_COMMENT}\n[{table}]\n{''.join(lines)}"


def edit(text: str, table: str, key: str, value: str | None) -> str:
    """Set (or with None, remove) one key, leaving comments and other lines as they were.

    Only the plain layout is handled here (a `[table]` header, one `key = …` line); callers
    parse the result and fall back to `dumps` when it does not say what they asked for.
    """
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    new = [f"{key} = {toml_string(value)}\n"] if value is not None else []
    header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]\s*(#.*)?$")
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        gap = ["\n"] if lines and lines[-1].strip() else []
        return "".join([*lines, *gap, f"[{table}]\n", *new])
    end = next((i for i in range(start + 1, len(lines)) if _TABLE_START.match(lines[i])),
               len(lines))
    own = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
    at = next((i for i in range(start + 1, end) if own.match(lines[i])), None)
    if at is not None:
        lines[at:at + 1] = new
    else:
        body = [i for i in range(start + 1, end)
                if lines[i].strip() and not lines[i].lstrip().startswith("#")]
        lines[(body[-1] if body else start) + 1:(body[-1] if body else start) + 1] = new
    return "".join(lines)


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
