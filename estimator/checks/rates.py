"""Rule ``rate-above-cap``: a cost-summary rate above its legal cap or its statutory rate.

Anti-pattern: 일반관리비 or 이윤 set above their caps, or an insurance premium rate above the
rate published for the year. Correct practice: 일반관리비 ≤ 6% and 이윤 ≤ 15% of their bases for
works (예정가격작성기준 별표); statutory premiums at the year's published rate. Only rates the
reference tables determine from what the document states are claimed: a cap, or a rate table
row with no size or duration condition for that head.

``over_won`` = the head's stated amount − its base × the allowed rate, cut to the won; the total
effect goes through the cost summary, with every head recomputed at the allowed rate.
"""

from __future__ import annotations

from decimal import Decimal

from ..costing import base_from_stated, summary_direct_sums
from ..findings import CERTAIN, POSSIBLE, Finding
from ..model import Estimate
from ..money import truncate_won
from ..refdata.kinds import STATUTORY_HEADS
from ..references import in_force
from ..stated import stated_direct

RULE_ID = "rate-above-cap"
CAPS = {"일반관리비": Decimal(6), "이윤": Decimal(15)}
STATUTORY = STATUTORY_HEADS


def _allowed(references, head: str) -> tuple[Decimal | None, str, bool]:
    """(allowed rate, its source, whether the source is a sample) for a head."""
    if head in CAPS:
        return CAPS[head], "예정가격작성기준: 일반관리비 6%, 이윤 15% (공사)", False
    if references is None or head not in STATUTORY:
        return None, "", False
    rates = in_force(references.refdata.rates, references.on)
    if rates.empty:
        return None, "", False
    rows = rates[(rates["head"] == head) & (rates.get("size", "") == "") & (rates.get("duration", "") == "")
                 & (rates["rate"] != "")]
    values = {Decimal(str(r)) for r in rows["rate"]}
    if len(values) != 1:
        return None, "", False
    row = rows.iloc[0]
    return values.pop(), f"{row.get('source', '')} ({row['effective_from']}~{row.get('effective_to', '')})", \
        str(row.get("provenance", "")) == "sample"


def check(estimate: Estimate, references=None) -> list[Finding]:
    summary = estimate.cost_summary
    if summary is None or summary.source != "document":
        return []
    findings = []
    direct = summary_direct_sums(summary, estimate.lines, stated_direct(estimate))
    for head in summary.heads:
        if head.rate is None or head.stated is None:
            continue
        allowed, source, sample = _allowed(references, head.name)
        if allowed is None or head.rate <= allowed:
            continue
        exact_base = base_from_stated(summary, direct, head)
        correct = truncate_won(Decimal(exact_base) * allowed / 100)
        over = head.stated - correct
        if over <= 0:
            continue
        findings.append(Finding(
            rule=RULE_ID, location=head.location, item=head.name, over_won=over,
            confidence=POSSIBLE if sample else CERTAIN,
            message_ko=f"요율 초과: {head.name} {head.rate}% > 한도 {allowed}% ({source}) → 과다 {over:,}원",
            message_en=f"Rate above its cap: {head.name} {head.rate}% > {allowed}% ({source}) → {over:,} won over",
            evidence={"check": RULE_ID, "head": head.name, "rate": str(head.rate), "allowed_rate": str(allowed),
                      "allowed_source": source, "base": list(head.base), "base_amount": exact_base,
                      "stated_amount": head.stated, "allowed_amount": correct,
                      "corrected_rate": {"head": head.name, "rate": str(allowed)}},
        ))
    return findings
