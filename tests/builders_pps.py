"""Flat workbook exports of the real PPS priced bill, as users save it from their tools.

The priced T3 CSV in ``tests/data`` is written to .xlsx in two ways: keeping the PPS columns
(공종번호, 상위공종번호, 레벨, 항목유형 …), and as an ordinary bill without them (No, 품명 with its
numbering prefixes, 규격, 단위, 수량, unit prices and amounts per cost kind, 비고), its group rows
written in place as the PPS file has them (1 식, no unit price, the group's amount or 0).

Slips can be seeded in line amounts. Everything a reader must find is derived here from the CSV
cells with Decimal arithmetic; this module never imports the code under test.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from openpyxl import Workbook

PRICED_CSV = Path(__file__).parent / "data" / "g2b_20221225183_gwangju_museum_PRICED_by_CMC_tool_T3.csv"
KINDS = ("재료비", "노무비", "경비", "합계")
MONEY_FIELDS = [k + r for k in KINDS for r in ("단가", "금액")]


def trunc_won(amount: Decimal) -> int:
    return int(amount.to_integral_value(rounding=ROUND_DOWN))


def _number(text: str) -> Decimal:
    return Decimal(text.strip() or "0")


def _cell(q: Decimal) -> int | float:
    if q == q.to_integral_value():
        return int(q)
    number = float(q)
    assert Decimal(repr(number)) == q, q
    return number


@dataclass
class T3Row:
    csv_line: int  # physical line in the CSV, header = 1
    fields: dict[str, str]

    @property
    def key(self) -> tuple[str, str]:
        return self.fields["세부공사번호"], self.fields["공종번호"]

    @property
    def parent(self) -> tuple[str, str]:
        return self.fields["세부공사번호"], self.fields["상위공종번호"]

    def money(self, name: str) -> Decimal:
        return _number(self.fields[name])


@dataclass
class Seed:
    """A slip written into one line: its 합계 amount (and the kind amount it came from) raised."""

    csv_line: int
    kind: str  # the cost kind whose amount was changed (재료비/노무비/경비)
    delta: int


@dataclass
class PricedBill:
    header: list[str]  # the CSV's own column labels
    rows: list[T3Row]
    groups: set[tuple[str, str]]  # keys of the rows that are some row's parent

    def is_group(self, row: T3Row) -> bool:
        return row.key in self.groups

    def lines(self) -> list[T3Row]:
        return [r for r in self.rows if not self.is_group(r)]

    def stated_groups(self) -> list[T3Row]:
        return [r for r in self.rows if self.is_group(r) and r.money("합계금액") != 0]

    def direct_total(self) -> int:
        """Σ of the lines' 합계 amounts: the bill's direct cost as its lines state it."""
        return sum(int(r.money("합계금액")) for r in self.lines())


def load_priced() -> PricedBill:
    with PRICED_CSV.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        names = [h.split("(")[0].strip() for h in header]
        rows = [T3Row(csv_line=n, fields=dict(zip(names, values)))
                for n, values in enumerate(reader, start=2) if any(v.strip() for v in values)]
    keys = {r.key for r in rows}
    groups = {r.parent for r in rows} & keys
    return PricedBill(header=header, rows=rows, groups=groups)


@dataclass
class FlatExport:
    path: Path
    sheet: str
    bill: PricedBill
    excel_row: dict[int, int] = field(default_factory=dict)  # CSV line -> Excel row
    seeds: list[Seed] = field(default_factory=list)

    def seeded_amount(self, row: T3Row, name: str) -> Decimal:
        extra = sum(s.delta for s in self.seeds if s.csv_line == row.csv_line
                    and (name == "합계금액" or name == s.kind + "금액"))
        return row.money(name) + extra


def _seeded_values(export: FlatExport, row: T3Row) -> dict[str, Decimal]:
    return {name: export.seeded_amount(row, name) if name.endswith("금액") else row.money(name)
            for name in MONEY_FIELDS}


def pick_seeds(bill: PricedBill) -> list[Seed]:
    """Three slips on priced lines of different kinds, spread through the bill."""
    priced = [r for r in bill.lines() if r.money("합계단가") != 0]
    seeds = []
    for position, kind, delta in ((0.1, "재료비", 1000), (0.5, "노무비", 25000), (0.9, "경비", -700)):
        candidates = [r for r in priced[int(len(priced) * position):] if r.money(kind + "단가") != 0]
        seeds.append(Seed(candidates[0].csv_line, kind, delta))
    return seeds


def write_with_pps_columns(dir: Path, bill: PricedBill, seeds: list[Seed] = ()) -> FlatExport:
    """The T3 table as a worksheet, the CSV's own header labels kept, a title row above."""
    path = dir / "priced_pps_columns.xlsx"
    export = FlatExport(path=path, sheet="내역서", bill=bill, seeds=list(seeds))
    wb = Workbook()
    ws = wb.active
    ws.title = export.sheet
    ws.append(["국립광주박물관 도자문화관 건립공사 내역서"])
    ws.append(bill.header)
    names = [h.split("(")[0].strip() for h in bill.header]
    for row in bill.rows:
        values = _seeded_values(export, row)
        out = []
        for name in names:
            if name in values:
                out.append(_cell(values[name]))
            elif name == "수량":
                out.append(_cell(row.money("수량")))
            elif name in ("세부공사번호", "공종번호", "상위공종번호", "레벨", "항목유형"):
                out.append(int(row.fields[name]) if row.fields[name].strip() else None)
            else:
                out.append(row.fields[name] or None)
        ws.append(out)
        export.excel_row[row.csv_line] = ws.max_row
    wb.save(path)
    return export


FLAT_TOP = ["No", "품 명", "규 격", "단위", "수 량", "재료비", None, "노무비", None, "경 비", None, "합 계", None, "비 고"]


def write_flat(dir: Path, bill: PricedBill, seeds: list[Seed] = ()) -> FlatExport:
    """An ordinary bill: two-row merged header, no PPS columns, every T3 row in place."""
    path = dir / "priced_flat.xlsx"
    export = FlatExport(path=path, sheet="설계내역서", bill=bill, seeds=list(seeds))
    wb = Workbook()
    ws = wb.active
    ws.title = export.sheet
    ws.append(["설 계 내 역 서"])
    ws.append(["공사명: 국립광주박물관 도자문화관 건립공사"])
    ws.append(FLAT_TOP)
    ws.append([None] * 5 + ["단가", "금액"] * 4 + [None])
    for col in range(1, 6):
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    for col in (6, 8, 10, 12):
        ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + 1)
    ws.merge_cells(start_row=3, start_column=14, end_row=4, end_column=14)
    for number, row in enumerate(bill.rows, start=1):
        values = _seeded_values(export, row)
        f = row.fields
        ws.append([number, f["품명"], f["규격"] or None, f["단위"] or None, _cell(row.money("수량")),
                   *(_cell(values[name]) for name in MONEY_FIELDS), None])
        export.excel_row[row.csv_line] = ws.max_row
    wb.save(path)
    return export


def seed_over(bill: PricedBill, seed: Seed) -> int:
    """What the seeded line over-states: its stated total minus quantity × unit prices, cut per kind."""
    row = next(r for r in bill.rows if r.csv_line == seed.csv_line)
    quantity = row.money("수량")
    correct = sum(trunc_won(quantity * row.money(k + "단가")) for k in KINDS[:3])
    return int(row.money("합계금액")) + seed.delta - correct
