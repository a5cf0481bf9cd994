"""Estimate workbooks whose 내역서, 일위대가 and 원가계산서 agree, with their exact expected reading.

``build_linked_estimate`` writes one .xlsx holding a bill of quantities, a unit-cost breakdown
sheet and a cost summary, all derived from the same figures, and returns what a correct reader
must find: which bill line quotes which breakdown block (and how the link is written), each
block's resources and totals, and every head of the cost summary with its rate and base.

The expected figures are computed here from the very data written, with integer/Decimal
arithmetic, so this module is a test oracle: it must never import the code under test.

Only values are written, never formulas: openpyxl stores no cached results, so a reader opening
the file with ``data_only=True`` would see ``None`` for every formula cell.

Conventions a reader must share with this oracle:

* Inside a breakdown block amounts keep 0.1 won: a resource amount is quantity × price cut
  toward zero to 0.1 won, and the block's 합계 row carries the plain sum of those amounts.
  The block's unit price per kind (what a bill line quotes) is that sum cut below 1 won (계금).
* On the bill, a kind amount is quantity × kind unit price cut below 1 won; the line's 합계
  금액 is the sum of its kind amounts.
* Every 원가계산서 head is cut below 1 won; the 도급액 is cut below 1,000 won.
* A blank numeric cell inside a table reads as 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

from builders import (  # noqa: E402 - shared cell writing and styling
    _BOLD,
    _BOX,
    _CENTER,
    _FONT,
    _LEFT,
    _MONEY,
    _QTY,
    _RIGHT,
    _TITLE,
    _cell_number,
    _merge,
    _widths,
    trunc_won,
)
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "KINDS",
    "STYLES",
    "BuiltEstimate",
    "ExpectedBlock",
    "ExpectedHead",
    "ExpectedLink",
    "ExpectedResource",
    "build_linked_estimate",
    "trunc_tenth",
    "trunc_won",
]

KINDS = ("material", "labour", "expense")

STYLES = [
    ("title-above-header", "text-rates"),
    ("title-in-first-column", "pps-codes"),
    ("title-above-header", "pps-codes"),
    ("title-in-first-column", "text-rates"),
]


# --------------------------------------------------------------------------- expected reading


@dataclass
class ExpectedResource:
    row: int
    item: str
    spec: str
    unit: str
    quantity: Decimal
    prices: dict[str, Decimal]            # unit price per kind; 0 when the cell is blank
    amounts: dict[str, Decimal]           # quantity × price, cut toward zero to 0.1 won
    ref_block: int | None = None          # the row stands for another block (제N호표 in 비고)
    remarks: str = ""


@dataclass
class ExpectedBlock:
    number: int                           # N of 제N호표
    sheet: str
    title_row: int
    total_row: int
    item: str
    spec: str
    unit: str
    resources: list[ExpectedResource]
    totals: dict[str, Decimal]            # Σ resource amounts per kind, as on the 합계/계 row
    unit_prices: dict[str, int]           # totals cut below 1 won
    title: str = ""                       # the 호표 text as written ("제 2 호표", "3호표", ...)


@dataclass
class ExpectedLink:
    row: int
    item: str
    block: int | None
    method: str | None                    # "remarks" | "item-spec-unit" | None


@dataclass
class ExpectedHead:
    row: int
    name: str                             # canonical head name
    stated: int
    rate: Decimal | None                  # percent
    base: tuple[str, ...]                 # canonical names of the heads the rate applies to
    label: str = ""                       # the label as written


@dataclass
class BuiltEstimate:
    path: Path
    bill_sheet: str
    breakdown_sheet: str
    summary_sheet: str
    links: list[ExpectedLink]
    blocks: list[ExpectedBlock]
    heads: list[ExpectedHead]
    direct: dict[str, int]
    contract_total: int
    bill_lines: list[tuple[int, Decimal, dict[str, int], dict[str, int]]]
    breakdown_style: str = ""
    summary_style: str = ""
    # Column numbers (1-based) of each field, so tests can read the cells back without a reader.
    bill_columns: dict[str, int] = field(default_factory=dict)
    breakdown_columns: dict[str, int] = field(default_factory=dict)
    summary_amount_column: int = 0
    bill_subtotal_rows: list[tuple[int, list[int]]] = field(default_factory=list)  # (row, line rows)
    bill_total_row: int = 0
    bill_header_rows: list[int] = field(default_factory=list)
    breakdown_header_rows: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- arithmetic

_TENTH = Decimal("0.1")


def trunc_tenth(amount: Decimal) -> Decimal:
    """Cut below 0.1 won toward zero, as breakdown blocks keep one decimal."""
    return amount.quantize(_TENTH, rounding=ROUND_DOWN)


def _pct(base: int, rate: Decimal) -> int:
    return trunc_won(Decimal(base) * rate / 100)


# --------------------------------------------------------------------------- styling

_MONEY1 = "#,##0.0;[Red]-#,##0.0"


def _box_row(ws: Worksheet, row: int, c1: int, c2: int) -> None:
    # Unlike builders._box_row, boxes a column range that need not start at A.
    for c in range(c1, c2 + 1):
        ws.cell(row, c).border = _BOX


# --------------------------------------------------------------------------- breakdown data
#
# Labour rates follow the 2024 건설업 임금실태 scale the brief quotes; a resource's prices are
# (재료비, 노무비, 경비). "tool" rows are 공구손료: a share of the block's own trade labour
# (the 인 rows), written as an amount whose price equals that amount. "ref" rows are another
# block taken as a resource, priced at that block's unit prices.

_P = Decimal
_COMMON = ("보통인부", "", "인")

# number: (title as written, item, spec, unit, resources)
_BLOCKS: list[tuple[int, str, str, str, str, list[tuple]]] = [
    (1, "제1호표", "터파기(인력)", "보통토사", "㎥", [
        ("res", *_COMMON, "0.28", (0, 166970, 0)),
        ("tool", "공구손료", "인력품의 2%", "식", "2"),
    ]),
    (2, "제 2 호표", "되메우기(인력)", "다짐", "㎥", [
        ("res", *_COMMON, "0.21", (0, 166970, 0)),
        ("res", "특별인부", "", "인", "0.035", (0, 217518, 0)),
        ("res", "래머", "80kg", "hr", "0.37", (0, 0, 4317)),
        ("tool", "공구손료", "인력품의 2%", "식", "2"),
    ]),
    (3, "3호표", "CCTV 폴 설치", "H=8m", "본", [
        ("res", "강관주", "Φ165.2×4.5t", "본", "1", (612000, 0, 0)),
        ("res", "앵커볼트", "M24×700", "조", "1", (48350, 0, 0)),
        ("ref", 1, "0.6"),
        ("res", "통신외선공", "", "인", "1.28", (0, 387376, 0)),
        ("res", *_COMMON, "0.45", (0, 166970, 0)),
        ("res", "굴착기", "0.2㎥", "hr", "1.5", (0, 0, 52380)),
        ("tool", "공구손료", "인력품의 2%", "식", "2"),
    ]),
    (4, "제4호표", "CCTV 카메라 설치", "200만화소", "대", [
        ("res", "카메라 브라켓", "벽부형", "개", "1", (45800, 0, 0)),
        ("res", "잡자재", "", "식", "1", (1374, 0, 0)),
        ("res", "통신내선공", "", "인", "0.36", (0, 267277, 0)),
        ("res", *_COMMON, "0.12", (0, 166970, 0)),
        ("tool", "공구손료", "인력품의 2%", "식", "2"),
    ]),
    (5, "제5호표", "잔토처리", "인력", "㎥", [
        ("res", *_COMMON, "0.23", (0, 166970, 0)),
        ("res", "특별인부", "", "인", "0.015", (0, 217518, 0)),
        ("tool", "공구손료", "인력품의 2%", "식", "2"),
    ]),
]


@dataclass
class _Row:
    item: str
    spec: str
    unit: str
    quantity: Decimal
    prices: dict[str, Decimal]
    amounts: dict[str, Decimal]
    ref_block: int | None = None
    remarks: str = ""


def _compute_blocks() -> dict[int, tuple[tuple[str, str, str, str], list[_Row], dict[str, Decimal]]]:
    """number -> ((title, item, spec, unit), rows, per-kind totals)."""
    return compute_blocks(_BLOCKS)


def compute_blocks(blocks) -> dict[int, tuple[tuple[str, str, str, str], list[_Row], dict[str, Decimal]]]:
    """Blocks given as (number, title, item, spec, unit, resources) with their rows' amounts cut to
    0.1 won and their per-kind totals; a ('ref', n, q) resource is block n priced at its totals."""
    done: dict[int, tuple[tuple[str, str, str, str], list[_Row], dict[str, Decimal]]] = {}
    for number, title, item, spec, unit, resources in blocks:
        rows: list[_Row] = []
        for res in resources:
            if res[0] == "res":
                _, ritem, rspec, runit, q, prices = res
                q = _P(q)
                p = {k: _P(v) for k, v in zip(KINDS, prices)}
                rows.append(_Row(ritem, rspec, runit, q, p, {k: trunc_tenth(q * p[k]) for k in KINDS}))
            elif res[0] == "ref":
                _, ref, q = res
                (_, ritem, rspec, runit), _, rtotals = done[ref]
                q = _P(q)
                p = {k: _P(trunc_won(rtotals[k])) for k in KINDS}
                rows.append(_Row(ritem, rspec, runit, q, p, {k: trunc_tenth(q * p[k]) for k in KINDS},
                                 ref_block=ref, remarks=f"제{ref}호표"))
            else:
                _, ritem, rspec, runit, share = res
                trade = sum((r.amounts["labour"] for r in rows if r.unit == "인"), Decimal(0))
                amount = trunc_tenth(trade * _P(share) / 100)
                p = {"material": Decimal(0), "labour": Decimal(0), "expense": amount}
                rows.append(_Row(ritem, rspec, runit, Decimal(1), p,
                                 {"material": Decimal(0), "labour": Decimal(0), "expense": amount}))
        totals = {k: sum((r.amounts[k] for r in rows), Decimal(0)) for k in KINDS}
        done[number] = ((title, item, spec, unit), rows, totals)
    return done


# --------------------------------------------------------------------------- breakdown sheet

_BD_FIELDS = ["item", "spec", "unit", "quantity",
              "material_price", "material_amount", "labour_price", "labour_amount",
              "expense_price", "expense_amount", "total_price", "total_amount", "remarks"]


def _write_resource(ws: Worksheet, r: int, cols: dict[str, int], row: _Row, *, blank_zero: bool) -> None:
    ws.cell(r, cols["item"], row.item).font = _FONT
    ws.cell(r, cols["spec"], row.spec or None).font = _FONT
    cell = ws.cell(r, cols["unit"], row.unit)
    cell.font, cell.alignment = _FONT, _CENTER
    ws.cell(r, cols["quantity"], _cell_number(row.quantity)).number_format = "0.000"
    for k in KINDS:
        for part, value in (("price", row.prices[k]), ("amount", row.amounts[k])):
            if blank_zero and value == 0:
                continue
            cell = ws.cell(r, cols[f"{k}_{part}"], _cell_number(value))
            cell.number_format = _MONEY1 if part == "amount" else _MONEY
    ws.cell(r, cols["total_price"], _cell_number(sum(row.prices.values(), Decimal(0)))).number_format = _MONEY
    ws.cell(r, cols["total_amount"], _cell_number(sum(row.amounts.values(), Decimal(0)))).number_format = _MONEY1
    if row.remarks:
        ws.cell(r, cols["remarks"], row.remarks)


def _write_totals(ws: Worksheet, r: int, cols: dict[str, int], label: str, label_field: str,
                  totals: dict[str, Decimal]) -> None:
    cell = ws.cell(r, cols[label_field], label)
    cell.font, cell.alignment = _BOLD, _CENTER
    for k in KINDS:
        ws.cell(r, cols[f"{k}_amount"], _cell_number(totals[k])).number_format = _MONEY1
    ws.cell(r, cols["total_amount"], _cell_number(sum(totals.values(), Decimal(0)))).number_format = _MONEY1


def _expected_block(number: int, sheet: str, title_row: int, total_row: int, head: tuple[str, str, str, str],
                    rows: list[_Row], row_numbers: list[int], totals: dict[str, Decimal]) -> ExpectedBlock:
    title, item, spec, unit = head
    return ExpectedBlock(
        number=number, sheet=sheet, title_row=title_row, total_row=total_row,
        item=item, spec=spec, unit=unit,
        resources=[ExpectedResource(row=rn, item=r.item, spec=r.spec, unit=r.unit, quantity=r.quantity,
                                    prices=dict(r.prices), amounts=dict(r.amounts), ref_block=r.ref_block,
                                    remarks=r.remarks)
                   for r, rn in zip(rows, row_numbers)],
        totals=dict(totals), unit_prices={k: trunc_won(totals[k]) for k in KINDS}, title=title,
    )


def _breakdown_title_above_header(wb: Workbook, name: str, computed=None,
                                  ) -> tuple[list[ExpectedBlock], dict[str, int], list[int]]:
    """Each block: its 호표 title row, its own two-row header, resources, a 합 계 row, a blank row.
    ``computed`` (from ``compute_blocks``) defaults to this module's blocks."""
    ws = wb.create_sheet(name)
    cols = {f: i for i, f in enumerate(_BD_FIELDS, start=1)}
    _widths(ws, [22, 20, 6, 9, 11, 12, 11, 12, 11, 12, 11, 13, 12])
    _merge(ws, 1, 1, 1, 13, "일 위 대 가 표", font=_TITLE)
    header_rows: list[int] = []
    blocks: list[ExpectedBlock] = []
    r = 3
    for number, (head, rows, totals) in (computed or _compute_blocks()).items():
        title, item, spec, unit = head
        title_row = r
        # The whole title sits in the first cell, as exported by most estimating programs.
        ws.cell(r, 1, f"{title}  {item} {spec} {unit}").font = _BOLD
        r += 1
        for c, text in ((1, "품 명"), (2, "규 격"), (3, "단위"), (4, "수 량"), (13, "비 고")):
            _merge(ws, r, c, r + 1, c, text)
        for c, text in ((5, "재 료 비"), (7, "노 무 비"), (9, "경 비"), (11, "합 계")):
            _merge(ws, r, c, r, c + 1, text)
            _merge(ws, r + 1, c, r + 1, c, "단 가")
            _merge(ws, r + 1, c + 1, r + 1, c + 1, "금 액")
        _box_row(ws, r, 1, 13)
        _box_row(ws, r + 1, 1, 13)
        header_rows += [r, r + 1]
        r += 2
        numbers = []
        for row in rows:
            _write_resource(ws, r, cols, row, blank_zero=True)
            _box_row(ws, r, 1, 13)
            numbers.append(r)
            r += 1
        _write_totals(ws, r, cols, "합 계", "item", totals)
        _box_row(ws, r, 1, 13)
        blocks.append(_expected_block(number, name, title_row, r, head, rows, numbers, totals))
        r += 2
    return blocks, cols, header_rows


