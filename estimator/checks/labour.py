"""Rule ``labour-above-standard``: a breakdown uses more man-days than the standard quantities.

Anti-pattern: installation labour (설치품) set at an arbitrary figure instead of the standard
quantities (표준품셈) — the audit found air-conditioner installation labour set above the
standard (about 2.53 million won). Correct practice: man-days per trade are those of the
standard for the matched item and condition, adjusted only as the standard itself allows
(paved site +25% 보통인부, +15% of the outdoor unit per extra indoor unit — both applied when
the line or breakdown says so; for a job smaller than a day's output, half a day or a day as
공통 1-2-9 allows), and any other adjustment is justified in the price record. Basis: 예정가격작성기준 제2조 (the official must
neither cut nor inflate the standard quantities), 표준품셈 (the edition in force).

``over_won`` = Σ (actual − standard man-days) × market wage, carried to the line amount: the
line's amount with the block at market wage minus its amount with the standard man-days at
market wage. A match to a later edition than the estimate's date, a weak match, or a sample
wage makes the finding ``possible``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..coverage import Coverage
from ..findings import CERTAIN, POSSIBLE, PROBABLE, Finding
from ..model import Estimate
from ..readers.text import squash
from ..units import UnitMismatch, conversion_factor
from .blockmath import RowChange, breakdown_evidence, line_effect, linked_blocks
from .wages import estimate_sector, market_changes

DOC_KO = """규칙 ``labour-above-standard``: 일위대가의 품이 표준품셈보다 많음.

안티패턴: 설치품을 표준품셈이 아닌 임의의 값으로 계상 — 감사에서 냉난방기 설치 노무비 약 253만원.
올바른 방법: 직종별 품은 대응하는 표준품셈 항목·조건의 값이며, 표준품셈이 허용하는 보정만 적용한다
(포장 구간 보통인부 +25%, 실내기 추가 1대당 실외기 품의 15% — 행이나 일위대가에 그렇게 적혀 있을 때 —,
1일 작업량 미만의 소량 작업은 공통 1-2-9에 따라 0.5일 또는 1일). 다른 보정은 가격조서에 사유를 적어야
한다. 근거: 예정가격작성기준 제2조, 해당 연도 표준품셈.

``over_won`` = Σ (실제 품 − 표준 품) × 시중노임을 내역 행 금액까지 반영한 값. 작성일보다 이후 판과만
비교했거나, 약한 일치, 견본 노임이면 ``possible``.
"""

RULE_ID = "labour-above-standard"
_PAVED = ("포장",)


def _adjustments(references, rows) -> list[dict]:
    adjustments = references.refdata.adjustments
    if adjustments.empty:
        return []
    first = rows.iloc[0]
    mine = adjustments[(adjustments["sector"] == first.get("sector", "")) &
                       (adjustments["item_code"] == first.get("item_code", ""))]
    # The notes of the same edition; failing those, another edition's, which the evidence names.
    same = mine[mine["edition"] == first.get("edition", "")]
    chosen = same if not same.empty else mine
    return [{**a.to_dict(), "_other_edition": same.empty} for _, a in chosen.iterrows()]


_INDOOR_UNITS = re.compile(r"실내기\s*(\d+)\s*대")


def standard_man_days(references, rows, text: str) -> tuple[dict[str, Decimal], list[str]]:
    """Man-days per trade from the matched standard rows, with the adjustments the text calls for:
    a paved site (포장) where the standard adds to a trade, and, for an outdoor unit serving more
    than one indoor unit ('실내기 3대 연결'), the standard's % of the outdoor figure per extra unit."""
    trades: dict[str, Decimal] = {}
    for _, row in rows.iterrows():
        if row.get("resource_kind") == "labour":
            trades[squash(row["resource"])] = Decimal(str(row["quantity"]))
    applied = []
    spec = str(rows.iloc[0].get("spec", ""))
    for adjustment in _adjustments(references, rows):
        condition = f"{adjustment.get('condition', '')} {adjustment.get('text', '')}"
        target = squash(str(adjustment.get("applies_to", "")))
        indoor = _INDOOR_UNITS.search(text)
        if (adjustment.get("kind") == "labour" and target and target in squash(spec) and "실내기" in condition
                and indoor and int(indoor.group(1)) > 1):
            percent = Decimal(str(adjustment["percent"]).replace("+", ""))
            extra = int(indoor.group(1)) - 1
            for trade in trades:
                trades[trade] = trades[trade] * (1 + percent * extra / 100)
            applied.append(f"{adjustment['applies_to']} {adjustment['percent']}% × {extra} extra indoor unit(s)"
                           + (f" (from edition {adjustment['edition']})" if adjustment["_other_edition"] else ""))
            continue
        if adjustment.get("kind") == "labour" and target in trades and any(w in text for w in _PAVED) \
                and any(w in condition for w in _PAVED):
            percent = Decimal(str(adjustment["percent"]).replace("+", ""))
            trades[target] = trades[target] * (1 + percent / 100)
            applied.append(f"{adjustment['applies_to']} {adjustment['percent']}% ({adjustment.get('condition', '')})"
                           + (f" (from edition {adjustment['edition']})" if adjustment["_other_edition"] else ""))
    return trades, applied


_DAILY = re.compile(r"^\s*([\d.]+)\s*\S+\s*→\s*([\d.]+)\s*\S+/일")


