"""Five real estimate workbooks (tests/data/real_estimates; provenance in SOURCES.md beside the
originals): what their bill sheets hold, row by row, read from the cells.

Every expectation here is derived in this module from the cells themselves (python_calamine, row
index i is Excel row i + 1), by one simple rule per file plus explicit exception lists with row
numbers. The rules are checked against the cells (so an edited file is noticed) and then compared
with what the reader reports:

- ``account.row_roles`` of the bill sheet: the role of every non-empty row;
- the lines (their Excel rows, their count, the money and quantity of a few named rows);
- the stated totals (``estimate.totals``): their amounts as written, the lines each one closes,
  and whether those lines reproduce it;
- the arithmetic findings of a full ``verify``.

One section per file below; generic tests over all five files at the end.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

python_calamine = pytest.importorskip("python_calamine")

DATA = Path(__file__).parent / "data" / "real_estimates"
AS_OF = date(2026, 4, 1)
COUNTED = ("certain", "probable")
MONEY_FIELDS = ("material_price", "material_amount", "labour_price", "labour_amount", "expense_price",
                "expense_amount", "total_price", "total_amount")
AMOUNT_FIELDS = ("material_amount", "labour_amount", "expense_amount", "total_amount")


# ---------------------------------------------------------------------------------------------
# Reading cells
# ---------------------------------------------------------------------------------------------

def col(letters: str) -> int:
    """0-based index of a column letter: A -> 0, Z -> 25, AA -> 26."""
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def letter(index: int) -> str:
    out, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _blank(value) -> bool:
    return value is None or value == ""


class Cells:
    """One sheet's cells, addressed by Excel row number and column letter."""

    def __init__(self, path: Path, sheet: str):
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        self.rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)

    def get(self, row: int, column: str):
        if row < 1 or row > len(self.rows):
            return ""
        cells = self.rows[row - 1]
        j = col(column)
        return cells[j] if j < len(cells) else ""

    def text(self, row: int, column: str) -> str:
        value = self.get(row, column)
        return value.strip() if isinstance(value, str) else ""

    def num(self, row: int, column: str) -> float | None:
        value = self.get(row, column)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(value)

    def won(self, row: int, column: str) -> int | None:
        """An amount or unit price as the document writes it, in integer won; None where blank."""
        value = self.num(row, column)
        if value is None:
            assert _blank(self.get(row, column)), f"row {row} {column}: not a number: {self.get(row, column)!r}"
            return None
        assert value == int(value), f"row {row} {column}: {value} is not whole won"
        return int(value)

    def filled(self, row: int) -> list[str]:
        """The columns of a row holding anything (a whitespace-only string counts: it is a value)."""
        return [letter(j) for j, v in enumerate(self.rows[row - 1]) if not _blank(v)]

    def nonempty(self) -> list[int]:
        return [i for i in range(1, len(self.rows) + 1) if self.filled(i)]

    def squashed(self, row: int, column: str) -> str:
        return re.sub(r"\s+", "", self.text(row, column))


def trunc(quantity: float, price: int) -> int:
    """quantity × unit price cut below one won toward zero (표준품셈 1-2-1)."""
    return math.trunc(Decimal(repr(quantity)) * price)


# ---------------------------------------------------------------------------------------------
# What each file's section provides
# ---------------------------------------------------------------------------------------------

@dataclass
class TotalRow:
    """A totals row as written: its amounts (None where blank) and the line rows it closes."""

    row: int
    amounts: dict[str, int | None]
    closes: list[int]


@dataclass
class Bill:
    name: str  # file name under tests/data/real_estimates
    sheet: str  # the bill sheet
    money_columns: dict[str, str]  # Money field -> column letter
    quantity_column: str
    roles: dict[int, str] = field(default_factory=dict)  # Excel row -> role, from the rule
    totals: list[TotalRow] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return DATA / self.name

    def lines(self) -> list[int]:
        return sorted(r for r, role in self.roles.items() if role == "line")

    def money(self, cells: Cells, row: int) -> dict[str, int | None]:
        return {name: cells.won(row, column) for name, column in self.money_columns.items()}


def _cells(name: str, sheet: str) -> Cells:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return Cells(path, sheet)


def _stated_total(money: dict[str, int | None]) -> int | None:
    """The row's total amount: its 합계 금액, else the sum of its kind amounts (as Money does)."""
    if money.get("total_amount") is not None:
        return money["total_amount"]
    kinds = [money[k] for k in ("material_amount", "labour_amount", "expense_amount") if money.get(k) is not None]
    return sum(kinds) if kinds else None


# =============================================================================================
# 1. cw_landscape_priced.xls, sheet 내역서 — a priced landscape bill (조경공)
#
# Row 1 the title `내 역 서`; rows 3–4 the two-row header: A 공종명, B 규격, C 수량, D 단위,
# E/F 합계 단가/금액, G/H 재료비 단가/금액, I/J 노무비 단가/금액, K/L 경비 단가/금액, M 비고
# (note: the 합계 pair comes FIRST, in E/F). Row 5 `Ⅰ. 화성 청원지구 … | 1 | 식` and row 6
# `10. 조 경 공 | 1 | 식` are the two outline levels above everything (groups). Then five
# parts `가. 소공원 1` … `마. 가로수`, each with `1). 식재`, `2). 시설물`, `3). 포장`, `4). 우수`
# headings (some carry a stray 0 in an amount column: rows 20, 28, 36, 69, 76), items `가). …`
# with quantity, unit and prices. Row 91 holds only H = 0.0 (filler). Row 109 `합계금액` closes
# the whole bill, written per kind; its price columns E/G/I/K hold the sum of the unit prices
# (a number with no meaning; not compared).
#
# Inconsistency of the document: rows 61–64, 67–68, 70–75, 77–80 (소공원 2 시설물/포장/우수)
# state a labour unit price in I with a blank labour amount J; their total amount F then equals
# the material amount H (the labour is left out), while the total unit price E still includes it
# (E = G + I). The 합계금액 row adds up the amounts as written, so it IS reproduced by the lines'
# stated amounts; the arithmetic slips are on the 16 lines.
# =============================================================================================