def _breakdown_title_in_first_column(wb: Workbook, name: str) -> tuple[list[ExpectedBlock], dict[str, int], list[int]]:
    """One header for the sheet; 호표 in column A on each block's first row; a 계 row per block."""
    ws = wb.create_sheet(name)
    cols = {f: i for i, f in enumerate(["no", *_BD_FIELDS], start=1)}
    _widths(ws, [9, 22, 20, 6, 9, 11, 12, 11, 12, 11, 12, 11, 13, 12])
    _merge(ws, 1, 1, 1, 14, "일 위 대 가 표", font=_TITLE)
    labels = ["호표", "품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
              "경비단가", "경비금액", "합계단가", "합계금액", "비고"]
    for c, text in enumerate(labels, start=1):
        _merge(ws, 3, c, 3, c, text)
    _box_row(ws, 3, 1, 14)
    blocks: list[ExpectedBlock] = []
    r = 4
    for number, (head, rows, totals) in _compute_blocks().items():
        title, item, spec, unit = head
        title_row = r
        # Normalised 호표 text: this layout is typically produced by a program, not typed.
        ws.cell(r, cols["no"], f"제{number}호표").font = _BOLD
        for f, v in (("item", item), ("spec", spec), ("unit", unit)):
            ws.cell(r, cols[f], v).font = _BOLD
        _box_row(ws, r, 1, 14)
        r += 1
        numbers = []
        for row in rows:
            _write_resource(ws, r, cols, row, blank_zero=False)
            _box_row(ws, r, 1, 14)
            numbers.append(r)
            r += 1
        _write_totals(ws, r, cols, "계", "item", totals)
        _box_row(ws, r, 1, 14)
        blocks.append(_expected_block(number, name, title_row, r, (f"제{number}호표", item, spec, unit),
                                      rows, numbers, totals))
        r += 1
    return blocks, cols, [3]


