"""Formulas stored without their value, as programs write .xlsx files, read as Excel computes them.

openpyxl writes formulas with no cached value, so the workbooks here are built by code. Every
expected figure is computed in the test from what it writes: a formula is written only where its
exact value (Decimal arithmetic here) equals the literal it replaces, so the formula workbook
must read exactly like the values-only one.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import openpyxl
import pytest
from printing import soffice
from builders import build_merged_two_row

from estimator import read, verify
from estimator.model import COST_KINDS
from estimator.readers import formulas
from estimator.readers.formulas import NotEvaluable, evaluate_formula, scan_formulas

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "cctv_pole_estimate.xlsx"
BILL = "설계 내역서"  # a sheet name with a space: references to it must be quoted
MONEY = [f"{k}_{r}" for k in (*COST_KINDS, "total") for r in ("price", "amount")]


def _cut(value: Decimal, places: int = 0) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def _exact(value) -> Decimal:
    """A literal cell value as the decimal that was typed (a float through its shortest repr)."""
    if value is None:
        return Decimal(0)
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _lines(estimate) -> list[tuple]:
    return [(line.location.sheet, line.location.row, line.section, line.item, line.spec, line.unit,
             line.quantity, line.remarks, *(getattr(line.money, f) for f in MONEY))
            for line in estimate.lines]


def _amount_cell(built, row: int) -> str:
    return f"{openpyxl.utils.get_column_letter(built.columns['total_amount'])}{row}"


def _findings(report) -> list[tuple]:
    return [(f.rule, f.location.sheet, f.location.row, f.over_won, f.confidence) for f in report.findings]


def _accounts(estimate) -> list[dict]:
    return [s.as_dict() for s in estimate.sheets]


class _Writer:
    """Replaces literals by formulas, only where the formula's exact value is the literal."""

    def __init__(self, workbook: openpyxl.Workbook):
        self.workbook = workbook
        self.written: list[tuple[str, str]] = []

    def put(self, sheet: str, ref: str, formula: str, value: Decimal) -> None:
        cell = self.workbook[sheet][ref]
        if isinstance(cell.value, (int, float)) and _exact(cell.value) == value:
            cell.value = formula
            self.written.append((sheet, ref))


# --------------------------------------------------------------------------- a bill written as formulas


def _formula_workbook(tmp_path: Path):
    """The merged two-row bill (two seeded slips) saved twice: values only, and with formulas."""
    built = build_merged_two_row(tmp_path, slips=True)
    book = openpyxl.load_workbook(built.path)
    book[built.boq_sheet].title = BILL
    values_path = tmp_path / "values.xlsx"
    book.save(values_path)
    values = openpyxl.load_workbook(values_path)  # the literals every formula is checked against
    writer = _Writer(book)
    col = {name: openpyxl.utils.get_column_letter(c) for name, c in built.columns.items()}

    def value(sheet: str, ref: str):
        return values[sheet][ref].value

    # Unit prices taken from the breakdown sheet's block totals (a cross-sheet reference).
    block_totals: dict[tuple[str, object], list[int]] = {}
    breakdown = values["일위대가"]
    for row in range(1, breakdown.max_row + 1):
        if str(breakdown.cell(row, 1).value or "").replace(" ", "") == "합계":
            for letter in "FHJ":
                block_totals.setdefault((letter, breakdown[f"{letter}{row}"].value), []).append(row)
    for line in built.lines:
        r = line.row
        for index, kind in enumerate(COST_KINDS):
            price, amount = col[f"{kind}_price"], col[f"{kind}_amount"]
            letter = {"material": "F", "labour": "H", "expense": "J"}[kind]
            stated = value(BILL, f"{price}{r}")
            rows = block_totals.get((letter, stated), [])
            if stated and len(rows) == 1:
                writer.put(BILL, f"{price}{r}", f"='일위대가'!{letter}{rows[0]}", _exact(stated))
            if value(BILL, f"{amount}{r}") is not None:
                product = line.quantity * _exact(value(BILL, f"{price}{r}"))
                formula = (f"=ROUNDDOWN({col['quantity']}{r}*{price}{r},0)" if index % 2 == 0
                           else f"=TRUNC({col['quantity']}{r}*{price}{r})")
                writer.put(BILL, f"{amount}{r}", formula, _cut(product))
        prices = [col[f"{k}_price"] for k in COST_KINDS]
        amounts = [col[f"{k}_amount"] for k in COST_KINDS]
        writer.put(BILL, f"{col['total_price']}{r}", "=" + "+".join(f"{c}{r}" for c in prices),
                   sum(_exact(value(BILL, f"{c}{r}")) for c in prices))
        writer.put(BILL, f"{col['total_amount']}{r}", f"=SUM({','.join(f'{c}{r}' for c in amounts)})",
                   sum(_exact(value(BILL, f"{c}{r}")) for c in amounts))
    for total in built.totals:
        children = total.children
        for kind in (*COST_KINDS, "total"):
            c = col[f"{kind}_amount"]
            consecutive = children == list(range(children[0], children[-1] + 1))
            formula = (f"=SUM({c}{children[0]}:{c}{children[-1]})" if consecutive
                       else f"=SUM({','.join(f'{c}{row}' for row in children)})")
            writer.put(BILL, f"{c}{total.row}", formula,
                       sum(_exact(value(BILL, f"{c}{row}")) for row in children))
    # The summary sheet (집계표) repeats the bill's totals, row by row, in its columns B to E.
    for offset, total in enumerate(built.totals):
        for letter, kind in zip("BCDE", (*COST_KINDS, "total")):
            source = f"{col[f'{kind}_amount']}{total.row}"
            writer.put("집계표", f"{letter}{4 + offset}", f"='{BILL}'!{source}",
                       _exact(value(BILL, source)))
    formulas_path = tmp_path / "formulas.xlsx"
    book.save(formulas_path)
    return built, values_path, formulas_path, writer.written


