"""Read the rows of a bill of quantities (내역서) into lines, headings, totals and notes.

Every non-empty row of a bill ends up in exactly one place — a line, a section heading, a
totals row, a note, a header or title row, or ``unparsed`` with the reason — so that nothing
read is silently dropped and the sheet's accounting always balances.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Estimate, Line, Location, Money, SectionSummary, SheetAccount, StatedTotal, Unparsed
from ..money import NotANumber, to_decimal, truncate_won
from . import columns, sheetkind
from ..stated import effective_total
from .amountonly import TotalsRow, fold
from .grid import Grid, cell_text, is_blank
from .header import Header, find_header, is_repeated_header
from .ppstable import find_pps_header, read_pps_grid
from .rowroles import (Outline, deeper, has_rate_and_base, heading_style, is_adjustment, is_head_name, outline,
                       total_rank, whole_unit)
from ..messages import msg

__all__ = ["read_bill", "read_grids", "total_rank"]

_NOTE = re.compile(r"^(※|\*|＊|주\)|\(주\)|주\s*[:：]|비고\s*[:：]|note\b|-\s)", re.IGNORECASE)


class _Sections:
    """The open section headings; a style's level is the order in which styles first appear."""

    def __init__(self) -> None:
        self.levels: dict[str, int] = {}
        self.stack: list[tuple[int, str]] = []

    def open(self, text: str, style: str | None = None) -> None:
        style = style or heading_style(text)
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
        if role == "quantity":  # a kind's own quantity keeps its decimals
            try:
                setattr(money, f"{kind}_quantity", to_decimal(value))
            except NotANumber:
                problems.append(f"{_label(header, col)} is not a number: '{cell_text(value)}'")
            continue
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


@dataclass(slots=True)
class _Row:
    """One body row, read once: its words, figures and the first guess at its role."""

    index: int
    sheet: str
    number: int
    item: str
    spec: str
    unit: str
    label: str  # the item, else the row's leading text
    raw: str  # the label as written, leading spaces and dots included: its place in the outline
    quantity_blank: bool
    has_numbers: bool
    nonzero: bool  # a figure other than 0 in a money or quantity column
    priced: bool  # a unit price other than 0
    role: str = ""  # line, group?, heading, total, cost_head?, note, filler, header, unparsed
    total_rank: int | None = None
    reason: str = ""
    head_strength: int = 0  # 2: a head with its rate and base; 1: a head's name only
    _outline: Outline | None = None

    @property
    def outline(self) -> Outline | None:
        """Its place in the outline, worked out when a decision needs it (most rows are items)."""
        if self._outline is None and self.raw:
            self._outline = outline(self.raw)
        return self._outline


def _own_columns(header: Header) -> set[int]:
    """Columns whose content is the row's own: the bill's fields and money."""
    own = {col for name, col in header.fields.items()}
    own.update(header.money.values())
    return own


def _is_filler(grid: Grid, index: int, header: Header, own: set[int], remarks: int | None) -> bool:
    """Nothing of its own: zeros in the money columns, values in a program's helper columns (beyond
    비고 or under a word of its own, such as 대분류), spaces in the item column."""
    for col, value in enumerate(grid.rows[index]):
        if is_blank(value):
            continue
        if col in own:
            if col in header.money.values() and type(value) in (int, float) and value == 0:
                continue
            return False
        if col in header.other_columns or (remarks is not None and col > remarks):
            continue
        return False  # a word in an unnamed column of the bill: a heading written where the program puts it
    return True


def _totals_label(grid: Grid, index: int, header: Header, item: str) -> tuple[str, int] | None:
    """A totals label in the item column, else in another text cell before the figures."""
    if item:
        rank = total_rank(item)
        return (item, rank) if rank is not None else None
    money = set(header.money.values())
    limit = min(money) if money else grid.width
    for col in range(min(limit, grid.width)):
        value = grid.cell(index, col)
        if isinstance(value, str) and value.strip():
            rank = total_rank(value)
            if rank is not None:
                return value.strip(), rank
    return None


