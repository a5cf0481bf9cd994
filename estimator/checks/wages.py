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
row supports at most a ``possible`` finding. A trade is compared with the survey of the
estimate's sector where that survey publishes it (통신외선공 in an ICT estimate: the 정보통신 survey,
not the construction one, even when it has no wage for the date — then the row is not checked,
``no_reference_in_force``); other trades with any survey's wage in force. An estimate is ICT when
its title or sections say 정보통신, 통신공사, CCTV, 방송 or 전산, or its breakdowns use a trade only
the ICT survey publishes.
"""

from __future__ import annotations

from ..coverage import Coverage
from ..findings import CERTAIN, POSSIBLE, Finding
from ..model import Estimate, Location
from .blockmath import RowChange, breakdown_evidence, line_effect, linked_blocks

DOC_KO = """규칙 ``wage-above-market``: 일위대가의 노임이 시중노임단가보다 높음.

안티패턴: 일위대가가 직종의 1인(8시간) 노임을 해당 시기에 공표된 시중노임단가보다 높게 계상.
올바른 방법: 노무비 = 표준품셈의 품 × 작성 시점에 시행 중인 시중노임단가(예정가격작성기준).
근거: 예정가격작성기준 제2조, 건설·정보통신 등 협회가 공표하는 시중노임단가.

``over_won`` = 내역 행의 기재 금액 − 일위대가 노임을 시중노임으로 바꾼 금액(호표의 품 그대로, 문서의
절사 방식대로). ``labour-above-standard``와 정확히 합성된다(그 규칙은 시중노임에서 출발). 일위대가를
쓰는 내역서 행에 보고한다. 견본 노임 자료에 근거하면 최대 ``possible``. 직종은 내역서 부문의 조사와
비교한다: 정보통신 공사의 통신외선공은 건설업 조사가 아니라 정보통신 시중노임단가와 비교하며, 그 날짜에
정보통신 노임이 없으면 검사하지 않고 ``no_reference_in_force``로 보고한다. 다른 직종은 시행 중인 어느
조사의 노임과도 비교한다. 제목이나 공종에 정보통신·통신공사·CCTV·방송·전산이 있거나 정보통신 조사에만
있는 직종을 쓰면 정보통신 공사로 본다.
"""

RULE_ID = "wage-above-market"


_ICT_WORDS = ("정보통신", "통신공사", "통신설비", "CCTV", "방송", "전산")


def estimate_sector(estimate: Estimate, references) -> str | None:
    """정보통신 for an ICT estimate — its title or sections say so, or its breakdowns use a trade
    only the ICT survey publishes — else None (every survey's rows)."""
    text = " ".join([estimate.title or "", *{" ".join(line.section) for line in estimate.lines}])
    if any(word in text for word in _ICT_WORDS):
        return "정보통신"
    wages = references.refdata.wages if references is not None else None
    if wages is None or wages.empty or "sector" not in wages:
        return None
    ict = set(wages.loc[wages["sector"] == "정보통신", "job"]) - set(wages.loc[wages["sector"] != "정보통신", "job"])
    trades = {r.item.replace(" ", "") for _, block in linked_blocks(estimate) for r in block.resources
              if r.kind == "labour"}
    return "정보통신" if trades & {j.replace(" ", "") for j in ict} else None


def market_changes(references, block, coverage: Coverage | None = None,
                   sector: str | None = None) -> tuple[dict[int, RowChange], list[dict], bool]:
    """Resource index → the change to the market wage, the evidence rows, and whether any wage row is a sample."""
    changes, rows, sample = {}, [], False
    for index, resource in enumerate(block.resources):
        wage = resource.prices.get("labour")
        if resource.kind != "labour":
            continue
        if wage is None or resource.quantity is None:
            if coverage is not None:
                coverage.skipped(RULE_ID, "breakdown_row", resource.location, "unpriced")
            continue
        market, code = references.wage_lookup(resource.item, sector)
        if market is None:
            if coverage is not None:
                coverage.skipped(RULE_ID, "breakdown_row", resource.location, code)
            continue
        if coverage is not None:
            caveats = [*references.caveats(), *(["sample_reference"] if market.get("provenance", "") == "sample" else [])]
            coverage.checked(RULE_ID, "breakdown_row", caveats)
        market_won = int(str(market["wage_won"]).replace(",", ""))
        if wage <= market_won:
            continue
        changes[index] = RowChange(prices={"labour": market_won})
        is_sample = str(market.get("provenance", "")) == "sample"
        sample = sample or is_sample
        rows.append({"row": resource.location.row, "trade": resource.item, "man_days": str(resource.quantity),
                     "wage": str(wage), "market_wage": market_won, "sector": market.get("sector", ""),
                     "period": f"{market.get('effective_from', '')}~"
                     f"{market.get('effective_to', '')}", "source": market.get("source", ""),
                     "table": market.get("_file", ""), "table_line": int(market.get("_line", 0) or 0),
                     "sample": is_sample})
    return changes, rows, sample


def check(estimate: Estimate, references=None, coverage: Coverage | None = None) -> list[Finding]:
    if references is None:
        return []
    findings = []
    if coverage is not None:
        for sheet, rows in estimate.attributes.get("unread_breakdown_sheets", {}).items():
            coverage.skipped(RULE_ID, "breakdown_row", Location(estimate.source, sheet, None), "breakdown_sheet_unread",
                             count=rows)
    seen: set[int] = set()
    sector = estimate_sector(estimate, references)
    for line, block in linked_blocks(estimate):
        # A block used by several lines is one set of rows to check.
        changes, rows, sample = market_changes(references, block, coverage if id(block) not in seen else None,
                                               sector)
        seen.add(id(block))
        if not changes:
            continue
        over, corrected = line_effect(line, block, changes)
        if over <= 0:
            continue
        trades = ", ".join(f"{r['trade']} {int(float(r['wage'])):,}원 > {r['market_wage']:,}원" for r in rows)
        findings.append(Finding(
            rule=RULE_ID, location=line.location, item=line.item, over_won=over,
            confidence=POSSIBLE if sample else references.cap(CERTAIN),
            message_ko=f"시중노임단가 초과: {block.book} 제{block.number}호표의 노임 {trades} → 과다 {over:,}원",
            message_en=f"Wage above the market wage in block {block.number}: {trades} → {over:,} won over",
            evidence={"check": RULE_ID, "breakdown": breakdown_evidence(block), "wages": rows,
                      "estimate_sector": sector or "",
                      "quantity": str(line.quantity), "corrected": corrected},
        ))
    return findings