# --------------------------------------------------------------------------- bill

_BILL_FIELDS = ["item", "spec", "unit", "quantity",
                "material_price", "material_amount", "labour_price", "labour_amount",
                "expense_price", "expense_amount", "total_price", "total_amount", "remarks"]

# (section, item, spec, unit, quantity, block or fixed (재료비, 노무비, 경비) prices, 비고, link method)
_LINES: list[tuple[str, str, str, str, str, int | tuple[int, int, int], str, str | None]] = [
    ("1. 토공사", "터파기(인력)", "보통토사", "㎥", "4.32", 1, "제1호표", "remarks"),
    ("1. 토공사", "되메우기(인력)", "다짐", "㎥", "3.6", 2, "2호표", "remarks"),
    ("1. 토공사", "잔토처리", "인력", "㎥", "0.72", 5, "제5호표", "remarks"),
    ("2. 설치공사", "CCTV 폴 설치", "H=8m", "본", "3", 3, "일위대가 3", "remarks"),
    # No reference written: the line is tied to block 4 only by its 품명/규격/단위.
    ("2. 설치공사", "CCTV 카메라 설치", "200만화소", "대", "3", 4, "", "item-spec-unit"),
    ("2. 설치공사", "폴 기초 콘크리트", "25-21-150", "㎥", "1.35", (93500, 0, 0), "조달청", None),
    ("2. 설치공사", "전원케이블", "F-CV 2.5SQ-2C", "m", "172.5", (1452, 0, 0), "조달청", None),
    ("2. 설치공사", "불법광고물 방지판", "1200×600", "매", "6", (38500, 0, 0), "물가정보 p.512", None),
]


