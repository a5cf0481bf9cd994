"""Printed estimates: a PDF printed from a workbook gives the same lines, findings and totals.

Every workbook here is built by code (``builders``, ``builders_costs`` and the long bill below),
printed by LibreOffice headless inside the test run — with rules (cell borders) and without
them — and verified both ways. The expected values are the workbook's own reading.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from builders import BUILDERS
from builders_costs import build_linked_estimate
from openpyxl.styles import Alignment, Border, Side
import pdfmake
from pdfmake import stream
from printing import print_setup, to_pdf

from estimator import verify
from estimator.model import COST_KINDS

AS_OF = date(2026, 3, 15)
EXAMPLE = Path(__file__).parents[1] / "examples" / "cctv_pole_estimate.xlsx"
LINKED = [("title-above-header", "text-rates"), ("title-in-first-column", "pps-codes")]
MONEY = [f"{k}_{r}" for k in (*COST_KINDS, "total") for r in ("price", "amount")]


def _line(line) -> tuple:
    return (line.section, line.item, line.spec, line.unit, line.quantity, line.remarks,
            *(getattr(line.money, name) for name in MONEY))


def _finding(f) -> tuple:
    return (f.rule, f.item, f.over_won, f.confidence)


def _totals(report) -> dict:
    return report.to_dict()["totals"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """name → (workbook, its PDF), for every layout, ruled and plain, printed in one LibreOffice run."""
    root = tmp_path_factory.mktemp("printed")
    books: dict[str, Path] = {}
    for name, build in BUILDERS.items():
        books[name] = _build(build, root / name)
    for breakdown, summary in LINKED:
        folder = root / f"linked-{breakdown}"
        folder.mkdir()
        books[f"linked-{breakdown}"] = Path(build_linked_estimate(folder, breakdown_style=breakdown,
                                                                  summary_style=summary).path)
    books["long"] = _long_bill(root / "long.xlsx")
    books["precision"] = _precision_bill(root / "precision.xlsx")
    books["whole"] = _whole_numbers_bill(root / "whole.xlsx")
    setups: dict[str, Path] = {}
    for name, book in books.items():
        for ruled in (True, False):
            key = f"{name}-{'ruled' if ruled else 'plain'}"
            setups[key] = print_setup(book, root / f"{key}.xlsx", ruled=ruled)
    setups["long-repeated"] = print_setup(books["long"], root / "long-repeated.xlsx", ruled=True,
                                          title_rows="3:4")
    setups["example"] = EXAMPLE  # printed with its own page setup
    pdfs = to_pdf(list(setups.values()), root / "pdf", root)
    return {key: (book, pdf) for (key, book), pdf in zip(setups.items(), pdfs)}


def _build(build, folder: Path) -> Path:
    folder.mkdir()
    return Path(build(folder, slips=True).path)


def _same(workbook: Path, pdf: Path):
    from_book, from_print = verify(workbook, as_of=AS_OF), verify(pdf, as_of=AS_OF)
    assert from_print.estimate.kind == "pdf"
    assert [_line(a) for a in from_print.estimate.lines] == [_line(b) for b in from_book.estimate.lines]
    assert sorted(map(_finding, from_print.findings)) == sorted(map(_finding, from_book.findings))
    assert _totals(from_print) == _totals(from_book)
    return from_book, from_print


LAYOUTS = [*BUILDERS, *(f"linked-{b}" for b, _ in LINKED)]


@pytest.mark.parametrize("ruled", ["ruled", "plain"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_printed_layout_reads_as_its_workbook(printed, layout, ruled):
    book, pdf = printed[f"{layout}-{ruled}"]
    from_book, from_print = _same(book, pdf)
    assert from_book.findings, "every layout carries seeded slips"
    assert len(from_print.estimate.blocks) == len(from_book.estimate.blocks)
    summary_book, summary_print = from_book.estimate.cost_summary, from_print.estimate.cost_summary
    assert (summary_print is None) == (summary_book is None)
    if summary_book is not None and ruled == "ruled":
        assert [(h.name, h.stated) for h in summary_print.heads] == [(h.name, h.stated) for h in summary_book.heads]
    elif summary_book is not None:
        # Without rules, a label printed vertically a syllable a line (순/공/사/원/가) cannot be
        # put back on its rows exactly; the heads the totals rest on are read all the same.
        named = {h.name: h.stated for h in summary_print.heads if h.name}
        for head in summary_book.heads:
            if head.name in ("직접재료비", "직접노무비", "일반관리비", "이윤", "총원가", "부가가치세", "도급액"):
                assert named.get(head.name) == head.stated, head.name


# ---------------------------------------------------------------------------------------------
# A bill over several pages

SECTIONS = ["1. 토공사", "2. 구조물공", "3. 포장공", "4. 전기·통신공"]
ITEMS = [("터파기(기계)", "토사, 백호 0.7㎥", "㎥", 2, 3412, 1250),
         ("되메우기", "다짐포함", "㎥", 0, 2980, 310),
         ("레미콘", "25-24-15", "㎥", 93500, 0, 0),
         ("거푸집", "합판 3회", "㎡", 6494, 28760, 0),
         ("아스팔트포장", "t=5cm", "㎡", 8120, 4210, 980),
         ("전선관", "HI-PVC 28C", "m", 1180, 3890, 0),
         ("케이블 포설", "UTP Cat.6 4P", "m", 640, 2227, 0),
         ("접지봉", "Φ14x1000", "개", 18700, 29844, 1250)]
SLIP_LINE = 97  # the 97th line states its labour amount 1,000 won high
LINES_PER_SECTION = 40


def _long_bill(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "내역서"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A1"] = "설 계 내 역 서"
    ws.merge_cells("A1:M1")
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"] = "공사명: ○○시 스마트가로등 정비공사 (2026년 3월)"
    top = ["품 명", "규 격", "단위", "수 량", "재 료 비", None, "노 무 비", None, "경 비", None, "합 계", None, "비 고"]
    sub = [None, None, None, None, "단 가", "금 액", "단 가", "금 액", "단 가", "금 액", "단 가", "금 액", None]
    for col, (a, b) in enumerate(zip(top, sub), start=1):
        ws.cell(3, col, a)
        ws.cell(4, col, b)
    for col in (1, 2, 3, 4, 13):
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    for col in (5, 7, 9, 11):
        ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + 1)
    row, number = 5, 0
    grand = [0, 0, 0, 0]
    for section in SECTIONS:
        ws.cell(row, 1, section)
        row += 1
        sums = [0, 0, 0, 0]
        for k in range(LINES_PER_SECTION):
            number += 1
            item, spec, unit, mat, lab, exp = ITEMS[(number - 1) % len(ITEMS)]
            quantity = Decimal(number * 37 % 900 + 5) / Decimal(100) + Decimal("0.125")
            prices = [mat, lab + number, exp]
            amounts = [int(quantity * p) for p in prices]
            if number == SLIP_LINE:
                amounts[1] += 1000
            values = [item, f"{spec} #{number}", unit, float(quantity)]
            for p, a in zip(prices, amounts):
                values += [p, a]
            values += [sum(prices), sum(amounts), f"제{number % 9 + 1}호표"]
            for col, value in enumerate(values, start=1):
                ws.cell(row, col, value)
            ws.cell(row, 4).number_format = "0.000"
            for i, a in enumerate(amounts):
                sums[i] += a
            sums[3] += sum(amounts)
            row += 1
        ws.cell(row, 1, "소 계")
        for i, col in enumerate((6, 8, 10, 12)):
            ws.cell(row, col, sums[i])
            grand[i] += sums[i]
        row += 1
    ws.cell(row, 1, "합 계")
    for i, col in enumerate((6, 8, 10, 12)):
        ws.cell(row, col, grand[i])
    last = row
    for r in range(3, last + 1):
        for c in range(1, 14):
            ws.cell(r, c).border = box
            if c >= 5 and c != 13:
                ws.cell(r, c).number_format = "#,##0"
    for col, width in zip("ABCDEFGHIJKLM", (18, 22, 6, 9, 10, 12, 10, 12, 9, 11, 11, 13, 10)):
        ws.column_dimensions[col].width = width
    wb.save(path)
    return path


@pytest.mark.parametrize("variant", ["long-ruled", "long-plain", "long-repeated"])
def test_bill_over_several_pages_is_one_grid(printed, variant):
    book, pdf = printed[variant]
    from_book, from_print = _same(book, pdf)
    lines = from_print.estimate.lines
    assert len(lines) == len(SECTIONS) * LINES_PER_SECTION
    pages = sorted({line.location.sheet for line in lines}, key=lambda s: int(s[2:]))
    assert len(pages) >= 3, pages
    # the seeded slip, found on its page, with its box
    slip = [f for f in from_print.findings if f.rule == "arithmetic" and f.item == lines[SLIP_LINE - 1].item
            and f.location == lines[SLIP_LINE - 1].location]
    assert [f.over_won for f in slip] == [1000]
    data = from_print.to_dict()
    evidence = next(f["evidence"] for f in data["findings"]
                    if (f["sheet"], f["row"]) == (slip[0].location.sheet, slip[0].location.row))
    x0, top, x1, bottom = evidence["bbox"]
    assert 0 <= x0 < x1 and 0 <= top < bottom <= 842
    # every page accounted for on its own, and the pages add up to the document
    accounts = [s for s in data["sheets"] if s["role"] == "bill"]
    assert [a["name"] for a in accounts] == [f"p.{n}" for n in range(1, len(accounts) + 1)]
    for account in accounts:
        parts = sum(account[k] for k in ("lines", "headings", "totals", "notes", "headers", "titles", "unparsed"))
        assert parts == account["nonempty_rows"], account
    assert sum(a["lines"] for a in accounts) == len(lines)
    assert sum(a["totals"] for a in accounts) == len(SECTIONS) + 1
    # a row's number is its place among the rows printed on its page
    first = lines[0]
    assert first.location.sheet == "p.1"
    assert first.location.row == 6  # title, 공사명, header (one row each way it prints), heading
    if variant == "long-repeated":
        assert sum(a["headers"] for a in accounts) > accounts[0]["headers"]


# ---------------------------------------------------------------------------------------------
# Figures rounded for print

PRICE = 10_000


def _precision_bill(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "내역서"
    ws.append(["품명", "규격", "단위", "수량", "단가", "금액", "비고"])
    ws.append(["케이블 포설", "F-CV 4㎟", "m", 0.333, PRICE, int(Decimal("0.333") * PRICE), None])  # prints 0.33
    ws.append(["전선관", "HI-PVC 28C", "m", 2.5, 1_000, 3_000, None])  # a real slip: 2,500
    ws.append(["합계", None, None, None, None, int(Decimal("0.333") * PRICE) + 3_000, None])
    for r in range(2, 4):
        ws.cell(r, 4).number_format = "0.00"
    for col, width in zip("ABCDEFG", (16, 16, 6, 8, 10, 10, 8)):
        ws.column_dimensions[col].width = width
    wb.save(path)
    return path


@pytest.mark.parametrize("ruled", ["ruled", "plain"])
def test_a_difference_the_printed_digits_explain_is_no_slip(printed, ruled):
    book, pdf = printed[f"precision-{ruled}"]
    from_book, from_print = verify(book, as_of=AS_OF), verify(pdf, as_of=AS_OF)
    cable = from_print.estimate.lines[0]
    assert cable.quantity == Decimal("0.33") and from_book.estimate.lines[0].quantity == Decimal("0.333")
    assert cable.money.total_amount == 3_330 != int(Decimal("0.33") * PRICE)
    assert [(f.rule, f.item, f.over_won) for f in from_print.findings] == [
        (f.rule, f.item, f.over_won) for f in from_book.findings] == [("arithmetic", "전선관", 500)]
    evidence = from_print.to_dict()["findings"][0]["evidence"]
    assert evidence["read_from_print"] is True
    assert evidence["printed_quantity_range"] == ["2.495", "2.505"]
    assert "read_from_print" not in from_book.to_dict()["findings"][0]["evidence"]


def _whole_numbers_bill(path: Path) -> Path:
    """Quantities all printed as whole numbers: 2.6 formatted without decimals prints as 3."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "내역서"
    ws.append(["품명", "규격", "단위", "수량", "단가", "금액", "비고"])
    ws.append(["전선관", "HI-PVC 28C", "m", 2.6, 1_000, 2_600, None])  # prints 3
    ws.append(["접지봉", "Φ14x1000", "개", 4, 18_700, 74_800, None])
    ws.append(["합계", None, None, None, None, 77_400, None])
    ws.cell(2, 4).number_format = "0"
    for col, width in zip("ABCDEFG", (16, 16, 6, 8, 10, 10, 8)):
        ws.column_dimensions[col].width = width
    wb.save(path)
    return path


