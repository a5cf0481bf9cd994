"""Rule ``price-above-reference``: a material priced above the procurement reference price.

Anti-pattern: a material priced at a survey price (조사가격: 물가정보, 물가자료) or a quotation
(견적) although the Public Procurement Service lists it cheaper — the audit found illegal-
advertisement prevention plates priced this way over five contracts. Correct practice: the
design price comes from transaction prices in the order 조달청 (PPS) prices, transaction
prices (거래실례), survey publications, then quotations, unless the estimate records a reason.
Basis: 예정가격작성기준 (거래실례가격 우선), 국가계약법 시행규칙 제5조.

``over_won`` = (price − reference) × quantity, in the line's unit (converted through the unit
registry: 개 = EA = 매, 100m = 100 × m), cut to the won. A material row inside a breakdown is
checked the same way and reported on the 내역서 line that uses the breakdown, its amount carried
through the block's cuts. A reference row that is only a sample supports at most a ``possible``
finding, and so does a reference the line does not state completely (a figure or spec word of the
reference the line leaves out, or a figure of the line the reference lacks: it may be another
product). When several prices of the matched item are in force (two PPS departments' notices of
one day, two item ids for one product), the claim is made against the highest of the preferred
source, so the amount is a lower bound; every one of them is in the evidence.
"""

from __future__ import annotations

from decimal import Decimal

from ..coverage import Coverage
from ..findings import CERTAIN, POSSIBLE, PROBABLE, Finding
from ..model import Estimate
from ..money import truncate_won
from ..priceindex import NOTICE_FIELDS, price_of
from ..readers.breakdown import block_reference
from ..references import source_rank
from ..units import UnitMismatch, conversion_factor
from .blockmath import RowChange, breakdown_evidence, line_effect, linked_blocks

DOC_KO = """규칙 ``price-above-reference``: 재료 단가가 조달 기준 가격보다 높음.

안티패턴: 조달청이 더 낮은 가격을 공표했는데 조사가격(물가정보, 물가자료)이나 견적으로 단가를 정함 —
감사에서 불법광고물 방지판이 5개 계약에서 이렇게 계상됨. 올바른 방법: 설계가격은 조달청 가격,
거래실례가격, 조사가격, 견적의 순으로 정하고, 다르게 정했으면 사유를 적는다. 근거: 예정가격작성기준
(거래실례가격 우선), 국가계약법 시행규칙 제5조.

``over_won`` = (단가 − 기준 가격) × 수량, 내역 행의 단위로 환산(개 = EA = 매, 100m = 100 × m)하여 원 미만
절사. 일위대가 안의 재료 행도 같이 검사하여 그 일위대가를 쓰는 내역서 행에 보고하며, 금액은 호표의
절사를 거쳐 반영한다. 견본 참조자료에 근거하거나, 내역이 참조 항목을 온전히 적지 않았으면(참조 규격의 치수·
단어를 빠뜨렸거나 참조에 없는 치수를 적음: 다른 제품일 수 있음) 최대 ``possible``. 같은 품목의 가격이 여럿 시행 중이면
(같은 날 두 조달청 부서의 공고, 한 제품의 두 식별번호) 우선 출처의 가장 높은 가격과 비교하므로 금액은
하한이며, 그 가격 모두를 근거에 싣는다.
"""

RULE_ID = "price-above-reference"
# Rows of a breakdown that are materials bought as such (not labour, machines or tool wear).
_NOT_BOUGHT = ("공구손료", "잡재료", "잡품", "소모품")
_CITED = ("조달청", "거래실례", "물가정보", "물가자료", "견적")


def _won(value: Decimal) -> str:
    return f"{int(value):,}" if value == value.to_integral_value() else f"{value:,.1f}"


def _reference(references, item, spec, unit, where):
    """((outcome, reference row, reference price per one ``unit``, factor, every row in force), '') or
    (None, the coverage code saying why there is no usable reference)."""
    found = references.price_lookup(item, spec, unit, where=where)
    reference = found.reference
    if reference is None:
        return None, found.outcome.code or "no_match"
    try:
        factor = conversion_factor(unit, reference["unit"])
    except UnitMismatch:
        return None, "unit_mismatch"
    return (found.outcome, reference, price_of(reference) * factor, factor, found.in_force), ""


def _caveats(references, found) -> list[str]:
    sample = str(found[1].get("provenance", "")) == "sample"
    return [*references.caveats(), *(["sample_reference"] if sample else [])]


def _confidence(references, outcome, reference) -> str:
    if str(reference.get("provenance", "")) == "sample":
        return POSSIBLE
    # A reference the line does not state completely (its size or grade unsaid, or a figure of the
    # line's it lacks: SM275 against a plain 6.0mm plate, F10T against TS볼트) may be another product.
    if not outcome.match.complete:
        return POSSIBLE
    return references.cap(CERTAIN if source_rank(str(reference["source"])) == 0 and outcome.match.score >= 100
                          else PROBABLE)


def _exact(value: Decimal) -> int | str:
    """Whole won as a number; a fraction of a won (2.5 per ㎠) as its exact decimal text."""
    return int(value) if value == value.to_integral_value() else str(value)


def _reference_evidence(reference) -> dict:
    evidence = {"item": reference["item"], "spec": reference["spec"], "unit": reference["unit"],
                "price_won": _exact(price_of(reference)), "source": reference["source"],
                "source_ref": reference.get("source_ref", ""), "effective_from": reference["effective_from"],
                "effective_to": reference.get("effective_to", ""),
                "sample": str(reference.get("provenance", "")) == "sample",
                "table": reference.get("_file", ""), "table_line": int(reference.get("_line", 0) or 0)}
    # A PPS notice says which notice, department and delivery terms the price is for.
    evidence.update({f: str(reference[f]) for f in NOTICE_FIELDS if str(reference.get(f, "") or "")})
    return evidence


