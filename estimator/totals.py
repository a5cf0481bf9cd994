"""The effect of the findings on the contract amount, through the cost summary.

An over-estimate in a direct line ripples through every rate above it, so the total effect is
not the sum of line deltas: it is the contract amount recomputed from the original lines minus
the one recomputed from the corrected lines, with the document's own heads, bases and rates
(or the bundled default rates when the document has no cost summary).
"""

from __future__ import annotations

import copy
from decimal import Decimal
from dataclasses import dataclass, field

from .costing import default_summary, recompute, summary_direct_sums
from .findings import COUNTED, Finding
from .model import COST_KINDS, Estimate, Line
from .messages import msg


@dataclass
class Outcome:
    recomputed_total_won: int | None = None
    corrected_total_won: int | None = None
    total_over_won: int | None = None
    recomputed_heads: dict[str, int] = field(default_factory=dict)
    corrected_heads: dict[str, int] = field(default_factory=dict)  # each head with the corrected lines and rates
    warnings: list[str] = field(default_factory=list)


def corrected_lines(estimate: Estimate, findings: list[Finding]) -> list[Line]:
    """The lines with every counted line-level correction applied (a later check refines an earlier one)."""
    by_row = {(line.location.sheet, line.location.row): i for i, line in enumerate(estimate.lines)}
    lines = list(estimate.lines)
    for finding in findings:
        corrected = finding.evidence.get("corrected")
        index = by_row.get((finding.location.sheet, finding.location.row))
        if finding.confidence not in COUNTED or not corrected or index is None or finding.evidence.get("superseded_by"):
            continue
        line = copy.deepcopy(lines[index])
        for kind, amount in corrected.items():
            setattr(line.money, f"{kind}_amount", amount)
        if line.money.has_kinds:
            line.money.total_amount = sum(line.money.amount(k) or 0 for k in COST_KINDS)
        lines[index] = line
    return lines


def corrected_summary(summary, findings: list[Finding]):
    """The cost summary with every counted rate correction (a rate set back to its cap) applied."""
    changes = {f.evidence["corrected_rate"]["head"]: Decimal(f.evidence["corrected_rate"]["rate"])
               for f in findings if f.confidence in COUNTED and "corrected_rate" in f.evidence}
    if not changes:
        return summary
    fixed = copy.deepcopy(summary)
    for head in fixed.heads:
        if head.name in changes:
            head.rate = changes[head.name]
    return fixed


def outcome(estimate: Estimate, findings: list[Finding]) -> Outcome:
    result = Outcome()
    if not estimate.lines:
        return result
    summary = estimate.cost_summary
    if summary is None:
        summary, note = default_summary(estimate.date.value.year if estimate.date is not None else None)
        result.warnings.append(note)
    # In a PPS bid file, provisional sums are costed by the fixed heads of its rate table.
    keep = (lambda line: not line.provisional) if summary.source == "bid-T5" else (lambda line: True)
    original = [line for line in estimate.lines if keep(line)]
    corrected = [line for line in corrected_lines(estimate, findings) if keep(line)]
    before = recompute(summary, summary_direct_sums(summary, original))
    after = recompute(corrected_summary(summary, findings), summary_direct_sums(summary, corrected))
    result.warnings.extend(before.notes)
    if before.contract is None:
        result.warnings.append(msg("no_contract_head"))
        return result
    result.recomputed_total_won = before.contract
    result.corrected_total_won = after.contract
    result.total_over_won = before.contract - after.contract
    result.recomputed_heads = before.values
    result.corrected_heads = after.values
    return result
