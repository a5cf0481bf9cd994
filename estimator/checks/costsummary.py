"""The ``arithmetic`` rule on the cost summary (원가계산서).

Each head is checked on its own against the *stated* amounts it is built from: a direct head
(직접재료비, 직접노무비, 산출경비) against the bill's own grand totals or its lines, a rate head against its stated base ×
rate, a sum against its stated parts, each cut below one won (도급액 below 1,000 won where the
document cuts it). A slip is therefore found on the one row where it is, not on every head
above it; a bill changed after its summary was written shows on the direct head. A bill with
unparsed rows (a formula without a value, a cell that is not a number) leaves the direct heads
unjudged: the bill's sums are incomplete.
"""

from __future__ import annotations

from ..costing import expected_from_stated, summary_direct_sums
from ..findings import CERTAIN, Finding
from ..model import Estimate
from ..stated import stated_direct

RULE_ID = "arithmetic"


def check(estimate: Estimate) -> list[Finding]:
    summary = estimate.cost_summary
    if summary is None or summary.source != "document":
        return []
    # A summary may be built on the bill's stated grand totals (a spreadsheet that links to them)
    # or on its lines (an estimating program); either is consistent, and a slip in a subtotal
    # is reported on the subtotal, once.
    direct = summary_direct_sums(summary, estimate.lines, stated_direct(estimate))
    from_lines = summary_direct_sums(summary, estimate.lines)
    if estimate.attributes.get("cost_summary_blank"):
        return []  # a blank form beside a priced bill states nothing to compare (see readers)
    findings = []
    single_price = bool(estimate.lines) and not any(line.money.has_kinds for line in estimate.lines)
    # A bill with rows that could not be read cannot confirm or refute the direct heads.
    bills = {s.name for s in estimate.sheets if s.role == "bill"}
    incomplete = any(u.sheet in bills for u in estimate.unparsed)
    if single_price and not incomplete:
        findings += _joint_direct(estimate, direct)
    for head in summary.heads:
        if head.stated is None or head.how not in ("direct", "rate", "sum"):
            continue
        if (single_price or incomplete) and head.how == "direct":
            continue
        expected = expected_from_stated(summary, direct, head)
        if expected == head.stated or (head.how == "direct"
                                       and expected_from_stated(summary, from_lines, head) == head.stated):
            continue
        over = head.stated - expected
        how_ko = {"direct": "내역서 합계", "rate": f"기초금액 × {head.rate}%", "sum": "구성 비목의 합"}[head.how]
        how_en = {"direct": "the bill's lines", "rate": f"base × {head.rate}%", "sum": "the sum of its parts"}[head.how]
        findings.append(Finding(
            rule=RULE_ID, location=head.location, item=head.name, over_won=over, confidence=CERTAIN,
            message_ko=f"원가계산서 불일치: {head.name} 기재 {head.stated:,}원 ≠ {how_ko} {expected:,}원 (차이 {over:,}원)",
            message_en=f"Cost summary mismatch: {head.name} states {head.stated:,} won ≠ {how_en} {expected:,} won "
                       f"(difference {over:,})",
            evidence={"check": "cost-summary", "head": head.name, "how": head.how, "stated_amount": head.stated,
                      "expected_amount": expected, "rate": None if head.rate is None else str(head.rate),
                      "base": list(head.base), "components": list(head.components),
                      "derivation": head.derivation},
        ))
    return findings


def _joint_direct(estimate: Estimate, direct: dict[str, int]) -> list[Finding]:
    """A single-price bill can only confirm the direct heads together: their sum is the bill's total."""
    summary = estimate.cost_summary
    heads = [h for h in summary.heads if h.how == "direct" and h.stated is not None]
    if not heads:
        return []
    stated = sum(h.stated for h in heads)
    bill = sum(stated_direct(estimate).values())
    lines = sum(line.money.stated_total() or 0 for line in estimate.lines)
    if stated in (bill, lines):
        return []
    names = "+".join(h.name for h in heads)
    return [Finding(
        rule=RULE_ID, location=heads[0].location, item=names, over_won=stated - bill, confidence=CERTAIN,
        message_ko=f"원가계산서 불일치: 직접비({names}) 기재 합 {stated:,}원 ≠ 내역서 합계 {bill:,}원 (차이 {stated - bill:,}원)",
        message_en=f"Cost summary mismatch: direct heads ({names}) state {stated:,} won ≠ the bill's total {bill:,} won",
        evidence={"check": "cost-summary", "head": names, "how": "direct-joint", "stated_amount": stated,
                  "expected_amount": bill},
    )]
