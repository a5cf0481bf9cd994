"""Read unit-cost breakdowns (일위대가 제N호표, 단가산출 산근 N) from any sheet that holds them.

Two block shapes are common: a title row (``제1호표 터파기(인력) 보통토사 ㎥``) with its own header
below it, or one header at the top of the sheet and each block's title in the first column
(``제1호표 | 터파기(인력) | 보통토사 | ㎥``). Rows inside a block are the resources for ONE unit of
the item; amounts keep 0.1 won (표준품셈 1-2-1) and are not cut to the won here.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import COST_KINDS, Block, Estimate, Location, Resource, Unparsed
from ..money import NotANumber, to_decimal
from .bill import total_rank
from .grid import Grid, cell_text, is_blank
from .header import Header, find_header
from .sheetkind import BLOCK_TITLE
from .text import squash

_NUMBER = re.compile(r"(\d+)")
# 비고 or a resource's remarks naming a block: 제3호표, 3호표, 제 3 호표, 일위대가 3, 일위대가 제3호, 산근 3, 단가산출 제5호
_REF_BREAKDOWN = re.compile(r"(?:제\s*)?(\d+)\s*호\s*표|일위대가\s*(?:표\s*)?(?:제\s*)?(\d+)(?:\s*호)?|"
                            r"호\s*표\s*(\d+)|^\s*제\s*(\d+)\s*호\s*$")  # '( 호표 2 )'; '제 11호' alone in 비고
_REF_DERIVATION = re.compile(r"산근\s*(?:제\s*)?(\d+)|단가\s*산출(?:서)?\s*(?:제\s*)?(\d+)")


def block_reference(text: str) -> tuple[str, int] | None:
    """The block a remark cites, as (book, number); None when it cites none."""
    if not text:
        return None
    match = _REF_DERIVATION.search(text)
    if match:
        return ("산근", int(match.group(1) or match.group(2)))
    match = _REF_BREAKDOWN.search(text)
    if match:
        return ("일위대가", int(next(g for g in match.groups() if g)))
    return None


def _title_parts(text: str) -> tuple[str, int, str]:
    """('일위대가'|'산근', number, the rest of the title) from '제3호표  CCTV 폴 설치 H=8m 본'."""
    match = BLOCK_TITLE.match(text)
    head = match.group(0) if match else ""
    book = "산근" if "산근" in head or "산근" in text[:4] else "일위대가"
    number = int(_NUMBER.search(head).group(1)) if _NUMBER.search(head) else 0
    rest = text[len(head):].strip(" :.-\t")
    return book, number, rest


def _split_title(rest: str) -> tuple[str, str, str]:
    """Item, spec and unit from a one-cell title; the unit is the last word when it is a unit."""
    from ..units import parse_unit

    words = rest.split()
    unit = ""
    if len(words) > 1 and parse_unit(words[-1]).canonical is not None:
        unit = words.pop()
    # The spec starts at the first word carrying a figure or a dimension mark (H=8m, Φ165, 0.2㎥).
    split = next((i for i, w in enumerate(words) if i > 0 and re.search(r"[\d=Φφ×xX*@]", w)), len(words))
    return " ".join(words[:split]), " ".join(words[split:]), unit


def _decimal(grid: Grid, index: int, col: int | None) -> Decimal | None:
    return None if col is None else to_decimal(grid.cell(index, col))


def _kind_values(grid: Grid, index: int, header: Header, role: str) -> dict[str, Decimal | None]:
    return {k: _decimal(grid, index, header.money.get((k, role))) for k in (*COST_KINDS, "total")}


def _rounded(grid: Grid, header: Header) -> tuple[str, ...]:
    """The figures of a row that print may have rounded: its quantity and kind prices, where their
    columns show a fixed number of decimals."""
    columns = {"quantity": header.fields.get("quantity"),
               **{kind: header.money.get((kind, "price")) for kind in COST_KINDS}}
    return tuple(name for name, col in columns.items() if col is not None and col in grid.rounded_columns)


def _text(grid: Grid, index: int, header: Header, name: str) -> str:
    col = header.fields.get(name)
    return grid.text(index, col) if col is not None else ""


def _identity(grid: Grid, index: int, header: Header) -> tuple[str, str, int, str, str, str, str]:
    """(title cell, book, number, rest of the title, item, spec, unit) of a title row: from the
    item/spec/unit columns when the row fills them, else split from the one-cell title."""
    title_cell = next(cell_text(v) for v in grid.rows[index] if not is_blank(v))
    book, number, rest = _title_parts(title_cell)
    item = _text(grid, index, header, "item")
    if item and item != title_cell:
        spec, unit = _text(grid, index, header, "spec"), _text(grid, index, header, "unit")
    else:
        item, spec, unit = _split_title(rest)
    return title_cell, book, number, rest, item, spec, unit


def _is_index(grid: Grid, titles: list[int]) -> bool:
    """A list sheet (일위대가목록) names every block on one row with its prices and holds no rows."""
    top = " ".join(grid.text(i, c) for i in range(min(titles[0], 6)) for c in range(grid.width))
    if "목록" in squash(grid.name) or "목록" in squash(top):
        return True
    consecutive = sum(1 for a, b in zip(titles, titles[1:]) if b == a + 1)
    return len(titles) > 2 and consecutive >= 0.8 * (len(titles) - 1)


def read_index(estimate: Estimate, grid: Grid, titles: list[int], header: Header) -> list[Block]:
    entries = []
    for index in titles:
        title_cell, book, number, rest, item, spec, unit = _identity(grid, index, header)
        try:
            prices = _kind_values(grid, index, header, "price")
            amounts = _kind_values(grid, index, header, "amount")
        except NotANumber as exc:
            estimate.unparsed.append(Unparsed(*grid.where(index), f"list entry: not a number: '{exc}'"))
            continue
        # A list gives each block's unit price per kind; some lists head those columns 금액.
        stated = {k: prices[k] if prices[k] is not None else amounts[k] for k in COST_KINDS}
        location = Location(estimate.source, *grid.where(index))
        entries.append(Block(location=location, book=book, number=number, title=rest or title_cell, item=item,
                             spec=spec, unit=unit, stated_totals=stated, total_location=location, indexed=True))
    return entries


def read_blocks(estimate: Estimate, grid: Grid) -> list[Block]:
    from .sheetkind import block_title_rows

    titles = block_title_rows(grid)
    if not titles:
        return []
    sheet_header = find_header(grid, 0, titles[0] + 1, any_money=True)
    if sheet_header is not None and _is_index(grid, titles):
        return read_index(estimate, grid, titles, sheet_header)
    blocks = []
    for n, title_index in enumerate(titles):
        end = titles[n + 1] if n + 1 < len(titles) else len(grid.rows)
        own = find_header(grid, title_index + 1, min(end, title_index + 4), any_money=True)
        header = own or sheet_header
        if header is None:
            estimate.unparsed.append(Unparsed(*grid.where(title_index),
                                              "breakdown block without a column header"))
            continue
        blocks.append(_read_block(estimate, grid, title_index, end, header, own is not None))
    return blocks


def _read_block(estimate: Estimate, grid: Grid, title_index: int, end: int, header: Header,
                own_header: bool) -> Block:
    title_cell, book, number, rest, item, spec, unit = _identity(grid, title_index, header)
    location = Location(estimate.source, *grid.where(title_index))
    block = Block(location=location, book=book, number=number, title=title_cell if not rest else rest,
                  item=item, spec=spec, unit=unit)
    first = header.end if own_header else title_index + 1
    for index in range(first, end):
        if grid.is_blank(index):
            continue
        sheet, row = grid.where(index)
        label = _text(grid, index, header, "item") or next(
            (cell_text(v) for v in grid.rows[index] if isinstance(v, str) and v.strip()), "")
        try:
            amounts = _kind_values(grid, index, header, "amount")
            prices = _kind_values(grid, index, header, "price")
            quantity = _decimal(grid, index, header.fields.get("quantity"))
        except NotANumber as exc:
            estimate.unparsed.append(Unparsed(sheet, row, f"breakdown row: not a number: '{exc}'"))
            continue
        if label and total_rank(label) is not None and quantity is None:
            block.stated_totals = {k: amounts[k] for k in COST_KINDS}
            block.total_location = Location(estimate.source, sheet, row)
            break
        if quantity is None and not any(v is not None for v in (*amounts.values(), *prices.values())):
            continue  # a note or a repeated header inside the block
        remarks = _text(grid, index, header, "remarks")
        resource = Resource(location=Location(estimate.source, sheet, row), item=label,
                            spec=_text(grid, index, header, "spec"), unit=_text(grid, index, header, "unit"),
                            quantity=quantity, prices={k: prices[k] for k in COST_KINDS},
                            amounts={k: amounts[k] for k in COST_KINDS}, remarks=remarks, rounded=_rounded(grid, header))
        reference = block_reference(remarks)
        if reference is not None:
            resource.ref, resource.ref_method = reference, "remarks"
        block.resources.append(resource)
    return block


def block_key(item: str, spec: str, unit: str) -> tuple[str, str]:
    """What identifies an item across the bill and its breakdown: words and unit, unspaced."""
    from ..units import parse_unit

    parsed = parse_unit(unit)
    return squash(item + spec), parsed.canonical or squash(unit)
