"""Breakdown lists, cycles, a real cost-summary template, and estimates without a cost summary."""

from decimal import Decimal

import openpyxl

from estimator import read, verify
from estimator.readers.costsummary import read_cost_summary
from estimator.readers.workbook import load_grids

BILL_HEADER = ["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
               "경비단가", "경비금액", "합계단가", "합계금액", "비고"]
BLOCK_HEADER = ["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
                "경비단가", "경비금액", "비고"]


def _workbook(path, sheets):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _line(item, spec, unit, q, prices, remarks=""):
    amounts = [int(Decimal(str(q)) * p) for p in prices]
    return [item, spec, unit, q, prices[0], amounts[0], prices[1], amounts[1], prices[2], amounts[2],
            sum(prices), sum(amounts), remarks]


def test_list_sheet_indexes_blocks_and_its_price_is_checked(tmp_path):
    path = _workbook(tmp_path / "list.xlsx", {
        "내역서": [BILL_HEADER, _line("터파기(인력)", "보통토사", "㎥", 10, (0, 46751, 0), "제1호표"),
                   _line("되메우기(인력)", "다짐", "㎥", 8, (0, 22373, 0), "제2호표")],
        "일위대가목록": [["일 위 대 가 목 록"],
                         ["호표", "품명", "규격", "단위", "수량", "재료비", "노무비", "경비", "합계"],
                         ["제1호표", "터파기(인력)", "보통토사", "㎥", None, 0, 46751, 0, 46751],
                         ["제2호표", "되메우기(인력)", "다짐", "㎥", None, 0, 22400, 0, 22400]],
        "일위대가": [["제1호표 터파기(인력) 보통토사 ㎥"], BLOCK_HEADER,
                     ["보통인부", "", "인", 0.28, 0, 0, 166970, 46751.6, 0, 0],
                     ["합계", None, None, None, None, 0, None, 46751.6, None, 0]],
    })
    report = verify(path)
    estimate = report.estimate
    assert [(b.number, b.indexed) for b in estimate.blocks] == [(1, True), (2, True), (1, False)]
    assert {i: (link.block, link.method) for i, link in estimate.links.items()} == {
        0: (("일위대가", 1), "remarks"), 1: (("일위대가", 2), "remarks")}
    assert estimate.block(("일위대가", 1)).indexed is False
    found = [(f.location.sheet, f.location.row, f.evidence["check"], f.over_won) for f in report.findings]
    # Line 2 quotes 22,373 but the only breakdown the file has for block 2 (its list entry) says 22,400.
    assert found == [("내역서", 3, "breakdown-price", 8 * 22373 - 8 * 22400)]
    assert not estimate.unparsed


def test_list_price_differing_from_its_block(tmp_path):
    path = _workbook(tmp_path / "list2.xlsx", {
        "내역서": [BILL_HEADER, _line("터파기(인력)", "보통토사", "㎥", 10, (0, 46751, 0), "제1호표")],
        "일위대가목록": [["호표", "품명", "규격", "단위", "수량", "재료비", "노무비", "경비"],
                         ["제1호표", "터파기(인력)", "보통토사", "㎥", None, 0, 46800, 0]],
        "일위대가": [["제1호표 터파기(인력) 보통토사 ㎥"], BLOCK_HEADER,
                     ["보통인부", "", "인", 0.28, 0, 0, 166970, 46751.6, 0, 0],
                     ["합계", None, None, None, None, 0, None, 46751.6, None, 0]],
    })
    report = verify(path)
    assert [(f.location.sheet, f.location.row, f.evidence["check"], f.over_won) for f in report.findings] == [
        ("일위대가목록", 2, "breakdown-index", 0)]


def test_cycle_between_blocks_is_reported_not_followed(tmp_path):
    path = _workbook(tmp_path / "cycle.xlsx", {
        "내역서": [BILL_HEADER, _line("가설공", "A", "식", 1, (100, 0, 0), "제1호표")],
        "일위대가": [["제1호표 가설공 A 식"], BLOCK_HEADER,
                     ["가설재", "B", "식", 1, 100, 100, 0, 0, 0, 0, "제2호표"],
                     ["합계", None, None, None, None, 100, None, 0, None, 0],
                     ["제2호표 가설재 B 식"], BLOCK_HEADER,
                     ["가설공", "A", "식", 1, 100, 100, 0, 0, 0, 0, "제1호표"],
                     ["합계", None, None, None, None, 100, None, 0, None, 0]],
    })
    from estimator.linking import expand

    estimate = read(path)
    cycles = [w for w in estimate.warnings if w.code == "breakdown_cycle"]
    assert cycles and "일위대가 1 → 일위대가 2 → 일위대가 1" in cycles[0].render()
    leaves = expand(estimate, estimate.blocks[0])
    assert [(r.item, path) for r, _, path in leaves] == [("가설공", (("일위대가", 1), ("일위대가", 2)))]