def test_formulas_without_values_read_like_the_values(tmp_path):
    built, values_path, formulas_path, written = _formula_workbook(tmp_path)
    text = openpyxl.load_workbook(formulas_path)
    kinds = {name for s, ref in written for name in re.findall(r"([A-Z]+)\(", text[s][ref].value)}
    assert {"ROUNDDOWN", "TRUNC", "SUM"} <= kinds and any("!" in text[s][ref].value for s, ref in written)
    cached = openpyxl.load_workbook(formulas_path, data_only=True)
    assert cached[BILL][written[0][1]].value is None  # openpyxl stores no value

    from_values, from_formulas = verify(values_path), verify(formulas_path)
    assert _lines(from_formulas.estimate) == _lines(from_values.estimate)
    assert _findings(from_formulas) == _findings(from_values)
    assert _accounts(from_formulas.estimate) == _accounts(from_values.estimate)
    assert from_formulas.estimate.unparsed == from_values.estimate.unparsed
    arithmetic = {(f.location.row, f.over_won) for f in from_formulas.findings if f.rule == "arithmetic"}
    assert arithmetic == {(s.row, s.over_won) for s in built.slips}  # the slips, written as literals
    assert from_formulas.estimate.attributes["formulas"] == {
        "without_value": len(written), "evaluated": len(written), "not_evaluated": [], "scan_capped": False,
        "scan_limit": formulas.MAX_CELLS}
    assert from_values.estimate.attributes["formulas"]["without_value"] == 0


def test_formulas_read_like_libreoffice_recalculated(tmp_path):
    office = soffice()
    built, _, formulas_path, written = _formula_workbook(tmp_path)
    out = tmp_path / "recalculated"
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "xlsx", "--outdir", str(out), str(formulas_path)],
                   check=True, capture_output=True, timeout=180)
    recalculated = out / formulas_path.name
    with_formulas = openpyxl.load_workbook(recalculated)
    cached = openpyxl.load_workbook(recalculated, data_only=True)
    for sheet, ref in written:  # LibreOffice kept each formula and stored its value
        assert str(with_formulas[sheet][ref].value).startswith("="), (sheet, ref)
        assert isinstance(cached[sheet][ref].value, (int, float)), (sheet, ref)
    assert scan_formulas(recalculated).formulas == {}

    from_office, from_formulas = verify(recalculated), verify(formulas_path)
    assert _lines(from_formulas.estimate) == _lines(from_office.estimate)
    assert _findings(from_formulas) == _findings(from_office)
    assert _accounts(from_formulas.estimate) == _accounts(from_office.estimate)
    assert from_office.estimate.attributes["formulas"]["without_value"] == 0
    assert from_formulas.estimate.attributes["formulas"]["evaluated"] == len(written)