LANDSCAPE = Bill("cw_landscape_priced.xls", "내역서",
                 money_columns={"total_price": "E", "total_amount": "F", "material_price": "G",
                                "material_amount": "H", "labour_price": "I", "labour_amount": "J",
                                "expense_price": "K", "expense_amount": "L"},
                 quantity_column="C")
LANDSCAPE_TITLE, LANDSCAPE_HEADER, LANDSCAPE_GROUPS = [1], [3, 4], [5, 6]
LANDSCAPE_LABOUR_LEFT_OUT = [61, 62, 63, 64, 67, 68, 70, 71, 72, 73, 74, 75, 77, 78, 79, 80]


def landscape_roles(cells: Cells) -> dict[int, str]:
    """A row with a number in C (수량) and text in D (단위) is a line, except the 1 식 groups
    [5, 6]; `합계금액` in A is the total; other text in A a heading; a row with nothing but a
    zero (row 91) a filler."""
    roles = {}
    for r in cells.nonempty():
        if r in LANDSCAPE_TITLE:
            roles[r] = "title"
        elif r in LANDSCAPE_HEADER:
            roles[r] = "header"
        elif cells.num(r, "C") is not None and cells.text(r, "D"):
            roles[r] = "group" if r in LANDSCAPE_GROUPS else "line"
        elif cells.squashed(r, "A") == "합계금액":
            roles[r] = "total"
        elif cells.text(r, "A"):
            roles[r] = "heading"
        else:
            assert all(cells.num(r, c) == 0 for c in cells.filled(r)), f"row {r}: {cells.filled(r)}"
            roles[r] = "filler"
    return roles


@pytest.fixture(scope="module")
def landscape() -> tuple[Bill, Cells]:
    cells = _cells(LANDSCAPE.name, LANDSCAPE.sheet)
    bill = LANDSCAPE
    bill.roles = landscape_roles(cells)
    lines = bill.lines()
    bill.totals = [TotalRow(109, {k: cells.won(109, bill.money_columns[k]) for k in AMOUNT_FIELDS}, lines)]
    return bill, cells


def test_landscape_cells_read_as_described(landscape):
    bill, cells = landscape
    assert cells.squashed(1, "A") == "내역서"
    assert [cells.squashed(3, c) for c in "ABCDEGIKM"] == ["공종명", "규격", "수량", "단위", "합계", "재료비",
                                                          "노무비", "경비", "비고"]
    assert [cells.squashed(4, c) for c in "EFGHIJKL"] == ["단가", "금액"] * 4
    for r in LANDSCAPE_GROUPS:
        assert (cells.num(r, "C"), cells.text(r, "D")) == (1, "식")
    assert Counter(bill.roles.values()) == {"title": 1, "header": 2, "group": 2, "heading": 17, "line": 80,
                                            "total": 1, "filler": 1}
    assert len(bill.roles) == 104
    assert [r for r, role in bill.roles.items() if role == "filler"] == [91]
    assert [r for r, role in bill.roles.items() if role == "heading"] == [
        7, 8, 20, 28, 36, 43, 44, 60, 69, 76, 82, 83, 92, 93, 103, 104, 106]


def test_landscape_columns_checked_on_the_numbers(landscape):
    """H = C × G, L = C × K, J = C × I where J is written, E = G + I + K, F = H + J + L on every
    line; J is blank under a stated I exactly on the 16 rows listed."""
    bill, cells = landscape
    blank_labour = []
    for r in bill.lines():
        q, m = cells.num(r, "C"), bill.money(cells, r)
        for price, amount in (("material_price", "material_amount"), ("expense_price", "expense_amount")):
            if m[price] is not None:
                assert m[amount] == trunc(q, m[price]), (r, price)
        if m["labour_price"] is not None:
            if m["labour_amount"] is None:
                blank_labour.append(r)
            else:
                assert m["labour_amount"] == trunc(q, m["labour_price"]), r
        assert m["total_price"] == sum(m[k] or 0 for k in ("material_price", "labour_price", "expense_price")), r
        assert m["total_amount"] == sum(m[k] or 0 for k in ("material_amount", "labour_amount",
                                                            "expense_amount")), r
    assert blank_labour == LANDSCAPE_LABOUR_LEFT_OUT
    for r in LANDSCAPE_LABOUR_LEFT_OUT:
        assert cells.won(r, "F") == cells.won(r, "H")  # the total leaves the labour out
    # The rows without a labour price at all (not slips): 65, 66 and the unpriced-labour lines.
    assert [r for r in range(61, 81) if r in bill.lines() and cells.num(r, "I") is None] == [65, 66]


LANDSCAPE_SAMPLES = {
    # row: (quantity, {money field: value}) as read from the cells
    9: ("10", dict(total_price=638000, total_amount=6380000, material_price=550000, material_amount=5500000,
                   labour_price=80000, labour_amount=800000, expense_price=8000, expense_amount=80000)),
    33: ("17", dict(total_price=0, total_amount=0, material_price=None, material_amount=0, labour_price=None,
                    labour_amount=0, expense_price=None, expense_amount=0)),
    61: ("1", dict(total_price=4550000, total_amount=4300000, material_price=4300000, material_amount=4300000,
                   labour_price=250000, labour_amount=None, expense_price=None, expense_amount=None)),
    65: ("3", dict(total_price=500000, total_amount=1500000, material_price=500000, material_amount=1500000,
                   labour_price=None, labour_amount=None, expense_price=None, expense_amount=None)),
    90: ("2900", dict(total_price=11000, total_amount=31900000, material_price=5000, material_amount=14500000,
                      labour_price=6000, labour_amount=17400000, expense_price=None, expense_amount=None)),
    94: ("300", dict(total_price=500000, total_amount=150000000, material_price=45000, material_amount=13500000,
                     labour_price=450000, labour_amount=135000000, expense_price=5000, expense_amount=1500000)),
}


def test_landscape_total_is_reproduced_by_the_stated_line_amounts(landscape):
    bill, cells = landscape
    (total,) = bill.totals
    assert total.amounts == {"material_amount": 600710000, "labour_amount": 386951000,
                             "expense_amount": 30172000, "total_amount": 1017833000}
    for kind in AMOUNT_FIELDS:
        assert sum(bill.money(cells, r)[kind] or 0 for r in total.closes) == total.amounts[kind], kind
    # With the labour the 16 lines leave out, the bill would be 18,944,000 won more.
    left_out = sum(trunc(cells.num(r, "C"), cells.won(r, "I")) for r in LANDSCAPE_LABOUR_LEFT_OUT)
    assert left_out == 18944000


