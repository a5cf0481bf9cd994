"""What each rule evaluated and what it could not, with stable reason codes.

A report that shows no finding must also show that the checks ran: a blank bill has no price to
compare, a 2021 estimate has no 2021 wages, a line with no breakdown has no man-days. Every rule
counts its units (lines, breakdown rows or cost heads) as checked — with caveats that weaken its
verdicts — or not checked, with the reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .model import Location

# Why a unit was not checked (or, for caveats, why its verdict is weaker). Stable: documented in
# the README and never renamed.
REASONS = {
    "no_reference_in_force": ("검토일에 시행 중인 참조자료 없음", "no reference row in force on the estimate's date"),
    "no_match": ("비슷한 참조 항목 없음", "no reference item with a similar name and a compatible unit"),
    "weak_match": ("참조 항목과 약하게만 일치", "the closest reference matches only weakly"),
    "ambiguous_match": ("여러 참조 항목이 비슷하게 일치", "several references fit almost equally"),
    "unpriced": ("단가·금액 미기재", "no unit price or amount"),
    "lump_sum": ("일식 금액(단가 없음)", "an amount without a unit price (lump sum)"),
    "no_breakdown": ("연결된 일위대가 없음", "no breakdown linked to the line"),
    "breakdown_not_read": ("비고가 인용한 일위대가를 읽지 못함(단가가 일위대가의 합)",
                           "the breakdown the remarks cite was not read (the unit price is its sum)"),
    "breakdown_sheet_unread": ("일위대가 시트를 읽지 못함", "a breakdown sheet whose blocks could not be read"),
    "columns_unexplained": ("금액 열이 수량 × 단가로 설명되지 않음", "the money columns are not explained by quantity × price"),
    "unit_mismatch": ("단위 환산 불가", "the units cannot be converted"),
    "later_edition_only": ("이후 판 표준품셈만 있음", "only a later edition of the standard quantities exists"),
    "formula_without_value": ("계산값 없는 수식", "a formula without a stored value"),
    "assumed_date": ("작성일 미상: 실행일 기준", "no date in the document: judged as of the run date"),
    "no_cost_summary": ("문서에 원가계산서 없음", "the document has no cost summary"),
    "no_rate_reference": ("비교할 법정 요율 없음", "no statutory rate to compare with"),
    "sample_reference": ("참조자료가 견본 값", "the reference row is a sample"),
}


@dataclass
class RuleCoverage:
    rule: str
    unit: str  # line | breakdown_row | cost_head
    checked: int = 0
    not_checked: int = 0
    reasons: Counter = field(default_factory=Counter)
    caveats: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict:
        return {"rule": self.rule, "unit": self.unit, "checked": self.checked, "not_checked": self.not_checked,
                "reasons": dict(sorted(self.reasons.items())), "caveats": dict(sorted(self.caveats.items()))}


@dataclass(frozen=True)
class NotChecked:
    sheet: str
    row: int | None
    rule: str
    code: str


@dataclass
class Coverage:
    rules: dict[str, RuleCoverage] = field(default_factory=dict)
    rows: list[NotChecked] = field(default_factory=list)

    def rule(self, rule: str, unit: str) -> RuleCoverage:
        if rule not in self.rules:
            self.rules[rule] = RuleCoverage(rule, unit)
        return self.rules[rule]

    def checked(self, rule: str, unit: str, caveats: tuple[str, ...] | list[str] = ()) -> None:
        entry = self.rule(rule, unit)
        entry.checked += 1
        for code in dict.fromkeys(caveats):
            entry.caveats[_known(code)] += 1

    def skipped(self, rule: str, unit: str, location: Location | None, code: str, count: int = 1) -> None:
        """``count`` units not checked for one reason at one place (a whole sheet's rows: one entry)."""
        entry = self.rule(rule, unit)
        entry.not_checked += count
        entry.reasons[_known(code)] += count
        self.rows.append(NotChecked(location.sheet if location else "", location.row if location else None,
                                    rule, code))

    def ran(self) -> list[str]:
        """The rules that evaluated at least one unit."""
        return [r.rule for r in self.rules.values() if r.checked]


def _known(code: str) -> str:
    if code not in REASONS:
        raise KeyError(f"undocumented coverage code {code!r}")
    return code


def reason_text(code: str, lang: str = "ko") -> str:
    ko, en = REASONS[code]
    return en if lang == "en" else ko