@pytest.mark.parametrize("make", [
    lambda r: f"=VLOOKUP(A{r},'일위대가'!A:L,12,FALSE)",
    lambda r: f'=A{r}&"원"',
], ids=["vlookup", "text"])
def test_formula_that_cannot_be_evaluated_is_unparsed_not_zero(tmp_path, make):
    built, values_path, formulas_path, written = _formula_workbook(tmp_path)
    slipped = {s.row for s in built.slips}
    total = next(t for t in built.totals if t.kind == "subtotal" and t.row not in slipped
                 and not slipped & set(t.children))
    row = total.children[1]
    amount = _amount_cell(built, row)
    book = openpyxl.load_workbook(formulas_path)
    book[BILL][amount] = make(row)
    path = tmp_path / "not_evaluable.xlsx"
    book.save(path)

    report, before = verify(path), verify(values_path)
    estimate = report.estimate
    found = estimate.attributes["formulas"]
    assert {"sheet": BILL, "row": row, "cell": amount, "formula": make(row)} in found["not_evaluated"]
    assert found["evaluated"] + len(found["not_evaluated"]) == found["without_value"] == len(written) + (
        (BILL, amount) not in written)
    reasons = {(u.sheet, u.row): u.reason for u in estimate.unparsed}
    assert reasons[(BILL, row)] == "formula_without_value"
    assert row not in {line.location.row for line in estimate.lines if line.location.sheet == BILL}
    withdrawn = {r for (s, r), reason in reasons.items() if s == BILL and "formula_without_value" in reason}
    # The subtotal and the grand total sum that row through formulas: they cannot be known either.
    assert {row, total.row, built.totals[-1].row} <= withdrawn
    assert not [f for f in report.findings if f.location.sheet == BILL and f.location.row in withdrawn]
    # What remains of the bill reads as before: its other lines, and their findings.
    assert _lines(estimate) == [line for line in _lines(before.estimate) if line[1] != row]
    assert [f for f in _findings(report) if f[1] == BILL] == [
        f for f in _findings(before) if f[1] == BILL and f[2] not in withdrawn]
    assert all(account.balanced() for account in estimate.sheets)
    bill, was = (next(a for a in e.sheets if a.name == BILL) for e in (estimate, before.estimate))
    assert (bill.lines, bill.totals, bill.unparsed) == (was.lines - 1, was.totals - (len(withdrawn) - 1),
                                                        was.unparsed + len(withdrawn))
    # Coverage names the row, and the text report warns of the formula it could not evaluate.
    assert {"sheet": BILL, "row": row, "rule": "arithmetic", "code": "formula_without_value"} in \
        report.to_dict()["coverage_rows"]
    assert any("계산할 수 없음" in w for w in report.warnings)


def test_cost_summary_is_not_judged_against_a_bill_missing_rows(tmp_path):
    built, values_path, formulas_path, _ = _formula_workbook(tmp_path)
    row = built.lines[0].row
    book = openpyxl.load_workbook(formulas_path)
    book[BILL][_amount_cell(built, row)] = "=VLOOKUP(1,A:A,1,0)"
    path = tmp_path / "not_evaluable.xlsx"
    book.save(path)
    summary = [f for f in _findings(verify(path)) if f[1] == "원가계산서"]
    assert summary == [f for f in _findings(verify(values_path)) if f[1] == "원가계산서"]


def test_literal_total_over_a_withdrawn_line_is_not_checked(tmp_path):
    """A total typed as a number still sums a row whose value is unknown: it is withdrawn, not flagged."""
    built, values_path, _, _ = _formula_workbook(tmp_path)
    slipped = {s.row for s in built.slips}
    total = next(t for t in built.totals if t.kind == "subtotal" and t.row not in slipped
                 and not slipped & set(t.children))
    row = total.children[0]
    book = openpyxl.load_workbook(values_path)  # every other cell a literal
    book[BILL][_amount_cell(built, row)] = "=VLOOKUP(1,A:A,1,0)"
    path = tmp_path / "one_formula.xlsx"
    book.save(path)
    estimate = read(path)
    reasons = {u.row: u.reason for u in estimate.unparsed if u.sheet == BILL}
    assert reasons == {row: "formula_without_value", total.row: "sums_formula_without_value",
                       built.totals[-1].row: "sums_formula_without_value"}
    assert all(account.balanced() for account in estimate.sheets)
    assert not [t for t in estimate.totals if t.location.row in reasons]
    kept = {line.location.row for line in estimate.lines}
    assert set(total.children) - {row} <= kept and row not in kept


# --------------------------------------------------------------------------- the bundled example


