"""Unit-cost breakdowns, links from the bill, the cost summary and the recomputation engine."""

from decimal import Decimal

import openpyxl
import pytest
from builders_costs import STYLES, build_linked_estimate

from estimator import read, verify
from estimator.costing import direct_sums, recompute, summary_direct_sums
from estimator.model import COST_KINDS


@pytest.fixture(params=STYLES, ids=lambda s: f"{s[0]}+{s[1]}")
def built(request, tmp_path):
    breakdown_style, summary_style = request.param
    return build_linked_estimate(tmp_path, breakdown_style=breakdown_style, summary_style=summary_style)


def test_blocks_read_exactly(built):
    estimate = read(built.path)
    assert [b.number for b in estimate.blocks] == [b.number for b in built.blocks]
    for block, want in zip(estimate.blocks, built.blocks):
        assert (block.location.sheet, block.location.row, block.total_location.row) == (
            want.sheet, want.title_row, want.total_row)
        assert (block.item + block.spec).replace(" ", "") == (want.item + want.spec).replace(" ", "")
        assert block.unit == want.unit
        assert [r.location.row for r in block.resources] == [r.row for r in want.resources]
        for resource, expected in zip(block.resources, want.resources):
            assert resource.quantity == expected.quantity
            for kind in COST_KINDS:
                assert (resource.amounts[kind] or 0) == expected.amounts[kind]
                assert (resource.prices[kind] or 0) == expected.prices[kind]
            assert (resource.ref[1] if resource.ref else None) == expected.ref_block
        # Amounts inside a block keep 0.1 won; its 계금 is cut to the won.
        assert block.totals() == want.totals
        assert block.computed_totals() == want.totals
        assert block.unit_prices() == want.unit_prices


def test_every_line_linked_with_the_right_method(built):
    estimate = read(built.path)
    rows = {line.location.row: i for i, line in enumerate(estimate.lines)}
    for want in built.links:
        link = estimate.links.get(rows[want.row])
        got = (link.block[1], link.method) if link else (None, None)
        assert got == (want.block, want.method), want.item


def test_nested_block_expands(built):
    from estimator.linking import expand

    estimate = read(built.path)
    pole = next(b for b in estimate.blocks if b.number == 3)
    leaves = expand(estimate, pole)
    # The pole block's 터파기 0.6 ㎥ row brings block 1's labour at 0.6 × its man-days.
    digging = next(b for b in built.blocks if b.number == 1)
    labour = [r for r in digging.resources if r.unit == "인"]
    nested = [(res.item, qty) for res, qty, path in leaves if len(path) == 2]
    assert nested and all(path == (("일위대가", 3), ("일위대가", 1)) for _, _, path in leaves if len(path) == 2)
    assert [(item, qty) for item, qty in nested if item == labour[0].item] == [
        (labour[0].item, Decimal("0.6") * labour[0].quantity)]


def test_cost_summary_heads_read(built):
    estimate = read(built.path)
    summary = estimate.cost_summary
    assert summary is not None and summary.sheet == built.summary_sheet
    got = {h.name: (h.location.row, h.stated, h.rate, tuple(sorted(h.base))) for h in summary.heads}
    for want in built.heads:
        row, stated, rate, base = got[want.name]
        assert (row, stated, rate) == (want.row, want.stated, want.rate), want.name
        if want.rate is not None:
            assert base == tuple(sorted(want.base)), want.name
    assert estimate.contract_total_won == built.contract_total


def test_consistent_estimate_has_no_finding_and_recomputes_to_the_won(built):
    report = verify(built.path)
    assert [f for f in report.findings if f.rule == "arithmetic"] == []
    estimate = report.estimate
    assert direct_sums(estimate.lines) == built.direct
    again = recompute(estimate.cost_summary, summary_direct_sums(estimate.cost_summary, estimate.lines))
    assert again.contract == built.contract_total
    stated = {h.name: h.stated for h in estimate.cost_summary.heads}
    assert {name: again.values[name] for name in stated} == stated
    assert report.to_dict()["totals"]["contract_total_won"] == built.contract_total


