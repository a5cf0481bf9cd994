"""Printed estimates (PDF): the grids the PDF reader rebuilds, read like a workbook's sheets.

Only the accounting differs: a sheet printed over several pages is one grid, but a person looks
for a row by its page, so the JSON accounts for every page on its own and each row keeps its box.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..dating import from_pdf_metadata
from ..messages import msg
from ..model import Estimate
from .bill import read_grids
from .pdf import load_grids


def read_pdf(path: str | Path) -> Estimate:
    printed = load_grids(path)
    grids, blank = printed.grids, printed.blank_pages
    estimate = Estimate(source=str(path), kind="pdf")
    read_grids(estimate, grids)
    if estimate.date is None:
        estimate.date = from_pdf_metadata(printed.info)
    by_name = {grid.name: grid for grid in grids}
    accounts = []
    for account in estimate.sheets:
        grid = by_name.get(account.name)
        if grid is None or grid.row_sheets is None:
            accounts.append(account)
            continue
        nonempty = Counter(grid.row_sheets[i] for i in range(len(grid.rows)) if not grid.is_blank(i))
        accounts += account.per_sheet(dict(nonempty))
    estimate.sheets = accounts
    estimate.attributes["boxes"] = {(grid.row_sheets[i], grid.row_numbers[i]): grid.row_boxes[i]
                                    for grid in grids for i in range(len(grid.rows))}
    if blank:
        estimate.warnings.append(msg("pdf_pages_without_text", pages=", ".join(map(str, blank))))
    return estimate