def _first_pass(grid: Grid, header: Header) -> list[_Row]:
    rows: list[_Row] = []
    own = _own_columns(header)
    remarks = header.fields.get("remarks")
    quantity_col = header.fields["quantity"]
    price_cols = {col for (kind, role), col in header.money.items() if role == "price"}
    numeric = header.numeric_columns()
    item_col = header.fields.get("item")
    for index in range(header.end, len(grid.rows)):
        if grid.is_blank(index):
            continue
        sheet, number = grid.where(index)
        item = _text(grid, index, header, "item")
        cells = grid.rows[index]
        width = len(cells)
        # One look at the figures: any written (has_numbers), any other than 0, any unit price.
        has_numbers = nonzero = priced = False
        for col in numeric:
            value = cells[col] if col < width else None
            if value is None or (isinstance(value, str) and value.strip() in ("", "-")):
                continue
            has_numbers = True
            if _nonzero(value):
                nonzero = True
                if col in price_cols:
                    priced = True
                    break
        row = _Row(index=index, sheet=sheet, number=number, item=item, spec=_text(grid, index, header, "spec"),
                   unit=_text(grid, index, header, "unit"), label="", raw="",
                   quantity_blank=is_blank(cells[quantity_col] if quantity_col < width else None),
                   has_numbers=has_numbers, nonzero=nonzero, priced=priced)
        rows.append(row)
        if is_repeated_header(grid, index, header):
            row.role = "header"
            continue
        if not item and _is_filler(grid, index, header, own, remarks):
            row.role = "filler"
            continue
        row.label = _leading_text(grid, index, header)
        raw = grid.cell(index, item_col) if item_col is not None else None
        row.raw = raw if isinstance(raw, str) and raw.strip() else row.label
        found = _totals_label(grid, index, header, item)
        # A totals row may sum the unit prices too (합계금액 | 88,488,600 | 1,017,833,000).
        if found is not None and row.quantity_blank and (not row.unit or whole_unit(row.unit)):
            row.label, row.total_rank, row.role = found[0], found[1], "total"
            continue
        if found is not None and whole_unit(row.unit) and not row.priced and _is_one(grid, index, quantity_col):
            row.label, row.total_rank, row.role = found[0], found[1], "total"  # '▶ 도급공사비 | 1 | 식'
            continue
        name = item or row.label
        # A head is one 식 of its base × rate: a program may write its amount as a 1식 unit price too.
        if name and (not row.unit or whole_unit(row.unit)) and (
                row.quantity_blank or _is_one(grid, index, quantity_col)):
            strong = has_rate_and_base(row.spec) or has_rate_and_base(name)
            if is_adjustment(name):  # 천원단위 절사, 부가가치세: never an item, priced or not
                row.role, row.head_strength = "cost_head", 2
                continue
            if is_head_name(name) and (strong or not row.priced):
                row.role, row.head_strength = "cost_head?", 2 if strong else 1
                continue
        if not row.has_numbers:
            if row.label and _NOTE.match(row.label):
                row.role = "note"
            elif not row.unit and (item or row.label):
                row.role = "heading"  # a count in the spec column ('5개소') is the heading's own note
            elif not item and not row.spec and not row.unit and _text(grid, index, header, "remarks"):
                row.role = "note"
            else:
                row.role, row.reason = "unparsed", (
                    "item without quantity or amount" if item else "text outside the item columns")
            continue
        if not item and not row.spec:
            row.role, row.reason = "unparsed", "numbers without an item name"
            continue
        if not row.unit and row.quantity_blank and not row.priced:
            # '2). 시설물 | 0.0' is a heading; '가. 폐기물 운반비' with an amount is one when rows sit
            # under it (its amount is then its section's), else an amount written without a unit.
            row.role = "heading?" if row.nonzero else "heading"
            continue
        if whole_unit(row.unit) and not row.priced and (row.quantity_blank or _is_one(grid, index, quantity_col)):
            row.role = "group?"
            continue
        row.role = "line"
    return rows


