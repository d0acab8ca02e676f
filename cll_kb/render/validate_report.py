"""How a validation report looks in the terminal: one line per finding, then a summary table."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..curate.validation import Report


def issue_lines(report: Report) -> list[Text]:
    """One styled line per finding; print them with soft_wrap so a line is never broken."""
    return [Text(i.format(), style="error" if i.level == "error" else "warning")
            for i in report.issues]


def render_summary(report: Report) -> RenderableType:
    parts: list[RenderableType] = []
    table = Table(title="cllkb validate", show_header=True, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, n in report.counts.items():
        table.add_row(name, str(n))
    table.add_row("errors", str(len(report.errors)), style="error" if report.errors else "ok")
    table.add_row("warnings", str(len(report.warnings)),
                  style="warning" if report.warnings else "ok")
    parts.append(table)
    verdict = "ok" if report.ok else "failed"
    why = " (warnings count as errors with --strict)" if report.strict and report.warnings else ""
    parts.append(Text(f"knowledge {verdict}{why}", style="ok" if report.ok else "error"))
    return Group(*parts)
