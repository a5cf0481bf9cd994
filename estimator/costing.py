"""Recompute the cost summary from bill lines, with the document's own heads, bases and rates.

Every head is cut below one won toward zero (표준품셈 1-2-1); the contract amount (도급액) is cut
below 1,000 won when the document does so (its stated amount is a multiple of 1,000) or when
the default rates are used. The same engine, given corrected lines, gives the corrected
contract amount: an over-estimate in a direct line ripples through every rate above it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources

from .costheads import DEFAULT_BASES, DIRECT, SCRAP_WORDS, SUMS, THOUSANDS
from .model import COST_KINDS, CostHead, CostSummary, Line, Location
from .money import truncate_won
from .messages import Message, msg


def is_scrap(line: Line) -> bool:
    """A scrap credit (작업설): a negative amount for material recovered from the works."""
    return (line.money.stated_total() or 0) < 0 and any(w in line.item for w in SCRAP_WORDS)


def direct_sums(lines: list[Line]) -> dict[str, int]:
    """Σ line amounts per cost kind; a single-price line counts as material."""
    sums = dict.fromkeys(COST_KINDS, 0)
    for line in lines:
        if line.money.has_kinds:
            for kind in COST_KINDS:
                sums[kind] += line.money.amount(kind) or 0
        else:
            sums["material"] += line.money.total_amount or 0
    return sums


def summary_direct_sums(summary: CostSummary | None, lines: list[Line],
                        by_kind: dict[str, int] | None = None) -> dict[str, int]:
    """The direct costs a cost summary is built on, from ``by_kind`` (default: Σ of the lines).

    When the summary lists 작업설 on its own row, the bill's scrap credits move from material
    to ``scrap``. A single-price bill has no cost-kind columns, so its split into 재료비/노무비/
    경비 can only come from the summary: labour, expense and scrap are taken as stated and
    material is the rest of the bill's total, so that a change in a line still reaches the
    contract amount.
    """
    sums = {**dict.fromkeys(COST_KINDS, 0), **(by_kind if by_kind is not None else direct_sums(lines))}
    sums["scrap"] = 0
    if summary is not None and summary.head("작업설") is not None:
        scrap = sum(line.money.stated_total() or 0 for line in lines if is_scrap(line))
        sums["scrap"], sums["material"] = scrap, sums["material"] - scrap
    if summary is None or any(line.money.has_kinds for line in lines):
        return sums
    total = sum(sums.values())
    for name, kind in (("직접노무비", "labour"), ("산출경비", "expense"), ("작업설", "scrap")):
        head = summary.head(name)
        sums[kind] = head.stated if head is not None and head.stated is not None else 0
    sums["material"] = total - sums["labour"] - sums["expense"] - sums["scrap"]
    return sums


@dataclass
class Recomputation:
    values: dict[str, int]
    cut_thousands: bool
    notes: list[str] = field(default_factory=list)

    @property
    def contract(self) -> int | None:
        return self.values.get("도급액")


class _Evaluator:
    def __init__(self, summary: CostSummary, direct: dict[str, int], cut_thousands: bool,
                 stated_inputs: bool = False):
        self.heads = {h.name: h for h in summary.heads}
        self.direct = direct
        self.cut_thousands = cut_thousands
        self.stated_inputs = stated_inputs
        self.values: dict[str, int] = {}
        self.notes: list[str] = []
        self._active: set[str] = set()

    def input(self, name: str) -> int:
        """A value used by another head: the stated one when checking a head on its own."""
        head = self.heads.get(name)
        if self.stated_inputs and head is not None and head.stated is not None:
            return head.stated
        return self.value(name)

    def value(self, name: str) -> int:
        if name in self.values:
            return self.values[name]
        if name in self._active:
            self.notes.append(msg("cost_heads_cycle", name=name))
            return 0
        self._active.add(name)
        result = self._compute(name)
        self._active.discard(name)
        self.values[name] = result
        return result

    def _compute(self, name: str) -> int:
        head = self.heads.get(name)
        if head is None:
            return self._virtual(name)
        if head.how == "direct":
            kind = DIRECT.get(name) or {"재료비": "material", "노무비": "labour", "경비": "expense"}[name]
            return self.direct[kind]
        if head.how == "rate":
            base = sum(self.input(b) for b in head.base)
            return self._cut(name, truncate_won(Decimal(base) * head.rate / 100))
        if head.how == "sum":
            return self._cut(name, sum(self.input(c) for c in head.components))
        return head.stated or 0

    def _virtual(self, name: str) -> int:
        """A head the document does not list but a base names (e.g. 재료비 when only 직접재료비 is listed)."""
        if name in DIRECT:
            return self.direct[DIRECT[name]]
        if name in SUMS:
            parts = [c for c in SUMS[name] if c in self.heads or c in DIRECT]
            if name == "재료비" and not parts:
                return self.direct["material"]
            if name == "노무비" and not parts:
                return self.direct["labour"]
            return sum(self.input(c) for c in parts)
        return 0

    def _cut(self, name: str, value: int) -> int:
        if name in THOUSANDS and self.cut_thousands:
            return value - value % 1000 if value >= 0 else -((-value) - (-value) % 1000)
        return value


def _cut_thousands(summary: CostSummary) -> bool:
    contract = summary.contract_head
    if summary.source == "default":
        return True
    return contract is not None and contract.stated is not None and contract.stated % 1000 == 0


def recompute(summary: CostSummary, direct: dict[str, int]) -> Recomputation:
    """Every head recomputed from the direct costs alone, through the document's structure."""
    evaluator = _Evaluator(summary, direct, _cut_thousands(summary))
    for head in summary.heads:
        evaluator.value(head.name)
    return Recomputation(values=evaluator.values, cut_thousands=evaluator.cut_thousands, notes=evaluator.notes)


