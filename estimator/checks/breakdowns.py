"""The ``arithmetic`` rule inside unit-cost breakdowns and between a line and its breakdown.

A block's resource amounts (quantity × unit price) and its 합계 per cost kind must agree with one
rounding convention for the whole block: the standard's (rows cut below 0.1 won, the total their
sum) or another that estimating programs follow (see ``conventions``); a bill line's unit price
per kind the block's total cut below one won (계금); a row that is another block priced at that block's total. Each finding's
``over_won`` is its effect on the bill: through every line priced from the block.
"""

from __future__ import annotations

from decimal import Decimal

from ..findings import CERTAIN, PROBABLE, Finding
from ..model import COST_KINDS, KIND_LABELS_KO, Block, Estimate, Line
from ..money import truncate_to, truncate_won
from .conventions import Judgement, judge, judge_all

RULE_ID = "arithmetic"


def _won(n) -> str:
    return f"{n:,}"


def _lines_of(estimate: Estimate, block: Block) -> list[Line]:
    return [estimate.lines[i] for i, link in estimate.links.items() if link.block == block.key]


def _effect(lines: list[Line], stated: dict[str, int], correct: dict[str, int]) -> int:
    """What a wrong block price adds to the bill through the lines that quote it."""
    total = 0
    for line in lines:
        if line.quantity is None:
            continue
        for kind in COST_KINDS:
            if line.money.price(kind) == stated[kind] and stated[kind] != correct[kind]:
                total += truncate_won(line.quantity * stated[kind]) - truncate_won(line.quantity * correct[kind])
    return total


def check_block(estimate: Estimate, block: Block, judgement: Judgement) -> Finding | None:
    if judgement.consistent:
        return None
    correct_totals, wrong_rows, convention = judgement.correct_totals, judgement.wrong_rows, judgement.convention
    stated_totals = block.totals()
    stated_prices = {k: truncate_won(stated_totals[k]) for k in COST_KINDS}
    correct_prices = {k: truncate_won(correct_totals[k]) for k in COST_KINDS}
    over = _effect(_lines_of(estimate, block), stated_prices, correct_prices)
    diffs = {k: str(stated_totals[k] - correct_totals[k]) for k in COST_KINDS if stated_totals[k] != correct_totals[k]}
    where = block.total_location or block.location
    detail_ko = ", ".join(f"{KIND_LABELS_KO[k]} {v}원" for k, v in diffs.items()) or "행 금액"
    return Finding(
        rule=RULE_ID, location=where, item=f"{block.book} {block.number} {block.item}".strip(), over_won=over,
        confidence=CERTAIN,
        message_ko=(f"일위대가 계산 오류: {block.book} 제{block.number}호표의 행 금액(수량×단가) 또는 합계가 "
                    f"끝수 처리 방식({convention.describe('ko')})과 맞지 않음 ({detail_ko}); "
                    f"이 호표를 인용한 내역 금액 영향 {_won(over)}원"),
        message_en=(f"Breakdown slip: block {block.number} rows (quantity × price) or total do not agree with "
                    f"its rounding ({convention.describe('en')}) "
                    f"({', '.join(f'{k} {v}' for k, v in diffs.items()) or 'rows'});"
                    f" effect on the lines quoting it {_won(over)} won"),
        evidence={"check": "breakdown-total", "block": block.number, "book": block.book,
                  "title_row": block.location.row, "stated_totals": {k: str(v) for k, v in stated_totals.items()},
                  "correct_totals": {k: str(v) for k, v in correct_totals.items()}, "wrong_rows": wrong_rows,
                  "rounding_convention": convention.code},
    )


