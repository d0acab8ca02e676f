"""Handouts as clean Markdown, for pasting into a patient portal or a message.

Text from YAML is escaped so that it reads the same in any Markdown viewer and can never become
a link, an image or raw HTML there.
"""

from __future__ import annotations

import re

from ..page import Block, Page
from ..page.plan import ref_summary, ref_title, span
from .handout import Handout, Index, group_index, is_web_link, more_note

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|~!&])")


def md(text: str) -> str:
    """Backslash-escape Markdown's punctuation and fold line breaks into spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _items(items: tuple[str, ...], mark: str = "-") -> list[str]:
    return [f"{mark} {md(i)}" for i in items]


def _table(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...] | list) -> list[str]:
    out = ["| " + " | ".join(md(c) for c in columns) + " |",
           "| " + " | ".join("---" for _ in columns) + " |"]
    out += ["| " + " | ".join(md(cell) or " " for cell in row) + " |" for row in rows]
    return [*out, ""]


def _block(b: Block) -> list[str]:
    out = [f"## {md(b.heading)}", ""]
    if b.style == "text":
        for t in b.items:
            out += [md(t), ""]
        return out
    if b.style == "refs":
        return [*out, *_items(tuple(f"{ref_title(r)}: {ref_summary(r)}" for r in b.refs)), ""]
    if b.style in ("table", "calendar"):
        out += _table(b.columns, b.rows)
        return [*out, *(line for t in b.items for line in (md(t), ""))]
    if b.style == "timeline" and b.timeline is not None:
        t = b.timeline
        numbers = [str(n) for n in range(1, t.length + 1)]
        rows = [(bar.label, span(t.unit, bar.start, bar.end),
                 *("■" if bar.start <= n <= bar.end else " " for n in range(1, t.length + 1)))
                for bar in t.bars]
        out += _table((t.unit.capitalize(), "When", *numbers), rows)
        out += [f"- {md(bar.label)}: {md(bar.note)}" for bar in t.bars if bar.note]
        return [*out, *(line for n in b.items for line in ("", md(n))), ""]
    if b.style == "drugs":
        out += ["| Drug | Brand names | Given |", "| --- | --- | --- |"]
        out += [f"| {md(d.title)} | {md(', '.join(d.brands[:2]))} | {md(d.given)} |"
                for d in b.drugs]
        return [*out, ""]
    out += _items(b.items)
    if b.more:
        out += ["", f"_{md(more_note(b.more))}_"]
    return [*out, ""]


def _page(h: Handout, p: Page) -> list[str]:
    out = [f"# {md(p.title)}", "", f"_{md(p.kind_label + (' · local page' if p.local else ''))}_"]
    if p.subtitle:
        out[-1] += f"  \n_{md(p.subtitle)}_"
    if h.clinic:
        out += ["", md(" · ".join(h.clinic))]
    if p.question:
        out += ["", f"**Your question:** “{md(p.question)}”"]
    if p.notice:
        out += ["", f"**Note:** {md(p.notice)}"]
    out += ["", md(p.summary), ""]
    for note in p.notes()[1:]:
        out += [f"**{md(note)}**", ""]
    if p.warnings:
        out += [f"> **{md(h.warning_title)}**", ">"]
        out += [f"> {line}" for line in _items(p.warnings)]
        if not h.phone_known:
            out += [">", "> Your care team’s phone number: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_"]
        out.append("")
    if p.key_points:
        out += ["## Key points", "", *_items(p.key_points), ""]
    for b in p.blocks:
        out += _block(b)
    if p.omitted:
        out += [f"_{md(p.omitted_note())}_", ""]
    if p.questions:
        out += ["## Questions to ask your care team", "", *_items(p.questions, "- [ ]"), ""]
    if p.words and p.show_words:
        out += ["## Words to know", ""]
        out += [f"- **{md(t.term)}**: {md(t.definition)}" for t in p.words]
        out.append("")
    if note := h.sheets_note(p):
        out += [md(note), ""]
    if p.sources:
        out += ["## Sources", ""]
        for n, s in enumerate(p.sources, 1):
            link = f" <{s.link}>" if is_web_link(s.link) else f" {md(s.link)}" if s.link else ""
            out.append(f"{n}. {md(s.title)}. {md(s.publisher)}, {s.year}.{link}")
        out.append("")
    return [*out, "---", "", md(h.stamp(p)), "", f"_{md(p.disclaimer)}_", ""]


def render_markdown(handout: Handout) -> str:
    lines: list[str] = []
    for n, p in enumerate(handout.pages):
        if n:
            lines += ["", "* * *", ""]
        lines += _page(handout, p)
    return "\n".join(lines)


def render_index_markdown(index: Index) -> str:
    out = [f"# {md(index.title)}", "", md(f"cllkb {index.version}"), ""]
    for label, items in group_index(index):
        out += [f"## {md(label)}", ""]
        out += [f"- [{md(i.title)}]({i.file}): {md(i.summary)}" for i in items]
        out.append("")
    return "\n".join([*out, f"_{md(index.disclaimer)}_", ""])
