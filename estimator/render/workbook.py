"""The annotated workbook: every finding marked on the row where it lives, plus the findings and
a summary for the decision-maker.

For an .xlsx input the output is a copy of the user's own workbook — values, formulas, number
formats, merges, widths, print settings, images and charts as they were — with a fill on each
row a finding concerns (one colour per rule), a cell comment with the rule, amount, confidence
and evidence, and two sheets added at the end: ``검증결과`` (every finding, linked to its row)
and ``요약`` (the over-estimate by rule and by section, the totals, the cost summary stated,
recomputed and corrected, and the coverage). Loading the user's workbook is a parse of
untrusted bytes, so it runs under the reading guards (archive checks, the isolated worker, the
limits). For other inputs (.xls, .BID, CSV, PDF), the workbook holds the parsed lines,
breakdown rows and cost heads, marked the same way.

Nothing written here can become a live formula: every text we add goes in as a string cell
(``safe.put``), and comments are text by nature.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from ..errors import InputError
from ..messages import msg
from ..model import COST_KINDS
from ..report import Report
from ..sniff import Kind, sniff
from .digest import Digest, confidence, digest, title
from .safe import put

RESULTS, SUMMARY = "검증결과", "요약"
LINES, BREAKDOWNS, HEADS = "내역", "일위대가", "원가계산서"
FILLS = {  # one colour per rule, light enough to keep the figures readable
    "arithmetic": "FFF2CC", "duplicate-scope": "F4B084", "wage-above-market": "BDD7EE",
    "labour-above-standard": "C6E0B4", "price-above-reference": "F8CBAD", "rate-above-cap": "D9D2E9",
}
MONEY = "#,##0;[Red]-#,##0"
MAX_MARKED_COLUMNS = 60  # a row's fill stops here (a stray cell far right is not a reason to paint 16,384)
EVIDENCE_CHARS = 1500  # of evidence in a comment; the 검증결과 sheet holds it in full
UNIT_KO = {"line": "내역 행", "breakdown_row": "일위대가 행", "cost_head": "비목"}
KIND_KO = {"material": "재료비", "labour": "노무비", "expense": "경비", "total": "합계"}


def write_workbook(report: Report, out: str | Path) -> None:
    """The annotated workbook for ``report`` at ``out``."""
    source = Path(report.source)
    found = digest(report)
    if sniff(source) is Kind.XLSX:
        from ..readers.archive import check_zip
        from ..readers.worker import isolated

        check_zip(source)
        note = isolated(functools.partial(_annotated_copy, report=report, found=found, out=Path(out)), source)
        if note is None:
            return
        found.notes.append(note)
    _parsed_workbook(report, found, Path(out))


def _annotated_copy(source: Path, report: Report, found: Digest, out: Path) -> str | None:
    """Runs in the reading worker; None when written, else why the copy could not be made."""
    try:
        book = load_workbook(source, rich_text=True)
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - the copy falls back to the parsed lines, saying why
        return msg("workbook_not_copied", error=type(exc).__name__).render(report.lang)
    targets = {(name, row): (name, row) for name in book.sheetnames
               for row in {f.location.row for f in report.findings if f.location.sheet == name}}
    _mark_rows(book, report, targets, anchor=_first_filled_cell)
    # openpyxl writes formulas without their last values: Excel and LibreOffice recalculate on open.
    book.calculation.fullCalcOnLoad = True
    _add_results(book, report, targets)
    _add_summary(book, report, found)
    _save(book, out)
    return None


def _save(book: Workbook, out: Path) -> None:
    try:
        book.save(out)
    except OSError as exc:
        raise InputError(out, msg("err_write_report", detail=exc.strerror)) from None


# --- marks on the rows ------------------------------------------------------------------------

def _mark_rows(book: Workbook, report: Report, targets: dict, anchor) -> None:
    by_row: dict[tuple[str, int], list] = {}
    for finding in report.findings:
        target = targets.get((finding.location.sheet, finding.location.row))
        if target is not None and target[1] is not None:
            by_row.setdefault(target, []).append(finding)
    for (sheet, row), findings in by_row.items():
        sheet_obj = book[sheet]
        # The colour of the finding that weighs most on the row.
        lead = max(findings, key=lambda f: (f.in_direct_total, f.over_won))
        fill = PatternFill("solid", fgColor=FILLS.get(lead.rule, "EDEDED"))
        last = min(max(sheet_obj.max_column, 1), MAX_MARKED_COLUMNS)
        for column in range(1, last + 1):
            cell = sheet_obj.cell(row=row, column=column)
            if not isinstance(cell, MergedCell):
                cell.fill = fill
        cell = anchor(sheet_obj, row, last)
        text = "\n\n".join(_comment_text(f, report.lang) for f in findings)
        if cell.comment is not None:  # the document's own note stays first
            text = f"{cell.comment.text}\n\n— estimator —\n{text}"
        lines = text.count("\n") + 1
        cell.comment = Comment(text, "estimator", width=420, height=min(600, 18 * lines + 30))


def _first_filled_cell(sheet, row: int, last: int):
    """The comment goes on the row's first written cell that is not inside a merge."""
    cells = [sheet.cell(row=row, column=c) for c in range(1, last + 1)]
    usable = [c for c in cells if not isinstance(c, MergedCell)]
    return next((c for c in usable if c.value not in (None, "")), usable[0] if usable else sheet.cell(row=row, column=1))


