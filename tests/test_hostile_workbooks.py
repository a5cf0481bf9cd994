"""Legitimate workbooks with hostile shapes: read line for line, never refused, never a crash.

Each case runs ``estimator verify`` in a subprocess under a time bound (a library that aborts
takes the process with it) and compares with the same estimate without the hostile shape.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
from builders import BUILDERS
from printing import soffice


def _verify(path: Path) -> tuple[int, dict]:
    out = path.with_suffix(".json")
    result = subprocess.run([sys.executable, "-m", "estimator", "verify", str(path), "--format", "json",
                             "-o", str(out), "--lang", "en"], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr and result.returncode in (0, 1), (result.returncode, result.stderr)
    return result.returncode, json.loads(out.read_text(encoding="utf-8"))


def _lines(report: dict) -> int:
    return report["lines"]["read"]


def _findings(report: dict) -> list[tuple]:
    return sorted((f["rule"], f["sheet"], f["row"], f["over_won"]) for f in report["findings"])


def test_a_stray_value_in_the_last_cell_of_the_sheet(tmp_path):
    built = BUILDERS["merged_two_row"](tmp_path, slips=True)
    plain = Path(built.path)
    book = openpyxl.load_workbook(plain)
    book["내역서"]["XFD1048576"] = "x"
    stray = tmp_path / "stray.xlsx"
    book.save(stray)
    code, report = _verify(stray)
    reference_code, reference = _verify(plain)
    assert code == reference_code
    assert _lines(report) == _lines(reference)
    assert _findings(report) == _findings(reference)
    assert {"sheet": "내역서", "row": 1048576, "reason": "cell far beyond the table: XFD1048576"} in (
        report["lines"]["unparsed"])
    account = next(s for s in report["sheets"] if s["name"] == "내역서")
    parts = sum(account[k] for k in ("lines", "headings", "totals", "notes", "headers", "titles", "unparsed"))
    assert parts == account["nonempty_rows"]


def test_a_wrong_dimension_claim_loses_no_row(tmp_path):
    built = BUILDERS["joined_one_row"](tmp_path, slips=True)
    plain = Path(built.path)
    lying = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(lying, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', data)
                assert count == 1
            target.writestr(item, data)
    _, report = _verify(lying)
    _, reference = _verify(plain)
    assert _lines(report) == _lines(reference) > 0
    assert _findings(report) == _findings(reference)


def test_a_legacy_xls_saved_with_an_xlsx_name(tmp_path):
    built = BUILDERS["single_price"](tmp_path, slips=True)
    out = tmp_path / "xls"
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "xls", "--outdir", str(out), str(built.path)],
                   check=True, capture_output=True, timeout=180)
    renamed = tmp_path / "legacy.xlsx"
    renamed.write_bytes((out / (Path(built.path).stem + ".xls")).read_bytes())
    assert renamed.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")
    _, report = _verify(renamed)
    _, reference = _verify(Path(built.path))
    assert _lines(report) == _lines(reference) > 0
    assert [(f[0], f[3]) for f in _findings(report)] == [(f[0], f[3]) for f in _findings(reference)]
