"""Realistic 설계내역서 workbooks together with their exact expected reading.

Each ``build_*`` function writes one .xlsx in a layout seen in real Korean public-contract
estimates and returns what a correct reader must find in it. The expected figures are computed
here from the very data written, with integer/Decimal arithmetic, so this module is the test
oracle: it must never import the code under test.

Only values are written, never formulas: openpyxl stores no cached results, so a reader opening
the file with ``data_only=True`` would see ``None`` for every formula cell.

Conventions a reader must share with this oracle:

* Amounts are cut toward zero to the won (절사): a scrap credit (작업설) of -12.345 kg at
  385 won is -4,752, not -4,753.
* In layouts with cost kinds (재료비/노무비/경비) the line's 합계 금액 is the sum of the three
  kind amounts, each cut separately, not ``trunc(quantity × 합계 단가)``.
* A blank kind cell in a layout that has that column reads as 0; ``None`` in an
  ``ExpectedLine`` means the layout has no such column at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "BUILDERS",
    "BuiltWorkbook",
    "ExpectedLine",
    "ExpectedTotal",
    "Slip",
    "build_joined_one_row",
    "build_merged_two_row",
    "build_single_price",
    "build_three_row_reordered",
    "trunc_won",
]


# --------------------------------------------------------------------------- expected reading


@dataclass
class ExpectedLine:
    sheet: str
    row: int                      # 1-based Excel row number
    section: tuple[str, ...]      # section heading path, e.g. ("1. 토공사",); () when none
    item: str                     # 품명 as written (stripped)
    spec: str                     # 규격 ("" when blank)
    unit: str                     # 단위 as written
    quantity: Decimal
    material_price: int | None    # 재료비 단가 (None when the layout has no such column)
    labour_price: int | None
    expense_price: int | None
    total_price: int | None       # 합계 단가 (single-price layouts: the 단가)
    material_amount: int | None
    labour_amount: int | None
    expense_amount: int | None
    total_amount: int | None      # 합계 금액 (single-price layouts: the 금액)
    remarks: str                  # 비고 ("" when blank)
    no: int | None = None         # the 'No' column, in layouts that number their lines


@dataclass
class ExpectedTotal:
    """A 소계/계 (subtotal) or 합계/총계 (grand-total) row as written."""

    sheet: str
    row: int
    kind: str                     # "subtotal" | "grand-total"
    label: str                    # the text as written, stripped ("소 계", "총 계", ...)
    section: tuple[str, ...]      # the section a subtotal closes; () for a grand total
    children: list[int]           # rows whose stated amounts this row sums
    material_amount: int | None
    labour_amount: int | None
    expense_amount: int | None
    total_amount: int


@dataclass
class Slip:                       # a deliberately wrong figure seeded in the workbook
    sheet: str
    row: int
    check: str                    # "line-amount" | "unit-price-sum" | "subtotal" | "grand-total"
    over_won: int                 # stated − correct


@dataclass
class BuiltWorkbook:
    path: Path
    boq_sheet: str                # the bill-of-quantities sheet name
    lines: list[ExpectedLine]
    heading_rows: list[int]       # section heading rows (e.g. "1. 토공사")
    total_rows: list[int]         # 소계/합계/총계/계 rows
    note_rows: list[int]          # remark-only rows like "※ 관급자재는 별도" (may be empty)
    header_rows: list[int]        # the column-header rows (1, 2 or 3 of them)
    title_rows: list[int]         # non-empty rows above the header (title block)
    slips: list[Slip]
    stated_grand_total: int       # the 합계금액 of the last grand-total row as written
    other_sheets: list[str]       # 일위대가, 원가계산서, ... sheets in the workbook
    columns: dict[str, int] = field(default_factory=dict)   # ExpectedLine field -> 1-based column
    totals: list[ExpectedTotal] = field(default_factory=list)
    has_kinds: bool = True        # False for single-price layouts
    label_columns: dict[int, int] = field(default_factory=dict)  # total row -> column of its label


# --------------------------------------------------------------------------- arithmetic


def trunc_won(amount: Decimal) -> int:
    """Cut below one won toward zero (절사)."""
    return int(amount.to_integral_value(rounding=ROUND_DOWN))


KINDS = ("material", "labour", "expense")


def _cell_number(q: Decimal) -> int | float:
    # A float's shortest repr gives back the exact decimal written, e.g. 0.175 -> "0.175".
    if q == q.to_integral_value():
        return int(q)
    number = float(q)
    assert Decimal(repr(number)) == q, q
    return number


# --------------------------------------------------------------------------- styling

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="굴림체", size=10)
_BOLD = Font(name="굴림체", size=10, bold=True)
_TITLE = Font(name="굴림체", size=16, bold=True, underline="single")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center")
_RIGHT = Alignment(horizontal="right", vertical="center")
_MONEY = "#,##0;[Red]-#,##0"
_QTY = "#,##0.000"


def _widths(ws: Worksheet, widths: list[float]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _box_row(ws: Worksheet, row: int, ncols: int) -> None:
    for c in range(1, ncols + 1):
        ws.cell(row, c).border = _BOX


def _merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int, value: str, *,
           font: Font = _BOLD, align: Alignment = _CENTER) -> None:
    cell = ws.cell(r1, c1, value)
    cell.font, cell.alignment = font, align
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


# --------------------------------------------------------------------------- 일위대가 blocks
#
# A block's per-unit kind totals are the unit prices of the bill lines that cite it, as in a
# real estimate, so the 일위대가 sheet carries figures that would also fit on bill lines.

Resource = tuple[str, str, str, str, tuple[int, int, int] | str]

BLOCKS: dict[str, tuple[str, str, str, list[Resource]]] = {
    "터파기인력": ("터파기(인력)", "토사", "㎥", [
        ("보통인부", "", "인", "0.175", (0, 171037, 0)),
    ]),
    "터파기기계": ("터파기(기계)", "토사, 백호 0.2㎥", "㎥", [
        ("굴삭기", "0.2㎥ 무한궤도", "hr", "0.031", (18520, 52310, 28400)),
        ("보통인부", "", "인", "0.01", (0, 171037, 0)),
    ]),
    "되메우기": ("되메우기(인력)", "다짐포함", "㎥", [
        ("보통인부", "", "인", "0.12", (0, 171037, 0)),
        ("공구손료", "인력품의 3%", "식", "1", "3%"),
    ]),
    "잔토처리": ("잔토처리", "덤프트럭 15ton, L=5km", "㎥", [
        ("덤프트럭", "15ton", "hr", "0.0412", (21350, 29870, 44410)),
        ("굴삭기", "1.0㎥ 적재", "hr", "0.0093", (35410, 52310, 61230)),
    ]),
    "콘크리트타설": ("콘크리트 타설", "인력, 소형구조물", "㎥", [
        ("특별인부", "", "인", "0.13", (0, 234523, 0)),
        ("보통인부", "", "인", "0.2", (0, 171037, 0)),
        ("진동기", "전기식 2.2kW", "hr", "0.25", (1020, 0, 3415)),
    ]),
    "거푸집": ("거푸집", "합판 3회", "㎡", [
        ("합판", "내수 12mm", "㎡", "0.41", (9850, 0, 0)),
        ("각재", "", "㎥", "0.0031", (650000, 0, 0)),
        ("못", "", "kg", "0.21", (2100, 0, 0)),
        ("형틀목공", "", "인", "0.081", (0, 270613, 0)),
        ("보통인부", "", "인", "0.04", (0, 171037, 0)),
    ]),
    "철근가공조립": ("철근가공조립", "간단", "ton", [
        ("철근공", "", "인", "2.7", (0, 279846, 0)),
        ("보통인부", "", "인", "1.1", (0, 171037, 0)),
        ("공구손료", "인력품의 3%", "식", "1", "3%"),
    ]),
    "강관주": ("강관주 설치", "Φ114.3x4.5t H=4.5m", "본", [
        ("강관주", "Φ114.3x4.5t H=4.5m", "본", "1", (485000, 0, 0)),
        ("기초볼트", "M20x500", "조", "1", (32500, 0, 0)),
        ("전공", "", "인", "0.35", (0, 298441, 0)),
        ("보통인부", "", "인", "0.25", (0, 171037, 0)),
        ("크레인", "10ton", "hr", "0.5", (0, 0, 95420)),
    ]),
    "케이블UTP": ("케이블 포설", "UTP Cat.6 4P", "m", [
        ("UTP 케이블", "Cat.6 4P", "m", "1.05", (610, 0, 0)),
        ("통신케이블공", "", "인", "0.0065", (0, 290128, 0)),
        ("보통인부", "", "인", "0.002", (0, 171037, 0)),
    ]),
    "전선관": ("전선관 배관", "PE 28C", "m", [
        ("PE 전선관", "28C", "m", "1.05", (1350, 0, 0)),
        ("배전전공", "", "인", "0.0062", (0, 323462, 0)),
        ("보통인부", "", "인", "0.001", (0, 171037, 0)),
    ]),
}


def _block_rows(key: str) -> tuple[list[tuple[Resource, tuple[int, int, int], tuple[int, int, int]]],
                                   tuple[int, int, int]]:
    """Resource rows with (prices, amounts), and the block's per-unit kind totals."""
    _, _, _, resources = BLOCKS[key]
    rows = []
    sums = [0, 0, 0]
    for res in resources:
        q = Decimal(res[3])
        prices = res[4]
        if isinstance(prices, str):   # 공구손료: a percentage of the labour above it
            pct = Decimal(prices.rstrip("%"))
            prices = (0, 0, trunc_won(sums[1] * pct / 100))
        amounts = tuple(trunc_won(q * p) for p in prices)
        for i in range(3):
            sums[i] += amounts[i]
        rows.append((res, prices, amounts))
    return rows, (sums[0], sums[1], sums[2])


