"""A header whose kinds (재료비 · 노무비) stand in the row above the one naming 품명 and 수량, and a
document title right above a one-row header, which is not part of it.

The first is how a merged 품명 cell reads when its text sits at the bottom of the merge (Excel's
default vertical alignment), and how such a header prints."""

from decimal import Decimal

import openpyxl

from estimator import read

ROWS = [("전선관", "HI-PVC 28C", "m", Decimal("12.5"), 1180, 3890),
        ("접지봉", "Φ14x1000", "개", Decimal("3"), 18700, 29844)]


def _bill(path, above: list, header: list):
    """A bill under ``above`` and ``header``; its lines' material and labour amounts, as written."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "내역서"
    ws.append(above)
    ws.append(header)
    for item, spec, unit, q, material, labour in ROWS:
        m, lab = int(q * material), int(q * labour)
        ws.append([item, spec, unit, float(q), material, m, labour, lab, material + labour, m + lab])
    wb.save(path)
    return read(path)


def test_kinds_in_the_row_above_the_item_row(tmp_path):
    estimate = _bill(tmp_path / "kinds_above.xlsx", [None, None, None, None, "재료비", None, "노무비", None, "합계", None],
                     ["품명", "규격", "단위", "수량", "단가", "금액", "단가", "금액", "단가", "금액"])
    assert [(l.item, l.money.material_amount, l.money.labour_amount, l.money.total_amount)
            for l in estimate.lines] == [
        (item, int(q * material), int(q * labour), int(q * material) + int(q * labour))
        for item, _, _, q, material, labour in ROWS]


def test_a_title_right_above_a_one_row_header_is_not_part_of_it(tmp_path):
    """'설 계 내 역 서' reads like a money word (계); as a document title it stays out of the header."""
    estimate = _bill(tmp_path / "title_above.xlsx", ["설 계 내 역 서"],
                     ["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액", "합계단가", "합계금액"])
    assert [(l.item, l.money.material_amount, l.money.labour_amount) for l in estimate.lines] == [
        (item, int(q * material), int(q * labour)) for item, _, _, q, material, labour in ROWS]
    assert estimate.sheets[0].role == "bill" and estimate.sheets[0].titles == 1
