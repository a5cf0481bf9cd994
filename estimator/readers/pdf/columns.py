"""Rows of cells into columns: by rules where a table has them, by the gaps its figures leave
where it has none."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .page import Row
from .text import join_wrapped, value_like


@dataclass
class PrintedLine:
    """One row as the grid will hold it: cell texts by their x-place, and its box."""

    page: int
    cells: list[tuple[float, float, str, tuple[float, float] | None]]  # x0, x1, text, ruled span
    box: tuple[float, float, float, float]
    ruled: bool
    labels: set[int] = field(default_factory=set)  # cells carried over a stack (fill them in tables)
    stacked: int = 0  # position inside a stack of rows split from one ruled row


def expand(row: Row) -> list[PrintedLine]:
    """A row whose cells hold several lines: a stack of rows when two or more cells hold the same
    number of lines, else one row with its wrapped texts joined."""
    counts = Counter(len(c.lines) for c in row.cells if len(c.lines) > 1)
    valued = {len(c.lines) for c in row.cells if len(c.lines) > 1 and all(value_like(t.text) for t in c.lines)}
    # Header labels wrap too (통 신/내선공): a stack holds values in at least one of its cells.
    stack = max((n for n, times in counts.items() if times >= 2 and n in valued), default=0)
    x0, x1 = row.x0, row.x1
    if not stack:
        cells = [(c.x0, c.x1, join_wrapped(c.lines), c.span) for c in row.cells]
        return [PrintedLine(row.page, cells, (x0, row.top, x1, row.bottom), row.ruled)]
    out = []
    for i in range(stack):
        cells, labels, tops, bottoms = [], set(), [], []
        for c in row.cells:
            if len(c.lines) == stack:
                cells.append((c.x0, c.x1, c.lines[i].text, c.span))
                tops.append(c.lines[i].top)
                bottoms.append(c.lines[i].bottom)
            else:
                labels.add(len(cells))
                cells.append((c.x0, c.x1, join_wrapped(c.lines), c.span))
        out.append(PrintedLine(row.page, cells, (x0, min(tops), x1, max(bottoms)), row.ruled, labels, i))
    return out


def ruled_edges(lines: list[PrintedLine]) -> list[float]:
    xs = sorted(x for line in lines for c in line.cells if c[3] for x in c[3])
    edges: list[float] = []
    for x in xs:
        if not edges or x - edges[-1] > 1.5:
            edges.append(x)
    return edges


def _numeric_rows(lines: list[PrintedLine]) -> list[PrintedLine]:
    """Rows of several cells holding a figure: lines and totals, whose cells each sit in one
    column. Header rows, titles and labels may span columns (merged cells); they do not count."""
    several = [line for line in lines if len(filled_cells(line)) >= 2]
    figures = [line for line in several if any(value_like(c[2]) for c in filled_cells(line))]
    return figures or several


def _gap_runs(lines: list[PrintedLine]) -> list[tuple[float, float]]:
    """The x-ranges of an unruled table that no cell of a row with figures covers."""
    measured = _numeric_rows(lines)
    if not measured:
        return []
    step = 0.25
    left = min(c[0] for line in measured for c in filled_cells(line))
    right = max(c[1] for line in measured for c in filled_cells(line))
    bins = int((right - left) / step) + 2
    cover = [0] * bins
    for line in measured:
        for x0, x1, _, _ in filled_cells(line):
            for b in range(int((x0 - left) / step) + 1, int((x1 - left) / step)):
                cover[b] += 1
    runs, start = [], None
    for b in range(bins):
        free = cover[b] == 0
        if free and start is None:
            start = b
        if not free and start is not None:
            if (b - start) * step >= 0.5 and start > 0:
                runs.append((left + start * step, left + b * step))
            start = None
    return runs


def gap_edges(lines: list[PrintedLine]) -> list[float]:
    """Column boundaries of an unruled table: just before the text that follows each gap."""
    return [end - 0.25 for _, end in _gap_runs(lines)]


def filled_cells(line: PrintedLine) -> list:
    return [c for c in line.cells if c[2]]


def _column(x0: float, edges: list[float]) -> int:
    """The column a cell starting at ``x0`` sits in (edges are the inner boundaries)."""
    return sum(1 for e in edges if x0 + 0.75 >= e)


def _inner_edges(lines: list[PrintedLine]) -> list[float]:
    if any(line.ruled for line in lines):
        edges = ruled_edges(lines)
        return edges[1:-1] if len(edges) > 2 else []
    return gap_edges(lines)


class Columns:
    """Where each cell of a table goes.

    Ruled: the column its box starts in. Unruled: a cell of a row with figures goes by the
    boundaries. In a text-only row (a header) written flush left, a label starts just after the
    right-aligned figures of the column before: it goes to the column after that gap. Otherwise it may be centred over its column or over several (a merged cell), so it goes
    by its centre: to the column whose territory — up to the middle of the gaps either side —
    holds it. A label centred over two
    columns has its centre at their boundary, left of the middle of the gap after the first
    column's right-aligned figures: it lands in the first, where a workbook keeps a merged value."""

    def __init__(self, lines: list[PrintedLine]) -> None:
        self.edges = _inner_edges(lines)
        self.width = len(self.edges) + 1
        self.ruled = any(line.ruled for line in lines)
        self.runs: list[tuple[float, float]] = []
        self.numeric: set[int] = set()
        if not self.ruled:
            self.runs = _gap_runs(lines)
            self.numeric = {id(line) for line in _numeric_rows(lines)}

    def loose(self, line: PrintedLine) -> bool:
        """A text-only row of several cells in an unruled table: a header row."""
        return not self.ruled and id(line) not in self.numeric and len(filled_cells(line)) > 1

    def _after_gap(self, x0: float) -> int | None:
        """The column after the gap a cell starts right at the beginning of, if any."""
        for index, (start, end) in enumerate(self.runs):
            if start <= x0 <= min(end, start + 3.0):
                return index + 1
        return None

    def _flush_left(self, line: PrintedLine) -> bool:
        """A header row written flush left: most of its labels start right where a gap begins (a
        centred label does so only by chance)."""
        cells = filled_cells(line)
        return sum(1 for c in cells if self._after_gap(c[0]) is not None) * 2 > len(cells)

    def place(self, line: PrintedLine, x0: float, x1: float, span) -> int:
        if self.ruled or span is not None:
            return _column((span or (x0, x1))[0], self.edges)
        if id(line) in self.numeric or not self.runs or len(filled_cells(line)) == 1:
            return _column(x0, self.edges)  # a title, heading or note starts where it is written
        if self._flush_left(line):
            flush = self._after_gap(x0)
            if flush is not None:
                return flush
        centre = (x0 + x1) / 2
        return sum(1 for start, end in self.runs if centre >= (start + end) / 2)


def values_of(line: PrintedLine, columns: Columns, *, table: bool = False) -> list[str | None]:
    """A line's cells by column. In a grid a label beside a stack sits on the stack's first row
    only, as a merged cell's value does. In a table (the tables API) a merged cell fills every
    column its box spans, and an empty ruled cell is '' — only a slot that no box covers is None."""
    values: list[str | None] = [None] * columns.width
    previous = -1
    loose = columns.loose(line)
    for index, (x0, x1, text, span) in sorted(enumerate(line.cells), key=lambda c: c[1][0]):
        if not table and (not text or (line.stacked and index in line.labels)):
            continue
        col = columns.place(line, x0, x1, span)
        if loose and col <= previous:
            # Two labels of a header row are two columns, even where the figures below leave
            # their boundary unknown (a left-aligned 단가 over right-aligned prices).
            col = min(previous + 1, columns.width - 1)
        previous = col
        last = max(col, _column(span[1] - 1.5, columns.edges)) if table and span else col
        for c in range(col, last + 1):
            if not values[c]:
                values[c] = text
            elif text:
                values[c] = f"{values[c]} {text}"
    return values
