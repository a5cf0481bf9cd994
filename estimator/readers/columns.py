"""Column roles by evidence: the header's words propose, the numbers decide.

Under a cost kind a program may write ``단가 | 금액``, ``수량 | 단가 | 금액`` or one figure. Taking
the first number under a kind as its amount turns unit prices into amounts and the labour
quantity into money. So every assignment of the kind's columns to quantity, unit price and amount
is tried against the rows: the amount column is the one that equals quantity × unit price cut to
the won (표준품셈 1-2-1) on the rows that state both. The assignment that explains the most rows
wins; the header's own reading wins a tie. When no assignment explains most of the rows that
could test it, the sheet's amounts are not trusted for arithmetic and a warning names the sheet
and the columns.

A kind column with no 단가/금액 split holds either amounts or unit prices. Amounts are products of
a quantity and a whole-won price, which figures that are prices almost never are (563 won per m
over 4,049.96 m); a sheet whose figures are not such products is a price or resource list
(합산자재), never a bill.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import permutations

from ..money import truncate_won
from .grid import Grid
from .header import Header

SAMPLE_ROWS = 400
# Fewer rows than this cannot outweigh the header's words: with one or two priced rows a slip
# would read as a layout.
MIN_EVIDENCE = 5
_KINDS = ("material", "labour", "expense", "total")
_KIND_KO = {"material": "재료비", "labour": "노무비", "expense": "경비", "total": "합계"}
_ROLE_KO = {"price": "단가", "amount": "금액", "quantity": "수량"}


def _number(value: object) -> Decimal | None:
    if type(value) is bool or value is None:
        return None
    if type(value) is int:
        return Decimal(value)
    if type(value) is float:
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    return None


def column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class ColumnChoice:
    """What the numbers said about a sheet's money columns."""

    roles: list[dict] = field(default_factory=list)  # one per chosen money column, for the JSON
    unexplained: list[str] = field(default_factory=list)  # kinds no assignment explains
    # One figure per kind: "prices" (unit prices, a resource list), "amounts", or "unknown" when
    # too few rows tell; "" when the header names unit prices itself.
    single_figures: str = ""


def _rows(grid: Grid, header: Header) -> list[int]:
    quantity = header.fields.get("quantity")
    rows = []
    for index in range(header.end, len(grid.rows)):
        if quantity is not None and _number(grid.cell(index, quantity)) is not None:
            rows.append(index)
            if len(rows) >= SAMPLE_ROWS:
                break
    return rows


class _Figures:
    """The sampled rows' figures, each column read once."""

    def __init__(self, grid: Grid, rows: list[int]):
        self.grid, self.rows, self.columns = grid, rows, {}

    def __call__(self, col: int) -> list[Decimal | None]:
        if col not in self.columns:
            self.columns[col] = [_number(self.grid.cell(index, col)) for index in self.rows]
        return self.columns[col]


def _explains(figures: _Figures, quantity_col: int, price: int, amount: int,
              parts: list[int] = ()) -> tuple[int, int]:
    """(rows where amount = quantity × price cut to the won, rows that state a price and an amount).

    ``parts``: for the total, the kinds' amount columns — a total amount is also explained by being
    their sum (each kind cut on its own leaves it a won or two below quantity × total price)."""
    explained = tested = 0
    sums = [sum(v for v in values if v is not None) for values in zip(*(figures(c) for c in parts))] if parts else None
    for row, (q, p, a) in enumerate(zip(figures(quantity_col), figures(price), figures(amount))):
        if q is None or not p or a is None or not a:
            continue
        tested += 1
        if truncate_won(q * p) == a or (sums is not None and sums[row] == a):
            explained += 1
    return explained, tested


def _is_product(quantity: Decimal, figure: Decimal) -> bool:
    """Whether ``figure`` can be ``quantity`` × some whole-won unit price, cut to the won."""
    if quantity <= 0 or figure <= 0 or figure != figure.to_integral_value():
        return False
    base = int(figure / quantity)
    return any(truncate_won(quantity * p) == figure for p in (base - 1, base, base + 1, base + 2) if p > 0)