def _bill(wb: Workbook, name: str, blocks: dict[int, ExpectedBlock]):
    ws = wb.create_sheet(name, 0)
    cols = {f: i for i, f in enumerate(_BILL_FIELDS, start=1)}
    _widths(ws, [22, 18, 6, 10, 11, 13, 11, 13, 11, 13, 11, 14, 14])
    _merge(ws, 1, 1, 1, 13, "설 계 내 역 서", font=_TITLE)
    ws.cell(2, 1, "공사명: ○○시 방범용 CCTV 설치공사").alignment = _LEFT
    ws.cell(2, 13, "(단위: 원)").alignment = _RIGHT
    labels = ["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
              "경비단가", "경비금액", "합계단가", "합계금액", "비고"]
    for c, text in enumerate(labels, start=1):
        _merge(ws, 3, c, 3, c, text)
    _box_row(ws, 3, 1, 13)

    links: list[ExpectedLink] = []
    lines: list[tuple[int, Decimal, dict[str, int], dict[str, int]]] = []
    subtotals: list[tuple[int, list[int]]] = []
    by_row: dict[int, dict[str, int]] = {}

    def put_amounts(r: int, amounts: dict[str, int]) -> None:
        for k in KINDS:
            ws.cell(r, cols[f"{k}_amount"], amounts[k]).number_format = _MONEY
        ws.cell(r, cols["total_amount"], sum(amounts.values())).number_format = _MONEY

    def close_section(r: int, rows: list[int]) -> int:
        amounts = {k: sum(by_row[x][k] for x in rows) for k in KINDS}
        cell = ws.cell(r, cols["item"], "소계")
        cell.font, cell.alignment = _BOLD, _CENTER
        put_amounts(r, amounts)
        _box_row(ws, r, 1, 13)
        subtotals.append((r, rows))
        return r + 1

    r = 4
    section = None
    section_rows: list[int] = []
    for sec, item, spec, unit, qty, source, remarks, method in _LINES:
        if sec != section:
            if section is not None:
                r = close_section(r, section_rows)
            ws.cell(r, cols["item"], sec).font = _BOLD
            _box_row(ws, r, 1, 13)
            r += 1
            section, section_rows = sec, []
        q = Decimal(qty)
        if isinstance(source, int):
            block = blocks[source]
            assert (item, spec, unit) == (block.item, block.spec, block.unit)
            prices = dict(block.unit_prices)
            number = source
        else:
            prices = dict(zip(KINDS, source))
            number = None
        amounts = {k: trunc_won(q * prices[k]) for k in KINDS}
        ws.cell(r, cols["item"], item).font = _FONT
        ws.cell(r, cols["spec"], spec or None).font = _FONT
        ws.cell(r, cols["unit"], unit).alignment = _CENTER
        ws.cell(r, cols["quantity"], _cell_number(q)).number_format = _QTY
        for k in KINDS:
            ws.cell(r, cols[f"{k}_price"], prices[k]).number_format = _MONEY
            ws.cell(r, cols[f"{k}_amount"], amounts[k]).number_format = _MONEY
        ws.cell(r, cols["total_price"], sum(prices.values())).number_format = _MONEY
        ws.cell(r, cols["total_amount"], sum(amounts.values())).number_format = _MONEY
        ws.cell(r, cols["remarks"], remarks or None)
        _box_row(ws, r, 1, 13)
        links.append(ExpectedLink(row=r, item=item, block=number, method=method))
        lines.append((r, q, prices, amounts))
        by_row[r] = amounts
        section_rows.append(r)
        r += 1
    r = close_section(r, section_rows)

    direct = {k: sum(a[k] for _, _, _, a in lines) for k in KINDS}
    cell = ws.cell(r, cols["item"], "합계")
    cell.font, cell.alignment = _BOLD, _CENTER
    put_amounts(r, direct)
    _box_row(ws, r, 1, 13)
    return links, lines, direct, cols, subtotals, r