def check_line_price(estimate: Estimate, index: int, judgements: dict[int, Judgement]) -> Finding | None:
    line = estimate.lines[index]
    link = estimate.links[index]
    block = estimate.block(link.block)
    if block is None or line.quantity is None:
        return None
    judgement = judgements.get(id(block)) or judge(block)
    prices = block.unit_prices()
    # A line may quote the block's total as stated or as its rows add up; a slip inside the
    # block is the block's finding, not the line's.
    correct = {k: truncate_won(v) for k, v in judgement.correct_totals.items()}
    if line.money.has_kinds:
        stated = {k: line.money.price(k) for k in COST_KINDS if line.money.price(k) is not None}
        differs = {k: (v, prices[k]) for k, v in stated.items() if v not in (prices[k], correct[k])}
        over = sum(truncate_won(line.quantity * s) - truncate_won(line.quantity * c) for s, c in differs.values())
        corrected = {k: truncate_won(line.quantity * c) for k, (_, c) in differs.items()}
    else:
        total = sum(prices.values())
        if line.money.total_price is None or line.money.total_price in (total, sum(correct.values())):
            return None
        differs = {"total": (line.money.total_price, total)}
        over = truncate_won(line.quantity * line.money.total_price) - truncate_won(line.quantity * total)
        corrected = {"total": truncate_won(line.quantity * total)}
    if not differs:
        return None
    ko = ", ".join(f"{KIND_LABELS_KO[k]} 단가 {_won(s)} ≠ {_won(c)}" for k, (s, c) in differs.items())
    en = ", ".join(f"{k} unit price {_won(s)} ≠ {_won(c)}" for k, (s, c) in differs.items())
    return Finding(
        rule=RULE_ID, location=line.location, item=line.item, over_won=over,
        confidence=CERTAIN if link.method == "remarks" else PROBABLE,
        message_ko=f"일위대가 단가 불일치: {ko} ({block.book} 제{block.number}호표 합계) → 금액 차이 {_won(over)}원",
        message_en=f"Unit price differs from its breakdown: {en} (block {block.number} total) → {_won(over)} won",
        evidence={"check": "breakdown-price", "block": block.number, "book": block.book,
                  "link_method": link.method, "block_row": block.location.row, "quantity": str(line.quantity),
                  "corrected": corrected,
                  "differences": {k: {"stated": s, "block": c} for k, (s, c) in differs.items()}},
    )


def check_nested_prices(estimate: Estimate, block: Block) -> list[Finding]:
    """A row that is another block must carry that block's total as its unit price."""
    findings = []
    for resource in block.resources:
        inner = estimate.block(resource.ref) if resource.ref else None
        if inner is None or resource.quantity is None:
            continue
        prices = inner.unit_prices()
        differs = {k: (resource.prices[k], prices[k]) for k in COST_KINDS
                   if resource.prices.get(k) is not None and resource.prices[k] != prices[k]}
        if not differs:
            continue
        per_unit = sum(truncate_to(resource.quantity * s, 1) - truncate_to(resource.quantity * c, 1)
                       for s, c in differs.values())
        over = sum(truncate_won(line.quantity * per_unit) for line in _lines_of(estimate, block)
                   if line.quantity is not None)
        findings.append(Finding(
            rule=RULE_ID, location=resource.location, item=resource.item, over_won=over, confidence=PROBABLE,
            message_ko=(f"일위대가 내 인용 단가 불일치: {resource.item}의 단가가 {inner.book} 제{inner.number}호표 합계와 다름 "
                        f"(1단위당 {per_unit}원) → 내역 금액 영향 약 {_won(over)}원"),
            message_en=(f"Nested breakdown price differs: {resource.item} is not priced at block {inner.number}'s total "
                        f"({per_unit} won per unit) → about {_won(over)} won on the lines"),
            evidence={"check": "breakdown-ref-price", "block": block.number, "refers_to": inner.number,
                      "ref_method": resource.ref_method,
                      "differences": {k: {"stated": str(s), "block": c} for k, (s, c) in differs.items()}},
        ))
    return findings


def check_index_entry(estimate: Estimate, entry: Block) -> Finding | None:
    """A list sheet's price for a block must be the block's own total. The money is carried by the
    lines that quote the wrong price (their own finding), so this one adds nothing to the totals."""
    block = estimate.block(entry.key)
    if block is None or block.indexed:
        return None
    listed = {k: truncate_won(v) for k, v in entry.totals().items()}
    actual = block.unit_prices()
    differs = {k: {"listed": listed[k], "block": actual[k]} for k in COST_KINDS if listed[k] != actual[k]}
    if not differs:
        return None
    ko = ", ".join(f"{KIND_LABELS_KO[k]} {_won(v['listed'])} ≠ {_won(v['block'])}" for k, v in differs.items())
    return Finding(
        rule=RULE_ID, location=entry.location, item=f"{entry.book} {entry.number} {entry.item}".strip(), over_won=0,
        confidence=CERTAIN,
        message_ko=f"일위대가목록 단가가 호표 합계와 다름: {ko} ({block.location.sheet} {block.location.row}행)",
        message_en=f"List price differs from block {entry.number}'s total ({block.location.sheet} row "
                   f"{block.location.row})",
        evidence={"check": "breakdown-index", "block": entry.number, "book": entry.book,
                  "block_row": block.location.row, "differences": differs},
    )


def check(estimate: Estimate) -> list[Finding]:
    full = [b for b in estimate.blocks if not b.indexed]
    judgements = judge_all(full)
    findings = [f for f in (check_block(estimate, b, judgements[id(b)]) for b in full) if f is not None]
    findings += [f for f in (check_index_entry(estimate, b) for b in estimate.blocks if b.indexed) if f is not None]
    for block in full:
        findings.extend(check_nested_prices(estimate, block))
    findings += [f for f in (check_line_price(estimate, i, judgements) for i in sorted(estimate.links))
                 if f is not None]
    return findings
