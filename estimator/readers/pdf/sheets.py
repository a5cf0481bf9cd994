"""Pages into sheets and sheets into grids: what the content-based readers take from a PDF."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..grid import Grid
from ..sheetkind import role_from_text
from ..text import DITTO_MARKS, squash
from .columns import Columns, expand, filled_cells, gap_edges, PrintedLine, ruled_edges, values_of
from .page import LIMITS, Limits, open_pdf, Page, read_pages, Row
from .text import hangul, value_like


def _continues(recent: list[PrintedLine], mine: list[PrintedLine]) -> bool:
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
        earlier, edges = ruled_edges(recent), ruled_edges(mine)
        matched = sum(1 for x in edges if any(abs(x - e) <= 1.5 for e in earlier))
        return matched >= 0.8 * len(edges)
    before = len(gap_edges(recent))
    return len(gap_edges(recent + mine)) >= before - max(1, before // 10)


def _title(rows: list[Row]) -> str | None:
    """The document title a page opens with (설계내역서, 일위대가표, 원가계산서 …), if any."""

    for row in rows:
        if len(row.cells) > 1 or row.ruled:
            return None
        if role_from_text(row.text()) is not None:
            return squash(row.text())
    return None


def _sheets(pages: list[Page]) -> list[list[Page]]:
    sheets: list[list[Page]] = []
    title: str | None = None
    gathered: list[PrintedLine] = []
    for page in pages:
        if not page.rows:
            continue
        page_title = _title(page.rows)
        mine = [line for row in page.rows for line in expand(row)]
        if sheets and (page_title is None or page_title == title):
            if _continues(gathered[-400:], mine):  # the columns as the last pages print them
                sheets[-1].append(page)
                gathered += mine
                continue
        sheets.append([page])
        gathered = list(mine)
        title = page_title
    return sheets


def _ruled_kind(lines: list[PrintedLine]) -> bool | None:
    """Whether the table rows are ruled (None when there are no table rows to tell)."""
    kinds = {line.ruled for line in lines if len(filled_cells(line)) >= 2}
    return None if not kinds else (True in kinds)


def _grid(name: str, pages: list[Page]) -> Grid:
    lines = [line for page in pages for row in page.rows for line in expand(row)]
    columns = Columns(lines)
    placed = [(line, values_of(line, columns)) for line in lines]
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


def _attach_centred_labels(placed: list[tuple[PrintedLine, list]]) -> list[tuple[PrintedLine, list]]:
    """A label merged down several rows prints centred beside them (a cost summary's ``재료비``
    beside 직접재료비 … [소 계]); without rules it is a line of its own between two rows. It goes
    where a workbook keeps a merged cell's value: on the first of the rows beside it — the row
    after the nearest row above that is text-only (a header) or a total, or that has text in that
    column already (vertical text printed a syllable a line: 순/공/사 … joins up)."""
    from ..bill import total_rank

    pitch = _pitch(placed)
    out: list[tuple[PrintedLine, list]] = []
    for index, (line, values) in enumerate(placed):
        filled = [c for c, v in enumerate(values) if v]
        below = placed[index + 1][0] if index + 1 < len(placed) else None
        between = (not line.ruled and len(filled) == 1 and not value_like(values[filled[0]])
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
                glue = "" if hangul(above[col][-1:]) and hangul(text[:1]) and len(text) == 1 else " "
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


def _pitch(placed: list[tuple[PrintedLine, list]]) -> float:
    """The usual distance from one printed row to the next (the median step)."""
    tops = [line.box[1] for line, _ in placed]
    steps = sorted(b - a for (la, _), (lb, _), a, b in zip(placed, placed[1:], tops, tops[1:])
                   if la.page == lb.page and b > a)
    return steps[len(steps) // 2] if steps else 0.0


def _has_figures(values: list) -> bool:
    return any(v and value_like(v) for v in values)


def _merge_header_bands(placed: list[tuple[PrintedLine, list]]) -> list[tuple[PrintedLine, list]]:
    """A label centred in a header cell merged over two rows prints half a row below the row it
    belongs to (``품 명`` between ``재 료 비`` and ``단 가``); without rules it is a line of its own.
    Such a text-only line, less than a row's pitch below a text-only line whose columns it does
    not share, is joined to that line."""
    pitch = _pitch(placed)
    out: list[tuple[PrintedLine, list]] = []
    for line, values in placed:
        if out and not line.ruled and not out[-1][0].ruled:
            above, above_values = out[-1]
            close = above.page == line.page and line.box[1] - above.box[1] < 0.75 * pitch
            textual = not any(value_like(v) for v in (*values, *above_values) if v)
            apart = not any(a and b for a, b in zip(above_values, values))
            if close and textual and apart:
                merged = [a if a else b for a, b in zip(above_values, values)]
                box = (min(above.box[0], line.box[0]), above.box[1], max(above.box[2], line.box[2]),
                       max(above.box[3], line.box[3]))
                out[-1] = (PrintedLine(above.page, above.cells + line.cells, box, False), merged)
                continue
        out.append((line, values))
    return out


def _sheet_name(pages: list[Page]) -> str:
    first, last = pages[0].number, pages[-1].number
    return f"p.{first}" if first == last else f"p.{first}-{last}"


@dataclass
class Printed:
    """What a printed estimate holds: one grid per sheet, the pages without a text layer, and the
    document information (ModDate, CreationDate …)."""

    grids: list[Grid]
    blank_pages: list[int]
    info: dict


def load_grids(path: str | Path, limits: Limits = LIMITS) -> Printed:
    path = Path(path)
    with open_pdf(path, limits) as document:
        pages = read_pages(path, document, None, limits)
        info = dict(document.metadata or {})
    grids = [_grid(_sheet_name(sheet), sheet) for sheet in _sheets(pages)]
    return Printed(grids, [p.number for p in pages if p.empty], info)
