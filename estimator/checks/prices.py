"""Rule ``price-above-reference``: a material priced above the procurement reference price.

Anti-pattern: a material priced at a survey price (조사가격: 물가정보, 물가자료) or a quotation
(견적) although the Public Procurement Service lists it cheaper — the audit found illegal-
advertisement prevention plates priced this way over five contracts. Correct practice: the
design price comes from transaction prices in the order 조달청 (PPS) prices, transaction
prices (거래실례), survey publications, then quotations, unless the estimate records a reason.
Basis: 예정가격작성기준 (거래실례가격 우선), 국가계약법 시행규칙 제5조.

``over_won`` = the line's stated material amount − quantity × the reference price, in the line's
unit (converted through the unit registry: 개 = EA = 매, 100m = 100 × m), cut to the won. A
reference row that is only a sample supports at most a ``possible`` finding.
"""

from __future__ import annotations

from decimal import Decimal

from ..findings import CERTAIN, POSSIBLE, PROBABLE, Finding
from ..model import Estimate
from ..money import truncate_won
from ..references import source_rank
from ..units import UnitMismatch, conversion_factor

RULE_ID = "price-above-reference"
_CITED = ("조달청", "거래실례", "물가정보", "물가자료", "견적")


def _won(value: Decimal) -> str:
    return f"{int(value):,}" if value == value.to_integral_value() else f"{value:,.1f}"


def check(estimate: Estimate, references=None) -> list[Finding]:
    if references is None or references.refdata.prices.empty:
        return []
    findings = []
    linked = set(estimate.links)
    for index, line in enumerate(estimate.lines):
        money = line.money
        price = money.material_price if money.has_kinds else money.total_price
        amount = money.material_amount if money.has_kinds else money.total_amount
        if index in linked or not price or line.quantity is None or line.quantity <= 0 or amount is None:
            continue
        outcome, reference = references.price(line.item, line.spec, line.unit, where=line.location)
        if reference is None:
            continue
        try:
            factor = conversion_factor(line.unit, reference["unit"])  # reference units in one line unit
        except UnitMismatch:
            continue
        reference_price = Decimal(str(reference["price_won"]).replace(",", "")) * factor
        if price <= reference_price:
            continue
        correct = truncate_won(line.quantity * reference_price)
        # From the amount at the line's own price: an arithmetic slip is the arithmetic rule's.
        over = truncate_won(line.quantity * price) - correct
        if over <= 0:
            continue
        sample = str(reference.get("provenance", "")) == "sample"
        if sample:
            confidence = POSSIBLE
        else:
            confidence = CERTAIN if source_rank(str(reference["source"])) == 0 and outcome.match.score >= 100 else PROBABLE
        cited = next((word for word in _CITED if word in line.remarks), "")
        kind = "material" if money.has_kinds else "total"
        findings.append(Finding(
            rule=RULE_ID, location=line.location, item=line.item, over_won=over, confidence=confidence,
            message_ko=(f"단가 과다: {price:,}원/{line.unit} > {reference['source']} {_won(reference_price)}원/"
                        f"{line.unit} ({reference['effective_from']}~{reference.get('effective_to', '')})"
                        + (f", 내역서 근거 {cited}" if cited else "") + f" → 과다 {over:,}원"),
            message_en=(f"Price above the reference: {price:,} won/{line.unit} > {reference['source']} "
                        f"{_won(reference_price)} won/{line.unit} → {over:,} won over"),
            evidence={"check": RULE_ID, "reference": {
                          "item": reference["item"], "spec": reference["spec"], "unit": reference["unit"],
                          "price_won": int(str(reference["price_won"]).replace(",", "")),
                          "source": reference["source"], "source_ref": reference.get("source_ref", ""),
                          "effective_from": reference["effective_from"],
                          "effective_to": reference.get("effective_to", ""), "sample": sample,
                          "table": reference.get("_file", ""), "table_line": int(reference.get("_line", 0) or 0)},
                      "unit_factor": str(factor), "estimate_price": price, "estimate_source": cited or line.remarks,
                      "match": outcome.as_evidence(), "quantity": str(line.quantity),
                      "corrected": {kind: correct}},
        ))
    return findings
