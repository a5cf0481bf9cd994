"""Worksheets whose cells lie far apart: read cell by cell, never as one dense range.

python-calamine builds each sheet as a dense range from its first to its last cell. One stray
value in XFD1048576 of an otherwise normal estimate asks it for 17 billion cells, and the process
dies of a failed allocation that Python cannot catch. So the extent of every sheet of an .xlsx is
measured first, from the cells actually written in its XML (never from its ``<dimension>``
claim); a sheet too large for a dense range is read here instead: its cells near the table are
the grid, and the cells far beyond it are reported unparsed, with their reference.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml.ElementTree import fromstring, iterparse

from .formulas import _local, _position, _sheet_parts
from .grid import Grid

DENSE_LIMIT = 20_000_000  # cells of a dense range calamine may build for one sheet
ROW_GAP = 5_000  # rows of nothing between the table and a cell beyond it: that cell is astray
COLUMN_GAP = 200
# A cell's reference is its only attribute named r with letters in it (a row's r has none).
_ROWS = re.compile(rb' r="[A-Z]{1,3}([0-9]{1,7})"')
_COLUMNS = re.compile(rb' r="([A-Z]{1,3})[0-9]')


@dataclass
class Extent:
    cells: int = 0
    rows: int = 0
    columns: int = 0

    @property
    def dense(self) -> int:
        return self.rows * self.columns


@dataclass
class SparseSheet:
    grid: Grid
    strays: list[tuple[int, str]] = field(default_factory=list)  # (row, cell reference)


def extents(path: str | Path) -> dict[str, Extent]:
    """Every worksheet's real extent: the cells its XML writes, and the last row and column."""
    from .formulas import column_index_from_string

    found: dict[str, Extent] = {}
    with zipfile.ZipFile(path) as archive:
        for sheet, member in _sheet_parts(archive):
            data = archive.read(member)
            rows = _ROWS.findall(data)
            columns = {column_index_from_string(letters.decode()) for letters in set(_COLUMNS.findall(data))}
            found[sheet] = Extent(cells=len(rows), rows=max(map(int, rows), default=0), columns=max(columns, default=0))
    return found


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    names = {n.casefold(): n for n in archive.namelist()}
    member = names.get("xl/sharedstrings.xml")
    if member is None:
        return []
    strings = []
    for item in fromstring(archive.read(member)):
        if _local(item.tag) == "si":
            strings.append("".join(t.text or "" for t in item.iter() if _local(t.tag) == "t"))
    return strings


def _value(cell, strings: list[str]) -> object:
    kind = cell.get("t", "n")
    text = None
    for child in cell:
        tag = _local(child.tag)
        if tag == "v":
            text = child.text
        elif tag == "is":
            return "".join(t.text or "" for t in child.iter() if _local(t.tag) == "t")
    if text is None:
        return None
    if kind == "s":
        index = int(text)
        return strings[index] if 0 <= index < len(strings) else None
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text == "1"
    number = float(text)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _near(values: list[int], gap: int) -> int:
    """The last of the sorted ``values`` before the first gap wider than ``gap``."""
    last = values[0] if values else 0
    for value in values[1:]:
        if value - last > gap:
            break
        last = value
    return last


def read_sparse(path: str | Path, sheet: str) -> SparseSheet:
    """One worksheet cell by cell: the grid up to the table's last row and column, and the cells
    beyond a wide gap as strays."""
    from .formulas import get_column_letter

    with zipfile.ZipFile(path) as archive:
        member = dict(_sheet_parts(archive))[sheet]
        strings = _shared_strings(archive)
        cells: list[tuple[int, int, object]] = []
        row = col = 0
        with archive.open(member) as stream:
            for _, element in iterparse(stream, events=("end",)):
                tag = _local(element.tag)
                if tag == "row":
                    row = int(element.get("r") or row + 1)
                    col = 0
                    element.clear()
                elif tag == "c":
                    row, col = _position(element.get("r"), row, col)
                    value = _value(element, strings)
                    if value is not None and value != "":
                        cells.append((row, col, value))
    last_row = _near(sorted({r for r, _, _ in cells}), ROW_GAP)
    last_col = _near(sorted({c for _, c, _ in cells}), COLUMN_GAP)
    rows: list[list[object]] = [[None] * last_col for _ in range(last_row)]
    strays = []
    for r, c, value in cells:
        if r <= last_row and c <= last_col:
            rows[r - 1][c - 1] = value
        else:
            strays.append((r, f"{get_column_letter(c)}{r}"))
    return SparseSheet(Grid(name=sheet, rows=rows, row_numbers=list(range(1, last_row + 1))), sorted(strays))
