"""PDF estimates and tables, through pdfplumber: printed tables back into rows and columns.

A printed estimate keeps its cells only as positioned characters. This reader rebuilds the rows
and columns a person sees and hands the same kind of grid a workbook gives to the content-based
readers (bill, breakdown, cost summary, sheet classification); nothing after it knows the input
was a PDF, except that a grid says its values were read from print.

* Rows. Characters on one baseline make a text line. Inside a ruled table, the text lines
  between two rules make one row whose cells may hold several lines: a cell holding as many
  lines as the row's other multi-line cells is a stack of values, one per row (the way
  estimating programs and the 표준품셈 print a group of rows: ``'0.41\\n0.65\\n0.74'``); a cell
  with fewer lines is one label wrapped over lines (``지 하/관 로/포 설``) and belongs to every
  row of the stack.
* Columns. In a ruled table, its vertical rules. Without rules, the x-ranges that no cell's
  text crosses on (almost) any row: inside a cell the characters run on without a gap (spaces
  are characters), between cells there is one.
* Pages. A sheet printed over several pages is one grid while each next page fits the same
  columns and does not open with another document's title; a page never holds two sheets.
  A repeated header stays in the grid: the readers count it as a repeated header.
* Page furniture. Page numbers (``- 3 -``, ``3 / 12``, ``Page 3``) in the top or bottom band,
  and lines repeated at the same place on most pages there, are dropped.
* Ditto marks (〃) take the value above them in the same column.

A row's location is the page (``p.N``) and its 1-based position among the rows read from that
page, top to bottom; ``Grid.row_boxes`` keeps each row's box in PDF points, origin top-left.
pdfplumber is imported here only, so it loads only when a PDF is read. Work per page is
bounded (characters, seconds); see ``Limits``.
"""

from __future__ import annotations

import re
import signal
from bisect import bisect_left, bisect_right
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..messages import msg
from .grid import Grid
from .text import DITTO_MARKS, squash

_PAGE_NUMBER = re.compile(
    r"^[-–—(\[]?\s*(page\s*)?\d{1,4}\s*([/of]+\s*\d{1,4})?\s*(쪽|페이지|면|page)?\s*[-–—)\]]?$", re.IGNORECASE)
# Letters of one text follow each other within a few hundredths of an em; two cells' texts are
# apart by their paddings (measured on LibreOffice prints: 0.7 pt at 9 pt, 1.1 pt at 5.5 pt).
_TOUCH = 0.04
_BAND = 0.1  # top and bottom tenth of a page: where headers, footers and page numbers are printed


@dataclass(frozen=True)
class Limits:
    """Bounded work per document, so that a hostile PDF cannot hang or exhaust the process."""

    max_pages: int = 2000
    max_chars_per_page: int = 200_000
    max_seconds_per_page: float = 20.0


LIMITS = Limits()


@dataclass
class Table:
    """One table of a PDF page: ``rows`` as printed (stacks split, merged cells and ditto marks
    filled), each row's box in ``row_boxes``; the text printed above it (``caption``, since the
    previous table) and below it (``notes``, up to the next table)."""

    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[str | None]]
    row_boxes: list[tuple[float, float, float, float]]
    ruled: bool
    caption: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Characters → text lines → cells


@dataclass
class _Text:
    """A line of text inside one cell, with its vertical place."""

    text: str
    top: float
    bottom: float


@dataclass
class _Cell:
    x0: float
    x1: float
    lines: list[_Text]
    span: tuple[float, float] | None = None  # a ruled cell's own box (x0, x1), wider than its text


@dataclass
class _Row:
    page: int
    top: float
    bottom: float
    cells: list[_Cell]
    ruled: bool
    table: int | None = None  # index of the ruled table on its page

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.cells)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.cells)

    def text(self) -> str:
        return " ".join(t.text for c in self.cells for t in c.lines)


def _size(char: dict) -> float:
    return float(char.get("size") or (char["bottom"] - char["top"]) or 10.0)


