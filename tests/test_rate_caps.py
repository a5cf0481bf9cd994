"""Rule rate-above-cap: caps for 일반관리비 and 이윤, and a statutory premium from a user rate table."""

from decimal import ROUND_DOWN, Decimal

import openpyxl

from estimator import verify
from estimator.refdata.user import reference_data

HEADER = ["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
          "경비단가", "경비금액", "합계단가", "합계금액", "비고"]


def pct(base, rate):
    return int((Decimal(base) * Decimal(rate) / 100).quantize(Decimal(1), rounding=ROUND_DOWN))


def _estimate(path, admin_rate, profit_rate, health_rate="3.545"):
    m, l, e = 1_000_000, 2_000_000, 100_000
    indirect = pct(l, "9.1")
    labour = l + indirect
    health = pct(l, health_rate)
    others = pct(m + labour, "4.6")
    expense = e + health + others
    net = m + labour + expense
    admin = pct(net, admin_rate)
    profit = pct(labour + expense + admin, profit_rate)
    total = net + admin + profit
    vat = pct(total, "10")
    contract = total + vat
    workbook = openpyxl.Workbook()
    bill = workbook.active
    bill.title = "내역서"
    bill.append(["2021년 ○○ 설치공사 내역서"])
    bill.append(HEADER)
    bill.append(["설치공", "", "식", 1, m, m, l, l, e, e, m + l + e, m + l + e, ""])
    summary = workbook.create_sheet("원가계산서")
    summary.append(["공 사 원 가 계 산 서"])
    summary.append(["비목", "금액", "산출근거"])
    for row in (["직접재료비", m], ["직접노무비", l], ["간접노무비", indirect, "직접노무비 x 9.1%"],
                ["산출경비", e], ["건강보험료", health, f"직접노무비 x {health_rate}%"],
                ["기타경비", others, "(재료비+노무비) x 4.6%"],
                ["일반관리비", admin, f"(재료비+노무비+경비) x {admin_rate}%"],
                ["이윤", profit, f"(노무비+경비+일반관리비) x {profit_rate}%"], ["총원가", total],
                ["부가가치세", vat, "총원가 x 10%"], ["도급액", contract]):
        summary.append(row)
    workbook.save(path)
    return {"net": net, "labour": labour, "expense": expense, "admin": admin, "profit": profit,
            "contract": contract, "l": l}


def test_caps_for_general_admin_and_profit(tmp_path):
    figures = _estimate(tmp_path / "caps.xlsx", "7", "16")
    report = verify(tmp_path / "caps.xlsx")
    caps = [(f.item, f.over_won, f.confidence) for f in report.findings if f.rule == "rate-above-cap"]
    admin_ok = pct(figures["net"], "6")
    profit_ok = pct(figures["labour"] + figures["expense"] + figures["admin"], "15")
    assert caps == [("일반관리비", figures["admin"] - admin_ok, "certain"),
                    ("이윤", figures["profit"] - profit_ok, "certain")]
    assert [f for f in report.findings if f.rule == "arithmetic"] == []
    # Through the summary: both rates back at their caps, every head above them recomputed.
    net = figures["net"]
    admin = pct(net, "6")
    profit = pct(figures["labour"] + figures["expense"] + admin, "15")
    total = net + admin + profit
    corrected = total + pct(total, "10")
    totals = report.to_dict()["totals"]
    assert totals["corrected_total_won"] == corrected
    assert totals["total_over_won"] == figures["contract"] - corrected


def test_rates_within_caps_give_nothing(tmp_path):
    _estimate(tmp_path / "ok.xlsx", "6", "15")
    assert [f for f in verify(tmp_path / "ok.xlsx").findings if f.rule == "rate-above-cap"] == []


def test_statutory_premium_from_a_rate_table(tmp_path):
    figures = _estimate(tmp_path / "health.xlsx", "6", "15", health_rate="3.8")
    rates = tmp_path / "rates.csv"
    rates.write_text("head,rate,base,effective_from,effective_to,source,provenance\n"
                     "건강보험료,3.545,직접노무비,2021-01-01,2021-12-31,국민건강보험법 시행령 (test fixture),public\n",
                     encoding="utf-8")
    report = verify(tmp_path / "health.xlsx", refdata=reference_data(rates=[str(rates)]))
    found = [(f.item, f.over_won) for f in report.findings if f.rule == "rate-above-cap"]
    assert found == [("건강보험료", pct(figures["l"], "3.8") - pct(figures["l"], "3.545"))]
