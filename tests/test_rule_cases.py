"""Run the YAML test cases in tests/rules/ against the rules they name."""

from pathlib import Path

import openpyxl
import pytest
import yaml

from estimator import verify

CASES = [
    (path.stem, case)
    for path in sorted((Path(__file__).parent / "rules").glob("*.yml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
]


@pytest.mark.parametrize("rule, case", CASES, ids=[f"{r}: {c['name']}" for r, c in CASES])
def test_rule_case(tmp_path, rule, case):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "내역서"
    sheet.append(case["header"])
    for row in case["rows"]:
        sheet.append(row)
    path = tmp_path / "case.xlsx"
    workbook.save(path)
    report = verify(path)
    assert report.estimate.unparsed == []
    # An expected entry may name the confidence as a fourth element.
    got = [[f.location.row, f.evidence["check"], f.over_won, f.confidence][:len(e)]
           for f, e in zip([f for f in report.findings if f.rule == rule], case["expect"])]
    assert len([f for f in report.findings if f.rule == rule]) == len(case["expect"])
    assert got == case["expect"]
