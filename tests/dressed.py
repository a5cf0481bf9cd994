"""The bundled example dressed as users' workbooks are: a formula, a print area and titles, a
frozen header, a note of the designer's, an image, a chart, and an item named as a formula (text
that a careless writer would turn into a live ``=HYPERLINK``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image

EXAMPLE = Path(__file__).parents[1] / "examples" / "cctv_pole_estimate.xlsx"
HOSTILE = '=HYPERLINK("http://example.invalid","x")'
NOTE = "설계자 메모: 폴 기초는 현장 여건에 따라 조정"


def _row_of(sheet, item: str) -> int:
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == item)


def dressed_example(folder: Path) -> Path:
    from PIL import Image as Picture

    path = folder / "dressed.xlsx"
    shutil.copy(EXAMPLE, path)
    book = openpyxl.load_workbook(path)
    bill = book["내역서"]
    # A line total written as a formula (its value is evaluated when the file has none stored).
    first = _row_of(bill, "잔토처리")
    bill.cell(row=first, column=12).value = f"=F{first}+H{first}+J{first}"
    # The camera line (its labour amount has a slip) renamed to text that looks like a formula.
    camera = bill.cell(row=_row_of(bill, "CCTV 카메라 설치"), column=1)
    camera.value = HOSTILE
    camera.data_type = "s"
    bill.cell(row=_row_of(bill, "터파기(인력)"), column=1).comment = Comment(NOTE, "설계자")
    bill.print_area = f"A1:M{bill.max_row}"
    bill.print_title_rows = "3:4"
    bill.freeze_panes = "A5"
    picture = folder / "logo.png"
    Picture.new("RGB", (40, 20), (20, 90, 160)).save(picture)
    book["일위대가"].add_image(Image(str(picture)), "N2")
    summary = book["원가계산서"]
    chart = BarChart()
    chart.add_data(Reference(summary, min_col=3, min_row=3, max_row=8))
    summary.add_chart(chart, "G3")
    book.save(path)
    return path
