"""Rule ``wage-above-market``: a breakdown prices a trade above its market wage.

Anti-pattern: a unit-cost breakdown (일위대가) pays a trade more per 인 than the market wage
(시중노임단가) published for the estimate's period. Correct practice: labour is priced at the
market wage in force for the estimate's date, per 인 of 8 hours (예정가격작성기준: 노무비 = 표준품셈의
품 × 시중노임단가). Basis: 예정가격작성기준 제2조 (the official must not inflate the legal base
prices), 시중노임단가 published by the construction, ICT and other trade associations.

``over_won`` = the line's stated amount − the amount with the block's wage set to the market
wage, with the block's own man-days: (wage − market) × man-days × quantity, cut as the document
cuts. With ``labour-above-standard`` the two compose exactly: that rule starts from the market
wage. Reported on the 내역서 line that uses the breakdown. A market wage that is only a sample
row supports at most a ``possible`` finding.
"""

from __future__ import annotations

from ..findings import CERTAIN, POSSIBLE, Finding
from ..model import Estimate
from .blockmath import RowChange, breakdown_evidence, line_effect, linked_blocks

RULE_ID = "wage-above-market"


def market_changes(references, block) -> tuple[dict[int, RowChange], list[dict], bool]:
    """Resource index → the change to the market wage, the evidence rows, and whether any wage row is a sample."""
    changes, rows, sample = {}, [], False
    for index, resource in enumerate(block.resources):
        wage = resource.prices.get("labour")
        if resource.kind != "labour" or wage is None or resource.quantity is None:
            continue
        market = references.wage(resource.item)
        if market is None:
            continue
        market_won = int(str(market["wage_won"]).replace(",", ""))
        if wage <= market_won:
            continue
        changes[index] = RowChange(prices={"labour": market_won})
        is_sample = str(market.get("provenance", "")) == "sample"
        sample = sample or is_sample
        rows.append({"row": resource.location.row, "trade": resource.item, "man_days": str(resource.quantity),
                     "wage": str(wage), "market_wage": market_won, "period": f"{market.get('effective_from', '')}~"
                     f"{market.get('effective_to', '')}", "source": market.get("source", ""),
                     "table": market.get("_file", ""), "table_line": int(market.get("_line", 0) or 0),
                     "sample": is_sample})
    return changes, rows, sample


def check(estimate: Estimate, references=None) -> list[Finding]:
    if references is None:
        return []
    findings = []
    for line, block in linked_blocks(estimate):
        changes, rows, sample = market_changes(references, block)
        if not changes:
            continue
        over, corrected = line_effect(line, block, changes)
        if over <= 0:
            continue
        trades = ", ".join(f"{r['trade']} {int(float(r['wage'])):,}원 > {r['market_wage']:,}원" for r in rows)
        findings.append(Finding(
            rule=RULE_ID, location=line.location, item=line.item, over_won=over,
            confidence=POSSIBLE if sample else CERTAIN,
            message_ko=f"시중노임단가 초과: {block.book} 제{block.number}호표의 노임 {trades} → 과다 {over:,}원",
            message_en=f"Wage above the market wage in block {block.number}: {trades} → {over:,} won over",
            evidence={"check": RULE_ID, "breakdown": breakdown_evidence(block), "wages": rows,
                      "quantity": str(line.quantity), "corrected": corrected},
        ))
    return findings