def small_quantity(rows, total: Decimal | None) -> tuple[dict[str, Decimal], str]:
    """공통 1-2-9: a job smaller than a day's output is paid half a day (A ≤ B/2) or a day (B/2 < A < B).

    Returns the man-days per unit of work this allows for each trade of a daily-output standard,
    given the line's total quantity A in the standard's unit, and a note ('' when it does not apply)."""
    allowed: dict[str, Decimal] = {}
    note = ""
    if total is None or total <= 0:
        return allowed, note
    for _, row in rows.iterrows():
        m = _DAILY.match(str(row.get("figure", "")))
        if row.get("basis") != "daily-output" or row.get("resource_kind") != "labour" or not m:
            continue
        crew, output = Decimal(m.group(1)), Decimal(m.group(2))
        if total >= output:
            continue
        days = Decimal("0.5") if total <= output / 2 else Decimal(1)
        allowed[squash(row["resource"])] = crew * days / total
        note = f"1-2-9 small quantity: {total.normalize()} < one day's output {output.normalize()} → {days} day"
    return allowed, note


def _without_breakdown(estimate: Estimate, coverage: Coverage) -> None:
    """Lines that carry labour but no breakdown to read man-days from; unpriced lines."""
    linked = {index for index, link in estimate.links.items()
              if (block := estimate.block(link.block)) is not None and not block.indexed}
    for index, line in enumerate(estimate.lines):
        if index in linked:
            continue
        money = line.money
        if money.unpriced:
            coverage.skipped(RULE_ID, "line", line.location, "unpriced")
        elif money.amount_only:
            coverage.skipped(RULE_ID, "line", line.location, "lump_sum")
        elif not money.has_kinds or money.labour_price or money.labour_amount:
            coverage.skipped(RULE_ID, "line", line.location, "no_breakdown")


def check(estimate: Estimate, references=None, coverage: Coverage | None = None) -> list[Finding]:
    if references is None:
        return []
    coverage = coverage if coverage is not None else Coverage()
    _without_breakdown(estimate, coverage)
    sector = estimate_sector(estimate, references)
    findings = []
    for line, block in linked_blocks(estimate):
        if line.quantity is None:
            coverage.skipped(RULE_ID, "line", line.location, "unpriced")
            continue
        # The line names the item and spec apart; a one-cell block title may not.
        match = references.standard(line.item, f"{line.spec} {block.spec}".strip(), block.unit or line.unit)
        if match.outcome.match is None:
            match = references.standard(block.item or line.item, f"{block.spec} {line.spec}".strip(), block.unit,
                                        where=line.location)
        if match.outcome.match is None or match.rows.empty:
            coverage.skipped(RULE_ID, "line", line.location, match.outcome.code or "no_match")
            continue
        rows = match.rows
        try:
            factor = conversion_factor(block.unit, rows.iloc[0]["unit"]) if block.unit else Decimal(1)
        except UnitMismatch:
            coverage.skipped(RULE_ID, "line", line.location, "unit_mismatch")
            continue
        standard, applied = standard_man_days(references, rows, f"{line.item} {line.spec} {block.spec}")
        small, small_note = small_quantity(rows, line.quantity * factor)
        for trade, per_unit in small.items():
            if trade in standard and per_unit > standard[trade]:
                standard[trade] = per_unit
        if small_note:
            applied.append(small_note)
        market, wage_rows, sample = market_changes(references, block, sector=sector)
        coverage.checked(RULE_ID, "line", [*(["later_edition_only"] if match.later_edition_only else []),
                                           *references.caveats(), *(["sample_reference"] if sample else [])])
        changes: dict[int, RowChange] = {}
        excess = []
        for i, resource in enumerate(block.resources):
            if resource.kind != "labour" or resource.quantity is None:
                continue
            per_block_unit = standard.get(squash(resource.item))
            if per_block_unit is None:
                continue
            allowed = per_block_unit * factor
            if resource.quantity > allowed:
                changes[i] = RowChange(quantity=allowed, prices=market[i].prices if i in market else None)
                excess.append({"row": resource.location.row, "trade": resource.item, "actual": str(resource.quantity),
                               "standard": str(allowed.normalize())})
        if not changes:
            continue
        over, corrected = line_effect(line, block, changes, base_changes=market)
        if over <= 0:
            continue
        confidence = references.cap(CERTAIN if match.outcome.match.score >= 100 else PROBABLE)
        if match.later_edition_only or sample:
            confidence = POSSIBLE
        first = rows.iloc[0]
        trades = ", ".join(f"{e['trade']} {e['actual']}인 > {e['standard']}인" for e in excess)
        findings.append(Finding(
            rule=RULE_ID, location=line.location, item=line.item, over_won=over, confidence=confidence,
            message_ko=(f"표준품셈 초과 품: {trades} (표준품셈 {first.get('item_code', '')} {first['work']} "
                        f"{first['spec']}, {match.edition}) → 과다 {over:,}원"),
            message_en=(f"Labour above the standard quantities: {trades} (standard {first.get('item_code', '')} "
                        f"{first['work']} {first['spec']}, edition {match.edition}) → {over:,} won over"),
            evidence={"check": RULE_ID, "breakdown": breakdown_evidence(block), "excess": excess,
                      "standard": {"sector": first.get("sector", ""), "item_code": first.get("item_code", ""),
                                   "work": first["work"], "spec": first["spec"], "unit": first["unit"],
                                   "edition": match.edition, "provenance": first.get("provenance", ""),
                                   "adjustments_applied": applied},
                      "match": match.outcome.as_evidence(), "later_edition_only": match.later_edition_only,
                      "market_wages": wage_rows, "quantity": str(line.quantity), "corrected": corrected},
        ))
    return findings
