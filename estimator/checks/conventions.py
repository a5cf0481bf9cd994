"""Rounding conventions of unit-cost breakdowns: which way of cutting a block's figures explains them.

표준품셈 1-2-1 cuts a breakdown's resource amounts (quantity × unit price) below 0.1 won and its
total (계금) below one won. Estimating programs differ: some cut the rows to the won, some round
half up or keep the product unrounded, and some print rows cut to the won while the total is
summed from the exact figures. A block is judged by one convention for all its rows and kinds,
never row by row; it is correct when its stated amounts and totals agree with any recognised
convention. Otherwise the convention that explains most of it is the one its slips are measured
against; among equals, the one the document's other blocks follow (one program wrote them all).

A convention is named by a stable code, ``rows=<rule>;total=<basis>/<rounding>``:

* rows — how each resource amount is made from quantity × unit price: ``cut-0.1`` (the
  standard), ``cut-won``, ``half-up-won``, ``unrounded``;
* basis — what the total adds up: ``stated`` (the rows as the block states them), ``cut-0.1`` or
  ``unrounded`` (the rows recomputed that way, whatever the cells show);
* rounding — what is done to that sum: ``as-summed``, ``cut-won``, ``half-up-won``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product

from ..model import COST_KINDS, Block
from ..money import printed_bounds, product_bounds, round_half_up_won, truncate_to, truncate_won

Rule = Callable[[Decimal], Decimal]

ROW_RULES: dict[str, Rule] = {
    "cut-0.1": lambda x: truncate_to(x, 1),
    "cut-won": lambda x: Decimal(truncate_won(x)),
    "half-up-won": lambda x: Decimal(round_half_up_won(x)),
    "unrounded": lambda x: x,
}
TOTAL_BASES = ("stated", "cut-0.1", "unrounded")
TOTAL_ROUNDINGS: dict[str, Rule] = {
    "as-summed": lambda x: x,
    "cut-won": lambda x: Decimal(truncate_won(x)),
    "half-up-won": lambda x: Decimal(round_half_up_won(x)),
}


@dataclass(frozen=True)
class Convention:
    rows: str
    basis: str
    rounding: str

    @property
    def code(self) -> str:
        return f"rows={self.rows};total={self.basis}/{self.rounding}"

    def describe(self, lang: str) -> str:
        words = _WORDS[lang]
        rounding = words[self.rounding]
        return (f"{words['rows']} {words[self.rows]}, {words['total']} "
                f"{words['basis-' + self.basis]}{', ' + rounding if rounding else ''}")


_WORDS = {
    "ko": {"rows": "행 금액", "total": "합계", "cut-0.1": "0.1원 미만 절사", "cut-won": "원 미만 절사",
           "half-up-won": "원 미만 반올림", "unrounded": "끝수 처리 없음", "as-summed": "",
           "basis-stated": "기재된 행 금액의 합", "basis-cut-0.1": "0.1원 미만 절사한 행 금액의 합",
           "basis-unrounded": "끝수 처리 없는 행 금액의 합"},
    "en": {"rows": "rows", "total": "total", "cut-0.1": "cut to 0.1 won", "cut-won": "cut to the won",
           "half-up-won": "rounded half up to the won", "unrounded": "unrounded", "as-summed": "",
           "basis-stated": "the sum of the stated rows", "basis-cut-0.1": "the sum of the rows cut to 0.1 won",
           "basis-unrounded": "the sum of the unrounded rows"},
}


# In order of preference: the standard first, so a tie is always read the standard's way.
# A total recomputed the way the rows are made is the sum of the rows as stated: listed once.
CONVENTIONS = tuple(Convention(r, b, t) for r, b, t in product(ROW_RULES, TOTAL_BASES, TOTAL_ROUNDINGS) if b != r)
STANDARD = CONVENTIONS[0]


@dataclass
class Judgement:
    convention: Convention
    correct_totals: dict[str, Decimal]  # per kind, as the block's rows should add up under the convention
    wrong_rows: list[dict] = field(default_factory=list)
    wrong_totals: list[str] = field(default_factory=list)  # kinds whose stated total the convention does not give

    @property
    def consistent(self) -> bool:
        return not self.wrong_rows and not self.wrong_totals


def _products(block: Block) -> list[dict[str, Decimal | None]]:
    """quantity × unit price per resource and kind; None where the row has no price or quantity."""
    return [{k: (r.quantity * r.prices[k] if r.quantity is not None and r.prices.get(k) is not None else None)
             for k in COST_KINDS} for r in block.resources]


def _printed_ranges(block: Block) -> list[dict[str, tuple[Decimal, Decimal] | None]]:
    """For rows read from print, the products the printed digits allow (a unit price of 853.5
    printed as 854); None for rows read from a workbook's cells."""
    def bounds(resource, name: str, value: Decimal) -> tuple[Decimal, Decimal]:
        return printed_bounds(value) if name in resource.rounded else (value, value)

    return [{k: (product_bounds(bounds(r, "quantity", r.quantity), bounds(r, k, r.prices[k]))
                 if r.rounded and r.quantity is not None and r.prices.get(k) is not None else None)
             for k in COST_KINDS} for r in block.resources]


