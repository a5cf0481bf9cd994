"""The fast (pandas) validation of user tables gives the verdicts of the great-expectations suites.

`verify --prices FILE` validates with the pandas engine, `estimator refdata check` with GX; both
evaluate one list of rules. On a corpus of broken tables built here, both must name the same
failing file, line and column with the same message, and set the same rows aside. A table is
refused only for a failure; rows set aside are left out and the rest is used.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from estimator.errors import InputError
from estimator.refdata.user import load_user_table
from estimator.refdata.validate import check_file, check_folder

DATA = Path(__file__).parent / "data"
EXCERPT = DATA / "pps_prices_excerpt"
SHARED_PRICES = Path(__file__).parents[2] / "shared" / "reference-sources" / "pps-facility-material-prices"

P = "test table"
PRICES = ["item", "spec", "unit", "price_won", "source", "effective_from", "effective_to", "provenance"]
NOTICES = ["item", "spec", "unit", "price_won", "source", "effective_from", "effective_to", "item_id", "notice_no",
           "department", "provenance"]
WAGES = ["job", "wage_won", "effective_from", "effective_to", "sector", "unit", "provenance"]
QUANTITIES = ["work", "spec", "unit", "resource", "resource_unit", "quantity", "includes", "edition", "provenance"]
RATES = ["head", "rate", "base", "effective_from", "effective_to", "cap", "provenance"]
PPS = ["prceNticeNo", "nticeDt", "bsnsDivNm", "prdctIdntNo", "prdctClsfcNoNm", "krnPrdctNm", "unit", "prce",
       "dlvryCndtnNm", "invstDeptNm"]


def pps(no, when, item_id, name, unit, price, klass="보통합판"):
    return [no, when, "시설공통자재(건축)", item_id, klass, name, unit, price, "현장도착도", "건축설비과"]


# name: (rows, expected failures as (line, column), expected rows set aside as (line, column))
CORPUS = {
    "prices_valid": ([PRICES, ["레미콘", "25-24-150", "m3", "98,000", "조달청", "2025-01-01", "2025-06-30", P],
                      ["레미콘", "25-24-150", "m3", "101000.5", "조달청", "2025-07-01", "", P]], [], []),
    "prices_missing_column": ([[c for c in PRICES if c != "price_won"],
                               ["레미콘", "", "m3", "조달청", "2025-01-01", "", P]], [(None, "price_won")], []),
    "prices_bad_date": ([PRICES, ["레미콘", "", "m3", "98000", "조달청", "2025-13-01", "", P]],
                        [(2, "effective_from")], []),
    "prices_non_numeric": ([PRICES, ["레미콘", "", "m3", "98000", "조달청", "2025-01-01", "2025-06-30", P],
                            ["철근", "D13", "ton", "12a", "조달청", "2025-01-01", "", P]], [(3, "price_won")], []),
    "prices_bad_amounts": ([PRICES, ["a", "", "m", "-1", "조달청", "2025-01-01", "", P],
                            ["b", "", "m", "1.2.3", "조달청", "2025-01-01", "", P],
                            ["c", "", "m", "1,23", "조달청", "2025-01-01", "", P],
                            ["d", "", "m", "1,234.5", "조달청", "2025-01-01", "", P]],
                           [(2, "price_won"), (3, "price_won"), (4, "price_won")], []),
    "prices_unknown_unit": ([PRICES, ["방지판", "STS", "매", "150000", "조달청", "2021-01-01", "", P],
                             ["방지판", "STS", "furlong", "150000", "조달청", "2022-01-01", "", P]], [], [(3, "unit")]),
    "prices_zero_and_blank": ([PRICES, ["철근", "D13", "ton", "0", "조달청", "2025-01-01", "", P],
                               ["철근", "D16", "ton", "0.00", "조달청", "2025-01-01", "", P],
                               ["철근", "D19", "ton", "", "조달청", "2025-01-01", "", P],
                               ["철근", "D22", "ton", "950000", "조달청", "2025-01-01", "", P]],
                              [], [(2, "price_won"), (3, "price_won"), (4, "price_won")]),
    "prices_overlap": ([PRICES, ["레미콘", "25-24-150", "m3", "98000", "조달청", "2025-01-01", "2025-06-30", P],
                        ["레미콘", "25-24-150", "m3", "99000", "조달청", "2025-06-01", "", P]],
                       [(3, "effective_from")], []),
    "prices_two_departments_one_day": ([NOTICES,
                                        ["석고보드", "9.5", "매", "4691", "조달청 가격정보", "2025-04-24", "", "10027948",
                                         "R25CW22907168", "건축설비과", P],
                                        ["석고보드", "9.5", "매", "5101", "조달청 가격정보", "2025-04-24", "", "10027948",
                                         "R25CW24303572", "공사원가기준과", P],
                                        ["석고보드", "9.5", "매", "5200", "조달청 가격정보", "2025-10-23", "", "10027948",
                                         "R25CW24305000", "공사원가기준과", P]], [], []),
    "prices_one_notice_twice": ([NOTICES,
                                 ["석고보드", "9.5", "매", "4691", "조달청 가격정보", "2025-04-24", "", "10027948",
                                  "R25CW22907168", "건축설비과", P],
                                 ["석고보드", "9.5", "매", "4691", "조달청 가격정보", "2025-04-24", "", "10027948",
                                  "R25CW22907168", "건축설비과", P]], [(3, "effective_from")], []),
    "wages_overlap_and_zero": ([WAGES, ["보통인부", "169,804", "2025-01-01", "2025-08-31", "건설", "인", P],
                                ["보통인부", "172068", "2025-08-01", "", "건설", "인", P],
                                ["특별인부", "0", "2025-01-01", "", "건설", "인", P]],
                               [(3, "effective_from"), (4, "wage_won")], []),
    "wages_unknown_unit_and_reversed_period": ([WAGES, ["보통인부", "169804", "2025-01-01", "2024-08-31", "건설", "인", P],
                                                ["특별인부", "220000", "2025-01-01", "", "건설", "man-hourz", P]],
                                               [(2, "effective_to")], [(3, "unit")]),
    "quantities_unit_and_repeat": ([QUANTITIES, ["터파기", "보통토사", "m3", "보통인부", "인", "0.2", "", "2026", P],
                                    ["터파기", "보통토사", "xyz", "보통인부", "인", "0.2", "", "2026", P],
                                    ["터파기", "보통토사", "m3", "보통인부", "인", "0.3", "", "2026", P]],
                                   [(4, "work,spec,unit,resource,edition")], [(3, "unit")]),
    "rates_neither_rate_nor_cap": ([RATES, ["일반관리비", "", "순공사원가", "2025-01-01", "", "", P]],
                                   [(2, "rate")], []),
    "pps_valid_with_rows_set_aside": ([PPS, pps("R1", "2024-10-30 16:58:14", "20142422", "보통합판, 1급", "매", "51954"),
                                       pps("R2", "2025-04-24 00:00:00", "20142422", "보통합판, 1급", "매", "0"),
                                       pps("R3", "2025-04-24", "20142422", "보통합판, 1급", "furlong", "51943"),
                                       pps("R4", "2025-04-24", "20142423", "보통합판, 2급", "", "51000"),
                                       pps("R5", "2025-04-24", "20142424", "", "매", "", klass=""),
                                       pps("R6", "2025-04-24", "20142425", "", "매", "2.5", klass="산소가스")],
                                      [], [(3, "prce"), (4, "unit"), (5, "unit"), (6, "krnPrdctNm"), (6, "prce")]),
    "pps_bad_date_and_price": ([PPS, pps("R1", "2024-13-30 16:58:14", "1", "보통합판, 1급", "매", "51954"),
                                pps("R2", "2024-10-30T16:58", "1", "보통합판, 1급", "매", "51,954"),
                                pps("R3", "20241030", "1", "보통합판, 1급", "매", "5만")],
                               [(2, "nticeDt"), (4, "nticeDt"), (4, "prce")], []),
    "pps_missing_column": ([[c for c in PPS if c != "prce"], ["R1", "2024-10-30", "x", "1", "c", "n", "매", "d", "e"]],
                           [(None, "prce")], []),
    "unknown_kind": ([["name", "value"], ["a", "1"]], [(None, None)], []),
}


def write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def verdict(found) -> tuple[list, list]:
    return ([(f.line, f.column) for f in found if not f.aside], [(f.line, f.column) for f in found if f.aside])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, (rows, _, _) in CORPUS.items():
        write(folder / f"{name}.csv", rows)
    # The same broken prices in the forms users send: CP949 text and a workbook.
    write(folder / "cp949_prices.csv", CORPUS["prices_non_numeric"][0], encoding="cp949")
    book = openpyxl.Workbook()
    for row in CORPUS["prices_unknown_unit"][0]:
        book.active.append(row)
    book.save(folder / "xlsx_prices.xlsx")
    (folder / "empty.csv").write_text("", encoding="utf-8")
    (folder / "unreadable.csv").write_bytes(b"item,spec\n\xff\xfe\xfa,\x81\n")
    return folder


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_both_engines_give_the_expected_verdict(corpus, name):
    _, failures, aside = CORPUS[name]
    path = corpus / f"{name}.csv"
    fast, suite = check_file(path, engine="pandas"), check_file(path, engine="gx")
    assert fast == suite
    assert verdict(fast) == (failures, aside)


@pytest.mark.parametrize("name", ["cp949_prices.csv", "xlsx_prices.xlsx", "empty.csv", "unreadable.csv"])
def test_both_engines_agree_on_other_forms(corpus, name):
    assert check_file(corpus / name, engine="pandas") == check_file(corpus / name, engine="gx")


def test_both_engines_agree_on_a_whole_folder(corpus):
    fast = check_folder(corpus, engine="pandas")
    assert fast == check_folder(corpus, engine="gx")
    silent = [name for name, (_, failures, aside) in CORPUS.items() if not failures and not aside]
    assert len({f.file for f in fast}) == len(CORPUS) + 4 - len(silent)


def test_both_engines_agree_on_the_pps_excerpt():
    for path in sorted(EXCERPT.glob("*.csv")):
        assert check_file(path, engine="pandas") == check_file(path, engine="gx"), path.name


@pytest.mark.skipif(not SHARED_PRICES.is_dir(), reason="../shared/reference-sources is not beside this checkout")
def test_both_engines_agree_on_the_shared_price_list():
    fast = check_folder(SHARED_PRICES, engine="pandas")
    assert fast == check_folder(SHARED_PRICES, engine="gx")
    assert verdict(fast)[0] == [] and len(fast) == 140


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_user_table_is_refused_exactly_when_it_fails(corpus, name):
    _, failures, aside = CORPUS[name]
    path = corpus / f"{name}.csv"
    if failures:
        with pytest.raises(InputError) as error:
            load_user_table(path)
        line, column = failures[0]
        where = ", ".join(x for x in (f"line {line}" if line else "", f"column {column}" if column else "") if x)
        assert error.value.path == str(path)
        assert error.value.reason.startswith(f"reference table refused: {where}")
        return
    kind, frame = load_user_table(path)
    dropped = {line for line, _ in aside}
    body = len(CORPUS[name][0]) - 1
    assert len(frame) == body - len(dropped)
    assert not dropped & set(frame["_line"])
    assert verdict(frame.attrs["set_aside"]) == ([], aside)
    if name.startswith("pps"):
        assert kind == "prices" and list(frame["price_won"]) == ["51954", "2.5"]


def test_the_refusal_is_exit_2_with_file_line_and_column(corpus):
    path = corpus / "prices_non_numeric.csv"
    example = Path(__file__).parents[1] / "examples" / "cctv_pole_estimate.xlsx"
    result = subprocess.run([sys.executable, "-m", "estimator", "verify", str(example), "--prices", str(path),
                             "--lang", "en"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {path}: reference table refused: line 3, column price_won: "
                                    "price_won must be an amount of won")


def test_rows_set_aside_do_not_refuse_a_run(corpus):
    example = Path(__file__).parents[1] / "examples" / "cctv_pole_estimate.xlsx"
    result = subprocess.run([sys.executable, "-m", "estimator", "verify", str(example), "--prices",
                             str(corpus / "prices_unknown_unit.csv"), "--as-of", "2022-03-01", "--format", "json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr


def test_loading_user_tables_never_imports_great_expectations():
    code = ("import sys; from estimator.refdata.user import reference_data; "
            f"reference_data(prices=[{str(EXCERPT / 'building.csv')!r}]); "
            "print(any(m.startswith('great_expectations') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr
