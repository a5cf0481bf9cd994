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
from ..coverage import Coverage
from ..findings import CERTAIN, POSSIBLE, Finding
from ..model import Estimate
from ..money import truncate_won
from ..refdata.kinds import STATUTORY_HEADS
from ..references import in_force
from ..stated import stated_direct

DOC_KO = """규칙 ``rate-above-cap``: 원가계산서 요율이 법정 한도나 법정 요율보다 높음.

안티패턴: 일반관리비·이윤을 한도보다 높게, 보험료를 그 해 공표 요율보다 높게 적용. 올바른 방법:
공사의 일반관리비는 기준액의 6% 이하, 이윤은 15% 이하(예정가격작성기준 별표), 법정 보험료는 그 해
공표 요율. 문서가 적은 내용으로 참조 요율표가 정할 수 있는 요율만 지적한다: 한도, 또는 규모·공기
조건이 없는 해당 비목의 요율 행.

``over_won`` = 비목의 기재 금액 − 기준액 × 허용 요율(원 미만 절사). 총 영향은 모든 비목을 허용 요율로
다시 계산하여 원가계산서를 거쳐 반영한다.
"""

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


def check(estimate: Estimate, references=None, coverage: Coverage | None = None) -> list[Finding]:
    coverage = coverage if coverage is not None else Coverage()
    summary = estimate.cost_summary
    if summary is None or summary.source != "document":
        coverage.skipped(RULE_ID, "cost_head", None, "no_cost_summary")
        return []
    findings = []
    direct = summary_direct_sums(summary, estimate.lines, stated_direct(estimate))
    for head in summary.heads:
        if head.rate is None or head.stated is None:
            continue
        allowed, source, sample = _allowed(references, head.name)
        if allowed is None:
            coverage.skipped(RULE_ID, "cost_head", head.location,
                             "no_reference_in_force" if head.name in STATUTORY else "no_rate_reference")
            continue
        dated = head.name not in CAPS  # the caps are the law's; the premiums are the year's
        coverage.checked(RULE_ID, "cost_head", [*(references.caveats() if dated and references else []),
                                                *(["sample_reference"] if sample else [])])
        if head.rate <= allowed:
            continue
        exact_base = base_from_stated(summary, direct, head)
        correct = truncate_won(Decimal(exact_base) * allowed / 100)
        over = head.stated - correct
        if over <= 0:
            continue
        findings.append(Finding(
            rule=RULE_ID, location=head.location, item=head.name, over_won=over,
            confidence=POSSIBLE if sample else (references.cap(CERTAIN) if dated and references else CERTAIN),
            message_ko=f"요율 초과: {head.name} {head.rate}% > 한도 {allowed}% ({source}) → 과다 {over:,}원",
            message_en=f"Rate above its cap: {head.name} {head.rate}% > {allowed}% ({source}) → {over:,} won over",
            evidence={"check": RULE_ID, "head": head.name, "rate": str(head.rate), "allowed_rate": str(allowed),
                      "allowed_source": source, "base": list(head.base), "base_amount": exact_base,
                      "stated_amount": head.stated, "allowed_amount": correct,
                      "corrected_rate": {"head": head.name, "rate": str(allowed)}},
        ))
    return findings
