"""What every rendering of a report shows, computed once: the verdict, the totals, the direct
over-estimate by rule and by section, the cost summary stated / recomputed / corrected, and the
coverage. The text, HTML and workbook reports draw the same figures from here, so they agree with
each other and with the JSON.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..checks import RULES
from ..coverage import reason_text
from ..findings import CERTAIN, POSSIBLE, PROBABLE, Finding
from ..report import Report

RULE_TITLES = {
    "arithmetic": ("산술 오류", "Arithmetic slips"),
    "duplicate-scope": ("중복 계상", "Double-counted scope"),
    "wage-above-market": ("노임 과다", "Wages above market"),
    "labour-above-standard": ("품 과다", "Labour above standard"),
    "price-above-reference": ("자재단가 과다", "Prices above reference"),
    "rate-above-cap": ("제비율 초과", "Rates above cap"),
}
CONFIDENCE = {CERTAIN: ("확실", "certain"), PROBABLE: ("유력", "probable"), POSSIBLE: ("검토 필요", "possible")}
TOTALS = (  # key of the JSON totals, Korean label, English label
    ("direct_over_won", "직접 과다계상액", "Direct over-estimate"),
    ("total_over_won", "총 과다계상액(제비율 반영)", "Total over-estimate (through the cost summary)"),
    ("contract_total_won", "도급액(기재)", "Contract amount (stated)"),
    ("recomputed_total_won", "도급액(재계산)", "Contract amount (recomputed)"),
    ("corrected_total_won", "도급액(수정 후)", "Contract amount (corrected)"),
)
NO_SECTION = ("(구분 없음)", "(no section)")
BREAKDOWNS = ("(일위대가)", "(breakdowns)")
COST_SUMMARY = ("(원가계산서)", "(cost summary)")


def title(rule: str, lang: str) -> str:
    ko, en = RULE_TITLES.get(rule, (rule, rule))
    return en if lang == "en" else ko


def confidence(value: str, lang: str) -> str:
    ko, en = CONFIDENCE.get(value, (value, value))
    return en if lang == "en" else ko


def counted(finding: Finding) -> bool:
    return finding.in_direct_total


@dataclass
class Share:
    """One bar of the over-estimate: a rule or a section, its counted findings and their amount."""

    key: str
    label: str
    findings: int
    over_won: int


@dataclass
class HeadRow:
    name: str
    label: str
    rate: str | None
    stated: int | None
    recomputed: int | None
    corrected: int | None


@dataclass
class CoverageRow:
    rule: str
    title: str
    unit: str
    checked: int
    not_checked: int
    reasons: str
    caveats: str


@dataclass
class Digest:
    lang: str
    source: str
    verdict: str
    totals: dict[str, int | None]
    counts: dict[str, int]
    by_rule: list[Share] = field(default_factory=list)
    by_section: list[Share] = field(default_factory=list)
    heads: list[HeadRow] = field(default_factory=list)
    heads_source: str = ""
    coverage: list[CoverageRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a rendering could not do as asked

    def total_label(self, key: str) -> str:
        return next((en if self.lang == "en" else ko) for k, ko, en in TOTALS if k == key)


def digest(report: Report) -> Digest:
    lang = report.lang
    data_totals = _totals(report)
    counts = Counter(f.confidence for f in report.findings)
    result = Digest(lang=lang, source=report.source, verdict="", totals=data_totals,
                    counts={c: counts.get(c, 0) for c in (CERTAIN, PROBABLE, POSSIBLE)})
    result.by_rule = _by_rule(report, lang)
    result.by_section = _by_section(report, lang)
    result.heads, result.heads_source = _heads(report)
    result.coverage = _coverage(report, lang)
    result.verdict = _verdict(report, result)
    return result


def _totals(report: Report) -> dict[str, int | None]:
    outcome = report.outcome
    return {"direct_over_won": report.direct_over_won, "total_over_won": outcome.total_over_won,
            "contract_total_won": report.estimate.contract_total_won,
            "recomputed_total_won": outcome.recomputed_total_won,
            "corrected_total_won": outcome.corrected_total_won}


def _by_rule(report: Report, lang: str) -> list[Share]:
    shares = []
    for rule in RULES:
        mine = [f for f in report.findings if f.rule == rule and counted(f)]
        if mine:
            shares.append(Share(rule, title(rule, lang), len(mine), sum(f.over_won for f in mine)))
    return shares


def section_of(report: Report) -> dict[tuple[str, int | None], str]:
    """The top-level bill section of each located line and totals row; a subtotal without one
    closes the section of the rows above it."""
    found: dict[tuple[str, int | None], str] = {}
    rows = sorted([*report.estimate.lines, *report.estimate.totals],
                  key=lambda r: (r.location.sheet, r.location.row if r.location.row is not None else -1))
    last: dict[str, str] = {}
    for row in rows:
        sheet = row.location.sheet
        if row.section:
            last[sheet] = found[(sheet, row.location.row)] = row.section[0]
        elif getattr(row, "level", None) == "subtotal" and sheet in last:
            found[(sheet, row.location.row)] = last[sheet]
    return found


def finding_sections(report: Report) -> list[str]:
    """Each finding's place for the summary by section: its top-level bill section, or
    (구분 없음), (원가계산서), (일위대가), in the report's language."""
    sections = section_of(report)
    bill_rows = {(r.location.sheet, r.location.row) for r in [*report.estimate.lines, *report.estimate.totals]}
    summary = report.estimate.cost_summary
    pick = 1 if report.lang == "en" else 0
    found = []
    for finding in report.findings:
        where = (finding.location.sheet, finding.location.row)
        if where in sections:
            found.append(sections[where])
        elif where in bill_rows:
            found.append(NO_SECTION[pick])
        elif summary is not None and finding.location.sheet == summary.sheet:
            found.append(COST_SUMMARY[pick])
        else:
            found.append(BREAKDOWNS[pick])
    return found