def _example_as_formulas(path: Path) -> list[tuple[str, str]]:
    """The example with its amounts, sums and prices rewritten as formulas where they give the same value."""
    book = openpyxl.load_workbook(EXAMPLE)
    values = openpyxl.load_workbook(EXAMPLE)
    writer = _Writer(book)

    def v(sheet: str, ref: str):
        return values[sheet][ref].value

    def label(sheet: str, row: int) -> str:
        return str(v(sheet, f"A{row}") or "").replace(" ", "")

    pairs = (("E", "F"), ("G", "H"), ("I", "J"))
    # 일위대가: amounts cut to 0.1 won; each block's total sums its rows; a block inside a block cites it.
    sheet, first, block_total = "일위대가", None, {}
    for row in range(1, values[sheet].max_row + 1):
        if v(sheet, f"A{row}") == "품 명":
            first = row + 2
        elif label(sheet, row) == "합계" and first is not None:
            for _, amount in pairs:
                writer.put(sheet, f"{amount}{row}", f"=SUM({amount}{first}:{amount}{row - 1})",
                           sum(_exact(v(sheet, f"{amount}{r}")) for r in range(first, row)))
            block_total[int(re.search(r"제(\d+)호표", str(v(sheet, f"A{first - 3}"))).group(1))] = row
            first = None
        elif first is not None and isinstance(v(sheet, f"D{row}"), (int, float)):
            cited = re.fullmatch(r"제(\d+)호표", str(v(sheet, f"K{row}") or ""))
            for price, amount in pairs:
                if cited:
                    source = f"{'FHJ'[pairs.index((price, amount))]}{block_total[int(cited.group(1))]}"
                    writer.put(sheet, f"{price}{row}", f"=TRUNC({source})", _cut(_exact(v(sheet, source))))
                writer.put(sheet, f"{amount}{row}", f"=ROUNDDOWN(D{row}*{price}{row},1)",
                           _cut(_exact(v(sheet, f"D{row}")) * _exact(v(sheet, f"{price}{row}")), 1))
    # 내역서: amounts, row totals, subtotals over the section's rows, the grand total over the subtotals.
    sheet, first, subtotals = "내역서", None, []
    for row in range(5, values[sheet].max_row + 1):
        if label(sheet, row) == "소계":
            for column in "FHJL":
                writer.put(sheet, f"{column}{row}", f"=SUM({column}{first}:{column}{row - 1})",
                           sum(_exact(v(sheet, f"{column}{r}")) for r in range(first, row)))
            subtotals.append(row)
        elif label(sheet, row) == "합계":
            for column in "FHJL":
                writer.put(sheet, f"{column}{row}", f"=SUM({','.join(f'{column}{r}' for r in subtotals)})",
                           sum(_exact(v(sheet, f"{column}{r}")) for r in subtotals))
        elif isinstance(v(sheet, f"D{row}"), (int, float)):
            for index, (price, amount) in enumerate(pairs):
                function = "=ROUNDDOWN({},0)" if index % 2 == 0 else "=TRUNC({})"
                writer.put(sheet, f"{amount}{row}", function.format(f"D{row}*{price}{row}"),
                           _cut(_exact(v(sheet, f"D{row}")) * _exact(v(sheet, f"{price}{row}"))))
            for total, parts in (("K", "EGI"), ("L", "FHJ")):
                writer.put(sheet, f"{total}{row}", "=" + "+".join(f"{c}{row}" for c in parts),
                           sum(_exact(v(sheet, f"{c}{row}")) for c in parts))
        elif v(sheet, f"A{row}") and not v(sheet, f"D{row}"):
            first = row + 1  # a section heading
    # 원가계산서: the direct heads are the bill's grand totals.
    grand = next(r for r in range(1, values["내역서"].max_row + 1) if label("내역서", r) == "합계")
    for row in range(1, values["원가계산서"].max_row + 1):
        head = str(v("원가계산서", f"B{row}") or "")
        column = {"직접재료비": "F", "직접노무비": "H", "산출경비": "J"}.get(head)
        if column:
            writer.put("원가계산서", f"C{row}", f"=내역서!{column}{grand}",
                       _exact(v("내역서", f"{column}{grand}")))
    book.save(path)
    return writer.written


def test_example_as_formulas_gives_the_same_findings(tmp_path):
    path = tmp_path / "example_formulas.xlsx"
    written = _example_as_formulas(path)
    assert {sheet for sheet, _ in written} == {"내역서", "일위대가", "원가계산서"}
    original, rewritten = verify(EXAMPLE), verify(path)
    assert _findings(rewritten) == _findings(original)
    assert [f for f in _findings(original) if f[0] == "arithmetic"]  # the example's slips are there
    assert _lines(rewritten.estimate) == _lines(original.estimate)
    assert [b.totals() for b in rewritten.estimate.blocks] == [b.totals() for b in original.estimate.blocks]
    found = rewritten.estimate.attributes["formulas"]
    assert (found["without_value"], found["evaluated"]) == (len(written), len(written))
    assert found["not_evaluated"] == []


