"""Recompute a breakdown with some of its rows changed, and carry the change to a bill line.

A finding about a breakdown is reported on the bill line that uses it, and its amount is the
line's stated amount minus the amount recomputed with the corrected block price, so every cut
(0.1 won inside the block, the won on the block total and on the line) stays where the
document puts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from collections.abc import Iterator

from ..model import COST_KINDS, Block, Estimate, Line, Resource
from ..money import truncate_to, truncate_won


@dataclass(frozen=True)
class RowChange:
    quantity: Decimal | None = None  # new quantity per unit of the block
    prices: dict | None = None  # new unit prices per kind


def resource_amount(resource: Resource, kind: str, change: RowChange | None = None) -> Decimal:
    quantity = change.quantity if change and change.quantity is not None else resource.quantity
    price = (change.prices or {}).get(kind) if change and change.prices else None
    price = price if price is not None else resource.prices.get(kind)
    if price is None or quantity is None:
        return resource.amounts.get(kind) or Decimal(0)
    if change is None:
        return resource.amounts.get(kind) if resource.amounts.get(kind) is not None else truncate_to(quantity * price, 1)
    return truncate_to(quantity * price, 1)


def unit_prices(block: Block, changes: dict[int, RowChange]) -> dict[str, int]:
    """The block's unit price per kind with ``changes`` (by resource index) applied."""
    totals = {k: Decimal(0) for k in COST_KINDS}
    for index, resource in enumerate(block.resources):
        for kind in COST_KINDS:
            totals[kind] += resource_amount(resource, kind, changes.get(index))
    return {k: truncate_won(v) for k, v in totals.items()}


def line_effect(line: Line, block: Block, changes: dict[int, RowChange],
                base_changes: dict[int, RowChange] | None = None) -> tuple[int, dict[str, int]]:
    """(over_won, corrected amounts per kind) of a line when its block changes from ``base_changes``
    (default: as stated) to ``changes``. Kinds the line does not price from the block are untouched."""
    if line.quantity is None:
        return 0, {}
    before = unit_prices(block, base_changes) if base_changes else None
    after = unit_prices(block, {**(base_changes or {}), **changes})
    stated = block.unit_prices()
    over = 0
    corrected: dict[str, int] = {}
    for kind in COST_KINDS:
        price = line.money.price(kind)
        if price is None or price not in (stated[kind], unit_prices(block, {})[kind]):
            continue
        # From the amount at the line's own price: an arithmetic slip on the line is the arithmetic rule's.
        start = truncate_won(line.quantity * (before[kind] if before else price))
        end = truncate_won(line.quantity * after[kind])
        if start != end:
            over += start - end
            corrected[kind] = end
    return over, corrected


def breakdown_evidence(block: Block) -> dict:
    return {"sheet": block.location.sheet, "row": block.location.row, "호표": f"{block.book} 제{block.number}호표",
            "item": block.item, "spec": block.spec, "unit": block.unit}


def linked_blocks(estimate: Estimate) -> Iterator[tuple[Line, Block]]:
    """Every bill line priced from a breakdown read in full, with that breakdown, in line order."""
    for index, link in sorted(estimate.links.items()):
        block = estimate.block(link.block)
        if block is not None and not block.indexed:
            yield estimate.lines[index], block
