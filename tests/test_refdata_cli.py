"""`estimator refdata check` and `refdata show` as a user runs them."""

import subprocess
import sys
from pathlib import Path

import pytest


def run(*args):
    return subprocess.run([sys.executable, "-m", "estimator", "refdata", *args], capture_output=True, text=True,
                          timeout=300)


def test_bundled_tables_pass():
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ") and "standard_quantities" in result.stdout


def test_broken_user_table_fails_with_file_line_and_column(tmp_path):
    table = tmp_path / "wages.csv"
    table.write_text("job,wage_won,effective_from,effective_to,sector\n"
                     "보통인부,165545,2019-01-01,2019-06-30,건설\n"
                     "특별인부,21x000,2019-01-01,2019-06-30,건설\n"
                     "보통인부,170000,2019-06-01,2019-12-31,건설\n", encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert f"{table}:3: wage_won: " in lines[0] and "21x000" in lines[0]
    assert f"{table}:4: effective_from: " in lines[1] and "overlaps line 2" in lines[1]
    assert lines[-1] == f"2 failure(s) in {tmp_path}"


def test_check_of_a_missing_folder_exits_2(tmp_path):
    result = run("check", str(tmp_path / "nope"))
    assert result.returncode == 2 and "참조자료 폴더가 아님" in result.stderr


def test_show_finds_the_cctv_pole_with_excavation_and_backfill_included():
    for query in ("CCTV pole", "CCTV 폴"):
        result = run("show", query)
        assert result.returncode == 0
        first = result.stdout.split("\n\n")[0]
        assert first.startswith("■ CCTV 폴 설치  [정보통신부문 9-2-1-3")
        assert "포함 (includes): 터파기, 되메우기" in first
        assert "H=8m (설계하중 200㎏ 이하): 통신외선공 1.28 인/본, 보통인부 1.45 인/본" in first
        assert "labour +25% 보통인부 (포장된 장소)" in first


def test_show_as_of_picks_wages_in_force():
    result = run("show", "CCTV 폴", "--as-of", "2024-03-01")
    assert "통신외선공 [정보통신] 387,376원/인 (2024-01-01~2024-08-31" in result.stdout
    assert "2026-01-01" not in result.stdout.split("시중노임단가")[1]
    later = run("show", "CCTV 폴", "--as-of", "2025-03-01")
    assert "387,376" not in later.stdout


def test_show_as_of_rejects_a_bad_date():
    result = run("show", "CCTV 폴", "--as-of", "2024-13-01")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


def test_show_lists_prices_in_force_with_their_notice():
    """보통합판 1급 18×1220×2440mm per 매: 51,954 won in the 2024-10 round, shown with its notice."""
    result = run("show", "보통합판", "--as-of", "2024-12-01")
    assert result.returncode == 0
    line = next(l for l in result.stdout.splitlines() if "18×1220×2440mm [매]" in l)
    assert "51,954원" in line and "조달청 가격정보" in line and "R24CW21466456" in line and "public" in line
    later = run("show", "보통합판", "--as-of", "2023-12-01")
    assert "51,954원" not in later.stdout  # before the first round nothing is in force


SHARED_PRICES = Path(__file__).parents[1].parent / "shared" / "reference-sources" / "pps-facility-material-prices"


@pytest.mark.skipif(not SHARED_PRICES.is_dir(), reason="../shared is not beside this checkout")
def test_raw_shared_price_list_loads_with_prices(tmp_path):
    bill = tmp_path / "bill.csv"
    bill.write_text("품명,규격,단위,수량,단가,금액\n보통합판,1급 18x1220x2440mm,매,10,60000,600000\n", encoding="utf-8")
    options = [a for p in sorted(SHARED_PRICES.glob("*.csv")) for a in ("--prices", str(p))]
    done = subprocess.run([sys.executable, "-m", "estimator", "verify", str(bill), "--as-of", "2024-12-01",
                           "--format", "json", *options], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # findings, not a refusal (which would be 2)
    import json

    (finding,) = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "price-above-reference"]
    assert finding["over_won"] == 10 * (60000 - 51954)
