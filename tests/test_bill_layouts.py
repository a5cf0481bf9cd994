"""Bills of quantities in four real layouts, each beside breakdown and cost-summary sheets.

The expected reading comes from ``builders`` (the oracle computes it from what it writes).
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from builders import BUILDERS

from estimator import read, verify
from estimator.model import COST_KINDS

MONEY_FIELDS = [f"{k}_{r}" for k in (*COST_KINDS, "total") for r in ("price", "amount")]


def _actual(line) -> dict:
    record = {
        "sheet": line.location.sheet, "row": line.location.row, "section": line.section, "item": line.item,
        "spec": line.spec, "unit": line.unit, "quantity": line.quantity, "remarks": line.remarks,
    }
    for name in MONEY_FIELDS:
        record[name] = getattr(line.money, name)
    return record


def _expected(line, has_kinds: bool) -> dict:
    record = {
        "sheet": line.sheet, "row": line.row, "section": line.section, "item": line.item, "spec": line.spec,
        "unit": line.unit, "quantity": line.quantity, "remarks": line.remarks,
    }
    for name in MONEY_FIELDS:
        record[name] = getattr(line, name)
    return record


def _same_money(actual: dict, expected: dict) -> dict:
    # A blank kind cell states nothing (None); the oracle counts it as 0. Compare them as equal
    # only in that case, and only where the layout has the column at all.
    out = dict(actual)
    for name in MONEY_FIELDS:
        if actual[name] is None and expected[name] == 0:
            out[name] = 0
    return out


@pytest.fixture(params=sorted(BUILDERS), ids=str)
def layout(request):
    return request.param


@pytest.mark.parametrize("slips", [False, True], ids=["consistent", "seeded"])
def test_every_line_read_exactly(tmp_path, layout, slips):
    built = BUILDERS[layout](tmp_path, slips=slips)
    estimate = read(built.path)
    assert estimate.unparsed == []
    assert len(estimate.lines) == len(built.lines)
    for actual, expected in zip(estimate.lines, built.lines):
        want = _expected(expected, built.has_kinds)
        assert _same_money(_actual(actual), want) == want


def test_only_the_bill_yields_lines(tmp_path, layout):
    built = BUILDERS[layout](tmp_path)
    estimate = read(built.path)
    roles = {s.name: s.role for s in estimate.sheets}
    assert roles[built.boq_sheet] == "bill"
    assert [name for name, role in roles.items() if role == "bill"] == [built.boq_sheet]
    assert {line.location.sheet for line in estimate.lines} == {built.boq_sheet}
    for name in built.other_sheets:
        assert roles[name] in {"breakdown", "cost_summary", "summary", "price_comparison"}
    assert any(role == "breakdown" for role in roles.values())
    assert any(role == "cost_summary" for role in roles.values())


def test_row_accounting_identity(tmp_path, layout):
    built = BUILDERS[layout](tmp_path)
    estimate = read(built.path)
    sheet = next(s for s in estimate.sheets if s.name == built.boq_sheet)
    assert (sheet.lines, sheet.headings, sheet.totals, sheet.notes, sheet.headers, sheet.titles, sheet.unparsed) == (
        len(built.lines), len(built.heading_rows), len(built.total_rows), len(built.note_rows),
        len(built.header_rows), len(built.title_rows), 0)
    assert (sheet.lines + sheet.headings + sheet.totals + sheet.notes + sheet.headers + sheet.titles
            + sheet.unparsed) == sheet.nonempty_rows
    assert all(s.balanced() for s in estimate.sheets)


def test_totals_attach_to_the_rows_they_sum(tmp_path, layout):
    built = BUILDERS[layout](tmp_path)
    estimate = read(built.path)
    got = {t.location.row: ("grand-total" if t.level == "grand" else "subtotal",
                            [c.location.row for c in t.children]) for t in estimate.totals}
    want = {t.row: (t.kind, t.children) for t in built.totals}
    assert got == want
    grand = [t for t in estimate.totals if t.level == "grand"]
    assert grand[-1].money.stated_total() == built.stated_grand_total


def test_consistent_workbook_reconciles(tmp_path, layout):
    built = BUILDERS[layout](tmp_path, slips=False)
    report = verify(built.path)
    assert [f for f in report.findings if f.rule == "arithmetic"] == []
    lines_sum = sum(line.money.stated_total() or 0 for line in report.estimate.lines)
    assert lines_sum == built.stated_grand_total


def test_seeded_slips_reported_exactly(tmp_path, layout):
    built = BUILDERS[layout](tmp_path, slips=True)
    report = verify(built.path)
    arithmetic = [f for f in report.findings if f.rule == "arithmetic"]
    found = {(f.location.sheet, f.location.row, f.evidence["check"]): f.over_won for f in arithmetic}
    assert found == {(s.sheet, s.row, s.check): s.over_won for s in built.slips}
    assert all(f.confidence == "certain" for f in arithmetic)
    rows = [f.location.row for f in report.findings]
    assert rows == sorted(rows)  # document order


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_xls_made_by_libreoffice_reads_identically(tmp_path):
    office = _soffice()
    if office is None:
        if os.environ.get("ESTIMATOR_REQUIRE_SOFFICE"):
            pytest.fail("LibreOffice (soffice) is required here but not installed")
        pytest.skip("LibreOffice not installed")
    built = BUILDERS["merged_two_row"](tmp_path, slips=True)
    out = tmp_path / "xls"
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "xls", "--outdir", str(out), str(built.path)],
                   check=True, capture_output=True, timeout=180)
    xls = out / (Path(built.path).stem + ".xls")
    assert xls.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")
    from_xlsx, from_xls = verify(built.path), verify(xls)
    assert from_xls.estimate.kind == "xls"
    assert [_actual(a) | {"sheet": None} for a in from_xls.estimate.lines] == [
        _actual(a) | {"sheet": None} for a in from_xlsx.estimate.lines]
    assert [s.as_dict() for s in from_xls.estimate.sheets] == [s.as_dict() for s in from_xlsx.estimate.sheets]
    assert [(f.location.row, f.over_won) for f in from_xls.findings] == [
        (f.location.row, f.over_won) for f in from_xlsx.findings]
