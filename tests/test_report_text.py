"""The text report: a one-line verdict, tables whose columns line up with Korean double-width
text, the totals of the JSON, and colour only on a terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

EXAMPLE = Path(__file__).parents[1] / "examples" / "cctv_pole_estimate.xlsx"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "estimator", *args], capture_output=True, text=True, timeout=300)


def columns(line: str) -> list[int]:
    """The display columns of the table rules '|' in a line, counting wide characters as two."""
    found, at = [], 0
    for char in line:
        if char == "|":
            found.append(at)
        at += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return found


def test_tables_line_up_with_korean_text():
    text = run("verify", str(EXAMPLE)).stdout
    tables, current = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    tables += [current] if current else []
    assert len(tables) == 3  # findings, coverage, totals
    for table in tables:
        assert any(any(unicodedata.east_asian_width(c) == "W" for c in line) for line in table)
        assert len({tuple(columns(line)) for line in table}) == 1, table


def test_verdict_and_totals_are_the_json_s(tmp_path):
    out = tmp_path / "r.json"
    assert run("verify", str(EXAMPLE), "--format", "json", "-o", str(out)).returncode == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    totals = report["totals"]
    lines = run("verify", str(EXAMPLE)).stdout.splitlines()
    counted = [f for f in report["findings"] if f["confidence"] in ("certain", "probable")]
    assert lines[1] == (f"판정: 과다계상 {len(counted)}건(확실 "
                        f"{sum(f['confidence'] == 'certain' for f in counted)}, 유력 "
                        f"{sum(f['confidence'] == 'probable' for f in counted)}) — 직접 과다계상액 "
                        f"{totals['direct_over_won']:,}원, 제비율 반영 {totals['total_over_won']:,}원")
    rows = {cells[1].strip(): cells[2].strip() for cells in (line.split("|") for line in lines if line.startswith("|"))
            if len(cells) == 4}
    assert rows["직접 과다계상액"] == f"{totals['direct_over_won']:,}"
    assert rows["도급액(수정 후)"] == f"{totals['corrected_total_won']:,}"
    assert rows["총 과다계상액(제비율 반영)"] == f"{totals['total_over_won']:,}"


def test_colour_only_on_a_terminal(tmp_path):
    plain = run("verify", str(EXAMPLE))
    assert "\x1b[" not in plain.stdout
    to_file = tmp_path / "r.txt"
    run("verify", str(EXAMPLE), "-o", str(to_file))
    assert "\x1b[" not in to_file.read_text(encoding="utf-8")
    main, secondary = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "estimator", "verify", str(EXAMPLE)], stdout=secondary,
                             stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "140", "TERM": "xterm"})
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closes when the child exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert child.wait(timeout=120) == 1
    shown = b"".join(chunks).decode("utf-8")
    assert "\x1b[" in shown and "판정:" in shown


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"estimator {version('estimator')}"
