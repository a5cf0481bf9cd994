"""Excel workbooks (.xlsx and .xls) through python-calamine.

calamine reads both formats with one API and is several times faster than openpyxl on real
estimates (see bench/). ``skip_empty_area=False`` keeps the grid anchored at A1, so a row's
index is its Excel row number minus one; openpyxl's read-only mode trusts the sheet's stored
dimension, which estimating programs often write wrong.

calamine reads a formula stored without its value as an empty cell. In an .xlsx such formulas
are evaluated where they are plain arithmetic (``formulas``); a bill row holding one that is not
is withdrawn from the lines and totals and reported unparsed, never read as 0.
"""

from __future__ import annotations

from pathlib import Path

import python_calamine

from .. import limits as limits_module
from ..errors import InputError
from ..messages import Both, msg
from ..model import Estimate, Line, StatedTotal, Unparsed
from ..sniff import Kind
from .bill import read_grids
from .formulas import REASON, fill_formulas
from .grid import Grid
from .sparse import DENSE_LIMIT, extents, read_sparse

# A totals row whose own cell is fine but that sums a row withdrawn for its formula: its check
# would count that row as 0.
SUMS_REASON = "sums_formula_without_value"
STRAY_REASON = "cell far beyond the table"


def load_grids(path: str | Path, kind: Kind = Kind.XLSX) -> list[Grid]:
    """Every sheet as a grid (see ``load_sheets``)."""
    return load_sheets(path, kind)[0]


def load_sheets(path: str | Path, kind: Kind = Kind.XLSX) -> tuple[list[Grid], dict[str, list[tuple[int, str]]]]:
    """Every sheet as a grid, and per sheet the cells found far beyond its table (row, reference).

    The workbook is opened from its bytes, so calamine takes the format from the content, never
    from the file's name (a legacy .xls saved as .xlsx). A sheet whose cells span more than a
    dense range may hold is read cell by cell (``sparse``)."""
    too_large = set()
    if kind is Kind.XLSX:
        try:
            found = extents(path)
        except Exception:  # noqa: BLE001 - calamine names what is wrong with a damaged package
            found = {}
        cells, allowed = sum(e.cells for e in found.values()), limits_module.current().max_cells
        if cells > allowed:
            raise InputError(path, msg("err_limit", what=Both("셀 수", "cells"), value=f"{cells:,}", limit=f"{allowed:,}",
                                       how=limits_module.how_to_raise("max_cells")))
        too_large = {name for name, extent in found.items() if extent.dense > DENSE_LIMIT}
    grids, strays = [], {}
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise InputError(path, msg("err_cannot_read", detail=exc.strerror)) from None
    with handle:
        try:
            workbook = python_calamine.CalamineWorkbook.from_filelike(handle)
        except python_calamine.PasswordError:
            raise InputError(path, msg("err_password")) from None
        except Exception as exc:  # calamine raises several unrelated types for damaged files
            raise InputError(path, msg("err_damaged_workbook", detail=f"{type(exc).__name__}: {exc}")) from None
        for name in workbook.sheet_names:
            if name in too_large:
                sheet = read_sparse(path, name)
                grids.append(sheet.grid)
                strays[name] = sheet.strays
                continue
            try:
                sheet = workbook.get_sheet_by_name(name)
                rows = sheet.to_python(skip_empty_area=False)
                merged = list(getattr(sheet, "merged_cell_ranges", None) or [])
            except Exception as exc:
                raise InputError(path, msg("err_sheet_unreadable", sheet=name,
                                           detail=f"{type(exc).__name__}: {exc}")) from None
            grids.append(Grid(name=name, rows=[list(r) for r in rows],
                              row_numbers=list(range(1, len(rows) + 1)), merged=merged))
    return grids, strays


def read_workbook(path: str | Path, kind: Kind) -> Estimate:
    estimate = Estimate(source=str(path), kind=kind.value)
    grids, strays = load_sheets(path, kind)
    formulas = fill_formulas(path, grids) if kind is Kind.XLSX else None
    read_grids(estimate, grids)
    _report_strays(estimate, strays)
    if formulas is not None:
        withdraw_rows(estimate, formulas.failed_rows())
        estimate.attributes["formulas"] = formulas.summary()
    return estimate


def _report_strays(estimate: Estimate, strays: dict[str, list[tuple[int, str]]]) -> None:
    """Cells far beyond a sheet's table: unparsed, each with its reference, and counted."""
    accounts = {account.name: account for account in estimate.sheets}
    for sheet, found in strays.items():
        for row, reference in found:
            estimate.unparsed.append(Unparsed(sheet, row, f"{STRAY_REASON}: {reference}"))
            account = accounts.get(sheet)
            if account is not None:
                account.nonempty_rows += 1
                account.unparsed += 1
    if strays:
        order = {account.name: index for index, account in enumerate(estimate.sheets)}
        estimate.unparsed.sort(key=lambda u: (order.get(u.sheet, len(order)), u.row))


def withdraw_rows(estimate: Estimate, rows: set[tuple[str, int]]) -> None:
    """Take the lines and totals rows at ``rows`` (sheet, Excel row) out of the bill, as unparsed.

    A total that sums a withdrawn line goes too (its check would read the line as 0); the rows
    under a withdrawn total are handed to the total above it, which then sums them directly.
    Runs before the lines are linked, so no index into ``estimate.lines`` exists yet.
    """
    if not rows:
        return

    def at(entry: Line | StatedTotal) -> bool:
        return (entry.location.sheet, entry.location.row) in rows

    lost = {id(line) for line in estimate.lines if at(line)}

    def sums_lost(entry: Line | StatedTotal) -> bool:
        if isinstance(entry, Line):
            return id(entry) in lost
        return any(sums_lost(child) for child in entry.children)

    gone = {id(t): REASON if at(t) else SUMS_REASON for t in estimate.totals if at(t) or sums_lost(t)}
    if not lost and not gone:
        return

    def kept(children: list) -> list:
        out = []
        for child in children:
            if id(child) in gone:
                out += kept(child.children)
            elif id(child) not in lost:
                out.append(child)
        return out

    for total in estimate.totals:
        if id(total) not in gone:
            total.children = kept(total.children)
    accounts = {account.name: account for account in estimate.sheets}
    for entry, reason in [(line, REASON) for line in estimate.lines if id(line) in lost] + [
            (total, gone[id(total)]) for total in estimate.totals if id(total) in gone]:
        estimate.unparsed.append(Unparsed(entry.location.sheet, entry.location.row, reason))
        account = accounts.get(entry.location.sheet)
        if account is not None:
            if isinstance(entry, Line):
                account.lines -= 1
            else:
                account.totals -= 1
            account.unparsed += 1
    estimate.lines = [line for line in estimate.lines if id(line) not in lost]
    estimate.totals = [total for total in estimate.totals if id(total) not in gone]
    order = {account.name: index for index, account in enumerate(estimate.sheets)}
    estimate.unparsed.sort(key=lambda u: (order.get(u.sheet, len(order)), u.row))
