"""Tell a bill of quantities from the other sheets of an estimate, by content.

An estimate workbook also holds unit-cost breakdowns (일위대가, blocks titled 제N호표), a cost
summary (원가계산서), summary tables (집계표), price comparisons (단가대비표) and take-offs
(산출근거). Their rows look like bill lines — item, unit, quantity, price — so a sheet is
classed before any row is read, and only bills yield lines.
"""

from __future__ import annotations

import re

from .grid import Grid
from .text import squash

BILL = "bill"
BREAKDOWN = "breakdown"
COST_SUMMARY = "cost_summary"
SUMMARY = "summary"
PRICE_COMPARISON = "price_comparison"
TAKEOFF = "takeoff"
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


def classify(grid: Grid, header_start: int | None) -> str:
    """The sheet's role. ``header_start`` is where a bill header was found, if anywhere."""
    if all(grid.is_blank(i) for i in range(len(grid.rows))):
        return EMPTY
    if block_title_rows(grid):
        return BREAKDOWN
    # Title rows above the header (or the sheet's first rows) say what the sheet is.
    top = header_start if header_start is not None else min(len(grid.rows), 8)
    for i in range(top):
        for value in grid.rows[i]:
            if isinstance(value, str) and value.strip():
                role = role_from_text(value)
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
        if name_role not in (None, BILL):
            return name_role
        if len(heads) >= 4:
            return COST_SUMMARY
        return BILL
    return name_role if name_role not in (None, BILL) else OTHER