def block_prices(key: str) -> tuple[int, int, int]:
    return _block_rows(key)[1]


def _ilwi_sheet(wb: Workbook, name: str, blocks: list[tuple[str, str]], *, two_row_header: bool) -> None:
    """Write an 일위대가 sheet; ``blocks`` are (label as written, BLOCKS key)."""
    ws = wb.create_sheet(name)
    _widths(ws, [22, 22, 6, 9, 11, 12, 11, 12, 11, 12, 11, 12, 12])
    _merge(ws, 1, 1, 1, 13, "일 위 대 가 표", font=_TITLE)
    r = 3
    for label, key in blocks:
        item, spec, unit, _ = BLOCKS[key]
        _merge(ws, r, 1, r, 13, f"{label}  {item} {spec} {unit}", align=_LEFT)
        r += 1
        if two_row_header:
            for c, text in ((1, "품 명"), (2, "규 격"), (3, "단위"), (4, "수 량"), (13, "비 고")):
                _merge(ws, r, c, r + 1, c, text)
            for c, text in ((5, "재 료 비"), (7, "노 무 비"), (9, "경 비"), (11, "합 계")):
                _merge(ws, r, c, r, c + 1, text)
                _merge(ws, r + 1, c, r + 1, c, "단 가")
                _merge(ws, r + 1, c + 1, r + 1, c + 1, "금 액")
            _box_row(ws, r, 13)
            _box_row(ws, r + 1, 13)
            r += 2
        else:
            for c, text in enumerate(["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가",
                                      "노무비금액", "경비단가", "경비금액", "합계단가", "합계금액", "비고"],
                                     start=1):
                _merge(ws, r, c, r, c, text)
            _box_row(ws, r, 13)
            r += 1
        rows, sums = _block_rows(key)
        for (rname, rspec, runit, rqty, _), prices, amounts in rows:
            ws.cell(r, 1, rname)
            ws.cell(r, 2, rspec or None)
            ws.cell(r, 3, runit).alignment = _CENTER
            ws.cell(r, 4, _cell_number(Decimal(rqty))).number_format = "0.0000"
            for i in range(3):
                ws.cell(r, 5 + 2 * i, prices[i]).number_format = _MONEY
                ws.cell(r, 6 + 2 * i, amounts[i]).number_format = _MONEY
            ws.cell(r, 11, sum(prices)).number_format = _MONEY
            ws.cell(r, 12, sum(amounts)).number_format = _MONEY
            _box_row(ws, r, 13)
            r += 1
        ws.cell(r, 1, "합 계").alignment = _CENTER
        for i in range(3):
            ws.cell(r, 6 + 2 * i, sums[i]).number_format = _MONEY
        ws.cell(r, 12, sum(sums)).number_format = _MONEY
        ws.cell(r, 13, f"단가: {sum(sums):,}원/{unit}")
        _box_row(ws, r, 13)
        r += 2