# --------------------------------------------------------------------------- cost summary


def _heads(direct: dict[str, int]) -> dict[str, int]:
    """Every head of the 원가계산서, in the 조달청 order of computation."""
    h: dict[str, int] = {}
    h["직접재료비"] = direct["material"]
    h["재료비"] = h["직접재료비"]
    h["직접노무비"] = direct["labour"]
    h["간접노무비"] = _pct(h["직접노무비"], _P("9.1"))
    h["노무비"] = h["직접노무비"] + h["간접노무비"]
    h["산출경비"] = direct["expense"]
    h["산재보험료"] = _pct(h["노무비"], _P("3.56"))
    h["고용보험료"] = _pct(h["노무비"], _P("1.05"))
    h["건강보험료"] = _pct(h["직접노무비"], _P("3.595"))
    h["노인장기요양보험료"] = _pct(h["건강보험료"], _P("13.14"))
    h["연금보험료"] = _pct(h["직접노무비"], _P("4.75"))
    h["산업안전보건관리비"] = _pct(h["재료비"] + h["직접노무비"], _P("2.93"))
    h["환경보전비"] = _pct(h["재료비"] + h["직접노무비"] + h["산출경비"], _P("0.5"))
    h["기타경비"] = _pct(h["재료비"] + h["노무비"], _P("4.6"))
    h["경비"] = sum(h[n] for n in EXPENSE_HEADS)
    h["순공사원가"] = h["재료비"] + h["노무비"] + h["경비"]
    h["일반관리비"] = _pct(h["순공사원가"], _P("5.5"))
    h["이윤"] = _pct(h["노무비"] + h["경비"] + h["일반관리비"], _P("12"))
    h["총원가"] = h["순공사원가"] + h["일반관리비"] + h["이윤"]
    h["부가가치세"] = _pct(h["총원가"], _P("10"))
    h["도급액"] = (h["총원가"] + h["부가가치세"]) // 1000 * 1000
    return h


