"""The rest of the hostile corpus: hostile PDFs, and legitimate workbooks with awkward content.

Each file is made here by code and verified by ``estimator verify`` in a subprocess under a time
bound: a refusal is exit 2 with one line naming the file, a read is exit 0 or 1 with every row
accounted for — never a crash, a hang or a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pdfmake
import pytest
from builders import SIMPLE_HEADER, simple_bill as _bill
from pdfmake import stream


def _cli(path: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "estimator", "verify", str(path), "--lang", "en", *options],
                          capture_output=True, text=True, timeout=180)


def _refused(path: Path, reason: str, *options: str) -> None:
    result = _cli(path, *options)
    assert result.returncode == 2, (result.returncode, result.stdout[-300:], result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0], lines
    assert "Traceback" not in result.stderr and result.stdout == ""


def _read(path: Path) -> dict:
    out = path.with_suffix(".json")
    result = _cli(path, "--format", "json", "-o", str(out))
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, (result.returncode, result.stderr)
    report = json.loads(out.read_text(encoding="utf-8"))
    for account in report["sheets"]:
        if account["role"] == "bill":
            parts = sum(account[k] for k in ("lines", "headings", "totals", "notes", "headers", "titles", "unparsed"))
            assert parts == account["nonempty_rows"], account
    return report


# ---------------------------------------------------------------------------------------------
# Hostile PDFs


def test_a_page_of_200000_glyphs(tmp_path):
    text = b"BT /F1 2 Tf 10 800 Td (" + b"A" * 210_000 + b") Tj ET"
    pdf = pdfmake.write(tmp_path / "glyphs.pdf", [
        pdfmake.CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        pdfmake.page(4, b"/Font << /F1 5 0 R >>"), stream(text, deflate=True), pdfmake.FONT])
    _refused(pdf, "page 1 holds 210,000 characters, over the limit of 200,000")


def test_a_circular_page_tree(tmp_path):
    pdf = pdfmake.write(tmp_path / "circular-pages.pdf", [
        pdfmake.CATALOG, b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", pdfmake.page(4), stream(b"")])
    _refused(pdf, "no text layer")  # the tree is walked once; its one page has no text


def test_a_circular_form(tmp_path):
    form = stream(b"/Fm0 Do", extra=b" /Type /XObject /Subtype /Form /BBox [0 0 10 10]"
                                     b" /Resources << /XObject << /Fm0 5 0 R >> >>")
    pdf = pdfmake.write(tmp_path / "circular-form.pdf", [
        pdfmake.CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        pdfmake.page(4, b"/XObject << /Fm0 5 0 R >>"), stream(b"/Fm0 Do"), form])
    _refused(pdf, "no text layer", "--max-seconds", "60")  # the form is not drawn inside itself


def test_a_pdf_compression_bomb(tmp_path):
    """A 2 MB PDF whose one stream inflates to 2 GiB: the reader's memory limit ends it."""
    packer = zlib.compressobj(1)
    chunk = b" " * 2**24
    packed = b"".join(packer.compress(chunk) for _ in range(128)) + packer.flush()
    bomb = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    pdf = pdfmake.write(tmp_path / "bomb.pdf", [
        pdfmake.CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", pdfmake.page(4), bomb])
    assert pdf.stat().st_size < 16 * 2**20
    _refused(pdf, "reading needs more memory than allowed")


# ---------------------------------------------------------------------------------------------
# Legitimate workbooks with awkward content

def test_merged_cell_chaos(tmp_path):
    rows = [["전선관", "HI-PVC 28C", "m", 10, 1_180, 11_800, None],
            ["접지봉", "Φ14x1000", "개", 3, 18_700, 56_100, None],
            ["케이블", "UTP Cat.6", "m", 100, 640, 64_000, None],
            ["합계", None, None, None, None, 131_900, None]]
    path = _bill(tmp_path / "merges.xlsx", rows, ["A2:A3", "B3:D4", "F1:G5", "C4:C5"])
    report = _read(path)
    assert report["lines"]["read"] + len(report["lines"]["unparsed"]) >= 1


def test_text_in_numeric_columns(tmp_path):
    rows = [["전선관", "HI-PVC 28C", "m", "열", 1_180, 11_800, None],
            ["접지봉", "Φ14x1000", "개", 3, "별도", 56_100, None],
            ["케이블", "UTP Cat.6", "m", 100, 640, 64_000, None]]
    report = _read(_bill(tmp_path / "text.xlsx", rows))
    reasons = {(u["row"], u["reason"]) for u in report["lines"]["unparsed"]}
    assert (2, "quantity is not a number: '열'") in reasons
    assert any(row == 3 and "not a number: '별도'" in reason for row, reason in reasons)
    assert report["lines"]["read"] == 1


def test_negative_and_zero_quantities(tmp_path):
    rows = [["작업설", "고철", "kg", -12.5, 385, int(Decimal("-12.5") * 385), None],
            ["전선관", "HI-PVC 28C", "m", 0, 1_180, 0, None],
            ["케이블", "UTP Cat.6", "m", 100, 640, 64_000, None]]
    report = _read(_bill(tmp_path / "signs.xlsx", rows))
    assert report["lines"]["read"] == 3
    assert not [f for f in report["findings"] if f["rule"] == "arithmetic"]


def test_units_pint_does_not_know(tmp_path):
    rows = [["보양", "비닐", "뭉치", 4, 2_500, 10_000, None],
            ["케이블", "UTP Cat.6", "m", 100, 640, 64_000, None]]
    report = _read(_bill(tmp_path / "units.xlsx", rows))
    assert report["lines"]["read"] == 2


def test_a_breakdown_that_refers_to_itself(tmp_path):
    wb = openpyxl.Workbook()
    bill = wb.active
    bill.title = "내역서"
    bill.append(SIMPLE_HEADER)
    bill.append(["잔토처리", "인력", "㎥", 2, 10_000, 20_000, "제1호표"])
    blocks = wb.create_sheet("일위대가")
    blocks.append(["제1호표 잔토처리 인력 ㎥"])
    blocks.append(["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "노무비단가", "노무비금액", "비고"])
    blocks.append(["잔토처리", "인력", "㎥", 1, 0, 0, 10_000, 10_000, "제1호표"])
    blocks.append(["합계", None, None, None, None, 0, None, 10_000])
    path = tmp_path / "self.xlsx"
    wb.save(path)
    report = _read(path)
    assert report["lines"]["read"] == 1