def test_real_pps_cost_summary_template(data_dir):
    from estimator.model import Estimate

    grid = load_grids(data_dir / "CMCProj_wongagyesanseo_template.xlsx")[0]
    estimate = Estimate(source="template", kind="xlsx")
    summary = read_cost_summary(estimate, grid)
    heads = {h.name: h for h in summary.heads}
    assert heads["간접노무비"].base == ("직접노무비",) and heads["간접노무비"].derivation.startswith("[나1]")
    assert heads["환경보전비"].base == ("재료비", "직접노무비", "산출경비")
    assert heads["기타경비"].base == ("재료비", "노무비")
    assert (heads["일반관리비"].rate, heads["일반관리비"].base) == (Decimal("5.5"), ("순공사원가",))
    assert heads["총원가"].components == ("순공사원가", "일반관리비", "이윤", "PS", "제요율적용제외")
    assert heads["도급액"].components == ("소계", "부가가치세", "매입세")
    assert (heads["부가가치세"].rate, heads["부가가치세"].base) == (Decimal(10), ("소계",))
    assert heads["순공사원가"].location.row == 3 and heads["도급액"].location.row == 34
    assert estimate.warnings == []


def test_no_cost_summary_uses_default_rates_and_says_so(tmp_path):
    path = _workbook(tmp_path / "bare.xlsx", {
        "내역서": [BILL_HEADER, _line("터파기(인력)", "보통토사", "㎥", 10, (0, 46750, 0)),
                   _line("강관주", "Φ165.2", "본", 3, (1850000, 0, 0)),
                   _line("카메라", "PTZ", "대", 3, (1000000, 10000, 0))],
    })
    report = verify(path).to_dict()
    assert any("기본 제비율(2026년)" in w for w in report["warnings"])
    assert report["totals"]["contract_total_won"] is None
    # 2026 defaults: 간접노무비 19.1%, 산재 3.56%, 고용 1.05%, 건강 3.595%, 연금 4.75%, 장기요양 13.14%,
    # 기타경비 5%, 일반관리비 6%, 이윤 15%, VAT 10%; contract cut below 1,000 won.
    m, l, e = 3 * 1850000 + 3 * 1000000, 467500 + 30000, 0
    cut = int
    indirect = cut(Decimal(l) * Decimal("0.191"))
    labour = l + indirect
    health = cut(Decimal(l) * Decimal("0.03595"))
    expense = e + sum([cut(Decimal(labour) * Decimal("0.0356")), cut(Decimal(labour) * Decimal("0.0105")), health,
                       cut(Decimal(l) * Decimal("0.0475")), cut(Decimal(health) * Decimal("0.1314")),
                       cut(Decimal(m + labour) * Decimal("0.05"))])
    net = m + labour + expense
    admin = cut(Decimal(net) * Decimal("0.06"))
    profit = cut(Decimal(labour + expense + admin) * Decimal("0.15"))
    total = net + admin + profit
    contract = (total + cut(Decimal(total) / 10)) // 1000 * 1000
    assert report["totals"]["recomputed_total_won"] == contract


def test_rates_in_their_own_column(tmp_path):
    path = _workbook(tmp_path / "ratecol.xlsx", {
        "내역서": [BILL_HEADER, _line("터파기(인력)", "보통토사", "㎥", 10, (100000, 46750, 1000))],
        "원가계산서": [["공 사 원 가 계 산 서"], ["비목", "요율", "금액", "비고"],
                       ["직접재료비", None, 1000000], ["직접노무비", None, 467500], ["간접노무비", 9.1, 42542],
                       ["산출경비", None, 10000], ["기타경비", 4.6, 69461],
                       ["일반관리비", 6, 95370], ["이윤", 15, 102730], ["총원가", None, 1787603],
                       ["부가가치세", 10, 178760], ["도급액", None, 1966363]],
    })
    report = verify(path)
    heads = {h.name: h for h in report.estimate.cost_summary.heads}
    assert (heads["간접노무비"].rate, heads["간접노무비"].base) == (Decimal("9.1"), ("직접노무비",))
    assert heads["기타경비"].base == ("재료비", "노무비")
    assert report.findings == []
    # Not a multiple of 1,000: this document does not cut its total, so neither does the engine.
    assert report.to_dict()["totals"]["recomputed_total_won"] == 1966363
