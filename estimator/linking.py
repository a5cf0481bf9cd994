"""Tie each bill line, and each breakdown row that is itself a work, to its breakdown block.

A line is linked through its 비고 when it cites a block (``제3호표``, ``3호표``, ``일위대가 3``,
``산근 5``), else through its item + spec + unit when exactly one block carries the same; every
link records how it was made. Blocks that contain other blocks are expanded recursively; a
cycle is reported and not followed.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .model import Block, Estimate, Link, Resource
from .readers.breakdown import block_key, block_reference
from .messages import msg


def _index(estimate: Estimate) -> tuple[dict, dict]:
    by_number = estimate.blocks_by_number()
    by_name: dict[tuple[str, str], list[Block]] = defaultdict(list)
    for block in by_number.values():
        by_name[block_key(block.item, block.spec, block.unit)].append(block)
    return by_number, by_name


def link(estimate: Estimate) -> None:
    if not estimate.blocks:
        return
    by_number, by_name = _index(estimate)
    for i, line in enumerate(estimate.lines):
        cited = block_reference(line.remarks)
        if cited is not None:
            if cited in by_number:
                estimate.links[i] = Link(block=cited, method="remarks", evidence=line.remarks)
            else:
                estimate.warnings.append(msg("remarks_cite_missing_block", sheet=line.location.sheet,
                                             row=line.location.row, remarks=line.remarks))
            continue
        same = by_name.get(block_key(line.item, line.spec, line.unit), [])
        if len(same) == 1:
            estimate.links[i] = Link(block=same[0].key, method="item-spec-unit",
                                     evidence=f"{line.item} {line.spec} {line.unit}".strip())
        elif len(same) > 1:
            numbers = ", ".join(f"{b.book} {b.number}" for b in same)
            estimate.warnings.append(msg("several_blocks_match", sheet=line.location.sheet, row=line.location.row,
                                         item=line.item, numbers=numbers))
    for block in (b for b in estimate.blocks if not b.indexed):
        for resource in block.resources:
            if resource.ref is not None:
                continue
            same = [b for b in by_name.get(block_key(resource.item, resource.spec, resource.unit), [])
                    if b is not block]
            if len(same) == 1:
                resource.ref, resource.ref_method = same[0].key, "item-spec-unit"
    for block in estimate.blocks:
        cycle = find_cycle(estimate, block)
        if cycle:
            path = " → ".join(f"{book} {n}" for book, n in cycle)
            estimate.warnings.append(msg("breakdown_cycle", sheet=block.location.sheet, row=block.location.row,
                                         path=path))


def find_cycle(estimate: Estimate, block: Block) -> list[tuple[str, int]] | None:
    """The first cycle reachable from ``block``, as the chain of block keys, or None."""
    by_number = estimate.blocks_by_number()

    def walk(current: Block, path: list[tuple[str, int]]) -> list[tuple[str, int]] | None:
        for resource in current.resources:
            if resource.ref is None or resource.ref not in by_number:
                continue
            if resource.ref in path:
                return [*path[path.index(resource.ref):], resource.ref]
            found = walk(by_number[resource.ref], [*path, resource.ref])
            if found:
                return found
        return None

    cycle = walk(block, [block.key])
    return cycle if cycle and cycle[0] == block.key else None


def expand(estimate: Estimate, block: Block, multiplier: Decimal = Decimal(1),
           path: tuple[tuple[str, int], ...] = ()) -> list[tuple[Resource, Decimal, tuple[tuple[str, int], ...]]]:
    """Every leaf resource of a block with the quantity per unit of the block, through nested blocks.

    A nested block's rows are scaled by the row's quantity (``터파기 0.6 ㎥`` brings 0.6 × the
    excavation block's labour). A cycle stops the descent at the row that closes it.
    """
    by_number = estimate.blocks_by_number()
    path = (*path, block.key)
    leaves = []
    for resource in block.resources:
        quantity = resource.quantity if resource.quantity is not None else Decimal(1)
        inner = by_number.get(resource.ref) if resource.ref else None
        if inner is not None and inner.key not in path:
            leaves.extend(expand(estimate, inner, multiplier * quantity, path))
        else:
            leaves.append((resource, multiplier * quantity, path))
    return leaves
