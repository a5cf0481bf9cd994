"""The audit's patterns, rebuilt in workbooks by code, through every route, with exact amounts."""

from datetime import date
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import pytest
from builders_audit import AC_CASE, FIVE_POLE_CASES, build_ac_estimate, build_pole_estimate

from estimator.findings import COUNTED
from estimator import verify
from estimator.refdata.user import reference_data

HERE = Path(__file__).parent


def _quantities_2021(tmp_path: Path) -> Path:
    """The 8-2-4 figures as a 2021-edition table for the test (the bundled edition is 2026)."""
    path = tmp_path / "quantities_2021.csv"
    path.write_text(
        "work,spec,unit,resource,resource_unit,quantity,includes,edition,sector,item_code,resource_kind\n"
        "천장형 에어컨 설치,실내기 16이하,대,기계설비공,인,0.45,,2021 (test fixture),기계설비부문,8-2-4,labour\n"
        "천장형 에어컨 설치,실내기 16이하,대,보통인부,인,0.22,,2021 (test fixture),기계설비부문,8-2-4,labour\n"
        "천장형 에어컨 설치,실외기 6~12이하,대,기계설비공,인,1.00,,2021 (test fixture),기계설비부문,8-2-4,labour\n"
        "천장형 에어컨 설치,실외기 6~12이하,대,보통인부,인,0.50,,2021 (test fixture),기계설비부문,8-2-4,labour\n"
        "천장형 에어컨 설치,실외기 16이하,대,기계설비공,인,1.33,,2021 (test fixture),기계설비부문,8-2-4,labour\n"
        "천장형 에어컨 설치,실외기 16이하,대,보통인부,인,0.67,,2021 (test fixture),기계설비부문,8-2-4,labour\n",
        encoding="utf-8")
    return path


def _run(built, **extra):
    refs = reference_data(prices=[str(built.prices_csv)], wages=[str(built.wages_csv)], **extra)
    return verify(built.path, refdata=refs)


@pytest.mark.parametrize("case", FIVE_POLE_CASES, ids=lambda c: c["name"])
def test_pole_estimates(tmp_path, case):
    built = build_pole_estimate(tmp_path, **case)
    report = _run(built)
    got = [(f.rule, f.location.row, f.item, f.over_won, f.confidence, f.evidence.get("route"))
           for f in report.findings]
    want = [(f.rule, f.row, f.item, f.over_won, f.confidence, f.route) for f in built.findings]
    assert got == want
    totals = report.to_dict()["totals"]
    assert totals["direct_over_won"] == built.direct_over_won
    assert totals["contract_total_won"] == built.contract_total == totals["recomputed_total_won"]
    assert totals["corrected_total_won"] == built.corrected_contract_total
    assert totals["total_over_won"] == built.contract_total - built.corrected_contract_total
    # Decoys: the conduit trench, the plate at the PPS price and the cable priced per 100 m.
    rows = {f.location.row for f in report.findings}
    for role in ("conduit", "plate-pps", "cable"):
        if role in built.line_rows:
            assert built.line_rows[role] not in rows, role
    assert report.estimate.date.value.year == case["year"]


def test_pole_duplicate_evidence(tmp_path):
    built = build_pole_estimate(tmp_path, **FIVE_POLE_CASES[0])
    report = _run(built)
    dig = next(f for f in report.findings if f.rule == "duplicate-scope" and f.evidence["route"] == "a")
    assert dig.evidence["breakdown"]["호표"] == "일위대가 제3호표"
    assert dig.evidence["quantity_matches"] is True and "names 폴" in dig.evidence["attribution"]
    fill = next(f for f in report.findings if f.rule == "duplicate-scope" and f.evidence["route"] == "b")
    assert fill.evidence["standard"]["item_code"] == "9-2-1-3"
    assert "되메우기" in fill.evidence["standard"]["includes"].split(";")
    plate = next(f for f in report.findings if f.rule == "price-above-reference")
    assert plate.evidence["reference"]["source"].startswith("조달청")
    assert plate.evidence["estimate_source"] == "물가정보"


def test_user_price_table_changes_the_verdict(tmp_path):
    built = build_pole_estimate(tmp_path, **FIVE_POLE_CASES[4])  # 2021: before the bundled PPS rounds
    bundled_only = verify(built.path)
    plate_row = next(f.row for f in built.findings if f.rule == "price-above-reference")
    # No bundled price is in force in 2021 (the PPS rounds start 2024-10): no claim, and coverage says why.
    assert [f for f in bundled_only.findings if f.location.row == plate_row] == []
    assert {"sheet": "내역서", "row": plate_row, "rule": "price-above-reference", "code": "no_reference_in_force"} \
        in bundled_only.to_dict()["coverage_rows"]
    with_user = _run(built)
    assert [f.confidence for f in with_user.findings if f.location.row == plate_row] == ["certain"]