EXPENSE_HEADS = ("산출경비", "산재보험료", "고용보험료", "건강보험료", "노인장기요양보험료", "연금보험료",
                 "산업안전보건관리비", "환경보전비", "기타경비")

# Rates and bases shared by both styles, except where a style writes an equivalent base.
_RATES: dict[str, tuple[Decimal, tuple[str, ...]]] = {
    "간접노무비": (_P("9.1"), ("직접노무비",)),
    "산재보험료": (_P("3.56"), ("노무비",)),
    "고용보험료": (_P("1.05"), ("노무비",)),
    "건강보험료": (_P("3.595"), ("직접노무비",)),
    "노인장기요양보험료": (_P("13.14"), ("건강보험료",)),
    "연금보험료": (_P("4.75"), ("직접노무비",)),
    "산업안전보건관리비": (_P("2.93"), ("재료비", "직접노무비")),
    "환경보전비": (_P("0.5"), ("재료비", "직접노무비", "산출경비")),
    "기타경비": (_P("4.6"), ("재료비", "노무비")),
    "일반관리비": (_P("5.5"), ("순공사원가",)),
    "이윤": (_P("12"), ("노무비", "경비", "일반관리비")),
    "부가가치세": (_P("10"), ("총원가",)),
}


def _summary_text_rates(wb: Workbook, name: str, h: dict[str, int], index: int) -> tuple[list[ExpectedHead], int]:
    """비 목 | 구 분 | 금 액 | 산 출 근 거 | 비 고, with the rate and base spelled out in words."""
    ws = wb.create_sheet(name, index)
    _widths(ws, [14, 20, 16, 34, 14])
    _merge(ws, 1, 1, 1, 5, "공 사 원 가 계 산 서", font=_TITLE)
    ws.cell(2, 1, "공사명: ○○시 방범용 CCTV 설치공사").alignment = _LEFT
    ws.cell(2, 5, "(단위: 원)").alignment = _RIGHT
    for c, text in enumerate(["비 목", "구 분", "금 액", "산 출 근 거", "비 고"], start=1):
        _merge(ws, 3, c, 3, c, text)
    _box_row(ws, 3, 1, 5)
    # (column of the label, label as written, canonical name, basis text or "", 비고)
    # Bases are written with both "x" and "×", and with and without parentheses, as seen in
    # real sheets; the 일반관리비 base is written as its parts rather than 순공사원가.
    rows = [
        (1, "재료비", "재료비", "", ""),
        (2, "직접재료비", "직접재료비", "", ""),
        (1, "노무비", "노무비", "", ""),
        (2, "직접노무비", "직접노무비", "", ""),
        (2, "간접노무비", "간접노무비", "직접노무비 x 9.1%", ""),
        (1, "경비", "경비", "", ""),
        (2, "산출경비", "산출경비", "", ""),
        (2, "산재보험료", "산재보험료", "노무비 × 3.56%", ""),
        (2, "고용보험료", "고용보험료", "노무비 x 1.05%", ""),
        (2, "건강보험료", "건강보험료", "직접노무비 x 3.595%", ""),
        (2, "연금보험료", "연금보험료", "직접노무비 x 4.75%", ""),
        (2, "노인장기요양보험료", "노인장기요양보험료", "건강보험료 x 13.14%", ""),
        (2, "산업안전보건관리비", "산업안전보건관리비", "(재료비+직접노무비) x 2.93%", ""),
        (2, "환경보전비", "환경보전비", "(재료비+직접노무비+산출경비) x 0.5%", ""),
        (2, "기타경비", "기타경비", "(재료비+노무비) x 4.6%", ""),
        (1, "순 공 사 원 가", "순공사원가", "", ""),
        (1, "일반관리비", "일반관리비", "(재료비+노무비+경비) x 5.5%", ""),
        (1, "이윤", "이윤", "(노무비+경비+일반관리비) x 12%", ""),
        (1, "총원가", "총원가", "", ""),
        (1, "부가가치세", "부가가치세", "총원가 x 10%", ""),
        (1, "도 급 액", "도급액", "", "천원미만 절사"),
    ]
    heads: list[ExpectedHead] = []
    r = 4
    for col, label, canon, basis, remark in rows:
        cell = ws.cell(r, col, label)
        cell.font = _BOLD if col == 1 else _FONT
        ws.cell(r, 3, h[canon]).number_format = _MONEY
        ws.cell(r, 4, basis or None)
        ws.cell(r, 5, remark or None)
        _box_row(ws, r, 1, 5)
        rate, base = _RATES.get(canon, (None, ()))
        if canon == "일반관리비":
            base = ("재료비", "노무비", "경비")
        heads.append(ExpectedHead(row=r, name=canon, stated=h[canon], rate=rate, base=base, label=label))
        r += 1
    return heads, 3


