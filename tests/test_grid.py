"""The cheap Grid draws exactly what rich's Table.grid drew, at any width, plain and in colour.

Table.grid stays here, in the test only, as the reference: the cards must look the same as they
did, down to the trailing spaces and the ANSI codes.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cll_kb.render.console import make_console
from cll_kb.render.grid import Col, Grid

WORDS = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.text("abcdefghijklmnopqrstuvwxyz./:-_", min_size=15, max_size=140),  # long words, URLs
    st.text("中文字数据😀🧬é\u200b\u00a0 ", max_size=10),  # wide, emoji, zero-width, no-break space
    st.sampled_from(["[1]", "[2][3]", "[bold]x[/bold]", "[link]a[/link]", "[/]", "[", "\t",
                     "\n", "  ", "", "VENCLEXTA", "https://doi.org/10.1182/blood-2017-09-806398"]),
)
PLAIN = st.lists(WORDS, max_size=30).map(" ".join)
STYLES = st.sampled_from(["", "link", "muted", "bold", "title", "red on blue", "warn"])


@st.composite
def styled(draw: st.DrawFn) -> Text:
    """A Text built as source_list builds one: plain text, then styled pieces appended."""
    text = Text(draw(PLAIN), style=draw(STYLES), end=draw(st.sampled_from(["\n", ""])),
                justify=draw(st.sampled_from([None, "left", "right", "center", "full"])))
    for piece, style in draw(st.lists(st.tuples(PLAIN, STYLES), max_size=3)):
        text.append(piece, style=style)
    return text


CELLS = st.one_of(PLAIN, styled())
MARKS = st.one_of(st.sampled_from(["•", "–", "[1]", "[12]", "[bold]*[/bold]"]), PLAIN)


def draw(renderable: RenderableType, width: int, color: str) -> str:
    buf = io.StringIO()
    make_console(color, file=buf, width=width).print(renderable)  # type: ignore[arg-type]
    return buf.getvalue()


def outcome(renderable: RenderableType, width: int, color: str) -> str:
    """The output, or the error rich raised (bad markup must fail the same way in both)."""
    try:
        return draw(renderable, width, color)
    except Exception as exc:  # noqa: BLE001 - compared, not hidden
        return f"raised {type(exc).__name__}"


def pair(rows: list[tuple[str | Text, str | Text]], left: Col, right: Col,
         gap: int) -> tuple[Table, Grid]:
    table = Table.grid(padding=(0, gap))
    grid = Grid(left, right, gap=gap)
    for col in (left, right):
        table.add_column(justify=col.justify, width=col.width, no_wrap=col.no_wrap,
                         overflow=col.overflow, style=col.style)
    for a, b in rows:
        table.add_row(a, b)
        grid.add_row(a, b)
    return table, grid


HANGING = (Col(width=3, justify="right", no_wrap=True), Col(overflow="fold"))
SOURCES = (Col(width=5, justify="right", no_wrap=True), Col(overflow="fold"))
DRUGS = (Col(), Col(no_wrap=True, style="muted"))


def check(rows: list[tuple[str | Text, str | Text]], cols: tuple[Col, Col], gap: int,
          width: int) -> None:
    table, grid = pair(rows, *cols, gap=gap)
    for color in ("never", "always"):
        for wrap in (lambda r: r, lambda r: Padding(r, (0, 0, 0, 2)),
                     lambda r: Panel(r, title="t")):
            assert outcome(wrap(grid), width, color) == outcome(wrap(table), width, color)
    console = make_console("never", file=io.StringIO(), width=width)
    for limit in (width, width // 3, 1, 0):
        options = console.options.update_width(limit)
        try:
            expected = Measurement.get(console, options, table)
        except Exception as exc:  # noqa: BLE001 - compared, not hidden
            expected = type(exc)
        try:
            got = Measurement.get(console, options, grid)
        except Exception as exc:  # noqa: BLE001 - compared, not hidden
            got = type(exc)
        assert got == expected


@settings(max_examples=400, deadline=None)
@given(items=st.lists(CELLS, max_size=8), mark=MARKS, width=st.integers(10, 120),
       cols=st.sampled_from([HANGING, SOURCES]))
def test_hanging_list_matches_table_grid(items: list[str | Text], mark: str, width: int,
                                         cols: tuple[Col, Col]) -> None:
    check([(mark, item) for item in items], cols, 1, width)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(MARKS, CELLS), max_size=6), width=st.integers(1, 12),
       cols=st.sampled_from([HANGING, SOURCES]))
def test_narrow_widths_match_table_grid(rows: list[tuple[str, str | Text]], width: int,
                                        cols: tuple[Col, Col]) -> None:
    check(rows, cols, 1, width)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(CELLS, PLAIN), max_size=5), width=st.integers(1, 120))
def test_two_fitted_columns_match_table_grid(rows: list[tuple[str | Text, str]],
                                             width: int) -> None:
    """The drug/command rows of `cllkb options`: a wrapping column beside a styled one."""
    check(rows, DRUGS, 2, width)


def test_a_card_list_is_drawn_the_same_at_common_widths() -> None:
    """Plain examples, so a failure here reads without hypothesis."""
    items = ["Tumor lysis syndrome (TLS) can happen in the first weeks.",
             "See https://www.accessdata.fda.gov/drugsatfda_docs/label/2024/208573s032lbl.pdf",
             "", "中文字 😀 [1] [bold]x[/bold]"]
    link = Text("Prescribing information. FDA, 2024. ")
    link.append("https://www.accessdata.fda.gov/drugsatfda_docs/label/2024/208573s032lbl.pdf",
                style="link")
    for width in (20, 30, 40, 88):
        check([("•", item) for item in items], HANGING, 1, width)
        check([("[1]", link), ("[2]", items[0])], SOURCES, 1, width)
    grid = Grid(*SOURCES)
    grid.add_row("[1]", link)
    assert "\x1b[" in draw(grid, 40, "always")  # the colour runs above do compare colours