def _edit(path, sheet, cells):
    workbook = openpyxl.load_workbook(path)
    for (row, col), value in cells.items():
        workbook[sheet].cell(row=row, column=col, value=value)
    workbook.save(path)


def test_changed_line_without_changed_summary_is_located(built):
    # A line's quantity raised by 1 with its amounts, subtotal and total updated, as a re-priced
    # bill would be; the cost summary left as it was.
    cols = built.bill_columns
    row, quantity, prices, amounts = built.bill_lines[0]
    new_q = quantity + 1
    new_amounts = {k: int(new_q * prices[k]) for k in COST_KINDS}
    delta = {k: new_amounts[k] - amounts[k] for k in COST_KINDS}
    cells = {(row, cols["quantity"]): float(new_q)}
    for kind in COST_KINDS:
        cells[(row, cols[f"{kind}_amount"])] = new_amounts[kind]
    cells[(row, cols["total_amount"])] = sum(new_amounts.values())
    subtotal_row = next(r for r, children in built.bill_subtotal_rows if row in children)
    wb = openpyxl.load_workbook(built.path)
    sheet = wb[built.bill_sheet]
    for total_row in (subtotal_row, built.bill_total_row):
        for kind in COST_KINDS:
            col = cols[f"{kind}_amount"]
            cells[(total_row, col)] = (sheet.cell(total_row, col).value or 0) + delta[kind]
        col = cols["total_amount"]
        cells[(total_row, col)] = sheet.cell(total_row, col).value + sum(delta.values())
    _edit(built.path, built.bill_sheet, cells)
    report = verify(built.path)
    found = [(f.location.sheet, f.location.row, f.evidence["check"], f.over_won) for f in report.findings
             if f.rule == "arithmetic"]
    heads = {h.name: h.row for h in built.heads}
    expected = [(built.summary_sheet, heads[name], "cost-summary", -delta[kind])
                for name, kind in (("직접재료비", "material"), ("직접노무비", "labour"), ("산출경비", "expense"))
                if delta[kind]]
    assert sorted(found) == sorted(expected)


def test_removing_one_line_ripples_exactly(built):
    """The ripple of removing one line, computed by hand from the rates of the summary."""
    estimate = read(built.path)
    summary = estimate.cost_summary
    direct = summary_direct_sums(summary, estimate.lines)
    removed = next(line for line in estimate.lines if line.item == "잔토처리")
    rest = [line for line in estimate.lines if line is not removed]
    after = recompute(summary, summary_direct_sums(summary, rest))

    def cut(x):
        return int(x)

    m, l, e = direct["material"], direct["labour"], direct["expense"]
    m -= removed.money.material_amount
    l -= removed.money.labour_amount
    e -= removed.money.expense_amount
    indirect = cut(Decimal(l) * Decimal("9.1") / 100)
    labour = l + indirect
    heads = [cut(Decimal(labour) * Decimal("3.56") / 100), cut(Decimal(labour) * Decimal("1.05") / 100)]
    health = cut(Decimal(l) * Decimal("3.595") / 100)
    heads += [health, cut(Decimal(l) * Decimal("4.75") / 100), cut(Decimal(health) * Decimal("13.14") / 100),
              cut(Decimal(m + l) * Decimal("2.93") / 100), cut(Decimal(m + l + e) * Decimal("0.5") / 100),
              cut(Decimal(m + labour) * Decimal("4.6") / 100)]
    expense = e + sum(heads)
    net = m + labour + expense
    admin = cut(Decimal(net) * Decimal("5.5") / 100)
    profit = cut(Decimal(labour + expense + admin) * 12 / 100)
    total = net + admin + profit
    vat = cut(Decimal(total) / 10)
    contract = (total + vat) // 1000 * 1000
    assert after.contract == contract
    assert built.contract_total - after.contract == 8_178_000 - contract
    assert after.contract != built.contract_total