def _nonzero(value: object) -> bool:
    if type(value) in (int, float):
        return value != 0
    return isinstance(value, str) and bool(value.strip()) and value.strip() not in ("-", "0")


def _is_one(grid: Grid, index: int, col: int) -> bool:
    value = grid.cell(index, col)
    try:
        return to_decimal(value) == 1
    except NotANumber:
        return False


_BLOCK_ROLES = ("cost_head", "cost_head?", "total", "filler", "header")


def _settle_cost_heads(rows: list[_Row]) -> None:
    """A head's name alone (안전관리비 | 1 | P.S) is a cost head inside a block of heads that state
    their rates and bases; outside one it is an item of the bill. Totals inside the block
    (▶ 간접공사비 계, ▶ 도급공사비) are the cost summary's, not the lines'."""
    start = 0
    while start < len(rows):
        if rows[start].role not in ("cost_head", "cost_head?"):
            start += 1
            continue
        end = start
        while end + 1 < len(rows) and rows[end + 1].role in _BLOCK_ROLES:
            end += 1
        first = start
        while first > 0 and rows[first - 1].role in ("total", "filler"):
            first -= 1
        block = rows[first:end + 1]
        heads = [r for r in block if r.role in ("cost_head", "cost_head?")]
        strong = sum(1 for r in heads if r.head_strength == 2)
        is_block = strong >= 2 or (strong >= 1 and len(heads) >= 2)
        for r in block:
            if r.role == "cost_head?":
                r.role = "cost_head" if is_block or r.head_strength == 2 else "line_or_group"
            elif r.role == "total" and is_block:
                r.role = "block_total"
        start = end + 1
    # A total right after cost heads (합계(A+B) after 부가가치세(B)) sums the cost summary, not lines.
    previous = None
    for r in rows:
        if r.role in ("filler", "note", "header"):
            continue
        if r.role == "total" and previous is not None and previous.role in ("cost_head", "block_total"):
            r.role = "block_total"
        previous = r
    for r in rows:
        if r.role == "line_or_group":
            r.role = "group?" if whole_unit(r.unit) or not r.unit else "line"
            if not r.has_numbers and not r.unit:
                r.role = "heading"


def _next_content(rows: list[_Row], position: int) -> _Row | None:
    for after in range(position + 1, len(rows)):
        if rows[after].role not in ("filler", "note", "header"):
            return rows[after]
    return None


def _style(row: _Row) -> str | None:
    return row.outline.style if row.outline is not None else None


