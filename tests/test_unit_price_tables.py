"""The bundled reference tables in unit_price_tables/: shape, provenance, periods, pinned values.

Real rows (provenance ``public``) are transcribed from the public documents listed in
../shared/real-data/SOURCES.md; when that folder is present, every such row is checked again
against its source cell or line. Sample rows must say that they are samples.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

TABLES = Path(__file__).resolve().parent.parent / "unit_price_tables"
REAL = Path(__file__).resolve().parents[2] / "shared" / "real-data"  # ../shared beside the project

COLUMNS = {
    "wages.csv": "job,sector,wage_won,unit,effective_from,effective_to,source,source_ref,provenance",
    "rates.csv": "head,rate,base,effective_from,effective_to,cap,sector,size,duration,base_amount_won,"
                 "source,source_ref,provenance",
}
MONEY = {"wages.csv": ("wage_won",), "rates.csv": ("base_amount_won",)}
KEYS = {"wages.csv": ("job", "sector"), "rates.csv": ("head", "sector", "size", "duration")}


def rows(name: str) -> list[dict[str, str]]:
    with open(TABLES / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def one(name: str, **match: str) -> dict[str, str]:
    found = [r for r in rows(name) if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_header_encoding_and_columns(name):
    raw = (TABLES / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    raw.decode("utf-8")
    assert raw.decode("utf-8").splitlines()[0] == COLUMNS[name]
    assert rows(name), "table is not empty"


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_provenance_source_money_and_dates(name):
    for n, r in enumerate(rows(name), start=2):
        where = f"{name}:{n}"
        assert None not in r and all(v is not None for v in r.values()), where
        assert r["provenance"] in {"public", "sample"}, where
        assert r["source"].strip(), where
        if r["provenance"] == "sample":
            assert r["source"].startswith("sample:"), where
        else:
            assert not r["source"].lower().startswith("sample"), where
            assert r["source_ref"].strip(), where
        for col in MONEY[name]:
            value = r[col]
            if name == "rates.csv" and value == "":
                continue
            assert re.fullmatch(r"-?\d+", value), (where, col, value)
        start = date.fromisoformat(r["effective_from"])
        end = date.fromisoformat(r["effective_to"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["effective_from"]), where
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["effective_to"]), where
        assert start <= end, where


def test_rates_are_decimal_percentages():
    for n, r in enumerate(rows("rates.csv"), start=2):
        assert r["rate"] or r["cap"], f"rates.csv:{n}: a rate or a cap"
        for col in ("rate", "cap"):
            if r[col]:
                try:
                    value = Decimal(r[col])
                except InvalidOperation:
                    pytest.fail(f"rates.csv:{n}: {col} {r[col]!r}")
                assert 0 < value <= 100, f"rates.csv:{n}"
        if r["rate"] and r["cap"]:
            assert Decimal(r["rate"]) <= Decimal(r["cap"]), f"rates.csv:{n}"
        assert r["base"] and all(part.strip() for part in r["base"].split("+")), f"rates.csv:{n}"


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_keys_unique_and_periods_do_not_overlap(name):
    periods: dict[tuple[str, ...], list[tuple[date, date, int]]] = {}
    for n, r in enumerate(rows(name), start=2):
        key = tuple(r[k] for k in KEYS[name])
        periods.setdefault(key, []).append(
            (date.fromisoformat(r["effective_from"]), date.fromisoformat(r["effective_to"]), n))
    for key, spans in periods.items():
        spans.sort()
        for (_, end, line), (start, _, next_line) in zip(spans, spans[1:]):
            assert end < start, f"{name}: {key} lines {line} and {next_line} overlap"


def test_wages_pinned_real_values():
    inner = one("wages.csv", job="통신내선공", sector="정보통신")
    outer = one("wages.csv", job="통신외선공", sector="정보통신")
    for r, won in ((inner, "267277"), (outer, "387376")):
        assert (r["wage_won"], r["unit"], r["effective_from"], r["effective_to"], r["provenance"]) == (
            won, "인", "2024-01-01", "2024-08-31", "public")
    assert len([r for r in rows("wages.csv") if r["sector"] == "정보통신"]) == 11
    sw = one("wages.csv", job="IT기획자", sector="소프트웨어")
    assert (sw["wage_won"], sw["effective_from"], sw["effective_to"], sw["provenance"]) == (
        "578206", "2026-01-01", "2026-12-31", "public")
    assert len([r for r in rows("wages.csv") if r["sector"] == "소프트웨어"]) == 17


def test_no_sample_rows_remain():
    """Real construction wages (wages_kca_construction.csv) and PPS prices replaced the samples."""
    assert not [r for r in rows("wages.csv") if r["sector"] == "건설"]
    for path in TABLES.glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as f:
            assert all(r.get("provenance", "public") != "sample" for r in csv.DictReader(f)), path.name


def test_rates_pinned_real_values():
    r = one("rates.csv", head="간접노무비", sector="건축", size="50억 미만", duration="6개월 이하 (183일)",
            effective_from="2023-04-28")
    assert (r["rate"], r["base"], r["provenance"]) == ("12.2", "직접노무비", "public")
    r = one("rates.csv", head="간접노무비", sector="건축", size="300억 - 1000억 미만",
            duration="13~36개월 (1095일)")
    assert r["rate"] == "11.3"
    r = one("rates.csv", head="이윤", sector="건축", size="50억 - 100억 미만")
    assert (r["rate"], r["cap"]) == ("12", "15")
    r = one("rates.csv", head="산업안전보건관리비", sector="일반건설공사(갑)", size="5억 ~ 50억 미만")
    assert (r["rate"], r["base"], r["base_amount_won"]) == ("1.86", "재료비+직접노무비", "5349000")
    t5 = one("rates.csv", head="간접노무비", sector="건축", effective_from="2023-01-18")
    assert (t5["rate"], t5["effective_to"], t5["provenance"]) == ("11.3", "2023-01-18", "public")
    assert "20221225183" in t5["source"]
    r = one("rates.csv", head="간접노무비", sector="토목", effective_from="2026-01-01")
    assert (r["rate"], r["size"], r["duration"]) == ("19.1", "10억 미만", "6개월 이하")
    r = one("rates.csv", head="노인장기요양보험료", sector="", effective_from="2026-01-01")
    assert (r["rate"], r["base"]) == ("13.14", "건강보험료")
    # the primer gives 기타경비 2026 only as a range: no row may invent a value for it
    assert not [r for r in rows("rates.csv") if r["head"] == "기타경비" and r["effective_from"].startswith("2026")]
    # T5 fixed amounts and its zero 이윤 are not rates
    assert not [r for r in rows("rates.csv") if r["effective_from"] == "2023-01-18"
                and r["head"] in {"건강보험료", "국민건강보험료", "이윤", "산업안전보건관리비"}]


# --- against the real source files, where they are available -------------------------------

needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="shared real-data folder not present")


@needs_real
def test_public_wages_match_their_sources():
    text = (REAL / "bellca225_wages_2024H1_ict.extracted.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    ict = {lines[i]: int(lines[i + 1].replace(",", "")) for i in range(lines.index("공표임금") + 1, len(lines) - 1, 2)}
    with open(REAL / "seum8660_sw_wages_2026_from_sw-cost-standards.csv", encoding="utf-8") as f:
        sw = {r["job_title"]: int(r["daily_won"]) for r in csv.DictReader(f)}
    public = [r for r in rows("wages.csv") if r["provenance"] == "public"]
    assert {r["job"] for r in public if r["sector"] == "정보통신"} == set(ict)
    assert {r["job"] for r in public if r["sector"] == "소프트웨어"} == set(sw)
    for r in public:
        source = ict if r["sector"] == "정보통신" else sw
        assert int(r["wage_won"]) == source[r["job"]], r["job"]


@needs_real
def test_public_table_rates_match_their_cells():
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(REAL / "bellca225_costs_2023_jebiyul.xlsx")["건축제비율"]

    def value(cell: str) -> Decimal:
        v = ws[cell].value
        if isinstance(v, str) and v.startswith("="):
            v = ws[v[1:]].value
        return Decimal(repr(v)) if isinstance(v, float) else Decimal(str(v).strip())

    checked = 0
    for r in rows("rates.csv"):
        m = re.search(r"건축제비율!([A-Z]+\d+)", r["source_ref"])
        if not m:
            continue
        cell = m.group(1)
        text = str(ws[cell].value)
        if " x " in text:  # a derivation written as text, e.g. '(직노) x 3.545'
            assert Decimal(text.rsplit("x", 1)[1]) == Decimal(r["rate"]), cell
        else:
            assert Decimal(r["rate"]) == value(cell), cell
        if r["base_amount_won"]:
            row = re.search(r"\d+", cell).group()
            assert int(r["base_amount_won"]) == int(ws[f"EZ{row}"].value) * 1000, cell
        checked += 1
    assert checked == 112


@needs_real
def test_public_t5_rates_match_the_bid_file():
    with open(REAL / "g2b_20221225183_gwangju_museum_rates_T5.csv", encoding="utf-8-sig") as f:
        t5 = {r["순번"]: Decimal(r["요율1(%)"]) for r in csv.DictReader(f)}
    tender = [r for r in rows("rates.csv") if r["effective_from"] == "2023-01-18"]
    assert len(tender) == 9
    for r in tender:
        number = re.search(r"T5 순번 (\d+)", r["source_ref"]).group(1)
        assert Decimal(r["rate"]) == t5[number], number