def landscape_arithmetic(bill: Bill, cells: Cells) -> dict[int, int]:
    """The arithmetic slips: over_won = stated total − (H + C × I + L) on the rows leaving the
    labour out (quantity × labour price cut to the won, negative: the document under-states)."""
    out = {}
    for r in LANDSCAPE_LABOUR_LEFT_OUT:
        m = bill.money(cells, r)
        correct = (m["material_amount"] or 0) + trunc(cells.num(r, "C"), m["labour_price"]) + (
            m["expense_amount"] or 0)
        out[r] = m["total_amount"] - correct
    return out


# =============================================================================================
# 2. cw_civil_blank.xls, sheet 내역서 — a blank civil bill (공내역서 토목)
#
# Same grid as the landscape bill (A 공종명, B 규격, C 수량, D 단위, E–L the money pairs,
# M 비고), but nothing is written beyond D on any row after the header: no prices, no amounts,
# no totals. Row 1 title, rows 3–4 header. Row 5 `Ⅰ. 화성 청원지구 …` and rows 6–15 (the run
# `1. 토 공` … `10. 조 경 공`, all `1 | 식`) list the sections; each section then appears with
# its own `N. … | 1 | 식` row (17, 106, 253, 326, 461, 568, 623, 692, 778; `10. 조 경 공` is
# listed but never detailed: it is the landscape bill), `▣ 품질관리비` (797) and
# `▣ 제경비 제외공종` (807) with its own list (808–809) and sections (811, 815): all groups.
# Below them, headings `가. …`, `1). …` without quantity (three with a count in 규격:
# `1). 수목관리 | 386주` (89), `바. 과속방지턱 | 5개소` (493), `사. 고원식횡단보도 | 2개소`
# (500)) and items with quantity and unit — among them the `1 | 식` items at the deepest level
# (e.g. 690 `가). 중기운반비 | L=10.0KM | 1 | 식`, 799 `1). 품질시험 | 1 | sum`), and quantity-0
# items (45, 112): lines.
# =============================================================================================

CIVIL = Bill("cw_civil_blank.xls", "내역서",
             money_columns=dict(LANDSCAPE.money_columns), quantity_column="C")
CIVIL_TITLE, CIVIL_HEADER = [1], [3, 4]
CIVIL_GROUPS = [5, *range(6, 16), 17, 106, 253, 326, 461, 568, 623, 692, 778, 797, 807, 808, 809, 811, 815]


def civil_roles(cells: Cells) -> dict[int, str]:
    """A row with a number in C (수량) and text in D (단위) is a line, except the groups listed;
    any other row (text in A, nothing in C) is a heading."""
    roles = {}
    for r in cells.nonempty():
        if r in CIVIL_TITLE:
            roles[r] = "title"
        elif r in CIVIL_HEADER:
            roles[r] = "header"
        elif cells.num(r, "C") is not None and cells.text(r, "D"):
            roles[r] = "group" if r in CIVIL_GROUPS else "line"
        else:
            assert cells.text(r, "A") and cells.num(r, "C") is None, r
            roles[r] = "heading"
    return roles


@pytest.fixture(scope="module")
def civil() -> tuple[Bill, Cells]:
    cells = _cells(CIVIL.name, CIVIL.sheet)
    CIVIL.roles = civil_roles(cells)
    CIVIL.totals = []
    return CIVIL, cells


def test_civil_cells_read_as_described(civil):
    bill, cells = civil
    assert [cells.squashed(3, c) for c in "ABCDEGIKM"] == ["공종명", "규격", "수량", "단위", "합계", "재료비",
                                                          "노무비", "경비", "비고"]
    for r in CIVIL_GROUPS:
        assert (cells.num(r, "C"), cells.text(r, "D")) == (1, "식"), r
    # Nothing beyond 단위 on any row below the header: a blank bill.
    assert all(set(cells.filled(r)) <= set("ABCD") for r in cells.nonempty() if r > 4)
    # The section list (6–15) and the sections themselves carry the same names.
    listed = [cells.squashed(r, "A") for r in range(6, 15)]
    assert listed == [cells.squashed(r, "A") for r in (17, 106, 253, 326, 461, 568, 623, 692, 778)]
    assert Counter(bill.roles.values()) == {"title": 1, "header": 2, "group": 26, "heading": 207, "line": 513}
    assert len(bill.roles) == 749
    assert [r for r in bill.lines() if cells.num(r, "C") == 0] == [45, 112]
    assert [r for r in bill.lines() if (cells.num(r, "C"), cells.text(r, "D")) == (1, "식")] == [
        197, 690, 723, 726, 727, 728, 729, 730, 733, 734, 737, 802, 803, 804, 805, 813, 816, 817]
    assert [r for r, role in bill.roles.items() if role == "heading" and cells.text(r, "B")] == [89, 493, 500]


CIVIL_SAMPLES = {
    20: ("22891", dict.fromkeys(MONEY_FIELDS)),
    45: ("0", dict.fromkeys(MONEY_FIELDS)),
    164: ("1.563", dict.fromkeys(MONEY_FIELDS)),
    690: ("1", dict.fromkeys(MONEY_FIELDS)),
    799: ("1", dict.fromkeys(MONEY_FIELDS)),
    795: ("3115.12", dict.fromkeys(MONEY_FIELDS)),
}