def _comment_text(finding, lang: str) -> str:
    ko = lang != "en"
    head = (f"[{finding.rule}] {title(finding.rule, lang)} · {confidence(finding.confidence, lang)} · "
            + (f"과다 {finding.over_won:,}원" if ko else f"over {finding.over_won:,} won"))
    if finding.evidence.get("superseded_by"):
        head += " (중복으로 제외, 합계 미반영)" if ko else " (superseded, not in the totals)"
    evidence = _evidence_text(finding)
    if len(evidence) > EVIDENCE_CHARS:
        evidence = evidence[:EVIDENCE_CHARS] + " …"
    return f"{head}\n{finding.message(lang)}\n{'근거' if ko else 'Evidence'}: {evidence}"


def _evidence_text(finding) -> str:
    shown = {k: v for k, v in finding.evidence.items() if k != "file"}
    return json.dumps(shown, ensure_ascii=False, default=str)


# --- the added sheets ---------------------------------------------------------------------------

def _unique(book: Workbook, name: str) -> str:
    taken = set(book.sheetnames)
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def _header(sheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, 1):
        cell = put(sheet, row, column, label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _add_results(book: Workbook, report: Report, targets: dict) -> None:
    ko = report.lang != "en"
    sheet = book.create_sheet(_unique(book, RESULTS))
    _header(sheet, 1, ["번호", "규칙", "구분", "신뢰도", "시트", "행", "품명", "과다계상액(원)", "합계 반영", "내용",
                       "근거", "위치로 이동"] if ko else
            ["#", "Rule", "Kind", "Confidence", "Sheet", "Row", "Item", "Over (won)", "In totals", "Message",
             "Evidence", "Go to row"])
    for n, finding in enumerate(report.findings, 1):
        row = n + 1
        put(sheet, row, 1, n)
        put(sheet, row, 2, finding.rule)
        put(sheet, row, 3, title(finding.rule, report.lang))
        put(sheet, row, 4, confidence(finding.confidence, report.lang))
        put(sheet, row, 5, finding.location.sheet)
        put(sheet, row, 6, finding.location.row)
        put(sheet, row, 7, finding.item)
        put(sheet, row, 8, finding.over_won, MONEY)
        put(sheet, row, 9, ("예" if ko else "yes") if finding.in_direct_total else ("아니오" if ko else "no"))
        put(sheet, row, 10, finding.message(report.lang))
        put(sheet, row, 11, _evidence_text(finding))
        target = targets.get((finding.location.sheet, finding.location.row))
        if target is not None and target[1] is not None:
            link = put(sheet, row, 12, f"{target[0]}!{target[1]}")
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{_quoted(target[0])}!A{target[1]}")
            link.font = Font(color="0563C1", underline="single")
        sheet.cell(row=row, column=1).fill = PatternFill("solid", fgColor=FILLS.get(finding.rule, "EDEDED"))
    _widths(sheet, [6, 22, 14, 10, 14, 7, 28, 16, 9, 70, 40, 16])
    for row in sheet.iter_rows(min_row=2, min_col=10, max_col=11):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:L{max(len(report.findings) + 1, 1)}"


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _add_summary(book: Workbook, report: Report, found: Digest) -> None:
    ko = report.lang != "en"
    sheet = book.create_sheet(_unique(book, SUMMARY))
    book.active = book.index(sheet)
    for other in book.worksheets:
        other.sheet_view.tabSelected = other is sheet
    put(sheet, 1, 1, "설계내역 검증 요약" if ko else "Estimate verification summary").font = Font(bold=True, size=14)
    put(sheet, 2, 1, "검토 대상" if ko else "Source")
    put(sheet, 2, 2, report.source)
    put(sheet, 3, 1, found.verdict).font = Font(bold=True)
    row = 4
    for note in found.notes:
        put(sheet, row, 1, note)
        row += 1
    row += 1
    _header(sheet, row, ["합계", "금액(원)"] if ko else ["Totals", "Won"])
    for key, value in found.totals.items():
        row += 1
        put(sheet, row, 1, found.total_label(key))
        put(sheet, row, 2, value, MONEY)
    row += 2
    row = _shares(sheet, row, ["규칙별 직접 과다계상액", "건수", "금액(원)"] if ko else
                  ["Direct over-estimate by rule", "Findings", "Won"], found.by_rule, ko, legend=True)
    row = _shares(sheet, row + 1, ["공종(구분)별 직접 과다계상액", "건수", "금액(원)"] if ko else
                  ["Direct over-estimate by section", "Findings", "Won"], found.by_section, ko)
    row += 1
    heading = ("원가계산서: 기재 · 재계산 · 수정 후" if ko else "Cost summary: stated · recomputed · corrected")
    if found.heads_source == "default":
        heading += " (문서에 원가계산서가 없어 기본 요율로 계산)" if ko else " (no cost summary in the document: default rates)"
    put(sheet, row, 1, heading).font = Font(bold=True)
    row += 1
    _header(sheet, row, ["비목", "표기", "요율(%)", "기재", "재계산", "수정 후", "차이(재계산−수정 후)"] if ko else
            ["Head", "Label", "Rate (%)", "Stated", "Recomputed", "Corrected", "Recomputed − corrected"])
    for head in found.heads:
        row += 1
        put(sheet, row, 1, head.name)
        put(sheet, row, 2, head.label)
        put(sheet, row, 3, head.rate)
        put(sheet, row, 4, head.stated, MONEY)
        put(sheet, row, 5, head.recomputed, MONEY)
        put(sheet, row, 6, head.corrected, MONEY)
        if head.recomputed is not None and head.corrected is not None:
            put(sheet, row, 7, head.recomputed - head.corrected, MONEY)
    row += 2
    put(sheet, row, 1, "검사 범위" if ko else "Coverage").font = Font(bold=True)
    row += 1
    _header(sheet, row, ["규칙", "단위", "검사", "미검사", "미검사 사유", "유의"] if ko else
            ["Rule", "Unit", "Checked", "Not checked", "Why not", "Caveats"])
    for entry in found.coverage:
        row += 1
        unit = UNIT_KO.get(entry.unit, entry.unit) if ko else entry.unit.replace("_", " ")
        for column, value in enumerate([entry.rule, unit, entry.checked, entry.not_checked, entry.reasons,
                                        entry.caveats], 1):
            put(sheet, row, column, value)
    _widths(sheet, [34, 26, 12, 16, 16, 16, 22])


def _shares(sheet, row: int, labels: list[str], shares, ko: bool, legend: bool = False) -> int:
    _header(sheet, row, labels)
    for share in shares:
        row += 1
        cell = put(sheet, row, 1, share.label)
        if legend:
            cell.fill = PatternFill("solid", fgColor=FILLS.get(share.key, "EDEDED"))
        put(sheet, row, 2, share.findings)
        put(sheet, row, 3, share.over_won, MONEY)
    row += 1
    put(sheet, row, 1, "합계" if ko else "Total").font = Font(bold=True)
    put(sheet, row, 2, sum(s.findings for s in shares))
    put(sheet, row, 3, sum(s.over_won for s in shares), MONEY).font = Font(bold=True)
    return row + 1


# --- inputs that are not .xlsx: the parsed rows -------------------------------------------------

def _parsed_workbook(report: Report, found: Digest, out: Path) -> None:
    ko = report.lang != "en"
    book = Workbook()
    targets: dict = {}
    lines = book.active
    lines.title = LINES
    kinds = [*COST_KINDS, "total"]
    money_labels = [f"{KIND_KO[k]} {part}" if ko else f"{k} {part_en}" for k in kinds
                    for part, part_en in (("단가", "price"), ("금액", "amount"))]
    _header(lines, 1, ["원본 시트", "원본 행", "구분", "품명", "규격", "단위", "수량", *money_labels, "비고"] if ko else
            ["Sheet", "Row", "Section", "Item", "Spec", "Unit", "Quantity", *money_labels, "Remarks"])
    est = report.estimate
    order = {s.name: i for i, s in enumerate(est.sheets)}
    rows = sorted([*est.lines, *est.totals],
                  key=lambda r: (order.get(r.location.sheet, len(order)), r.location.row or 0))
    for n, entry in enumerate(rows, 2):
        is_line = hasattr(entry, "quantity")
        values = [entry.location.sheet, entry.location.row, " > ".join(entry.section), entry.item,
                  entry.spec if is_line else "", entry.unit if is_line else "",
                  entry.quantity if is_line else None]
        for column, value in enumerate(values, 1):
            put(lines, n, column, value)
        for k, kind in enumerate(kinds):
            put(lines, n, 8 + 2 * k, entry.money.price(kind), MONEY)
            put(lines, n, 9 + 2 * k, entry.money.amount(kind), MONEY)
        put(lines, n, 16, entry.remarks if is_line else "")
        if not is_line:
            for column in range(1, 17):
                lines.cell(row=n, column=column).font = Font(bold=True)
        targets[(entry.location.sheet, entry.location.row)] = (LINES, n)
    _widths(lines, [12, 7, 18, 30, 24, 7, 10, *[13] * 8, 16])
    lines.freeze_panes = "D2"
    if est.blocks:
        _breakdown_sheet(book, report, targets, ko)
    if est.cost_summary is not None:
        _heads_sheet(book, report, found, targets, ko)
    _mark_rows(book, report, targets, anchor=lambda sheet, row, last: sheet.cell(row=row, column=4))
    _add_results(book, report, targets)
    _add_summary(book, report, found)
    _save(book, out)


def _breakdown_sheet(book: Workbook, report: Report, targets: dict, ko: bool) -> None:
    sheet = book.create_sheet(BREAKDOWNS)
    _header(sheet, 1, ["원본 시트", "원본 행", "호표", "품명", "규격", "단위", "수량", "재료비", "노무비", "경비"] if ko else
            ["Sheet", "Row", "Block", "Item", "Spec", "Unit", "Quantity", "Material", "Labour", "Expense"])
    row = 1
    for block in report.estimate.blocks:
        row += 1
        for column, value in enumerate([block.location.sheet, block.location.row, f"{block.book} {block.number}",
                                        block.item, block.spec, block.unit], 1):
            put(sheet, row, column, value).font = Font(bold=True)
        targets.setdefault((block.location.sheet, block.location.row), (BREAKDOWNS, row))
        for resource in block.resources:
            row += 1
            values = [resource.location.sheet, resource.location.row, f"{block.book} {block.number}", resource.item,
                      resource.spec, resource.unit, resource.quantity,
                      *(resource.amounts.get(k) for k in COST_KINDS)]
            for column, value in enumerate(values, 1):
                put(sheet, row, column, value, "#,##0.0" if column >= 8 else None)
            targets.setdefault((resource.location.sheet, resource.location.row), (BREAKDOWNS, row))
        if block.total_location is not None:
            targets.setdefault((block.total_location.sheet, block.total_location.row), (BREAKDOWNS, row))
    _widths(sheet, [12, 7, 12, 28, 24, 7, 10, 13, 13, 13])


def _heads_sheet(book: Workbook, report: Report, found: Digest, targets: dict, ko: bool) -> None:
    sheet = book.create_sheet(HEADS)
    _header(sheet, 1, ["원본 시트", "원본 행", "비목", "표기", "요율(%)", "기재", "재계산", "수정 후"] if ko else
            ["Sheet", "Row", "Head", "Label", "Rate (%)", "Stated", "Recomputed", "Corrected"])
    summary = report.estimate.cost_summary
    for n, (head, shown) in enumerate(zip(summary.heads, found.heads), 2):
        values = [summary.sheet, head.location.row, shown.name, shown.label, shown.rate]
        for column, value in enumerate(values, 1):
            put(sheet, n, column, value)
        for column, value in ((6, shown.stated), (7, shown.recomputed), (8, shown.corrected)):
            put(sheet, n, column, value, MONEY)
        if head.location.row is not None:
            targets.setdefault((head.location.sheet, head.location.row), (HEADS, n))
    _widths(sheet, [12, 7, 16, 24, 9, 14, 14, 14])
