"""Reference-table validation: each kind's rules, reported by physical line and column."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from estimator.refdata.validate import (Failure, check_file, check_folder, format_failure, table_kind, validate_file,
                                       validate_folder)

PROV = "test table"

QUANTITIES = [
    ["work", "spec", "unit", "resource", "resource_unit", "quantity", "includes", "edition", "resource_kind",
     "basis", "page", "provenance"],
    ["터파기", "보통토사", "m3", "보통인부", "인", "0.2", "", "2026", "labour", "per-unit", "12", PROV],
    ["터파기", "보통토사", "m3", "굴착기", "hr", "0.05", "", "2026", "equipment", "daily-output", "", PROV],
    ["되메우기", "", "m3", "보통인부", "인", "0.1", "다짐", "2026", "labour", "per-unit", "13", PROV],
]
ADJUSTMENTS = [
    ["sector", "item_code", "kind", "percent", "applies_to", "text", "edition", "condition", "page", "provenance"],
    ["정보통신부문", "9-2-1-3", "labour", "+25", "보통인부", "포장된 장소 25% 가산", "2026", "포장", "", PROV],
    ["공통부문", "2-3-1", "tool-wear", "2", "labour", "공구손료 2%", "2026", "", "41", PROV],
]
WAGES = [
    ["job", "wage_won", "effective_from", "effective_to", "sector", "source", "provenance"],
    ["보통인부", "169,804", "2025-01-01", "2025-08-31", "건설", "대한건설협회", PROV],
    ["보통인부", "172068", "2025-09-01", "", "건설", "대한건설협회", PROV],
    ["보통인부", "150000", "2025-01-01", "", "정보통신", "KICA", PROV],
]
PRICES = [
    ["item", "spec", "unit", "price_won", "source", "effective_from", "effective_to", "provenance"],
    ["레미콘", "25-24-150", "m3", "98,000", "조달청", "2025-01-01", "2025-06-30", PROV],
    ["레미콘", "25-24-150", "m3", "101000", "조달청", "2025-07-01", "", PROV],
    ["철근", "SD400 D13", "ton", "0", "조달청", "2025-01-01", "", PROV],
]
RATES = [
    ["head", "rate", "base", "effective_from", "effective_to", "cap", "sector", "size", "provenance"],
    ["일반관리비", "6", "순공사원가", "2025-01-01", "", "6", "건설", "50억 미만", PROV],
    ["일반관리비", "5.5", "순공사원가", "2025-01-01", "", "", "건설", "50억 이상", PROV],
    ["이윤", "15", "노무비+경비+일반관리비", "2025-01-01", "2025-12-31", "15", "건설", "", PROV],
]
VALID = {"quantities": QUANTITIES, "adjustments": ADJUSTMENTS, "wages": WAGES, "prices": PRICES, "rates": RATES}


def write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def changed(rows: list[list[str]], line: int, column: str, value: str) -> list[list[str]]:
    """A copy of ``rows`` with one cell changed; ``line`` is the file line (header = 1)."""
    rows = [list(r) for r in rows]
    rows[line - 1][rows[0].index(column)] = value
    return rows


def where(failures: list[Failure]) -> list[tuple[int | None, str | None]]:
    return [(f.line, f.column) for f in failures]


@pytest.mark.parametrize("kind", list(VALID))
def test_a_valid_table_of_each_kind_passes(tmp_path, kind):
    rows = VALID[kind]
    assert table_kind(rows[0]) == kind
    assert validate_file(write(tmp_path / f"{kind}.csv", rows)) == []


def test_the_bundled_ict_tables_pass():
    folder = Path(__file__).resolve().parents[1] / "standard_quantities"
    assert validate_file(folder / "ict_cctv_pole.csv") == []
    assert validate_file(folder / "ict_cctv_pole_adjustments.csv") == []


def test_negative_quantity(tmp_path):
    failures = validate_file(write(tmp_path / "q.csv", changed(QUANTITIES, 3, "quantity", "-1")))
    assert where(failures) == [(3, "quantity")]
    assert failures[0].message == "quantity must be a number > 0 (got '-1')"


@pytest.mark.parametrize("value", ["0", "abc", "1e3", ""])
def test_quantity_must_be_a_plain_positive_number(tmp_path, value):
    assert where(validate_file(write(tmp_path / "q.csv", changed(QUANTITIES, 4, "quantity", value)))) == [
        (4, "quantity")]


def test_unknown_unit_sets_the_row_aside(tmp_path):
    """A unit the registry does not know makes one row unusable, not the table."""
    path = write(tmp_path / "q.csv", changed(QUANTITIES, 2, "unit", "xyz"))
    assert validate_file(path) == []
    aside = check_file(path)
    assert where(aside) == [(2, "unit")] and all(f.aside for f in aside)
    assert "'xyz'" in aside[0].message
    path = write(tmp_path / "p.csv", changed(PRICES, 4, "unit", "xyz"))
    assert validate_file(path) == [] and (4, "unit") in where(check_file(path))


def test_blank_resource_unit_is_not_allowed(tmp_path):
    failures = validate_file(write(tmp_path / "q.csv", changed(QUANTITIES, 2, "resource_unit", "")))
    assert [(f.line, f.column, f.message) for f in failures] == [
        (2, "resource_unit", "resource_unit must not be blank")]


def test_enumerations_and_page(tmp_path):
    rows = changed(changed(QUANTITIES, 2, "resource_kind", "labor"), 3, "basis", "daily")
    rows = changed(rows, 4, "page", "0")
    assert where(validate_file(write(tmp_path / "q.csv", rows))) == [
        (2, "resource_kind"), (3, "basis"), (4, "page")]


def test_duplicate_key_reports_the_repeat(tmp_path):
    rows = [*QUANTITIES, list(QUANTITIES[1])]
    failures = validate_file(write(tmp_path / "q.csv", rows))
    assert where(failures) == [(5, "work,spec,unit,resource,edition")]
    assert "line 2" in failures[0].message


def test_duplicate_key_uses_the_place_in_the_book_when_given(tmp_path):
    header = [*QUANTITIES[0], "sector", "item_code", "table", "row", "column"]
    rows = [header,
            [*QUANTITIES[1], "공통부문", "2-3-2", "1", "2", "4"],
            [*QUANTITIES[2], "공통부문", "2-3-2", "1", "2", "5"],
            # same work/spec/unit/resource as line 2, but another cell of the book: fine
            [*QUANTITIES[1], "공통부문", "2-3-2", "1", "3", "4"],
            [*QUANTITIES[3], "공통부문", "2-3-2", "1", "2", "5"]]
    assert where(validate_file(write(tmp_path / "q.csv", rows))) == [(5, "sector,item_code,table,row,column")]


def test_overlapping_wage_periods_report_the_later_row(tmp_path):
    rows = changed(WAGES, 3, "effective_from", "2025-08-01")  # line 2 runs to 2025-08-31
    failures = validate_file(write(tmp_path / "w.csv", rows))
    assert where(failures) == [(3, "effective_from")]
    assert "overlaps line 2" in failures[0].message


def test_an_open_ended_period_overlaps_everything_after_it(tmp_path):
    rows = [*WAGES, ["보통인부", "180000", "2026-01-01", "", "건설", "대한건설협회", PROV]]
    assert where(validate_file(write(tmp_path / "w.csv", rows))) == [(5, "effective_from")]


def test_periods_of_other_keys_do_not_overlap(tmp_path):
    rows = changed(WAGES, 4, "effective_from", "2025-03-01")  # another sector
    assert validate_file(write(tmp_path / "w.csv", rows)) == []


def test_wage_key_is_unique(tmp_path):
    rows = [*WAGES, list(WAGES[2])]
    failures = validate_file(write(tmp_path / "w.csv", rows))
    assert where(failures) == [(5, "effective_from"), (5, "job,sector,effective_from")]


def test_bad_date(tmp_path):
    failures = validate_file(write(tmp_path / "w.csv", changed(WAGES, 3, "effective_from", "2024-13-01")))
    assert where(failures) == [(3, "effective_from")]
    assert failures[0].message == "effective_from must be a real date written YYYY-MM-DD (got '2024-13-01')"


@pytest.mark.parametrize("value", ["2025-1-01", "2025/01/01", "2025-02-30", "soon"])
def test_dates_are_iso_and_real(tmp_path, value):
    assert where(validate_file(write(tmp_path / "p.csv", changed(PRICES, 2, "effective_to", value)))) == [
        (2, "effective_to")]


def test_period_must_not_end_before_it_starts(tmp_path):
    failures = validate_file(write(tmp_path / "r.csv", changed(RATES, 4, "effective_to", "2024-12-31")))
    assert where(failures) == [(4, "effective_to")]


def test_missing_required_column(tmp_path):
    index = WAGES[0].index("wage_won")
    rows = [r[:index] + r[index + 1:] for r in WAGES]
    failures = validate_file(write(tmp_path / "w.csv", rows))
    assert where(failures) == [(None, "wage_won")]
    assert format_failure(failures[0]).startswith(f"{tmp_path / 'w.csv'}: wage_won: missing required column")


def test_unknown_kind_is_one_failure_naming_the_expected_columns(tmp_path):
    failures = validate_file(write(tmp_path / "x.csv", [["name", "value"], ["a", "1"]]))
    assert where(failures) == [(None, None)]
    assert "quantities: work, spec, unit" in failures[0].message


def test_blank_provenance(tmp_path):
    failures = validate_file(write(tmp_path / "a.csv", changed(ADJUSTMENTS, 3, "provenance", " ")))
    assert where(failures) == [(3, "provenance")]


def test_non_numeric_price(tmp_path):
    failures = validate_file(write(tmp_path / "p.csv", changed(PRICES, 3, "price_won", "12a")))
    assert where(failures) == [(3, "price_won")]
    assert "'12a'" in failures[0].message


@pytest.mark.parametrize(("value", "ok"), [("1,234,567", True), ("1234567", True), ("1,23", False),
                                           ("12,3456", False), ("0", False), ("10,000,001", False)])
def test_wage_digits_and_thousands_commas(tmp_path, value, ok):
    failures = validate_file(write(tmp_path / "w.csv", changed(WAGES, 2, "wage_won", value)))
    assert where(failures) == ([] if ok else [(2, "wage_won")])


def test_percent_and_rate_ranges(tmp_path):
    assert where(validate_file(write(tmp_path / "a.csv", changed(ADJUSTMENTS, 2, "percent", "-101")))) == [
        (2, "percent")]
    rows = changed(changed(RATES, 2, "rate", "100.5"), 3, "cap", "-1")
    assert where(validate_file(write(tmp_path / "r.csv", rows))) == [(2, "rate"), (3, "cap")]


def test_lines_are_physical_lines(tmp_path):
    # A quoted field spanning two lines pushes every later row down one physical line.
    rows = changed(ADJUSTMENTS, 2, "text", "첫 줄\n둘째 줄")
    rows = changed(rows, 3, "percent", "x")
    assert where(validate_file(write(tmp_path / "a.csv", rows))) == [(4, "percent")]


def test_a_header_only_table_passes(tmp_path):
    assert validate_file(write(tmp_path / "p.csv", PRICES[:1])) == []


def test_folder_sorted_by_file_then_line(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "b.csv", changed(changed(QUANTITIES, 4, "quantity", "-1"), 2, "unit", "xyz"))
    write(tmp_path / "sub" / "a.csv", changed(PRICES, 2, "price_won", "x"))
    write(tmp_path / "ok.csv", RATES)
    (tmp_path / "notes.txt").write_text("not a table")
    failures = validate_folder(tmp_path)
    assert [(Path(f.file).name, f.line, f.column) for f in failures] == [("b.csv", 4, "quantity"), ("a.csv", 2, "price_won")]
    # The row with an unknown unit is set aside, listed in file order with the failures.
    found = check_folder(tmp_path)
    listed = [(Path(f.file).name, f.line, f.column, f.aside) for f in found]
    assert listed == sorted(listed, key=lambda x: (x[0] != "b.csv", x[1]))
    assert {("b.csv", 2, "unit", True), ("b.csv", 4, "quantity", False), ("a.csv", 2, "price_won", False)} <= set(listed)
    assert format_failure(found[0]).startswith(f"{tmp_path / 'b.csv'}:2: unit: ")


def test_validating_prints_nothing(tmp_path):
    # In a fresh process, so GX's start-up is included.
    write(tmp_path / "w.csv", changed(WAGES, 3, "effective_from", "2025-08-01"))
    code = f"from estimator.refdata.validate import validate_folder; validate_folder({str(tmp_path)!r})"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (done.stdout, done.stderr) == ("", "")


def test_importing_the_validator_does_not_import_great_expectations():
    code = ("import sys, estimator.refdata.validate, estimator.refdata.tables, estimator.cli; "
            "print('great_expectations' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_verify_run_does_not_import_great_expectations():
    """The verify path, bundled references included, never pays for great-expectations."""
    import subprocess
    import sys
    from pathlib import Path

    example = Path(__file__).parents[1] / "examples" / "cctv_pole_estimate.xlsx"
    code = (f"import sys, estimator; estimator.verify({str(example)!r}); "
            "print(any(m.startswith('great_expectations') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "False", result.stderr