# =============================================================================================
# 3. cw_accessroad_blank.xls, sheet 내역서 — a blank access-road bill from an estimating program
#
# Row 1 title `내역서`; rows 2–3 header: A 공종명, B 규격, C 수량, D 단위, E/F 재료비 단가/금액,
# G/H 노무비, I/J 경비, K/L 합계 (here the 합계 pair comes LAST), M 비고; columns beyond M are
# the program's own fields (N a price-list code, O the block code A001…, P a sequence number,
# Q `*`/`S`, R the item code, S–Y 할증/화폐변환/OP값/EQ/LA/MA/금액계상 with formulas in X,
# Z–AB zeros). No money is written anywhere in E–L: a blank bill.
#
# Rows 4–31 are the cost summary written as rows of the bill: row 4 `화성 청원지구 … | 진입도로
# | 1 | 식` (A001, the whole estimate: group), row 5 `Ⅰ. 화성 청원지구 … | 1 | 식` (R = A002:
# the direct-cost section listed here, detailed from row 33: group), `▶ 직접공사비 계` (7),
# the heads `1. 간접노무비 | 직접노무비 * 19.1 %` … `14. 기타경비` (8–21, with 10. 안전관리비
# | P.S and 11. 품질관리비 without a rate), `▶ 간접공사비 계` (22), `▶ 소 계` (23),
# `17. 일반관리비` and `18. 이 윤` (24–25), `▶ 합 계` (26), `20. 부가가치세` (27),
# `▶ 도급공사비 | 1 | 식` (28), `▣ 총 계` (30). Rows 33–39 list the six sections (groups),
# each detailed below under its `N. … | 1 | 식` row (42, 92, 154, 203, 287, 319), then
# `▣ 안전관리비 | 1 | P.S` (331) and `▣ 품질관리비 | 1 | 식` (336) head their items. Rows with
# `   ` in A and only a sequence number in P (and `S` in Q) separate the blocks: fillers.
# =============================================================================================

ROAD = Bill("cw_accessroad_blank.xls", "내역서",
            money_columns={"material_price": "E", "material_amount": "F", "labour_price": "G",
                           "labour_amount": "H", "expense_price": "I", "expense_amount": "J",
                           "total_price": "K", "total_amount": "L"},
            quantity_column="C")
ROAD_TITLE, ROAD_HEADER = [1], [2, 3]
ROAD_GROUPS = [4, 5, *range(33, 40), 42, 92, 154, 203, 287, 319, 331, 336]
ROAD_COST_HEADS = [*range(8, 22), 24, 25, 27]
ROAD_TOTALS = [7, 22, 23, 26, 28, 30]


def road_roles(cells: Cells) -> dict[int, str]:
    """A row with a number in C (수량) and text in D (단위) is a line, except the groups, the
    cost heads and `▶ 도급공사비` listed; `▶ …` and `▣ 총 계` are totals; a row whose A is blank
    (or spaces) with nothing in B–M a filler; other text in A a heading."""
    roles = {}
    for r in cells.nonempty():
        a = cells.squashed(r, "A")
        if r in ROAD_TITLE:
            roles[r] = "title"
        elif r in ROAD_HEADER:
            roles[r] = "header"
        elif a.startswith("▶") or a == "▣총계":
            roles[r] = "total"
        elif cells.num(r, "C") is not None and cells.text(r, "D"):
            roles[r] = ("group" if r in ROAD_GROUPS else "cost_head" if r in ROAD_COST_HEADS else "line")
        elif not a:
            assert not set(cells.filled(r)) & set("BCDEFGHIJKLM"), r
            roles[r] = "filler"
        else:
            roles[r] = "heading"
    return roles


@pytest.fixture(scope="module")
def road() -> tuple[Bill, Cells]:
    cells = _cells(ROAD.name, ROAD.sheet)
    ROAD.roles = road_roles(cells)
    # Blank totals: nothing is stated, so nothing to reproduce. (Which rows each closes, as a
    # cost engineer reads the block: 직접공사비 계 = the direct-cost section, row 5 → rows 33–;
    # 간접공사비 계 = heads 8–21; 소계 = 7 + 22; 합계 = 23 + 24 + 25; 도급공사비 = 26 + 27;
    # 총계 = 28. Not asserted on the reader: none of them carries an amount.)
    ROAD.totals = [TotalRow(r, {k: cells.won(r, ROAD.money_columns[k]) for k in AMOUNT_FIELDS}, None)
                   for r in ROAD_TOTALS]
    return ROAD, cells


def test_road_cells_read_as_described(road):
    bill, cells = road
    assert [cells.squashed(2, c) for c in "ABCDEGIKM"] == ["공종명", "규격", "수량", "단위", "재료비", "노무비",
                                                          "경비", "합계", "비고"]
    assert [cells.squashed(3, c) for c in "EFGHIJKL"] == ["단가", "금액"] * 4
    for r in ROAD_GROUPS + ROAD_COST_HEADS:
        assert cells.num(r, "C") == 1 and cells.text(r, "D") in ("식", "P.S"), r
    # The heads with a base and rate in B, and the two without (안전관리비 P.S, 품질관리비).
    assert [r for r in ROAD_COST_HEADS if not cells.text(r, "B")] == [17, 18]
    assert cells.text(17, "A").endswith("안전관리비") and cells.text(17, "D") == "P.S"
    assert cells.text(27, "A").endswith("부가가치세")
    # Blank: nothing in E–L below the header.
    assert all(not set(cells.filled(r)) & set("EFGHIJKL") for r in cells.nonempty() if r > 3)
    assert Counter(bill.roles.values()) == {"title": 1, "header": 2, "group": 17, "cost_head": 17, "total": 6,
                                            "heading": 92, "filler": 40, "line": 155}
    assert len(bill.roles) == 330
    assert [r for r in bill.lines() if cells.num(r, "C") == 0] == [49, 313, 314, 315]


ROAD_SAMPLES = {
    45: ("1418", dict.fromkeys(MONEY_FIELDS)),
    71: ("1266", dict.fromkeys(MONEY_FIELDS)),  # zeros only in the program's V/W/X
    122: ("1.158", dict.fromkeys(MONEY_FIELDS)),
    313: ("0", dict.fromkeys(MONEY_FIELDS)),
    328: ("1", dict.fromkeys(MONEY_FIELDS)),  # 가). 중기운반비 | L=10.0KM | 1 | 식
    332: ("1", dict.fromkeys(MONEY_FIELDS)),  # 1). 안전관리계획작성 및 검토비 | 1 | P.S
    338: ("1", dict.fromkeys(MONEY_FIELDS)),  # 1). 품질시험 | 1 | sum
}


