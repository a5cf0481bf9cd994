"""`estimator refdata check` and `refdata show` as a user runs them."""

import subprocess
import sys


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
