"""Read the rows of a bill of quantities (내역서) into lines, headings, totals and notes.

Every non-empty row of a bill ends up in exactly one place — a line, a section heading, a
totals row, a note, a header or title row, or ``unparsed`` with the reason — so that nothing
read is silently dropped and the sheet's accounting always balances.
"""

from __future__ import annotations

import re

from ..model import Estimate, Line, Location, Money, SheetAccount, StatedTotal, Unparsed
from ..money import NotANumber, to_decimal, truncate_won
from . import sheetkind
from .amountonly import TotalsRow, fold
from .grid import Grid, cell_text, is_blank
from .header import Header, find_header, is_repeated_header
from .ppstable import find_pps_header, read_pps_grid
from .text import squash
from ..messages import msg

# Totals rows by rank: a total closes every open line and lower-ranked total above it.
_TOTAL_RANKS = (
    (re.compile(r"^(총합계|총계|공사비총계|총공사비|총액|grandtotal)$"), 3),
    (re.compile(r"^(합계|공사비합계|직접공사비합계|total)$"), 2),
    (re.compile(r"^(소계|계|중계|subtotal)$"), 1),
)
_TOTAL_SUFFIX = re.compile(r"(소계|합계|총계)$")
_NOTE = re.compile(r"^(※|\*|＊|주\)|\(주\)|주\s*[:：]|비고\s*[:：]|note\b|-\s)", re.IGNORECASE)
_HEADING_STYLES = (
    ("n3", re.compile(r"^\d+\.\d+\.\d+")),
    ("n2", re.compile(r"^\d+\.\d+")),
    ("n1", re.compile(r"^\d+\s*[.)]|^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\s*[.)]?|^[IVX]+\.\s")),
    ("kor", re.compile(r"^[가-하]\s*[.)]")),
    ("paren", re.compile(r"^\(\s*\d+\s*\)|^\(\s*[가-하]\s*\)")),
    ("circled", re.compile(r"^[①-⑳]")),
    ("bullet", re.compile(r"^[▶▷■□●○◆◇►]")),
    ("bracket", re.compile(r"^[\[【<〈]")),
)


def total_rank(label: str) -> int | None:
    key = re.sub(r"[\[\]【】()<>〈〉]", "", squash(label))
    for pattern, rank in _TOTAL_RANKS:
        if pattern.match(key):
            return rank
    if _TOTAL_SUFFIX.search(key):
        return {"소계": 1, "합계": 2, "총계": 3}[_TOTAL_SUFFIX.search(key).group(1)]
    if re.search(r"\s계$", label.strip()):
        return 1
    return None


def heading_style(text: str) -> str:
    for name, pattern in _HEADING_STYLES:
        if pattern.match(text):
            return name
    return "plain"


class _Sections:
    """The open section headings; a style's level is the order in which styles first appear."""

    def __init__(self) -> None:
        self.levels: dict[str, int] = {}
        self.stack: list[tuple[int, str]] = []

    def open(self, text: str) -> None:
        style = heading_style(text)
        level = self.levels.setdefault(style, len(self.levels))
        self.stack = [(lvl, t) for lvl, t in self.stack if lvl < level]
        self.stack.append((level, text))

    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.stack)


class _Totals:
    """Attach each totals row to the lines and lower totals it closes."""

    def __init__(self) -> None:
        self.open: list[tuple[int, Line | StatedTotal]] = []  # (rank, entry); lines have rank 0

    def add_line(self, entry: Line | StatedTotal) -> None:
        self.open.append((0, entry))

    def close(self, total: StatedTotal, rank: int) -> None:
        children = []
        while self.open and self.open[-1][0] < rank:
            children.append(self.open.pop()[1])
        total.children = children[::-1]
        self.open.append((rank, total))

    def uncovered(self) -> list[Line | StatedTotal]:
        return [e for r, e in self.open if r == 0]


def _money_values(grid: Grid, index: int, header: Header) -> tuple[Money, list[str]]:
    money = Money()
    problems = []
    for (kind, role), col in header.money.items():
        value = grid.cell(index, col)
        if type(value) is float and value.is_integer():  # most amounts: whole won, no Decimal needed
            setattr(money, f"{kind}_{role}", int(value))
            continue
        try:
            number = to_decimal(value)
        except NotANumber:
            problems.append(f"{_label(header, col)} is not a number: '{cell_text(value)}'")
            continue
        if number is not None:
            setattr(money, f"{kind}_{role}", truncate_won(number))
    return money, problems


def _label(header: Header, col: int) -> str:
    return header.labels.get(col, f"column {col + 1}")