def test_air_conditioner_labour_by_hand(tmp_path):
    built = build_ac_estimate(tmp_path, **AC_CASE)
    report = _run(built, quantities=[str(_quantities_2021(tmp_path))])
    findings = [(f.rule, f.location.row, f.over_won, f.confidence) for f in report.findings]
    assert findings == [(f.rule, f.row, f.over_won, f.confidence) for f in built.findings]

    def cut(x, places=0):
        return Decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)

    # Indoor: 6 units; 기계설비공 1.20 → 0.45 and 보통인부 0.60 → 0.22 인 at 180,743 and 138,293 won.
    stated = int(6 * cut(cut(Decimal("1.20") * 180743, 1) + cut(Decimal("0.60") * 138293, 1)))
    standard = int(6 * cut(cut(Decimal("0.45") * 180743, 1) + cut(Decimal("0.22") * 138293, 1)))
    assert stated - standard == report.findings[0].over_won == 1_128_654
    # Outdoor 10 kW: 3 units; 2.00 → 1.00 and 1.00 → 0.50.
    stated = int(3 * cut(cut(Decimal("2.00") * 180743, 1) + cut(Decimal("1.00") * 138293, 1)))
    standard = int(3 * cut(cut(Decimal("1.00") * 180743, 1) + cut(Decimal("0.50") * 138293, 1)))
    assert stated - standard == report.findings[1].over_won == 749_670
    # Through the cost summary (rates 9.1, 3.56, 1.05, 3.595, 4.75, 13.14, 2.93, 0.5, 4.6, 5.5, 12, 10).
    m, l, e = 1_250_125, 3_522_055 - 1_128_654 - 749_670, 0

    def pct(base, rate):
        return int(cut(Decimal(base) * Decimal(rate) / 100))

    indirect = pct(l, "9.1")
    labour = l + indirect
    health = pct(l, "3.595")
    expense = e + pct(labour, "3.56") + pct(labour, "1.05") + health + pct(l, "4.75") + pct(health, "13.14") \
        + pct(m + l, "2.93") + pct(m + l + e, "0.5") + pct(m + labour, "4.6")
    net = m + labour + expense
    admin = pct(net, "5.5")
    profit = pct(labour + expense + admin, "12")
    total = net + admin + profit
    contract = (total + pct(total, "10")) // 1000 * 1000
    totals = report.to_dict()["totals"]
    assert totals["corrected_total_won"] == contract == built.corrected_contract_total
    assert totals["total_over_won"] == built.contract_total - contract
    assert totals["direct_over_won"] == 1_128_654 + 749_670


def test_labour_at_the_standard_is_no_finding(tmp_path):
    built = build_ac_estimate(tmp_path, **AC_CASE)
    report = _run(built, quantities=[str(_quantities_2021(tmp_path))])
    assert built.line_rows["indoor-decoy"] not in {f.location.row for f in report.findings}


def test_later_edition_only_makes_labour_findings_possible(tmp_path):
    built = build_ac_estimate(tmp_path, **AC_CASE)
    report = _run(built)  # the 2021 estimate against the bundled 2026 edition only
    assert {f.confidence for f in report.findings if f.rule == "labour-above-standard"} == {"possible"}
    assert any(m.code == "later_edition_only" for m in report.warning_messages)
    assert any("이후 판(2026)" in w for w in report.warnings)
    assert report.direct_over_won == 0


def test_two_editions_and_as_of_flip_the_verdict(tmp_path):
    """A 2019 edition that allowed more man-days; --as-of decides which edition judges the estimate."""
    built = build_ac_estimate(tmp_path, **AC_CASE)
    older = tmp_path / "quantities_2019.csv"
    older.write_text(
        "work,spec,unit,resource,resource_unit,quantity,includes,edition,resource_kind\n"
        "천장형 에어컨 설치,실내기 16이하,대,기계설비공,인,1.30,,2019 (test fixture),labour\n"
        "천장형 에어컨 설치,실내기 16이하,대,보통인부,인,0.65,,2019 (test fixture),labour\n"
        "천장형 에어컨 설치,실외기 6~12이하,대,기계설비공,인,2.10,,2019 (test fixture),labour\n"
        "천장형 에어컨 설치,실외기 6~12이하,대,보통인부,인,1.10,,2019 (test fixture),labour\n", encoding="utf-8")
    refs = reference_data(prices=[str(built.prices_csv)], wages=[str(built.wages_csv)], quantities=[str(older)])
    then = verify(built.path, refdata=refs, as_of=date(2020, 6, 1))
    now = verify(built.path, refdata=refs, as_of=date(2026, 6, 1))
    assert [f for f in then.findings if f.rule == "labour-above-standard"] == []
    assert [(f.location.row, f.over_won, f.confidence) for f in now.findings if f.rule == "labour-above-standard"] == [
        (5, 1_128_654, "certain"), (6, 749_670, "certain")]
    assert "2019 (test fixture)" in " ".join(then.to_dict()["references"]["used"])
    assert "edition 2026" in " ".join(now.to_dict()["references"]["used"])