# --------------------------------------------------------------------------- other sheets


def _cost_sheet(wb: Workbook, name: str, project: str, material: int, labour: int, expense: int,
                scrap: int, *, index: int | None = None) -> None:
    """A 공사원가계산서 whose rows (name | basis | amount) resemble bill lines."""
    ws = wb.create_sheet(name, index) if index is not None else wb.create_sheet(name)
    _widths(ws, [10, 10, 22, 30, 16, 16])
    _merge(ws, 1, 1, 1, 6, "공 사 원 가 계 산 서", font=_TITLE)
    ws.cell(2, 1, f"공사명: {project}").alignment = _LEFT
    ws.cell(2, 6, "(단위: 원)").alignment = _RIGHT
    _merge(ws, 3, 1, 3, 3, "비      목")
    _merge(ws, 3, 4, 3, 4, "산 출 근 거")
    _merge(ws, 3, 5, 3, 5, "금  액")
    _merge(ws, 3, 6, 3, 6, "비  고")
    _box_row(ws, 3, 6)

    pct = lambda base, p: trunc_won(Decimal(base) * Decimal(p) / 100)
    direct_material = material - scrap
    indirect_labour = pct(labour, "9.1")
    labour_total = labour + indirect_labour
    material_total = direct_material + scrap
    health = pct(labour, "3.545")
    expense_rows = [
        ("기계경비", "", expense),
        ("산재보험료", "노무비 x 3.56%", pct(labour_total, "3.56")),
        ("고용보험료", "노무비 x 1.01%", pct(labour_total, "1.01")),
        ("국민건강보험료", "직접노무비 x 3.545%", health),
        ("노인장기요양보험료", "건강보험료 x 12.95%", pct(health, "12.95")),
        ("국민연금보험료", "직접노무비 x 4.5%", pct(labour, "4.5")),
        ("산업안전보건관리비", "(재료비+직접노무비) x 2.93%", pct(material_total + labour, "2.93")),
        ("환경보전비", "(재료비+직접노무비+기계경비) x 0.3%", pct(material_total + labour + expense, "0.3")),
        ("기타경비", "(재료비+노무비) x 4.6%", pct(material_total + labour_total, "4.6")),
    ]
    expense_total = sum(a for _, _, a in expense_rows)
    net = material_total + labour_total + expense_total
    overhead = pct(net, "6")
    profit = pct(labour_total + expense_total + overhead, "15")
    cost = net + overhead + profit
    vat = pct(cost, "10")
    contract = (cost + vat) // 1000 * 1000

    r = 4
    groups = [
        ("재료비", [("직접재료비", "", direct_material), ("간접재료비", "", 0),
                  ("작업설 부산물 등(△)", "", scrap), ("[소 계]", "", material_total)]),
        ("노무비", [("직접노무비", "", labour), ("간접노무비", "직접노무비 x 9.1%", indirect_labour),
                  ("[소 계]", "", labour_total)]),
        ("경  비", expense_rows + [("[소 계]", "", expense_total)]),
    ]
    first = r
    for group, rows in groups:
        _merge(ws, r, 2, r + len(rows) - 1, 2, group)
        for text, basis, amount in rows:
            ws.cell(r, 3, text)
            ws.cell(r, 4, basis or None)
            ws.cell(r, 5, amount).number_format = _MONEY
            _box_row(ws, r, 6)
            r += 1
    ws.cell(r, 3, "계")
    ws.cell(r, 5, net).number_format = _MONEY
    _box_row(ws, r, 6)
    _merge(ws, first, 1, r, 1, "순\n공\n사\n원\n가")
    r += 1
    for text, basis, amount, remark in [
        ("일반관리비", "순공사원가 x 6%", overhead, ""),
        ("이      윤", "(노무비+경비+일반관리비) x 15%", profit, ""),
        ("총  원  가", "", cost, ""),
        ("부가가치세", "총원가 x 10%", vat, ""),
        ("도  급  액", "", contract, "천원미만 절사"),
    ]:
        _merge(ws, r, 1, r, 3, text)
        ws.cell(r, 4, basis or None)
        ws.cell(r, 5, amount).number_format = _MONEY
        ws.cell(r, 6, remark or None)
        _box_row(ws, r, 6)
        r += 1