def choose(grid: Grid, header: Header) -> ColumnChoice:
    """Settle ``header.money`` by the rows; return what was chosen and how many rows each explains."""
    choice = ColumnChoice()
    line_quantity = header.fields.get("quantity")
    if line_quantity is None:
        return choice
    rows = _rows(grid, header)
    figures = _Figures(grid, rows)
    for kind in _KINDS:
        cols = header.kind_columns.get(kind, [])
        proposed = {role: header.money.get((kind, role)) for role in ("quantity", "price", "amount")}
        if proposed["price"] is None or proposed["amount"] is None or len(cols) < 2:
            for role, col in proposed.items():
                if col is not None:
                    choice.roles.append(_role(kind, role, col, header, None, None))
            continue
        best = None
        parts = [header.money[(k, "amount")] for k in _KINDS[:3] if (k, "amount") in header.money] if (
            kind == "total") else []
        # (explained, header's reading, -columns used): the header's own reading wins a tie.
        for price, amount in permutations(cols, 2):
            for quantity in (None, *[c for c in cols if c not in (price, amount)]):
                explained, tested = _explains(figures, quantity if quantity is not None else line_quantity,
                                              price, amount, parts)
                own = (price, amount, quantity) == (proposed["price"], proposed["amount"], proposed["quantity"])
                key = (explained, own, quantity is None)
                if explained and tested < MIN_EVIDENCE and not own:
                    key = (0, own, quantity is None)  # too few rows to overrule the words
                if best is None or key > best[0]:
                    best = (key, price, amount, quantity, tested)
        (explained, own, _), price, amount, quantity, tested = best
        # Words that name each role (단가, 금액, 수량) and no reading that does better: the rows that
        # disagree are the document's slips. Only a guess — a role the words leave open — that
        # explains too few rows is not read on with.
        if tested >= MIN_EVIDENCE and explained * 2 <= tested and not (own and _named(header, proposed)):
            choice.unexplained.append(kind)
            price, amount, quantity = proposed["price"], proposed["amount"], proposed["quantity"]
            explained, tested = _explains(figures, quantity if quantity is not None else line_quantity,
                                          price, amount, parts)
        for role in ("quantity", "price", "amount"):
            header.money.pop((kind, role), None)
        header.money[(kind, "price")] = price
        header.money[(kind, "amount")] = amount
        if quantity is not None:
            header.money[(kind, "quantity")] = quantity
        choice.roles.append(_role(kind, "price", price, header, explained, tested))
        choice.roles.append(_role(kind, "amount", amount, header, explained, tested))
        if quantity is not None:
            choice.roles.append(_role(kind, "quantity", quantity, header, explained, tested))
    choice.single_figures = _single_figures(figures, header)
    choice.roles.sort(key=lambda r: r["col"])
    return choice


def _named(header: Header, roles: dict[str, int | None]) -> bool:
    """Whether the header's words themselves name every role of the reading (a 단가, a 금액 …)."""
    words = {"price": ("단가", "price"), "amount": ("금액", "amount"), "quantity": ("수량",)}
    return all(col is None or any(w in header.labels.get(col, "") for w in words[role]) for role, col in roles.items())


def _role(kind: str, role: str, col: int, header: Header, explained: int | None, tested: int | None) -> dict:
    entry = {"column": column_letter(col), "col": col, "label": header.labels.get(col, ""), "kind": kind,
             "role": role}
    if tested is not None:
        entry["explains"] = explained
        entry["rows_tested"] = tested
    return entry


def _single_figures(figures: _Figures, header: Header) -> str:
    """One figure per kind and no unit price anywhere: are the figures amounts or unit prices?"""
    if any(role != "amount" for _, role in header.money):
        return ""
    amount_cols = [col for (kind, _), col in header.money.items() if kind != "total"]
    if not amount_cols:
        return ""
    quantities = figures(header.fields["quantity"])
    products = tested = 0
    for row, q in enumerate(quantities):
        if q is None or q < 2:  # below 2 every figure is some quantity × price: no evidence
            continue
        for col in amount_cols:
            figure = figures(col)[row]
            if figure is None or figure <= 0:
                continue
            tested += 1
            products += _is_product(q, figure)
    # Amounts are products on (nearly) every row; prices only by chance (about 1 in the quantity).
    if tested < MIN_EVIDENCE:
        return "unknown"
    return "prices" if products * 2 < tested else "amounts" if products * 10 >= tested * 9 else "unknown"


def describe(kind: str, role: str) -> str:
    return f"{_KIND_KO[kind]} {_ROLE_KO[role]}"
