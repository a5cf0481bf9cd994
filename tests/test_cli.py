"""The command line: exit codes, one-line errors, JSON to a file, languages."""

import json
import re
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


def test_example_has_findings_exit_1(tmp_path):
    out = tmp_path / "report.json"
    result = run("verify", str(EXAMPLE), "--format", "json", "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert result.stdout == "" and result.stderr == ""
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [(f["rule"], f["row"], f["over_won"], f["confidence"]) for f in report["findings"]] == [
        ("arithmetic", 8, 5000, "certain"), ("duplicate-scope", 11, 84151, "certain"),
        ("duplicate-scope", 12, 33559, "probable"), ("price-above-reference", 14, 102000, "possible"),
        ("arithmetic", 15, 10000, "certain")]
    # The plate's reference price is a bundled sample row: listed for review, kept out of the totals.
    assert report["totals"]["direct_over_won"] == 5000 + 84151 + 33559 + 10000
    assert report["lines"] == {"read": 9, "lump_sums": 0, "unparsed": []}  # every example line has a unit price
    assert report["findings"][4]["message"].startswith("계산 오류")


def test_english_messages():
    result = run("verify", str(EXAMPLE), "--format", "json", "--lang", "en")
    report = json.loads(result.stdout)
    assert report["findings"][4]["message"].startswith("Arithmetic slip")


def test_clean_input_exits_0(tmp_path, data_dir):
    """The real priced bill without its one probable double count (the kicker block's excavation
    beside '..RAKER BLOCK 설치(터파기 포함)') has nothing certain or probable: exit 0."""
    text = (data_dir / "g2b_20221225183_gwangju_museum_PRICED_by_CMC_tool_T3.csv").read_text(encoding="utf-8-sig")
    kept = [row for row in text.splitlines(keepends=True) if "kicker block 구간 터파기" not in row]
    assert len(kept) == len(text.splitlines()) - 1
    clean = tmp_path / "priced.csv"
    clean.write_text("".join(kept), encoding="utf-8")
    result = run("verify", str(clean))
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
    (lambda p: p.write_bytes(b"%PDF-1.4\n"), "PDF estimates are not read yet"),
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
