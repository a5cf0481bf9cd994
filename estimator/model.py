"""Typed entries that readers produce and checks consume.

The flow is one-way: readers build an ``Estimate``; checks read it and return findings; the
report renders both. Nothing downstream mutates what a reader produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

COST_KINDS = ("material", "labour", "expense")
KIND_LABELS_KO = {"material": "재료비", "labour": "노무비", "expense": "경비", "total": "합계"}


@dataclass(frozen=True)
class Location:
    """Where a row sits: file, sheet (or table) and the row number a person would look for."""

    file: str
    sheet: str
    row: int | None


@dataclass
class Money:
    """Unit prices and amounts per cost kind, in integer won; None where the document is blank."""

    material_price: int | None = None
    labour_price: int | None = None
    expense_price: int | None = None
    total_price: int | None = None
    material_amount: int | None = None
    labour_amount: int | None = None
    expense_amount: int | None = None
    total_amount: int | None = None

    def price(self, kind: str) -> int | None:
        return getattr(self, f"{kind}_price")

    def amount(self, kind: str) -> int | None:
        return getattr(self, f"{kind}_amount")

    @property
    def has_kinds(self) -> bool:
        return any(self.amount(k) is not None or self.price(k) is not None for k in COST_KINDS)

    def stated_total(self) -> int | None:
        """The row's total amount: its 합계 금액, else the sum of its kind amounts."""
        if self.total_amount is not None:
            return self.total_amount
        kinds = [self.amount(k) for k in COST_KINDS if self.amount(k) is not None]
        return sum(kinds) if kinds else None


@dataclass
class Line:
    """One priced (or priceable) item of a bill of quantities."""

    location: Location
    section: tuple[str, ...]
    item: str
    spec: str
    unit: str
    unit_normalised: str | None
    quantity: Decimal | None
    money: Money
    remarks: str = ""
    code: str = ""
    provisional: bool = False  # PS / 안전관리비 / 품질관리비: an amount without a unit price by design
    attributes: dict = field(default_factory=dict)


@dataclass
class StatedTotal:
    """A 소계/합계/총계 row (or a PPS group row) and the rows it sums."""

    location: Location
    label: str
    level: str  # "subtotal" | "grand" | "group"
    money: Money
    children: list[Line | StatedTotal] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)

    @property
    def item(self) -> str:
        return self.label


@dataclass(frozen=True)
class Unparsed:
    sheet: str
    row: int
    reason: str


@dataclass
class SheetAccount:
    """How every non-empty row of one sheet was accounted for."""

    name: str
    role: str  # bill | breakdown | cost_summary | summary | price_comparison | takeoff | empty | other
    nonempty_rows: int = 0
    lines: int = 0
    headings: int = 0
    totals: int = 0
    notes: int = 0
    headers: int = 0
    titles: int = 0
    unparsed: int = 0

    def balanced(self) -> bool:
        parts = self.lines + self.headings + self.totals + self.notes + self.headers + self.titles + self.unparsed
        return self.role != "bill" or parts == self.nonempty_rows

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("name", "role", "nonempty_rows", "lines", "headings", "totals",
                                              "notes", "headers", "titles", "unparsed")}


@dataclass
class Estimate:
    """Everything read from one input document."""

    source: str
    kind: str
    lines: list[Line] = field(default_factory=list)
    totals: list[StatedTotal] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    sheets: list[SheetAccount] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    title: str | None = None
    contract_total_won: int | None = None
    attributes: dict = field(default_factory=dict)

    def lines_frame(self) -> pd.DataFrame:
        return lines_frame(self.lines)


LINE_COLUMNS: dict[str, str] = {
    "file": "string",
    "sheet": "string",
    "row": "Int64",
    "section": "string",
    "item": "string",
    "spec": "string",
    "unit": "string",
    "unit_normalised": "string",
    "quantity": "object",  # Decimal: exact, never a float
    **{f"{k}_{r}": "Int64" for k in (*COST_KINDS, "total") for r in ("price", "amount")},
    "remarks": "string",
    "code": "string",
    "provisional": "boolean",
}


def lines_frame(lines: list[Line]) -> pd.DataFrame:
    """The lines as one typed table: integer won in nullable Int64, quantities as Decimal."""
    records = []
    for line in lines:
        record = {
            "file": line.location.file,
            "sheet": line.location.sheet,
            "row": line.location.row,
            "section": " > ".join(line.section),
            "item": line.item,
            "spec": line.spec,
            "unit": line.unit,
            "unit_normalised": line.unit_normalised,
            "quantity": line.quantity,
            "remarks": line.remarks,
            "code": line.code,
            "provisional": line.provisional,
        }
        for kind in (*COST_KINDS, "total"):
            record[f"{kind}_price"] = line.money.price(kind)
            record[f"{kind}_amount"] = line.money.amount(kind)
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=list(LINE_COLUMNS))
    return frame.astype(LINE_COLUMNS)
