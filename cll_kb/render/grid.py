"""A two-column grid drawn the way rich's `Table.grid(padding=(0, gap))` draws it, only cheaper.

Every card is mostly lists with a hanging indent (a mark column, then text that wraps under
itself). rich's Table gets there through generic machinery: every cell wrapped in a Padding,
parsed and measured again for each width it tries, new options per cell, lines split twice; and
importing `rich.table` costs `fractions` and `decimal` (about 5 ms). That was most of the time to
draw a drug card. This grid follows Table's width rules for a borderless two-column grid, so
widths, wrapping, folding, markup and styles come out byte for byte as Table.grid drew them
(tests/test_grid.py checks it against Table itself), and does each piece of work once.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from ..record import Record

Cell = str | Text


class Col(Record):
    """What `Table.add_column` was given; `width` None means fit the contents."""

    width: int | None = None
    justify: JustifyMethod = "left"
    no_wrap: bool = False
    overflow: OverflowMethod = "ellipsis"
    style: str = ""


class Grid:
    """Rows of two cells; the left column keeps `gap` spaces to its right, as in Table.grid."""

    def __init__(self, left: Col, right: Col, gap: int = 1) -> None:
        self.cols = (left, right)
        self.pads = (gap, 0)  # a grid pads between columns, never at the edges
        self.rows: list[tuple[Cell, Cell]] = []

    def add_row(self, left: Cell, right: Cell) -> None:
        self.rows.append((left, right))

    def _column(self, index: int, max_width: int, cells: _Cells) -> Measurement:
        """Table._measure_column for one column at `max_width`, cells padded as Table pads them."""
        if max_width < 1:
            return Measurement(0, 0)
        col, pad = self.cols[index], self.pads[index]
        if col.width is not None:
            return Measurement(col.width + pad, col.width + pad).with_maximum(max_width)
        if not self.rows:
            return Measurement(1, max_width)
        if max_width - pad < 1:  # a Padding with no room inside claims all without measuring
            return Measurement(max_width, max_width)
        sizes = [_padded(cells.size(row, index), pad, max_width) for row in range(len(self.rows))]
        return Measurement(max(c.minimum for c in sizes),
                           max(c.maximum for c in sizes)).with_maximum(max_width)

    def _widths(self, max_width: int, cells: _Cells) -> list[int]:
        """Table._calculate_column_widths for a grid that does not expand."""
        widths = [self._column(i, max_width, cells).maximum or 1 for i in (0, 1)]
        if sum(widths) > max_width:
            wrapable = [c.width is None and not c.no_wrap for c in self.cols]
            widths = _collapse_widths(widths, wrapable, max_width)
            if sum(widths) > max_width:  # last resort, as Table: take it from both evenly
                widths = _ratio_reduce(sum(widths) - max_width, [1, 1], widths, widths)
            widths = [self._column(i, w, cells).maximum or 0 for i, w in enumerate(widths)]
        return widths

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if options.max_width < 0:
            return Measurement(0, 0)
        cells = _Cells(console, options, self.rows)
        width = sum(self._widths(options.max_width, cells))
        cols = [self._column(i, width, cells) for i in (0, 1)]
        return Measurement(sum(c.minimum for c in cols), sum(c.maximum for c in cols))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        cells = _Cells(console, options, self.rows)
        widths = self._widths(options.max_width, cells)
        styles = [console.get_style(c.style) for c in self.cols]
        # Options for each column, made once (Table makes them per cell); None: no room to draw.
        layouts = [self._layout(options, i, w) for i, w in enumerate(widths)]
        seen: dict[tuple[int, str], list[list[Segment]]] = {}  # a mark repeats on every row

        def draw(row: int, index: int) -> list[list[Segment]]:
            """The cell's lines, each exactly its column's width, styled as Table styles them."""
            layout, cell = layouts[index], self.rows[row][index]
            if layout is None:
                return []
            if isinstance(cell, str) and (index, cell) in seen:
                return seen[index, cell]
            lines = console.render_lines(cells.text(row, index), layout, pad=True)
            if self.pads[index]:
                lines = [[*line, Segment(" " * self.pads[index])] for line in lines]
            if styles[index]:
                lines = [list(Segment.apply_style(line, styles[index])) for line in lines]
            if isinstance(cell, str):
                seen[index, cell] = lines
            return lines

        new_line = Segment.line()
        for row in range(len(self.rows)):
            drawn = [draw(row, 0), draw(row, 1)]
            height = max(len(lines) for lines in drawn)
            # Table fills a short cell with blank lines in the column's style, and a row where
            # nothing fits with one unstyled blank line.
            blanks = [[Segment(" " * w, s)] for w, s in zip(widths, styles, strict=True)]
            if not height:
                height, blanks = 1, [[Segment(" " * w)] for w in widths]
            drawn = [lines + [blank] * (height - len(lines))
                     for lines, blank in zip(drawn, blanks, strict=True)]
            for line_no in range(height):
                for lines in drawn:
                    yield from lines[line_no]
                yield new_line

    def _layout(self, options: ConsoleOptions, index: int, width: int) -> ConsoleOptions | None:
        col, pad = self.cols[index], self.pads[index]
        if width - pad < 1:  # rich draws nothing into no space
            return None
        return options.update(width=width - pad, justify=col.justify, no_wrap=col.no_wrap,
                              overflow=col.overflow, height=None, highlight=False)


class _Cells:
    """The cells of one drawing as Text, each parsed and measured at most once, and only when
    Table would: it never measures a fixed-width cell nor draws into no space, so bad markup
    there raises only if Table's drawing would have raised too."""

    def __init__(self, console: Console, options: ConsoleOptions,
                 rows: Sequence[tuple[Cell, Cell]]) -> None:
        self.console, self.options, self.rows = console, options, rows
        self._texts: dict[tuple[int, int], Text] = {}
        self._sizes: dict[tuple[int, int], Measurement] = {}

    def text(self, row: int, index: int) -> Text:
        """A str cell as Table draws it: through console.render_str, highlighting off."""
        if (row, index) not in self._texts:
            cell = self.rows[row][index]
            self._texts[row, index] = cell if isinstance(cell, Text) else self.console.render_str(
                cell, highlight=False, markup=self.options.markup)
        return self._texts[row, index]

    def size(self, row: int, index: int) -> Measurement:
        """The cell's own (min, max): a Text measures the same whatever the width."""
        if (row, index) not in self._sizes:
            self._sizes[row, index] = self.text(row, index).__rich_measure__(
                self.console, self.options)
        return self._sizes[row, index]


