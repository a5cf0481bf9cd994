"""Breakdowns written under each rounding convention estimating programs follow: no claim; a real
slip beside them is still found to the won. Expected figures are computed here from the cells."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from itertools import product

import openpyxl
import pytest

from estimator import verify
from estimator.findings import COUNTED

BILL_HEADER = ["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
               "경비단가", "경비금액", "합계단가", "합계금액", "비고"]
BLOCK_HEADER = ["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
                "경비단가", "경비금액", "비고"]
KINDS = ("material", "labour", "expense")

# (item, spec, unit, quantity, kind, unit price): products with fractions of a won below and above
# one half, and one exactly half, so that every convention gives different figures somewhere.
RESOURCES = [
    ("철근", "SD400 D13", "ton", "0.0345", "material", 1234567),
    ("결속선", "#18", "kg", "0.375", "material", 2317),
    ("철근공", "", "인", "0.37", "labour", 245433),
    ("보통인부", "", "인", "0.125", "labour", 169804),
    ("특별인부", "", "인", "0.5", "labour", 218445),
    ("공구손료", "인력품의 3%", "식", "0.03", "expense", 31999),
]
LINE_QUANTITY = Decimal("12.5")


def cut(x: Decimal, places: int = 0) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def half_up(x: Decimal) -> Decimal:
    return x.quantize(Decimal(1), rounding=ROUND_HALF_UP)


ROWS = {"cut-0.1": lambda x: cut(x, 1), "cut-won": cut, "half-up-won": half_up, "unrounded": lambda x: x}
TOTALS = {"as-summed": lambda x: x, "cut-won": cut, "half-up-won": half_up}
BASES = {"stated": None, "cut-0.1": lambda x: cut(x, 1), "unrounded": lambda x: x}
# A total recomputed the way the rows are made is the same as the sum of the rows as stated.
CONVENTIONS = [(r, b, t) for r, b, t in product(ROWS, BASES, TOTALS) if b != r]


def block_figures(rows: str, basis: str, rounding: str) -> tuple[list[Decimal], dict[str, Decimal]]:
    """Each resource's amount and the block's totals per kind, as a program following the convention writes them."""
    amounts, sums = [], dict.fromkeys(KINDS, Decimal(0))
    for _, _, _, quantity, kind, price in RESOURCES:
        exact = Decimal(quantity) * price
        amounts.append(ROWS[rows](exact))
        sums[kind] += amounts[-1] if basis == "stated" else BASES[basis](exact)
    return amounts, {k: TOTALS[rounding](v) for k, v in sums.items()}


def _number(x: Decimal):
    if x == x.to_integral_value():
        return int(x)
    value = float(x)
    assert Decimal(repr(value)) == x
    return value


def _block_rows(number: int, item: str, amounts: list[Decimal], totals: dict[str, Decimal]) -> list[list]:
    rows = [[f"제{number}호표 {item} 현장 ㎥"], BLOCK_HEADER]
    for (name, spec, unit, quantity, kind, price), amount in zip(RESOURCES, amounts):
        cells = {k: (None, None) for k in KINDS}
        cells[kind] = (price, _number(amount))
        rows.append([name, spec, unit, float(quantity), *(v for k in KINDS for v in cells[k]), None])
    rows.append(["합계", None, None, None, None, _number(totals["material"]), None, _number(totals["labour"]),
                 None, _number(totals["expense"])])
    return rows


def _line(item: str, number: int, totals: dict[str, Decimal]) -> list:
    prices = [int(cut(totals[k])) for k in KINDS]  # 계금: the block's total cut below one won
    amounts = [int(cut(LINE_QUANTITY * p)) for p in prices]
    return [item, "현장", "㎥", float(LINE_QUANTITY), prices[0], amounts[0], prices[1], amounts[1], prices[2],
            amounts[2], sum(prices), sum(amounts), f"제{number}호표"]


def _write(path, blocks: list[tuple[str, list[Decimal], dict[str, Decimal]]]):
    workbook = openpyxl.Workbook()
    bill = workbook.active
    bill.title = "내역서"
    bill.append(BILL_HEADER)
    breakdown = workbook.create_sheet("일위대가")
    for number, (item, amounts, totals) in enumerate(blocks, start=1):
        bill.append(_line(item, number, totals))
        for row in _block_rows(number, item, amounts, totals):
            breakdown.append(row)
    workbook.save(path)
    return path


def test_conventions_differ_from_the_standard():
    """The workbooks below test something: each convention but the standard writes other figures."""
    standard = block_figures("cut-0.1", "stated", "as-summed")
    for convention in CONVENTIONS[1:]:
        assert block_figures(*convention) != standard, convention


@pytest.mark.parametrize("convention", CONVENTIONS, ids=["/".join(c) for c in CONVENTIONS])
def test_consistent_block_under_each_convention_is_not_claimed(tmp_path, convention):
    amounts, totals = block_figures(*convention)
    report = verify(_write(tmp_path / "block.xlsx", [("철근콘크리트", amounts, totals)]))
    assert report.estimate.unparsed == []
    assert len(report.estimate.links) == 1
    assert [f for f in report.findings if f.confidence in COUNTED] == []
    assert report.direct_over_won == 0


@pytest.mark.parametrize("convention", CONVENTIONS, ids=["/".join(c) for c in CONVENTIONS])
def test_slip_beside_a_convention_is_found_to_the_won(tmp_path, convention):
    amounts, totals = block_figures(*convention)
    slipped = {**totals, "labour": totals["labour"] + 1000}  # the labour total typed 1,000 won high
    report = verify(_write(tmp_path / "slip.xlsx", [("철근콘크리트", amounts, totals),
                                                   ("철근콘크리트", amounts, slipped)]))
    claims = [f for f in report.findings if f.confidence in COUNTED]
    stated_price, correct_price = int(cut(slipped["labour"])), int(cut(totals["labour"]))
    over = int(cut(LINE_QUANTITY * stated_price)) - int(cut(LINE_QUANTITY * correct_price))
    assert [(f.evidence["check"], f.evidence["block"], f.over_won) for f in claims] == [("breakdown-total", 2, over)]
    # The slip is measured against a convention that writes the unslipped block exactly as it is
    # (several can: their figures coincide on this block).
    reported = claims[0].evidence["rounding_convention"]
    rows, total = reported.removeprefix("rows=").split(";total=")
    assert block_figures(rows, *total.split("/")) == (amounts, totals)
    assert report.direct_over_won == over


def test_row_slip_in_a_standard_block_is_found(tmp_path):
    amounts, totals = block_figures("cut-0.1", "stated", "as-summed")
    typed = list(amounts)
    typed[2] += 500  # the 철근공 amount typed 500 won high, the total summing the rows as typed
    slipped = {**totals, "labour": totals["labour"] + 500}
    report = verify(_write(tmp_path / "row.xlsx", [("철근콘크리트", typed, slipped)]))
    (claim,) = [f for f in report.findings if f.confidence in COUNTED]
    over = int(cut(LINE_QUANTITY * int(cut(slipped["labour"])))) - int(cut(LINE_QUANTITY * int(cut(totals["labour"]))))
    assert (claim.evidence["check"], claim.over_won) == ("breakdown-total", over)
    assert [r["row"] for r in claim.evidence["wrong_rows"]] == [5]


def test_rows_mixing_conventions_are_a_slip(tmp_path):
    """One convention per block: rows cut to 0.1 won beside rows cut to the won are not explained."""
    standard, _ = block_figures("cut-0.1", "stated", "as-summed")
    won, _ = block_figures("cut-won", "stated", "as-summed")
    mixed = [standard[0], won[1], standard[2], won[3], standard[4], won[5]]
    sums = dict.fromkeys(KINDS, Decimal(0))
    for resource, amount in zip(RESOURCES, mixed):
        sums[resource[4]] += amount
    report = verify(_write(tmp_path / "mixed.xlsx", [("철근콘크리트", mixed, sums)]))
    assert [f.evidence["check"] for f in report.findings if f.confidence in COUNTED] == ["breakdown-total"]
