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
    # A kind's own quantity where the bill states one (노무비 › 수량: the labour quantity, which a
    # waste allowance on materials leaves below the line's; elsewhere man-days). Decimal.
    material_quantity: Decimal | None = None
    labour_quantity: Decimal | None = None
    expense_quantity: Decimal | None = None

    def price(self, kind: str) -> int | None:
        return getattr(self, f"{kind}_price")

    def amount(self, kind: str) -> int | None:
        return getattr(self, f"{kind}_amount")

    def quantity(self, kind: str) -> Decimal | None:
        return getattr(self, f"{kind}_quantity", None)

    @property
    def has_kinds(self) -> bool:
        return any(self.amount(k) is not None or self.price(k) is not None for k in COST_KINDS)

    def stated_total(self) -> int | None:
        """The row's total amount: its 합계 금액, else the sum of its kind amounts."""
        if self.total_amount is not None:
            return self.total_amount
        kinds = [self.amount(k) for k in COST_KINDS if self.amount(k) is not None]
        return sum(kinds) if kinds else None

    @property
    def unpriced(self) -> bool:
        """Neither a unit price nor an amount: a blank bill's line (공내역서)."""
        return not any(self.price(k) for k in (*COST_KINDS, "total")) and not self.stated_total()

    @property
    def amount_only(self) -> bool:
        """A stated amount and no unit price (blank or 0): nothing for quantity × price to check."""
        return bool(self.stated_total()) and not any(self.price(k) for k in (*COST_KINDS, "total"))


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
    lump_sum: bool = False  # an amount-only row that no rows below add up to: its amount counts as stated
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
    section: tuple[str, ...] = ()  # the bill section a group row sits in

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
    groups: int = 0  # rows that head the rows beneath them (1식 section rows, amount-only groups)
    cost_heads: int = 0  # cost-summary heads written in the bill (간접노무비 … 부가가치세, 절사)
    fillers: int = 0  # rows that hold nothing of their own: zeros only, or a repeated class label
    # Counts by the sheet (or page) of each row, for a grid printed over several pages.
    by_sheet: dict = field(default_factory=dict, repr=False, compare=False)
    # The role of every row accounted for, by (sheet or page, row number): see ``ROW_ROLES``.
    row_roles: dict = field(default_factory=dict, repr=False, compare=False)
    # The column roles chosen for a bill and how many rows each explains (JSON ``sheets[].columns``).
    columns: list = field(default_factory=list, repr=False, compare=False)

    def add(self, part: str, sheet: str, count: int = 1, row: int | None = None) -> None:
        setattr(self, part, getattr(self, part) + count)
        self.by_sheet[(sheet, part)] = self.by_sheet.get((sheet, part), 0) + count
        if row is not None:
            self.row_roles[(sheet, row)] = ROW_ROLES[part]

    def per_sheet(self, nonempty: dict[str, int]) -> list[SheetAccount]:
        """This account split by the sheet (page) of its rows; ``nonempty`` rows per page."""
        accounts = []
        for sheet, rows in nonempty.items():
            account = SheetAccount(name=sheet, role=self.role, nonempty_rows=rows)
            for (where, part), count in self.by_sheet.items():
                if where == sheet:
                    setattr(account, part, getattr(account, part) + count)
            accounts.append(account)
        return accounts

    def balanced(self) -> bool:
        parts = sum(getattr(self, part) for part in ROW_ROLES)
        return self.role != "bill" or parts == self.nonempty_rows

    def as_dict(self) -> dict:
        out = {k: getattr(self, k) for k in ("name", "role", "nonempty_rows", "lines", "headings", "totals",
                                             "notes", "headers", "titles", "unparsed", "groups", "cost_heads",
                                             "fillers")}
        if self.columns:
            out["columns"] = self.columns
        return out


# Each part of a sheet's accounting and the role its rows are given in ``SheetAccount.row_roles``.
ROW_ROLES = {"lines": "line", "headings": "heading", "totals": "total", "notes": "note", "headers": "header",
             "titles": "title", "unparsed": "unparsed", "groups": "group", "cost_heads": "cost_head",
             "fillers": "filler"}


@dataclass
class Resource:
    """One row of a unit-cost breakdown: what ONE unit of the block's item needs."""

    location: Location
    item: str
    spec: str
    unit: str
    quantity: Decimal | None
    prices: dict[str, Decimal | None]  # per cost kind; amounts inside breakdowns keep 0.1 won
    amounts: dict[str, Decimal | None]
    remarks: str = ""
    ref: tuple[str, int] | None = None  # (book, number) when the row is another block
    ref_method: str | None = None
    rounded: tuple[str, ...] = ()  # figures read from print in a rounding format: "quantity", kinds' prices

    @property
    def kind(self) -> str:
        """labour (인), equipment (hours under 경비), expense, or material."""
        from .units import parse_unit

        unit = parse_unit(self.unit)
        if unit.kind in ("labour", "labour_month"):
            return "labour"
        if (self.amounts.get("labour") or 0) and not (self.amounts.get("material") or 0):
            return "labour"
        if (self.amounts.get("expense") or 0) and not (self.amounts.get("material") or 0):
            return "equipment" if unit.kind == "time" else "expense"
        return "material"


