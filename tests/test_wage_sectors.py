"""A trade is compared with the wage survey of the estimate's sector: 통신외선공 in an ICT estimate
against the 정보통신 survey, never the construction one; with no 정보통신 wage in force, coverage
says so. Amounts are derived here from the cells."""

from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import openpyxl

from estimator import verify
from estimator.refdata.user import reference_data

BILL = ["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액", "경비단가", "경비금액",
        "합계단가", "합계금액", "비고"]
BLOCK = ["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액", "경비단가", "경비금액", "비고"]
MAN_DAYS, WAGE, QUANTITY = Decimal("0.35"), 452_000, Decimal(40)


def cut(x: Decimal, places: int = 0) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def _estimate(path: Path, title: str) -> Path:
    labour = cut(MAN_DAYS * WAGE, 1)
    price = int(cut(labour))
    workbook = openpyxl.Workbook()
    bill = workbook.active
    bill.title = "내역서"
    bill.append([title])
    bill.append(BILL)
    bill.append(["1. 본공사"])
    bill.append(["통신선로 설치", "UTP 4P", "m", float(QUANTITY), 0, 0, price, int(cut(QUANTITY * price)), 0, 0,
                 price, int(cut(QUANTITY * price)), "제1호표"])
    sheet = workbook.create_sheet("일위대가")
    sheet.append(["제1호표 통신선로 설치 UTP 4P m"])
    sheet.append(BLOCK)
    sheet.append(["통신외선공", "", "인", float(MAN_DAYS), None, None, WAGE, float(labour), None, None])
    sheet.append(["합계", None, None, None, None, 0, None, float(labour), None, 0])
    workbook.save(path)
    return path


def _wages(path: Path) -> Path:
    path.write_text(
        "job,sector,wage_won,unit,effective_from,effective_to,source,provenance\n"
        "통신외선공,정보통신,387376,인,2024-01-01,2024-08-31,정보통신 시중노임단가 (test fixture),public\n"
        "통신외선공,건설,408942,인,2026-01-01,2026-08-31,건설업 임금실태조사 (test fixture),public\n",
        encoding="utf-8")
    return path


def _market(report):
    return {c["rule"]: c for c in report.to_dict()["coverage"]}["wage-above-market"]


def test_ict_estimate_is_not_judged_by_the_construction_survey(tmp_path):
    path = _estimate(tmp_path / "ict.xlsx", "2026년 3월 정보통신공사 설계내역서")
    report = verify(path, refdata=reference_data(wages=[str(_wages(tmp_path / "w.csv"))], only=True))
    assert [f for f in report.findings if f.rule == "wage-above-market"] == []
    assert _market(report)["reasons"] == {"no_reference_in_force": 1}


def test_construction_estimate_is_judged_by_the_construction_survey(tmp_path):
    path = _estimate(tmp_path / "building.xlsx", "2026년 3월 건축공사 설계내역서")
    report = verify(path, refdata=reference_data(wages=[str(_wages(tmp_path / "w.csv"))], only=True))
    (finding,) = [f for f in report.findings if f.rule == "wage-above-market"]
    stated = int(cut(QUANTITY * int(cut(cut(MAN_DAYS * WAGE, 1)))))
    market = int(cut(QUANTITY * int(cut(cut(MAN_DAYS * 408942, 1)))))
    assert finding.over_won == stated - market and finding.confidence == "certain"
    assert finding.evidence["wages"][0]["sector"] == "건설"
    assert _market(report)["checked"] == 1
