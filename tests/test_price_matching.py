"""Prices from PPS notices (조달청 가격정보 — 시설공통자재): periods per item id, two names per row,
spec figures as identity, the highest of the prices in force, and units converted.

The price table is built here from real notices (copied with their notice numbers, item ids and
the line of the shared copy they come from), so the tests need nothing outside the repository.
Every expected amount is derived here: (price − reference) × quantity, cut to the won.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import ROUND_DOWN, Decimal

import pandas as pd
import pytest

from estimator import verify
from estimator.refdata.tables import RefData
from estimator.references import References

RULE = "price-above-reference"
_REF = "daexung/civilai-construction-risk-agent · data/raw/material_cost/{0}_materials.csv · b4ec16a6 " \
       "(copy: reference-sources/pps-facility-material-prices/{1}.csv:{2})"
HEADER = ("item,class_name,spec,unit,price_won,source,source_ref,effective_from,effective_to,item_id,"
          "notice_no,department,delivery,provenance")


def _row(item, class_name, spec, unit, price, where, day, item_id, notice, department, delivery):
    kind, line = where
    source_ref = _REF.format({"building": "arch", "mechanical": "mech", "electrical_ict": "elec",
                              "civil": "civil"}[kind], kind, line)
    return dict(item=item, class_name=class_name, spec=spec, unit=unit, price_won=price, source="조달청 가격정보",
                source_ref=source_ref, effective_from=day, effective_to="", item_id=item_id, notice_no=notice,
                department=department, delivery=delivery, provenance="public")


B, M, E, C = "building", "mechanical", "electrical_ict", "civil"
# 보통합판 1급 18×1220×2440mm per 매 (item id 20142422) in all four rounds; 2025-04-24 twice (two departments).
PLYWOOD = [
    _row("보통합판", "보통합판", "1급, 18×1220×2440mm", "매", "51954", (B, 624), "2024-10-30", "20142422",
         "R24CW21466456", "건축설비과", "현장도착도"),
    _row("보통합판", "보통합판", "1급, 18*1220*2440mm", "매", "51943", (B, 1977), "2025-04-24", "20142422",
         "R25CW22907106", "건축설비과", "현장도착도"),
    _row("보통합판", "보통합판", "1급, 18*1220*2440mm", "매", "53548", (B, 3163), "2025-04-24", "20142422",
         "R25CW24303510", "공사원가기준과", "현장도착도"),
    _row("보통합판", "보통합판", "1급, 18*1220*2440mm", "매", "53548", (B, 4866), "2025-10-23", "20142422",
         "R25CW24305644", "공사원가기준과", "현장도착도"),
    _row("보통합판", "보통합판", "1급, 18*1220*2440mm", "매", "48700", (B, 6451), "2026-04-20", "20142422",
         "R26CW25853277", "공사원가기준과", "현장도착도"),
    # Decoys: another thickness, and the same board priced per ㎡.
    _row("보통합판", "보통합판", "1급, 12×1220×2440mm", "매", "30878", (B, 620), "2024-10-30", "20142418",
         "R24CW21466448", "건축설비과", "현장도착도"),
    _row("보통합판", "보통합판", "1급, 18×1220×2440mm", "㎡", "17453", (B, 623), "2024-10-30", "20142421",
         "R24CW21466454", "건축설비과", "현장도착도"),
]
COPPER = {
    "D15": _row("동관 (L-TYPE)", "동관 (L-TYPE)", "D15", "m", "6801", (M, 4653), "2025-10-23", "20107810",
                "R25CW24313684", "건축설비과", "납품장소도"),
    "D20": _row("동관 (L-TYPE)", "동관 (L-TYPE)", "D20", "m", "10772", (M, 4654), "2025-10-23", "20107811",
                "R25CW24313685", "건축설비과", "납품장소도"),
    "D200": _row("동관 (L-TYPE)", "동관 (L-TYPE)", "D200", "m", "471042", (M, 4664), "2025-10-23", "20107821",
                 "R25CW24313695", "건축설비과", "납품장소도"),
}
VALVES = [
    _row("주철볼밸브", "주철볼밸브", "D50", "개", "61761", (M, 4818), "2025-10-23", "20130377", "R25CW24313927",
         "건축설비과", "납품장소도"),
    _row("주철볼밸브", "주철볼밸브", "D200", "개", "1029310", (M, 4824), "2025-10-23", "20130383", "R25CW24313933",
         "건축설비과", "납품장소도"),
]
# Product name 22.9KV동심중성선케이블, PPS class 전력케이블; 복공판 in the classes 일반형복공판 / H형 일반형복공판.
CABLES = [
    _row("22.9KV동심중성선케이블", "전력케이블", "22.9kV, CN/CV-W, 수밀형, 60㎟", "m", "18445", (E, 2), "2024-10-16",
         "24690920", "R24CW21375178", "공사원가기준과", "납품장소도"),
    _row("22.9KV동심중성선케이블", "전력케이블", "22.9kV, CN/CV-W, 수밀형, 100㎟", "m", "27797", (E, 3), "2024-10-16",
         "24690921", "R24CW21375180", "공사원가기준과", "납품장소도"),
    _row("22.9KV동심중성선케이블", "전력케이블", "대한전선, FR-CNCO-W, 수밀형무독성난연, 22.9kV, 60㎟", "m", "17478",
         (E, 8), "2024-10-16", "10040270", "R24CW21375190", "공사원가기준과", "납품장소도"),
]
DECKS = [
    _row("복공판", "일반형복공판", "일반형, 750×1990×200", "EA", "434000", (C, 387), "2025-10-23", "22146249",
         "R25CW24311900", "토목환경과", "현장도착도"),
    _row("복공판", "H형 일반형복공판", "일반형, 1000×1990×200", "EA", "650000", (C, 386), "2025-10-23", "22146250",
         "R25CW24311899", "토목환경과", "현장도착도"),
]
OXYGEN = [_row("산소가스", "산소가스", "", "L", "2.5", (B, 7357), "2026-04-20", "20204084", "R26CW25860528",
               "공사원가기준과", "현장도착도")]


def refdata(rows: list[dict]) -> RefData:
    """A price table as the loader gives it: text columns, the file and line of each row."""
    text = HEADER + "\n" + "\n".join(
        ",".join(f'"{r[c]}"' for c in HEADER.split(",")) for r in rows) + "\n"
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame["_file"] = "prices_test.csv"
    frame["_line"] = range(2, len(frame) + 2)
    frame["_origin"] = "bundled"
    return RefData(tables={"prices": frame})


ALL = [*PLYWOOD, *COPPER.values(), *VALVES, *CABLES, *DECKS, *OXYGEN]


def cut(amount: Decimal) -> int:
    return int(amount.to_integral_value(rounding=ROUND_DOWN))


def run(tmp_path, lines: list[tuple[str, str, str, str, str]], on: date, rows: list[dict] = ALL):
    """Verify a bill of (item, spec, unit, quantity, price) lines on ``on`` against ``rows``."""
    bill = tmp_path / "bill.csv"
    body = ["품명,규격,단위,수량,단가,금액"]
    for item, spec, unit, quantity, price in lines:
        body.append(f"{item},{spec},{unit},{quantity},{price},{cut(Decimal(quantity) * Decimal(price))}")
    bill.write_text("\n".join(body) + "\n", encoding="utf-8")
    return verify(bill, refdata=refdata(rows), as_of=on)


def findings(report) -> list:
    return [f for f in report.findings if f.rule == RULE]


def codes(report) -> list[tuple[int, str]]:
    return [(r.row, r.code) for r in report.coverage.rows if r.rule == RULE]


def over(price: str, reference: str, quantity: str) -> int:
    return cut((Decimal(price) - Decimal(reference)) * Decimal(quantity))


PLY = ("보통합판", "1급 18x1220x2440mm", "매")


# -- periods -------------------------------------------------------------------------------------

@pytest.mark.parametrize("on, notices, used", [
    (date(2024, 10, 30), {"R24CW21466456"}, "51954"),
    (date(2025, 4, 23), {"R24CW21466456"}, "51954"),  # the day before the next round
    (date(2025, 4, 24), {"R25CW22907106", "R25CW24303510"}, "53548"),
    (date(2025, 10, 22), {"R25CW22907106", "R25CW24303510"}, "53548"),
    (date(2025, 10, 23), {"R25CW24305644"}, "53548"),
    (date(2026, 4, 19), {"R25CW24305644"}, "53548"),
    (date(2026, 4, 20), {"R26CW25853277"}, "48700"),
    (date(2027, 1, 5), {"R26CW25853277"}, "48700"),
])
def test_the_latest_notice_not_after_the_date_is_in_force(tmp_path, on, notices, used):
    report = run(tmp_path, [(*PLY, "10", "60000")], on)
    (finding,) = findings(report)
    assert finding.over_won == over("60000", used, "10")
    assert finding.evidence["reference"]["price_won"] == int(used)
    assert {r["notice_no"] for r in finding.evidence["references_in_force"]} == notices
    assert all(r["item_id"] == "20142422" for r in finding.evidence["references_in_force"])


def test_a_later_round_is_never_used_for_an_earlier_estimate(tmp_path):
    # 52,000 is above the first round's 51,954 but below the later rounds' 53,548.
    early = run(tmp_path, [(*PLY, "10", "52000")], date(2025, 1, 15))
    (finding,) = findings(early)
    assert finding.over_won == over("52000", "51954", "10")
    assert finding.evidence["reference"]["notice_no"] == "R24CW21466456"
    assert findings(run(tmp_path, [(*PLY, "10", "52000")], date(2025, 6, 1))) == []


def test_before_the_first_round_there_is_no_price(tmp_path):
    # Nothing in the table is in force yet.
    report = run(tmp_path, [(*PLY, "10", "60000")], date(2024, 9, 30))
    assert findings(report) == [] and codes(report) == [(2, "no_reference_in_force")]
    # The cables (notices of 2024-10-16) are in force, the plywood (2024-10-30) not yet: still no
    # price for the plywood, and the line says so rather than 'no match'.
    report = run(tmp_path, [(*PLY, "10", "60000"), ("전력케이블", "CN/CV-W 22.9kV 60㎟", "m", "100", "20000")],
                 date(2024, 10, 20))
    assert codes(report) == [(2, "no_reference_in_force")]
    (finding,) = findings(report)
    assert finding.location.row == 3 and finding.over_won == over("20000", "18445", "100")


def test_two_notices_of_one_day_claim_against_the_highest_and_cite_both(tmp_path):
    report = run(tmp_path, [(*PLY, "7", "55000")], date(2025, 6, 1))
    (finding,) = findings(report)
    # 51,943 (건축설비과) and 53,548 (공사원가기준과), both of 2025-04-24: the higher one is used.
    assert finding.over_won == over("55000", "53548", "7")
    # A PPS price, every figure and word of its spec stated by the line, the date given: certain.
    assert finding.confidence == "certain"
    evidence = finding.evidence
    assert evidence["reference"]["notice_no"] == "R25CW24303510"
    assert evidence["reference"]["department"] == "공사원가기준과"
    cited = {(r["notice_no"], r["price_won"], r["department"], r["delivery"], r["item_id"])
             for r in evidence["references_in_force"]}
    assert cited == {("R25CW22907106", 51943, "건축설비과", "현장도착도", "20142422"),
                     ("R25CW24303510", 53548, "공사원가기준과", "현장도착도", "20142422")}
    for reference in evidence["references_in_force"]:
        assert reference["source_ref"].endswith(("building.csv:1977)", "building.csv:3163)"))
        assert reference["table"] == "prices_test.csv" and reference["table_line"] in (3, 4)
    # Agreeing on wording and figures, the two notices are one match, not an ambiguity.
    assert evidence["match"]["matched"]["spec"] in ("1급, 18*1220*2440mm", "1급, 18×1220×2440mm")
    # Between both prices: no claim against the higher one, however much above the lower.
    assert findings(run(tmp_path, [(*PLY, "7", "53000")], date(2025, 6, 1))) == []


# -- names -------------------------------------------------------------------------------------

def test_a_row_is_found_by_its_product_name_or_its_class_name(tmp_path):
    lines = [("전력케이블", "CN/CV-W 22.9kV 60㎟", "M", "100", "20000"),  # the PPS class name
             ("22.9KV동심중성선케이블", "22.9kV CN/CV-W 수밀형 100mm2", "m", "50", "30000"),  # the product name
             ("일반형복공판", "750x1990x200", "개", "4", "450000"),  # class 일반형복공판, product 복공판
             ("복공판", "일반형 1000x1990x200", "EA", "2", "700000")]
    report = run(tmp_path, lines, date(2025, 11, 1))
    got = {f.location.row: (f.over_won, f.evidence["reference"]["notice_no"]) for f in findings(report)}
    assert got == {2: (over("20000", "18445", "100"), "R24CW21375178"),
                   3: (over("30000", "27797", "50"), "R24CW21375180"),
                   4: (over("450000", "434000", "4"), "R25CW24311900"),
                   5: (over("700000", "650000", "2"), "R25CW24311899")}
    assert findings(report)[0].evidence["reference"]["class_name"] == "전력케이블"
    # 수밀형 is not in the first line's spec: the row may be another cable, so the claim is only
    # possible; the others state their reference completely (일반형 inside 일반형복공판).
    assert [f.confidence for f in findings(report)] == ["possible", "certain", "certain", "certain"]


def test_a_reference_the_line_does_not_state_completely_supports_only_a_possible_claim(tmp_path):
    steel = [_row("일반구조용압연강판", "일반구조용압연강판", "6.0mm", "톤", "1092465", (B, 7017), "2026-04-20",
                  "20287285", "R26CW25854162", "공사원가기준과", "현장도착도")]
    lines = [("일반구조용압연강판", "6.0mm SM275", "TON", "2", "1349608"),  # a grade the reference does not state
             ("일반구조용압연강판", "6.0mm", "톤", "2", "1349608")]
    report = run(tmp_path, lines, date(2026, 5, 1), steel)
    assert [(f.location.row, f.confidence, f.over_won) for f in findings(report)] == [
        (2, "possible", over("1349608", "1092465", "2")), (3, "certain", over("1349608", "1092465", "2"))]


# -- figures -----------------------------------------------------------------------------------

def test_d15_matches_d15_only(tmp_path):
    lines = [("동관(L-TYPE)", "D15", "M", "30", "7000"), ("동관 (L-TYPE)", "D20", "m", "30", "11000")]
    report = run(tmp_path, lines, date(2025, 11, 1))
    got = {f.location.row: (f.over_won, f.evidence["reference"]["spec"]) for f in findings(report)}
    assert got == {2: (over("7000", "6801", "30"), "D15"), 3: (over("11000", "10772", "30"), "D20")}
    # Without a D15 row, a D15 line has no reference: never D20, never D200.
    report = run(tmp_path, lines[:1], date(2025, 11, 1), [COPPER["D20"], COPPER["D200"]])
    assert findings(report) == [] and codes(report) == [(2, "no_match")]
    lookup = References(refdata([COPPER["D20"], COPPER["D200"]]), date(2025, 11, 1))
    outcome, row = lookup.price("동관 (L-TYPE)", "D15", "m")
    assert row is None and outcome.code == "no_match" and "figures" in outcome.reason


def test_dimensions_written_either_way_are_one_figure(tmp_path):
    for spec in ("1급 18x1220x2440mm", "1급 18X1220X2440", "1급 18*1220*2440mm", "1급, 18×1220×2440mm"):
        outcome, row = References(refdata(PLYWOOD), date(2025, 1, 15)).price("보통합판", spec, "매")
        assert row is not None and row["notice_no"] == "R24CW21466456", spec
    outcome, row = References(refdata(PLYWOOD), date(2025, 1, 15)).price("보통합판", "1급 12x1220x2440mm", "장")
    assert row["notice_no"] == "R24CW21466448"


@pytest.mark.parametrize("line", [
    ("보통합판", "2급 18x1220x2440mm", "매"),  # 2급 against 1급
    ("보통합판", "1급 15x1220x2440mm", "매"),  # no 15 mm board in the table
    ("전력케이블", "CN/CV-W 22.9kV 80㎟", "m"),  # no 80 ㎟
    ("전력케이블", "CN/CV-W 6.6kV 60㎟", "m"),  # another voltage
])
def test_a_conflicting_figure_rules_a_reference_out(tmp_path, line):
    report = run(tmp_path, [(*line, "10", "99999999")], date(2025, 6, 1))
    assert findings(report) == [] and codes(report) == [(2, "no_match")]


@pytest.mark.parametrize("line", [
    ("주철볼밸브", "", "개"),  # D50 or D200?
    ("주철볼밸브", "10K", "EA"),
    ("보통합판", "1급", "매"),  # 12 or 18 mm?
    ("전력케이블", "22.9kV 60㎟", "m"),  # CN/CV-W or FR-CNCO-W?
])
def test_a_line_without_the_telling_figure_is_ambiguous(tmp_path, line):
    on = date(2025, 6, 1) if line[0] == "보통합판" else date(2025, 11, 1)
    report = run(tmp_path, [(*line, "3", "99999999")], on)
    assert findings(report) == [] and codes(report) == [(2, "ambiguous_match")]
    (unmatched,) = report.references.unmatched
    assert unmatched["reference"] == "price" and len(unmatched["candidates"]) >= 2


# -- units and exact money ----------------------------------------------------------------------

def test_units_are_converted(tmp_path):
    lines = [("주철볼밸브", "D200", "EA", "2", "1100000"),  # priced per 개
             ("전력케이블", "CN/CV-W 22.9kV 60㎟", "M", "120", "19000"),  # per m
             ("전력케이블", "CN/CV-W 22.9kV 60㎟", "10m", "3", "200000")]  # per 10 m: 10 × 18,445
    report = run(tmp_path, lines, date(2025, 11, 1))
    got = {f.location.row: (f.over_won, f.evidence["unit_factor"]) for f in findings(report)}
    assert got == {2: (over("1100000", "1029310", "2"), "1"), 3: (over("19000", "18445", "120"), "1"),
                   4: (over("200000", str(10 * 18445), "3"), "10")}


def test_a_price_below_one_won_is_exact(tmp_path):
    # 2.5 won per litre; an even quantity, so the cut comes out the same either way it is taken.
    report = run(tmp_path, [("산소가스", "", "L", "3000", "3")], date(2026, 5, 1))
    (finding,) = findings(report)
    assert finding.over_won == over("3", "2.5", "3000") == 1500
    assert finding.evidence["reference"]["price_won"] == "2.5"


def test_a_table_without_the_pps_columns_works_as_before(tmp_path):
    frame = pd.DataFrame([
        {"item": "불법광고물 방지판", "spec": "H=2.0m, 스테인리스", "unit": "매", "price_won": "149,000",
         "source": "조달청 가격정보", "effective_from": "2021-01-01", "effective_to": "2021-12-31"},
        {"item": "불법광고물 방지판", "spec": "H=2.0m, 스테인리스", "unit": "매", "price_won": "151000",
         "source": "조달청 가격정보", "effective_from": "2022-01-01", "effective_to": ""}])
    frame["_file"], frame["_line"], frame["_origin"] = "mine.csv", [2, 3], "user"
    prices = RefData(tables={"prices": frame})
    assert References(prices, date(2021, 5, 1)).price("불법광고물방지판", "H=2.0m", "EA")[1]["price_won"] == "149,000"
    assert References(prices, date(2024, 5, 1)).price("불법광고물방지판", "H=2.0m", "EA")[1]["price_won"] == "151000"
    outcome, row = References(prices, date(2020, 5, 1)).price("불법광고물방지판", "H=2.0m", "EA")
    assert row is None and outcome.code == "no_reference_in_force"