def _text(grid: Grid, index: int, header: Header, name: str) -> str:
    col = header.fields.get(name)
    return grid.text(index, col) if col is not None else ""


def _numbers_present(grid: Grid, index: int, header: Header) -> bool:
    return any(not is_blank(grid.cell(index, c)) and cell_text(grid.cell(index, c)) not in ("-", "")
               for c in header.numeric_columns())


def _leading_text(grid: Grid, index: int, header: Header) -> str:
    """The first text of the row among the descriptive columns (where labels are written)."""
    numeric = set(header.numeric_columns())
    for col in range(grid.width):
        if col in numeric or col == header.fields.get("unit") or col == header.fields.get("remarks"):
            continue
        value = grid.cell(index, col)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def read_bill(estimate: Estimate, grid: Grid, header: Header, account: SheetAccount) -> None:
    from ..units import parse_unit

    sections = _Sections()
    sequence: list[Line | TotalsRow] = []
    file = estimate.source
    for i in range(header.start):
        if not grid.is_blank(i):
            account.add("titles", grid.where(i)[0])
    for i in range(header.start, header.end):
        account.add("headers", grid.where(i)[0])
    for index in range(header.end, len(grid.rows)):
        if grid.is_blank(index):
            continue
        sheet, row_number = grid.where(index)
        location = Location(file, sheet, row_number)
        if is_repeated_header(grid, index, header):
            account.add("headers", sheet)
            continue
        label = _leading_text(grid, index, header)
        item = _text(grid, index, header, "item")
        spec = _text(grid, index, header, "spec")
        unit = _text(grid, index, header, "unit")
        section_cell = _text(grid, index, header, "section")
        remarks = _text(grid, index, header, "remarks")
        has_numbers = _numbers_present(grid, index, header)
        rank = total_rank(label) if label else None
        quantity_blank = is_blank(grid.cell(index, header.fields["quantity"]))
        if rank is not None and not unit and quantity_blank:
            money, problems = _money_values(grid, index, header)
            if problems:
                _unparsed(estimate, account, sheet, row_number, "; ".join(problems))
                continue
            total = StatedTotal(location=location, label=label, level="subtotal", money=money)
            sequence.append(TotalsRow(total, rank))
            continue
        if not has_numbers:
            if label and _NOTE.match(label):
                account.add("notes", sheet)
            elif not unit and not spec and (item or section_cell or label):
                sections.open(section_cell or item or label)
                account.add("headings", sheet)
            elif not item and not spec and not unit and remarks:
                account.add("notes", sheet)
            else:
                _unparsed(estimate, account, sheet, row_number,
                          "item without quantity or amount" if item else "text outside the item columns")
            continue
        if not item and not spec:
            _unparsed(estimate, account, sheet, row_number, "numbers without an item name")
            continue
        try:
            quantity = to_decimal(grid.cell(index, header.fields["quantity"]))
        except NotANumber:
            value = cell_text(grid.cell(index, header.fields["quantity"]))
            _unparsed(estimate, account, sheet, row_number, f"quantity is not a number: '{value}'")
            continue
        money, problems = _money_values(grid, index, header)
        if problems:
            _unparsed(estimate, account, sheet, row_number, "; ".join(problems))
            continue
        path = sections.path()
        if section_cell and (not path or path[-1] != section_cell):
            path = (*path, section_cell)
        line = Line(
            location=location, section=path, item=item, spec=spec, unit=unit,
            unit_normalised=parse_unit(unit).canonical if unit else None,
            quantity=quantity, money=money, remarks=remarks,
            code=_text(grid, index, header, "code"),
            attributes={"no": _text(grid, index, header, "no")} if "no" in header.fields else {},
        )
        if grid.printed:
            line.attributes["read_from_print"] = True
            decimals = grid.rounded_columns.get(header.fields["quantity"])
            if decimals is not None:
                line.attributes["printed_decimals"] = decimals
        sequence.append(line)
    _place(estimate, grid, account, fold(sequence))


def _place(estimate: Estimate, grid: Grid, account: SheetAccount, sequence: list) -> None:
    """Lines, group totals and totals rows of one sheet into the estimate, each total holding what it closes."""
    totals = _Totals()
    sheet_totals: list[StatedTotal] = []
    for entry in sequence:
        if isinstance(entry, TotalsRow):
            totals.close(entry.total, entry.rank)
            sheet_totals.append(entry.total)
            account.add("totals", entry.total.location.sheet)
            continue
        _add_entry(estimate, account, entry)
        totals.add_line(entry)
    _finish_totals(estimate, grid, sheet_totals, totals)


