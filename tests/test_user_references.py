"""The user's own reference tables: formats, precedence over bundled rows, refusal of bad tables."""

import subprocess
import sys
from datetime import date

import openpyxl
import pytest

from estimator.errors import InputError
from estimator.references import References
from estimator.refdata.user import reference_data

EXAMPLE = "examples/cctv_pole_estimate.xlsx"


def _cp949_folder(tmp_path):
    folder = tmp_path / "refs"
    folder.mkdir()
    (folder / "노임.csv").write_bytes(
        "job,wage_won,effective_from,effective_to,sector\n"
        '보통인부,"165,545",2026-01-01,2026-12-31,건설\n'
        '통신외선공,"401,234",2026-01-01,2026-12-31,정보통신\n'.encode("cp949"))
    (folder / "단가.csv").write_bytes(
        "item,spec,unit,price_won,source,effective_from,effective_to\n"
        '불법광고물 방지판,"H=2.0m, 스테인리스",매,"149,000",조달청 가격정보,2021-01-01,2021-12-31\n'.encode("cp949"))
    return folder


def test_cp949_tables_with_separators_replace_bundled_rows(tmp_path):
    refs = reference_data(refdata=[str(_cp949_folder(tmp_path))])
    wages = refs.wages
    mine = wages[(wages["job"] == "보통인부") & (wages["effective_from"] == "2026-01-01")]
    # The user's row replaced the bundled sample row with the same key (job, sector, period start).
    assert mine["wage_won"].tolist() == ["165545"] and mine["_origin"].tolist() == ["user"]
    lookup = References(refs, date(2026, 5, 1))
    assert lookup.wage("보통인부")["wage_won"] == "165545"
    assert lookup.wage("통신외선공")["wage_won"] == "401234"
    outcome, row = References(refs, date(2021, 5, 1)).price("불법광고물방지판", "H=2.0m", "EA")
    assert row["price_won"] == "149000" and row["source"] == "조달청 가격정보"
    assert outcome.as_evidence()["matched"]["item"] == "불법광고물 방지판"


def test_xlsx_table(tmp_path):
    path = tmp_path / "wages.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["job", "wage_won", "effective_from", "effective_to", "sector"])
    sheet.append(["기계설비공", 181234, "2021-01-01", "2021-12-31", "건설"])
    workbook.save(path)
    refs = reference_data(wages=[str(path)])
    assert References(refs, date(2021, 3, 1)).wage("기계설비공")["wage_won"] == "181234"


def test_refdata_only_drops_bundled_tables(tmp_path):
    refs = reference_data(refdata=[str(_cp949_folder(tmp_path))], only=True)
    assert set(refs.tables) == {"wages", "prices"}
    assert refs.quantities.empty


def test_bad_user_table_is_refused_with_file_line_and_column(tmp_path):
    bad = tmp_path / "prices.csv"
    bad.write_text("item,spec,unit,price_won,source,effective_from\n"
                   "방지판,STS,매,150000,조달청,2021-01-01\n"
                   "방지판,STS 2mm,매,약 15만원,조달청,2022-01-01\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        reference_data(prices=[str(bad)])
    assert error.value.path == str(bad)
    assert error.value.reason.startswith("reference table refused: line 3, column price_won: ")
    result = subprocess.run([sys.executable, "-m", "estimator", "verify", EXAMPLE, "--prices", str(bad), "--lang", "en"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {bad}: {error.value.reason}"
    korean = subprocess.run([sys.executable, "-m", "estimator", "verify", EXAMPLE, "--prices", str(bad)],
                            capture_output=True, text=True, timeout=120)
    assert korean.stderr.startswith(f"error: {bad}: 참조자료 표 거부: line 3, column price_won: ")


def test_wrong_kind_for_the_option(tmp_path):
    folder = _cp949_folder(tmp_path)
    with pytest.raises(InputError, match="expected a prices table"):
        reference_data(prices=[str(folder / "노임.csv")])


def test_show_with_user_tables(tmp_path):
    folder = _cp949_folder(tmp_path)
    result = subprocess.run([sys.executable, "-m", "estimator", "refdata", "show", "CCTV 폴", "--as-of", "2026-03-01",
                             "--refdata", str(folder)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "통신외선공 [정보통신] 401,234원/인 (2026-01-01~2026-12-31" in result.stdout
    assert "보통인부 [건설] 165,545원/인" in result.stdout


def test_verify_with_user_prices_changes_a_verdict(tmp_path):
    folder = _cp949_folder(tmp_path)
    bill = tmp_path / "plates.csv"
    bill.write_text("품명,규격,단위,수량,단가,금액\n불법광고물 방지판,H=2.0m 스테인리스,매,3,186000,558000\n",
                    encoding="utf-8")
    import json

    def run(*extra):
        done = subprocess.run([sys.executable, "-m", "estimator", "verify", str(bill), "--format", "json",
                               "--as-of", "2021-06-01", *extra], capture_output=True, text=True, timeout=120)
        return json.loads(done.stdout)

    # No bundled price is in force in 2021 (the PPS rounds start 2024-10): no claim without the table.
    assert [f for f in run()["findings"] if f["rule"] == "price-above-reference"] == []
    report = run("--refdata", str(folder))
    plate = next(f for f in report["findings"] if f["rule"] == "price-above-reference")
    assert plate["confidence"] == "certain" and plate["over_won"] == (186000 - 149000) * 3
    assert report["references"]["user_tables"] == sorted(str(p) for p in folder.glob("*.csv"))