def _summary_sheet(wb: Workbook, name: str, totals: list[ExpectedTotal], *, index: int) -> None:
    """공종별 집계표: one row per section, with the bill's stated subtotals."""
    ws = wb.create_sheet(name, index)
    _widths(ws, [24, 16, 16, 16, 16, 12])
    _merge(ws, 1, 1, 1, 6, "공 종 별 집 계 표", font=_TITLE)
    for c, text in enumerate(["공  종", "재 료 비", "노 무 비", "경   비", "합   계", "비 고"], start=1):
        _merge(ws, 3, c, 3, c, text)
    _box_row(ws, 3, 6)
    r = 4
    for t in totals:
        ws.cell(r, 1, t.section[0] if t.section else "합   계")
        for i, v in enumerate((t.material_amount, t.labour_amount, t.expense_amount, t.total_amount)):
            ws.cell(r, 2 + i, v).number_format = _MONEY
        _box_row(ws, r, 6)
        r += 1


def _price_comparison_sheet(wb: Workbook, name: str) -> None:
    """단가대비표: surveyed prices per source and the one applied."""
    ws = wb.create_sheet(name)
    _widths(ws, [20, 24, 6, 12, 12, 12, 12, 14])
    _merge(ws, 1, 1, 1, 8, "단 가 대 비 표", font=_TITLE)
    for c, text in ((1, "품 명"), (2, "규 격"), (3, "단위"), (7, "적용단가"), (8, "비 고")):
        _merge(ws, 3, c, 4, c, text)
    _merge(ws, 3, 4, 3, 6, "조 사 가 격")
    for c, text in ((4, "조달청"), (5, "물가정보"), (6, "견적")):
        _merge(ws, 4, c, 4, c, text)
    _box_row(ws, 3, 8)
    _box_row(ws, 4, 8)
    rows = [
        ("레미콘", "25-24-15", "㎥", 93500, 95000, None, 93500, "조달청"),
        ("이형철근", "SD400 D13", "ton", None, 1330000, 1385000, 1330000, "물가정보 p.123"),
        ("합판", "내수 12mm", "㎡", None, 9850, 10400, 9850, "최저가"),
        ("불법광고물 방지판", "1200x600", "매", None, None, 38500, 38500, "견적"),
        ("벤치", "목재 1800", "개", 385000, None, 412000, 385000, "조달청"),
        ("고철", "작업설", "kg", None, 385, None, 385, "물가정보 p.87"),
    ]
    r = 5
    for row in rows:
        for c, v in enumerate(row, start=1):
            cell = ws.cell(r, c, v)
            if isinstance(v, int):
                cell.number_format = _MONEY
        _box_row(ws, r, 8)
        r += 1


# --------------------------------------------------------------------------- the bill writer


@dataclass
class _Item:
    item: str
    spec: str
    unit: str
    qty: str
    price: int | tuple[int, int, int]     # single price, or (재료비, 노무비, 경비) unit prices
    remarks: str = ""
    written: str | None = None             # 품명 text as written when it differs (indent)