def test_real_priced_bill_duplicate_claims(data_dir):
    """The PPS bill prices excavation under many works (흄관 부설, 집수정, 측구, H-PILE …); one line says
    it includes its excavation: '..RAKER BLOCK 설치(터파기 포함)'. Beside it, in the same section and
    with the same volume, '..kicker block 구간 터파기' prices the excavation of the raker's block again:
    probable (the names differ: kicker, raker). Excavation under other works (도시가스옥외배관공사)
    is never the block's; excavation elsewhere that names nothing is at most possible."""
    report = verify(data_dir / "g2b_20221225183_gwangju_museum_PRICED_by_CMC_tool_T3.csv")
    lines = report.estimate.lines
    (container,) = [line for line in lines if "터파기 포함" in line.item]
    twin = [line for line in lines if "터파기" in line.item and line is not container
            and line.section == container.section and line.quantity == container.quantity]
    claims = [f for f in report.findings if f.rule == "duplicate-scope"]
    counted = [(f.location.row, f.over_won, f.confidence) for f in claims if f.confidence in COUNTED]
    assert counted == [(line.location.row, line.money.stated_total(), "probable") for line in twin]
    assert all(f.evidence["container"]["row"] == container.location.row for f in claims)
    # No claim on excavation under a piping or conduit work.
    piped = {line.location.row for line in lines if "터파기" in line.item and "배관" in " ".join(line.section)}
    assert piped and not piped & {f.location.row for f in claims}
    assert {f.confidence for f in claims} <= {"probable", "possible"}


def test_wage_above_market_composes_with_labour(tmp_path):
    """Market wages below the block's: the wage rule takes (wage − market) × actual man-days, the
    labour rule (actual − standard) × market; together the line's amount at the standard and market."""
    built = build_ac_estimate(tmp_path, **AC_CASE)
    wages = tmp_path / "low_wages.csv"
    wages.write_text("job,wage_won,effective_from,effective_to,sector,source\n"
                     "기계설비공,170000,2021-01-01,2021-12-31,건설,test fixture\n"
                     "보통인부,130000,2021-01-01,2021-12-31,건설,test fixture\n", encoding="utf-8")
    refs = reference_data(prices=[str(built.prices_csv)], wages=[str(wages)],
                          quantities=[str(_quantities_2021(tmp_path))])
    report = verify(built.path, refdata=refs)
    row = built.line_rows["indoor"]
    mine = {f.rule: f.over_won for f in report.findings if f.location.row == row}

    def cut(x, places=0):
        return Decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)

    def line(m1, w1, m2, w2):
        return int(6 * cut(cut(Decimal(m1) * w1, 1) + cut(Decimal(m2) * w2, 1)))

    stated = line("1.20", 180743, "0.60", 138293)
    at_market = line("1.20", 170000, "0.60", 130000)
    at_standard = line("0.45", 170000, "0.22", 130000)
    assert mine == {"wage-above-market": stated - at_market, "labour-above-standard": at_market - at_standard}
    assert report.direct_over_won >= stated - at_standard
    wage = next(f for f in report.findings if f.rule == "wage-above-market" and f.location.row == row)
    assert {w["trade"]: w["market_wage"] for w in wage.evidence["wages"]} == {"기계설비공": 170000, "보통인부": 130000}
    assert wage.evidence["breakdown"]["호표"] == "일위대가 제1호표"


def test_weak_and_ambiguous_matches_go_to_unmatched():
    result = verify(HERE.parent / "examples" / "cctv_pole_estimate.xlsx")
    report = result.to_dict()
    camera = next(line.location.row for line in result.estimate.lines if line.item == "CCTV 카메라 설치")
    reasons = {(u["row"], u["reason"].split(":")[0]) for u in report["unmatched"]}
    # A camera is not a pole: its nearest standard is reported as a weak match and not used.
    assert (camera, "weak") in reasons
    assert all(u["candidates"] for u in report["unmatched"])
    assert not any(f["row"] == camera and f["rule"] == "labour-above-standard" for f in report["findings"])


