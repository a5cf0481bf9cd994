"""A breakdown sheet whose blocks cannot be read is said, never silence: a warning names the
sheet and its rows, and the wage rule counts those rows as not checked, with the reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from estimator import verify

REAL = Path(__file__).parent / "data" / "real_estimates"


def _workbook(path: Path, breakdown_rows: list[list]) -> None:
    wb = openpyxl.Workbook()
    bill = wb.active
    bill.title = "내역서"
    bill.append(["품명", "규격", "단위", "수량", "단가", "금액", "비고"])
    bill.append(["터파기", "보통토사", "㎥", 10, 5000, 50000, ""])
    sheet = wb.create_sheet("일위대가")
    for row in breakdown_rows:
        sheet.append(row)
    wb.save(path)


def test_an_unread_breakdown_sheet_is_a_warning_and_a_coverage_reason(tmp_path):
    # Titles in a form not read yet: '{name} {unit} ( 호표 N )' in one cell, no 제N호표.
    rows = [["품명", "규격", "단위", "수량", "재료비", "노무비", "경비", "합계"],
            ["터파기 ㎥ ( 호표 1 )"],
            ["보통인부", "일반공사 직종", "인", 0.2, None, 30000, None, 30000],
            [" [ 합   계 ] ", None, None, None, None, 30000, None, 30000]]
    path = tmp_path / "estimate.xlsx"
    _workbook(path, rows)
    report = verify(path, as_of=date(2026, 4, 1))
    data = report.to_dict()
    assert report.estimate.blocks == []
    assert any(w.startswith("일위대가:") and f"{len(rows)}개 행" in w for w in data["warnings"])
    wages = next(c for c in data["coverage"] if c["rule"] == "wage-above-market")
    assert wages["reasons"].get("breakdown_sheet_unread") == len(rows)


@pytest.mark.parametrize("name, sheet", [("cw_elec_in_blank.xlsx", "일위대가"),
                                         ("gsb_office2020_design.xlsx", "일위대가")])
def test_the_real_breakdown_sheets_not_read_yet_are_said(name, sheet):
    path = REAL / name
    if not path.exists():
        pytest.skip("real workbook not present")
    report = verify(path, as_of=date(2026, 4, 1))
    data = report.to_dict()
    rows = next(s["nonempty_rows"] for s in data["sheets"] if s["name"] == sheet)
    assert [s["role"] for s in data["sheets"] if s["name"] == sheet] == ["breakdown"]
    assert report.estimate.attributes["unread_breakdown_sheets"][sheet] == rows
    # Warnings of one kind are one line with a count ('… 외 N건'): the first such sheet is named.
    first = next(iter(report.estimate.attributes["unread_breakdown_sheets"]))
    assert any(w.startswith(f"{first}:") and "호표를 하나도 읽지 못함" in w for w in data["warnings"])