def _judge(block: Block, products: list[dict], convention: Convention,
           ranges: list[dict] | None = None) -> Judgement:
    rule = ROW_RULES[convention.rows]
    wrong_rows = []
    sums = {name: dict.fromkeys(COST_KINDS, Decimal(0)) for name in ("stated", "corrected", "recomputed")}
    for index, (resource, exact) in enumerate(zip(block.resources, products)):
        for kind in COST_KINDS:
            stated = resource.amounts.get(kind) or Decimal(0)
            sums["stated"][kind] += stated
            if exact[kind] is None:
                sums["corrected"][kind] += stated
                sums["recomputed"][kind] += stated
                continue
            correct = rule(exact[kind])
            printed = ranges[index][kind] if ranges else None
            if printed is not None and rule(printed[0]) <= stated <= rule(printed[1]):
                correct = stated  # the printed digits allow the stated amount
            if stated != correct:
                wrong_rows.append({"row": resource.location.row, "kind": kind,
                                   "stated": str(resource.amounts.get(kind)), "correct": str(correct)})
            sums["corrected"][kind] += correct
            sums["recomputed"][kind] += exact[kind] if convention.basis == "unrounded" else truncate_to(exact[kind], 1)
    rounding = TOTAL_ROUNDINGS[convention.rounding]
    # A total that adds up the rows as stated is consistent with them; a slip in a row is the row's.
    fit, correct = ((sums["stated"], sums["corrected"]) if convention.basis == "stated"
                    else (sums["recomputed"], sums["recomputed"]))
    stated_totals = block.stated_totals
    wrong_totals = [k for k in COST_KINDS
                    if stated_totals.get(k) is not None and stated_totals[k] != rounding(fit[k])]
    return Judgement(convention, {k: rounding(correct[k]) for k in COST_KINDS}, wrong_rows, wrong_totals)


def _misses(judgement: Judgement) -> int:
    return len(judgement.wrong_rows) + len(judgement.wrong_totals)


def _candidates(block: Block) -> list[Judgement]:
    """The judgements under every convention that explains the block, else under those leaving the
    fewest rows and totals unexplained; in order of preference."""
    products, ranges = _products(block), _printed_ranges(block)
    judgements = [_judge(block, products, convention, ranges) for convention in CONVENTIONS]
    fewest = min(_misses(j) for j in judgements)
    return [j for j in judgements if _misses(j) == fewest]


def _pick(candidates: list[Judgement], document: Counter) -> Judgement:
    # One program writes the whole document: among equals, the convention its other blocks follow.
    return max(candidates, key=lambda j: document[j.convention])  # max keeps the first of equals


def judge(block: Block) -> Judgement:
    """The block judged on its own: the standard when it explains it, else the first that does."""
    return _pick(_candidates(block), Counter())


def judge_all(blocks: list[Block]) -> dict[int, Judgement]:
    """Every block's judgement (by ``id``), ties settled by the conventions of the document's
    consistent blocks."""
    candidates = {id(b): _candidates(b) for b in blocks}
    document = Counter(j.convention for found in candidates.values() if found[0].consistent for j in found)
    return {key: _pick(found, document) for key, found in candidates.items()}
