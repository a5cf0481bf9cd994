"""Amount-only rows of a bill: group totals or lump sums, never unit-price slips.

A row with a stated amount and no unit price (blank or 0) has no quantity × price to check.
When the rows directly under it add up exactly to its amount — as a PPS export writes a group
(품질관리비, 안전관리비 …) above its children — it is a *group total*: not a line, its children
are, and it is checked like any group total. Otherwise it is a *lump sum* line (안전관리비,
환경보전비, PS items, 폐기물처리비 …) whose amount counts as stated.

"Directly under" stops at a totals row (소계/합계) and where the bill leaves the row's section. The
children are the shortest run whose amounts add up, so rows after the group stay outside it.
Groups inside groups are found first, from the bottom of the sheet up, so an outer group adds
an inner group's amount once, not its children again.
"""

from __future__ import annotations

from ..model import Line, StatedTotal
from ..stated import effective_total

# How far below an amount-only row its children are sought; a bigger group would be read as a lump sum.
SCAN_LIMIT = 10_000

Entry = Line | StatedTotal


class TotalsRow:
    """A 소계/합계/총계 row in the sequence: the end of any group that starts above it."""

    def __init__(self, total: StatedTotal, rank: int):
        self.total, self.rank = total, rank


def _children(row: Line, after: list[Entry | TotalsRow]) -> int:
    """How many entries directly under ``row`` (``after`` is reversed: after[-1] comes first) add up to it."""
    target = row.money.stated_total()
    depth = len(row.section)
    running = 0
    for count, entry in enumerate(reversed(after[-SCAN_LIMIT:]), start=1):
        if isinstance(entry, TotalsRow) or entry.section[:depth] != row.section:
            return 0
        running += effective_total(entry)
        if running == target:
            return count
    return 0


def fold(sequence: list[Line | TotalsRow]) -> list[Entry | TotalsRow]:
    """The sequence with every amount-only row that its rows below add up to made a group total
    holding them; the other amount-only rows are marked as lump sums."""
    after: list[Entry | TotalsRow] = []  # processed entries, last first
    for entry in reversed(sequence):
        if isinstance(entry, Line) and entry.money.amount_only and entry.attributes.get("may_group", True):
            count = _children(entry, after)
            if count:
                children = after[-count:][::-1]
                del after[-count:]
                group = StatedTotal(location=entry.location, label=entry.item, level="group", money=entry.money,
                                    children=children, section=entry.section,
                                    attributes={**entry.attributes, "spec": entry.spec, "unit": entry.unit,
                                                "grouped_by": "amount-equals-rows-below"})
                after.append(group)
                continue
            entry.lump_sum = entry.provisional = True
        after.append(entry)
    return after[::-1]