def _text_lines(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped by baseline, top to bottom. Within a line they keep the order the PDF
    draws them in: a cell's text is drawn in one piece, so text that overflows its cell and is
    clipped under its neighbour's does not interleave with it."""
    order = sorted(range(len(chars)), key=lambda i: ((chars[i]["top"] + chars[i]["bottom"]) / 2, chars[i]["x0"]))
    line_of: dict[int, int] = {}
    mids: list[float] = []
    for i in order:
        mid = (chars[i]["top"] + chars[i]["bottom"]) / 2
        if not mids or abs(mid - mids[-1]) > 0.35 * _size(chars[i]):
            mids.append(mid)
        line_of[i] = len(mids) - 1
    lines: list[list[dict]] = [[] for _ in mids]
    for i, char in enumerate(chars):
        lines[line_of[i]].append(char)
    return lines


def _runs(line: list[dict], spaced: bool) -> list[list[dict]]:
    """A text line cut into the texts of its cells, left to right.

    Characters run on while each starts where the one before ends. A gap goes on the same text
    only where a space is printed in it (``spaced``: the PDF draws its spaces) or, in a PDF that
    draws none, where the gap is no wider than a space. A step back is another text that
    overlaps this one (clipped overflow)."""
    glyphs = [c for c in line if c["text"].strip()]
    spaces = [(c["x0"], c["x1"]) for c in line if not c["text"].strip()]
    runs: list[list[dict]] = []
    for char in glyphs:
        if runs:
            before = runs[-1][-1]
            gap, size = char["x0"] - before["x1"], _size(char)
            touching = -0.5 <= gap <= _TOUCH * max(size, 7.5)
            spaced_gap = gap > 0 and (_covered(before["x1"], char["x0"], spaces) if spaced else gap <= 0.35 * size)
            if touching or spaced_gap:
                runs[-1].append(char)
                continue
        runs.append([char])
    return sorted(runs, key=lambda r: r[0]["x0"])


def _covered(start: float, end: float, spaces: list[tuple[float, float]]) -> bool:
    """Whether printed spaces fill the gap from ``start`` to ``end`` (two spaces side by side too)."""
    reach = start
    for a, b in sorted(spaces):
        if a <= reach + 0.5:
            reach = max(reach, b)
    return reach >= end - 0.5


def _run_text(run: list[dict]) -> str:
    text = run[0]["text"]
    for before, char in zip(run, run[1:]):
        if char["x0"] - before["x1"] > _TOUCH * max(_size(char), 7.5):
            text += " "
        text += char["text"]
    return text.strip()


def _top(chars: list[dict]) -> float:
    return min(c["top"] for c in chars)


def _bottom(chars: list[dict]) -> float:
    return max(c["bottom"] for c in chars)


# ---------------------------------------------------------------------------------------------
# A page: ruled tables and the text around them


@dataclass
class _Page:
    number: int
    width: float
    height: float
    rows: list[_Row]
    tables: list[tuple[float, float, float, float]]
    empty: bool = False


class _PageTimeout(Exception):
    pass


@contextmanager
def _deadline(seconds: float):
    """Raise _PageTimeout after ``seconds`` of work on a page (main thread only: signals)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _PageTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _inside(char: dict, box: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _ruled_rows(page_number: int, table, chars: list[dict], index: int, used: set[int],
                spaced: bool) -> list[_Row]:
    """The rows of a ruled table. Each text goes to the cell its first character is in: text
    clipped at a cell's rule stays that cell's, as on paper."""
    rows = []
    position = {id(c): n for n, c in enumerate(chars)}
    ordered = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    mids = [(c["top"] + c["bottom"]) / 2 for c in ordered]
    for row in table.rows:
        # Only the characters at the row's height are looked at for its cells, in drawing order.
        low, high = bisect_left(mids, row.bbox[1]), bisect_right(mids, row.bbox[3])
        band = sorted((c for c in ordered[low:high] if id(c) not in used), key=lambda c: position[id(c)])
        boxes = [box for box in row.cells if box is not None]
        texts: list[list[_Text]] = [[] for _ in boxes]
        for line in _text_lines(band):
            pieces: list[list[tuple[float, str]]] = [[] for _ in boxes]
            for run in _runs(line, spaced):
                home = next((k for k, box in enumerate(boxes) if _inside(run[0], box)), None)
                if home is None:
                    continue  # outside every cell: read as loose text
                used.update(id(c) for c in run)
                pieces[home].append((run[0]["x0"], _run_text(run)))
            for k, found in enumerate(pieces):
                if found:
                    texts[k].append(_Text(" ".join(t for _, t in sorted(found)), _top(line), _bottom(line)))
        # An empty ruled cell is kept (as no lines): only a slot with no box is a merge.
        cells = [_Cell(box[0], box[2], lines, span=(box[0], box[2])) for box, lines in zip(boxes, texts)]
        if any(c.lines for c in cells):
            rows.append(_Row(page_number, row.bbox[1], row.bbox[3], cells, ruled=True, table=index))
    return rows


def _loose_rows(page_number: int, chars: list[dict], spaced: bool) -> list[_Row]:
    """Text outside ruled tables, a row per line and a cell per text. A text clipped under the
    next one shows only up to where that one starts: that is its extent for the columns."""
    rows = []
    for line in _text_lines(chars):
        runs = _runs(line, spaced)
        cells = []
        for k, run in enumerate(runs):
            # Clipped at its cell's edge, before the padding of the next text: 1 pt short of it.
            visible = run[-1]["x1"] if k + 1 == len(runs) else min(run[-1]["x1"], runs[k + 1][0]["x0"] - 1.0)
            cells.append(_Cell(run[0]["x0"], max(run[0]["x1"], visible),
                               [_Text(_run_text(run), _top(run), _bottom(run))]))
        if cells:
            rows.append(_Row(page_number, _top(line), _bottom(line), cells, ruled=False))
    return rows


def _read_page(path: Path, page, limits: Limits) -> _Page:
    number = page.page_number
    try:
        with _deadline(limits.max_seconds_per_page):
            chars = [c for c in page.chars if c.get("text") is not None]
            if len(chars) > limits.max_chars_per_page:
                raise InputError(path, msg("err_pdf_page_chars", page=number, count=len(chars),
                                           limit=limits.max_chars_per_page))
            found = page.find_tables() if (page.lines or page.rects or page.curves) else []
            used: set[int] = set()
            rows: list[_Row] = []
            boxes = []
            spaced = any(not c["text"].strip() for c in chars)  # the PDF draws its spaces
            for index, table in enumerate(found):
                ruled = _ruled_rows(number, table, chars, index, used, spaced)
                if ruled:
                    rows += ruled
                    boxes.append(table.bbox)
            rows += _loose_rows(number, [c for c in chars if id(c) not in used], spaced)
    except _PageTimeout:
        raise InputError(path, msg("err_pdf_page_time", page=number, seconds=limits.max_seconds_per_page)) from None
    rows.sort(key=lambda r: (r.top, r.x0))
    return _Page(number, float(page.width), float(page.height), rows, boxes, empty=not chars)


def _drop_furniture(pages: list[_Page]) -> None:
    """Page numbers and running headers/footers: loose lines in the top or bottom band that are a
    page number, or that recur at the same place on most pages (and name no document)."""
    from .sheetkind import role_from_text

    def in_band(page: _Page, row: _Row) -> bool:
        return row.bottom < page.height * _BAND or row.top > page.height * (1 - _BAND)

    def key(row: _Row) -> tuple[str, int]:
        return squash(re.sub(r"\d+", "#", row.text())), round(row.top / 4)

    seen = Counter(key(r) for p in pages for r in p.rows if not r.ruled and in_band(p, r))
    recurring = max(3, int(0.6 * len(pages)))
    for page in pages:
        page.rows = [r for r in page.rows if r.ruled or not in_band(page, r) or not (
            _PAGE_NUMBER.match(r.text().strip())
            or (seen[key(r)] >= recurring and role_from_text(r.text()) is None))]


# ---------------------------------------------------------------------------------------------
# Rows with several lines per cell


def _join_wrapped(lines: list[_Text]) -> str:
    """A label wrapped over lines, as one text: syllable-spaced Korean (``지 하``) closes up, and
    Korean continued on the next line joins without a space."""
    if len(lines) == 1:
        return lines[0].text
    parts = []
    for line in lines:
        words = line.text.split()
        text = "".join(words) if len(words) > 1 and all(len(w) == 1 and _hangul(w) for w in words) else line.text
        parts.append(text)
    joined = parts[0] if parts else ""
    for part in parts[1:]:
        glue = "" if joined and part and _hangul(joined[-1]) and _hangul(part[0]) else " "
        joined += glue + part
    return joined


_VALUE = re.compile(r"^[-+−△(]?[\d,.]+\)?%?$|^[-–—〃″\"]$")


def _value_like(text: str) -> bool:
    return bool(_VALUE.match(text.strip()))


def _hangul(text: str) -> bool:
    return all("\uac00" <= ch <= "\ud7a3" for ch in text)


@dataclass
class _Line:
    """One row as the grid will hold it: cell texts by their x-place, and its box."""

    page: int
    cells: list[tuple[float, float, str, tuple[float, float] | None]]  # x0, x1, text, ruled span
    box: tuple[float, float, float, float]
    ruled: bool
    labels: set[int] = field(default_factory=set)  # cells carried over a stack (fill them in tables)
    stacked: int = 0  # position inside a stack of rows split from one ruled row


def _expand(row: _Row) -> list[_Line]:
    """A row whose cells hold several lines: a stack of rows when two or more cells hold the same
    number of lines, else one row with its wrapped texts joined."""
    counts = Counter(len(c.lines) for c in row.cells if len(c.lines) > 1)
    valued = {len(c.lines) for c in row.cells if len(c.lines) > 1 and all(_value_like(t.text) for t in c.lines)}
    # Header labels wrap too (통 신/내선공): a stack holds values in at least one of its cells.
    stack = max((n for n, times in counts.items() if times >= 2 and n in valued), default=0)
    x0, x1 = row.x0, row.x1
    if not stack:
        cells = [(c.x0, c.x1, _join_wrapped(c.lines), c.span) for c in row.cells]
        return [_Line(row.page, cells, (x0, row.top, x1, row.bottom), row.ruled)]
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
                cells.append((c.x0, c.x1, _join_wrapped(c.lines), c.span))
        out.append(_Line(row.page, cells, (x0, min(tops), x1, max(bottoms)), row.ruled, labels, i))
    return out


# ---------------------------------------------------------------------------------------------
# Columns


def _ruled_edges(lines: list[_Line]) -> list[float]:
    xs = sorted(x for line in lines for c in line.cells if c[3] for x in c[3])
    edges: list[float] = []
    for x in xs:
        if not edges or x - edges[-1] > 1.5:
            edges.append(x)
    return edges


def _numeric_rows(lines: list[_Line]) -> list[_Line]:
    """Rows of several cells holding a figure: lines and totals, whose cells each sit in one
    column. Header rows, titles and labels may span columns (merged cells); they do not count."""
    several = [line for line in lines if len(_filled(line)) >= 2]
    figures = [line for line in several if any(_value_like(c[2]) for c in _filled(line))]
    return figures or several


def _gap_runs(lines: list[_Line]) -> list[tuple[float, float]]:
    """The x-ranges of an unruled table that no cell of a row with figures covers."""
    measured = _numeric_rows(lines)
    if not measured:
        return []
    step = 0.25
    left = min(c[0] for line in measured for c in _filled(line))
    right = max(c[1] for line in measured for c in _filled(line))
    bins = int((right - left) / step) + 2
    cover = [0] * bins
    for line in measured:
        for x0, x1, _, _ in _filled(line):
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


def _gap_edges(lines: list[_Line]) -> list[float]:
    """Column boundaries of an unruled table: just before the text that follows each gap."""
    return [end - 0.25 for _, end in _gap_runs(lines)]


def _filled(line: _Line) -> list:
    return [c for c in line.cells if c[2]]


def _column(x0: float, edges: list[float]) -> int:
    """The column a cell starting at ``x0`` sits in (edges are the inner boundaries)."""
    return sum(1 for e in edges if x0 + 0.75 >= e)


def _inner_edges(lines: list[_Line]) -> list[float]:
    if any(line.ruled for line in lines):
        edges = _ruled_edges(lines)
        return edges[1:-1] if len(edges) > 2 else []
    return _gap_edges(lines)


class _Columns:
    """Where each cell of a table goes.

    Ruled: the column its box starts in. Unruled: a cell of a row with figures goes by the
    boundaries. In a text-only row (a header) written flush left, a label starts just after the
    right-aligned figures of the column before: it goes to the column after that gap. Otherwise it may be centred over its column or over several (a merged cell), so it goes
    by its centre: to the column whose territory — up to the middle of the gaps either side —
    holds it. A label centred over two
    columns has its centre at their boundary, left of the middle of the gap after the first
    column's right-aligned figures: it lands in the first, where a workbook keeps a merged value."""

    def __init__(self, lines: list[_Line]) -> None:
        self.edges = _inner_edges(lines)
        self.width = len(self.edges) + 1
        self.ruled = any(line.ruled for line in lines)
        self.runs: list[tuple[float, float]] = []
        self.numeric: set[int] = set()
        if not self.ruled:
            self.runs = _gap_runs(lines)
            self.numeric = {id(line) for line in _numeric_rows(lines)}

    def loose(self, line: _Line) -> bool:
        """A text-only row of several cells in an unruled table: a header row."""
        return not self.ruled and id(line) not in self.numeric and len(_filled(line)) > 1

    def _after_gap(self, x0: float) -> int | None:
        """The column after the gap a cell starts right at the beginning of, if any."""
        for index, (start, end) in enumerate(self.runs):
            if start <= x0 <= min(end, start + 3.0):
                return index + 1
        return None

    def _flush_left(self, line: _Line) -> bool:
        """A header row written flush left: most of its labels start right where a gap begins (a
        centred label does so only by chance)."""
        cells = _filled(line)
        return sum(1 for c in cells if self._after_gap(c[0]) is not None) * 2 > len(cells)

    def place(self, line: _Line, x0: float, x1: float, span) -> int:
        if self.ruled or span is not None:
            return _column((span or (x0, x1))[0], self.edges)
        if id(line) in self.numeric or not self.runs or len(_filled(line)) == 1:
            return _column(x0, self.edges)  # a title, heading or note starts where it is written
        if self._flush_left(line):
            flush = self._after_gap(x0)
            if flush is not None:
                return flush
        centre = (x0 + x1) / 2
        return sum(1 for start, end in self.runs if centre >= (start + end) / 2)


def _continues(recent: list[_Line], mine: list[_Line]) -> bool:
    """Whether a page's rows go on in the columns of the rows before it.

    Ruled: its rules stand where the earlier pages' stand. Unruled: read together with the
    earlier rows, no column boundary is lost (right-aligned figures may be wider on a later page;
    a page of another layout runs its text across the earlier columns' gaps)."""
    mine_kind, recent_kind = _ruled_kind(mine), _ruled_kind(recent)
    if mine_kind is None or recent_kind is None:
        return True
    if mine_kind != recent_kind:
        return False
    if mine_kind:
        earlier, edges = _ruled_edges(recent), _ruled_edges(mine)
        matched = sum(1 for x in edges if any(abs(x - e) <= 1.5 for e in earlier))
        return matched >= 0.8 * len(edges)
    before = len(_gap_edges(recent))
    return len(_gap_edges(recent + mine)) >= before - max(1, before // 10)


# ---------------------------------------------------------------------------------------------
# Pages into sheets, sheets into grids


def _title(rows: list[_Row]) -> str | None:
    """The document title a page opens with (설계내역서, 일위대가표, 원가계산서 …), if any."""
    from .sheetkind import role_from_text

    for row in rows:
        if len(row.cells) > 1 or row.ruled:
            return None
        if role_from_text(row.text()) is not None:
            return squash(row.text())
    return None


def _sheets(pages: list[_Page]) -> list[list[_Page]]:
    sheets: list[list[_Page]] = []
    title: str | None = None
    gathered: list[_Line] = []
    for page in pages:
        if not page.rows:
            continue
        page_title = _title(page.rows)
        mine = [line for row in page.rows for line in _expand(row)]
        if sheets and (page_title is None or page_title == title):
            if _continues(gathered[-400:], mine):  # the columns as the last pages print them
                sheets[-1].append(page)
                gathered += mine
                continue
        sheets.append([page])
        gathered = list(mine)
        title = page_title
    return sheets


def _ruled_kind(lines: list[_Line]) -> bool | None:
    """Whether the table rows are ruled (None when there are no table rows to tell)."""
    kinds = {line.ruled for line in lines if len(_filled(line)) >= 2}
    return None if not kinds else (True in kinds)


def _grid(name: str, pages: list[_Page]) -> Grid:
    lines = [line for page in pages for row in page.rows for line in _expand(row)]
    columns = _Columns(lines)
    placed = [(line, _values(line, columns)) for line in lines]
    placed = _merge_header_bands(placed)
    placed = _attach_centred_labels(placed)
    rows: list[list[object]] = []
    numbers, sheets, boxes = [], [], []
    counter: Counter = Counter()
    for line, values in placed:
        for col, value in enumerate(values):
            if value is not None and value.strip() in DITTO_MARKS and rows:
                values[col] = rows[-1][col]
        counter[line.page] += 1
        rows.append(values)
        numbers.append(counter[line.page])
        sheets.append(f"p.{line.page}")
        boxes.append(tuple(round(v, 1) for v in line.box))
    return Grid(name=name, rows=rows, row_numbers=numbers, row_sheets=sheets, row_boxes=boxes, printed=True,
                rounded_columns=_rounded_columns(rows))


_FIGURE = re.compile(r"^[-+−△(]?[\d,]*\d(\.(\d+))?\)?$")


def _rounded_columns(rows: list[list[object]]) -> dict[int, int]:
    """Columns whose figures all show the same number of decimals: a fixed number format, which
    may have rounded what it prints (0.333 as 0.33). Figures with varying decimals are printed
    as stored (a general format)."""
    decimals: dict[int, set[int]] = {}
    for row in rows:
        for col, value in enumerate(row):
            found = _FIGURE.match(value.strip()) if isinstance(value, str) else None
            if found:
                decimals.setdefault(col, set()).add(len(found.group(2) or ""))
    return {col: next(iter(found)) for col, found in decimals.items() if len(found) == 1}


def _values(line: _Line, columns: _Columns, *, table: bool = False) -> list[str | None]:
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


def _attach_centred_labels(placed: list[tuple[_Line, list]]) -> list[tuple[_Line, list]]:
    """A label merged down several rows prints centred beside them (a cost summary's ``재료비``
    beside 직접재료비 … [소 계]); without rules it is a line of its own between two rows. It goes
    where a workbook keeps a merged cell's value: on the first of the rows beside it — the row
    after the nearest row above that is text-only (a header) or a total, or that has text in that
    column already (vertical text printed a syllable a line: 순/공/사 … joins up)."""
    from .bill import total_rank

    pitch = _pitch(placed)
    out: list[tuple[_Line, list]] = []
    for index, (line, values) in enumerate(placed):
        filled = [c for c, v in enumerate(values) if v]
        below = placed[index + 1][0] if index + 1 < len(placed) else None
        between = (not line.ruled and len(filled) == 1 and not _value_like(values[filled[0]])
                   and out and _has_figures(out[-1][1]) and below is not None
                   and _has_figures(placed[index + 1][1]) and below.page == line.page == out[-1][0].page
                   and total_rank(values[filled[0]]) is None
                   # off the rows' pitch: printed half-way between two rows, not a row of its own
                   and line.box[1] - out[-1][0].box[1] < 0.75 * pitch and below.box[1] - line.box[1] < 0.75 * pitch)
        if not between:
            out.append((line, values))
            continue
        col, text = filled[0], values[filled[0]]
        target = None
        for back in range(len(out) - 1, -1, -1):
            above_line, above = out[back]
            if above_line.page != line.page:
                break
            if above[col]:
                glue = "" if _hangul(above[col][-1:]) and _hangul(text[:1]) and len(text) == 1 else " "
                above[col] = above[col] + glue + text
                target = back
                break
            label = next((v for v in above if v), "")
            if not _has_figures(above) or total_rank(label) is not None:
                break
            target = back
        if target is None:
            out.append((line, values))
        elif not out[target][1][col]:
            out[target][1][col] = text
    return out


def _pitch(placed: list[tuple[_Line, list]]) -> float:
    """The usual distance from one printed row to the next (the median step)."""
    tops = [line.box[1] for line, _ in placed]
    steps = sorted(b - a for (la, _), (lb, _), a, b in zip(placed, placed[1:], tops, tops[1:])
                   if la.page == lb.page and b > a)
    return steps[len(steps) // 2] if steps else 0.0


def _has_figures(values: list) -> bool:
    return any(v and _value_like(v) for v in values)


def _merge_header_bands(placed: list[tuple[_Line, list]]) -> list[tuple[_Line, list]]:
    """A label centred in a header cell merged over two rows prints half a row below the row it
    belongs to (``품 명`` between ``재 료 비`` and ``단 가``); without rules it is a line of its own.
    Such a text-only line, less than a row's pitch below a text-only line whose columns it does
    not share, is joined to that line."""
    pitch = _pitch(placed)
    out: list[tuple[_Line, list]] = []
    for line, values in placed:
        if out and not line.ruled and not out[-1][0].ruled:
            above, above_values = out[-1]
            close = above.page == line.page and line.box[1] - above.box[1] < 0.75 * pitch
            textual = not any(_value_like(v) for v in (*values, *above_values) if v)
            apart = not any(a and b for a, b in zip(above_values, values))
            if close and textual and apart:
                merged = [a if a else b for a, b in zip(above_values, values)]
                box = (min(above.box[0], line.box[0]), above.box[1], max(above.box[2], line.box[2]),
                       max(above.box[3], line.box[3]))
                out[-1] = (_Line(above.page, above.cells + line.cells, box, False), merged)
                continue
        out.append((line, values))
    return out


def _sheet_name(pages: list[_Page]) -> str:
    first, last = pages[0].number, pages[-1].number
    return f"p.{first}" if first == last else f"p.{first}-{last}"


# ---------------------------------------------------------------------------------------------
# Opening


def _pdfplumber():
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a dependency of the package
        raise InputError("", msg("err_pdf_library")) from None
    return pdfplumber


@contextmanager
def _open(path: str | Path, limits: Limits):
    pdfplumber = _pdfplumber()
    path = Path(path)
    try:
        document = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise InputError(path, _open_error(exc)) from None
    try:
        if len(document.pages) > limits.max_pages:
            raise InputError(path, msg("err_pdf_pages", count=len(document.pages), limit=limits.max_pages))
        yield document
    except InputError:
        raise
    except Exception as exc:
        raise InputError(path, _open_error(exc)) from None
    finally:
        document.close()


def _open_error(exc: Exception):
    inner = getattr(exc, "args", [None])[0] if exc.args else None
    name = type(inner).__name__ if isinstance(inner, Exception) else type(exc).__name__
    if "Password" in name or "Encrypt" in name:
        return msg("err_pdf_encrypted")
    return msg("err_pdf_damaged", detail=f"{name}: {inner if isinstance(inner, Exception) else exc}")


def _read_pages(path: Path, document, numbers: list[int] | None, limits: Limits) -> list[_Page]:
    wanted = set(numbers) if numbers else None
    pages = []
    for page in document.pages:
        if wanted is not None and page.page_number not in wanted:
            continue
        pages.append(_read_page(path, page, limits))
        page.flush_cache()  # keep memory flat over long documents
    if pages and all(p.empty for p in pages):
        raise InputError(path, msg("err_pdf_no_text"))
    _drop_furniture(pages)
    return pages


@dataclass
class Printed:
    """What a printed estimate holds: one grid per sheet, the pages without a text layer, and the
    document information (ModDate, CreationDate …)."""

    grids: list[Grid]
    blank_pages: list[int]
    info: dict


def load_grids(path: str | Path, limits: Limits = LIMITS) -> Printed:
    path = Path(path)
    with _open(path, limits) as document:
        pages = _read_pages(path, document, None, limits)
        info = dict(document.metadata or {})
    grids = [_grid(_sheet_name(sheet), sheet) for sheet in _sheets(pages)]
    return Printed(grids, [p.number for p in pages if p.empty], info)


# ---------------------------------------------------------------------------------------------
# The tables API


def tables(path: str | Path, pages: list[int] | None = None, limits: Limits = LIMITS) -> list[Table]:
    """Every table of a PDF, page by page, for documents that are not estimates (표준품셈 pages,
    price lists). ``pages`` are 1-based page numbers (all when None).

    A ruled table is one table; a page without rules gives its run of rows of several cells as
    one table, with columns found from text alignment. Stacks are split into rows, a label
    wrapped beside a stack is repeated on each of its rows, merged cells carry their value into
    every cell they cover, and ditto marks take the value above.
    """
    path = Path(path)
    with _open(path, limits) as document:
        read = _read_pages(path, document, pages, limits)
    out: list[Table] = []
    for page in read:
        out += _page_tables(page)
    return out


def _page_tables(page: _Page) -> list[Table]:
    groups: list[tuple[list[_Row], bool]] = []
    for row in page.rows:
        key = row.table if row.ruled else None
        if row.ruled and groups and groups[-1][1] and groups[-1][0][0].table == key:
            groups[-1][0].append(row)
        elif row.ruled:
            groups.append(([row], True))
        elif groups and not groups[-1][1]:
            groups[-1][0].append(row)
        else:
            groups.append(([row], False))
    if not any(ruled for _, ruled in groups):
        groups = _unruled_tables(groups)
    made: list[Table] = []
    text_before: list[str] = []
    for rows, is_table in groups:
        if not is_table:
            texts = [r.text() for r in rows]
            if made:
                made[-1].notes += texts
            text_before += texts
            continue
        table = _table(page.number, rows)
        table.caption = text_before
        text_before = []
        made.append(table)
    return made


def _unruled_tables(groups: list[tuple[list[_Row], bool]]) -> list[tuple[list[_Row], bool]]:
    """On a page without rules: the rows from the first to the last row of several cells are one
    table; the text before and after it is its caption and notes."""
    rows = [r for group, _ in groups for r in group]
    several = [i for i, r in enumerate(rows) if len(r.cells) >= 2]
    if not several:
        return [(rows, False)] if rows else []
    first, last = several[0], several[-1]
    out = []
    if first:
        out.append((rows[:first], False))
    out.append((rows[first:last + 1], True))
    if last + 1 < len(rows):
        out.append((rows[last + 1:], False))
    return out


def _table(page: int, rows: list[_Row]) -> Table:
    lines = [line for row in rows for line in _expand(row)]
    columns = _Columns(lines)
    values_rows = [_values(line, columns, table=True) for line in lines]
    for r, values in enumerate(values_rows):
        for col, value in enumerate(values):
            # A ruled table's slot with no cell box is covered by the cell above (a merge).
            if value is None and r and lines[r].ruled and lines[r - 1].ruled:
                values[col] = values_rows[r - 1][col]
            elif value is not None and value.strip() in DITTO_MARKS and r:
                values[col] = values_rows[r - 1][col]
    box = (min(line.box[0] for line in lines), min(line.box[1] for line in lines),
           max(line.box[2] for line in lines), max(line.box[3] for line in lines))
    return Table(page=page, bbox=tuple(round(v, 1) for v in box), rows=values_rows,
                 row_boxes=[tuple(round(v, 1) for v in line.box) for line in lines],
                 ruled=any(r.ruled for r in rows))