def test_line_price_off_its_block_is_found(built):
    cols = built.bill_columns
    link = next(x for x in built.links if x.method == "remarks")
    row, quantity, prices, amounts = next(b for b in built.bill_lines if b[0] == link.row)
    wrong = prices["labour"] + 1000
    new_amount = int(quantity * wrong)
    _edit(built.path, built.bill_sheet, {
        (row, cols["labour_price"]): wrong, (row, cols["labour_amount"]): new_amount,
        (row, cols["total_price"]): sum(prices.values()) + 1000,
        (row, cols["total_amount"]): sum(amounts.values()) - amounts["labour"] + new_amount})
    report = verify(built.path)
    line_findings = [f for f in report.findings if f.location.sheet == built.bill_sheet]
    over = new_amount - amounts["labour"]
    assert [(f.location.row, f.evidence["check"], f.over_won, f.confidence) for f in line_findings
            if f.evidence["check"] == "breakdown-price"] == [(row, "breakdown-price", over, "certain")]


@pytest.mark.parametrize("carried", [False, True], ids=["row-only", "into-total"])
def test_breakdown_slip_carries_to_the_lines(built, carried):
    block = next(b for b in built.blocks if b.number == 2)
    resource = next(r for r in block.resources if r.unit == "인")
    cols = built.breakdown_columns
    cells = {(resource.row, cols["labour_amount"]): float(resource.amounts["labour"] + 100)}
    if carried:  # the 합계 row carries the wrong row amount, as a spreadsheet sum would
        cells[(block.total_row, cols["labour_amount"])] = float(block.totals["labour"] + 100)
        if "total_amount" in cols:
            cells[(block.total_row, cols["total_amount"])] = float(sum(block.totals.values()) + 100)
    _edit(built.path, built.breakdown_sheet, cells)
    line = next(x for x in built.links if x.block == 2)
    row, quantity, prices, amounts = next(b for b in built.bill_lines if b[0] == line.row)
    stated = int(block.totals["labour"] + (100 if carried else 0))
    if carried:  # and the bill quotes the block's new total
        bill = built.bill_columns
        labour = int(quantity * stated)
        _edit(built.path, built.bill_sheet, {
            (row, bill["labour_price"]): stated, (row, bill["labour_amount"]): labour,
            (row, bill["total_price"]): sum(prices.values()) - prices["labour"] + stated,
            (row, bill["total_amount"]): sum(amounts.values()) - amounts["labour"] + labour})
    report = verify(built.path)
    assert not [f for f in report.findings if f.evidence["check"] == "breakdown-price"]
    found = [f for f in report.findings if f.evidence["check"] == "breakdown-total"]
    assert [(f.location.row, [w["row"] for w in f.evidence["wrong_rows"]]) for f in found] == [
        (block.total_row, [resource.row])]
    correct = block.unit_prices["labour"]
    assert found[0].over_won == int(quantity * stated) - int(quantity * correct)
    assert (found[0].over_won > 0) == carried


def test_bid_t5_rates_become_a_cost_summary(data_dir):
    estimate = read(data_dir / "g2b_20221225183_gwangju_museum_original.BID")
    summary = estimate.cost_summary
    assert summary.source == "bid-T5"
    heads = {h.name: h for h in summary.heads}
    assert (heads["간접노무비"].rate, heads["간접노무비"].base) == (Decimal("11.3"), ("직접노무비",))
    assert (heads["산재보험료"].rate, heads["고용보험료"].rate) == (Decimal("3.7"), Decimal("1.02"))
    assert heads["국민건강보험료" if "국민건강보험료" in heads else "건강보험료"].stated == 130826573
    assert heads["기타경비"].rate == Decimal("7.9") and heads["일반관리비"].rate == Decimal("5.5")
    assert heads["부가가치세"].rate == 10
    assert len(estimate.attributes["rates"]) == 17
