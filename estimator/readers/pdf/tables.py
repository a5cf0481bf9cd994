"""The tables API: every table of a PDF with its caption and notes, for documents that are not
estimates (표준품셈 pages, price lists)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..text import DITTO_MARKS
from .columns import Columns, expand, values_of
from .page import LIMITS, Limits, open_pdf, Page, read_pages, Row


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


def tables(path: str | Path, pages: list[int] | None = None, limits: Limits = LIMITS) -> list[Table]:
    """Every table of a PDF, page by page, for documents that are not estimates (표준품셈 pages,
    price lists). ``pages`` are 1-based page numbers (all when None).

    A ruled table is one table; a page without rules gives its run of rows of several cells as
    one table, with columns found from text alignment. Stacks are split into rows, a label
    wrapped beside a stack is repeated on each of its rows, merged cells carry their value into
    every cell they cover, and ditto marks take the value above.
    """
    path = Path(path)
    with open_pdf(path, limits) as document:
        read = read_pages(path, document, pages, limits)
    out: list[Table] = []
    for page in read:
        out += _page_tables(page)
    return out


def _page_tables(page: Page) -> list[Table]:
    groups: list[tuple[list[Row], bool]] = []
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


def _unruled_tables(groups: list[tuple[list[Row], bool]]) -> list[tuple[list[Row], bool]]:
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


def _table(page: int, rows: list[Row]) -> Table:
    lines = [line for row in rows for line in expand(row)]
    columns = Columns(lines)
    values_rows = [values_of(line, columns, table=True) for line in lines]
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