# =============================================================================================
# 4. cw_elec_in_blank.xlsx, sheet 내역서 — an electrical bill from an estimating program
#
# Row 1 `총줄수-> | 341 | 2.0 | [ 화성 청원지구 전기공사 ]` (title; W/AA hold the labels of the
# program's helper columns); rows 2–3 header: A 번호, B 공종코드, C 코드, D 명칭, E 규격, F 단위,
# G 수량, H/I 재료비 단가/금액, J/K/L 노무비 수량/단가/금액, M/N 경비 단가/금액, O 합계 단가
# (empty on every row), P 계 (the total amount), Q 비고 (일위대가 호표); W–AE helper columns.
# Sections open with `공종줄 | 1.전기공사 (지구내)::1-1.가로등설비공사` (heading) and close with
# `합계줄 | ( 합 계 )` (total of the lines since the 공종줄). The 지구내 part (1-1 … 1-5, rows
# 4–211) is blank: quantities only, its 합계줄 rows blank (55, 107, 133, 185) or zero (211); the
# 지구외 part (2-1 … 2-3, rows 212–341) is priced. Padding rows hold only zeros in I/L/N/P or a
# lone AE = 0.0 (fillers).
#
# J (노무비 수량) equals G on every priced line except four cable rows where G carries the cable
# waste allowance (218: 263 / 256, 219: 52 / 51, 220: 1056 / 1026, 270: 57 / 56); those rows have
# a 0 labour price, so the labour amount is 0 either way. I = G × H, L = J × K, N = G × M and
# P = I + L + N on every line.
# =============================================================================================

ELEC = Bill("cw_elec_in_blank.xlsx", "내역서",
            money_columns={"material_price": "H", "material_amount": "I", "labour_price": "K",
                           "labour_amount": "L", "expense_price": "M", "expense_amount": "N",
                           "total_price": "O", "total_amount": "P"},
            quantity_column="G")
ELEC_TITLE, ELEC_HEADER = [1], [2, 3]
ELEC_WASTE_ALLOWANCE = [218, 219, 220, 270]


def elec_roles(cells: Cells) -> dict[int, str]:
    """`공종줄` in B is a heading, `합계줄` in B a total; a row with a number in G (수량) and a
    name in D is a line (one, 177 `크레인 | 10톤 | 6`, has no unit); anything else holds only
    zeros and is a filler."""
    roles = {}
    for r in cells.nonempty():
        if r in ELEC_TITLE:
            roles[r] = "title"
        elif r in ELEC_HEADER:
            roles[r] = "header"
        elif cells.text(r, "B") == "공종줄":
            roles[r] = "heading"
        elif cells.text(r, "B") == "합계줄":
            roles[r] = "total"
        elif cells.num(r, "G") is not None and cells.text(r, "D"):
            roles[r] = "line"
        else:
            assert all(cells.num(r, c) == 0 for c in cells.filled(r)), (r, cells.filled(r))
            roles[r] = "filler"
    return roles


def _sections_closed(bill: Bill, cells: Cells, opens) -> list[TotalRow]:
    """Each total row with the lines since the row that opens its section."""
    totals, current = [], []
    for r in sorted(bill.roles):
        role = bill.roles[r]
        if opens(r):
            current = []
        elif role == "line":
            current.append(r)
        elif role == "total":
            totals.append(TotalRow(r, {k: cells.won(r, bill.money_columns[k]) for k in AMOUNT_FIELDS}, current))
            current = []
    return totals


@pytest.fixture(scope="module")
def elec() -> tuple[Bill, Cells]:
    cells = _cells(ELEC.name, ELEC.sheet)
    ELEC.roles = elec_roles(cells)
    ELEC.totals = _sections_closed(ELEC, cells, lambda r: cells.text(r, "B") == "공종줄")
    return ELEC, cells


def test_elec_cells_read_as_described(elec):
    bill, cells = elec
    assert cells.text(1, "A") == "총줄수->" and cells.text(1, "D") == "[ 화성 청원지구 전기공사 ]"
    assert [cells.squashed(2, c) for c in "DEFGHJMPQ"] == ["명칭", "규격", "단위", "수량", "재료비", "노무비",
                                                          "경비", "계", "비고"]
    assert [cells.squashed(3, c) for c in "HIJKLMNO"] == ["단가", "금액", "수량", "단가", "금액", "단가", "금액",
                                                         "단가"]
    assert Counter(bill.roles.values()) == {"title": 1, "header": 2, "heading": 8, "total": 8, "line": 209,
                                            "filler": 80}
    assert len(bill.roles) == 308
    assert [r for r in bill.lines() if not cells.text(r, "F")] == [177]
    assert [r for r, role in bill.roles.items() if role == "filler" and cells.filled(r) == ["AE"]] == [44, 89, 178]


def test_elec_columns_checked_on_the_numbers(elec):
    bill, cells = elec
    priced = [r for r in bill.lines() if cells.num(r, "P") is not None]
    assert priced == [r for r in bill.lines() if r > 212]
    for r in priced:
        g, j, m = cells.num(r, "G"), cells.num(r, "J"), bill.money(cells, r)
        assert m["total_price"] is None
        if m["material_price"] is not None:
            assert m["material_amount"] == trunc(g, m["material_price"]), r
        if m["labour_price"] is not None:
            assert m["labour_amount"] == trunc(j, m["labour_price"]), r
        if m["expense_price"] is not None:
            assert m["expense_amount"] == trunc(g, m["expense_price"]), r
        assert m["total_amount"] == sum(m[k] or 0 for k in ("material_amount", "labour_amount", "expense_amount"))
    assert [r for r in priced if cells.num(r, "J") != cells.num(r, "G")] == ELEC_WASTE_ALLOWANCE
    assert all(cells.won(r, "K") == 0 and cells.won(r, "L") == 0 for r in ELEC_WASTE_ALLOWANCE)
    # The blank part: quantities only (a few helper zeros in AB/AC beyond 비고).
    assert all(not set(cells.filled(r)) & set("HIJKLMNOP") for r in bill.lines() if r < 212)


def test_elec_totals_read_as_described(elec):
    bill, cells = elec
    got = {t.row: (t.amounts, t.closes[0], t.closes[-1], len(t.closes)) for t in bill.totals}
    none = dict.fromkeys(AMOUNT_FIELDS)
    assert got == {
        55: (none, 5, 43, 39), 107: (none, 57, 88, 32), 133: (none, 109, 132, 24), 185: (none, 135, 177, 43),
        211: (dict.fromkeys(AMOUNT_FIELDS, 0), 187, 187, 1),
        263: ({"material_amount": 107230642, "labour_amount": 45325499, "expense_amount": 1944213,
               "total_amount": 154500354}, 213, 244, 32),
        315: ({"material_amount": 34517753, "labour_amount": 15392717, "expense_amount": 100126,
               "total_amount": 50010596}, 265, 301, 37),
        341: ({"material_amount": 23670000, "labour_amount": 0, "expense_amount": 0,
               "total_amount": 23670000}, 317, 317, 1),
    }


