"""Column roles by evidence: the header's words propose, quantity × unit price decides.

Generated bills with random content: a kind whose columns the words name in the wrong order is
read by the numbers (and the JSON says how many rows each column explains); a kind whose words
leave a role open and whose rows no reading explains is not read on with a guess — a warning
names the sheet and the columns, and the sheet's lines are out of ``arithmetic`` with their
coverage reason.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_DOWN, Decimal

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from estimator import verify

AS_OF = date(2026, 4, 1)


def _trunc(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_DOWN))


def _bill(path, rng: random.Random, header: list[str], row_of) -> list[dict]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "내역서"
    ws.append(header)
    rows = []
    for n in range(rng.randint(6, 14)):
        quantity = Decimal(rng.randint(2, 900)) / rng.choice([1, 10, 100])
        price = rng.randint(100, 90_000)
        amount = _trunc(quantity * price)
        rows.append({"row": n + 2, "quantity": quantity, "price": price, "amount": amount})
        ws.append(row_of(f"자재{n}", quantity, price, amount))
    wb.save(path)
    return rows


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_columns_the_words_name_in_the_wrong_order_are_read_by_the_numbers(tmp_path_factory, seed):
    rng = random.Random(seed)
    path = tmp_path_factory.mktemp("swapped") / "bill.xlsx"
    # The words say 단가 then 금액; the program wrote the amount first.
    rows = _bill(path, rng, ["품명", "규격", "단위", "수량", "재료비단가", "재료비금액", "비고"],
                 lambda item, q, p, a: [item, "", "m", float(q), a, p, ""])
    report = verify(path, as_of=AS_OF)
    lines = report.estimate.lines
    assert [(line.money.material_price, line.money.material_amount) for line in lines] == [
        (r["price"], r["amount"]) for r in rows]
    (sheet,) = [s for s in report.to_dict()["sheets"] if s["role"] == "bill"]
    chosen = {(c["kind"], c["role"]): (c["column"], c["explains"], c["rows_tested"]) for c in sheet["columns"]}
    assert chosen[("material", "price")] == ("F", len(rows), len(rows))
    assert chosen[("material", "amount")] == ("E", len(rows), len(rows))
    assert not [f for f in report.findings if f.rule == "arithmetic"]


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_a_kind_no_reading_explains_is_said_and_not_judged(tmp_path_factory, seed):
    rng = random.Random(seed)
    path = tmp_path_factory.mktemp("unexplained") / "bill.xlsx"
    # '재료비' names no role (read as its amount by default); its figures are no product of the
    # quantity and the unit price beside it, in either order.
    rows = _bill(path, rng, ["품명", "규격", "단위", "수량", "재료비단가", "재료비", "비고"],
                 lambda item, q, p, a: [item, "", "m", float(q), p, a + rng.randint(7, 999), ""])
    report = verify(path, as_of=AS_OF)
    data = report.to_dict()
    assert any("내역서" in w and "E(재료비 단가)" in w and "F(재료비 금액)" in w for w in data["warnings"])
    assert not [f for f in report.findings if f.rule == "arithmetic"]
    arithmetic = next(c for c in data["coverage"] if c["rule"] == "arithmetic")
    assert arithmetic["reasons"].get("columns_unexplained") == len(rows)
    assert arithmetic["checked"] == 0