class _Bill:
    """Writes a bill sheet row by row and records the expected reading of every row."""

    def __init__(self, ws: Worksheet, columns: dict[str, int], *, kinds: bool,
                 blank_zero: bool = False) -> None:
        self.ws = ws
        self.columns = columns
        self.kinds = kinds
        self.blank_zero = blank_zero
        self.ncols = max(columns.values())
        self.row = 1
        self.lines: list[ExpectedLine] = []
        self.totals: list[ExpectedTotal] = []
        self.slips: list[Slip] = []
        self.heading_rows: list[int] = []
        self.note_rows: list[int] = []
        self.header_rows: list[int] = []
        self.title_rows: list[int] = []
        self.label_columns: dict[int, int] = {}
        self._no = 0

    def _put(self, name: str, value: object, fmt: str | None = None) -> None:
        cell = self.ws.cell(self.row, self.columns[name], value)
        cell.font = _FONT
        if fmt and value is not None:
            cell.number_format = fmt
        if name in ("unit",):
            cell.alignment = _CENTER

    def blank(self, n: int = 1) -> None:
        self.row += n

    def title(self, text: str, *, col: int = 1, merge_to: int | None = None,
              font: Font = _TITLE, align: Alignment = _CENTER) -> None:
        _merge(self.ws, self.row, col, self.row, merge_to or col, text, font=font, align=align)
        if self.row not in self.title_rows:
            self.title_rows.append(self.row)

    def next_title_row(self) -> None:
        self.row += 1

    def header(self, cells: list[tuple[int, int, int, int, str]], nrows: int) -> None:
        """cells: (row offset, first col, last row offset, last col, text)."""
        for r1, c1, r2, c2, text in cells:
            _merge(self.ws, self.row + r1, c1, self.row + r2, c2, text)
        for i in range(nrows):
            _box_row(self.ws, self.row + i, self.ncols)
            self.header_rows.append(self.row + i)
        self.row += nrows

    def heading(self, text: str, *, field_name: str = "item") -> None:
        self._put(field_name, text)
        self.ws.cell(self.row, self.columns[field_name]).font = _BOLD
        _box_row(self.ws, self.row, self.ncols)
        self.heading_rows.append(self.row)
        self.row += 1

    def note(self, text: str) -> None:
        self._put("item", text)
        self.note_rows.append(self.row)
        self.row += 1

    def line(self, it: _Item, section: tuple[str, ...], *, slip: tuple[str, int] | None = None,
             section_cell: str | None = None, numbered: bool = False) -> ExpectedLine:
        q = Decimal(it.qty)
        r = self.row
        if self.kinds:
            assert isinstance(it.price, tuple)
            prices = dict(zip(KINDS, it.price))
            amounts = {k: trunc_won(q * prices[k]) for k in KINDS}
            correct = sum(amounts.values())
            total_price = sum(prices.values())
            if slip and slip[0] == "line-amount":
                # A mistyped 노무비 amount, carried into the line's 합계 as Excel would.
                amounts["labour"] += slip[1]
            total_amount = sum(amounts.values())
            if slip and slip[0] == "unit-price-sum":
                # A 합계 단가 larger than its kinds, multiplied out by the program that wrote it.
                total_price += slip[1]
                total_amount = trunc_won(q * total_price)
        else:
            assert isinstance(it.price, int)
            prices, amounts = {}, {}
            total_price = it.price
            correct = trunc_won(q * total_price)
            total_amount = correct + (slip[1] if slip and slip[0] == "line-amount" else 0)
        if slip:
            assert slip[0] in ("line-amount", "unit-price-sum") and (self.kinds or slip[0] == "line-amount")
            over = total_amount - correct
            assert over != 0, it
            self.slips.append(Slip(self.ws.title, r, slip[0], over))

        no = None
        if numbered:
            self._no += 1
            no = self._no
            self._put("no", no)
        if section_cell is not None:
            self._put("section", section_cell)
        self._put("item", it.written if it.written is not None else it.item)
        self._put("spec", it.spec or None)
        self._put("unit", it.unit)
        self._put("quantity", _cell_number(q), _QTY)
        if self.kinds:
            for k in KINDS:
                blank = self.blank_zero and prices[k] == 0 and amounts[k] == 0
                self._put(f"{k}_price", None if blank else prices[k], _MONEY)
                self._put(f"{k}_amount", None if blank else amounts[k], _MONEY)
        self._put("total_price", total_price, _MONEY)
        self._put("total_amount", total_amount, _MONEY)
        self._put("remarks", it.remarks or None)
        _box_row(self.ws, r, self.ncols)

        line = ExpectedLine(
            sheet=self.ws.title, row=r, section=section, item=it.item.strip(), spec=it.spec,
            unit=it.unit, quantity=q,
            material_price=prices.get("material"), labour_price=prices.get("labour"),
            expense_price=prices.get("expense"), total_price=total_price,
            material_amount=amounts.get("material"), labour_amount=amounts.get("labour"),
            expense_amount=amounts.get("expense"), total_amount=total_amount,
            remarks=it.remarks, no=no,
        )
        self.lines.append(line)
        self.row += 1
        return line

    def total(self, label: str, section: tuple[str, ...], children: list[ExpectedLine | ExpectedTotal], *,
              kind: str = "subtotal", slip: int = 0, slip_kind: str = "labour",
              label_field: str = "item") -> ExpectedTotal:
        r = self.row
        amounts = {k: sum(getattr(c, f"{k}_amount") for c in children) for k in KINDS} if self.kinds else {}
        total = sum(c.total_amount for c in children)
        if slip:
            # A subtotal typed over (or summed over the wrong range) in one kind column.
            total += slip
            if self.kinds:
                amounts[slip_kind] += slip
            self.slips.append(Slip(self.ws.title, r, kind, slip))
        self._put(label_field, label)
        cell = self.ws.cell(r, self.columns[label_field])
        cell.font, cell.alignment = _BOLD, _CENTER
        if self.kinds:
            for k in KINDS:
                self._put(f"{k}_amount", amounts[k], _MONEY)
        self._put("total_amount", total, _MONEY)
        _box_row(self.ws, r, self.ncols)
        t = ExpectedTotal(
            sheet=self.ws.title, row=r, kind=kind, label=label.strip(), section=section,
            children=[c.row for c in children],
            material_amount=amounts.get("material"), labour_amount=amounts.get("labour"),
            expense_amount=amounts.get("expense"), total_amount=total,
        )
        self.totals.append(t)
        self.label_columns[r] = self.columns[label_field]
        self.row += 1
        return t

    def built(self, path: Path, wb: Workbook, other_sheets: list[str] | None = None) -> BuiltWorkbook:
        wb.save(path)
        grand = [t for t in self.totals if t.kind == "grand-total"]
        return BuiltWorkbook(
            path=path, boq_sheet=self.ws.title, lines=self.lines,
            heading_rows=self.heading_rows, total_rows=[t.row for t in self.totals],
            note_rows=self.note_rows, header_rows=self.header_rows, title_rows=self.title_rows,
            slips=self.slips, stated_grand_total=grand[-1].total_amount,
            other_sheets=other_sheets if other_sheets is not None
            else [n for n in wb.sheetnames if n != self.ws.title],
            columns=dict(self.columns), totals=self.totals, has_kinds=self.kinds,
            label_columns=self.label_columns,
        )


def _kind_sums(lines: list[ExpectedLine]) -> tuple[int, int, int, int]:
    """(material without scrap, labour, expense, scrap) over bill lines, for a 원가계산서."""
    scrap = sum((l.material_amount or 0) for l in lines if l.quantity < 0)
    material = sum((l.material_amount or 0) for l in lines if l.quantity >= 0)
    labour = sum((l.labour_amount or 0) for l in lines)
    expense = sum((l.expense_amount or 0) for l in lines)
    return material + scrap, labour, expense, scrap


def _new_workbook(sheet: str) -> tuple[Workbook, Worksheet]:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    return wb, ws


def _slip(enabled: bool, check: str, amount: int) -> tuple[str, int] | None:
    return (check, amount) if enabled else None


# --------------------------------------------------------------------------- 1. merged two-row


