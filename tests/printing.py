"""Print workbooks to PDF with LibreOffice headless, as an estimate is printed for an approval file.

Each sheet is printed one page wide (fit to width, landscape), the way estimates are printed; a
``plain`` copy drops every border, so its tables have no rules and are read by text alignment.
``title_rows`` repeats the given rows at the top of every page (print titles). Each unit-cost
breakdown (제N호표) starts a page, as estimating programs print them: LibreOffice would otherwise
split a block's two-row merged header over a page break and print its merged cells on both pages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Border
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties


def soffice() -> str:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        if os.environ.get("ESTIMATOR_REQUIRE_SOFFICE"):
            pytest.fail("LibreOffice (soffice) is required here but not installed")
        pytest.skip("LibreOffice not installed")
    return office


def print_setup(source: Path, target: Path, *, ruled: bool, title_rows: str | None = None) -> Path:
    workbook = openpyxl.load_workbook(source)
    for sheet in workbook.worksheets:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        if title_rows:
            sheet.print_title_rows = title_rows
        for row in sheet.iter_rows(min_row=2, max_col=1):
            value = row[0].value
            if isinstance(value, str) and re.match(r"^(제\s*)?\d+\s*호\s*표", value.strip()):
                sheet.row_breaks.append(Break(id=row[0].row - 1))
        if not ruled:
            for row in sheet.iter_rows():
                for cell in row:
                    cell.border = Border()
    workbook.save(target)
    return target


def to_pdf(workbooks: list[Path], out: Path, work: Path, convert_to: str = "pdf") -> list[Path]:
    """Print every workbook to ``out`` in one LibreOffice run; the PDFs, in the same order.
    ``convert_to`` may carry export options (``pdf:calc_pdf_Export:{…}``)."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{work}/lo-profile",
                    "--convert-to", convert_to, "--outdir", str(out), *map(str, workbooks)],
                   check=True, capture_output=True, timeout=300)
    pdfs = [out / (w.stem + ".pdf") for w in workbooks]
    missing = [p.name for p in pdfs if not p.exists()]
    assert not missing, f"LibreOffice printed no PDF for {missing}"
    return pdfs