ELEC_SAMPLES = {
    5: ("2061", dict.fromkeys(MONEY_FIELDS)),
    177: ("6", dict.fromkeys(MONEY_FIELDS)),  # 크레인 | 10톤, no unit
    213: ("1313", dict(material_price=945, material_amount=1240785, labour_price=9002, labour_amount=11819626,
                       expense_price=0, expense_amount=0, total_price=None, total_amount=13060411)),
    218: ("263", dict(material_price=4423, material_amount=1163249, labour_price=0, labour_amount=0,
                      expense_price=0, expense_amount=0, total_price=None, total_amount=1163249)),
    226: ("529.22", dict(material_price=501, material_amount=265139, labour_price=4659, labour_amount=2465635,
                         expense_price=483, expense_amount=255613, total_price=None, total_amount=2986387)),
    301: ("6", dict(material_price=None, material_amount=0, labour_price=None, labour_amount=0,
                    expense_price=None, expense_amount=0, total_price=None, total_amount=0)),
    317: ("1", dict(material_price=23670000, material_amount=23670000, labour_price=0, labour_amount=0,
                    expense_price=0, expense_amount=0, total_price=None, total_amount=23670000)),
}


def test_elec_aggregated_resource_sheet_yields_no_lines(elec_estimate):
    """합산자재 is an aggregated resource list (quantities and one unit price per resource, summed
    over the whole estimate): not a bill."""
    cells = _cells(ELEC.name, "합산자재")
    assert cells.text(1, "C").endswith("합산자재목록")
    estimate = _estimate_or_fail(elec_estimate, ELEC)
    assert [line.location.row for line in estimate.lines if line.location.sheet == "합산자재"] == []


# =============================================================================================
# 5. gsb_office2020_design.xlsx, sheet 공종별내역서 — an office-building bill (공사비닷컴 program)
#
# Row 1 `[ 업무시설 ]` in I (title; BF/BH `지하층`/`지상층` label helper columns); rows 2–3 header:
# A 대분류, B 중분류, C 소분류, D 층분류, E 주요실, F 수식관련, I 품명, J 규격, K 단위, L 수량,
# M/N 재료비 단가/금액, O/P 노무비, Q/R 경비, S/T 합계, U 비고; V 품목코드 and V–BK the
# program's fields (공종코드 Y, 일위/단산/자재 flags, JUK1…, per-floor quantities BF–BK).
# Fifteen 공종 sections 0101 … 0115: each opens with its name written in the item column (I = A,
# e.g. `0101  공통 가설 공사`: heading), has items (lines: number in L, unit in K), sub-headings
# `[ 지 하 공 사 ]`, `[ 바닥 미장 ]` … with zero amounts (headings), padding rows that hold only
# the section's label repeated in A (fillers; row 328 also holds per-floor helper numbers in
# BH–BK), and closes with `[ 합 계 ]` (total of the section's lines, per kind). No grand total
# on this sheet (공종별집계표 holds it).
#
# N = L × M, P = L × O, R = L × Q (cut to the won, toward zero for the two negative 작업설
# rows 65 and 82), S = M + O + Q, T = N + P + R on every line; T is NOT L × S on 12 rows, where
# the sum of the three truncated amounts is 1–2 won below the product (consistent: the kinds
# are cut one by one).
# =============================================================================================

OFFICE = Bill("gsb_office2020_design.xlsx", "공종별내역서",
              money_columns={"material_price": "M", "material_amount": "N", "labour_price": "O",
                             "labour_amount": "P", "expense_price": "Q", "expense_amount": "R",
                             "total_price": "S", "total_amount": "T"},
              quantity_column="L")
OFFICE_TITLE, OFFICE_HEADER = [1], [2, 3]
OFFICE_TOTAL_BELOW_PRODUCT = [30, 31, 58, 64, 66, 67, 68, 76, 83, 84, 87, 88]


def office_roles(cells: Cells) -> dict[int, str]:
    """A row with a number in L (수량) and text in K (단위) is a line; `[ 합 계 ]` in I a total;
    the section name in I (= A) or a bracketed sub-title in I a heading; a row with nothing in
    B–U (only A, the repeated 대분류 label) a filler."""
    roles = {}
    for r in cells.nonempty():
        item = cells.squashed(r, "I")
        if r in OFFICE_TITLE:
            roles[r] = "title"
        elif r in OFFICE_HEADER:
            roles[r] = "header"
        elif cells.num(r, "L") is not None and cells.text(r, "K"):
            roles[r] = "line"
        elif item == "[합계]":
            roles[r] = "total"
        elif item and (item == cells.squashed(r, "A") or item.startswith("[")):
            roles[r] = "heading"
        else:
            assert cells.text(r, "A") and not set(cells.filled(r)) & {letter(j) for j in range(1, 21)}, r
            roles[r] = "filler"
    return roles


@pytest.fixture(scope="module")
def office() -> tuple[Bill, Cells]:
    cells = _cells(OFFICE.name, OFFICE.sheet)
    OFFICE.roles = office_roles(cells)
    OFFICE.totals = _sections_closed(OFFICE, cells, lambda r: cells.squashed(r, "I") == cells.squashed(r, "A"))
    return OFFICE, cells


def test_office_cells_read_as_described(office):
    bill, cells = office
    assert cells.text(1, "I") == "[ 업무시설 ]"
    assert [cells.squashed(2, c) for c in "ABIJKLMOQSU"] == ["대분류", "중분류", "품명", "규격", "단위", "수량",
                                                            "재료비", "노무비", "경비", "합계", "비고"]
    assert [cells.squashed(3, c) for c in "MNOPQRST"] == ["단가", "금액"] * 4
    assert Counter(bill.roles.values()) == {"title": 1, "header": 2, "heading": 25, "line": 162, "total": 15,
                                            "filler": 179}
    assert len(bill.roles) == 384
    zero_headings = [r for r, role in bill.roles.items() if role == "heading" and cells.squashed(r, "I") !=
                     cells.squashed(r, "A")]
    assert zero_headings == [53, 72, 85, 243, 248, 254, 271, 315, 318, 322]
    assert all(bill.money(cells, r) == dict.fromkeys(MONEY_FIELDS, 0) for r in zero_headings)
    assert [r for r, role in bill.roles.items() if role == "filler" and cells.filled(r) != ["A"]] == [328]


