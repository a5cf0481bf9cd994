"""Rows that cannot be read are reported with their place and reason, never dropped."""

from builders import simple_bill as _bill
from estimator import read, verify

def test_unreadable_rows_are_reported_and_accounted(tmp_path):
    path = _bill(tmp_path / "bill.xlsx", [
        ["1. 통신공사"],
        ["UTP 케이블", "Cat.6", "m", 120, 850, 102000, ""],
        ["광케이블", "SM 12C", "m", "약 100", 3200, 320000, ""],      # quantity is text
        ["접지공사", "", "식", 1, "견적", 450000, ""],                  # price is text
        [None, None, "EA", 3, 1000, 3000, ""],                          # numbers without an item
        ["시험조정비", "", "식", None, None, None, ""],                 # unit but no quantity/amount
        ["※ 관급자재 제외"],
        [None, None, None, None, None, None, "물가정보 2021.3"],       # remark only
        ["소계", None, None, None, None, 875000],
    ])
    estimate = read(path)
    assert [(u.row, u.reason) for u in estimate.unparsed] == [
        (4, "quantity is not a number: '약 100'"),
        (5, "단가 is not a number: '견적'"),
        (6, "numbers without an item name"),
        (7, "item without quantity or amount"),
    ]
    sheet = estimate.sheets[0]
    assert (sheet.lines, sheet.headings, sheet.totals, sheet.notes, sheet.headers, sheet.unparsed) == (1, 1, 1, 2, 1, 4)
    assert sheet.balanced() and sheet.nonempty_rows == 10
    report = verify(path).to_dict()
    assert report["lines"]["unparsed"][0] == {"sheet": "내역서", "row": 4, "reason": "quantity is not a number: '약 100'"}
    # The subtotal is checked against the line that was read; the residual is reported.
    assert [(f["row"], f["over_won"]) for f in report["findings"]] == [(10, 773000)]


def test_korean_number_text_in_cells(tmp_path):
    path = _bill(tmp_path / "text.xlsx", [
        ["강관", "Φ114.3", "본", "12", "₩45,000", "540,000", ""],
        ["작업설", "고철", "kg", "(25.5)", "385", "△9,817", ""],
        ["합 계", None, None, None, None, "530,183"],
    ])
    report = verify(path)
    assert report.findings == []
    lines = report.estimate.lines
    assert [(str(l.quantity), l.money.total_price, l.money.total_amount) for l in lines] == [
        ("12", 45000, 540000), ("-25.5", 385, -9817)]


def test_page_break_repeats_header_and_lines_after_last_total(tmp_path):
    path = _bill(tmp_path / "pages.xlsx", [
        ["터파기", "인력", "㎥", 2.5, 46750, 116875, ""],
        ["소 계", None, None, None, None, 116875],
        ["품 명", "규 격", "단 위", "수 량", "단 가", "금 액", "비 고"],
        ["되메우기", "인력", "㎥", 2, 22380, 44760, ""],
    ])
    estimate = read(path)
    assert len(estimate.lines) == 2 and estimate.unparsed == []
    assert estimate.sheets[0].headers == 2
    assert any(w.code == "rows_outside_totals" for w in estimate.warnings)


def test_generic_csv_bill(tmp_path):
    path = tmp_path / "bill.csv"
    path.write_text("품 명,규 격,단 위,수 량,단 가,금 액,비 고\n"
                    "\"UTP 케이블\",Cat.6,m,120,850,\"102,000\",\n"
                    "접지봉,\"14mm, 1m\",EA,3,\"12,500\",\"37,500\",\n"
                    "합계,,,,,\"139,500\",\n", encoding="cp949")
    report = verify(path)
    assert report.findings == [] and report.estimate.unparsed == []
    assert [(l.location.row, l.item, l.spec) for l in report.estimate.lines] == [
        (2, "UTP 케이블", "Cat.6"), (3, "접지봉", "14mm, 1m")]
