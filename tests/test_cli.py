"""The command line: exit codes, one-line errors, JSON to a file, languages."""

import json
import re
from decimal import ROUND_DOWN, Decimal
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from estimator.cli import main

EXAMPLE = Path(__file__).parents[1] / "examples" / "cctv_pole_estimate.xlsx"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "estimator", *args], capture_output=True, text=True, timeout=120)


def _example_rows() -> dict[str, list]:
    """The example's bill rows by item, as the workbook holds them (Excel row first)."""
    sheet = openpyxl.load_workbook(EXAMPLE)["내역서"]
    return {row[0].value: [row[0].row, *[c.value for c in row]] for row in sheet.iter_rows(min_row=5)
            if row[0].value and row[3].value is not None}


def _cut(value) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_DOWN))


def test_example_has_findings_exit_1(tmp_path):
    """The example (March 2026) against the bundled real references: every expected amount is
    derived here from the workbook's cells and the published figures it is judged by."""
    out = tmp_path / "report.json"
    result = run("verify", str(EXAMPLE), "--format", "json", "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert result.stdout == "" and result.stderr == ""
    report = json.loads(out.read_text(encoding="utf-8"))
    rows = _example_rows()
    found = {(f["rule"], f["row"]): f for f in report["findings"]}
    # The poles' excavation is a row of the pole block (certain); their backfill is in its standard.
    dig, fill = rows["터파기(인력)"], rows["되메우기(인력)"]
    assert found[("duplicate-scope", dig[0])]["over_won"] == dig[12] and found[("duplicate-scope", dig[0])][
        "confidence"] == "certain"
    assert found[("duplicate-scope", fill[0])]["over_won"] == fill[12]
    assert found[("duplicate-scope", fill[0])]["confidence"] == "probable"
    # The camera line's labour amount typed 10,000 won high; the first subtotal 5,000 won high.
    camera = rows["CCTV 카메라 설치"]
    assert found[("arithmetic", camera[0])]["over_won"] == camera[8] - _cut(Decimal(str(camera[4])) * camera[7]) == 10000
    assert [f["over_won"] for f in report["findings"] if f["evidence"]["check"] == "subtotal"] == [5000]
    # Air-conditioner labour above 기계설비 8-2-4 (0.45 and 0.22 인), at the KCA wages of 2026-01-01.
    units = Decimal(str(rows["천장형 에어컨 설치"][4]))

    def tenth(x: Decimal) -> Decimal:  # 일위대가 금액란: cut below 0.1 won
        return x.quantize(Decimal("0.1"), rounding=ROUND_DOWN)

    def line(mech: str, common: str) -> int:
        price = _cut(tenth(Decimal(mech) * 241698) + tenth(Decimal(common) * 172068))
        return _cut(units * price)

    labour = found[("labour-above-standard", rows["천장형 에어컨 설치"][0])]
    assert labour["over_won"] == line("1.20", "0.60") - line("0.45", "0.22") and labour["confidence"] == "certain"
    # 보통인부 at 180,000 won in the excavation block, above the market wage 172,068 (관로 터파기).
    trench = rows["관로 터파기"]
    market = _cut(Decimal(str(trench[4])) * _cut(tenth(Decimal("0.28") * 172068)))
    assert found[("wage-above-market", trench[0])]["over_won"] == trench[8] - market
    # The control cable priced from 물가정보 above its PPS notice of 2025-10-23 (1,416 won/m).
    cable = rows["제어케이블"]
    price = found[("price-above-reference", cable[0])]
    assert price["over_won"] == _cut(Decimal(str(cable[4])) * cable[5]) - _cut(Decimal(str(cable[4])) * 1416)
    assert price["confidence"] == "certain" and price["evidence"]["reference"]["effective_from"] == "2025-10-23"
    # The conduit priced at exactly its PPS price is not claimed.
    assert ("price-above-reference", rows["후강전선관"][0]) not in found
    # 산재보험료 3.75% where the 2026 rate is 3.56%.
    assert [f["item"] for f in report["findings"] if f["rule"] == "rate-above-cap"] == ["산재보험료"]
    counted = [f for f in report["findings"] if f["confidence"] in ("certain", "probable")
               and not f["evidence"].get("superseded_by")]
    assert report["totals"]["direct_over_won"] == sum(f["over_won"] for f in counted if f["over_won"] > 0)
    assert report["document"]["kind"] == "estimate"
    assert report["estimate_date"]["date"] == "2026-03-01"


def test_english_messages():
    result = run("verify", str(EXAMPLE), "--format", "json", "--lang", "en")
    report = json.loads(result.stdout)
    messages = {f["evidence"]["check"]: f["message"] for f in report["findings"]}
    assert messages["line-amount"].startswith("Arithmetic slip")


def test_clean_input_exits_0(tmp_path, data_dir):
    """The real priced bill without its one probable double count (the kicker block's excavation
    beside '..RAKER BLOCK 설치(터파기 포함)') has nothing certain or probable: exit 0."""
    text = (data_dir / "g2b_20221225183_gwangju_museum_PRICED_by_CMC_tool_T3.csv").read_text(encoding="utf-8-sig")
    kept = [row for row in text.splitlines(keepends=True) if "kicker block 구간 터파기" not in row]
    assert len(kept) == len(text.splitlines()) - 1
    clean = tmp_path / "priced.csv"
    clean.write_text("".join(kept), encoding="utf-8")
    # The CSV export is undated: it is the tender opened on 2023-01-18 (its .BID says so).
    result = run("verify", str(clean), "--as-of", "2023-01-18")
    assert result.returncode == 0, result.stderr
    assert "읽은 내역 1,511행" in result.stdout


def _encrypted(path: Path) -> None:
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 200 + "EncryptedPackage".encode("utf-16-le"))


