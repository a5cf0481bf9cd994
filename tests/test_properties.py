"""Properties over generated estimates (hypothesis): whatever the bill, nothing is lost, totals
reconcile, slips are found to the won, corrections remove them, and runs repeat exactly.

Each example is a bill of quantities written as a CSV (the same grid readers as a workbook):
sections with lines, optional notes, a subtotal per section and a grand total. Some line amounts
and subtotals carry a deliberate slip; the expected findings are derived from the generated values.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from estimator import read, verify
from estimator.checks import arithmetic, run_checks
from estimator.findings import CERTAIN, COUNTED, POSSIBLE
from estimator.model import Money
from estimator.money import round_half_up_won

ITEMS = ["전선관", "접지봉", "케이블 포설", "레미콘", "거푸집", "아스팔트포장", "보도블록", "강관주 설치"]
UNITS = ["m", "㎥", "개", "㎡", "본", "kg", "ton"]


@dataclass(frozen=True)
class GenLine:
    item: str
    spec: str
    unit: str
    quantity: Decimal
    price: int
    slip: int  # won added to the amount (0: none)

    @property
    def correct(self) -> int:
        return int(self.quantity * self.price)  # int() truncates toward zero, as 1-2-1 does

    @property
    def stated(self) -> int:
        return self.correct + self.slip


quantities = st.builds(lambda units, places, sign: Decimal(units).scaleb(-places) * sign,
                       st.integers(1, 99_999), st.integers(0, 3), st.sampled_from([1, 1, 1, 1, -1]))
lines = st.builds(GenLine, st.sampled_from(ITEMS), st.text("ABCDEFΦx0123456789 ", min_size=1, max_size=12).map(str.strip)
                  .filter(bool), st.sampled_from(UNITS), quantities, st.integers(1, 2_000_000),
                  st.sampled_from([0, 0, 0, 0, 1, 1_000, -500]))
sections = st.lists(st.lists(lines, min_size=1, max_size=6), min_size=1, max_size=3)


def _csv(bill: list[list[GenLine]], notes: bool) -> tuple[str, dict[int, GenLine]]:
    rows = ["품명,규격,단위,수량,단가,금액,비고"]
    where: dict[int, GenLine] = {}
    grand = 0
    for number, section in enumerate(bill, start=1):
        rows.append(f"{number}. 공종{number},,,,,,")
        subtotal = 0
        for line in section:
            rows.append(f"{line.item},\"{line.spec}\",{line.unit},{line.quantity},{line.price},{line.stated},")
            where[len(rows)] = line
            subtotal += line.stated
        if notes:
            rows.append("※ 관급자재 별도,,,,,,")
        rows.append(f"소계,,,,,{subtotal},")
        grand += subtotal
    rows.append(f"합계,,,,,{grand},")
    return "\n".join(rows) + "\n", where


def _write(text: str) -> Path:
    folder = Path(tempfile.mkdtemp())
    path = folder / "bill.csv"
    path.write_text(text, encoding="utf-8")
    return path


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(sections, st.booleans())
def test_nothing_is_lost_and_money_stays_exact(bill, notes):
    text, where = _csv(bill, notes)
    estimate = read(_write(text))
    assert [(l.location.row, l.item, l.quantity, l.money.total_amount) for l in estimate.lines] == [
        (row, g.item, g.quantity, g.stated) for row, g in where.items()]
    assert not estimate.unparsed
    for account in estimate.sheets:
        assert account.balanced(), account
        assert account.nonempty_rows == len(text.strip().splitlines())
    for line in estimate.lines:
        assert isinstance(line.quantity, Decimal)
        assert all(isinstance(getattr(line.money, f), int) for f in ("total_price", "total_amount"))


def _half_up(line: GenLine) -> bool:
    """A slip that rounding half up explains: a convention some programs follow, named as
    ``possible`` and not counted."""
    return line.slip != 0 and line.stated == round_half_up_won(line.quantity * line.price)


@SETTINGS
@given(sections)
def test_slips_are_found_to_the_won_and_totals_reconcile(bill):
    text, where = _csv(bill, notes=False)
    findings = run_checks(read(_write(text)))
    arithmetic_findings = [f for f in findings if f.rule == "arithmetic"]
    line_slips = {(f.location.row, f.over_won, f.confidence) for f in arithmetic_findings
                  if f.evidence.get("check") == "line-amount"}
    assert line_slips == {(row, g.slip, POSSIBLE if _half_up(g) else CERTAIN) for row, g in where.items() if g.slip}
    # The stated subtotals add the stated amounts: no totals row is off.
    assert not [f for f in arithmetic_findings if f.evidence.get("check") != "line-amount"]
    counted = sum(f.over_won for f in arithmetic_findings if f.confidence in COUNTED and f.over_won > 0)
    assert counted == sum(g.slip for g in where.values() if g.slip > 0 and not _half_up(g))


@SETTINGS
@given(sections)
def test_applying_a_correction_leaves_no_such_finding(bill):
    text, _ = _csv(bill, notes=False)
    estimate = read(_write(text))
    lines = {line.location.row: line for line in estimate.lines}
    for finding in run_checks(estimate):
        if finding.rule != "arithmetic" or finding.location.row not in lines:
            continue
        line = lines[finding.location.row]
        corrected = finding.evidence["corrected"]
        money = replace(line.money, total_amount=corrected["total"]) if "total" in corrected else replace(
            line.money, **{f"{k}_amount": v for k, v in corrected.items()})
        assert arithmetic.check_line(replace(line, money=money)) is None


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sections, st.booleans())
def test_verify_is_deterministic(bill, notes):
    path = _write(_csv(bill, notes)[0])
    assert verify(path).to_json() == verify(path).to_json()


def test_money_is_exact_where_floats_would_slip():
    """0.175 × 1,330,000 is 232,750 exactly (a float product gives 232,749.99…)."""
    line = GenLine("이형철근", "SD400 D13", "ton", Decimal("0.175"), 1_330_000, 0)
    estimate = read(_write(_csv([[line]], notes=False)[0]))
    assert estimate.lines[0].money.total_amount == 232_750 == line.correct
    assert arithmetic.check_line(estimate.lines[0]) is None
    assert isinstance(Money().total_amount, type(None))