def test_office_columns_checked_on_the_numbers(office):
    bill, cells = office
    below = []
    for r in bill.lines():
        q, m = cells.num(r, "L"), bill.money(cells, r)
        for kind in ("material", "labour", "expense"):
            assert m[f"{kind}_amount"] == trunc(q, m[f"{kind}_price"]), (r, kind)
        assert m["total_price"] == m["material_price"] + m["labour_price"] + m["expense_price"], r
        assert m["total_amount"] == m["material_amount"] + m["labour_amount"] + m["expense_amount"], r
        if m["total_amount"] != trunc(q, m["total_price"]):
            below.append(r)
            assert 1 <= trunc(q, m["total_price"]) - m["total_amount"] <= 2, r
    assert below == OFFICE_TOTAL_BELOW_PRODUCT
    assert [r for r in bill.lines() if cells.num(r, "L") < 0] == [65, 82]


def test_office_totals_read_as_described(office):
    bill, cells = office
    assert [(t.row, t.closes[0], t.closes[-1], len(t.closes)) for t in bill.totals] == [
        (27, 5, 9, 5), (51, 29, 40, 12), (99, 54, 88, 33), (123, 101, 104, 4), (145, 125, 139, 15),
        (169, 147, 155, 9), (193, 171, 186, 16), (217, 195, 195, 1), (241, 219, 226, 8), (265, 244, 257, 12),
        (289, 267, 278, 11), (313, 291, 301, 11), (337, 316, 327, 10), (360, 339, 350, 12), (384, 362, 364, 3)]
    assert bill.totals[2].amounts == {"material_amount": 890257458, "labour_amount": 1271528867,
                                      "expense_amount": 29266939, "total_amount": 2191053264}
    # The fifteen sections add up to the 공종별집계표 total (its row 27), 5,173,712,389 won.
    assert sum(t.amounts["total_amount"] for t in bill.totals) == 5173712389


OFFICE_SAMPLES = {
    5: ("130", dict(material_price=0, material_amount=0, labour_price=0, labour_amount=0, expense_price=54703,
                    expense_amount=7111390, total_price=54703, total_amount=7111390)),
    29: ("616", dict(material_price=584, material_amount=359744, labour_price=6145, labour_amount=3785320,
                     expense_price=0, expense_amount=0, total_price=6729, total_amount=4145064)),
    65: ("-7.0270568994706535", dict(material_price=140000, material_amount=-983787, labour_price=0,
                                     labour_amount=0, expense_price=0, expense_amount=0, total_price=140000,
                                     total_amount=-983787)),
    87: ("173.787", dict(material_price=658, material_amount=114351, labour_price=5445, labour_amount=946270,
                         expense_price=1005, expense_amount=174655, total_price=7108, total_amount=1235276)),
    136: ("2174", dict(material_price=56991, material_amount=123898434, labour_price=100082,
                       labour_amount=217578268, expense_price=3002, expense_amount=6526348, total_price=160075,
                       total_amount=348003050)),
    364: ("3097", dict(material_price=0, material_amount=0, labour_price=0, labour_amount=0, expense_price=1360,
                       expense_amount=4211920, total_price=1360, total_amount=4211920)),
}


# =============================================================================================
# Generic tests over the five bills
# =============================================================================================

BILLS = {"landscape": (LANDSCAPE, LANDSCAPE_SAMPLES), "civil": (CIVIL, CIVIL_SAMPLES),
         "road": (ROAD, ROAD_SAMPLES), "elec": (ELEC, ELEC_SAMPLES), "office": (OFFICE, OFFICE_SAMPLES)}
EXPECTED_LINES = {"landscape": 80, "civil": 513, "road": 155, "elec": 209, "office": 162}


@pytest.fixture(scope="module")
def read_cache() -> dict:
    return {}


def _read(cache: dict, bill: Bill):
    """The reader's estimate of a file, or the exception it raised (reported as the test's failure)."""
    if not bill.path.exists():
        pytest.skip(f"{bill.path} is not present")
    if bill.name not in cache:
        from estimator.readers import read

        try:
            cache[bill.name] = read(bill.path)
        except Exception as exc:  # the reader's failure, not this module's
            cache[bill.name] = exc
    return cache[bill.name]


def _estimate_or_fail(estimate, bill: Bill):
    if isinstance(estimate, Exception):
        pytest.fail(f"the reader could not read {bill.name}: {estimate!r}")
    return estimate


@pytest.fixture(scope="module")
def elec_estimate(read_cache):
    return _read(read_cache, ELEC)


@pytest.fixture(params=list(BILLS), scope="module")
def case(request, read_cache):
    """(key, bill with its expectations, cells, samples, the reader's estimate)."""
    key = request.param
    bill, samples = BILLS[key]
    bill, cells = request.getfixturevalue(key)
    return key, bill, cells, samples, _read(read_cache, bill)


def _account(estimate, bill: Bill):
    accounts = [s for s in estimate.sheets if s.name == bill.sheet]
    if not accounts:
        pytest.fail(f"{bill.name}: the reader gives no account of sheet {bill.sheet!r} "
                    f"(sheets: {[s.name for s in estimate.sheets]})")
    return accounts[0]


def _lines_on(estimate, bill: Bill) -> dict[int, object]:
    return {line.location.row: line for line in estimate.lines if line.location.sheet == bill.sheet}


def _line_rows(entry) -> list[int]:
    """The rows of the lines beneath a stated total, through any totals nested in it."""
    from estimator.model import StatedTotal

    rows = []
    for child in entry.children:
        rows += _line_rows(child) if isinstance(child, StatedTotal) else [child.location.row]
    return rows


def _lines_of(entry) -> list:
    from estimator.model import StatedTotal

    lines = []
    for child in entry.children:
        lines += _lines_of(child) if isinstance(child, StatedTotal) else [child]
    return lines


