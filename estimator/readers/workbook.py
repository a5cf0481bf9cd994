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

from ..errors import InputError
from ..messages import msg
from ..model import Estimate, Line, StatedTotal, Unparsed
from ..sniff import Kind
from .bill import read_grids
from .formulas import REASON, fill_formulas
from .grid import Grid

# A totals row whose own cell is fine but that sums a row withdrawn for its formula: its check
# would count that row as 0.
SUMS_REASON = "sums_formula_without_value"


def load_grids(path: str | Path) -> list[Grid]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise InputError(path, msg("err_password")) from None
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        raise InputError(path, msg("err_damaged_workbook", detail=f"{type(exc).__name__}: {exc}")) from None
    grids = []
    for name in workbook.sheet_names:
        try:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(getattr(sheet, "merged_cell_ranges", None) or [])
        except Exception as exc:
            raise InputError(path, msg("err_sheet_unreadable", sheet=name, detail=f"{type(exc).__name__}: {exc}")) from None
        grids.append(Grid(name=name, rows=[list(r) for r in rows],
                          row_numbers=list(range(1, len(rows) + 1)), merged=merged))
    return grids


def read_workbook(path: str | Path, kind: Kind) -> Estimate:
    estimate = Estimate(source=str(path), kind=kind.value)
    grids = load_grids(path)
    formulas = fill_formulas(path, grids) if kind is Kind.XLSX else None
    read_grids(estimate, grids)
    if formulas is not None:
        withdraw_rows(estimate, formulas.failed_rows())
        estimate.attributes["formulas"] = formulas.summary()
    return estimate


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