def build_merged_two_row(dir: Path, *, slips: bool = True) -> BuiltWorkbook:
    """내역서 with a title block and a two-row header whose kind names span 단가/금액."""
    dir = Path(dir)
    project = "○○구 스마트도시 CCTV 설치공사"
    wb, ws = _new_workbook("내역서")
    _widths(ws, [24, 24, 6, 10, 11, 13, 11, 13, 11, 13, 11, 14, 14])
    cols = {"item": 1, "spec": 2, "unit": 3, "quantity": 4,
            "material_price": 5, "material_amount": 6, "labour_price": 7, "labour_amount": 8,
            "expense_price": 9, "expense_amount": 10, "total_price": 11, "total_amount": 12,
            "remarks": 13}
    bill = _Bill(ws, cols, kinds=True, blank_zero=True)
    bill.title("설 계 내 역 서", merge_to=13)
    bill.next_title_row()
    bill.title(f"공사명: {project}", merge_to=6, font=_BOLD, align=_LEFT)
    bill.next_title_row()
    bill.blank()
    header = [(0, c, 1, c, t) for c, t in ((1, "품 명"), (2, "규 격"), (3, "단위"), (4, "수 량"), (13, "비 고"))]
    for c, t in ((5, "재 료 비"), (7, "노 무 비"), (9, "경 비"), (11, "합 계")):
        header += [(0, c, 0, c + 1, t), (1, c, 1, c, "단 가"), (1, c + 1, 1, c + 1, "금 액")]
    bill.header(header, 2)

    sections = [
        ("1. 토공사", [
            _Item("터파기(인력)", "토사", "㎥", "12.5", block_prices("터파기인력"), "제1호표"),
            _Item("터파기(기계)", "토사, 백호 0.2㎥", "M3", "3.456", block_prices("터파기기계"), "제 2 호표"),
            _Item("되메우기(인력)", "다짐포함", "㎥", "10.875", block_prices("되메우기"), "3호표"),
            _Item("잔토처리", "덤프트럭 15ton, L=5km", "m3", "5.081", block_prices("잔토처리"), "일위대가 4"),
        ]),
        ("2. 구조물공", [
            _Item("레미콘", "25-24-15", "㎥", "2.35", (93500, 0, 0), "조달청"),
            _Item("콘크리트 타설", "인력, 소형구조물", "㎥", "2.35", block_prices("콘크리트타설"), "제5호표"),
            _Item("거푸집", "합판 3회", "㎡", "8.4", block_prices("거푸집"), "제6호표"),
            _Item("이형철근", "SD400 D13", "ton", "0.175", (1330000, 0, 0), "물가정보 p.123"),
            _Item("철근가공조립", "간단", "ton", "0.175", block_prices("철근가공조립"), "제7호표"),
            _Item("작업설", "고철(철근)", "kg", "-5.25", (385, 0, 0), ""),
        ]),
        ("3. 전기·통신공", [
            _Item("강관주 설치", "Φ114.3x4.5t H=4.5m", "본", "2", block_prices("강관주"), "제8호표"),
            _Item("CCTV 폴 설치", "8m", "EA", "1", (1850000, 264732, 15884), "견적"),
            _Item("불법광고물 방지판", "1200x600", "매", "4", (38500, 12450, 0), "견적"),
            _Item("케이블 포설", "UTP Cat.6 4P", "m", "152.5", block_prices("케이블UTP"), "제9호표"),
            _Item("접지공사", "제3종, 접지봉 Φ14x1000", "개", "3", (18700, 29844, 1250), ""),
        ]),
    ]
    subtotals = []
    for si, (name, items) in enumerate(sections):
        bill.heading(name)
        lines = []
        for it in items:
            s = _slip(slips, "line-amount", 9000) if it.item == "케이블 포설" else None
            lines.append(bill.line(it, (name,), slip=s))
        subtotals.append(bill.total("소 계", (name,), lines, slip=3000 if slips and si == 0 else 0))
        bill.blank()
    bill.total("합 계", (), subtotals, kind="grand-total")
    bill.blank()
    bill.note("※ 관급자재는 별도 계상")

    material, labour, expense, scrap = _kind_sums(bill.lines)
    _cost_sheet(wb, "원가계산서", project, material, labour, expense, scrap, index=0)
    _summary_sheet(wb, "집계표", subtotals + [bill.totals[-1]], index=1)
    _ilwi_sheet(wb, "일위대가", [
        ("제1호표", "터파기인력"), ("제 2 호표", "터파기기계"), ("3호표", "되메우기"), ("제4호표", "잔토처리"),
        ("제5호표", "콘크리트타설"), ("제6호표", "거푸집"), ("제7호표", "철근가공조립"), ("제8호표", "강관주"),
        ("제9호표", "케이블UTP"),
    ], two_row_header=True)
    return bill.built(dir / "merged_two_row.xlsx", wb)


# --------------------------------------------------------------------------- 2. joined one-row


