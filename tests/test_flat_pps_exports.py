"""The real PPS priced bill saved as ordinary workbooks: the same lines, groups and totals, and
exactly the seeded slips claimed — never an amount-only row."""

import re

import pytest

from builders_pps import load_priced, pick_seeds, seed_over, trunc_won, write_flat, write_with_pps_columns
from estimator import read, verify
from estimator.findings import COUNTED

PRICED = "g2b_20221225183_gwangju_museum_PRICED_by_CMC_tool_T3.csv"
COMPARED = ["item", "spec", "unit", "quantity", *(f"{k}_{r}" for k in ("material", "labour", "expense", "total")
                                                   for r in ("price", "amount"))]


@pytest.fixture(scope="module")
def bill():
    return load_priced()


@pytest.fixture(scope="module")
def csv_report():
    from conftest import DATA

    return verify(DATA / PRICED)


@pytest.fixture(scope="module")
def exports(tmp_path_factory, bill):
    clean = tmp_path_factory.mktemp("clean")
    seeded = tmp_path_factory.mktemp("seeded")
    seeds = pick_seeds(bill)
    return {
        "pps": (write_with_pps_columns(clean, bill), write_with_pps_columns(seeded, bill, seeds)),
        "flat": (write_flat(clean, bill), write_flat(seeded, bill, seeds)),
    }


def _frame(estimate):
    return estimate.lines_frame()[COMPARED].reset_index(drop=True)


def test_the_oracle_sees_three_amount_only_groups(bill):
    groups = bill.stated_groups()
    assert sorted(int(g.money("합계금액")) for g in groups) == [4711805, 13437496, 39349428]
    for group in groups:
        assert group.money("합계단가") == 0
        children = [r for r in bill.rows if r.parent == group.key]
        assert sum(r.money("합계금액") for r in children) == group.money("합계금액")


def test_pps_columns_workbook_reads_as_the_csv(exports, bill, csv_report):
    export, _ = exports["pps"]
    estimate = read(export.path)
    from_csv = csv_report.estimate
    assert estimate.unparsed == []
    assert _frame(estimate).equals(_frame(from_csv))
    assert [line.location.row for line in estimate.lines] == [export.excel_row[r.csv_line] for r in bill.lines()]
    assert len(estimate.totals) == len(bill.groups) == len(from_csv.totals)
    assert [(t.label, t.money.total_amount, len(t.children)) for t in estimate.totals] == [
        (t.label, t.money.total_amount, len(t.children)) for t in from_csv.totals]
    # The title row above the header and the header itself are accounted for.
    (sheet,) = estimate.sheets
    assert (sheet.nonempty_rows, sheet.titles, sheet.headers, sheet.lines, sheet.groups, sheet.totals) == (
        len(bill.rows) + 2, 1, 1, len(bill.lines()), len(bill.groups), 0)