def _add_entry(estimate: Estimate, account: SheetAccount, entry: Line | StatedTotal) -> None:
    """A line, or a group total with the lines under it (a group is not a line; its children are)."""
    if isinstance(entry, Line):
        estimate.lines.append(entry)
        account.add("lines", entry.location.sheet)
        return
    estimate.totals.append(entry)
    account.add("totals", entry.location.sheet)
    for child in entry.children:
        _add_entry(estimate, account, child)


def _finish_totals(estimate: Estimate, grid: Grid, sheet_totals: list[StatedTotal], totals: _Totals) -> None:
    children = {id(c) for t in sheet_totals for c in t.children if isinstance(c, StatedTotal)}
    for total in sheet_totals:
        total.level = "subtotal" if id(total) in children else "grand"
    estimate.totals.extend(sheet_totals)
    for total in sheet_totals:
        if total.money.stated_total() and not total.children:
            estimate.warnings.append(msg("totals_row_without_rows", sheet=grid.name, row=total.location.row,
                                         label=total.label))
    loose = totals.uncovered()
    if sheet_totals and loose:
        rows = ", ".join(str(line.location.row) for line in loose[:5])
        more = "" if len(loose) <= 5 else ", …"
        estimate.warnings.append(msg("rows_outside_totals", sheet=grid.name, count=len(loose), rows=rows + more))


def _unparsed(estimate: Estimate, account: SheetAccount, sheet: str, row: int, reason: str) -> None:
    estimate.unparsed.append(Unparsed(sheet=sheet, row=row, reason=reason))
    account.add("unparsed", sheet)


_DATE_WORDS = re.compile(r"년|작성일|일자|date", re.IGNORECASE)


def _dated_cells(grid: Grid, last: int) -> list[tuple[str, int, object]]:
    """Cells of a sheet's title block that may carry the estimate's date."""
    cells = []
    for index in range(min(last, len(grid.rows))):
        for value in grid.rows[index]:
            if (isinstance(value, str) and _DATE_WORDS.search(value)) or hasattr(value, "year"):
                cells.append((*grid.where(index), value))
    return cells


def _title_block(grid: Grid, last: int) -> str | None:
    """The text above a bill's header (공사명, 설계내역서 …): what the estimate says it is."""
    texts = [v.strip() for index in range(min(last, len(grid.rows))) for v in grid.rows[index]
             if isinstance(v, str) and v.strip()]
    return " ".join(texts) or None


def read_grids(estimate: Estimate, grids: list[Grid]) -> None:
    """Class every sheet and read the bills; a workbook with no bill is unusable input."""
    from ..dating import from_cells
    from ..errors import InputError

    dated: list[tuple[str, int, object]] = []
    for grid in grids:
        pps_header = find_pps_header(grid)
        if pps_header is not None:
            account = SheetAccount(name=grid.name, role=sheetkind.BILL,
                                   nonempty_rows=sum(1 for i in range(len(grid.rows)) if not grid.is_blank(i)))
            dated += _dated_cells(grid, pps_header)
            read_pps_grid(estimate, grid, pps_header, account)
            continue
        header = find_header(grid)
        role = sheetkind.classify(grid, header.start if header else None)
        account = SheetAccount(name=grid.name, role=role,
                               nonempty_rows=sum(1 for i in range(len(grid.rows)) if not grid.is_blank(i)))
        estimate.sheets.append(account)
        if role in (sheetkind.BILL, sheetkind.COST_SUMMARY):
            dated += _dated_cells(grid, header.start if header is not None and role == sheetkind.BILL else 12)
        if role == sheetkind.BILL and header is not None:
            if estimate.title is None:
                estimate.title = _title_block(grid, header.start)
            read_bill(estimate, grid, header, account)
        elif role == sheetkind.BREAKDOWN:
            from .breakdown import read_blocks

            estimate.blocks.extend(read_blocks(estimate, grid))
        elif role == sheetkind.COST_SUMMARY and estimate.cost_summary is None:
            from .costsummary import read_cost_summary

            estimate.cost_summary = read_cost_summary(estimate, grid)
        elif role == sheetkind.OTHER:
            estimate.warnings.append(msg("sheet_not_recognised", sheet=grid.name, count=account.nonempty_rows))
    estimate.date = from_cells(dated)
    if not any(s.role == sheetkind.BILL for s in estimate.sheets):
        roles = ", ".join(f"{s.name} ({s.role})" for s in estimate.sheets) or "no sheets"
        raise InputError(estimate.source, msg("err_no_bill", sheets=roles))