@dataclass
class Block:
    """A unit-cost breakdown (일위대가 제N호표, or 단가산출 산근 N): the price of one unit of an item."""

    location: Location  # the title row
    book: str  # "일위대가" | "산근": numbers are unique within a book
    number: int
    title: str
    item: str
    spec: str
    unit: str
    resources: list[Resource] = field(default_factory=list)
    stated_totals: dict[str, Decimal | None] = field(default_factory=dict)
    total_location: Location | None = None
    indexed: bool = False  # an entry of a list sheet (일위대가목록): prices only, no rows

    @property
    def key(self) -> tuple[str, int]:
        return (self.book, self.number)

    def computed_totals(self) -> dict[str, Decimal]:
        return {k: sum((r.amounts.get(k) or Decimal(0) for r in self.resources), Decimal(0)) for k in COST_KINDS}

    def totals(self) -> dict[str, Decimal]:
        """The block's total per kind as the document states it, else as its rows add up."""
        computed = self.computed_totals()
        return {k: (self.stated_totals.get(k) if self.stated_totals.get(k) is not None else computed[k])
                for k in COST_KINDS}

    def unit_prices(self) -> dict[str, int]:
        """계금: the totals cut below one won, as a bill line quotes them (표준품셈 1-2-1)."""
        from .money import truncate_won

        return {k: truncate_won(v) for k, v in self.totals().items()}


@dataclass
class Link:
    """How a bill line was tied to its breakdown."""

    block: tuple[str, int]
    method: str  # "remarks" | "item-spec-unit"
    evidence: str = ""


@dataclass
class CostHead:
    """One row of the cost summary (원가계산서): a cost head with its amount and how it is derived."""

    location: Location
    label: str
    name: str  # canonical head name, e.g. 직접노무비; "" when unknown
    code: str = ""  # PPS derivation code of the row: 가, 가1, 나2, 1, 3.1 …
    stated: int | None = None
    rate: Decimal | None = None  # percent
    base: tuple[str, ...] = ()  # names of the heads the rate applies to
    components: tuple[str, ...] = ()  # names of the heads a sum adds up
    how: str = ""  # direct | rate | sum | fixed
    derivation: str = ""  # the text the document wrote (e.g. "직접노무비 x 9.1%", "[가+나1]의")


@dataclass
class CostSummary:
    sheet: str
    heads: list[CostHead] = field(default_factory=list)
    source: str = "document"  # document | bid-T5 | default

    def head(self, name: str) -> CostHead | None:
        return next((h for h in self.heads if h.name == name), None)

    @property
    def contract_head(self) -> CostHead | None:
        return self.head("도급액")


@dataclass
class SectionSummary:
    """A row that restates a section's amounts: a 공종별집계표 row, or a bill's own list of its
    sections (``1. 토 공 | 1 | 식`` at the top). ``section`` is the bill section it names, when
    exactly one bill section carries that name."""

    location: Location
    label: str
    money: Money
    section: tuple[str, ...] | None = None


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
    blocks: list[Block] = field(default_factory=list)
    links: dict[int, Link] = field(default_factory=dict)  # index into lines -> link
    cost_summary: CostSummary | None = None
    section_summaries: list[SectionSummary] = field(default_factory=list)
    date: object = None  # dating.EstimateDate: the date the estimate speaks for, and where it was read

    _block_index: tuple | None = field(default=None, repr=False, compare=False)

    def block(self, key: tuple[str, int]) -> Block | None:
        """The block with that number, read in full where the file has it (the first such), else its
        list entry."""
        return self._blocks()[1].get(key)

    def blocks_by_number(self) -> dict[tuple[str, int], Block]:
        """Blocks by (book, number) for expanding nested blocks: the last block read in full with
        that number, else the last list entry."""
        return self._blocks()[2]

    def _blocks(self) -> tuple:
        # Built once and again only when the list of blocks changes: look-ups come once per line.
        stamp = (id(self.blocks), len(self.blocks))
        if self._block_index is None or self._block_index[0] != stamp:
            first: dict[tuple[str, int], Block] = {}
            for block in self.blocks:
                if block.key not in first or (first[block.key].indexed and not block.indexed):
                    first[block.key] = block
            last = {b.key: b for b in self.blocks if b.indexed}
            last.update({b.key: b for b in self.blocks if not b.indexed})
            self._block_index = (stamp, first, last)
        return self._block_index

    def lines_frame(self) -> pd.DataFrame:
        return lines_frame(self.lines)


def document_kind(lines: list[Line]) -> dict:
    """What kind of bill the document is: a ``blank_bill`` (공내역서) when more than half of the lines
    with a quantity carry no price or amount, else an ``estimate``."""
    measured = [line for line in lines if line.quantity is not None]
    unpriced = sum(1 for line in measured if line.money.unpriced)
    priced = len(measured) - unpriced
    kind = "blank_bill" if measured and unpriced * 2 > len(measured) else "estimate"
    return {"kind": kind, "priced_lines": priced, "unpriced_lines": unpriced}


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