def _summary_pps_codes(wb: Workbook, name: str, h: dict[str, int], index: int) -> tuple[list[ExpectedHead], int]:
    """The 조달청 template: coded labels, the rate in column B, bracketed derivations in F."""
    ws = wb.create_sheet(name, index)
    _widths(ws, [24, 9, 3, 3, 3, 20, 4, 16, 11])
    _merge(ws, 1, 1, 1, 9, "공 사 원 가 계 산 서", font=_TITLE)
    ws.cell(2, 1, "공사명: ○○시 방범용 CCTV 설치공사").alignment = _LEFT
    ws.cell(2, 9, "(단위: 원)").alignment = _RIGHT
    _merge(ws, 3, 1, 3, 5, "구 분")
    _merge(ws, 3, 6, 3, 7, "산 출 방 법")
    _merge(ws, 3, 8, 3, 8, "금 액")
    _merge(ws, 3, 9, 3, 9, "직공비대비")
    _box_row(ws, 3, 1, 9)
    # (label as written, canonical name, derivation)
    rows = [
        ("1. 순 공 사 원 가", "순공사원가", "[가+나+다]"),
        (" 가. 재 료 비", "재료비", "[가-1]"),
        ("가-1. 직접재료비", "직접재료비", ""),
        (" 나. 노 무 비", "노무비", "[나1+나2]"),
        ("나-1. 직접노무비", "직접노무비", ""),
        ("나-2. 간접노무비", "간접노무비", "[나1]의"),
        ("다. 경 비", "경비", "[다1+…+다9]"),
        ("다-1. 산출경비", "산출경비", ""),
        ("다-2. 산재보험료", "산재보험료", "[나]의"),
        ("다-3. 고용보험료", "고용보험료", "[나]의"),
        ("다-4. 건강보험료", "건강보험료", "[나1]의"),
        ("다-5. 노인장기요양보험", "노인장기요양보험료", "[다4]의"),
        ("다-6. 연금보험료", "연금보험료", "[나1]의"),
        ("다-7. 산업안전보건관리비", "산업안전보건관리비", "[가+나1]의"),
        ("다-8. 환경보전비", "환경보전비", "[가+나1+다1]의"),
        ("다-9. 기타경비", "기타경비", "[가+나]의"),
        ("2. 일 반 관 리 비", "일반관리비", "[1]의"),
        ("3. 이 윤", "이윤", "[나+다+2]의"),
        ("4. 총 원 가", "총원가", "[1+2+3]"),
        ("5. 부 가 가 치 세", "부가가치세", "[4]의"),
        ("6. 도 급 비 계", "도급액", "[4+5]"),
    ]
    # 직공비대비: each head as a percent of 직접공사비 (재료비+직접노무비+산출경비), two decimals.
    direct_cost = Decimal(h["직접재료비"] + h["직접노무비"] + h["산출경비"])
    heads: list[ExpectedHead] = []
    r = 4
    for label, canon, derivation in rows:
        ws.cell(r, 1, label).font = _BOLD if label[0].isdigit() else _FONT
        rate, base = _RATES.get(canon, (None, ()))
        if rate is not None:
            ws.cell(r, 2, f"{rate} %").alignment = _RIGHT
        ws.cell(r, 6, derivation or None)
        ws.cell(r, 8, h[canon]).number_format = _MONEY
        ratio = (Decimal(h[canon]) * 100 / direct_cost).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        ws.cell(r, 9, _cell_number(ratio)).number_format = "0.00"
        _box_row(ws, r, 1, 9)
        heads.append(ExpectedHead(row=r, name=canon, stated=h[canon], rate=rate, base=base, label=label))
        r += 1
    return heads, 8


