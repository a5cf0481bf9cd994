"""What the document's own totals say: the amounts its rows contribute to the totals above them."""

from __future__ import annotations

from .model import COST_KINDS, Estimate, Line, StatedTotal


def effective_total(entry: Line | StatedTotal) -> int:
    """What a row contributes to the total above it: its stated amount, or, for a total that
    states nothing, the sum of its own children."""
    stated = entry.money.stated_total()
    if isinstance(entry, StatedTotal) and not stated and entry.children:
        return sum(effective_total(c) for c in entry.children)
    return stated or 0


def effective_kind(entry: Line | StatedTotal, kind: str) -> int:
    stated = entry.money.amount(kind)
    if isinstance(entry, StatedTotal) and not entry.money.stated_total() and entry.children:
        return sum(effective_kind(c, kind) for c in entry.children)
    return stated or 0


def top_level(estimate: Estimate) -> list[Line | StatedTotal]:
    """The rows no stated total sums: the grand totals and any loose lines, in document order."""
    inner = {id(c) for t in estimate.totals for c in t.children}
    entries: list[Line | StatedTotal] = [t for t in estimate.totals if id(t) not in inner]
    entries += [line for line in estimate.lines if id(line) not in inner]
    return entries


def stated_direct(estimate: Estimate) -> dict[str, int]:
    """The bill's direct costs per kind as its own grand totals state them (a single-price bill: material)."""
    sums = dict.fromkeys(COST_KINDS, 0)
    for entry in top_level(estimate):
        if entry.money.has_kinds or isinstance(entry, StatedTotal) and any(
                effective_kind(entry, k) for k in COST_KINDS):
            for kind in COST_KINDS:
                sums[kind] += effective_kind(entry, kind)
        else:
            sums["material"] += effective_total(entry)
    return sums
