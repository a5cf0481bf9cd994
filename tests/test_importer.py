"""The standard-quantities importer: real values from the 2026 표준품셈 JSON, with their place in it."""

import csv
import json
from pathlib import Path

import pytest

from estimator.refdata import notes
from estimator.refdata.importer import import_records, output_names, write

ROOT = Path(__file__).parents[1]
SHARED_JSON = ROOT.parent / "shared" / "reference-sources" / "pyojunpumsem-2026.json"


@pytest.fixture(scope="module")
def imported(data_dir_module):
    records = json.loads((data_dir_module / "pumsem_2026_excerpt.json").read_text(encoding="utf-8"))
    rows, adjustments, report = import_records(records)
    return {(r.sector, r.item_code, r.table, r.row, r.column, r.output_row): r for r in rows}, adjustments, report


@pytest.fixture(scope="module")
def data_dir_module():
    return Path(__file__).parent / "data"


def _get(rows, sector, code, table, row, column, output_row=""):
    return rows[(sector, code, table, row, column, output_row)]


def test_manual_excavation_3_6_m3_per_day(imported):
    rows, _, _ = imported
    r = _get(rows, "공통부문", "3-2-1", 1, 3, 3, 3)
    assert (r.work, r.spec, r.unit, r.resource, r.resource_unit) == ("굴착(인력/토사)", "보통토사", "㎥", "특별인부", "인")
    assert r.figure == "1 인 → 3.6 ㎥/일" and r.quantity == "0.2778" and r.basis == "daily-output"
    assert r.page == 67 and "공통부문 3-2-1 p.67 table 1 row 3 column 3" in r.provenance
    assert _get(rows, "공통부문", "3-2-1", 1, 3, 4, 3).figure == "1 인 → 2.7 ㎥/일"
    # The note's separately costed surplus soil: 보통인부 0.2 인/㎥.
    surplus = _get(rows, "공통부문", "3-2-1", 0, 0, 0)
    assert (surplus.work, surplus.resource, surplus.quantity, surplus.unit) == ("잔토처리", "보통인부", "0.2", "㎥")


def test_backfill_130_m3_per_day(imported):
    rows, _, _ = imported
    crew = [r for k, r in rows.items() if k[:2] == ("공통부문", "3-4-6")]
    assert {(r.resource, r.figure, r.quantity) for r in crew} == {
        ("특별인부", "1 인 → 130 ㎥/일", "0.0077"), ("보통인부", "1 인 → 130 ㎥/일", "0.0077"),
        ("굴착기", "1 대 → 130 ㎥/일", "0.0077"), ("진동롤러(핸드가이드식)", "1 대 → 130 ㎥/일", "0.0077"),
        ("살수차", "0.5 대 → 130 ㎥/일", "0.0038")}
    assert {r.row for r in crew} == {2, 3, 4, 5, 6}
    assert next(r for r in crew if r.resource == "굴착기").resource_spec == "0.2㎥"


def test_ceiling_air_conditioner(imported):
    rows, adjustments, _ = imported
    ac = {(r.spec, r.resource): r.quantity for k, r in rows.items() if k[:2] == ("기계설비부문", "8-2-4")}
    assert ac == {("실내기 16이하", "기계설비공"): "0.45", ("실내기 16이하", "보통인부"): "0.22",
                  ("실외기 6~12이하", "기계설비공"): "1", ("실외기 6~12이하", "보통인부"): "0.5",
                  ("실외기 16이하", "기계설비공"): "1.33", ("실외기 16이하", "보통인부"): "0.67"}
    indoor = _get(rows, "기계설비부문", "8-2-4", 1, 4, 3)
    assert indoor.unit == "대" and indoor.basis == "per-unit" and indoor.figure == "0.45 인/대"
    mine = [(a["kind"], a["percent"], a["applies_to"]) for a in adjustments
            if (a["sector"], a["item_code"]) == ("기계설비부문", "8-2-4")]
    assert ("labour", "+15", "실외기") in mine and ("tool-wear", "2", "labour") in mine


def test_machine_excavation_pairs_each_output_with_its_crew(imported):
    rows, _, _ = imported
    got = {(r.spec, r.resource, r.resource_spec, r.quantity) for k, r in rows.items()
           if k[:3] == ("공통부문", "3-2-4", 2)}
    # The table's case comes from the caption that closes the paragraph above it ('가. 보통토사 (일당)').
    assert got == {("보통토사 TypeⅠ", "굴착기", "1.0㎥", "0.0018"), ("보통토사 TypeⅡ", "굴착기", "1.0㎥", "0.0024"),
                   ("보통토사 TypeⅢ", "굴착기", "0.6㎥", "0.0053")}
    mixed = {(r.spec, r.quantity) for k, r in rows.items() if k[:3] == ("공통부문", "3-2-4", 3)}
    assert ("혼합토사 TypeⅠ", "0.0026") in mixed