def _by_section(report: Report, lang: str) -> list[Share]:
    order: dict[str, Share] = {}
    for finding, label in zip(report.findings, finding_sections(report)):
        if not counted(finding):
            continue
        share = order.setdefault(label, Share(label, label, 0, 0))
        share.findings += 1
        share.over_won += finding.over_won
    return list(order.values())


def _heads(report: Report) -> tuple[list[HeadRow], str]:
    outcome = report.outcome
    summary = report.estimate.cost_summary
    if summary is not None:
        rows = [HeadRow(h.name, h.label or h.name, None if h.rate is None else str(h.rate), h.stated,
                        outcome.recomputed_heads.get(h.name), outcome.corrected_heads.get(h.name))
                for h in summary.heads]
        return rows, summary.source
    # No cost summary in the document: the bundled default rates gave the recomputation.
    return [HeadRow(name, name, None, None, value, outcome.corrected_heads.get(name))
            for name, value in outcome.recomputed_heads.items()], "default"


def _coverage(report: Report, lang: str) -> list[CoverageRow]:
    rows = []
    for entry in report.coverage.rules.values():
        reasons = ", ".join(f"{reason_text(code, lang)} {n:,}" for code, n in entry.reasons.most_common())
        caveats = ", ".join(f"{reason_text(code, lang)} {n:,}" for code, n in entry.caveats.most_common())
        rows.append(CoverageRow(entry.rule, title(entry.rule, lang), entry.unit, entry.checked, entry.not_checked,
                                reasons, caveats))
    return rows


def _verdict(report: Report, found: Digest) -> str:
    """One line a decision-maker can act on; a clean verdict says what could not be checked."""
    ko = found.lang != "en"
    certain, probable, possible = (found.counts[c] for c in (CERTAIN, PROBABLE, POSSIBLE))
    unchecked = sum(row.not_checked for row in found.coverage)
    direct, total = found.totals["direct_over_won"], found.totals["total_over_won"]
    if certain or probable:
        through = "" if total is None else (f", 제비율 반영 {total:,}원" if ko else f", {total:,} won through the cost summary")
        return (f"판정: 과다계상 {certain + probable}건(확실 {certain}, 유력 {probable}) — 직접 과다계상액 {direct:,}원{through}"
                + (f"; 검토 필요 {possible}건" if possible else "") if ko else
                f"Verdict: {certain + probable} over-statement(s) ({certain} certain, {probable} probable) — "
                f"direct over-estimate {direct:,} won{through}" + (f"; {possible} to review" if possible else ""))
    if possible:
        return (f"판정: 확실하거나 유력한 지적 없음; 검토 필요 {possible}건(합계에 넣지 않음)" if ko else
                f"Verdict: no certain or probable finding; {possible} possible finding(s) to review (not in the totals)")
    if unchecked:
        return (f"판정: 지적사항 없음 — 단, 검사하지 못한 항목 {unchecked:,}개(검사 범위 참조)" if ko else
                f"Verdict: no findings — but {unchecked:,} unit(s) could not be checked (see coverage)")
    return "판정: 지적사항 없음 — 모든 항목 검사" if ko else "Verdict: no findings — every unit checked"