def _not_a_bill(path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["회의록", "2021-03-02"])
    workbook.save(path)


def _truncated_xlsx(path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _bid_without_xml(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("x.BID", "bm90IHhtbA==")


@pytest.mark.parametrize("make, message", [
    (_encrypted, "password-protected"),
    (_not_a_bill, "no bill of quantities"),
    (_truncated_xlsx, "damaged"),
    (_bid_without_xml, "bid XML cannot be parsed"),
    (lambda p: p.write_bytes(b"%PDF-1.4\n"), "damaged or unreadable PDF"),
    (lambda p: p.write_bytes(b""), "is empty"),
    (lambda p: p.write_bytes(bytes(range(256)) * 4), "not a workbook"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, make, message):
    path = tmp_path / "input.xlsx"
    make(path)
    result = run("verify", str(path), "--lang", "en")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: ") and message in lines[0]
    assert "Traceback" not in result.stderr
    # Korean by default, the same one-line shape, no English sentence.
    korean = run("verify", str(path)).stderr.strip().splitlines()
    assert len(korean) == 1 and korean[0].startswith(f"error: {path}: ")
    reason = korean[0][len(f"error: {path}: "):]
    assert message not in reason and re.search("[가-힣]", reason)


def test_missing_file_and_unwritable_output(tmp_path, capsys):
    assert main(["verify", str(tmp_path / "none.xlsx")]) == 2
    assert "파일이 없음" in capsys.readouterr().err
    assert main(["verify", str(tmp_path / "none.xlsx"), "--lang", "en"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["verify", str(EXAMPLE), "-o", str(tmp_path / "no" / "dir" / "r.json"), "--lang", "en"]) == 2
    assert "cannot write the report" in capsys.readouterr().err


def test_rules_lists_documentation(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("arithmetic\n") and "표준품셈 1-2-1" in out


def test_explain_prints_one_rule(capsys):
    assert main(["explain", "duplicate-scope"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("규칙 ``duplicate-scope``") and "예정가격작성기준 제2조" in out
    assert main(["explain", "duplicate-scope", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Rule ``duplicate-scope``") and "예정가격작성기준 제2조" in out
    assert main(["explain", "no-such-rule"]) == 2
    assert "그런 규칙이 없음" in capsys.readouterr().err


def test_rules_lists_every_rule(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for rule in ("arithmetic", "duplicate-scope", "wage-above-market", "labour-above-standard",
                 "price-above-reference", "rate-above-cap"):
        assert f"\n{rule}\n" in f"\n{out}"
