"""Tell a bill of quantities from the other sheets of an estimate, by content.

An estimate workbook also holds unit-cost breakdowns (일위대가, blocks titled 제N호표), a cost
summary (원가계산서), summary tables (집계표), price comparisons (단가대비표) and take-offs
(산출근거). Their rows look like bill lines — item, unit, quantity, price — so a sheet is
classed before any row is read, and only bills yield lines.
"""

from __future__ import annotations

import re

from .grid import Grid
from .rowroles import whole_unit
from .text import squash

BILL = "bill"
BREAKDOWN = "breakdown"
COST_SUMMARY = "cost_summary"
SUMMARY = "summary"
PRICE_COMPARISON = "price_comparison"
TAKEOFF = "takeoff"
RESOURCE_LIST = "resource_list"  # an aggregated list of materials and trades with their unit prices (합산자재)
EMPTY = "empty"
OTHER = "other"

# A block title is the first text of its row: 제3호표, 제 3 호표, 3호표, 산근 3호표, 산근3.
BLOCK_TITLE = re.compile(r"^(산근\s*)?(제\s*)?\d+\s*호\s*표|^산근\s*\d+|^제\s*\d+\s*호\s*[\s:]")

_TITLE_ROLES = (
    ("일위대가", BREAKDOWN),
    ("단가산출", BREAKDOWN),
    ("원가계산", COST_SUMMARY),
    ("집계표", SUMMARY),
    ("총괄표", SUMMARY),
    ("단가대비", PRICE_COMPARISON),
    ("산출근거", TAKEOFF),
    ("물량산출", TAKEOFF),
    ("수량산출", TAKEOFF),
    ("수량집계", TAKEOFF),
)
_COST_HEADS = ("일반관리비", "이윤", "부가가치세", "총원가", "도급액", "간접노무비", "산재보험료", "고용보험료")


def _first_text(grid: Grid, index: int) -> str:
    for value in grid.rows[index]:
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value not in (None, ""):
            return ""
    return ""


HEAD_SAMPLE_ROWS = 300


def block_title_rows(grid: Grid) -> list[int]:
    return [i for i in range(len(grid.rows)) if BLOCK_TITLE.match(_first_text(grid, i))]


def role_from_text(text: str) -> str | None:
    key = squash(text)
    if "내역" in key and "집계" not in key and "대비" not in key:
        return BILL
    for word, role in _TITLE_ROLES:
        if word in key:
            return role
    return None


def _quantified_rows(grid: Grid, header) -> tuple[int, int, int]:
    """(rows with a quantity, of them one 식 or 1 with no unit, of them with a unit of measure)."""
    quantity, unit = header.fields.get("quantity"), header.fields.get("unit")
    counted = whole = measured = 0
    for index in range(header.end, len(grid.rows)):
        value = grid.cell(index, quantity)
        if type(value) not in (int, float):
            continue
        counted += 1
        written = grid.text(index, unit) if unit is not None else ""
        if value == 1 and (not written or whole_unit(written)):
            whole += 1
        elif written and not whole_unit(written):
            measured += 1
    return counted, whole, measured


def _summary_by_content(grid: Grid, header) -> bool:
    """A summary of sections (공종별집계표, 총괄표): every row one 식 of a section, no item measured."""
    counted, whole, measured = _quantified_rows(grid, header)
    return counted >= 1 and measured == 0 and whole * 10 >= counted * 9


def _has_items(grid: Grid, header) -> bool:
    return _quantified_rows(grid, header)[2] >= 1


# Words that name an aggregated list of resources (materials, trades) with their unit prices.
_RESOURCE_WORDS = ("합산자재", "자재집계", "자재목록", "자원집계", "노임집계", "산출자재", "자재총괄")


def _names_resources(grid: Grid, top: int) -> bool:
    texts = [grid.name] + [v for i in range(min(top, len(grid.rows))) for v in grid.rows[i] if isinstance(v, str)]
    return any(word in squash(text) for text in texts for word in _RESOURCE_WORDS)


def classify(grid: Grid, header_start: int | None, header=None, figures: str = "") -> str:
    """The sheet's role. ``header_start`` is where a bill header was found, if anywhere; with the
    ``header`` itself, the rows decide between a bill and a summary whatever the sheet is called.
    ``figures`` (``columns.ColumnChoice.single_figures``): "prices" when its one figure per kind is
    a unit price, not quantity × price (a resource list); "unknown" when too few rows tell, and the
    sheet's name or title decides."""
    if all(grid.is_blank(i) for i in range(len(grid.rows))):
        return EMPTY
    if block_title_rows(grid):
        return BREAKDOWN
    if header is not None and (figures == "prices" or (
            figures == "unknown" and _names_resources(grid, header_start or 0))):
        return RESOURCE_LIST
    # Title rows above the header (or the sheet's first rows) say what the sheet is.
    top = header_start if header_start is not None else min(len(grid.rows), 8)
    for i in range(top):
        for value in grid.rows[i]:
            if isinstance(value, str) and value.strip():
                role = role_from_text(value)
                if role == SUMMARY and header is not None:
                    return SUMMARY if _summary_by_content(grid, header) else BILL
                if role is not None and role != BILL:
                    return role
    heads = set()
    # The cost heads a summary names sit in its first rows; a long bill is not read cell by cell
    # to find them (its item names may name heads too: 안전관리비, 품질관리비).
    for row in grid.rows[:HEAD_SAMPLE_ROWS]:
        for value in row:
            if isinstance(value, str):
                key = squash(value)
                heads.update(h for h in _COST_HEADS if h in key)
    if len(heads) >= 3 and header_start is None:
        return COST_SUMMARY
    name_role = role_from_text(grid.name)
    if header_start is not None:
        if name_role == SUMMARY and header is not None:
            # A sheet's name is a hint: a quotation's bill is often named 집계표.
            return SUMMARY if _summary_by_content(grid, header) else BILL
        if name_role not in (None, BILL):
            return name_role
        if len(heads) >= 4 and (header is None or not _has_items(grid, header)):
            return COST_SUMMARY  # a bill that opens with its cost heads is still a bill
        return BILL
    return name_role if name_role not in (None, BILL) else OTHER