def test_extra_indoor_units_raise_the_outdoor_standard(tmp_path):
    """8-2-4: +15% of the outdoor figure per indoor unit beyond the first, when the estimate says so."""
    import openpyxl

    built = build_ac_estimate(tmp_path, **AC_CASE)
    row = built.line_rows["outdoor"]
    workbook = openpyxl.load_workbook(built.path)
    sheet = workbook[built.bill_sheet]
    column = built.bill_columns["spec"]
    sheet.cell(row, column).value = f"{sheet.cell(row, column).value}, 실내기 3대 연결"
    workbook.save(built.path)
    report = _run(built, quantities=[str(_quantities_2021(tmp_path))])
    finding = next(f for f in report.findings if f.location.row == row)

    def cut(x, places=0):
        return Decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)

    # Standard 1.00 / 0.50 인 × (1 + 15% × 2) = 1.30 / 0.65 against the block's 2.00 / 1.00.
    stated = int(3 * cut(cut(Decimal("2.00") * 180743, 1) + cut(Decimal("1.00") * 138293, 1)))
    allowed = int(3 * cut(cut(Decimal("1.30") * 180743, 1) + cut(Decimal("0.65") * 138293, 1)))
    assert finding.over_won == stated - allowed
    # The test's 2021 table has no notes of its own: the 2026 edition's note is used, and named.
    assert finding.evidence["standard"]["adjustments_applied"] == [
        "실외기 +15% × 2 extra indoor unit(s) (from edition 2026)"]


def test_material_inside_a_breakdown_above_its_reference(tmp_path):
    """The pole block's 강관주 at 612,000 won against a 조달청 price of 598,000: reported on the pole line."""
    built = build_pole_estimate(tmp_path, **FIVE_POLE_CASES[0])
    prices = tmp_path / "prices_with_pole.csv"
    prices.write_text(built.prices_csv.read_text(encoding="utf-8")
                      + "강관주,\"Φ165.2×4.5t, H=8m\",본,598000,조달청 가격정보 (test fixture),2019-01-01,2019-12-31,test\n",
                      encoding="utf-8")
    report = verify(built.path, refdata=reference_data(prices=[str(prices)], wages=[str(built.wages_csv)]))
    pole = built.line_rows["pole"]
    found = [f for f in report.findings if f.rule == "price-above-reference" and f.location.row == pole]
    # 3 poles; the block's material total drops by 14,000.0 won per pole.
    assert [(f.over_won, f.confidence) for f in found] == [(3 * 14_000, "certain")]
    assert found[0].evidence["breakdown"]["호표"] == "일위대가 제3호표"
    assert found[0].evidence["materials"][0]["item"] == "강관주"


def test_small_quantities_allow_half_a_day(tmp_path):
    """공통 1-2-9: 1.5 ㎥ of manual excavation is below half a day's 3.6 ㎥, so half a 특별인부 day is
    allowed for the job — 0.3333 인/㎥ — not the standard's 0.2778; a block at 0.33 is within it."""
    import openpyxl

    workbook = openpyxl.Workbook()
    bill = workbook.active
    bill.title = "내역서"
    bill.append(["2026년 소규모 굴착 내역서"])
    bill.append(["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액",
                 "경비단가", "경비금액", "합계단가", "합계금액", "비고"])

    def block_line(q, man_days, wage=220000):
        price = int(Decimal(str(man_days)) * wage)
        return ["굴착(인력/토사)", "보통토사", "㎥", q, 0, 0, price, int(Decimal(str(q)) * price), 0, 0, price,
                int(Decimal(str(q)) * price), "제1호표"], price

    row, price = block_line(1.5, 0.33)
    bill.append(row)
    sheet = workbook.create_sheet("일위대가")
    sheet.append(["제1호표 굴착(인력/토사) 보통토사 ㎥"])
    sheet.append(["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액", "경비단가", "경비금액"])
    sheet.append(["특별인부", "", "인", 0.33, 0, 0, 220000, 72600.0, 0, 0])
    sheet.append(["합계", None, None, None, None, 0, None, 72600.0, None, 0])
    path = tmp_path / "small.xlsx"
    workbook.save(path)
    wages = tmp_path / "wages.csv"
    wages.write_text("job,wage_won,effective_from,effective_to,sector\n특별인부,220000,2026-01-01,2026-12-31,건설\n",
                     encoding="utf-8")
    small = verify(path, refdata=reference_data(wages=[str(wages)]))
    assert [f for f in small.findings if f.rule == "labour-above-standard"] == []
    # The same block on 10 ㎥ (more than a day's output) is above the standard's 0.2778 인/㎥.
    workbook = openpyxl.load_workbook(path)
    big, _ = block_line(10, 0.33)
    for col, value in enumerate(big, start=1):
        workbook["내역서"].cell(3, col).value = value
    workbook.save(path)
    large = verify(path, refdata=reference_data(wages=[str(wages)]))
    found = [f for f in large.findings if f.rule == "labour-above-standard"]
    assert len(found) == 1 and found[0].evidence["excess"][0]["standard"] == "0.2778"