def test_a_whole_number_that_may_hide_decimals_is_named_not_claimed(printed):
    book, pdf = printed["whole-ruled"]
    assert [f for f in verify(book, as_of=AS_OF).findings if f.rule == "arithmetic"] == []
    found = [f for f in verify(pdf, as_of=AS_OF).findings if f.rule == "arithmetic"]
    assert [(f.rule, f.item, f.confidence, f.over_won) for f in found] == [
        ("arithmetic", "전선관", "possible", 2_600 - 3 * 1_000)]
    assert found[0].evidence["rounding_convention"] == "print=rounded"
    assert found[0].evidence["printed_quantity_range"] == ["2.5", "3.5"]


def test_the_bundled_example_printed_reads_as_its_workbook(printed):
    book, pdf = printed["example"]
    from_book, from_print = _same(book, pdf)
    assert from_print.has_counted_findings
    assert {f.rule for f in from_print.findings} == {f.rule for f in from_book.findings}


# ---------------------------------------------------------------------------------------------
# Refusals and loading


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "estimator", *args], capture_output=True, text=True, timeout=120)


def _image_only_pdf(path: Path) -> Path:
    """A one-page PDF holding a 2×2 grey image and no text: what a scanner writes."""
    image = stream(b"\x80" * 12, extra=b" /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceRGB"
                                      b" /BitsPerComponent 8")
    return pdfmake.write(path, [pdfmake.CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                pdfmake.page(5, b"/XObject << /Im0 4 0 R >>"), image,
                                stream(b"q 500 0 0 700 40 70 cm /Im0 Do Q")])