def test_every_nonempty_row_has_its_role(case):
    key, bill, cells, _, estimate = case
    estimate = _estimate_or_fail(estimate, bill)
    account = _account(estimate, bill)
    reported = {row: role for (sheet, row), role in account.row_roles.items() if sheet == bill.sheet}
    assert set(bill.roles) == set(cells.nonempty())
    missing = sorted(set(bill.roles) - set(reported))
    extra = sorted(set(reported) - set(bill.roles))
    wrong = {r: (reported[r], bill.roles[r]) for r in sorted(set(reported) & set(bill.roles))
             if reported[r] != bill.roles[r]}
    assert (missing, extra, wrong) == ([], [], {}), (
        f"{bill.name} {bill.sheet}: rows without a role {missing[:20]}, roles on empty rows {extra[:20]}, "
        f"(reported, expected) {dict(list(wrong.items())[:20])}")
    assert Counter(reported.values()) == Counter(bill.roles.values())
    assert account.nonempty_rows == len(bill.roles)
    assert "unparsed" not in reported.values()


def test_line_count_and_rows(case):
    key, bill, cells, _, estimate = case
    estimate = _estimate_or_fail(estimate, bill)
    expected = bill.lines()
    assert len(expected) == EXPECTED_LINES[key]
    got = _lines_on(estimate, bill)
    assert sorted(got) == expected, (f"{bill.name}: lines not read {sorted(set(expected) - set(got))[:20]}, "
                                     f"read but not lines {sorted(set(got) - set(expected))[:20]}")
    assert _account(estimate, bill).lines == len(expected)


def test_named_lines_money_and_quantity(case):
    key, bill, cells, samples, estimate = case
    # The sample tables are what the cells say (checked here), then what the reader must report.
    for row, (quantity, money) in samples.items():
        assert bill.roles[row] == "line", row
        assert cells.num(row, bill.quantity_column) == float(quantity), row
        assert bill.money(cells, row) == money, row
    estimate = _estimate_or_fail(estimate, bill)
    lines = _lines_on(estimate, bill)
    for row, (quantity, money) in samples.items():
        assert row in lines, f"{bill.name}: row {row} is not read as a line"
        line = lines[row]
        assert isinstance(line.quantity, Decimal), (row, line.quantity)
        assert float(line.quantity) == float(quantity), (row, line.quantity)
        assert {name: getattr(line.money, name) for name in MONEY_FIELDS} == money, row


def test_all_line_money_equals_the_cells(case):
    key, bill, cells, _, estimate = case
    estimate = _estimate_or_fail(estimate, bill)
    lines = _lines_on(estimate, bill)
    wrong = {}
    for row in bill.lines():
        if row not in lines:
            continue  # reported by test_line_count_and_rows
        got = {name: getattr(lines[row].money, name) for name in MONEY_FIELDS}
        quantity = lines[row].quantity
        if got != bill.money(cells, row) or quantity is None or float(quantity) != cells.num(
                row, bill.quantity_column):
            wrong[row] = (quantity, got)
    assert not wrong, f"{bill.name}: {len(wrong)} lines differ from the cells, e.g. {dict(list(wrong.items())[:5])}"


def test_stated_totals(case):
    """Every total row is a StatedTotal whose amounts are the cells; where it closes lines, they are
    the lines expected and their stated totals reproduce it."""
    from estimator.model import StatedTotal

    key, bill, cells, _, estimate = case
    # The document's own consistency, from the cells.
    for total in bill.totals:
        if total.closes is None:
            assert total.amounts == dict.fromkeys(AMOUNT_FIELDS), total.row
            continue
        for kind in AMOUNT_FIELDS:
            if total.amounts[kind] is not None:
                assert sum(bill.money(cells, r)[kind] or 0 for r in total.closes) == total.amounts[kind], (
                    total.row, kind)
    estimate = _estimate_or_fail(estimate, bill)
    stated = {t.location.row: t for t in estimate.totals if t.location.sheet == bill.sheet}
    # Totals that close no lines (▶ 간접공사비 계 … ▣ 총 계 among the cost heads on top of a bill) are
    # the cost summary's rows: kept with the bill's cost heads, never totals over its lines.
    summary_rows = {h["row"]: h for h in estimate.attributes.get("bill_cost_heads", []) if h["sheet"] == bill.sheet
                    and h["total"]}
    assert sorted(summary_rows) == [t.row for t in bill.totals if t.closes is None]
    assert all(h["amount"] is None for h in summary_rows.values())
    assert sorted(stated) == [t.row for t in bill.totals if bill.roles[t.row] == "total" and t.closes is not None]
    for total in bill.totals:
        if total.closes is None:
            continue
        got = stated[total.row]
        assert isinstance(got, StatedTotal)
        assert {k: getattr(got.money, k) for k in AMOUNT_FIELDS} == total.amounts, total.row
        if total.closes is None:
            continue
        assert sorted(_line_rows(got)) == total.closes, total.row
        if _stated_total(total.amounts) is not None:
            assert sum(line.money.stated_total() or 0 for line in _lines_of(got)) == _stated_total(
                total.amounts), total.row


def test_arithmetic_findings_of_a_full_verify(case):
    key, bill, cells, _, _ = case
    from estimator.verify import verify

    expected = landscape_arithmetic(bill, cells) if key == "landscape" else {}
    if key == "landscape":
        assert expected == {61: -250000, 62: -250000, 63: -250000, 64: -600000, 67: -600000, 68: -115000,
                            70: -1830000, 71: -378000, 72: -5070000, 73: -1125000, 74: -4374000, 75: -522000,
                            77: -800000, 78: -200000, 79: -820000, 80: -1760000}
    try:
        report = verify(bill.path, as_of=AS_OF)
    except Exception as exc:
        pytest.fail(f"verify could not run on {bill.name}: {exc!r}")
    arithmetic = [f for f in report.findings if f.rule == "arithmetic"]
    counted = {f.location.row: f.over_won for f in arithmetic if f.confidence in COUNTED}
    assert counted == expected, [(f.location.sheet, f.location.row, f.over_won, f.confidence) for f in arithmetic]
    if key == "landscape":
        # Exactly those: nothing else of the rule, at any confidence, and all on the bill sheet.
        assert sorted((f.location.sheet, f.location.row) for f in arithmetic) == [
            (bill.sheet, r) for r in sorted(expected)]
        assert all(f.confidence == "certain" for f in arithmetic)