# --------------------------------------------------------------------------- the evaluator


def test_evaluator_is_exact():
    cells = {"A1": 0.1, "A2": 0.2, "A3": "=A1+A2", "B1": 1330000, "'내역 서'!C3": 2.5,
             "Sheet2!B3": "=Sheet1!A3*10"}
    assert evaluate_formula("=ROUNDDOWN(0.175*1330000,0)") == _cut(Decimal("0.175") * 1330000)
    assert evaluate_formula("=ROUNDDOWN(0.175*B1,0)", cells) == _cut(Decimal("0.175") * 1330000)
    assert evaluate_formula("=TRUNC(-14.246*385000)") == _cut(Decimal("-14.246") * 385000)  # toward zero
    a1, a2 = Decimal("0.1"), Decimal("0.2")
    assert evaluate_formula("=SUM(A1:A3)*1.1", cells) == (a1 + a2 + (a1 + a2)) * Decimal("1.1")
    assert evaluate_formula("='내역 서'!C3*Sheet2!B3+$A$1", cells) == Decimal("2.5") * (a1 + a2) * 10 + a1
    assert evaluate_formula("=ROUND(-2.5,0)") == -3  # half away from zero, as Excel
    assert evaluate_formula("=ROUNDUP(2.01,1)") == Decimal("2.1")
    assert evaluate_formula("=INT(-2.5)") == -3
    assert evaluate_formula("=-2^2") == 4  # negation binds tighter than ^ in Excel
    assert evaluate_formula("=2^3^2") == 64
    assert evaluate_formula("=10%*3+ABS(-1)") == Decimal("1.3")
    assert evaluate_formula("=MIN(A1:A2)+MAX(A1:A3)+PRODUCT(A1,5)", cells) == a1 + (a1 + a2) + a1 * 5
    assert evaluate_formula("=SUM(Z1:Z9)+Z1", cells) == 0  # empty cells count as 0
    assert evaluate_formula("=TRUNC(ROUND(1234.5678,-2)/3,2)") == _cut(Decimal(1200) / 3, 2)
    for formula in ("=VLOOKUP(1,A1:A3,1,0)", '=A1&"x"', "=IF(A1>0,1,2)", "=1/0", "=[1]Sheet1!A1",
                    "=A1:A3*2", "=SUM(#REF!)", "=NOSUCHSHEET!A1", "=ROUND(A1)", "=Q1"):
        with pytest.raises(NotEvaluable):
            evaluate_formula(formula, {**cells, "Q1": "=Q2+1", "Q2": "=Q1"})  # Q1: a cycle


def test_shared_formulas_are_shifted_from_their_master(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    quantities, prices = ["0.175", "12.5", "-5.25"], [1330000, 29931, 385]
    for row, (q, p) in enumerate(zip(quantities, prices), start=2):
        sheet[f"A{row}"], sheet[f"B{row}"] = float(q), p
        sheet[f"C{row}"] = f"=ROUNDDOWN(A{row}*B{row},0)"
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    # Excel writes a column of the same formula once, in its first cell, and shares it below.
    shared = tmp_path / "shared.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(shared, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = text.replace("<f>ROUNDDOWN(A2*B2,0)</f>",
                                    '<f t="shared" ref="C2:C4" si="0">ROUNDDOWN(A2*B2,0)</f>')
                text = re.sub(r"<f>ROUNDDOWN\(A[34]\*B[34],0\)</f>", '<f t="shared" si="0"/>', text)
                assert text.count('t="shared"') == 3
                data = text.encode()
            target.writestr(item, data)
    scan = scan_formulas(shared)
    assert scan.formulas == {("Sheet", r, 3): f"=ROUNDDOWN(A{r}*B{r},0)" for r in (2, 3, 4)}
    from estimator.readers.workbook import load_grids

    grids = load_grids(shared)
    outcome = formulas.fill_formulas(shared, grids)
    assert outcome.failed == [] and not outcome.capped
    assert [grids[0].cell(r - 1, 2) for r in (2, 3, 4)] == [
        int(_cut(Decimal(q) * p)) for q, p in zip(quantities, prices)]


def test_scan_is_bounded_and_says_so(tmp_path, monkeypatch):
    _, _, formulas_path, written = _formula_workbook(tmp_path)
    monkeypatch.setattr(formulas, "MAX_CELLS", 50)
    scan = scan_formulas(formulas_path)
    assert scan.capped and len(scan.formulas) < len(written)
    assert read(formulas_path).attributes["formulas"]["scan_capped"]
