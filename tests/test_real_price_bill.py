"""A bill of real PPS items written the way estimates write them (no commas in specs, x for ×, EA
for 개, M for m), dated December 2025, checked with the bundled tables only: the 2025-10 round is
in force. Lines priced above it, at it, and at the 2024-10 round's price; the claims are derived
here from the pinned notices: (line price − 2025-10 price) × quantity, for the lines above."""

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from estimator import verify
from estimator.findings import COUNTED

TABLES = Path(__file__).parents[1] / "unit_price_tables"
# (item as the estimate writes it, spec, unit, price of the 2025-10 notice, of the 2024-10 notice, PPS item id)
ITEMS = [
    ("제어케이블", "F-CVV 7C 2.5mm2", "M", 3097, 3004, "20684247"),
    ("내열케이블", "F-FR-3 10C 1.5mm2", "M", 4487, 4574, "20684113"),
    ("전기기기용 비닐절연전선", "KIV 450/700V 35mm2", "M", 4631, 4389, "20683717"),
    ("동축케이블", "CATV용 7C-HFBT", "M", 765, 737, "21650579"),
    ("케이블 직선접속재", "레진주입형 6.9kV 1C 95-100㎟", "kit", 85222, 85272, "20174285"),
    ("강재전선관용부품", "접지클램프 82C", "EA", 710, 704, "20176464"),
    ("TV분배기함", "STS문 500x600mm", "Set", 99863, 99923, "21650735"),
    ("와이어로프", "철심 비도금 Φ6x6x19mm", "M", 1020, 1085, "23001291"),
    ("시내쌍케이블", "CPEV 0.65mmx50P", "M", 5321, 5121, "20180409"),
    ("나선형쉬스관", "일반구조용탄소강관 시스관 Φ90/94mm", "M", 3130, 3180, "22146555"),
    ("접지단자함", "STS 4CCT", "EA", 200188, 200309, "22497085"),
    ("1종금속제가요전선관", "박스커넥터-비닐 36mm 방수", "EA", 3739, 3252, "20174449"),
    ("피난구 유도등", "LED 소형(단면) 60분용", "SET", 44806, 44833, "21650755"),
    ("시내쌍케이블", "CPEV 0.9mmx25P", "M", 5230, 5033, "20180417"),
    ("U볼트", "절연 Φ125mm", "EA", 2103, 1830, "20134835"),
    ("압착단자", "압착터미널 150㎟", "EA", 1270, 1271, "21650917"),
    ("PVC지수판", "폴리염화비닐지수판 300x9.5mm", "M", 8170, 8000, "22146286"),
    ("관구밀폐기", "실링가스켓 D150", "EA", 27081, 27097, "20174931"),
    ("전기용연동연선", "AS 6㎟", "M", 822, 806, "20180160"),
    ("접지단자함", "STS 5CCT", "EA", 216428, 216558, "22497086"),
    ("난연성 비닐절연 접지용전선", "F-GV 0.6/1KV 150mm2", "M", 21159, 20404, "20683706"),
]



@pytest.fixture(scope="module")
def bundled_rows():
    rows = {}
    for path in sorted(TABLES.glob("prices_pps_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows.setdefault(row["item_id"], []).append(row)
    return rows


def test_the_pinned_notices_are_bundled_with_their_provenance(bundled_rows):
    for *_, october, earlier, item_id in ITEMS:
        by_round = {r["effective_from"][:7]: r for r in bundled_rows[item_id]}
        assert Decimal(by_round["2025-10"]["price_won"]) == october, item_id
        assert Decimal(by_round["2024-10"]["price_won"]) == earlier, item_id
        for row in by_round.values():
            assert row["source"] == "조달청 가격정보" and row["provenance"] == "public" and row["notice_no"]


def test_real_item_bill_gives_exactly_the_expected_claims(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "내역서"
    sheet.append(["2025년 12월 ○○ 전기공사 설계내역서"])
    sheet.append(["품명", "규격", "단위", "수량", "단가", "금액", "비고"])
    sheet.append(["1. 자재"])
    expected = {}
    for n, (item, spec, unit, october, earlier, _) in enumerate(ITEMS):
        quantity = Decimal(10 + n)
        # Every third line above the in-force price, every third at it, every third at the earlier round's.
        price = (october + 1000, october, earlier)[n % 3]
        sheet.append([item, spec, unit, float(quantity), price, int(quantity * price), "물가정보"])
        if price > october:
            expected[sheet.max_row] = int(quantity * (price - october))
    path = tmp_path / "bill.xlsx"
    workbook.save(path)
    assert len(ITEMS) >= 20 and any(e > o for *_, o, e, _ in ITEMS) and any(e < o for *_, o, e, _ in ITEMS)

    report = verify(path)
    claims = {f.location.row: f.over_won for f in report.findings
              if f.rule == "price-above-reference" and f.confidence in COUNTED}
    assert claims == expected
    for finding in (f for f in report.findings if f.rule == "price-above-reference"):
        assert finding.evidence["reference"]["source"] == "조달청 가격정보"
        assert finding.evidence["reference"]["effective_from"].startswith("2025-10")
    coverage = {c["rule"]: c for c in report.to_dict()["coverage"]}["price-above-reference"]
    assert (coverage["checked"], coverage["not_checked"]) == (len(ITEMS), 0)


def test_a_line_naming_only_the_class_is_not_another_product_of_it(tmp_path):
    """The priced museum bill's '일반배관용 STS강관 이음쇠 / 니플 (STS 나사) D20' (a nipple) must not be
    claimed against that class's 캡(프레스) D20 (a cap): the product the reference names is unsaid."""
    from estimator.refdata.user import reference_data

    prices = tmp_path / "prices.csv"
    prices.write_text("item,class_name,spec,unit,price_won,source,effective_from,item_id,notice_no\n"
                      "캡(프레스),일반배관용 STS강관 이음쇠,D20,개,3250,조달청 가격정보,2026-04-20,1,N1\n", encoding="utf-8")
    bill = tmp_path / "bill.csv"
    bill.write_text("품명,규격,단위,수량,단가,금액\n일반배관용 STS강관 이음쇠,니플 (STS 나사) D20,EA,38,3750,142500\n"
                    "일반배관용 STS강관 이음쇠,캡(프레스) D20,EA,10,3750,37500\n", encoding="utf-8")
    from datetime import date

    report = verify(bill, refdata=reference_data(prices=[str(prices)], only=True), as_of=date(2026, 5, 1))
    claims = {f.location.row: f.over_won for f in report.findings
              if f.rule == "price-above-reference" and f.confidence in COUNTED}
    assert claims == {3: 10 * (3750 - 3250)}  # only the cap, which the line names