def expected_from_stated(summary: CostSummary, direct: dict[str, int], head: CostHead) -> int:
    """What one head should be given the *stated* amounts of the heads it is built from.

    Checking each head against its stated inputs places a slip on the one row where it is,
    instead of on every head above it.
    """
    evaluator = _Evaluator(summary, direct, _cut_thousands(summary), stated_inputs=True)
    return evaluator.value(head.name)


def base_from_stated(summary: CostSummary, direct: dict[str, int], head: CostHead) -> int:
    """The base a rate head applies to, from the stated amounts of the heads it names."""
    evaluator = _Evaluator(summary, direct, _cut_thousands(summary), stated_inputs=True)
    return sum(evaluator.input(b) for b in head.base)


@cache
def _default_rows() -> tuple[dict[str, str], ...]:
    text = resources.files("estimator").joinpath("data/default_cost_rates.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def default_summary(year: int | None = None) -> tuple[CostSummary, Message]:
    """A cost-summary structure from the bundled default rates; the note says which year and source."""
    rows = _default_rows()
    years = sorted({int(r["year"]) for r in rows})
    chosen = year if year in years else years[-1]
    summary = CostSummary(sheet="", source="default")
    for row in (r for r in rows if int(r["year"]) == chosen):
        name = row["head"]
        base = tuple(b for b in row["base"].split("+") if b) or DEFAULT_BASES.get(name, ())
        summary.heads.append(CostHead(location=Location("", "", None), label=name, name=name,
                                      rate=Decimal(row["rate"]), base=base, how="rate",
                                      derivation=f"{row['source']}"))
    complete_structure(summary)
    missing = "" if year in (None, chosen) else msg("default_rates_missing_year", year=year)
    return summary, msg("default_rates", year=chosen, missing=missing)


def complete_structure(summary: CostSummary) -> CostSummary:
    """Add the direct and summing heads a rate table leaves implicit (재료비 … 도급액)."""
    present = {h.name for h in summary.heads}
    for name in ("산출경비", "직접노무비", "직접재료비"):
        if name not in present:
            summary.heads.insert(0, CostHead(location=Location("", summary.sheet, None), label=name, name=name,
                                             how="direct"))
            present.add(name)
    for name in ("재료비", "노무비", "경비", "순공사원가", "총원가", "도급액"):
        if name in present:
            continue
        parts = tuple(c for c in SUMS[name] if c in present and c != name and c != "소계")
        summary.heads.append(CostHead(location=Location("", summary.sheet, None), label=name, name=name, how="sum",
                                      components=parts))
        present.add(name)
    return summary