def test_scanned_encrypted_and_corrupt_pdfs_are_refused(printed, tmp_path):
    book, pdf = printed["precision-ruled"]
    scanned = _image_only_pdf(tmp_path / "scan.pdf")
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(pdf.read_bytes()[: len(pdf.read_bytes()) // 3])
    encrypted_dir = tmp_path / "enc"
    options = ('pdf:calc_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    (encrypted,) = to_pdf([book], encrypted_dir, tmp_path, convert_to=options)
    assert b"/Encrypt" in encrypted.read_bytes()
    cases = {scanned: "no text layer; OCR is not supported", encrypted: "encrypted PDF",
             corrupt: "damaged or unreadable PDF"}
    for path, reason in cases.items():
        result = _cli("verify", str(path), "--lang", "en")
        assert result.returncode == 2, (path, result.stdout, result.stderr)
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0], lines
        assert "Traceback" not in result.stderr


def test_pdfplumber_loads_only_for_a_pdf(printed):
    book, pdf = printed["merged_two_row-ruled"]
    # Read in this process (not in the isolated child) to see what reading imports.
    code = ("import sys, estimator; from estimator.readers import worker; worker.enabled = False; "
            "estimator.verify({!r}); print('pdfplumber' in sys.modules); "
            "estimator.verify({!r}); print('pdfplumber' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code.format(str(book), str(pdf))],
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["False", "True"], result.stderr


def test_json_of_a_printed_estimate_is_per_page(printed):
    book, pdf = printed["merged_two_row-ruled"]
    data = json.loads(verify(pdf, as_of=AS_OF).to_json())
    assert data["source"].endswith(".pdf")
    assert all(s["name"].startswith("p.") for s in data["sheets"])
    assert all("bbox" in f["evidence"] for f in data["findings"] if f["row"] is not None and f["sheet"].startswith("p."))