def _in_force_evidence(rows) -> list[dict]:
    return [_reference_evidence(row) for row in rows]


def _in_breakdowns(estimate: Estimate, references, coverage: Coverage) -> list[Finding]:
    findings = []
    for line, block in linked_blocks(estimate):
        changes, rows, confidences = {}, [], []
        codes, caveats, compared = [], [], False
        for i, resource in enumerate(block.resources):
            price = resource.prices.get("material")
            if (resource.kind != "material" or not price or resource.ref is not None
                    or any(w in resource.item for w in _NOT_BOUGHT)):
                continue
            found, code = _reference(references, resource.item, resource.spec, resource.unit, None)
            if found is None:
                codes.append(code)
                continue
            caveats += _caveats(references, found)
            compared = True
            if price <= found[2]:
                continue
            outcome, reference, reference_price, _, in_force = found
            changes[i] = RowChange(prices={"material": reference_price})
            confidences.append(_confidence(references, outcome, reference))
            rows.append({"row": resource.location.row, "item": resource.item, "price": str(price),
                         "reference_price": str(reference_price), "reference": _reference_evidence(reference),
                         "references_in_force": _in_force_evidence(in_force), "match": outcome.as_evidence()})
        # The line is checked when one of its block's materials had a reference to compare with.
        if compared:
            coverage.checked(RULE_ID, "line", caveats)
        elif codes:
            coverage.skipped(RULE_ID, "line", line.location, max(set(codes), key=codes.count))
        if not changes:
            continue
        over, corrected = line_effect(line, block, changes)
        if over <= 0:
            continue
        # The weakest reference decides: one sample row makes the whole claim possible.
        confidence = max(confidences, key=[CERTAIN, PROBABLE, POSSIBLE].index)
        items = ", ".join(f"{r['item']} {int(Decimal(r['price'])):,} > {_won(Decimal(r['reference_price']))}원"
                          for r in rows)
        findings.append(Finding(
            rule=RULE_ID, location=line.location, item=line.item, over_won=over, confidence=confidence,
            message_ko=f"일위대가 재료 단가 과다: {block.book} 제{block.number}호표의 {items} → 과다 {over:,}원",
            message_en=f"Material in breakdown {block.number} above its reference: {items} → {over:,} won over",
            evidence={"check": RULE_ID, "breakdown": breakdown_evidence(block), "materials": rows,
                      "quantity": str(line.quantity), "corrected": corrected},
        ))
    return findings


def check(estimate: Estimate, references=None, coverage: Coverage | None = None) -> list[Finding]:
    if references is None:
        return []
    coverage = coverage if coverage is not None else Coverage()
    findings = _in_breakdowns(estimate, references, coverage)
    linked = set(estimate.links)
    for index, line in enumerate(estimate.lines):
        money = line.money
        price = money.material_price if money.has_kinds else money.total_price
        amount = money.material_amount if money.has_kinds else money.total_amount
        if index in linked:
            continue
        if money.unpriced:
            coverage.skipped(RULE_ID, "line", line.location, "unpriced")
            continue
        if money.amount_only:
            coverage.skipped(RULE_ID, "line", line.location, "lump_sum")
            continue
        if not price or line.quantity is None or line.quantity <= 0 or amount is None:
            continue  # no material priced on the line: nothing for this rule
        if block_reference(line.remarks) is not None:
            # The line's material price is the sum of a breakdown that was not read (the material
            # and, in some programs, the tool allowance): no single material's price to compare.
            coverage.skipped(RULE_ID, "line", line.location, "breakdown_not_read")
            continue
        found, code = _reference(references, line.item, line.spec, line.unit, line.location)
        if found is None:
            coverage.skipped(RULE_ID, "line", line.location, code)
            continue
        coverage.checked(RULE_ID, "line", _caveats(references, found))
        if price <= found[2]:
            continue
        outcome, reference, reference_price, factor, in_force = found
        correct = truncate_won(line.quantity * reference_price)
        # From the amount at the line's own price: an arithmetic slip is the arithmetic rule's.
        over = truncate_won(line.quantity * price) - correct
        if over <= 0:
            continue
        confidence = _confidence(references, outcome, reference)
        cited = next((word for word in _CITED if word in line.remarks), "")
        kind = "material" if money.has_kinds else "total"
        findings.append(Finding(
            rule=RULE_ID, location=line.location, item=line.item, over_won=over, confidence=confidence,
            message_ko=(f"단가 과다: {price:,}원/{line.unit} > {reference['source']} {_won(reference_price)}원/"
                        f"{line.unit} ({reference['effective_from']}~{reference.get('effective_to', '')})"
                        + (f", 내역서 근거 {cited}" if cited else "") + f" → 과다 {over:,}원"),
            message_en=(f"Price above the reference: {price:,} won/{line.unit} > {reference['source']} "
                        f"{_won(reference_price)} won/{line.unit} → {over:,} won over"),
            evidence={"check": RULE_ID, "reference": _reference_evidence(reference),
                      "references_in_force": _in_force_evidence(in_force),
                      "unit_factor": str(factor), "estimate_price": price, "estimate_source": cited or line.remarks,
                      "match": outcome.as_evidence(), "quantity": str(line.quantity),
                      "corrected": {kind: correct}},
        ))
    return findings
