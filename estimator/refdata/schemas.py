"""The columns of each kind of reference table, as data.

Both the loader (to tell a table's kind) and the validator (to build its checks) read these; the
validator is the only place that gives them meaning beyond column names, so a rule written here
is a rule checked.

A table's kind is the first kind, in ``SCHEMAS`` order, whose required columns are all present;
extra columns are allowed (the bundled tables carry a few the verifier does not read).
A blank value in an optional column means "not stated" and is only checked where a rule says so.

Two severities. A problem that makes the table unusable as a whole (a missing required column, a
malformed value, overlapping periods) refuses the table. A row that is well formed but cannot
serve as a reference (a unit the registry does not know, a zero price) is only *set aside*: it is
not used, and ``estimator refdata check`` lists it with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Column types; ``Column.type`` takes one of these.
TEXT = "text"  # any string
DECIMAL = "decimal"  # plain decimal: optional sign, digits, optional fraction; no exponent, no commas
WON = "won"  # whole won: digits, optionally grouped by thousands commas ("1,234")
# Non-negative won, exact: WON with an optional fraction ("2.5" won per litre of oxygen).
MONEY = "money"
INTEGER = "integer"  # digits only
DATE = "date"  # ISO YYYY-MM-DD and a real calendar date
DATETIME = "datetime"  # DATE, optionally followed by a time of day ("2024-10-30 16:58:14")
UNIT = "unit"  # a unit the unit registry knows (estimator.units.parse_unit); else the row is set aside


@dataclass(frozen=True)
class Column:
    name: str
    type: str = TEXT
    required: bool = False  # the column must exist for the table to be of this kind
    blank: bool = True  # whether a value may be blank
    min: Decimal | None = None
    max: Decimal | None = None
    min_exclusive: bool = False
    values: tuple[str, ...] | None = None  # allowed values, when the column is an enumeration
    # A zero or a blank sets the row aside instead of refusing the table: a price of 0, or none,
    # is no reference.
    zero_aside: bool = False
    blank_aside: bool = False


@dataclass(frozen=True)
class Schema:
    kind: str
    description: str
    columns: tuple[Column, ...]
    # Unique keys, tried in order: the first whose columns are all present is the key. In the last
    # one, absent optional columns are left out (they would be blank on every row anyway).
    keys: tuple[tuple[str, ...], ...] = ()
    # Rows that agree on these columns are versions of one thing over time: their
    # [effective_from, effective_to] periods (to inclusive, blank = open-ended) must not overlap.
    # Absent optional columns are left out, as for the last key. Two rows with the same start
    # overlap, so a kind with a period key needs no separate key to catch repeated rows.
    period_key: tuple[str, ...] | None = None
    # Groups of columns of which each row must fill at least one (a rate row with only a cap).
    one_of: tuple[tuple[str, ...], ...] = ()
    # The same, but a row that fills none is set aside rather than the table refused.
    one_of_aside: tuple[tuple[str, ...], ...] = ()
    # False for a source's own export: it is converted into another kind on load, not used as is.
    reference: bool = True

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _req(name: str, type: str = TEXT, blank: bool = False, **kw) -> Column:
    return Column(name, type, required=True, blank=blank, **kw)


def _opt(name: str, type: str = TEXT, **kw) -> Column:
    return Column(name, type, required=False, **kw)


# Every table: a provenance column, when there is one, says where each row came from, so a blank
# one is a row nobody can trace.
_PROVENANCE = Column("provenance", TEXT, required=False, blank=False)

_PERIOD = (_req("effective_from", DATE), _opt("effective_to", DATE))

RESOURCE_KINDS = ("labour", "material", "equipment", "expense")
BASES = ("per-unit", "daily-output")

QUANTITIES = Schema(
    kind="quantities",
    description="standard quantities (표준품셈)",
    columns=(
        _req("work"),
        # Many items have a single condition and leave spec blank.
        _req("spec", blank=True),
        _req("unit", UNIT),
        _req("resource"),
        _req("resource_unit", UNIT),
        _req("quantity", DECIMAL, min=Decimal(0), min_exclusive=True),
        _req("includes", blank=True),
        _req("edition"),
        _opt("sector"),
        _opt("item_code"),
        _opt("title"),
        _opt("table"),
        _opt("row"),
        _opt("column"),
        _opt("output_row"),
        _opt("condition"),
        _opt("resource_kind", values=RESOURCE_KINDS),
        _opt("figure"),
        _opt("basis", values=BASES),
        _opt("page", INTEGER, min=Decimal(1)),
        _opt("excludes"),
        _PROVENANCE,
    ),
    # A cell of a book table is its place in the source; a daily-output table puts several
    # outputs in one cell's column, told apart by output_row (see standard_quantities/README.md).
    keys=(
        ("sector", "item_code", "table", "row", "column", "output_row"),
        ("sector", "item_code", "table", "row", "column"),
        ("work", "spec", "unit", "resource", "edition"),
    ),
)

ADJUSTMENTS = Schema(
    kind="adjustments",
    description="adjustments to standard quantities (할증·공구손료)",
    columns=(
        _req("sector"),
        _req("item_code"),
        _req("kind"),
        _req("percent", DECIMAL, min=Decimal(-100), max=Decimal(1000)),
        _req("applies_to"),
        _req("text"),
        _req("edition"),
        _opt("condition"),
        _opt("page", INTEGER, min=Decimal(1)),
        _PROVENANCE,
    ),
)

WAGES = Schema(
    kind="wages",
    description="market wages per 인 (8-hour day) (시중노임단가)",
    columns=(
        _req("job"),
        _req("wage_won", WON, min=Decimal(1), max=Decimal(10_000_000)),
        *_PERIOD,
        _opt("sector"),
        _opt("unit", UNIT),
        _opt("source"),
        _opt("source_ref"),
        _PROVENANCE,
    ),
    keys=(("job", "sector", "effective_from"),),
    period_key=("job", "sector"),
)

PRICES = Schema(
    kind="prices",
    description="procurement prices (조달가격)",
    columns=(
        _req("item"),
        _req("spec", blank=True),
        _req("unit", UNIT),
        _req("price_won", MONEY, min=Decimal(0), zero_aside=True, blank_aside=True),
        _req("source"),
        *_PERIOD,
        _opt("source_ref"),
        # What a PPS price notice adds (see estimator/refdata/sources.py): its class, the item's
        # identifier, the notice's number, the surveying department and the delivery condition.
        _opt("class_name"),
        _opt("item_id"),
        _opt("notice_no"),
        _opt("department"),
        _opt("delivery"),
        _PROVENANCE,
    ),
    # With notice_no every row is its own notice: one item's notices follow each other (each in
    # force until the item's next one, which the loader works out) and two departments may
    # publish the same item on the same day, so only a notice repeated with the same start is an
    # error. Without those columns the rule is the old one: one item's periods must not overlap.
    period_key=("item", "spec", "unit", "source", "item_id", "notice_no"),
)

RATES = Schema(
    kind="rates",
    description="cost-summary rates (원가계산 요율), percent",
    columns=(
        _req("head"),
        # Blank only on a cap-only row (일반관리비 ≤ 6%): the cap is then the row's whole content.
        _req("rate", DECIMAL, blank=True, min=Decimal(0), max=Decimal(100)),
        _req("base"),
        *_PERIOD,
        _opt("cap", DECIMAL, min=Decimal(0), max=Decimal(100)),
        _opt("sector"),
        _opt("size"),
        _opt("duration"),
        _opt("base_amount_won", WON, min=Decimal(0)),
        _opt("source"),
        _opt("source_ref"),
        _PROVENANCE,
    ),
    period_key=("head", "sector", "size", "duration"),
    one_of=(("rate", "cap"),),
)

# The PPS price-information export (조달청 가격정보, the public-data service's field names), read
# as the user downloads it and converted into prices rows on load (estimator/refdata/sources.py).
PPS_EXPORT = Schema(
    kind="pps_export",
    description="PPS price-information export (조달청 가격정보), converted into prices",
    columns=(
        _req("prceNticeNo"),
        _req("nticeDt", DATETIME),
        _req("prdctIdntNo"),
        # A few notices leave the name blank and only the class names the item.
        _req("krnPrdctNm", blank=True),
        _req("unit", UNIT, blank_aside=True),
        _req("prce", MONEY, min=Decimal(0), zero_aside=True, blank_aside=True),
        _opt("prdctClsfcNoNm"),
        _opt("dlvryCndtnNm"),
        _opt("invstDeptNm"),
    ),
    one_of_aside=(("krnPrdctNm", "prdctClsfcNoNm"),),
    reference=False,
)

SCHEMAS: tuple[Schema, ...] = (QUANTITIES, ADJUSTMENTS, WAGES, PRICES, RATES, PPS_EXPORT)
BY_KIND: dict[str, Schema] = {s.kind: s for s in SCHEMAS}


def table_kind(columns: list[str]) -> str | None:
    """The first kind whose required columns are all among ``columns``, else None."""
    present = {c.strip() for c in columns}
    for schema in SCHEMAS:
        if set(schema.required) <= present:
            return schema.kind
    return None
