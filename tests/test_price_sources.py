"""Real reference prices (조달청 가격정보) and construction wages (대한건설협회) from their public sources.

Pinned rows are read from the bundled tables, so these tests pass on a clean checkout; the
importer and the loader are exercised on excerpts of the sources in tests/data/ (see
PROVENANCE.md). Re-importing the full sources runs only when ../shared is beside the checkout.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from estimator.errors import InputError
from estimator.refdata import sources
from estimator.refdata.tables import bundled, bundled_folders
from estimator.refdata.user import load_user_table, reference_data
from estimator.units import compatible, conversion_factor, parse_unit

ROOT = Path(__file__).parents[1]
TABLES = ROOT / "unit_price_tables"
DATA = Path(__file__).parent / "data"
EXCERPT = DATA / "pps_prices_excerpt"
WAGES_EXCERPT = DATA / "kca_wages_excerpt.csv"
SHARED = ROOT.parent / "shared" / "reference-sources"
SHARED_PRICES = SHARED / "pps-facility-material-prices"
SHARED_WAGES = SHARED / "construction-wages" / "kca_market_wages_2025H2_2026H2.csv"
needs_shared = pytest.mark.skipif(not SHARED_PRICES.is_dir() or not SHARED_WAGES.is_file(),
                                  reason="../shared/reference-sources is not beside this checkout")

PRICE_HEADER = ("item,class_name,spec,unit,price_won,source,source_ref,effective_from,effective_to,item_id,"
                "notice_no,department,delivery,provenance")
WAGE_HEADER = "job,sector,wage_won,unit,effective_from,effective_to,source,source_ref,provenance"
PPS_ORIGIN = "daexung/civilai-construction-risk-agent · data/raw/material_cost/{} · b4ec16a6"


def price_files() -> list[Path]:
    return sorted(TABLES.glob("prices_pps_*.csv"))


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def all_prices() -> list[dict[str, str]]:
    return [r | {"_file": p.name} for p in price_files() for r in rows(p)]


def excerpt_notices(name: str, price: str | None = None) -> list[dict[str, str]]:
    found = rows(EXCERPT / name)
    return [r for r in found if price is None or r["prce"] == price]


# --- the bundled tables -------------------------------------------------------------------------


def test_price_files_shape_size_and_rounds():
    files = price_files()
    assert len(files) == 16
    for path in files:
        data = path.read_bytes()
        assert len(data) < 1_000_000, path.name
        assert not data.startswith(b"\xef\xbb\xbf")
        assert data.decode("utf-8").split("\n", 1)[0] == PRICE_HEADER
        m = re.fullmatch(r"prices_pps_(\d{4}-\d{2})_(civil|building|electrical_ict|mechanical)\.csv", path.name)
        assert m, path.name
        table = rows(path)
        assert table and all(r["effective_from"].startswith(m.group(1)) for r in table), path.name
        assert all(r["source"] == "조달청 가격정보" and r["provenance"] == "public" and r["effective_to"] == ""
                   for r in table), path.name


def test_plywood_2024_10_pinned_with_its_provenance():
    found = [r for r in rows(TABLES / "prices_pps_2024-10_building.csv")
             if r["item"] == "보통합판" and r["spec"] == "1급, 18×1220×2440mm" and r["unit"] == "매"]
    assert len(found) == 1
    row = found[0]
    assert row == {
        "item": "보통합판", "class_name": "보통합판", "spec": "1급, 18×1220×2440mm", "unit": "매", "price_won": "51954",
        "source": "조달청 가격정보",
        "source_ref": PPS_ORIGIN.format("arch_materials.csv")
        + " (copy: reference-sources/pps-facility-material-prices/building.csv:624)",
        "effective_from": "2024-10-30", "effective_to": "", "item_id": "20142422", "notice_no": "R24CW21466456",
        "department": "건축설비과", "delivery": "현장도착도", "provenance": "public"}


def test_names_specs_classes_and_exact_prices():
    prices = all_prices()

    def one(**match):
        found = [r for r in prices if all(r[k] == v for k, v in match.items())]
        assert len(found) == 1, (match, found)
        return found[0]

    cable = one(notice_no="R24CW21375178")
    assert (cable["item"], cable["spec"], cable["class_name"], cable["unit"], cable["price_won"]) == (
        "22.9KV동심중성선케이블", "22.9kV, CN/CV-W, 수밀형, 60㎟", "전력케이블", "m", "18445")
    assert cable["delivery"] == "납품장소도" and "elec_materials.csv" in cable["source_ref"]
    # The export writes a literal backslash-n inside this class name.
    joint = one(notice_no="R25CW22917147")
    assert (joint["class_name"], joint["item"], joint["spec"]) == ("익스팬션죠인트 스테인레스(단식)",
                                                                   "익스팬션죠인트 스테인레스(단식)", "D20")
    pipe = one(notice_no="R24CW21383593")
    assert pipe["class_name"] == "압력배관용 탄소강관" and pipe["item"] == "압력배관용탄소강관"
    assert pipe["spec"] == "흑관(Sch40), Φ15mm"
    nameless = one(notice_no="R25CW22915030")
    assert (nameless["item"], nameless["spec"]) == ("Piston Relieze", "")
    oxygen = one(notice_no="R26CW25860528")
    assert (oxygen["item"], oxygen["unit"], oxygen["price_won"]) == ("산소가스", "L", "2.5")
    piles = one(notice_no="R24CW21374711")
    assert (piles["unit"], piles["price_won"], piles["delivery"], piles["department"]) == (
        "M/T", "1228000", "공장상차도", "토목환경과")


def test_no_row_is_priced_zero_and_the_zero_notices_are_absent():
    prices = all_prices()
    assert all(re.fullmatch(r"\d+(\.\d+)?", r["price_won"]) and float(r["price_won"]) > 0 for r in prices)
    zero = {r["prceNticeNo"] for r in excerpt_notices("building.csv", "0")}
    assert len(zero) == 3
    assert not zero & {r["notice_no"] for r in prices}
    assert len(prices) == 18_904


def test_every_bundled_unit_is_known():
    assert {r["unit"] for r in all_prices() if parse_unit(r["unit"]).canonical is None} == set()


def test_two_departments_on_one_day_are_both_kept():
    boards = [r for r in all_prices() if r["item_id"] == "10027948" and r["effective_from"] == "2025-04-24"]
    assert sorted((r["department"], r["price_won"]) for r in boards) == [("건축설비과", "4691"),
                                                                        ("공사원가기준과", "5101")]


def test_a_notice_is_in_force_until_the_items_next_notice():
    prices = bundled().prices
    plywood = prices[prices["item_id"] == "20142422"].sort_values(["effective_from", "notice_no"])
    assert [(r.effective_from, r.effective_to, r.price_won) for r in plywood.itertuples()] == [
        ("2024-10-30", "2025-04-23", "51954"),
        ("2025-04-24", "2025-10-22", "51943"), ("2025-04-24", "2025-10-22", "53548"),
        ("2025-10-23", "2026-04-19", "53548"),
        ("2026-04-20", "", "48700")]
    assert set(plywood["_stated_to"]) == {""}


KCA = "대한건설협회 건설업 임금실태조사 보고서"


def test_construction_wages_pinned():
    table = rows(TABLES / "wages_kca_construction.csv")
    assert (TABLES / "wages_kca_construction.csv").read_text(encoding="utf-8").split("\n", 1)[0] == WAGE_HEADER
    labourer = [(r["wage_won"], r["effective_from"], r["effective_to"], r["source"]) for r in table
                if r["job"] == "보통인부"]
    assert labourer == [("171037", "2025-09-01", "2025-12-31", f"{KCA}, 2025 하반기"),
                        ("172068", "2026-01-01", "2026-08-31", f"{KCA}, 2026 상반기"),
                        ("172698", "2026-09-01", "", f"{KCA}, 2026 하반기")]
    first = next(r for r in table if r["job"] == "보통인부")
    assert first["source_ref"] == (
        "daexung/civilai-construction-risk-agent · data/raw/labor_cost/labor_cost_unit_price_2026.csv · b4ec16a6 "
        "(column 2025.2/2); copy: reference-sources/construction-wages/kca_market_wages_2025H2_2026H2.csv:3, "
        "trade code 1002")
    outer = [r for r in table if r["job"] == "통신외선공" and r["effective_from"] == "2026-09-01"]
    assert [(r["wage_won"], r["effective_to"], r["sector"], r["unit"]) for r in outer] == [("410182", "", "건설", "인")]
    assert "labor_rates.json · a2cd7596" in outer[0]["source_ref"] and "trade code 1088" in outer[0]["source_ref"]
    assert all(r["provenance"] == "public" and r["sector"] == "건설" and r["unit"] == "인" for r in table)
    assert len(table) == 344


def test_no_carry_forward_for_a_trade_without_a_published_wage():
    table = rows(TABLES / "wages_kca_construction.csv")
    periods = lambda job: [(r["effective_from"], r["effective_to"]) for r in table if r["job"] == job]  # noqa: E731
    assert periods("연마공") == [("2025-09-01", "2025-12-31"), ("2026-09-01", "")]
    assert periods("건설기계조장") == [("2026-01-01", "2026-08-31")]
    assert periods("준설선선장") == []


def test_sample_rows_are_gone():
    assert not (TABLES / "prices.csv").exists()
    ict = rows(TABLES / "wages.csv")
    assert {r["sector"] for r in ict} == {"정보통신", "소프트웨어"} and len(ict) == 28
    for path in TABLES.glob("*.csv"):
        assert all(r["provenance"] == "public" for r in rows(path)), path.name


def test_bundled_tables_pass_refdata_check():
    result = subprocess.run([sys.executable, "-m", "estimator", "refdata", "check"], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert result.stdout.startswith("ok: ") and "unit_price_tables" in result.stdout
    assert "set aside" not in result.stdout


# --- the importer, on the excerpts ----------------------------------------------------------------


def test_import_of_the_price_excerpt(tmp_path, capsys):
    assert sources.detect(EXCERPT) == "pps" and sources.detect(EXCERPT / "civil.csv") == "pps"
    assert sources.run("pps", EXCERPT, tmp_path / "a") == 0
    printed = capsys.readouterr().out
    assert "3 priced 0 skipped" in printed and "round 2025-04" in printed
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert "prices_pps_2024-10_building.csv" in names and "prices_pps_2024-10_civil.csv" in names
    written = [r for p in sorted((tmp_path / "a").glob("*.csv")) for r in rows(p)]
    assert len(written) == 43 - 3
    # The same function as the bundled tables: a notice converts to the same row, but for where
    # it was read.
    bundled_rows = {r["notice_no"]: {k: v for k, v in r.items() if k not in ("source_ref", "_file")}
                    for r in all_prices()}
    for row in written:
        assert {k: v for k, v in row.items() if k != "source_ref"} == bundled_rows[row["notice_no"]]
        assert re.fullmatch(rf"{re.escape(str(EXCERPT))}/\w+\.csv:\d+", row["source_ref"])
    # A re-run, files given in another order by the folder, writes the same bytes.
    sources.run("pps", EXCERPT, tmp_path / "b")
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_reimport_removes_stale_files_of_its_sectors_only(tmp_path):
    (tmp_path / "prices_pps_2019-01_civil.csv").write_text("old", encoding="utf-8")
    (tmp_path / "prices_pps_2019-01_other.csv").write_text("keep", encoding="utf-8")
    sources.run("pps", EXCERPT / "civil.csv", tmp_path)
    assert not (tmp_path / "prices_pps_2019-01_civil.csv").exists()
    assert (tmp_path / "prices_pps_2019-01_other.csv").read_text(encoding="utf-8") == "keep"
    assert (tmp_path / "prices_pps_2024-10_civil.csv").exists()


def test_large_rounds_are_split_below_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 800)
    sources.run("pps", EXCERPT / "building.csv", tmp_path)
    files = sorted(tmp_path.glob("*.csv"))
    assert any("_part2" in p.name for p in files)
    assert all(p.stat().st_size < 800 for p in files)
    assert sum(len(rows(p)) for p in files) == 23 - 3


def test_import_of_the_wage_excerpt(tmp_path):
    assert sources.detect(WAGES_EXCERPT) == "wages"
    sources.run("wages", WAGES_EXCERPT, tmp_path)
    table = rows(tmp_path / "wages_kca_construction.csv")
    got = [(r["job"], r["wage_won"], r["effective_from"], r["effective_to"]) for r in table]
    assert got == [
        ("보통인부", "171037", "2025-09-01", "2025-12-31"), ("보통인부", "172068", "2026-01-01", "2026-08-31"),
        ("보통인부", "172698", "2026-09-01", ""),
        ("연마공", "210772", "2025-09-01", "2025-12-31"), ("연마공", "208207", "2026-09-01", ""),
        ("보일러공", "240120", "2026-01-01", "2026-08-31"), ("보일러공", "240647", "2026-09-01", ""),
        ("건설기계조장", "210909", "2026-01-01", "2026-08-31"),
        ("통신외선공", "407342", "2025-09-01", "2025-12-31"), ("통신외선공", "408942", "2026-01-01", "2026-08-31"),
        ("통신외선공", "410182", "2026-09-01", "")]
    assert table[0]["source_ref"] == f"{WAGES_EXCERPT}:2, trade code 1002"


def test_cli_import_dispatch_and_refusals(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "estimator", "refdata", "import", *args], capture_output=True,
                              text=True, timeout=120)

    done = run(str(EXCERPT / "mechanical.csv"), str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "rows" in done.stdout and list((tmp_path / "out").glob("prices_pps_*_mechanical.csv"))
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    refused = run(str(other), str(tmp_path / "out"))
    assert refused.returncode == 2 and refused.stderr.startswith(f"error: {other}: ")
    broken = tmp_path / "broken.csv"
    text = (EXCERPT / "civil.csv").read_text(encoding="utf-8").replace(",1228000,", ",12x8000,", 1)
    broken.write_text(text, encoding="utf-8")
    refused = run(str(broken), str(tmp_path / "out"), )
    assert refused.returncode == 2 and "line 2, column prce" in refused.stderr, refused.stderr
    missing = run(str(tmp_path / "nope.csv"))
    assert missing.returncode == 2


def test_import_rejects_a_non_numeric_wage(tmp_path):
    bad = tmp_path / "w.csv"
    bad.write_text("code,job,wage_2025-09-01\n1002,보통인부,17만\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2, column wage_2025-09-01"):
        sources.read_wages(bad)


# --- the raw export as a user table ---------------------------------------------------------------


def test_the_raw_export_loads_as_prices_exactly_as_imported(tmp_path):
    kind, frame = load_user_table(EXCERPT / "building.csv", "prices")
    assert kind == "prices" and len(frame) == 23 - 3
    assert sorted((f.line, f.column) for f in frame.attrs["set_aside"]) == [
        (n, "prce") for n in sorted(int(r) for r in _zero_lines())]
    sources.run("pps", EXCERPT / "building.csv", tmp_path)
    imported = {r["notice_no"]: r for p in tmp_path.glob("*.csv") for r in rows(p)}
    for record in frame.to_dict("records"):
        assert {k: record[k] for k in sources.PRICE_COLUMNS} == imported[record["notice_no"]]
    assert set(frame["_origin"]) == {"user"} and frame["_line"].min() >= 2


def _zero_lines() -> list[str]:
    text = (EXCERPT / "building.csv").read_text(encoding="utf-8").splitlines()
    return [str(n) for n, line in enumerate(text, start=1) if n > 1 and next(csv.reader([line]))[9] == "0"]


def test_user_notices_are_preferred_and_end_bundled_ones():
    refs = reference_data(prices=[str(EXCERPT / "building.csv")])
    prices = refs.prices
    plywood = prices[(prices["item_id"] == "20142422") & (prices["effective_from"] == "2024-10-30")]
    assert list(plywood["_origin"]) == ["user"]  # the bundled row with that key gave way
    assert list(plywood["effective_to"]) == ["2025-04-23"]


def test_a_stated_end_is_kept_and_a_users_notice_ends_the_bundled_one(tmp_path):
    table = tmp_path / "mine.csv"
    table.write_text("item,spec,unit,price_won,source,effective_from,effective_to,item_id,notice_no\n"
                     "보통합판,\"1급, 18×1220×2440mm\",매,50000,조달청 가격정보,2024-12-01,2025-01-31,20142422,MINE1\n"
                     "보통합판,\"1급, 18×1220×2440mm\",매,49000,조달청 가격정보,2025-02-01,,20142422,MINE2\n",
                     encoding="utf-8")
    prices = reference_data(prices=[str(table)]).prices
    mine = prices[prices["notice_no"].isin(["MINE1", "MINE2"])]
    assert list(mine["effective_to"]) == ["2025-01-31", "2025-04-23"]
    first = prices[prices["notice_no"] == "R24CW21466456"]
    assert list(first["effective_to"]) == ["2024-11-30"]


def test_refdata_check_of_a_raw_export_lists_the_rows_it_sets_aside(tmp_path):
    folder = tmp_path / "refs"
    folder.mkdir()
    (folder / "building.csv").write_bytes((EXCERPT / "building.csv").read_bytes())
    result = subprocess.run([sys.executable, "-m", "estimator", "refdata", "check", str(folder)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    info = [line for line in result.stdout.splitlines() if line.startswith("info: ") and "set aside" in line]
    assert len(info) == 3 + 1 and "prce is 0" in info[0] and info[-1] == "info: 3 row(s) set aside"


@needs_shared
def test_the_shared_exports_load_with_prices_without_refusal():
    started = time.perf_counter()
    refs = reference_data(prices=[str(p) for p in sorted(SHARED_PRICES.glob("*.csv"))], only=True)
    elapsed = time.perf_counter() - started
    print(f"loaded the shared PPS list with --prices in {elapsed:.2f} s")
    assert len(refs.prices) == 18_904
    assert elapsed < 10


# --- regeneration from the full sources ---------------------------------------------------------------


@needs_shared
def test_full_reimport_is_byte_identical(tmp_path):
    for run in ("a", "b"):
        sources.run("pps", SHARED_PRICES, tmp_path / run)
        sources.run("wages", SHARED_WAGES, tmp_path / run)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted([*(p.name for p in price_files()), "wages_kca_construction.csv"])
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        assert (tmp_path / "a" / name).read_bytes() == (TABLES / name).read_bytes(), name


def test_default_output_is_the_bundled_folder():
    assert sources.default_out() == next(f for f in bundled_folders() if f.name == "unit_price_tables")


# --- units of the price list ----------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "canonical", "kind"), [
    ("kit", "count", "count"), ("KIT", "count", "count"), ("M/T", "ton", "mass"), ("m/t", "ton", "mass"),
    ("D/M", "count", "count"), ("드럼", "count", "count"), ("갑", "count", "count"), ("R/L", "count", "count"),
    ("백개", "100 count", "count"), ("㎠", "cm2", "area"), ("㎝", "cm", "length"), ("포", "count", "count"),
    ("통", "count", "count"), ("ｍ", "m", "length"), ("Set", "count", "count"), ("TON", "ton", "mass"),
    ("KG", "kg", "mass"), ("재", "jae", "timber"), ("ℓ", "L", "volume"), ("EA", "count", "count"),
])
def test_price_list_units(written, canonical, kind):
    unit = parse_unit(written)
    assert (unit.canonical, unit.kind) == (canonical, kind)


def test_unit_conversions_of_the_price_list():
    assert conversion_factor("M/T", "kg") == 1000
    assert conversion_factor("백개", "개") == 100
    # 재 is a timber volume with no exact decimal factor: it converts to itself only, never a count.
    assert compatible("재", "재") and not compatible("재", "개") and not compatible("재", "㎥")


def test_every_unit_of_the_shared_list_is_known():
    units = {r["unit"] for p in sorted(EXCERPT.glob("*.csv")) for r in rows(p)}
    if SHARED_PRICES.is_dir():
        units |= {r["unit"] for p in sorted(SHARED_PRICES.glob("*.csv")) for r in rows(p)}
    assert {u for u in units if parse_unit(u).canonical is None} == set()


def test_verify_sees_the_price_in_force(tmp_path):
    """A look-up on a date after the 2025-04 round does not use the 2024-10 notice."""
    from estimator.references import in_force

    prices = bundled().prices
    on = in_force(prices[prices["item_id"] == "20142422"], date(2025, 6, 1))
    assert sorted(on["price_won"]) == ["51943", "53548"]
