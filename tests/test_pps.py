"""The real PPS bid file and its CSV exports, read whole."""

import csv
from datetime import date
from decimal import Decimal

import pytest

from estimator import read, verify
from estimator.checks.arithmetic import check_total

BID = "g2b_20221225183_gwangju_museum_original.BID"
PRICED = "g2b_20221225183_gwangju_museum_PRICED_by_CMC_tool_T3.csv"
OFFICIAL = "g2b_20221225183_gwangju_museum_OFFICIAL_gongnaeyeok_T3.csv"


def test_bid_file_read_whole(data_dir):
    estimate = read(data_dir / BID)
    assert estimate.kind == "bid"
    assert estimate.title == "국립광주박물관 도자문화관 건립 건축공사"
    assert estimate.attributes["bid"]["notice"] == "20221225183-00"
    # Every T3 row is a line or a group; none is lost.
    assert len(estimate.lines) + len(estimate.totals) == 1570
    assert len(estimate.totals) == 58 and len(estimate.lines) == 1512
    assert estimate.unparsed == []
    assert [s.as_dict() for s in estimate.sheets] == [{
        "name": "T3", "role": "bill", "nonempty_rows": 1570, "lines": 1512, "headings": 0, "totals": 0,
        "notes": 0, "headers": 0, "titles": 0, "unparsed": 0, "groups": 58, "cost_heads": 0, "fillers": 0}]
    assert len(estimate.attributes["rates"]) == 17
    first = estimate.lines[0]
    assert (first.location.row, first.item, first.unit, first.quantity) == (3, "콘테이너형 가설사무소 설치 및 해체", "개소", 1)
    assert first.section == ("▶ 건 축 공 사", "공통 가설 공사")
    assert first.attributes["공종번호"] == "300"


def test_bid_groups_are_checked_against_children(data_dir):
    estimate = read(data_dir / BID)
    stated = [t for t in estimate.totals if t.money.stated_total()]
    # Only three groups state a total; the others are 0 ("not stated").
    assert sorted(t.money.total_amount for t in stated) == [4711805, 13437496, 39349428]
    assert [check_total(t) for t in stated] == [None, None, None]
    safety = next(t for t in stated if t.label == "안전관리비")
    assert len(safety.children) == 4 and all(c.provisional for c in safety.children)
    assert check_total(safety) is None


def test_bid_and_its_csv_export_agree(data_dir):
    from_bid = read(data_dir / BID).lines_frame().drop(columns=["file", "sheet", "row"])
    from_csv = read(data_dir / OFFICIAL).lines_frame().drop(columns=["file", "sheet", "row"])
    assert from_bid.equals(from_csv)


def test_priced_file_has_no_arithmetic_finding(data_dir):
    report = verify(data_dir / PRICED)
    assert [f for f in report.findings if f.rule == "arithmetic"] == []
    assert len(report.estimate.lines) == 1512 and report.estimate.unparsed == []
    frame = report.estimate.lines_frame()
    priced = frame[frame["total_price"].fillna(0) != 0]
    assert len(priced) == 1444
    # Amounts are exact to the won, including scrap credits with negative quantities.
    scrap = frame[(frame["item"] == "철강설") & (frame["quantity"] == Decimal("-14.246"))].iloc[0]
    assert scrap["material_amount"] == -5484710
    # Row numbers are physical CSV lines with the header as line 1.
    container = frame[frame["item"] == "콘테이너형 가설사무소 설치 및 해체"].iloc[0]
    assert container["row"] == 4 and container["total_amount"] == 2014420


def _rewrite(src, dst, edit):
    with open(src, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with open(dst, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_seeded_slips_in_priced_file(data_dir, tmp_path):
    path = tmp_path / "priced.csv"

    def edit(rows):
        # Line 4 (rows[3]): 경비금액 and 합계금액 of the container office written 1,000 won high.
        rows[3][18] = str(int(rows[3][18]) + 1000)
        rows[3][19] = str(int(rows[3][19]) + 1000)
        # The 안전관리비 group total written 5,000 won high.
        for row in rows:
            if row[8] == "안전관리비" and row[2] == "0":
                row[18] = str(int(row[18]) + 5000)
                row[19] = str(int(row[19]) + 5000)

    _rewrite(data_dir / PRICED, path, edit)
    report = verify(path)
    found = {(f.location.row, f.evidence["check"]): f.over_won for f in report.findings if f.rule == "arithmetic"}
    safety_row = next(t.location.row for t in report.estimate.totals if t.label == "안전관리비")
    assert found == {(4, "line-amount"): 1000, (safety_row, "group-total"): 5000}
    arithmetic = sum(f.over_won for f in report.findings if f.rule == "arithmetic")
    assert arithmetic == 6000
    assert report.direct_over_won - arithmetic == verify(data_dir / PRICED).direct_over_won  # the bill's own
    assert report.findings[0].evidence["공종번호"] == "300"


def test_cp949_csv_is_read(data_dir, tmp_path):
    text = (data_dir / PRICED).read_text(encoding="utf-8-sig")
    path = tmp_path / "cp949.csv"
    path.write_bytes(text.encode("cp949"))
    estimate = read(path)
    assert len(estimate.lines) == 1512 and estimate.unparsed == []


def _amount_only_lines(data_dir, name) -> int:
    """Rows of the CSV (the BID's is the OFFICIAL one) that are no row's parent and state an amount
    with every unit price blank or 0."""
    path = data_dir / (OFFICIAL if name == BID else name)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [{k.split("(")[0].strip(): v for k, v in r.items()} for r in csv.DictReader(handle)]
    parents = {(r["세부공사번호"], r["상위공종번호"]) for r in rows}
    number = lambda text: Decimal((text or "0").replace(",", ""))
    return sum(1 for r in rows if (r["세부공사번호"], r["공종번호"]) not in parents
               and number(r["합계금액"]) and not any(number(r[k + "단가"]) for k in ("재료비", "노무비", "경비", "합계")))


@pytest.mark.parametrize("name", [BID, PRICED, OFFICIAL])
def test_json_report_shape(data_dir, name):
    # The CSV exports are undated: they are the tender opened on 2023-01-18 (the .BID's date).
    report = verify(data_dir / name, as_of=date(2023, 1, 18)).to_dict()
    assert report["schema_version"] == "1"
    assert set(report) >= {"schema_version", "source", "findings", "totals", "lines", "warnings", "unmatched"}
    assert report["lines"] == {"read": 1512, "lump_sums": _amount_only_lines(data_dir, name), "unparsed": []}
    assert [f for f in report["findings"] if f["rule"] == "arithmetic"] == []
    # Where the bill is priced, its one probable double count (the kicker block's excavation).
    counted = [f for f in report["findings"] if f["confidence"] in ("certain", "probable")]
    assert [f["item"] for f in counted] in ([], ["..kicker block 구간 터파기"])
    assert report["totals"]["direct_over_won"] == sum(f["over_won"] for f in counted)
