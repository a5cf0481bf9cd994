"""Double counts written the way people write them, decoys that must stay clean, user tables
without optional columns, and domain words an engineer adds without touching code.

Each bill is built here: a single-price bill (품명 규격 단위 수량 단가 금액) with section headings.
A line's amount is quantity × unit price cut to the won, computed here; a double count's
``over_won`` is the duplicated line's whole amount."""

from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import openpyxl
import pytest

from builders_audit import AC_CASE, build_ac_estimate
from estimator import verify, vocabulary
from estimator.cli import main
from estimator.findings import COUNTED
from estimator.refdata.user import reference_data
from estimator.worknames import parse

HEADER = ["품명", "규격", "단위", "수량", "단가", "금액", "비고"]
POLE = ("CCTV 폴 설치", "H=8m", "본", "4", 412000)  # the bundled ICT standard 9-2-1-3 includes 터파기, 되메우기
PIPE_POLE = ("강관주 설치", "Φ165.2×4.5t", "본", "4", 398000)  # a user table says it includes them


def amount(quantity: str, price: int) -> int:
    return int((Decimal(quantity) * price).quantize(Decimal(1), rounding=ROUND_DOWN))


def write_bill(path: Path, sections: list[tuple[str, list[tuple]]]) -> dict[str, int]:
    """The bill; returns each line's Excel row by its item + spec."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "내역서"
    sheet.append(["2026년 CCTV 설치공사 설계내역서"])
    sheet.append(HEADER)
    rows = {}
    for heading, lines in sections:
        sheet.append([heading])
        for item, spec, unit, quantity, price in lines:
            sheet.append([item, spec, unit, float(quantity), price, amount(quantity, price), None])
            rows[f"{item}|{spec}"] = sheet.max_row
    workbook.save(path)
    return rows


def user_quantities(path: Path, rows: list[str]) -> Path:
    """A user's standard-quantities table with only the required columns (no resource_kind)."""
    path.write_text("work,spec,unit,resource,resource_unit,quantity,includes,excludes,edition\n"
                    + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def pipe_pole_table(tmp_path: Path) -> Path:
    return user_quantities(tmp_path / "pipe_pole.csv", [
        "강관주 설치,,본,통신외선공,인,1.28,터파기;되메우기,암반터파기,2026 (user table)",
        "강관주 설치,,본,보통인부,인,1.45,터파기;되메우기,암반터파기,2026 (user table)"])


def claims(report) -> dict[int, tuple[str, int]]:
    return {f.location.row: (f.confidence, f.over_won) for f in report.findings if f.rule == "duplicate-scope"}


# ── The work a name denotes ──

@pytest.mark.parametrize("name, head, objects", [
    ("관로 터파기", "터파기", ("관로",)),
    ("A구간 터파기", "터파기", ()),
    ("기초부 터파기(기계)", "터파기", ("기초부",)),
    ("STA.0+100 구간 터파기", "터파기", ()),
    ("인력터파기", "터파기", ()),
    ("기계되메우기", "되메우기", ()),
    ("되메우기 및 다짐", "되메우기", ()),
    ("터 파 기 (인력)", "터파기", ()),
    ("굴착(인력)", "터파기", ()),
    ("CCTV 폴 설치", "폴", ("cctv",)),
    ("CCTV 지주 설치", "폴", ("cctv",)),
    ("지주 설치", "지주", ()),
    ("강관주 설치", "강관주", ()),
])
def test_the_work_a_name_denotes(name, head, objects):
    parsed = parse(name)
    assert (parsed.head, parsed.objects) == (head, objects)


# ── Route b: the standard matched to the container includes the work ──

SEPARATE = [
    # (item, spec, unit, quantity, price, section): written many ways, naming the pole or not.
    ("인력터파기", "보통토사, 폴 기초", "㎥", "3.2", 46750, "other"),
    ("인력되메우기", "폴 기초", "㎥", "2.4", 21300, "other"),
    ("기계터파기", "전주 기초", "㎥", "3.2", 9870, "other"),
    ("터파기(인력)", "강관주 기초, 보통토사", "㎥", "3.2", 46750, "other"),
    ("A구간 터파기", "보통토사", "㎥", "1.6", 46750, "same"),
    ("STA.0+100 구간 터파기", "보통토사", "㎥", "1.6", 46750, "other"),
]


def _pole_bill(tmp_path: Path, container: tuple, lines: list[tuple]) -> tuple[Path, dict[str, int]]:
    same = [line[:5] for line in lines if line[5] == "same"]
    other = [line[:5] for line in lines if line[5] == "other"]
    path = tmp_path / "poles.xlsx"
    rows = write_bill(path, [("1. CCTV 폴 설치공사", [container, *same]), ("2. 부대공사", other)])
    return path, rows


def _expected(line: tuple) -> str:
    """probable when the line names the pole (its word or its family) or sits in the pole's section;
    possible when nothing attributes it."""
    item, spec, *_, section = line
    names_pole = any(w in spec for w in ("폴", "전주", "강관주"))
    return "probable" if names_pole or section == "same" else "possible"


@pytest.mark.parametrize("container", [POLE, PIPE_POLE], ids=["CCTV 폴 (bundled ICT standard)", "강관주 (user table)"])
def test_route_b_duplicates_written_many_ways(tmp_path, container):
    path, rows = _pole_bill(tmp_path, container, SEPARATE)
    refs = reference_data(quantities=[str(pipe_pole_table(tmp_path))])
    got = claims(verify(path, refdata=refs))
    expected = {rows[f"{i}|{s}"]: (_expected((i, s, u, q, p, sec)), amount(q, p)) for i, s, u, q, p, sec in SEPARATE}
    assert got == expected
    assert sum(1 for c, _ in got.values() if c == "probable") == 5


def test_route_b_evidence_names_the_standard_and_the_reasons(tmp_path):
    path, rows = _pole_bill(tmp_path, POLE, SEPARATE[:1])
    (finding,) = [f for f in verify(path).findings if f.rule == "duplicate-scope"]
    assert finding.evidence["route"] == "b"
    assert finding.evidence["standard"]["item_code"] == "9-2-1-3"
    assert "터파기" in finding.evidence["standard"]["includes"].split(";")
    assert finding.evidence["attribution"] == ["names 폴"]
    assert finding.evidence["container"]["row"] == rows["CCTV 폴 설치|H=8m"]


def test_plain_excavation_beside_a_pole_in_its_section_is_probable(tmp_path):
    dig = ("터파기", "", "㎥", "2.0", 46750)
    path = tmp_path / "plain.xlsx"
    rows = write_bill(path, [("1. CCTV 폴 설치공사", [POLE, dig])])
    assert claims(verify(path)) == {rows["터파기|"]: ("probable", amount("2.0", 46750))}


def test_excavation_the_standard_costs_separately_is_not_claimed(tmp_path):
    """암반터파기 is excluded by the pole's standard: the rock is priced on its own."""
    rock = ("암반터파기", "폴 기초", "㎥", "1.0", 88000)
    path = tmp_path / "rock.xlsx"
    write_bill(path, [("1. CCTV 폴 설치공사", [PIPE_POLE, rock])])
    refs = reference_data(quantities=[str(pipe_pole_table(tmp_path))])
    assert claims(verify(path, refdata=refs)) == {}


def test_equal_volume_attributes_a_line_that_names_nothing(tmp_path):
    """A container measured in ㎥ whose standard includes 터파기: a separate 터파기 of the same volume
    in another section is probable; of another volume, possible."""
    table = user_quantities(tmp_path / "wall.csv", ["방호벽 설치,,㎥,보통인부,인,0.8,터파기,,2026 (user table)"])
    wall = ("방호벽 설치", "H=1.2m", "㎥", "12.5", 185000)
    same_volume, other_volume = ("터파기", "보통토사", "㎥", "12.5", 46750), ("터파기", "경질토사", "㎥", "20", 52000)
    path = tmp_path / "wall.xlsx"
    rows = write_bill(path, [("1. 방호벽 공사", [wall]), ("2. 토공", [same_volume, other_volume])])
    got = claims(verify(path, refdata=reference_data(quantities=[str(table)])))
    assert got == {rows["터파기|보통토사"]: ("probable", amount("12.5", 46750)),
                   rows["터파기|경질토사"]: ("possible", amount("20", 52000))}


# ── Decoys: no certain or probable claim ──

def test_other_works_excavation_beside_a_pole_is_not_claimed(tmp_path):
    decoys = [("관로 터파기", "인력, 보통토사", "㎥", "12.6", 46750), ("맨홀 터파기", "보통토사", "㎥", "4.0", 46750),
              ("핸드홀 되메우기", "", "㎥", "2.0", 21300), ("건물 터파기", "기계", "㎥", "80", 9870)]
    path = tmp_path / "decoys.xlsx"
    write_bill(path, [("1. CCTV 폴 설치공사", [POLE, *decoys])])
    assert claims(verify(path)) == {}


def test_fence_post_is_not_a_pole(tmp_path):
    """A 지주 alone is a fence post (공통 2-4-1 강관 지주 설치 및 해체, foundation excluded)."""
    post = ("지주 설치", "휀스용 Φ60.5", "본", "20", 35000)
    dig = ("터파기", "지주 기초", "㎥", "4.0", 46750)
    path = tmp_path / "fence.xlsx"
    write_bill(path, [("1. 휀스 공사", [post, dig])])
    assert [f for f in verify(path).findings if f.confidence in COUNTED] == []


def test_street_light_pole_costing_excavation_separately_is_not_claimed(tmp_path):
    """A street-light pole (정보통신 9-4-1) costs its excavation separately: no claim beside it, with
    its own standard loaded or with none (it must never borrow the CCTV pole's)."""
    table = user_quantities(tmp_path / "light.csv",
                            ["조명주 설치,,본,통신외선공,인,1.10,,터파기;되메우기,2026 (user table)"])
    light = ("조명주 설치", "H=8m", "본", "4", 420000)
    dig = ("터파기", "조명주 기초", "㎥", "3.2", 46750)
    path = tmp_path / "light.xlsx"
    write_bill(path, [("1. 가로등 공사", [light, dig])])
    for refs in (None, reference_data(quantities=[str(table)])):
        assert [f for f in verify(path, refdata=refs).findings if f.confidence in COUNTED] == []


# ── User tables that are used, vocabulary that is data ──

def test_user_quantities_without_resource_kind_drive_labour(tmp_path):
    """The same 8-2-4 table with and without the optional resource_kind column: the same findings."""
    built = build_ac_estimate(tmp_path, **AC_CASE)
    rows = [("실내기 16이하", "0.45", "0.22"), ("실외기 6~12이하", "1.00", "0.50"), ("실외기 16이하", "1.33", "0.67")]
    lines = [f"천장형 에어컨 설치,{spec},대,{trade},인,{q},,2021 (test fixture),기계설비부문,8-2-4"
             for spec, mech, common in rows for trade, q in (("기계설비공", mech), ("보통인부", common))]
    bare = tmp_path / "bare.csv"
    bare.write_text("work,spec,unit,resource,resource_unit,quantity,includes,edition,sector,item_code\n"
                    + "\n".join(lines) + "\n", encoding="utf-8")
    full = tmp_path / "full.csv"
    full.write_text("work,spec,unit,resource,resource_unit,quantity,includes,edition,sector,item_code,resource_kind\n"
                    + "\n".join(line + ",labour" for line in lines) + "\n", encoding="utf-8")

    def labour(table: Path):
        refs = reference_data(prices=[str(built.prices_csv)], wages=[str(built.wages_csv)], quantities=[str(table)])
        return [(f.location.row, f.over_won, f.confidence) for f in verify(built.path, refdata=refs).findings
                if f.rule == "labour-above-standard"]

    with_kind = labour(full)
    assert with_kind and labour(bare) == with_kind
    expected = {(f.row, f.over_won, f.confidence) for f in built.findings if f.rule == "labour-above-standard"}
    assert set(with_kind) == expected


def test_refdata_check_lists_rows_no_rule_uses(tmp_path, capsys):
    folder = tmp_path / "tables"
    folder.mkdir()
    user_quantities(folder / "q.csv", ["강관주 설치,,본,보통인부,인,1.45,터파기,,2026 (user table)",
                                       "강관주 설치,,본,강관,본,1,,,2026 (user table)",
                                       "강관주 설치,,본,크레인,hr,0.5,,,2026 (user table)"])
    assert main(["refdata", "check", str(folder)]) == 0
    out = capsys.readouterr().out
    unused = [line for line in out.splitlines() if line.startswith("info: ") and "no rule uses this row" in line]
    assert [line.split(":")[2] for line in unused] == ["3", "4"]  # the material and equipment rows
    assert "info: 2 row(s) no rule uses" in out


def test_a_synonym_added_in_a_vocabulary_file(tmp_path):
    """굴토 (an older word for excavation) is not in the bundled vocabulary: adding it to a TOML file
    makes the double count visible, with no code change."""
    dig = ("굴토(인력)", "폴 기초", "㎥", "3.2", 46750)
    path = tmp_path / "gulto.xlsx"
    rows = write_bill(path, [("1. CCTV 폴 설치공사", [POLE]), ("2. 부대공사", [dig])])
    extra = tmp_path / "words.toml"
    extra.write_text('[synonyms]\n"터파기" = ["굴토"]\n', encoding="utf-8")
    try:
        assert claims(verify(path)) == {}
        vocabulary.use([str(extra)])
        assert claims(verify(path)) == {rows["굴토(인력)|폴 기초"]: ("probable", amount("3.2", 46750))}
        out = tmp_path / "report.json"
        assert main(["verify", str(path), "--vocabulary", str(extra), "--format", "json", "-o", str(out)]) == 1
    finally:
        vocabulary.use([])
    assert claims(verify(path)) == {}


def test_a_broken_vocabulary_file_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[synonyms\n", encoding="utf-8")
    path = tmp_path / "one.xlsx"
    write_bill(path, [("1. 공사", [POLE])])
    try:
        assert main(["verify", str(path), "--vocabulary", str(bad), "--lang", "en"]) == 2
    finally:
        vocabulary.use([])
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}: vocabulary file is not valid TOML") and err.count("\n") == 1