def test_sign_posts_and_their_crews(imported):
    rows, _, _ = imported
    got = {(r.spec, r.resource, r.quantity) for k, r in rows.items() if k[:2] == ("토목부문", "1-8-1")}
    assert got == {("지주", "특별인부", "0.1667"), ("지주", "보통인부", "0.0833"), ("지주", "크레인", "0.0833"),
                   ("표지판", "특별인부", "0.0909"), ("표지판", "보통인부", "0.0455")}


def test_includes_and_excludes_from_notes(imported):
    rows, _, _ = imported

    def first(sector, code):
        return next(r for k, r in rows.items() if k[:2] == (sector, code) and r.table)

    manual = first("공통부문", "3-2-1")
    assert (manual.includes, manual.excludes) == ("굴착;면고르기", "잔토처리;흙막기;물푸기")
    backfill = first("공통부문", "3-4-6")
    assert backfill.includes == "포설;고르기;다짐"
    cctv = first("공통부문", "2-11-8")
    assert cctv.includes.split(";")[:2] == ["CCTV설치", "결선"] and "폴대설치" in cctv.excludes.split(";")
    posts = first("공통부문", "2-4-1")
    assert "콘크리트기초" in posts.excludes.split(";") and "강관매입" in posts.includes.split(";")


def test_note_sentences_parse():
    inc, exc = notes.includes_excludes("[주] ① 본 품은 지반평탄작업, 강관매입 작업을 포함한다. ② 콘크리트 기초는 별도 계상한다.")
    assert inc == ["지반평탄", "강관매입"] and exc == ["콘크리트기초"]
    kinds = [(a.kind, a.percent) for a in notes.adjustments("⑤ 공구손료 및 경장비의 기계경비는 인력품의 3%로 계상한다.")]
    assert kinds == [("tool-wear", "3")]


def test_output_is_reproducible(imported, tmp_path, data_dir_module):
    records = json.loads((data_dir_module / "pumsem_2026_excerpt.json").read_text(encoding="utf-8"))
    for run in ("a", "b"):
        rows, adjustments, _ = import_records(records)
        write(rows, adjustments, tmp_path / run)
    for name in output_names():
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_committed_rows_match_the_importer(imported):
    """Every row imported from the excerpt is in the committed table, unchanged."""
    rows, _, _ = imported
    committed = {}
    for name in output_names()[:-1]:
        with (ROOT / "standard_quantities" / name).open(encoding="utf-8") as handle:
            committed.update({(r["sector"], r["item_code"], int(r["table"]), int(r["row"]), int(r["column"]),
                               int(r["output_row"]) if r["output_row"] else ""): r for r in csv.DictReader(handle)})
    for key, row in rows.items():
        assert {k: str(v) for k, v in row.as_dict().items()} == committed[key]


@pytest.mark.skipif(not SHARED_JSON.exists(), reason="the shared 표준품셈 JSON is not beside this checkout")
def test_full_regeneration_matches_committed_tables(tmp_path):
    records = json.loads(SHARED_JSON.read_text(encoding="utf-8"))
    rows, adjustments, report = import_records(records)
    write(rows, adjustments, tmp_path)
    for name in output_names():
        assert (tmp_path / name).read_bytes() == (ROOT / "standard_quantities" / name).read_bytes(), name
    assert sorted(p.name for p in (ROOT / "standard_quantities").glob("construction_*.csv")) == sorted(output_names())
    assert report.records == 1092 and report.tables_read >= 700


def test_packaged_air_conditioner_per_unit_from_batches(imported):
    rows, _, _ = imported
    got = {(r.spec, r.resource): (r.quantity, r.figure) for k, r in rows.items() if k[:2] == ("기계설비부문", "8-2-2")}
    assert got[("1.5㎾, 반입 8대, 지하1층, 1회", "비계공")] == ("1.2125", "9.7 인/8대 (지하1층, 1회)")
    assert got[("1.5㎾, 반입 8대, 지하3층, 2회", "특별인부")] == ("1.325", "10.6 인/8대 (지하3층, 2회)")
    assert got[("37.0㎾, 반입 1대, 9층, 1회", "비계공")] == ("29.2", "29.2 인/1대 (9층, 1회)")


def test_ditto_marks_and_stacked_merged_headers():
    from estimator.refdata.importer import Report, read_table

    record = {"b": "공통부문", "ic": "9-9-9", "it": "시험 작업('26년 신설)", "pg": 1}
    rows = [["", "", "", "시공", "량(㎥)"],
            ["구 분", "단 위", "수 량", "보통토사", "경질토사"],
            ["특 별 인 부", "인", "2", "8", "6"],
            ["〃", "〃", "1", "", ""]]
    report = Report()
    out = read_table(record, 1, rows, None, report)
    assert {(r.resource, r.spec, r.quantity, r.figure) for r in out} == {
        ("특별인부", "보통토사", "0.25", "2 인 → 8 ㎥/일"), ("특별인부", "경질토사", "0.3333", "2 인 → 6 ㎥/일"),
        ("특별인부", "보통토사", "0.125", "1 인 → 8 ㎥/일"), ("특별인부", "경질토사", "0.1667", "1 인 → 6 ㎥/일")}
    assert {r.work for r in out} == {"시험 작업"} and report.tables_read == 1
