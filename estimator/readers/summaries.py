"""Rows that restate a section's amounts, and the bill section each one names.

A workbook may carry a 공종별집계표 beside its bill, or open its bill with a list of its sections
(``1. 토 공 | 1 | 식``). Their amounts must be the sums of those sections' lines; here each row is
read and tied to the one bill section of the same name (numbering, dots and spaces aside), so
the arithmetic rule can compare them. A row whose name no bill section — or more than one —
carries is not compared, and a warning counts them.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..messages import msg
from ..model import Estimate, Location, SectionSummary
from .grid import Grid
from .header import Header
from .rowroles import outline, total_rank
from .text import squash


def read_summary_rows(estimate: Estimate, grid: Grid, header: Header) -> None:
    """The rows of a summary sheet that name a section and state an amount."""
    from .bill import _money_values, _text  # the bill's own reading of a row's money

    for index in range(header.end, len(grid.rows)):
        item = _text(grid, index, header, "item")
        if not item or total_rank(item) is not None:
            continue
        money, problems = _money_values(grid, index, header)
        if problems or not money.stated_total():
            continue
        sheet, row = grid.where(index)
        estimate.section_summaries.append(SectionSummary(Location(estimate.source, sheet, row), item, money))


def section_names(label: str) -> tuple[str, str]:
    """How a section is named, most precise first: as numbered ('2-1.가로등설비공사'), then by its
    words alone. A heading written as a path ('2.전기공사 (지구외)::2-1.가로등설비공사') is named by
    its last part."""
    last = re.split(r"::|\s>\s", label)[-1]
    return squash(last).lstrip("."), outline(last).name


def tie_to_sections(estimate: Estimate) -> None:
    """Name each summary row's bill section, where exactly one carries its name."""
    if not estimate.section_summaries:
        return
    sections: list[dict[str, set[tuple[str, ...]]]] = [defaultdict(set), defaultdict(set)]
    for line in estimate.lines:
        for depth, heading in enumerate(line.section):
            # Keyed by sheet too: two bills may each have a section of one name.
            key = (line.location.sheet, *line.section[: depth + 1])
            for names, name in zip(sections, section_names(heading)):
                names[name].add(key)
    unmatched = []
    for summary in estimate.section_summaries:
        for names, name in zip(sections, section_names(summary.label)):
            found = names.get(name, set())
            if found:
                break
        if len(found) == 1:
            summary.section = next(iter(found))[1:]
        else:
            unmatched.append(summary)
    if unmatched:
        first = unmatched[0]
        estimate.warnings.append(msg("summary_rows_unmatched", count=len(unmatched), sheet=first.location.sheet,
                                     row=first.location.row, label=first.label))
