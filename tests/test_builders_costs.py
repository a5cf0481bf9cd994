"""Checks of the linked-estimate builder from the written cells, without any reader.

``builders_costs`` is the oracle for the reader's tests of 일위대가 links and 원가계산서
arithmetic, so these tests recompute every rule from what openpyxl reads back rather than
trusting the builder's own bookkeeping.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal

import openpyxl
import pytest
from builders_costs import STYLES, BuiltEstimate, build_linked_estimate
from cells import number, trunc, won

KINDS = ("material", "labour", "expense")
CANONICAL = ("재료비", "직접재료비", "노무비", "직접노무비", "간접노무비", "경비", "산출경비", "산재보험료",
             "고용보험료", "건강보험료", "연금보험료", "노인장기요양보험료", "산업안전보건관리비", "환경보전비",
             "기타경비", "순공사원가", "일반관리비", "이윤", "총원가", "부가가치세", "도급액")
EXPENSE_HEADS = ("산출경비", "산재보험료", "고용보험료", "건강보험료", "노인장기요양보험료", "연금보험료",
                 "산업안전보건관리비", "환경보전비", "기타경비")




def trunc_tenth(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.1"), rounding=ROUND_DOWN)






def text(value: object) -> str:
    return "" if value is None else str(value).strip()


def squeeze(value: object) -> str:
    return re.sub(r"\s+", "", text(value))


@pytest.fixture(scope="module", params=STYLES, ids=lambda s: f"{s[0]}+{s[1]}")
def built(request, tmp_path_factory) -> tuple[BuiltEstimate, openpyxl.Workbook]:
    breakdown_style, summary_style = request.param
    est = build_linked_estimate(tmp_path_factory.mktemp("costs"), breakdown_style=breakdown_style,
                                summary_style=summary_style)
    wb = openpyxl.load_workbook(est.path, data_only=True)
    return est, wb


def test_no_formulas(built):
    est, _ = built
    wb = openpyxl.load_workbook(est.path, data_only=False)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith("=")), cell.coordinate


def test_sheets(built):
    est, wb = built
    assert wb.sheetnames == [est.summary_sheet, est.bill_sheet, est.breakdown_sheet]


# --------------------------------------------------------------------------- 일위대가


def read_block_unit_prices(est: BuiltEstimate, wb) -> dict[int, dict[str, int]]:
    ws, c = wb[est.breakdown_sheet], est.breakdown_columns
    return {b.number: {k: trunc(number(ws.cell(b.total_row, c[f"{k}_amount"]).value)) for k in KINDS}
            for b in est.blocks}


def test_block_titles(built):
    est, wb = built
    ws, c = wb[est.breakdown_sheet], est.breakdown_columns
    assert [b.number for b in est.blocks] == list(range(1, len(est.blocks) + 1))
    assert 4 <= len(est.blocks) <= 5
    for b in est.blocks:
        if est.breakdown_style == "title-above-header":
            title = text(ws.cell(b.title_row, 1).value)
            assert re.match(rf"^(제\s*)?{b.number}\s*호표\s", title), title
            assert squeeze(title).endswith(squeeze(f"{b.item}{b.spec}{b.unit}")), title
            # The block's own two-row header sits between its title and its first resource.
            assert b.title_row + 1 in est.breakdown_header_rows and b.title_row + 2 in est.breakdown_header_rows
            assert b.resources[0].row == b.title_row + 3
            assert squeeze(ws.cell(b.total_row, c["item"]).value) == "합계"
        else:
            assert text(ws.cell(b.title_row, c["no"]).value) == f"제{b.number}호표"
            assert [text(ws.cell(b.title_row, c[f]).value) for f in ("item", "spec", "unit")] == \
                [b.item, b.spec, b.unit]
            for f in c:
                if f.endswith(("_price", "_amount")) or f == "quantity":
                    assert ws.cell(b.title_row, c[f]).value is None
            assert b.resources[0].row == b.title_row + 1
            assert text(ws.cell(b.total_row, c["item"]).value) == "계"
            for r in b.resources:
                assert ws.cell(r.row, c["no"]).value is None
        # Resource rows are contiguous and end right above the total row.
        assert [r.row for r in b.resources] == list(range(b.resources[0].row, b.total_row))


def test_resource_amounts(built):
    est, wb = built
    ws, c = wb[est.breakdown_sheet], est.breakdown_columns
    for b in est.blocks:
        for r in b.resources:
            assert [text(ws.cell(r.row, c[f]).value) for f in ("item", "spec", "unit")] == [r.item, r.spec, r.unit]
            q = number(ws.cell(r.row, c["quantity"]).value)
            assert q == r.quantity > 0
            for k in KINDS:
                price = number(ws.cell(r.row, c[f"{k}_price"]).value)
                amount = number(ws.cell(r.row, c[f"{k}_amount"]).value)
                assert price == r.prices[k], (b.number, r.row, k)
                assert amount == r.amounts[k] == trunc_tenth(q * price), (b.number, r.row, k)
            assert number(ws.cell(r.row, c["total_price"]).value) == sum(r.prices.values())
            assert number(ws.cell(r.row, c["total_amount"]).value) == sum(r.amounts.values())


def test_block_totals(built):
    est, wb = built
    ws, c = wb[est.breakdown_sheet], est.breakdown_columns
    fractional = False
    for b in est.blocks:
        for k in KINDS:
            written = number(ws.cell(b.total_row, c[f"{k}_amount"]).value)
            summed = sum((number(ws.cell(r.row, c[f"{k}_amount"]).value) for r in b.resources), Decimal(0))
            assert written == summed == b.totals[k], (b.number, k)
            assert b.unit_prices[k] == trunc(written)
            fractional |= written != written.to_integral_value()
        assert number(ws.cell(b.total_row, c["total_amount"]).value) == sum(b.totals.values())
    # The 0.1-won totals must actually differ from their 계금, or the cut is never exercised.
    assert fractional


def test_reference_rows_and_tool_wear(built):
    est, wb = built
    ws, c = wb[est.breakdown_sheet], est.breakdown_columns
    unit_prices = read_block_unit_prices(est, wb)
    refs = [(b, r) for b in est.blocks for r in b.resources if r.ref_block is not None]
    assert refs, "a block must use another block as a resource"
    for b, r in refs:
        assert r.ref_block < b.number
        ref = next(x for x in est.blocks if x.number == r.ref_block)
        assert (r.item, r.spec, r.unit) == (ref.item, ref.spec, ref.unit)
        assert text(ws.cell(r.row, c["remarks"]).value) == f"제{ref.number}호표"
        for k in KINDS:
            assert number(ws.cell(r.row, c[f"{k}_price"]).value) == unit_prices[ref.number][k]
    tools = 0
    for b in est.blocks:
        for i, r in enumerate(b.resources):
            if r.item != "공구손료":
                continue
            tools += 1
            trade = sum((x.amounts["labour"] for x in b.resources[:i] if x.unit == "인"), Decimal(0))
            assert r.quantity == 1 and r.prices["expense"] == r.amounts["expense"] == trunc_tenth(trade * 2 / 100)
            assert r.prices["material"] == r.prices["labour"] == 0
    assert tools >= 3


# --------------------------------------------------------------------------- 내역서


def test_bill_lines(built):
    est, wb = built
    ws, c = wb[est.bill_sheet], est.bill_columns
    assert [text(ws.cell(3, col).value) for col in range(1, 14)] == [
        "품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
        "경비단가", "경비금액", "합계단가", "합계금액", "비고"]
    assert 7 <= len(est.bill_lines) <= 9
    assert len({q for _, q, _, _ in est.bill_lines}) >= 5
    for row, q, prices, amounts in est.bill_lines:
        assert number(ws.cell(row, c["quantity"]).value) == q
        for k in KINDS:
            price = won(ws.cell(row, c[f"{k}_price"]).value)
            amount = won(ws.cell(row, c[f"{k}_amount"]).value)
            assert price == prices[k] and amount == amounts[k] == trunc(q * price), (row, k)
        assert won(ws.cell(row, c["total_price"]).value) == sum(prices.values())
        assert won(ws.cell(row, c["total_amount"]).value) == sum(amounts.values())


def test_bill_totals_and_direct(built):
    est, wb = built
    ws, c = wb[est.bill_sheet], est.bill_columns
    assert len(est.bill_subtotal_rows) == 2
    covered = []
    for row, children in est.bill_subtotal_rows:
        assert text(ws.cell(row, c["item"]).value) == "소계"
        for f in (*(f"{k}_amount" for k in KINDS), "total_amount"):
            assert won(ws.cell(row, c[f]).value) == sum(won(ws.cell(x, c[f]).value) for x in children)
        covered += children
    assert covered == [r for r, _, _, _ in est.bill_lines]
    assert text(ws.cell(est.bill_total_row, c["item"]).value) == "합계"
    for k in KINDS:
        stated = won(ws.cell(est.bill_total_row, c[f"{k}_amount"]).value)
        assert stated == est.direct[k] == sum(won(ws.cell(r, c[f"{k}_amount"]).value) for r, *_ in est.bill_lines)
    assert won(ws.cell(est.bill_total_row, c["total_amount"]).value) == sum(est.direct.values())


def test_links(built):
    est, wb = built
    ws, c = wb[est.bill_sheet], est.bill_columns
    bd, bc = wb[est.breakdown_sheet], est.breakdown_columns
    unit_prices = read_block_unit_prices(est, wb)
    blocks = {b.number: b for b in est.blocks}
    assert [l.row for l in est.links] == [r for r, *_ in est.bill_lines]
    seen_remarks = set()
    for link in est.links:
        remarks = text(ws.cell(link.row, c["remarks"]).value)
        written = [text(ws.cell(link.row, c[f]).value) for f in ("item", "spec", "unit")]
        assert written[0] == link.item
        if link.block is None:
            assert link.method is None
            assert not re.search(r"호표|일위대가", remarks)
            assert written[:1] not in ([b.item] for b in est.blocks)
            continue
        for k in KINDS:
            assert won(ws.cell(link.row, c[f"{k}_price"]).value) == unit_prices[link.block][k], (link.row, k)
        b = blocks[link.block]
        block_title = [text(bd.cell(b.title_row, bc[f]).value) for f in ("item", "spec", "unit")] \
            if est.breakdown_style == "title-in-first-column" else [b.item, b.spec, b.unit]
        if link.method == "remarks":
            m = re.fullmatch(r"(?:제\s*(\d+)\s*호표|(\d+)\s*호표|일위대가\s*(\d+))", remarks)
            assert m and int(next(g for g in m.groups() if g)) == link.block, remarks
            seen_remarks.add(re.sub(r"\d+", "N", remarks))
        else:
            assert link.method == "item-spec-unit"
            assert remarks == "" and written == block_title
    assert seen_remarks >= {"제N호표", "N호표", "일위대가 N"}
    assert any(l.method == "item-spec-unit" for l in est.links)
    assert sum(l.block is None for l in est.links) >= 2


# --------------------------------------------------------------------------- 원가계산서


def test_head_cells(built):
    est, wb = built
    ws = wb[est.summary_sheet]
    assert sorted(h.name for h in est.heads) == sorted(CANONICAL)
    assert squeeze(ws.cell(1, 1).value) == "공사원가계산서"
    for h in est.heads:
        assert won(ws.cell(h.row, est.summary_amount_column).value) == h.stated, h.name
    contract = next(h for h in est.heads if h.name == "도급액")
    assert contract.stated == est.contract_total and est.contract_total % 1000 == 0 and est.contract_total > 0


def test_head_labels_and_rates(built):
    est, wb = built
    ws = wb[est.summary_sheet]
    for h in est.heads:
        if est.summary_style == "text-rates":
            label = text(ws.cell(h.row, 1).value) or text(ws.cell(h.row, 2).value)
            assert squeeze(label) == h.name
            basis = squeeze(ws.cell(h.row, 4).value)
            if h.rate is None:
                assert basis == ""
            else:
                m = re.fullmatch(r"\(?([^()x×]+)\)?[x×]([\d.]+)%", basis)
                assert m, basis
                assert tuple(m.group(1).split("+")) == h.base and Decimal(m.group(2)) == h.rate
        else:
            label = squeeze(ws.cell(h.row, 1).value)
            name = re.sub(r"^(\d+|[가-하](-\d+)?)\.", "", label)
            assert {"도급비계": "도급액", "노인장기요양보험": "노인장기요양보험료"}.get(name, name) == h.name
            rate = text(ws.cell(h.row, 2).value)
            derivation = squeeze(ws.cell(h.row, 6).value)
            ratio = ws.cell(h.row, 9).value
            assert isinstance(ratio, (int, float))
            if h.rate is None:
                assert rate == "" and not derivation.endswith("의")
            else:
                assert re.fullmatch(r"[\d.]+ %", rate) and Decimal(rate[:-1]) == h.rate
                codes = {"가": "재료비", "나": "노무비", "나1": "직접노무비", "다": "경비", "다1": "산출경비",
                         "다4": "건강보험료", "1": "순공사원가", "2": "일반관리비", "4": "총원가"}
                m = re.fullmatch(r"\[([^\]]+)\]의", derivation)
                assert m and tuple(codes[x] for x in m.group(1).split("+")) == h.base, derivation


def test_head_arithmetic(built):
    est, wb = built
    ws = wb[est.summary_sheet]
    v = {h.name: won(ws.cell(h.row, est.summary_amount_column).value) for h in est.heads}
    pct = lambda base, rate: trunc(Decimal(base) * Decimal(rate) / 100)
    assert v["직접재료비"] == est.direct["material"] == v["재료비"]
    assert v["직접노무비"] == est.direct["labour"]
    assert v["산출경비"] == est.direct["expense"]
    assert v["간접노무비"] == pct(v["직접노무비"], "9.1")
    assert v["노무비"] == v["직접노무비"] + v["간접노무비"]
    assert v["산재보험료"] == pct(v["노무비"], "3.56")
    assert v["고용보험료"] == pct(v["노무비"], "1.05")
    assert v["건강보험료"] == pct(v["직접노무비"], "3.595")
    assert v["연금보험료"] == pct(v["직접노무비"], "4.75")
    assert v["노인장기요양보험료"] == pct(v["건강보험료"], "13.14")
    assert v["산업안전보건관리비"] == pct(v["재료비"] + v["직접노무비"], "2.93")
    assert v["환경보전비"] == pct(v["재료비"] + v["직접노무비"] + v["산출경비"], "0.5")
    assert v["기타경비"] == pct(v["재료비"] + v["노무비"], "4.6")
    assert v["경비"] == sum(v[n] for n in EXPENSE_HEADS)
    assert v["순공사원가"] == v["재료비"] + v["노무비"] + v["경비"]
    assert v["일반관리비"] == pct(v["순공사원가"], "5.5")
    assert v["이윤"] == pct(v["노무비"] + v["경비"] + v["일반관리비"], "12")
    assert v["총원가"] == v["순공사원가"] + v["일반관리비"] + v["이윤"]
    assert v["부가가치세"] == pct(v["총원가"], "10")
    assert v["도급액"] == (v["총원가"] + v["부가가치세"]) // 1000 * 1000 == est.contract_total
    # Each rated head equals its stated rate applied to the sum of its stated bases.
    for h in est.heads:
        if h.rate is not None:
            assert h.stated == pct(sum(v[b] for b in h.base), h.rate), h.name
        else:
            assert h.base == ()


def test_pps_ratio_column(built):
    est, wb = built
    if est.summary_style != "pps-codes":
        pytest.skip("only the PPS template has 직공비대비")
    ws = wb[est.summary_sheet]
    direct = sum(est.direct.values())
    for h in est.heads:
        ratio = number(ws.cell(h.row, 9).value)
        assert abs(ratio - Decimal(h.stated) * 100 / direct) <= Decimal("0.005"), h.name
        assert ratio != h.stated