def test_flat_workbook_groups_amount_only_rows_over_their_children(exports, bill):
    export, _ = exports["flat"]
    estimate = read(export.path)
    assert estimate.unparsed == []
    stated = bill.stated_groups()
    groups = [t for t in estimate.totals if t.level == "group"]
    assert [t.location.row for t in groups] == [export.excel_row[g.csv_line] for g in stated]
    for total, group in zip(groups, stated):
        children = [r for r in bill.rows if r.parent == group.key]
        assert [c.location.row for c in total.children] == [export.excel_row[c.csv_line] for c in children]
        assert total.money.total_amount == int(group.money("합계금액"))
    # Without the PPS columns a group stating no amount is told from an unpriced line by the
    # outline: a 1식 row with no price whose next rows sit deeper ('1. 부대토목공사' over '(1) 토 공')
    # is a group; one the outline cannot tell stays a line of 0 won. Every other line is the CSV's.
    zero_groups = [r for r in bill.rows if bill.is_group(r) and r.money("합계금액") == 0]
    account = next(s for s in estimate.sheets if s.role == "bill")
    role = {row: account.row_roles[(account.name, row)] for row in
            (export.excel_row[r.csv_line] for r in zero_groups)}
    assert set(role.values()) <= {"group", "line"}
    # The outline's evidence is the numbering: every row taken for a group is numbered or bulleted
    # ('▶ 건 축 공 사', '1. 부대토목공사', '(1) 토 공', '.5). 품질관리비'), a plain name is not.
    numbered = re.compile(r"^\s*(?:\.+\s*)?(?:[▶▣■]|\d+\s*[.)]|\(\s*\d+\s*\)|[가-하]\s*[.)])")
    for r in zero_groups:
        row = export.excel_row[r.csv_line]
        assert (role[row] == "group") == bool(numbered.match(r.fields["품명"])), (row, r.fields["품명"], role[row])
    kept = [r for r in zero_groups if role[export.excel_row[r.csv_line]] == "line"]
    expected_rows = sorted(export.excel_row[r.csv_line] for r in [*bill.lines(), *kept])
    assert [line.location.row for line in estimate.lines] == expected_rows
    assert all(line.money.stated_total() == 0 for line in estimate.lines
               if line.location.row in {export.excel_row[r.csv_line] for r in kept})
    assert sum(line.money.stated_total() or 0 for line in estimate.lines) == bill.direct_total()
    assert not any(line.lump_sum for line in estimate.lines)


@pytest.mark.parametrize("layout", ["pps", "flat"])
def test_clean_export_has_no_arithmetic_claim_and_the_csv_totals(exports, layout, csv_report):
    export, _ = exports[layout]
    report = verify(export.path)
    assert [f for f in report.findings if f.rule == "arithmetic"] == []
    # The same direct total as the CSV read with its PPS columns (its one probable double count).
    assert report.direct_over_won == csv_report.direct_over_won
    assert report.outcome.recomputed_total_won == csv_report.outcome.recomputed_total_won


@pytest.mark.parametrize("layout", ["pps", "flat"])
def test_seeded_export_claims_exactly_the_seeds(exports, layout, bill, csv_report):
    _, export = exports[layout]
    report = verify(export.path)
    claims = [(f.location.row, f.over_won) for f in report.findings
              if f.rule == "arithmetic" and f.confidence in COUNTED]
    others = [f for f in report.findings if f.rule != "arithmetic" and f.confidence in COUNTED]
    expected = sorted((export.excel_row[s.csv_line], seed_over(bill, s)) for s in export.seeds)
    assert claims == expected
    # Each seed's claim is what the seeded cell says minus quantity × unit price, cut per kind.
    first = next(r for r in bill.rows if r.csv_line == export.seeds[0].csv_line)
    quantity = first.money("수량")
    assert expected[0][1] == (int(first.money("합계금액")) + export.seeds[0].delta
                              - sum(trunc_won(quantity * first.money(k + "단가")) for k in ("재료비", "노무비", "경비")))
    amount_only_rows = {export.excel_row[g.csv_line] for g in bill.stated_groups()}
    assert not [f for f in report.findings if f.location.row in amount_only_rows]
    assert report.direct_over_won == sum(max(0, over) for _, over in expected) + sum(f.over_won for f in others)
    assert sum(f.over_won for f in others) == csv_report.direct_over_won
    # Correcting the seeds (and the bill's own double count) gives the CSV's corrected contract amount.
    assert report.outcome.corrected_total_won == csv_report.outcome.corrected_total_won


def test_numbering_prefixes_are_not_group_markers(exports, bill):
    export, _ = exports["flat"]
    estimate = read(export.path)
    prefix = re.compile(r"^(\.+\d*\)?\.?|\d+\)|[가-하]\.)")
    prefixed = [r for r in bill.lines() if prefix.match(r.fields["품명"])]
    assert len(prefixed) > 200
    line_rows = {line.location.row for line in estimate.lines}
    assert all(export.excel_row[r.csv_line] in line_rows for r in prefixed)
