"""Properties over random bills in the layouts real estimating programs write.

Each generator in ``gen_real_layouts`` copies the shape of one real workbook (three sub-columns
under 노무비, 합계 before the kinds, cost heads as 1식 rows above the bill, bracketed totals with a
repeated class column, a quotation in a sheet named 집계표, an aggregated resource list beside the
bill, items whose next rows happen to add up to them, notes above a two-row header) and fills it
with random content. Whatever the content, the reader must give every row its role, read every
line and its money exactly, tie each stated total to the lines it adds up, make no arithmetic
claim on a consistent bill, and find one seeded slip to the won on its row.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from gen_real_layouts import AMOUNT_FIELDS, GENERATORS, MONEY_FIELDS, Generated, reread_mismatches
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from estimator import verify

AS_OF = date(2026, 12, 1)
LAYOUTS = sorted(GENERATORS)
seeds = st.integers(0, 2**32 - 1)

# Shrinking a seed only draws other bills: failures are reported as found.
READING = settings(max_examples=10, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                   suppress_health_check=[HealthCheck.too_slow])
SELF_CHECK = settings(max_examples=15, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                      suppress_health_check=[HealthCheck.too_slow])


def _generate(layout: str, seed: int, slip: bool) -> tuple[Generated, tempfile.TemporaryDirectory]:
    folder = tempfile.TemporaryDirectory()
    gen = GENERATORS[layout](Path(folder.name), seed, slip=slip)
    note(f"{layout} seed={seed} slip={slip}: {gen.path.name} ({gen.description})")
    return gen, folder


def _leaf_rows(total) -> set[int]:
    rows = set()
    for child in total.children:
        rows |= _leaf_rows(child) if hasattr(child, "children") else {child.location.row}
    return rows


def _same(got, want, has_column: bool) -> bool:
    if not has_column:
        return got is None
    return (got or 0) == (want or 0)   # a blank cell and a 0 state the same amount


def _reading_problems(gen: Generated, estimate) -> dict[str, list[str]]:
    """Every property of the reading that fails, by property."""
    problems: dict[str, list[str]] = {}

    def fail(prop: str, text: str) -> None:
        problems.setdefault(prop, []).append(text)

    accounts = {a.name: a for a in estimate.sheets}
    for name, role in gen.sheet_roles.items():
        got = accounts[name].role if name in accounts else None
        if got != role:
            fail("sheet role", f"{name!r}: {got} (want {role})")

    # every non-empty row of the bill in its role
    account = accounts.get(gen.bill_sheet)
    got_roles = {k: v for k, v in (account.row_roles if account else {}).items() if k[0] == gen.bill_sheet}
    for key in sorted(set(got_roles) | set(gen.roles), key=lambda k: k[1]):
        if got_roles.get(key) != gen.roles.get(key):
            fail("row roles", f"row {key[1]}: {got_roles.get(key)} (want {gen.roles.get(key)})")

    # the line rows, exactly, and nothing else
    want_rows = [(l.sheet, l.row) for l in gen.lines]
    got_rows = [(l.location.sheet, l.location.row) for l in estimate.lines]
    if got_rows != want_rows:
        extra = [r for r in got_rows if r not in set(want_rows)]
        missing = [r for r in want_rows if r not in set(got_rows)]
        not_lines = [(s, r, gen.roles.get((s, r))) for s, r in extra][:12]
        fail("line rows", f"{len(got_rows)} lines (want {len(want_rows)}); not lines: {not_lines}; "
                          f"missing: {missing[:12]}")
    total_rows = {(t.sheet, t.row) for t in gen.totals}
    for row in got_rows:
        if row in total_rows:
            fail("no total is a line", f"row {row[1]} ({gen.roles.get(row)}) read as a line")

    # each line as written
    by_row = {(l.location.sheet, l.location.row): l for l in estimate.lines}
    for want in gen.lines:
        got = by_row.get((want.sheet, want.row))
        if got is None:
            continue
        where = f"row {want.row}"
        if want.item not in (got.item or ""):
            fail("line text", f"{where}: item {got.item!r} (want {want.item!r})")
        if (got.spec or "") != want.spec or got.unit != want.unit:
            fail("line text", f"{where}: spec/unit {got.spec!r}/{got.unit!r} "
                              f"(want {want.spec!r}/{want.unit!r})")
        if got.quantity != want.quantity:
            fail("line quantity", f"{where}: {got.quantity} (want {want.quantity})")
        for fld in MONEY_FIELDS:
            value = getattr(got.money, fld)
            if not _same(value, want.money[fld], fld in want.columns):
                fail("line money", f"{where}: {fld} {value!r} (want {want.money[fld]!r})")

    # each stated total as written, the sum of its lines, tied to them
    got_totals = {(t.location.sheet, t.location.row): t for t in estimate.totals}
    lines_by_row = {l.row: l for l in gen.lines}
    for want in gen.totals:
        got = got_totals.get((want.sheet, want.row))
        if got is None:
            if want.required:
                fail("stated totals", f"row {want.row} ({want.label}): no stated total")
            continue
        for fld in AMOUNT_FIELDS:
            value = getattr(got.money, fld)
            if not _same(value, want.money.get(fld), True):
                fail("stated totals", f"row {want.row}: {fld} {value!r} (want {want.money.get(fld)!r})")
        if want.lines is not None:
            for fld in AMOUNT_FIELDS:
                lines_sum = sum(lines_by_row[r].money[fld] or 0 for r in want.lines)
                if want.money.get(fld) is not None and (getattr(got.money, fld) or 0) != lines_sum:
                    fail("total is the sum of its lines", f"row {want.row}: {fld} {getattr(got.money, fld)} "
                                                          f"≠ lines {lines_sum}")
            if want.children_checked and _leaf_rows(got) != set(want.lines):
                fail("total tied to its lines", f"row {want.row}: children {sorted(_leaf_rows(got))[:12]} "
                                                f"(want {sorted(want.lines)[:12]})")
    allowed = total_rows | {(gen.bill_sheet, r) for r in gen.group_rows}
    for key, total in got_totals.items():
        if key[0] == gen.bill_sheet and key not in allowed:
            fail("stated totals", f"row {key[1]} ({gen.roles.get(key)}) read as a total {total.label!r}")
    return problems


def _explain(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{prop}: " + "; ".join(items[:10]) + (f" … ({len(items)})" if len(items) > 10 else "")
                     for prop, items in problems.items())


def _arithmetic(report) -> list:
    return [f for f in report.findings if f.rule == "arithmetic"]


def _finding_text(f) -> str:
    return (f"{f.location.sheet}!{f.location.row} over_won={f.over_won} {f.confidence} "
            f"{(f.evidence or {}).get('check')}")


@pytest.mark.parametrize("layout", LAYOUTS)
@SELF_CHECK
@given(seed=seeds, slip=st.booleans())
def test_generated_workbook_reads_back_as_written(layout, seed, slip):
    """The generator's own check: every cell reads back with python_calamine as meant, every
    non-empty bill row has a role, totals add their lines, amounts are quantity × price."""
    gen, folder = _generate(layout, seed, slip)
    with folder:
        assert reread_mismatches(gen) == []
        assert (gen.slip is not None) == slip
        assert gen.lines and gen.totals


@pytest.mark.parametrize("layout", LAYOUTS)
@READING
@given(seed=seeds)
def test_consistent_bill_is_read_exactly_and_raises_no_claim(layout, seed):
    gen, folder = _generate(layout, seed, slip=False)
    with folder:
        report = verify(gen.path, as_of=AS_OF)
    problems = _reading_problems(gen, report.estimate)
    claims = _arithmetic(report)
    if claims:
        problems["no claim on a consistent bill"] = [_finding_text(f) for f in claims]
    assert not problems, _explain(problems)


@pytest.mark.parametrize("layout", LAYOUTS)
@READING
@given(seed=seeds)
def test_seeded_slip_is_found_to_the_won(layout, seed):
    gen, folder = _generate(layout, seed, slip=True)
    with folder:
        report = verify(gen.path, as_of=AS_OF)
    slip = gen.slip
    note(f"slip: {slip}")
    problems = _reading_problems(gen, report.estimate)
    found = _arithmetic(report)
    on_row = [f for f in found if (f.location.sheet, f.location.row) == (slip.sheet, slip.row)]
    elsewhere = [f for f in found if f not in on_row]
    if [f.over_won for f in on_row] != [slip.over_won]:
        found_there = [_finding_text(f) for f in on_row]
        problems["slip found on its row"] = [f"row {slip.row} ({slip.how} {slip.field}): {found_there} "
                                             f"(want over_won={slip.over_won})"]
    elif slip.how == "off" and on_row[0].confidence != "certain":
        problems["slip found on its row"] = [f"row {slip.row}: confidence {on_row[0].confidence}"]
    if elsewhere:
        problems["no other claim"] = [_finding_text(f) for f in elsewhere]
    assert not problems, _explain(problems)


@settings(max_examples=10, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=seeds, delta=st.integers(1, 5_000_000), kind=st.sampled_from(["material", "labour", "expense"]))
def test_a_summary_row_that_disagrees_with_its_section_is_found(seed, delta, kind):
    """공종별집계표 beside the bill: each row names one section; a row whose amounts differ from its
    section's lines is found on the summary's row, by the difference; the others agree."""
    import openpyxl

    gen, folder = _generate("bracketed_totals", seed, slip=False)
    with folder:
        wb = openpyxl.load_workbook(gen.path)
        ws = wb["공종별집계표"]
        rows = [r for r in range(6, ws.max_row + 1)
                if isinstance(ws.cell(r, 1).value, str) and ws.cell(r, 1).value[:4].isdigit()]
        row = rows[seed % len(rows)]
        col = {"material": 6, "labour": 8, "expense": 10}[kind]
        for c in (col, 12):  # the kind's amount and the row's total, as a program would write both
            ws.cell(row, c).value = (ws.cell(row, c).value or 0) + delta
        wb.save(gen.path)
        report = verify(gen.path, as_of=AS_OF)
    found = [f for f in report.findings if f.evidence.get("check") == "summary-vs-bill"]
    assert [(f.location.sheet, f.location.row, f.over_won) for f in found] == [("공종별집계표", row, delta)]
    assert found[0].evidence["kind_differences"] == {kind: delta}
    assert found[0].confidence == "certain"
