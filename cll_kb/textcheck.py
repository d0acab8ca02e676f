"""What curated and configured text may hold: plain text, never terminal codes or markup.

Knowledge strings reach a terminal, HTML, Markdown and PDF. An escape character (`"\\e]0;…"`
sets a window title, OSC 52 writes the clipboard), a bidirectional override (U+202E turns
"0100-555" around on screen) or a lone surrogate (it cannot be written as UTF-8 at all) must be
stopped where the text comes in: `cllkb validate` and the config reader.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# C0 controls but the newline, DEL, C1 controls, bidi controls, lone surrogates.
_UNSAFE = re.compile(f"[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f{_BIDI}\\ud800-\\udfff]")
# Markup pasted from a web page or a Markdown file: an HTML tag or entity, a Markdown link.
_MARKUP = re.compile(
    r"<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>"  # <b>, </p>, <a href=…>
    r"|&(?:[a-zA-Z]{2,8}|#\d{2,5});"  # &nbsp; &#160;
    r"|!?\[[^\[\]\n]+\]\([^()\s]+\)"  # [text](url), ![alt](img)
)


def unsafe_char(text: str) -> str:
    """"" when `text` is safe; else what the first unsafe character is, e.g.
    "a control character (U+001B)"."""
    m = _UNSAFE.search(text)
    if m is None:
        return ""
    code = ord(m.group())
    if 0xD800 <= code <= 0xDFFF:
        what = "a lone surrogate"
    elif re.match(f"[{_BIDI}]", m.group()):
        what = "a bidirectional text control"
    else:
        what = "a control character"
    return f"{what} (U+{code:04X})"


def markup(text: str) -> str:
    """The first piece of HTML or Markdown markup in `text`, or ""."""
    m = _MARKUP.search(text)
    return m.group() if m else ""