def build_joined_one_row(dir: Path, *, slips: bool = True) -> BuiltWorkbook:
    """설계내역서 as a PPS-style export: one header row, No and 공종 columns, no title."""
    dir = Path(dir)
    wb, ws = _new_workbook("설계내역서")
    _widths(ws, [5, 10, 22, 24, 6, 10, 11, 13, 11, 13, 11, 13, 11, 14, 14])
    names = ["No", "공종", "품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
             "경비단가", "경비금액", "합계단가", "합계금액", "비고"]
    fields = ["no", "section", "item", "spec", "unit", "quantity", "material_price", "material_amount",
              "labour_price", "labour_amount", "expense_price", "expense_amount", "total_price",
              "total_amount", "remarks"]
    cols = {f: i for i, f in enumerate(fields, start=1)}
    bill = _Bill(ws, cols, kinds=True)
    bill.header([(0, c, 0, c, t) for c, t in enumerate(names, start=1)], 1)

    sections = [
        ("토공", [
            _Item("터파기(기계)", "토사, 백호 0.2㎥", "M3", "125.5", block_prices("터파기기계"), "제1호표"),
            _Item("되메우기(인력)", "다짐포함", "M3", "98.25", block_prices("되메우기"), "제 2 호표"),
            _Item("잔토처리", "덤프트럭 15ton, L=5km", "M3", "27.25", block_prices("잔토처리"), "3호표"),
        ]),
        ("포장공", [
            _Item("보조기층 부설", "쇄석 t=20cm", "M2", "342.75", (4120, 1850, 2210), "물가정보 p.214"),
            _Item("아스팔트 포장", "표층 t=5cm", "M2", "342.75", (9850, 2130, 1245), "조달청"),
            _Item("택코팅", "RSC-4", "M2", "342.75", (312, 95, 41), "물가정보 p.216"),
            _Item("보도블록 포설", "인터로킹 200x200x60", "M2", "118.4", (14250, 11870, 312), "물가정보 p.123"),
        ]),
        ("배수공", [
            _Item("L형측구", "300x300", "M", "48.5", (21500, 17330, 420), "조달청"),
            _Item("우수받이 설치", "400x500", "개", "3", (245000, 98450, 5210), "견적"),
        ]),
        ("부대공", [
            _Item("불법광고물 방지판", "600x1200", "EA", "6", (38500, 12450, 0), "견적"),
            _Item("교통정리원", "", "인", "1.5", (0, 156873, 0), ""),
            _Item("작업설", "고철", "kg", "-12.345", (385, 0, 0), ""),
        ]),
    ]
    subtotals = []
    for name, items in sections:
        bill.heading(name, field_name="section")
        lines = []
        for it in items:
            s = _slip(slips, "unit-price-sum", 100) if it.item == "아스팔트 포장" else None
            lines.append(bill.line(it, (name,), slip=s, section_cell=name, numbered=True))
        subtotals.append(bill.total("계", (name,), lines))
    bill.total("총 계", (), subtotals, kind="grand-total", label_field="section")

    _ilwi_sheet(wb, "일위대가표", [("제1호표", "터파기기계"), ("제 2 호표", "되메우기"), ("3호표", "잔토처리")],
                two_row_header=False)
    material, labour, expense, scrap = _kind_sums(bill.lines)
    _cost_sheet(wb, "원가계산서", "○○로 보도 정비공사", material, labour, expense, scrap)
    return bill.built(dir / "joined_one_row.xlsx", wb)


# --------------------------------------------------------------------------- 3. single price


def build_single_price(dir: Path, *, slips: bool = True) -> BuiltWorkbook:
    """내역 with one 단가 and one 금액 per line (equipment purchase and installation)."""
    dir = Path(dir)
    wb, ws = _new_workbook("내역")
    _widths(ws, [26, 26, 6, 10, 13, 15, 16])
    cols = {"item": 1, "spec": 2, "unit": 3, "quantity": 4, "total_price": 5, "total_amount": 6, "remarks": 7}
    bill = _Bill(ws, cols, kinds=False)
    bill.title("내 역 서", merge_to=7)
    bill.next_title_row()
    bill.blank()
    bill.header([(0, c, 0, c, t) for c, t in enumerate(["품 명", "규격", "단위", "수 량", "단 가", "금 액", "비 고"],
                                                       start=1)], 1)
    utp = sum(block_prices("케이블UTP"))
    conduit = sum(block_prices("전선관"))
    sections = [
        ("가. 장비구입", [
            _Item("CCTV 카메라", "200만화소 PTZ 30배", "대", "4", 1250000, "조달청"),
            _Item("고정형 카메라", "200만화소 Bullet", "대", "8", 385000, "조달청"),
            _Item("NVR", "16CH 8TB", "대", "1", 2480000, "조달청"),
            _Item("스위칭허브", "L2 8포트 PoE", "대", "2", 385000, "견적"),
            _Item("함체", "옥외형 600x800x300", "식", "1", 1150000, "견적"),
        ]),
        ("나. 설치공사", [
            _Item("CCTV 폴 설치", "8m", "본", "2", 1985000, "견적"),
            _Item("케이블 포설", "UTP Cat.6", "M", "215.5", utp, "일위대가 1"),
            _Item("전선관 배관", "PE 28C", "m", "187.25", conduit, "일위대가 2"),
            _Item("광케이블 포설", "SM 4C", "10m", "21.55", 18530, "물가정보 p.412"),
            _Item("접지공사", "제3종", "개", "3", 45200, "견적"),
        ]),
        ("다. 부대공사", [
            _Item("불법광고물 방지판", "1.2m", "매", "4", 51000, "견적"),
            _Item("안내표지판", "알루미늄 450x600", "개", "2", 128000, "견적"),
            _Item("시험조정비", "", "식", "1", 850000, ""),
            _Item("작업설", "고철", "kg", "-7.35", 415, ""),
        ]),
    ]
    subtotals = []
    for si, (name, items) in enumerate(sections):
        bill.heading(name)
        lines = []
        for it in items:
            it.written = "  " + it.item   # lines indented under their heading, as typed
            s = _slip(slips, "line-amount", 10000) if it.item == "전선관 배관" else None
            lines.append(bill.line(it, (name,), slip=s))
        subtotals.append(bill.total("소계", (name,), lines, slip=2000 if slips and si == 0 else 0))
    bill.total("총계", (), subtotals, kind="grand-total")
    bill.note("※ 장비 단가는 조달청 가격 기준, 부가가치세 별도")

    grand = bill.totals[-1].total_amount
    # No kind split in this bill: a plausible split for the cost statement only.
    material = grand * 70 // 100
    labour = grand * 22 // 100
    scrap = sum(l.total_amount for l in bill.lines if l.quantity < 0)
    _cost_sheet(wb, "원가계산서", "○○시 방범용 CCTV 구축사업", material, labour, grand - material - labour,
                scrap, index=0)
    _ilwi_sheet(wb, "일위대가", [("제1호표", "케이블UTP"), ("제2호표", "전선관")], two_row_header=False)
    return bill.built(dir / "single_price.xlsx", wb)