def _settle_groups(rows: list[_Row]) -> None:
    """A ``1 | 식`` row without a unit price heads a section when the rows after it sit deeper in
    the outline, or when it lists a section that appears as such a row elsewhere (the run of
    section rows at the top of a bill, each with the next row a sibling); else it is an item."""
    for position, r in enumerate(rows):
        if r.role == "heading?":
            following = _next_content(rows, position)
            under = (following is not None and following.outline is not None and r.outline is not None
                     and following.role not in ("total", "block_total", "cost_head")
                     and deeper(following.outline, r.outline))
            r.role = "heading" if under else "line"
    by_depth: set[int] = set()
    for position, r in enumerate(rows):
        if r.role != "group?":
            continue
        following = _next_content(rows, position)
        if (following is not None and following.outline is not None and r.outline is not None
                and following.role not in ("total", "block_total", "cost_head")
                and deeper(following.outline, r.outline)):
            by_depth.add(position)
    headed = {(rows[p].outline.style, rows[p].outline.name) for p in by_depth if rows[p].outline.name}
    accepted = set(by_depth)
    for position, r in enumerate(rows):
        if r.role != "group?" or r.outline is None or (r.outline.style, r.outline.name) not in headed:
            continue
        following = _next_content(rows, position)
        # A listing row is followed by another section row or a total, never by the items of its
        # own section (two sections may share a name: 품질관리비 under each sub-work).
        if following is None or following.role in ("group?", "total", "block_total", "cost_head"):
            accepted.add(position)
    # A run of sibling section rows is one listing: if some of it names sections, all of it does.
    position = 0
    while position < len(rows):
        if rows[position].role != "group?":
            position += 1
            continue
        run = [position]
        while run[-1] + 1 < len(rows) and rows[run[-1] + 1].role == "group?" and (
                _style(rows[run[-1] + 1]) == _style(rows[position])):
            run.append(run[-1] + 1)
        listed = [p for p in run if p in accepted and p not in by_depth]
        if len(run) >= 2 and len(listed) * 2 >= len(run):
            accepted.update(run)
        position = run[-1] + 1
    for position, r in enumerate(rows):
        if r.role == "group?":
            r.role = "group" if position in accepted else "line"
            if r.role == "group" and position not in by_depth:
                r.reason = "lists a section"


def read_bill(estimate: Estimate, grid: Grid, header: Header, account: SheetAccount) -> None:
    from ..units import parse_unit

    sections = _Sections()
    sequence: list[Line | TotalsRow] = []
    file = estimate.source
    for i in range(header.start):
        if not grid.is_blank(i):
            first = next((v.strip() for v in grid.rows[i] if isinstance(v, str) and v.strip()), "")
            account.add("notes" if _NOTE.match(first) else "titles", grid.where(i)[0], row=grid.where(i)[1])
    for i in range(header.start, header.end):
        account.add("headers", grid.where(i)[0], row=grid.where(i)[1])
    rows = _first_pass(grid, header)
    _settle_cost_heads(rows)
    _settle_groups(rows)
    groups: list[tuple[Outline, StatedTotal | None, list[Line]]] = []  # open section rows with amounts
    cost_heads = estimate.attributes.setdefault("bill_cost_heads", [])
    closed: list[StatedTotal] = []
    open_lines: list[Line] = []  # the lines since the last totals row: what an unlabelled total sums
    unexplained = grid.name in estimate.attributes.get("unexplained_sheets", ())
    for r in rows:
        sheet, row_number, index = r.sheet, r.number, r.index
        location = Location(file, sheet, row_number)
        role = r.role
        if role in ("header", "filler", "note"):
            account.add({"header": "headers", "filler": "fillers", "note": "notes"}[role], sheet, row=row_number)
            continue
        if role == "unparsed":
            money, problems = _money_values(grid, index, header)
            stated = money.stated_total()
            if (r.reason == "numbers without an item name" and not problems and stated and open_lines
                    and stated == sum(effective_total(line) for line in open_lines)):
                # An unlabelled row whose amount is the sum of the rows it closes is their total.
                sequence.append(TotalsRow(StatedTotal(location=location, label="", level="subtotal", money=money),
                                          1))
                open_lines = []
                continue
            _unparsed(estimate, account, sheet, row_number, r.reason)
            continue
        if role in ("cost_head", "block_total"):
            money, _ = _money_values(grid, index, header)
            cost_heads.append({"sheet": sheet, "row": row_number, "name": r.item or r.label, "derivation": r.spec,
                               "total": role == "block_total", "amount": money.stated_total()})
            account.add("cost_heads" if role == "cost_head" else "totals", sheet, row=row_number)
            continue
        if role == "total":
            money, problems = _money_values(grid, index, header)
            if problems:
                _unparsed(estimate, account, sheet, row_number, "; ".join(problems))
                continue
            total = StatedTotal(location=location, label=r.label, level="subtotal", money=money)
            sequence.append(TotalsRow(total, r.total_rank))
            open_lines = []
            continue
        if role in ("heading", "group"):
            _close_groups(groups, r.outline, closed)
            written = r.raw.strip() if r.raw else (r.item or r.label)
            sections.open(written.lstrip(". ").strip() or written, heading_style(written))
            account.add("headings" if role == "heading" else "groups", sheet, row=row_number)
            money, problems = _money_values(grid, index, header)
            if r.reason == "lists a section" and not problems and money.stated_total():
                # A bill's own list of its sections: its amounts are checked against each section.
                estimate.section_summaries.append(SectionSummary(location, r.item or r.label, money))
            elif r.nonzero and not problems and money.stated_total():
                group = StatedTotal(location=location, label=r.item or r.label, level="group", money=money,
                                    section=sections.path()[:-1],
                                    attributes={"spec": r.spec, "unit": r.unit, "grouped_by": "outline"})
                groups.append((r.outline, group, []))
            elif r.outline is not None:
                groups.append((r.outline, None, []))
            continue
        item, spec, unit = r.item, r.spec, r.unit
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
        section_cell = _text(grid, index, header, "section")
        path = sections.path()
        if section_cell and (not path or path[-1] != section_cell):
            path = (*path, section_cell)
        line = Line(
            location=location, section=path, item=item, spec=spec, unit=unit,
            unit_normalised=parse_unit(unit).canonical if unit else None,
            quantity=quantity, money=money, remarks=_text(grid, index, header, "remarks"),
            code=_text(grid, index, header, "code"),
            attributes={"no": _text(grid, index, header, "no")} if "no" in header.fields else {},
        )
        # Only a row that could head others (a 식, no unit, a numbered name) may be a group of the
        # rows below it; an item with its own unit is an item whatever follows it.
        if money.amount_only:
            line.attributes["may_group"] = bool(whole_unit(unit) or not unit or (r.outline is not None
                                                                                and r.outline.numbered))
        if grid.printed:
            line.attributes["read_from_print"] = True
            decimals = grid.rounded_columns.get(header.fields["quantity"])
            if decimals is not None:
                line.attributes["printed_decimals"] = decimals
        if unexplained:
            line.attributes["columns_unexplained"] = True
        if groups and r.outline is not None:
            _close_groups(groups, r.outline, closed)  # a line beside a section row, not under it, ends it
        for _, _, members in groups:
            members.append(line)
        sequence.append(line)
        open_lines.append(line)
    _close_groups(groups, None, closed)
    _place(estimate, grid, account, fold(sequence))
    estimate.totals.extend(closed)


