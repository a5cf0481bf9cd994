"""Checks of the workbook builders themselves, from the written cells, without any reader.

The builders are the oracle for the reader's tests, so these tests recompute every rule from
what openpyxl reads back rather than trusting the builders' own bookkeeping.
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from builders import BUILDERS, BuiltWorkbook
from cells import number, text, trunc, won

KINDS = ("material", "labour", "expense")
MONEY_FIELDS = tuple(f"{k}_{p}" for k in (*KINDS, "total") for p in ("price", "amount"))
TEXT_FIELDS = ("item", "spec", "unit", "remarks")










@pytest.fixture(scope="module", params=sorted(BUILDERS))
def name(request):
    return request.param


@pytest.fixture(scope="module")
def pair(name, tmp_path_factory):
    """(with slips, consistent) builds of one layout, each with its opened bill sheet."""
    out = []
    for slips in (True, False):
        d = tmp_path_factory.mktemp(f"{name}_{slips}")
        built = BUILDERS[name](d, slips=slips)
        ws = openpyxl.load_workbook(built.path, data_only=False)[built.boq_sheet]
        out.append((built, ws))
    return out


def cell(ws, built: BuiltWorkbook, row: int, field: str):
    return ws.cell(row, built.columns[field]).value


def violations(built: BuiltWorkbook, ws) -> set[tuple[int, str, int]]:
    """Every broken arithmetic rule as (row, check, stated − correct), from the cells alone."""
    found = set()
    for line in built.lines:
        q = number(cell(ws, built, line.row, "quantity"))
        stated = won(cell(ws, built, line.row, "total_amount"))
        if built.has_kinds:
            prices = {k: won(cell(ws, built, line.row, f"{k}_price")) for k in KINDS}
            amounts = {k: won(cell(ws, built, line.row, f"{k}_amount")) for k in KINDS}
            correct = sum(trunc(q * prices[k]) for k in KINDS)
            if won(cell(ws, built, line.row, "total_price")) != sum(prices.values()):
                found.add((line.row, "unit-price-sum", stated - correct))
            elif stated != correct or any(amounts[k] != trunc(q * prices[k]) for k in KINDS):
                found.add((line.row, "line-amount", stated - correct))
        else:
            correct = trunc(q * number(cell(ws, built, line.row, "total_price")))
            if stated != correct:
                found.add((line.row, "line-amount", stated - correct))
    for total in built.totals:
        stated = won(cell(ws, built, total.row, "total_amount"))
        children = sum(won(cell(ws, built, r, "total_amount")) for r in total.children)
        kind_ok = True
        if built.has_kinds:
            for k in KINDS:
                sub = sum(won(cell(ws, built, r, f"{k}_amount")) for r in total.children)
                kind_ok &= won(cell(ws, built, total.row, f"{k}_amount")) == sub
        if stated != children or not kind_ok:
            found.add((total.row, total.kind, stated - children))
    return found


def test_lines_are_written_as_expected(pair):
    for built, ws in pair:
        assert built.lines
        for line in built.lines:
            for f in TEXT_FIELDS:
                assert text(cell(ws, built, line.row, f)) == getattr(line, f), (line.row, f)
            assert number(cell(ws, built, line.row, "quantity")) == line.quantity
            for f in MONEY_FIELDS:
                expected = getattr(line, f)
                if f in built.columns:
                    assert expected is not None
                    assert won(cell(ws, built, line.row, f)) == expected, (line.row, f)
                else:
                    assert expected is None
            if "no" in built.columns:
                assert cell(ws, built, line.row, "no") == line.no
            if "section" in built.columns:
                assert (text(cell(ws, built, line.row, "section")),) == line.section
            assert line.sheet == built.boq_sheet


def test_totals_and_grand_total_as_written(pair):
    for built, ws in pair:
        for total in built.totals:
            assert text(ws.cell(total.row, built.label_columns[total.row]).value) == total.label
            assert won(cell(ws, built, total.row, "total_amount")) == total.total_amount
            for f in ("total_price", "material_price", "labour_price", "expense_price", "quantity"):
                if f in built.columns:
                    assert cell(ws, built, total.row, f) is None
        grand = [t for t in built.totals if t.kind == "grand-total"]
        assert grand and grand[-1].row == max(t.row for t in grand)
        assert won(cell(ws, built, grand[-1].row, "total_amount")) == built.stated_grand_total


def test_consistent_build_has_no_violation(pair):
    _, (built, ws) = pair
    assert built.slips == []
    assert violations(built, ws) == set()


def test_slips_match_their_rule(pair):
    built, ws = pair[0]
    assert built.slips
    assert {(s.row, s.check, s.over_won) for s in built.slips} == violations(built, ws)
    assert all(s.sheet == built.boq_sheet and s.over_won != 0 for s in built.slips)


def test_slips_leave_the_rest_of_the_workbook_alone(pair):
    (slipped, _), (clean, _) = pair
    assert [l.row for l in slipped.lines] == [l.row for l in clean.lines]
    assert [t.row for t in slipped.totals] == [t.row for t in clean.totals]
    slip_rows = {s.row for s in slipped.slips}
    changed = {a.row for a, b in zip(slipped.lines, clean.lines) if a != b}
    assert changed <= slip_rows


def test_every_nonempty_row_is_classified_once(pair):
    for built, ws in pair:
        groups = [
            [l.row for l in built.lines], built.heading_rows, built.total_rows, built.note_rows,
            built.header_rows, built.title_rows,
        ]
        every = [r for g in groups for r in g]
        assert len(every) == len(set(every)), "a row in two groups"
        nonempty = {
            row[0].row for row in ws.iter_rows()
            if any(c.value is not None and str(c.value).strip() for c in row)
        }
        assert nonempty == set(every)
        assert 1 <= len(built.header_rows) <= 3
        assert all(r < min(built.header_rows) for r in built.title_rows)
        assert max(built.header_rows) < min(every_r for g in groups[:4] for every_r in g)


def test_arithmetic_exercises_truncation(pair):
    built, _ = pair[1]
    quantities = {l.quantity for l in built.lines}
    negatives = [l for l in built.lines if l.quantity < 0]
    assert negatives, "needs a 작업설 credit"
    # Truncation toward zero must differ from flooring somewhere on the credit line.
    assert any(
        (l.quantity * Decimal(l.total_price)) != int(l.quantity * Decimal(l.total_price))
        for l in negatives
    )
    assert any(q != q.to_integral_value() for q in quantities)


def test_other_sheets_look_like_bills_but_are_separate(pair):
    built, _ = pair[0]
    wb = openpyxl.load_workbook(built.path)
    assert set(wb.sheetnames) == {built.boq_sheet, *built.other_sheets}
    assert any(n.startswith("일위대가") for n in built.other_sheets)
    assert "원가계산서" in built.other_sheets
    ilwi = wb[next(n for n in built.other_sheets if n.startswith("일위대가"))]
    labels = [str(c.value) for c in ilwi["A"] if c.value]
    assert any("호표" in v for v in labels) and any(v.replace(" ", "") == "보통인부" for v in labels)


def test_workbooks_hold_values_only(pair):
    for built, _ in pair:
        wb = openpyxl.load_workbook(built.path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    assert not (isinstance(c.value, str) and c.value.startswith("=")), (ws.title, c.coordinate)


def test_layout_specifics(tmp_path):
    merged = BUILDERS["merged_two_row"](tmp_path)
    assert merged.boq_sheet == "내역서" and len(merged.header_rows) == 2 and merged.note_rows
    assert {s.check for s in merged.slips} == {"line-amount", "subtotal"}
    joined = BUILDERS["joined_one_row"](tmp_path)
    assert joined.boq_sheet == "설계내역서" and joined.header_rows == [1] and joined.title_rows == []
    assert [l.no for l in joined.lines] == list(range(1, len(joined.lines) + 1))
    assert [s.check for s in joined.slips] == ["unit-price-sum"]
    single = BUILDERS["single_price"](tmp_path)
    assert single.boq_sheet == "내역" and single.header_rows == [3] and single.title_rows == [1]
    assert all(l.material_price is None and l.labour_amount is None for l in single.lines)
    three = BUILDERS["three_row_reordered"](tmp_path)
    assert three.boq_sheet == "공종별내역서" and three.header_rows == [4, 5, 6]
    assert three.title_rows == [1, 2, 3]
    assert three.columns["quantity"] < three.columns["unit"] < three.columns["total_price"] \
        < three.columns["material_price"]
    assert [s.check for s in three.slips] == ["line-amount"]
    sheets = {n for b in (merged, joined, single, three) for n in b.other_sheets}
    assert {"집계표", "단가대비표", "일위대가표", "일위대가"} <= sheets
