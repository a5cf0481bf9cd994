"""A sheet as a rectangular grid of cell values, whatever file it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass
class Grid:
    """Cell values by position; ``row_numbers[i]`` is the number a person sees for ``rows[i]``.

    ``merged`` holds ((first_row, first_col), (last_row, last_col)) ranges, 0-based into
    ``rows``, when the source records them (xlsx, xls); CSV has none.

    A grid read from print (PDF) may run over several pages: ``row_sheets[i]`` is then the page
    where ``rows[i]`` is printed (``p.3``) and ``row_numbers[i]`` its row on that page;
    ``row_boxes[i]`` its box in PDF points. ``printed`` says the values are formatted text, so a
    number carries only the digits printed; ``rounded_columns`` maps each column whose figures all
    show the same number of decimals (a fixed number format, which rounds) to that number. A
    column whose figures show varying decimals is printed as stored.
    """

    name: str
    rows: list[list[object]]
    row_numbers: list[int]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    row_sheets: list[str] | None = None
    row_boxes: list[tuple[float, float, float, float]] | None = None
    printed: bool = False
    rounded_columns: dict[int, int] = field(default_factory=dict)

    def where(self, index: int) -> tuple[str, int]:
        """(sheet or page, row number) where a person finds ``rows[index]``."""
        sheet = self.row_sheets[index] if self.row_sheets is not None else self.name
        return sheet, self.row_numbers[index]

    @cached_property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, index: int, col: int) -> object:
        row = self.rows[index]
        return row[col] if col < len(row) else None

    def text(self, index: int, col: int) -> str:
        return cell_text(self.cell(index, col))

    def is_blank(self, index: int) -> bool:
        return all(is_blank(v) for v in self.rows[index])

    def merged_value_map(self) -> dict[tuple[int, int], object]:
        """Every cell covered by a merge, mapped to the value of the merge's top-left cell (built
        once: every block header of a breakdown sheet asks for it)."""
        stamp = (id(self.merged), len(self.merged), len(self.rows))
        cached = self.__dict__.get("_merged_values")
        if cached is not None and cached[0] == stamp:
            return cached[1]
        filled: dict[tuple[int, int], object] = {}
        for (r0, c0), (r1, c1) in self.merged:
            if r0 >= len(self.rows):
                continue
            value = self.cell(r0, c0)
            for r in range(r0, min(r1, len(self.rows) - 1) + 1):
                for c in range(c0, c1 + 1):
                    filled[(r, c)] = value
        self.__dict__["_merged_values"] = (stamp, filled)
        return filled


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