def _close_groups(groups: list, row: Outline | None, closed: list[StatedTotal]) -> None:
    """Close the open section rows that ``row`` does not sit under; one with an amount becomes a
    group total over the lines of its section."""
    while groups and (row is None or groups[-1][0] is None or not deeper(row, groups[-1][0])):
        _, group, members = groups.pop()
        if group is not None and members:
            group.children = list(members)
            closed.append(group)


def _place(estimate: Estimate, grid: Grid, account: SheetAccount, sequence: list) -> None:
    """Lines, group totals and totals rows of one sheet into the estimate, each total holding what it closes."""
    totals = _Totals()
    sheet_totals: list[StatedTotal] = []
    for entry in sequence:
        if isinstance(entry, TotalsRow):
            totals.close(entry.total, entry.rank)
            sheet_totals.append(entry.total)
            account.add("totals", entry.total.location.sheet, row=entry.total.location.row)
            continue
        _add_entry(estimate, account, entry)
        totals.add_line(entry)
    _finish_totals(estimate, grid, sheet_totals, totals)


def _add_entry(estimate: Estimate, account: SheetAccount, entry: Line | StatedTotal) -> None:
    """A line, or a group total with the lines under it (a group is not a line; its children are)."""
    if isinstance(entry, Line):
        estimate.lines.append(entry)
        account.add("lines", entry.location.sheet, row=entry.location.row)
        return
    estimate.totals.append(entry)
    account.add("groups", entry.location.sheet, row=entry.location.row)
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
    account.add("unparsed", sheet, row=row)


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
    summaries: list = []
    for grid in grids:
        pps_header = find_pps_header(grid)
        if pps_header is not None:
            account = SheetAccount(name=grid.name, role=sheetkind.BILL,
                                   nonempty_rows=sum(1 for i in range(len(grid.rows)) if not grid.is_blank(i)))
            dated += _dated_cells(grid, pps_header)
            read_pps_grid(estimate, grid, pps_header, account)
            continue
        header = find_header(grid)
        choice = columns.choose(grid, header) if header is not None else None
        role = sheetkind.classify(grid, header.start if header else None, header,
                                  figures=choice.single_figures if choice is not None else "")
        account = SheetAccount(name=grid.name, role=role,
                               nonempty_rows=sum(1 for i in range(len(grid.rows)) if not grid.is_blank(i)))
        estimate.sheets.append(account)
        if role == sheetkind.BILL and choice is not None:
            account.columns = [{k: v for k, v in entry.items() if k != "col"} for entry in choice.roles]
            if choice.unexplained:
                cols = ", ".join(f"{e['column']}({columns.describe(e['kind'], e['role'])})" for e in choice.roles
                                 if e["kind"] in choice.unexplained)
                estimate.warnings.append(msg("columns_unexplained", sheet=grid.name, columns=cols))
                estimate.attributes.setdefault("unexplained_sheets", []).append(grid.name)
        if role in (sheetkind.BILL, sheetkind.COST_SUMMARY):
            dated += _dated_cells(grid, header.start if header is not None and role == sheetkind.BILL else 12)
        if role == sheetkind.BILL and header is not None:
            if estimate.title is None:
                estimate.title = _title_block(grid, header.start)
            read_bill(estimate, grid, header, account)
        elif role == sheetkind.BREAKDOWN:
            from .breakdown import read_blocks

            blocks = read_blocks(estimate, grid)
            if not blocks:
                # A breakdown sheet in a layout not read yet: said, never silence (its wages and
                # man-days go unchecked).
                estimate.warnings.append(msg("breakdown_sheet_unread", sheet=grid.name, count=account.nonempty_rows))
                estimate.attributes.setdefault("unread_breakdown_sheets", {})[grid.name] = account.nonempty_rows
            estimate.blocks.extend(blocks)
        elif role == sheetkind.COST_SUMMARY and estimate.cost_summary is None:
            from .costsummary import read_cost_summary

            estimate.cost_summary = read_cost_summary(estimate, grid)
        elif role == sheetkind.OTHER:
            estimate.warnings.append(msg("sheet_not_recognised", sheet=grid.name, count=account.nonempty_rows))
        if role == sheetkind.SUMMARY and header is not None:
            summaries.append((grid, header, account))
            from .summaries import read_summary_rows

            read_summary_rows(estimate, grid, header)
    if summaries and not any(s.role == sheetkind.BILL for s in estimate.sheets):
        # A summary summarises a bill; with no other bill in the workbook its rows are the bill
        # (a quotation's 집계표 of 1식 items).
        estimate.section_summaries = []  # they were the bill's own rows, read as lines now
        for grid, header, account in summaries:
            account.role = sheetkind.BILL
            dated += _dated_cells(grid, header.start)
            if estimate.title is None:
                estimate.title = _title_block(grid, header.start)
            read_bill(estimate, grid, header, account)
    estimate.date = from_cells(dated)
    from .summaries import tie_to_sections

    tie_to_sections(estimate)
    if not any(s.role == sheetkind.BILL for s in estimate.sheets):
        roles = ", ".join(f"{s.name} ({s.role})" for s in estimate.sheets) or "no sheets"
        raise InputError(estimate.source, msg("err_no_bill", sheets=roles))