# --------------------------------------------------------------------------- the builder

_BREAKDOWNS = {
    "title-above-header": _breakdown_title_above_header,
    "title-in-first-column": _breakdown_title_in_first_column,
}
_SUMMARIES = {
    "text-rates": _summary_text_rates,
    "pps-codes": _summary_pps_codes,
}


def build_linked_estimate(dir: Path, *, breakdown_style: str, summary_style: str,
                          name: str | None = None) -> BuiltEstimate:
    """Write 원가계산서 + 내역서 + 일위대가 that agree with one another; return the expected reading."""
    dir = Path(dir)
    wb = Workbook()
    wb.remove(wb.active)
    bill_sheet, breakdown_sheet, summary_sheet = "내역서", "일위대가", "원가계산서"
    # The bill quotes the breakdown's figures, so the breakdown is built first; the later
    # sheets are inserted in front to keep the order of a real submission (원가계산서, 내역서, 일위대가).
    blocks, bd_cols, bd_headers = _BREAKDOWNS[breakdown_style](wb, breakdown_sheet)
    by_number = {b.number: b for b in blocks}
    links, lines, direct, bill_cols, subtotals, total_row = _bill(wb, bill_sheet, by_number)
    h = _heads(direct)
    heads, amount_col = _SUMMARIES[summary_style](wb, summary_sheet, h, 0)
    path = dir / f"{name or f'linked_{breakdown_style}_{summary_style}'}.xlsx"
    wb.save(path)
    return BuiltEstimate(
        path=path, bill_sheet=bill_sheet, breakdown_sheet=breakdown_sheet, summary_sheet=summary_sheet,
        links=links, blocks=blocks, heads=heads, direct=direct, contract_total=h["도급액"],
        bill_lines=lines, breakdown_style=breakdown_style, summary_style=summary_style,
        bill_columns=bill_cols, breakdown_columns=bd_cols, summary_amount_column=amount_col,
        bill_subtotal_rows=subtotals, bill_total_row=total_row, bill_header_rows=[3],
        breakdown_header_rows=bd_headers,
    )