# --------------------------------------------------------------------------- 4. three-row reordered


def build_three_row_reordered(dir: Path, *, slips: bool = True) -> BuiltWorkbook:
    """공종별내역서 with 수량 before 단위, 합계 before the kinds, and a three-row header."""
    dir = Path(dir)
    wb, ws = _new_workbook("공종별내역서")
    _widths(ws, [24, 24, 10, 6, 11, 14, 11, 13, 11, 13, 11, 13, 14])
    cols = {"item": 1, "spec": 2, "quantity": 3, "unit": 4, "total_price": 5, "total_amount": 6,
            "material_price": 7, "material_amount": 8, "labour_price": 9, "labour_amount": 10,
            "expense_price": 11, "expense_amount": 12, "remarks": 13}
    bill = _Bill(ws, cols, kinds=True)
    bill.title("공 종 별 내 역 서", merge_to=13)
    bill.next_title_row()
    bill.title("사업명: ○○시 생활권 근린공원 조성사업", merge_to=6, font=_BOLD, align=_LEFT)
    bill.next_title_row()
    bill.title("(단위: 원)", col=13, font=_FONT, align=_RIGHT)
    bill.next_title_row()
    header = [(0, c, 2, c, t) for c, t in ((1, "품명"), (2, "규격"), (3, "수량"), (4, "단위"), (13, "비고"))]
    header.append((0, 5, 0, 12, "금 액 구 성"))
    for c, t in ((5, "합계"), (7, "재료비"), (9, "노무비"), (11, "경비")):
        header += [(1, c, 1, c + 1, t), (2, c, 2, c, "단가"), (2, c + 1, 2, c + 1, "금액")]
    bill.header(header, 3)

    sections = [
        ("1. 토공사", [
            _Item("터파기(기계)", "토사, 백호 0.2㎥", "M3", "45.75", block_prices("터파기기계"), "일위대가 1"),
            _Item("되메우기(인력)", "다짐포함", "㎥", "30.125", block_prices("되메우기"), "일위대가 2"),
            _Item("잔토처리", "덤프트럭 15ton, L=5km", "M3", "15.625", block_prices("잔토처리"), "일위대가 3"),
        ]),
        ("2. 철근콘크리트공사", [
            _Item("레미콘", "25-24-15", "M3", "6.875", (93500, 0, 0), "조달청"),
            _Item("콘크리트 타설", "인력, 소형구조물", "㎥", "6.875", block_prices("콘크리트타설"), "일위대가 4"),
            _Item("거푸집", "합판 3회", "M2", "24.6", block_prices("거푸집"), "일위대가 5"),
            _Item("이형철근", "SD400 D13", "ton", "0.175", (1330000, 0, 0), "물가정보 p.123"),
            _Item("철근가공조립", "간단", "ton", "0.175", block_prices("철근가공조립"), "일위대가 6"),
            _Item("작업설", "고철", "kg", "-12.345", (385, 0, 0), "스크랩"),
        ]),
        ("3. 부대공사", [
            _Item("불법광고물 방지판", "1200x600", "매", "8", (38500, 12450, 0), "견적"),
            _Item("벤치 설치", "목재 1800", "개", "4", (385000, 45210, 0), "조달청"),
            _Item("안내표지판", "스테인리스 600x900", "EA", "2", (412000, 68235, 3120), "견적"),
        ]),
    ]
    subtotals = []
    for name, items in sections:
        bill.heading(name)
        lines = []
        for it in items:
            s = _slip(slips, "line-amount", -1000) if it.item == "거푸집" else None
            lines.append(bill.line(it, (name,), slip=s))
        subtotals.append(bill.total("소계", (name,), lines))
    bill.total("총 계", (), subtotals, kind="grand-total")

    _ilwi_sheet(wb, "일위대가", [
        ("제1호표", "터파기기계"), ("제2호표", "되메우기"), ("제3호표", "잔토처리"), ("제4호표", "콘크리트타설"),
        ("제5호표", "거푸집"), ("제6호표", "철근가공조립"),
    ], two_row_header=True)
    _price_comparison_sheet(wb, "단가대비표")
    material, labour, expense, scrap = _kind_sums(bill.lines)
    _cost_sheet(wb, "원가계산서", "○○시 생활권 근린공원 조성사업", material, labour, expense, scrap)
    return bill.built(dir / "three_row_reordered.xlsx", wb)


BUILDERS = {
    "merged_two_row": build_merged_two_row,
    "joined_one_row": build_joined_one_row,
    "single_price": build_single_price,
    "three_row_reordered": build_three_row_reordered,
}


SIMPLE_HEADER = ["품명", "규격", "단위", "수량", "단가", "금액", "비고"]


def simple_bill(path: Path, rows: list[list], merges: list[str] = ()) -> Path:
    """One 내역서 sheet under a one-row, single-price header, ``rows`` as written (hostile ones too)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "내역서"
    sheet.append(SIMPLE_HEADER)
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path