def _padded(size: Measurement, pad: int, max_width: int) -> Measurement:
    """Measurement.get of Padding(cell, (0, pad, 0, 0)), given room for the cell."""
    inner = _limited(size, max_width)
    return _limited(Measurement(inner.minimum + pad, inner.maximum + pad).with_maximum(max_width),
                    max_width)


def _limited(size: Measurement, max_width: int) -> Measurement:
    """What Measurement.get does to a renderable's own measurement."""
    size = size.normalize().with_maximum(max_width)
    return Measurement(0, 0) if size.maximum < 1 else size.normalize()


def _collapse_widths(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """Table._collapse_widths: shrink the widest wrapable columns until the total fits."""
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            widest = max(w for w, wrap in zip(widths, wrapable, strict=True) if wrap)
            second = max(w if wrap and w != widest else 0
                         for w, wrap in zip(widths, wrapable, strict=True))
            ratios = [1 if w == widest and wrap else 0
                      for w, wrap in zip(widths, wrapable, strict=True)]
            if not any(ratios) or not widest - second:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(widths),
                                   widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def _ratio_reduce(total: int, ratios: Sequence[int], maximums: Sequence[int],
                  values: Sequence[int]) -> list[int]:
    """rich._ratio.ratio_reduce, copied: importing that module costs `fractions` (MIT, rich)."""
    ratios = [ratio if top else 0 for ratio, top in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return list(values)
    remaining = total
    result = []
    for ratio, top, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(top, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result
